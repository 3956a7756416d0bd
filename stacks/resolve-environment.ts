import { COMPLIANCE_MODES } from '../lib/compliance/rule';
import { TIERS, isTier } from '../lib/config/tier';
import { AWS_REGION, show, tenantIdProblem } from '../lib/private/validate';
import { EnvironmentConfig, ResolvedEnvironment } from './environment-config';

const ENV_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$|^[a-z]$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/;
/**
 * Validates one environment and fills in its defaults. Throws one error listing every problem,
 * each naming the field, the value and what is allowed.
 */
export function resolveEnvironment(config: EnvironmentConfig): ResolvedEnvironment {
  const label = `EnvironmentConfig '${config.name}'`;
  const problems: string[] = [];
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push(`${field} is ${show(value)}, but ${allowed}`);
  };

  check(typeof config.name === 'string' && ENV_NAME.test(config.name), 'name', config.name,
    'it must be 1-20 lowercase letters, digits or dashes, starting with a letter and not ending with a dash');
  check(typeof config.region === 'string' && AWS_REGION.test(config.region), 'region', config.region,
    'it must be an AWS region code such as us-east-1 or eu-west-2');
  check(isTier(config.tier), 'tier', config.tier, `allowed tiers are ${TIERS.join(', ')}`);
  const namePrefix = config.namePrefix ?? 'lgtm';
  check(NAME_PREFIX.test(namePrefix), 'namePrefix', namePrefix,
    'it must be 1-16 lowercase letters, digits or dashes, starting with a letter and not ending with a dash');

  if (!Array.isArray(config.tenants) || config.tenants.length === 0) {
    problems.push(`tenants is ${show(config.tenants)}, but at least one tenant id is required`);
  } else {
    config.tenants.forEach((id, i) => {
      const why = tenantIdProblem(id);
      if (why) problems.push(`tenants[${i}] is ${show(id)}, but ${why}`);
    });
    const dupes = config.tenants.filter((id, i) => config.tenants.indexOf(id) !== i);
    check(dupes.length === 0, 'tenants', dupes, 'tenant ids must be unique');
  }

  if (config.nodes) {
    const { min, desired, max, instanceTypes } = config.nodes;
    check(Array.isArray(instanceTypes) && instanceTypes.length > 0, 'nodes.instanceTypes', instanceTypes,
      'at least one instance type is required');
    check(Number.isInteger(min) && min >= 1, 'nodes.min', min, 'it must be an integer of at least 1');
    check(Number.isInteger(max) && max >= min, 'nodes.max', max, `it must be an integer of at least nodes.min (${min})`);
    check(Number.isInteger(desired) && desired >= min && desired <= max, 'nodes.desired', desired,
      `it must be an integer between nodes.min (${min}) and nodes.max (${max})`);
  }

  if (config.compliance !== undefined) {
    check(COMPLIANCE_MODES.includes(config.compliance), 'compliance', config.compliance,
      `allowed modes are ${COMPLIANCE_MODES.map((m) => `'${m}'`).join(', ')}`);
  }

  const state = config.state ?? { type: 'local' as const };
  if (state.type === 's3') {
    check(typeof state.bucket === 'string' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(state.bucket),
      'state.bucket', state.bucket, 'it must be a valid S3 bucket name');
    if (state.region !== undefined) {
      check(AWS_REGION.test(state.region), 'state.region', state.region, 'it must be an AWS region code such as us-east-1');
    }
  } else {
    check(state.type === 'local', 'state.type', (state as { type: unknown }).type, "allowed types are 'local', 's3'");
  }

  if (problems.length > 0) {
    throw new Error(`${label} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    ...config,
    production: config.production ?? false,
    compliance: config.compliance ?? (config.production ? 'error' : 'warning'),
    namePrefix,
    state,
    tags: config.tags ?? {},
  };
}

/** Validates every environment and that their names are unique. */
export function resolveEnvironments(configs: readonly EnvironmentConfig[]): ResolvedEnvironment[] {
  const resolved = configs.map(resolveEnvironment);
  const seen = new Set<string>();
  for (const env of resolved) {
    if (seen.has(env.name)) {
      throw new Error(`EnvironmentConfig name '${env.name}' is used twice; environment names must be unique`);
    }
    seen.add(env.name);
  }
  return resolved;
}
