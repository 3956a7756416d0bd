import { createHash } from 'crypto';
import type { LokiEndpoints } from '../backends/loki-endpoints';
import type { MimirEndpoints } from '../backends/mimir-endpoints';
import type { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import type { TempoEndpoints } from '../backends/tempo-endpoints';
import { isPlainObject } from '../helm/values';
import { known, show } from '../private/validate';

/** A backend Grafana reads, one data source per tenant. */
export type DatasourceBackend =
  /** Metrics: a Prometheus data source with `prometheusType: Mimir`. */
  | 'mimir'
  /** Logs: a Loki data source. */
  | 'loki'
  /** Traces: a Tempo data source. */
  | 'tempo'
  /** Profiles: a Grafana Pyroscope data source. */
  | 'pyroscope';

/** Every backend, in the order their data sources are listed. */
export const DATASOURCE_BACKENDS: readonly DatasourceBackend[] = ['mimir', 'loki', 'tempo', 'pyroscope'];

/** The Grafana plugin id (`type`) of each backend's data source. */
export const DATASOURCE_TYPES: Readonly<Record<DatasourceBackend, string>> = {
  mimir: 'prometheus',
  loki: 'loki',
  tempo: 'tempo',
  pyroscope: 'grafana-pyroscope-datasource',
};

/** Display names of the backends, the first part of a data source's name. */
const DISPLAY: Readonly<Record<DatasourceBackend, string>> = { mimir: 'Mimir', loki: 'Loki', tempo: 'Tempo', pyroscope: 'Pyroscope' };

/** Grafana's limits on a data source uid (pkg/util/shortid_generator.go: `MaxUIDLength`, `IsValidShortUID`). */
export const DATASOURCE_UID = /^[a-zA-Z0-9_-]{1,40}$/;

/** The profile type a trace's span links to: CPU time, which every Pyroscope SDK and eBPF collects. */
export const TRACE_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

/** One provisioned Grafana data source (an item of `datasources` in a provisioning file, apiVersion 1). */
export interface GrafanaDatasource {
  /** Display name, unique in the organization. */
  readonly name: string;
  /** Plugin id. */
  readonly type: string;
  /** Fixed uid: links between data sources, dashboards and alert rules point at it. */
  readonly uid: string;
  /** Grafana's backend calls the URL (`proxy`), so browsers never reach the backend. */
  readonly access: 'proxy';
  /** The backend's query URL. */
  readonly url: string;
  /** Whether this is the organization's default data source. */
  readonly isDefault: boolean;
  /** Changes in the UI are refused: the provisioning file is the source of truth. */
  readonly editable: boolean;
  /** Plugin settings, including the tenant header name and the correlation links. */
  readonly jsonData: Readonly<Record<string, unknown>>;
  /** Stored encrypted: the tenant header's value. */
  readonly secureJsonData: Readonly<Record<string, string>>;
}

/** The backends and tenants to build data sources for, for {@link tenantDatasources}. */
export interface TenantDatasourceOptions {
  /** Tenant ids (X-Scope-OrgID values); every tenant gets one data source per backend given. */
  readonly tenants: readonly string[];
  /**
   * Mimir (or any Prometheus API that takes X-Scope-OrgID).
   * @default - no metrics data sources, and no links to metrics
   */
  readonly metrics?: MimirEndpoints;
  /**
   * Loki.
   * @default - no log data sources, and no links to logs
   */
  readonly logs?: LokiEndpoints;
  /**
   * Tempo.
   * @default - no trace data sources, and no links to traces
   */
  readonly traces?: TempoEndpoints;
  /**
   * Pyroscope.
   * @default - no profile data sources, and no links to profiles
   */
  readonly profiles?: PyroscopeEndpoints;
  /**
   * Seconds between two scrapes of the metrics Mimir holds (the collector's scrape interval): the
   * Mimir data sources' `timeInterval`, so `$__rate_interval` never spans fewer than 4 samples.
   * @default - unset: Grafana assumes 15 s
   */
  readonly metricsScrapeIntervalSeconds?: number;
}

/** The header that carries the tenant (every endpoints class has it as `tenantHeader`). */
const TENANT_HEADER = 'X-Scope-OrgID';

/**
 * The fixed uid of `tenant`'s data source of `backend`: `<backend>-<tenant>` when the tenant id is
 * made only of characters a uid may hold and the whole fits in 40 characters; otherwise the tenant
 * part is cut and cleaned (`.`, `*`, `!`, `'`, `(`, `)` become `_`) and the first 8 hex digits of
 * SHA-256(tenant) are appended, so two tenants never share a uid because cleaning made them alike.
 * Deterministic: the same tenant and backend give the same uid on every synth.
 */
export function datasourceUid(tenant: string, backend: DatasourceBackend): string {
  const plain = `${backend}-${tenant}`;
  if (DATASOURCE_UID.test(plain)) return plain;
  const hash = createHash('sha256').update(tenant).digest('hex').slice(0, 8);
  const room = 40 - backend.length - 1 - hash.length - 1;
  const cleaned = tenant.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, room);
  return `${backend}-${cleaned}-${hash}`;
}

/**
 * One data source per tenant and given backend, correlated within each tenant only: each link's
 * target is the same tenant's data source (same X-Scope-OrgID), so a click never crosses tenants.
 * - Mimir: exemplars (label `trace_id`) open the trace in Tempo.
 * - Loki: derived fields take a trace id from the line (`traceID=`, `trace_id=`, JSON `"traceId":`)
 *   and from the `trace_id` label or structured metadata (OTLP logs) and open it in Tempo.
 * - Tempo: traces to logs (Loki, by `service.name` as `service_name`, the span's trace id, +-5m),
 *   to metrics (Mimir span metrics of Tempo's metrics-generator: rate, errors, p90 by `service`),
 *   to profiles (Pyroscope CPU by `service_name`), service map from Mimir, node graph on.
 * - Pyroscope: the profiles themselves (the link comes from Tempo).
 * Values are as Grafana reads the provisioning file: a literal `$` is written `$$` (Grafana expands
 * environment variables in provisioning files). The first tenant's Mimir is the default data source.
 */
export function tenantDatasources(opts: TenantDatasourceOptions): GrafanaDatasource[] {
  const tenants = Array.isArray(opts.tenants) ? opts.tenants : [];
  const given: Readonly<Record<DatasourceBackend, { readonly queryUrl: string } | undefined>> = {
    mimir: opts.metrics, loki: opts.logs, tempo: opts.traces, pyroscope: opts.profiles,
  };
  const defaultUid = opts.metrics && tenants.length > 0 ? datasourceUid(tenants[0], 'mimir') : undefined;
  return tenants.flatMap((tenant) => {
    const uid = (b: DatasourceBackend) => (given[b] ? datasourceUid(tenant, b) : undefined);
    const json: Readonly<Record<DatasourceBackend, Record<string, unknown>>> = {
      mimir: mimirJson(uid('tempo'), opts.metricsScrapeIntervalSeconds),
      loki: lokiJson(uid('tempo')),
      tempo: tempoJson(uid('loki'), uid('mimir'), uid('pyroscope')),
      pyroscope: {},
    };
    return DATASOURCE_BACKENDS.filter((b) => given[b] !== undefined).map((b) => ({
      name: `${DISPLAY[b]} (${tenant})`,
      type: DATASOURCE_TYPES[b],
      uid: datasourceUid(tenant, b),
      access: 'proxy' as const,
      url: given[b]!.queryUrl,
      isDefault: datasourceUid(tenant, b) === defaultUid,
      editable: false,
      jsonData: { httpHeaderName1: TENANT_HEADER, ...json[b] },
      secureJsonData: { httpHeaderValue1: tenant },
    }));
  });
}

function mimirJson(tempo: string | undefined, scrapeIntervalSeconds: number | undefined): Record<string, unknown> {
  return {
    prometheusType: 'Mimir',
    httpMethod: 'POST',
    ...(scrapeIntervalSeconds === undefined ? {} : { timeInterval: `${scrapeIntervalSeconds}s` }),
    // OpenTelemetry SDKs and Tempo's metrics-generator name the exemplar label trace_id.
    ...(tempo ? { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: tempo, urlDisplayLabel: 'View trace' }] } : {}),
  };
}

function lokiJson(tempo: string | undefined): Record<string, unknown> {
  if (!tempo) return {};
  // `$${__value.raw}`: Grafana reads `$$` as a literal `$` in provisioning files.
  const url = '$${__value.raw}';
  return {
    derivedFields: [
      // logfmt `traceID=abc`, `trace_id=abc`, JSON `"traceId":"abc"`.
      { name: 'TraceID', matcherType: 'regex', matcherRegex: '(?:traceID|trace_id|traceId)"?[=:]\\s*"?([0-9a-fA-F]{16,32})', url, datasourceUid: tempo, urlDisplayLabel: 'View trace' },
      // OTLP logs: Loki 3 keeps the trace id as structured metadata `trace_id`.
      { name: 'trace_id', matcherType: 'label', matcherRegex: 'trace_id', url, datasourceUid: tempo, urlDisplayLabel: 'View trace' },
    ],
  };
}

function tempoJson(loki: string | undefined, mimir: string | undefined, pyroscope: string | undefined): Record<string, unknown> {
  // Loki 3 and Pyroscope index an OTLP resource's service.name as the label service_name; Tempo's
  // span metrics call it service (metrics-generator dimension).
  const serviceName = [{ key: 'service.name', value: 'service_name' }];
  return {
    nodeGraph: { enabled: true },
    search: { hide: false },
    ...(loki ? {
      tracesToLogsV2: { datasourceUid: loki, spanStartTimeShift: '-5m', spanEndTimeShift: '5m', tags: serviceName, filterByTraceID: true, filterBySpanID: false },
    } : {}),
    ...(mimir ? {
      tracesToMetrics: {
        datasourceUid: mimir,
        spanStartTimeShift: '-5m',
        spanEndTimeShift: '5m',
        tags: [{ key: 'service.name', value: 'service' }],
        // `$$__tags`: Grafana fills in the span's tags; `$$` is a literal `$` in provisioning files.
        queries: [
          { name: 'Request rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))' },
          { name: 'Error rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags,status_code="STATUS_CODE_ERROR"}[5m]))' },
          { name: 'Latency p90', query: 'histogram_quantile(0.9, sum by (le) (rate(traces_spanmetrics_latency_bucket{$$__tags}[5m])))' },
        ],
      },
      serviceMap: { datasourceUid: mimir },
    } : {}),
    ...(pyroscope ? { tracesToProfiles: { datasourceUid: pyroscope, profileTypeId: TRACE_PROFILE_TYPE, tags: serviceName } } : {}),
  };
}

/** The provisioning file (`datasources.yaml`): apiVersion 1, `prune` removes data sources no longer listed. */
export function datasourcesProvisioning(datasources: readonly GrafanaDatasource[]): Record<string, unknown> {
  return { apiVersion: 1, prune: true, datasources: datasources.map((d) => ({ ...d })) };
}

/** A correlation link of a data source: where it is (`from`, a path in its jsonData) and its target uid. */
export interface DatasourceLink {
  /** The uid of the data source that holds the link. */
  readonly from: string;
  /** Where in its jsonData, such as `tracesToLogsV2.datasourceUid`. */
  readonly path: string;
  /** The uid the link opens. */
  readonly to: unknown;
}

/** Every link (exemplars, derived fields, traces to logs/metrics/profiles, service map) of data sources given as plain objects. */
export function datasourceLinks(datasources: readonly unknown[]): DatasourceLink[] {
  return datasources.filter(isPlainObject).flatMap((d) => {
    const from = String(d.uid);
    const json = isPlainObject(d.jsonData) ? d.jsonData : {};
    const listLinks = (key: string) => (Array.isArray(json[key]) ? (json[key] as unknown[]) : [])
      .map((item, i) => ({ from, path: `${key}[${i}].datasourceUid`, to: isPlainObject(item) ? item.datasourceUid : undefined }))
      .filter((l) => l.to !== undefined);
    const objectLinks = ['tracesToLogsV2', 'tracesToLogs', 'tracesToMetrics', 'tracesToProfiles', 'serviceMap']
      .filter((key) => isPlainObject(json[key]) && (json[key] as Record<string, unknown>).datasourceUid !== undefined)
      .map((key) => ({ from, path: `${key}.datasourceUid`, to: (json[key] as Record<string, unknown>).datasourceUid }));
    return [...listLinks('exemplarTraceIdDestinations'), ...listLinks('derivedFields'), ...objectLinks];
  });
}

/** The tenant a data source given as a plain object queries as (its X-Scope-OrgID header value). */
export function datasourceTenant(datasource: unknown): unknown {
  if (!isPlainObject(datasource)) return undefined;
  const json = isPlainObject(datasource.jsonData) ? datasource.jsonData : {};
  const secure = isPlainObject(datasource.secureJsonData) ? datasource.secureJsonData : {};
  for (let i = 1; i <= 20; i++) {
    if (typeof json[`httpHeaderName${i}`] === 'string' && (json[`httpHeaderName${i}`] as string).toLowerCase() === TENANT_HEADER.toLowerCase()) {
      return secure[`httpHeaderValue${i}`];
    }
  }
  return undefined;
}

/**
 * What is wrong with a list of data sources (the final `datasources.yaml` of a release, so a values
 * override is checked too), each as a sentence: a uid missing, invalid or given twice, a name given
 * twice, more than one default, a link to a uid that is not in the list, or a link to another
 * tenant's data source. Values that are tokens (known only at apply) are skipped.
 */
export function datasourceProblems(datasources: readonly unknown[]): string[] {
  const items = datasources.map((d, i) => ({ d, i, at: `datasources[${i}]` }));
  const objects = items.filter((x) => isPlainObject(x.d)) as { d: Record<string, unknown>; i: number; at: string }[];
  const uids = objects.map((x) => x.d.uid);
  const names = objects.map((x) => x.d.name);
  const repeated = (list: unknown[]) => [...new Set(list.filter((v, i) => known(v) && v !== undefined && list.indexOf(v) !== i))];
  const byUid = new Map(objects.filter((x) => typeof x.d.uid === 'string').map((x) => [x.d.uid as string, x.d]));
  const problems: string[] = [
    ...items.filter((x) => !isPlainObject(x.d)).map((x) => `${x.at} is ${show(x.d)}, but a data source is an object`),
    ...objects.filter((x) => x.d.uid === undefined || x.d.uid === '').map((x) => `${x.at}.uid is ${show(x.d.uid)}, but every data source needs a fixed uid (links and dashboards point at it)`),
    ...objects.filter((x) => known(x.d.uid) && x.d.uid !== undefined && x.d.uid !== '' && (typeof x.d.uid !== 'string' || !DATASOURCE_UID.test(x.d.uid))).map((x) => (
      `${x.at}.uid is ${show(x.d.uid)}, but a Grafana uid is 1-40 letters, digits, '-' or '_'`
    )),
    ...repeated(uids).map((uid) => `datasources has uid ${show(uid)} ${uids.filter((u) => u === uid).length} times, but data source uids must be unique`),
    ...repeated(names).map((name) => `datasources has name ${show(name)} ${names.filter((n) => n === name).length} times, but data source names must be unique in the organization`),
    ...(objects.filter((x) => x.d.isDefault === true).length > 1
      ? [`datasources has ${objects.filter((x) => x.d.isDefault === true).length} defaults (${objects.filter((x) => x.d.isDefault === true).map((x) => show(x.d.uid)).join(', ')}), but an organization has at most one`]
      : []),
  ];
  for (const link of datasourceLinks(datasources)) {
    if (!known(link.to)) continue;
    const target = typeof link.to === 'string' ? byUid.get(link.to) : undefined;
    if (!target) {
      problems.push(`data source ${show(link.from)} links ${link.path} to uid ${show(link.to)}, but no data source has that uid`);
      continue;
    }
    const fromTenant = datasourceTenant(byUid.get(link.from));
    const toTenant = datasourceTenant(target);
    if (known(fromTenant) && known(toTenant) && fromTenant !== toTenant) {
      problems.push(`data source ${show(link.from)} (tenant ${show(fromTenant)}) links ${link.path} to ${show(link.to)} of tenant ${show(toTenant)}, but a link must stay within its tenant`);
    }
  }
  return problems;
}
