import { valueAt } from '../../helm/values';
import { HelmReleaseTarget, HelmRule, KubernetesObjectTarget, NOT_APPLICABLE, StackView, nonCompliant, COMPLIANT } from '../rule';
import { HELM_MULTI_TENANCY } from './helm';

/** The label TenantGateway puts on its Deployment; any gateway of the same role may carry it. */
export const TENANT_GATEWAY_COMPONENT = 'tenant-gateway';

function labelsOf(o: KubernetesObjectTarget): Record<string, unknown> {
  return (valueAt(o.object, 'metadata.labels') ?? {}) as Record<string, unknown>;
}

/** A NetworkPolicy of the release's namespace that restricts ingress to the release's pods. */
function closesRelease(o: KubernetesObjectTarget, release: HelmReleaseTarget): boolean {
  if (o.kind !== 'NetworkPolicy' || o.namespace !== release.namespace) return false;
  const spec = (o.object.spec ?? {}) as { podSelector?: { matchLabels?: Record<string, string> }; policyTypes?: string[]; ingress?: unknown[] };
  const selects = spec.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === release.releaseName;
  // An ingress rule with no `from` (or an empty peer) admits everyone: that closes nothing.
  const admitsAll = (spec.ingress ?? []).some((r) => {
    const from = (r as { from?: unknown[] }).from;
    return from === undefined || from.length === 0 || from.some((p) => p !== null && typeof p === 'object' && Object.keys(p).length === 0);
  });
  return selects && (spec.policyTypes ?? []).includes('Ingress') && !admitsAll;
}

/** LGTM-TEN-1: in production, a multi-tenant backend is reached only through a tenant gateway. */
export const TENANCY_GATEWAY: HelmRule = {
  kind: 'helm',
  id: 'LGTM-TEN-1',
  rationale: 'Backends trust X-Scope-OrgID: in production an authenticating gateway sets it, and NetworkPolicies keep every other pod from choosing a tenant by calling a backend directly.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: ['mimir-distributed', 'loki', 'tempo', 'tempo-distributed', 'pyroscope'],
  check(release: HelmReleaseTarget, stack: StackView) {
    if (!stack.production) return NOT_APPLICABLE;
    // Pyroscope has no multi-tenancy switch: it always reads the header.
    if (HELM_MULTI_TENANCY.charts !== '*' && HELM_MULTI_TENANCY.charts.includes(release.chart) && HELM_MULTI_TENANCY.check(release, stack).status !== 'compliant') {
      return NOT_APPLICABLE;
    }
    const problems: string[] = [];
    const gateway = stack.manifests.some((o) => o.kind === 'Deployment' && labelsOf(o)['app.kubernetes.io/component'] === TENANT_GATEWAY_COMPONENT);
    if (!gateway) problems.push(`no tenant gateway in the stack (a Deployment labelled app.kubernetes.io/component: ${TENANT_GATEWAY_COMPONENT})`);
    if (!stack.manifests.some((o) => closesRelease(o, release))) {
      problems.push(`no NetworkPolicy in namespace ${release.namespace} restricts ingress to the pods of release ${release.releaseName}`);
    }
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '));
  },
};

/** The tenancy rules. */
export const TENANCY_RULES: readonly HelmRule[] = [TENANCY_GATEWAY];
