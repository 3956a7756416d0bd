import { DATASOURCE_TYPES, DatasourceBackend, datasourceUid } from './datasources';

/** A panel's data source: one of the provisioned data sources, by uid. */
export interface DashboardDatasource {
  /** The plugin id (`prometheus`, `loki`). */
  readonly type: string;
  /** The provisioned uid (`mimir-<tenant>`). */
  readonly uid: string;
}

/** One query of a panel. */
export interface DashboardTarget {
  /** Query id within the panel (`A`, `B`). */
  readonly refId: string;
  /** The PromQL expression. */
  readonly expr: string;
  /** Series name: `__auto` lets Grafana name it from its labels. */
  readonly legendFormat: string;
  /** Show the exemplars (trace ids) stored with the samples, linking a point to its trace. */
  readonly exemplar: boolean;
  /** The data source of the query (the panel's). */
  readonly datasource: DashboardDatasource;
}

/** A time-series panel. */
export interface DashboardPanel {
  readonly id: number;
  readonly type: 'timeseries';
  readonly title: string;
  readonly description?: string;
  readonly datasource: DashboardDatasource;
  readonly targets: readonly DashboardTarget[];
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly fieldConfig: { readonly defaults: { readonly unit: string }; readonly overrides: readonly unknown[] };
  readonly options: Record<string, unknown>;
}

/** A dashboard as Grafana's JSON model (schemaVersion 39), built in this project. */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly editable: boolean;
  readonly schemaVersion: number;
  readonly time: { readonly from: string; readonly to: string };
  readonly refresh: string;
  readonly templating: { readonly list: readonly Record<string, unknown>[] };
  readonly panels: readonly DashboardPanel[];
}

/** The folders dashboards are provisioned into (one file provider each). */
export type DashboardFolder =
  /** The stack's own health: one dashboard per backend, plus the collector. */
  | 'stack-health'
  /** Per tenant, the RED dashboard of its traced services. */
  | 'services';

/** The folder titles Grafana shows. */
export const DASHBOARD_FOLDERS: Readonly<Record<DashboardFolder, string>> = { 'stack-health': 'Stack health', services: 'Services' };

/** A dashboard and the folder it goes in. */
export interface ProvisionedDashboard {
  readonly folder: DashboardFolder;
  readonly dashboard: Dashboard;
}

/**
 * A panel's query: PromQL, with the unit of its result (a `rate()` of a count is per second:
 * `cps`, `reqps`, `ops`; `short` only for plain counts and gauges).
 */
interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly exprs: readonly string[];
  readonly description?: string;
  readonly exemplar?: boolean;
}

function mimirOf(tenant: string): DashboardDatasource {
  return { type: DATASOURCE_TYPES.mimir, uid: datasourceUid(tenant, 'mimir' as DatasourceBackend) };
}

function dashboard(uid: string, title: string, tags: string[], ds: DashboardDatasource, specs: readonly PanelSpec[], templating: Record<string, unknown>[] = []): Dashboard {
  const panels = specs.map((p, i): DashboardPanel => ({
    id: i + 1,
    type: 'timeseries',
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    datasource: ds,
    targets: p.exprs.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr, legendFormat: '__auto', exemplar: p.exemplar ?? false, datasource: ds })),
    // Two panels a row, 12 of 24 columns each.
    gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
  }));
  return { uid, title, tags, editable: false, schemaVersion: 39, time: { from: 'now-6h', to: 'now' }, refresh: '1m', templating: { list: templating }, panels };
}

/**
 * The stack-health dashboards (Mimir, Loki, Tempo, Pyroscope, the collector), all on the stack
 * tenant's Mimir data source: the tenant the stack's own metrics are collected into.
 */
export function stackHealthDashboards(stackTenant: string): Dashboard[] {
  const ds = mimirOf(stackTenant);
  const tags = ['lgtm', 'stack-health'];
  return [
    dashboard('lgtm-health-mimir', 'Mimir', tags, ds, [
      { title: 'Push requests by status', unit: 'reqps', exprs: ['sum by (status_code) (rate(cortex_request_duration_seconds_count{route=~"api_v1_push|otlp_v1_metrics"}[$__rate_interval]))'] },
      { title: 'Query requests by status', unit: 'reqps', exprs: ['sum by (status_code) (rate(cortex_request_duration_seconds_count{route=~"prometheus_api_v1_query.*"}[$__rate_interval]))'] },
      { title: 'Ingester ring members by state', unit: 'short', exprs: ['max by (state) (cortex_ring_members{name="ingester"})'] },
      { title: 'In-memory series per ingester', unit: 'short', exprs: ['sum by (pod) (cortex_ingester_memory_series)'] },
      { title: 'Rule evaluation failures', unit: 'cps', exprs: ['sum by (rule_group) (rate(cortex_prometheus_rule_evaluation_failures_total[$__rate_interval]))'] },
      { title: 'Seconds since last compaction', unit: 's', exprs: ['time() - max(cortex_compactor_last_successful_run_timestamp_seconds)'] },
    ]),
    dashboard('lgtm-health-loki', 'Loki', tags, ds, [
      { title: 'Requests by route and status', unit: 'reqps', exprs: ['sum by (route, status_code) (rate(loki_request_duration_seconds_count[$__rate_interval]))'] },
      { title: 'Ingested bytes', unit: 'Bps', exprs: ['sum(rate(loki_distributor_bytes_received_total[$__rate_interval]))'] },
      { title: 'WAL corruptions and disk-full failures', unit: 'short', exprs: ['sum(increase(loki_ingester_wal_corruptions_total[$__rate_interval]))', 'sum(increase(loki_ingester_wal_disk_full_failures_total[$__rate_interval]))'] },
      { title: 'Rule evaluation failures', unit: 'cps', exprs: ['sum(rate(loki_prometheus_rule_evaluation_failures_total[$__rate_interval]))'] },
    ]),
    dashboard('lgtm-health-tempo', 'Tempo', tags, ds, [
      { title: 'Spans received', unit: 'cps', exprs: ['sum(rate(tempo_distributor_spans_received_total[$__rate_interval]))'] },
      { title: 'Failed flushes', unit: 'short', exprs: ['sum(increase(tempo_ingester_failed_flushes_total[$__rate_interval]))'] },
      { title: 'Object storage requests by status', unit: 'reqps', exprs: ['sum by (status_code) (rate(tempodb_backend_request_duration_seconds_count[$__rate_interval]))'] },
    ]),
    dashboard('lgtm-health-pyroscope', 'Pyroscope', tags, ds, [
      { title: 'Requests by route and status', unit: 'reqps', exprs: ['sum by (route, status_code) (rate(pyroscope_request_duration_seconds_count[$__rate_interval]))'] },
      { title: 'Pods up', unit: 'short', exprs: ['sum(up{pod=~".*pyroscope.*"})'] },
    ]),
    dashboard('lgtm-health-collector', 'Collector (Alloy)', tags, ds, [
      { title: 'Samples sent and failed', unit: 'cps', exprs: ['sum by (pod) (rate(prometheus_remote_storage_samples_total[$__rate_interval]))', 'sum by (pod) (rate(prometheus_remote_storage_samples_failed_total[$__rate_interval]))'] },
      { title: 'Log entries dropped', unit: 'cps', exprs: ['sum by (pod) (rate(loki_write_dropped_entries_total[$__rate_interval]))'] },
      { title: 'Memcached evictions', unit: 'cps', exprs: ['sum by (pod) (rate(memcached_items_evicted_total[$__rate_interval]))'] },
      { title: 'S3 operation failures', unit: 'ops', exprs: ['sum by (job, operation) (rate(thanos_objstore_bucket_operation_failures_total[$__rate_interval]))'] },
    ]),
  ];
}

/**
 * The RED dashboard of one tenant's traced services, from Tempo's span metrics in its Mimir:
 * request rate, error ratio and p50/p99 duration of server spans, per service (a `service`
 * variable), with exemplars on so a point opens its trace in the tenant's Tempo.
 */
export function serviceRedDashboard(tenant: string): Dashboard {
  const ds = mimirOf(tenant);
  const server = 'span_kind="SPAN_KIND_SERVER", service=~"$service"';
  const service = {
    name: 'service',
    label: 'Service',
    type: 'query',
    datasource: ds,
    query: { qryType: 1, query: 'label_values(traces_spanmetrics_calls_total, service)', refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    includeAll: true,
    multi: true,
    current: {},
  };
  return dashboard(`lgtm-red-${datasourceUid(tenant, 'mimir' as DatasourceBackend).slice('mimir-'.length)}`, `Services RED (${tenant})`, ['lgtm', 'red', 'services'], ds, [
    { title: 'Rate: requests per second', unit: 'reqps', exemplar: true, exprs: [`sum by (service) (rate(traces_spanmetrics_calls_total{${server}}[$__rate_interval]))`] },
    {
      title: 'Errors: share of requests failing',
      unit: 'percentunit',
      exemplar: true,
      exprs: [`sum by (service) (rate(traces_spanmetrics_calls_total{${server}, status_code="STATUS_CODE_ERROR"}[$__rate_interval])) / sum by (service) (rate(traces_spanmetrics_calls_total{${server}}[$__rate_interval]))`],
    },
    {
      title: 'Duration: p50 and p99',
      unit: 's',
      exemplar: true,
      description: 'Exemplars are traces: click a point to open it in Tempo.',
      exprs: [
        `histogram_quantile(0.5, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{${server}}[$__rate_interval])))`,
        `histogram_quantile(0.99, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{${server}}[$__rate_interval])))`,
      ],
    },
  ], [service]);
}

/** The dashboards provisioned for `tenants`: the stack-health folder on `stackTenant`, a RED dashboard per tenant. */
export function lgtmDashboards(tenants: readonly string[], stackTenant: string): ProvisionedDashboard[] {
  return [
    ...stackHealthDashboards(stackTenant).map((dashboard) => ({ folder: 'stack-health' as const, dashboard })),
    ...tenants.map((t) => ({ folder: 'services' as const, dashboard: serviceRedDashboard(t) })),
  ];
}

/** Where the grafana chart mounts the dashboards of provider `<name>` (templates/_pod.tpl). */
export function dashboardPath(folder: DashboardFolder): string {
  return `/var/lib/grafana/dashboards/${folder}`;
}

/** Every data source uid a dashboard's panels and queries read. */
export function dashboardDatasourceUids(d: Dashboard): string[] {
  const uids = d.panels.flatMap((p) => [p.datasource.uid, ...p.targets.map((t) => t.datasource.uid)]);
  const vars = d.templating.list.map((v) => (v.datasource as DashboardDatasource | undefined)?.uid).filter((u): u is string => typeof u === 'string');
  return [...new Set([...uids, ...vars])];
}

/**
 * The chart values that provision `dashboards` (grafana 11.6.1: `dashboardProviders`, and
 * `dashboards.<provider>.<name>.json`, which the chart writes into a ConfigMap per provider and
 * mounts at /var/lib/grafana/dashboards/<provider>): one file provider per folder. Read at
 * grafana-community/helm-charts tag grafana-11.6.1 (b151768f), charts/grafana/templates:
 * dashboards-json-configmap.yaml (ConfigMap `<fullname>-dashboards-<provider>`, key `<name>.json`
 * from `json`), _pod.tpl (each mounted at /var/lib/grafana/dashboards/<provider>/<name>.json;
 * `dashboardProviders` keys mounted under /etc/grafana/provisioning/dashboards/), _config.tpl
 * (`dashboardproviders.yaml` written with toYaml).
 */
export function dashboardValues(dashboards: readonly ProvisionedDashboard[]): Record<string, unknown> {
  const folders = [...new Set(dashboards.map((d) => d.folder))];
  return {
    dashboardProviders: {
      'dashboardproviders.yaml': {
        apiVersion: 1,
        providers: folders.map((f) => ({
          name: f,
          orgId: 1,
          folder: DASHBOARD_FOLDERS[f],
          type: 'file',
          // The files are the source of truth: a change in the UI would be lost on the next restart.
          disableDeletion: true,
          editable: false,
          allowUiUpdates: false,
          options: { path: dashboardPath(f) },
        })),
      },
    },
    dashboards: Object.fromEntries(folders.map((f) => [
      f,
      Object.fromEntries(dashboards.filter((d) => d.folder === f).map((d) => [d.dashboard.uid, { json: JSON.stringify(d.dashboard) }])),
    ])),
  };
}
