/** The Helm charts this library deploys. */
export type ChartName =
  | 'mimir-distributed'
  | 'loki'
  | 'tempo'
  | 'tempo-distributed'
  | 'pyroscope'
  | 'grafana'
  | 'alloy'
  | 'aws-load-balancer-controller'
  | 'external-secrets'
  | 'prometheus-operator-crds';

/** Where a pinned chart comes from and which release of it is used. */
export interface ChartPin {
  /** Helm repository URL. */
  readonly repository: string;
  /** Chart name in that repository. */
  readonly chart: ChartName;
  /** Exact chart version. */
  readonly version: string;
  /** The application version the chart release ships (from its Chart.yaml), for the README. */
  readonly appVersion: string;
}

const GRAFANA = 'https://grafana.github.io/helm-charts';
const EKS_CHARTS = 'https://aws.github.io/eks-charts';
const EXTERNAL_SECRETS = 'https://charts.external-secrets.io';
// Loki, Tempo and Grafana charts moved to grafana-community/helm-charts.
const GRAFANA_COMMUNITY = 'https://grafana-community.github.io/helm-charts';
const PROMETHEUS_COMMUNITY = 'https://prometheus-community.github.io/helm-charts';

/**
 * The pinned chart table: one entry per chart, checked against each chart's own Chart.yaml, vendored
 * in charts/<chart>-<version>/ (test/config/charts.test.ts). Bumping a chart: `npm run charts:vendor`,
 * one line here, `npm run charts:index`.
 */
export const CHARTS: Readonly<Record<ChartName, ChartPin>> = {
  'mimir-distributed': { repository: GRAFANA, chart: 'mimir-distributed', version: '6.0.6', appVersion: '3.0.4' },
  loki: { repository: GRAFANA_COMMUNITY, chart: 'loki', version: '18.11.0', appVersion: '3.7.6' },
  tempo: { repository: GRAFANA_COMMUNITY, chart: 'tempo', version: '2.2.4', appVersion: '2.10.8' },
  'tempo-distributed': {
    repository: GRAFANA_COMMUNITY,
    chart: 'tempo-distributed',
    version: '2.26.2',
    appVersion: '2.10.7',
  },
  pyroscope: { repository: GRAFANA, chart: 'pyroscope', version: '1.20.3', appVersion: '1.20.3' },
  grafana: { repository: GRAFANA_COMMUNITY, chart: 'grafana', version: '11.6.1', appVersion: '12.4.3' },
  alloy: { repository: GRAFANA, chart: 'alloy', version: '1.11.1', appVersion: 'v1.18.1' },
  // Its IAM policy (lib/aws/private/addon-policies.ts) is checked against the iam_policy.json vendored
  // beside the chart at the same release (test/aws/load-balancer-controller-policy.test.ts).
  'aws-load-balancer-controller': {
    repository: EKS_CHARTS,
    chart: 'aws-load-balancer-controller',
    version: '3.5.0',
    appVersion: 'v3.5.0',
  },
  // Installs its CRDs as templates (installCRDs), so a release holding SecretStore or ExternalSecret
  // objects waits for this one (lib/secrets/external-secrets-operator.ts).
  'external-secrets': { repository: EXTERNAL_SECRETS, chart: 'external-secrets', version: '2.9.0', appVersion: 'v2.9.0' },
  // The CRDs only (PrometheusRule, AlertmanagerConfig, ...), no operator: Alloy reads these objects and
  // loads them into the Mimir and Loki rulers and Mimir's Alertmanager, so a release carrying them
  // waits for this one (lib/rules/prometheus-operator-crds.ts).
  'prometheus-operator-crds': {
    repository: PROMETHEUS_COMMUNITY,
    chart: 'prometheus-operator-crds',
    version: '31.0.1',
    appVersion: 'v0.93.1',
  },
};

/** Every chart in the table. */
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

/**
 * The pin for `chart`, or an error naming the field and the charts that are pinned.
 * @param field what the caller calls this value, for the error message
 */
export function chartPin(chart: string, field = 'chart'): ChartPin {
  if (!Object.prototype.hasOwnProperty.call(CHARTS, chart)) {
    throw new Error(`${field} is '${chart}', but it is not in the pinned chart table; allowed: ${CHART_NAMES.join(', ')}`);
  }
  return CHARTS[chart as ChartName];
}
