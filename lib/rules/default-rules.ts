import { AlertingRule, RuleGroup } from './rule-group';

/**
 * The groups of the default rule set; each can be switched off on its own.
 */
export type DefaultRuleGroupName =
  /** Per service, from Tempo's span metrics in Mimir: error ratio and p99 latency (every tenant). */
  | 'service-red'
  /** Mimir itself: ingesters, distributor push errors, compactor, ruler evaluations. */
  | 'mimir-health'
  /** Loki itself: request errors, WAL corruption and full disk, ruler evaluations. */
  | 'loki-health'
  /** Tempo itself: failed flushes to object storage. */
  | 'tempo-health'
  /** What the backends share: S3 request errors, memcached evictions, ingesters not up. */
  | 'storage-health'
  /** The Alloy collector: samples and log entries it could not write. */
  | 'collector-health';

/** Every default group, in the order they are built. */
export const DEFAULT_RULE_GROUP_NAMES: readonly DefaultRuleGroupName[] = [
  'service-red', 'mimir-health', 'loki-health', 'tempo-health', 'storage-health', 'collector-health',
];

/** Where every default alert's runbook section is, in this repository. */
export const RUNBOOK_DOC = 'docs/runbooks.md';

/** Options of {@link defaultRuleGroups}. */
export interface DefaultRuleOptions {
  /** Tenants whose services get the RED alerts (each tenant's span metrics are in its own Mimir tenant). */
  readonly serviceTenants: readonly string[];
  /** The tenant the stack's own metrics are collected into: it gets the health alerts. */
  readonly stackTenant: string;
  /** Which groups are on; a group not listed is on. */
  readonly enabled?: Readonly<Partial<Record<DefaultRuleGroupName, boolean>>>;
  /**
   * URL of docs/runbooks.md as the responders read it (a Git host's page); each alert's
   * `runbook_url` is this plus `#<anchor>`.
   * @default - no runbook_url; the `runbook` annotation still names the section
   */
  readonly runbookBaseUrl?: string;
  /**
   * Error ratio (errors / all server spans, 0-1) above which a service alerts.
   * @default 0.05
   */
  readonly errorRatio?: number;
  /**
   * p99 latency of a service's server spans, in seconds, above which it alerts.
   * @default 1
   */
  readonly p99LatencySeconds?: number;
}

/**
 * The metric names the default rules read, as Tempo 2.10's span-metrics processor writes them
 * (docs metrics-from-traces/span-metrics: traces_spanmetrics_calls_total, the
 * traces_spanmetrics_latency histogram in seconds; labels service, span_name, span_kind, status_code).
 */
export const SPAN_METRICS = {
  calls: 'traces_spanmetrics_calls_total',
  latencyBucket: 'traces_spanmetrics_latency_bucket',
  /** Only the spans of requests a service served count: calls it made are another service's. */
  serverSelector: 'span_kind="SPAN_KIND_SERVER"',
  errorSelector: 'status_code="STATUS_CODE_ERROR"',
} as const;

interface DefaultAlert extends AlertingRule {
  /** The section of docs/runbooks.md, without `#`. */
  readonly anchor: string;
}

/** The anchor of an alert's runbook section: its name in lower case (GitHub's heading slug of `## Name`). */
export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

function alert(a: Omit<DefaultAlert, 'anchor'>): DefaultAlert {
  return { ...a, anchor: runbookAnchor(a.alert) };
}

/** The RED alerts of every traced service, from the span metrics. */
export function serviceAlerts(errorRatio = 0.05, p99LatencySeconds = 1): DefaultAlert[] {
  const { calls, latencyBucket, serverSelector, errorSelector } = SPAN_METRICS;
  return [
    alert({
      alert: 'ServiceHighErrorRate',
      expr: `sum by (service) (rate(${calls}{${serverSelector}, ${errorSelector}}[5m]))\n/\nsum by (service) (rate(${calls}{${serverSelector}}[5m]))\n> ${errorRatio}`,
      for: '5m',
      labels: { severity: 'critical' },
      summary: `{{ $labels.service }}: more than ${errorRatio * 100}% of requests fail`,
      description: '{{ $labels.service }} answered {{ $value | humanizePercentage }} of its requests with an error (server spans with status ERROR, i.e. 5xx) over 5 minutes.',
    }),
    alert({
      alert: 'ServiceHighLatencyP99',
      expr: `histogram_quantile(0.99, sum by (service, le) (rate(${latencyBucket}{${serverSelector}}[5m])))\n> ${p99LatencySeconds}`,
      for: '5m',
      labels: { severity: 'warning' },
      summary: `{{ $labels.service }}: p99 latency above ${p99LatencySeconds}s`,
      description: '99% of the requests of {{ $labels.service }} took up to {{ $value | humanizeDuration }} over 5 minutes (server spans).',
    }),
  ];
}

/**
 * The jobs of the pods that ingest (the collector sets `job` to `<namespace>/<component>`, else
 * `<namespace>/<app name>`): `ingester` (Mimir, Loki Distributed, Tempo, Pyroscope), Loki's `write`
 * (SimpleScalable) and `single-binary` (Monolithic), Tempo's single binary (`tempo`).
 */
export const INGESTER_JOBS = '.+/(ingester|write|single-binary|tempo)';

const MIMIR_HEALTH: DefaultAlert[] = [
  alert({
    alert: 'MimirIngesterUnhealthy',
    // Every component that reads the ring (distributors, queriers, rulers, ingesters) reports it, each
    // under its own job (`lgtm/distributor`...): by namespace, one alert for the ring, not one per reader.
    expr: 'min by (namespace) (cortex_ring_members{name="ingester", state="Unhealthy"}) > 0',
    for: '15m',
    labels: { severity: 'critical' },
    summary: 'Mimir has {{ $value }} unhealthy ingesters in its ring',
    description: 'Ingesters that stopped heartbeating stay in the ring; writes need a quorum of healthy ones.',
  }),
  alert({
    alert: 'MimirDistributorPushErrors',
    expr: 'sum by (job) (rate(cortex_request_duration_seconds_count{route=~"api_v1_push|otlp_v1_metrics", status_code=~"5.."}[5m]))\n/\nsum by (job) (rate(cortex_request_duration_seconds_count{route=~"api_v1_push|otlp_v1_metrics"}[5m]))\n> 0.01',
    for: '15m',
    labels: { severity: 'critical' },
    summary: 'Mimir refuses {{ $value | humanizePercentage }} of pushes with 5xx',
    description: 'Metrics written now are being lost or retried by the collector.',
  }),
  alert({
    alert: 'MimirCompactorNotRunning',
    expr: '(time() - cortex_compactor_last_successful_run_timestamp_seconds > 86400) and (cortex_compactor_last_successful_run_timestamp_seconds > 0)',
    for: '1h',
    labels: { severity: 'warning' },
    summary: 'Mimir compactor has not completed a run for over 24h',
    description: 'Without compaction queries slow down, the bucket grows and retention is not applied.',
  }),
  alert({
    alert: 'MimirCompactorFailing',
    expr: 'increase(cortex_compactor_runs_failed_total{reason!="shutdown"}[2h]) > 1',
    labels: { severity: 'warning' },
    summary: 'Mimir compactor runs fail',
    description: '{{ $value }} compactor runs failed in the last 2 hours.',
  }),
  alert({
    alert: 'MimirRulerEvaluationFailures',
    expr: 'sum by (job) (rate(cortex_prometheus_rule_evaluation_failures_total[5m]))\n/\nsum by (job) (rate(cortex_prometheus_rule_evaluations_total[5m]))\n> 0.01',
    for: '15m',
    labels: { severity: 'critical' },
    summary: 'Mimir ruler fails {{ $value | humanizePercentage }} of rule evaluations',
    description: 'Alerts whose rules fail to evaluate cannot fire.',
  }),
];

const LOKI_HEALTH: DefaultAlert[] = [
  alert({
    alert: 'LokiRequestErrors',
    expr: 'sum by (job, route) (rate(loki_request_duration_seconds_count{status_code=~"5.."}[5m]))\n/\nsum by (job, route) (rate(loki_request_duration_seconds_count[5m]))\n> 0.05',
    for: '15m',
    labels: { severity: 'critical' },
    summary: 'Loki {{ $labels.route }} fails {{ $value | humanizePercentage }} of requests',
    description: 'Log pushes or queries on this route answer 5xx.',
  }),
  alert({
    alert: 'LokiWalCorruption',
    expr: 'increase(loki_ingester_wal_corruptions_total[5m]) > 0',
    labels: { severity: 'critical' },
    summary: 'Loki ingester {{ $labels.pod }} found a corrupt WAL',
    description: 'Log entries in the corrupt WAL segments were not replayed: they are lost.',
  }),
  alert({
    alert: 'LokiWalDiskFull',
    expr: 'increase(loki_ingester_wal_disk_full_failures_total[5m]) > 0',
    labels: { severity: 'critical' },
    summary: 'Loki ingester {{ $labels.pod }} cannot write its WAL: disk full',
    description: 'The ingester keeps accepting logs without a WAL; a restart now loses them.',
  }),
  alert({
    alert: 'LokiRulerEvaluationFailures',
    expr: 'sum by (job) (rate(loki_prometheus_rule_evaluation_failures_total[5m])) > 0',
    for: '15m',
    labels: { severity: 'warning' },
    summary: 'Loki ruler fails rule evaluations',
    description: 'Log-based alerts whose rules fail to evaluate cannot fire.',
  }),
];

const TEMPO_HEALTH: DefaultAlert[] = [
  alert({
    alert: 'TempoFailedFlushes',
    expr: 'sum by (job) (increase(tempo_ingester_failed_flushes_total[1h])) > 2',
    labels: { severity: 'critical' },
    summary: 'Tempo ingesters failed {{ $value }} flushes in the last hour',
    description: 'Traces that are not flushed to object storage are lost when the ingester restarts.',
  }),
];

const STORAGE_HEALTH: DefaultAlert[] = [
  alert({
    alert: 'LgtmIngesterNotUp',
    // By job (`<namespace>/<component>`, the collector's pod_metrics relabel): Mimir, Loki
    // (Distributed) and Tempo ingesters are `ingester`; Loki's SimpleScalable ingesters run in
    // `write`, its Monolithic one in `single-binary`; Tempo's single-binary chart sets no component
    // label in its values (tempo 2.2.4), so its job would be `<namespace>/tempo`. A pod name holding "ingester" missed those and caught any
    // tenant application so named.
    expr: `up{job=~"${INGESTER_JOBS}"} == 0`,
    for: '5m',
    labels: { severity: 'critical' },
    summary: 'Ingester {{ $labels.pod }} is not answering its scrape',
    description: 'An ingester that is down or not ready holds back writes (Mimir, Loki, Tempo ingesters).',
  }),
  alert({
    alert: 'S3RequestErrors',
    // Mimir (thanos objstore client), Loki (its own S3 client: use_thanos_objstore is off, so
    // loki_s3_request_duration_seconds{operation, status_code}) and Tempo (tempodb backend).
    expr: 'sum by (job, operation) (rate(thanos_objstore_bucket_operation_failures_total[5m])) > 0\nor\nsum by (job, operation) (rate(loki_s3_request_duration_seconds_count{status_code=~"5.."}[5m])) > 0\nor\nsum by (job, operation) (rate(tempodb_backend_request_duration_seconds_count{status_code=~"5.."}[5m])) > 0',
    for: '15m',
    labels: { severity: 'critical' },
    summary: '{{ $labels.job }} gets errors from S3 ({{ $labels.operation }})',
    description: 'Object storage requests fail: blocks, chunks and traces cannot be written or read.',
  }),
  alert({
    alert: 'MemcachedEvictions',
    expr: 'sum by (job, pod) (rate(memcached_items_evicted_total[5m])) > 10',
    for: '30m',
    labels: { severity: 'warning' },
    summary: 'Memcached {{ $labels.pod }} evicts {{ $value }} items per second',
    description: 'The cache is too small for its working set: queries hit object storage instead.',
  }),
];

const COLLECTOR_HEALTH: DefaultAlert[] = [
  alert({
    alert: 'CollectorWriteFailures',
    expr: 'sum by (job, pod) (rate(prometheus_remote_storage_samples_failed_total[5m])) > 0\nor\nsum by (job, pod) (rate(loki_write_dropped_entries_total[5m])) > 0',
    for: '15m',
    labels: { severity: 'critical' },
    summary: 'Collector {{ $labels.pod }} drops telemetry it cannot write',
    description: 'Samples or log entries of this node are failing to reach Mimir or Loki and are dropped.',
  }),
];

/** Every default alert, for the runbook check. */
export function defaultAlerts(): readonly DefaultAlert[] {
  return [...serviceAlerts(), ...MIMIR_HEALTH, ...LOKI_HEALTH, ...TEMPO_HEALTH, ...STORAGE_HEALTH, ...COLLECTOR_HEALTH];
}

/**
 * The default rule set as groups: `service-red` for every service tenant, the health groups for
 * the stack tenant, each group left out when switched off.
 */
export function defaultRuleGroups(options: DefaultRuleOptions): RuleGroup[] {
  const on = (name: DefaultRuleGroupName) => options.enabled?.[name] !== false;
  const withRunbook = (a: DefaultAlert): AlertingRule => {
    const { anchor, ...rule } = a;
    return {
      ...rule,
      ...(options.runbookBaseUrl === undefined ? {} : { runbookUrl: `${options.runbookBaseUrl}#${anchor}` }),
      annotations: { ...(rule.annotations ?? {}), runbook: `${RUNBOOK_DOC}#${anchor}` },
    };
  };
  const groups: RuleGroup[] = [];
  if (on('service-red')) {
    const rules = serviceAlerts(options.errorRatio, options.p99LatencySeconds).map(withRunbook);
    for (const tenant of options.serviceTenants) groups.push({ name: 'lgtm-service-red', tenant, rules });
  }
  const health: [DefaultRuleGroupName, DefaultAlert[]][] = [
    ['mimir-health', MIMIR_HEALTH],
    ['loki-health', LOKI_HEALTH],
    ['tempo-health', TEMPO_HEALTH],
    ['storage-health', STORAGE_HEALTH],
    ['collector-health', COLLECTOR_HEALTH],
  ];
  for (const [name, alerts] of health) {
    if (on(name)) groups.push({ name: `lgtm-${name}`, tenant: options.stackTenant, rules: alerts.map(withRunbook) });
  }
  return groups;
}
