import { ChartName } from '../../config/charts';
import { valueAt } from '../../helm/values';
import { COMPLIANT, HelmRule, NOT_APPLICABLE, nonCompliant, verdict } from '../rule';
import { literalSecrets } from './secrets';

// Where each backend chart turns multi-tenancy on, and the default when the key is unset.
const MULTI_TENANCY: Partial<Record<ChartName, { readonly path: string; readonly defaultOn: boolean }>> = {
  // loki values.yaml: loki.auth_enabled: true
  loki: { path: 'loki.auth_enabled', defaultOn: true },
  // Mimir's own default (-auth.multitenancy-enabled) is true; the chart sets nothing.
  'mimir-distributed': { path: 'mimir.structuredConfig.multitenancy_enabled', defaultOn: true },
  // tempo values.yaml: tempo.multitenancyEnabled: false
  tempo: { path: 'tempo.multitenancyEnabled', defaultOn: false },
  // tempo-distributed values.yaml: multitenancyEnabled: false
  'tempo-distributed': { path: 'multitenancyEnabled', defaultOn: false },
};

/** LGTM-HELM-1: every backend runs with multi-tenancy on. */
export const HELM_MULTI_TENANCY: HelmRule = {
  kind: 'helm',
  id: 'LGTM-HELM-1',
  rationale: 'Backends run multi-tenant, so X-Scope-OrgID (set by the auth proxy) separates tenants; with it off every client shares one tenant.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: Object.keys(MULTI_TENANCY) as ChartName[],
  check(release) {
    const setting = MULTI_TENANCY[release.chart];
    if (!setting) return NOT_APPLICABLE;
    const value = valueAt(release.values, setting.path);
    const on = value === undefined ? setting.defaultOn : value === true || value === 'true';
    return verdict(on, `${setting.path} is ${value === undefined ? `unset (chart default ${setting.defaultOn})` : JSON.stringify(value)}`);
  },
};

// A key that holds an AWS access key pair in any chart's values or a container's environment:
// accessKeyId / secretAccessKey (Loki), access_key_id / secret_access_key (Mimir, Pyroscope),
// access_key (Tempo), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. Any value
// counts, a reference or a secretKeyRef too: pods take AWS access from their role, not from keys.
const AWS_KEY = /^(aws_(access_key_id|secret_access_key|session_token)|access_?key(_?id)?|secret_?access_?key)$/i;
// Chart switches that load an access key pair from a Secret into the pod
// (aws-load-balancer-controller values.yaml: `# envSecretName: aws-secret`).
const AWS_KEY_FROM_SECRET = new Set(['envSecretName']);

function awsKeyFindings(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => awsKeyFindings(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // Container env lists: [{ name: AWS_SECRET_ACCESS_KEY, value | valueFrom }].
    if (typeof obj.name === 'string' && AWS_KEY.test(obj.name) && (obj.value || obj.valueFrom)) out.push(`${path} (${obj.name}): static AWS credentials`);
    for (const [k, v] of Object.entries(obj)) {
      const at = path ? `${path}.${k}` : k;
      if (AWS_KEY.test(k) && v !== null && v !== undefined && v !== '') out.push(`${at}: static AWS credentials`);
      else if (AWS_KEY_FROM_SECRET.has(k) && v) out.push(`${at}: static AWS credentials from a Secret`);
      else awsKeyFindings(v, at, out);
    }
  }
}

/** The values paths of a release that carry AWS access keys or a literal credential. */
export function helmCredentialFindings(values: Readonly<Record<string, unknown>>): string[] {
  const keys: string[] = [];
  awsKeyFindings(values, '', keys);
  // A literal secretAccessKey is reported once, as an AWS key.
  const literals = literalSecrets(values).filter((p) => !keys.some((k) => k.startsWith(`${p}:`)));
  return [...keys, ...literals.map((p) => `${p}: literal credential`)];
}

/** LGTM-HELM-2: no AWS access keys and no literal credentials in Helm values. */
export const HELM_NO_CREDENTIALS: HelmRule = {
  kind: 'helm',
  id: 'LGTM-HELM-2',
  rationale: 'Pods get AWS access only from their WorkloadRole and secrets only from Kubernetes Secrets; keys or passwords in values land in the plan and the state.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: '*',
  check(release) {
    const found = helmCredentialFindings(release.values);
    return found.length === 0 ? COMPLIANT : nonCompliant(found.join('; '));
  },
};

/** The rules over Helm values. Backends add theirs here (see README: Compliance). */
export const HELM_RULES: readonly HelmRule[] = [HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS];
