import { ChartName } from '../../config/charts';
import { valueAt } from '../private/terraform';
import { HelmRule, NOT_APPLICABLE, verdict } from '../rule';

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

/** The rules over Helm values. Backends add theirs here (see README: Compliance). */
export const HELM_RULES: readonly HelmRule[] = [HELM_MULTI_TENANCY];
