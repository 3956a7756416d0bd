import { RULES_RULER_LABEL, RULES_TENANT_LABEL } from '../collector/alloy-rules-pipeline';
import { RuleGroup, backendOf, rulerGroup } from './rule-group';

/** The API of PrometheusRule (prometheus-operator CRDs, chart prometheus-operator-crds 31.0.1). */
const MONITORING_API = 'monitoring.coreos.com/v1';

/**
 * The object name of a group's PrometheusRule: `<ruler>-<tenant>-<group>`, lower case, other
 * characters than letters, digits, `-` and `.` as `-`. Different groups can give one name (`A`,
 * `a`): callers check that.
 */
export function prometheusRuleName(group: RuleGroup): string {
  const part = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return `${backendOf(group)}-${part(group.tenant)}-${part(group.name)}`.slice(0, 253).replace(/[-.]+$/, '');
}

/**
 * One group as a PrometheusRule object in `namespace`, labelled with its tenant and ruler: the
 * tenant's `mimir.rules.kubernetes` or `loki.rules.kubernetes` selects it by those labels and
 * loads it with the tenant's X-Scope-OrgID.
 */
export function prometheusRuleManifest(group: RuleGroup, namespace: string): Record<string, unknown> {
  return {
    apiVersion: MONITORING_API,
    kind: 'PrometheusRule',
    metadata: {
      name: prometheusRuleName(group),
      namespace,
      labels: { [RULES_TENANT_LABEL]: group.tenant, [RULES_RULER_LABEL]: backendOf(group) },
    },
    spec: { groups: [rulerGroup(group)] },
  };
}
