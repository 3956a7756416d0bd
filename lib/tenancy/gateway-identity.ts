import { Rule, known, show, tenantIdProblem, unknownKeyRules } from '../private/validate';

/**
 * One credential of the tenant gateway and the tenant it acts as. Each credential maps to exactly
 * one tenant, which it writes and reads as; or, for a federated read-only user, to a listed set of
 * tenants it queries together and never writes.
 */
export interface GatewayIdentity {
  /**
   * The identity: the basic-auth user name of the htpasswd file, or the value the trusted identity
   * header carries (an e-mail address, a subject). 1-128 of letters, digits and `. _ @ + -`.
   */
  readonly name: string;
  /**
   * The tenant this identity writes and reads as. Exactly one of `tenant` and `readTenants`.
   * @default - none: `readTenants` is then required
   */
  readonly tenant?: string;
  /**
   * Federated read-only: the tenants this identity queries together (sent as `a|b`, which needs
   * the backends' tenant federation on); it cannot push. Exactly one of `tenant` and `readTenants`.
   * @default - none: `tenant` is then required
   */
  readonly readTenants?: readonly string[];
}

/** Request limits of one tenant's identities at the gateway. */
export interface TenantLimits {
  /** Requests per second, per gateway replica, a positive integer. */
  readonly requestsPerSecond: number;
  /**
   * Requests above the rate served at once before the gateway answers 429.
   * @default - requestsPerSecond
   */
  readonly burst?: number;
  /**
   * Largest request body in bytes (a push); a larger one gets 413.
   * @default 10485760 (10 MiB)
   */
  readonly maxBodyBytes?: number;
}

/** The identity name: what an htpasswd user name or an identity header can safely carry. */
export const IDENTITY_NAME = /^[A-Za-z0-9._@+-]{1,128}$/;

/** The default request limits of a tenant that has none of its own, and of federated readers. */
export const DEFAULT_TENANT_LIMITS: Required<TenantLimits> = { requestsPerSecond: 100, burst: 200, maxBodyBytes: 10 * 1024 * 1024 };

/**
 * The rules identities and limits must meet, for the gateway and its configuration builder: a
 * known name, once; exactly one tenant or a set of read tenants, each one of `tenants`; limits
 * positive integers, each for a known tenant.
 */
export function gatewayIdentityRules(
  identities: readonly GatewayIdentity[] | undefined,
  tenants: readonly string[],
  limits: Readonly<Record<string, TenantLimits>> | undefined,
  defaultLimits: TenantLimits | undefined,
): Rule[] {
  const list: readonly unknown[] = Array.isArray(identities) ? identities : [];
  const names = list.map((i) => (i !== null && typeof i === 'object' ? (i as GatewayIdentity).name : undefined));
  const allowed = `one of the tenants (${tenants.join(', ')})`;
  const rules: Rule[] = [
    { when: !Array.isArray(identities) || identities.length === 0, message: `identities is ${show(identities)}, but at least one { name, tenant } is required: nothing could use the gateway` },
  ];
  list.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') {
      rules.push({ when: true, message: `identities[${i}] is ${show(raw)}, but it must be { name, tenant } or { name, readTenants }` });
      return;
    }
    const id = raw as GatewayIdentity;
    const at = `identities[${i}]`;
    const read: readonly unknown[] = Array.isArray(id.readTenants) ? id.readTenants : [];
    rules.push(
      ...unknownKeyRules(id, ['name', 'tenant', 'readTenants'], at),
      { when: known(id.name) && (typeof id.name !== 'string' || !IDENTITY_NAME.test(id.name)), message: `${at}.name is ${show(id.name)}, but it must be 1-128 of letters, digits and . _ @ + -` },
      {
        when: typeof id.name === 'string' && names.indexOf(id.name) !== i,
        message: `${at}.name is '${id.name}' again (identities[${names.indexOf(id.name)}]), but a credential maps to exactly one tenant, so each name once`,
      },
      { when: (id.tenant === undefined) === (id.readTenants === undefined), message: `${at} ('${String(id.name)}') has ${id.tenant === undefined ? 'neither tenant nor readTenants' : 'both tenant and readTenants'}, but exactly one is required` },
      {
        when: id.tenant !== undefined && known(id.tenant) && (tenantIdProblem(id.tenant) !== undefined || !tenants.includes(id.tenant)),
        message: `${at}.tenant is ${show(id.tenant)}, but it must be ${allowed}`,
      },
      { when: id.readTenants !== undefined && (!Array.isArray(id.readTenants) || id.readTenants.length === 0), message: `${at}.readTenants is ${show(id.readTenants)}, but it must list at least one tenant` },
      ...read.map((t, j) => ({
        when: known(t) && (tenantIdProblem(t) !== undefined || !tenants.includes(t as string)),
        message: `${at}.readTenants[${j}] is ${show(t)}, but it must be ${allowed}`,
      })),
      ...read.map((t, j) => ({ when: read.indexOf(t) !== j, message: `${at}.readTenants[${j}] is ${show(t)} again; list each tenant once` })),
    );
  });
  if (limits !== undefined && (limits === null || typeof limits !== 'object' || Array.isArray(limits))) {
    rules.push({ when: true, message: `limits is ${show(limits)}, but it must be an object of tenant id: { requestsPerSecond, burst, maxBodyBytes }` });
  } else {
    for (const [tenant, l] of Object.entries(limits ?? {})) {
      rules.push(
        { when: !tenants.includes(tenant), message: `limits has tenant '${tenant}', but it must be ${allowed}` },
        ...limitRules(l, `limits['${tenant}']`),
      );
    }
  }
  if (defaultLimits !== undefined) rules.push(...limitRules(defaultLimits, 'defaultLimits'));
  return rules;
}

function limitRules(l: TenantLimits | undefined, at: string): Rule[] {
  if (l === null || typeof l !== 'object') return [{ when: true, message: `${at} is ${show(l)}, but it must be { requestsPerSecond, burst, maxBodyBytes }` }];
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  return [
    ...unknownKeyRules(l, ['requestsPerSecond', 'burst', 'maxBodyBytes'], at),
    { when: known(l.requestsPerSecond) && !positive(l.requestsPerSecond), message: `${at}.requestsPerSecond is ${show(l.requestsPerSecond)}, but it must be a positive integer (requests per second per replica)` },
    { when: l.burst !== undefined && known(l.burst) && !(typeof l.burst === 'number' && Number.isInteger(l.burst) && l.burst >= 0), message: `${at}.burst is ${show(l.burst)}, but it must be an integer of 0 or more` },
    { when: l.maxBodyBytes !== undefined && known(l.maxBodyBytes) && !positive(l.maxBodyBytes), message: `${at}.maxBodyBytes is ${show(l.maxBodyBytes)}, but it must be a positive integer of bytes` },
  ];
}
