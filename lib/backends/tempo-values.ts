import { Op, Token } from 'cdktf';
import { stringify } from 'yaml';
import type { IWorkloadRole } from '../aws/i-workload-role';
import type { MemcachedEndpoint } from '../aws/memcached-endpoint';
import type { Tier } from '../config/tier';
import { HelmValues, deepFreeze, isPlainObject } from '../helm/values';
import type { PodResources, RingStore } from './backend-props';
import { podResources } from './private/pod-sizes';
import { MEMCACHED_EXPORTER_PORT, scrapeAnnotations } from './private/scrape';
import type { MimirEndpoints } from './mimir-endpoints';
import { chartFullname, serviceUrl } from './private/service-url';
import type { ReplicationZone } from './private/zones';
import { TempoEndpoints } from './tempo-endpoints';
import { kvstore, s3Endpoint } from './private/storage';

/** The pinned chart a tier runs Tempo with. */
export type TempoChart =
  /** `tempo`: Tempo's single binary (target `all`), one pod. */
  | 'tempo'
  /** `tempo-distributed` 2.x: every component its own workload, classic ingesters (no Kafka). */
  | 'tempo-distributed';

/** A Tempo workload of the tempo-distributed chart whose replicas can be set: its values section. */
export type TempoComponent =
  /** Receives spans (OTLP gRPC 4317, HTTP 4318) and forwards them to the ingesters. */
  | 'distributor'
  /** Keeps recent traces in memory and its WAL on a volume, writes blocks to S3. */
  | 'ingester'
  /** Searches ingesters and the blocks in S3. */
  | 'querier'
  /** Shards queries over the queriers: the API Grafana's Tempo data source reads. */
  | 'queryFrontend'
  /** Compacts blocks in S3 and deletes them after the retention. */
  | 'compactor'
  /** Derives span metrics and service graphs (to Mimir) and serves TraceQL metrics; runs only with `metrics`. */
  | 'metricsGenerator';

/** Every tempo-distributed component, in the order of the write and read paths. */
export const TEMPO_COMPONENTS: readonly TempoComponent[] = ['distributor', 'ingester', 'querier', 'queryFrontend', 'compactor', 'metricsGenerator'];

/** A workload of a tier: a tempo-distributed component, or the `tempo` chart's single binary. */
export type TempoWorkload = TempoComponent | 'singleBinary';

/** Size of one Tempo workload in a tier. */
export interface TempoWorkloadSize {
  /** Pods (ingesters: in total over their zones). */
  readonly replicas: number;
  /** CPU request. */
  readonly cpu: string;
  /** Memory request. */
  readonly memory: string;
  /**
   * Persistent volume per pod (WAL, the metrics-generator's WAL and local blocks).
   * @default - none: the workload keeps nothing on disk worth keeping
   */
  readonly volume?: string;
}

/** The layout of one tier: which chart, what runs, how big, with which cache. */
export interface TempoTierLayout {
  /** The chart the tier installs. */
  readonly chart: TempoChart;
  /** The workloads of the tier (the metrics-generator only runs when span metrics are on). */
  readonly workloads: Readonly<Partial<Record<TempoWorkload, TempoWorkloadSize>>>;
  /**
   * The chart's memcached (bloom, parquet-footer and frontend-search caches of the query path).
   * @default - none: the `tempo` chart has no memcached
   */
  readonly cache?: { readonly replicas: number; readonly memoryMb: number };
}

/**
 * How each tier maps onto Tempo's charts, with the size of every workload. Requests of
 * microservices are the Tempo floors of reference/sizing.md (distributor 2 x (1, 2Gi), ingester
 * 3 x (1.5, 4Gi), querier 2 x (1, 4Gi), query-frontend 2 x (0.5, 4Gi), compactor (1, 4Gi)); the
 * metrics-generator is not in Tempo's sizing guide (our estimate). simple-scalable is a reduced
 * layout of the same chart; monolithic is the `tempo` chart's single binary.
 */
export const TEMPO_TIERS: Readonly<Record<Tier, TempoTierLayout>> = deepFreeze({
  'monolithic': {
    chart: 'tempo',
    workloads: { singleBinary: { replicas: 1, cpu: '500m', memory: '2Gi', volume: '10Gi' } },
  },
  'simple-scalable': {
    chart: 'tempo-distributed',
    workloads: {
      distributor: { replicas: 2, cpu: '500m', memory: '1Gi' },
      ingester: { replicas: 3, cpu: '1', memory: '2Gi', volume: '10Gi' },
      querier: { replicas: 1, cpu: '500m', memory: '1Gi' },
      queryFrontend: { replicas: 1, cpu: '250m', memory: '1Gi' },
      compactor: { replicas: 1, cpu: '500m', memory: '1Gi' },
      metricsGenerator: { replicas: 1, cpu: '500m', memory: '1Gi', volume: '10Gi' },
    },
    cache: { replicas: 1, memoryMb: 512 },
  },
  'microservices': {
    chart: 'tempo-distributed',
    workloads: {
      distributor: { replicas: 2, cpu: '1', memory: '2Gi' },
      ingester: { replicas: 3, cpu: '1500m', memory: '4Gi', volume: '20Gi' },
      querier: { replicas: 2, cpu: '1', memory: '4Gi' },
      queryFrontend: { replicas: 2, cpu: '500m', memory: '4Gi' },
      compactor: { replicas: 1, cpu: '1', memory: '4Gi' },
      metricsGenerator: { replicas: 2, cpu: '1', memory: '2Gi', volume: '10Gi' },
    },
    cache: { replicas: 2, memoryMb: 1024 },
  },
} satisfies Record<Tier, TempoTierLayout>);

/**
 * The metrics-generator's processors, on for every tenant (overrides `defaults`): span metrics and
 * service graphs remote-written to Mimir, and local blocks, which TraceQL metrics queries
 * (`{ } | rate()`) need in Tempo 2.10 (docs metrics-queries/configure-traceql-metrics.md).
 */
export const TEMPO_SPAN_METRICS_PROCESSORS: readonly string[] = ['service-graphs', 'span-metrics', 'local-blocks'];

/** The cache roles tempo-distributed gives its memcached (templates/_helpers.tpl `tempo.cacheConfig`). @internal */
export const TEMPO_CACHE_ROLES: readonly string[] = ['parquet-footer', 'bloom', 'frontend-search'];

/** Where every Tempo component serves /metrics: `server.http_listen_port`, 3200 in both charts. */
export const TEMPO_METRICS_PORT = 3200;

/** Where both charts mount a Tempo pod's data volume (tempo statefulset.yaml, tempo-distributed _pod.tpl). */
const DATA_DIR = '/var/tempo';

/** Marks the lines this library adds to the `tempo` chart's own config template. @internal */
export const TEMPO_CONFIG_MARK = '# cdktf-lgtm';

/**
 * The `tempo` 2.2.4 chart's `config` template (values.yaml), with one line added: its template has
 * no key for `remote_write_add_org_id_header`, so the construct passes the whole template. Tempo's
 * default is already true (modules/generator/storage/config.go); it is written so a reader of the
 * release sees that each tenant's span metrics go to the same Mimir tenant. A test compares it with
 * the vendored chart's template, so a chart bump that changes the template is noticed. @internal
 */
export const TEMPO_MONOLITHIC_CONFIG = `stream_over_http_enabled: {{ .Values.tempo.streamOverHttpEnabled }}
memberlist:
  cluster_label: "{{ .Release.Name }}.{{ .Release.Namespace }}"
multitenancy_enabled: {{ .Values.tempo.multitenancyEnabled }}
usage_report:
  reporting_enabled: {{ .Values.tempo.reportingEnabled }}
compactor:
  compaction:
    block_retention: {{ .Values.tempo.retention }}
distributor:
  receivers:
    {{- toYaml .Values.tempo.receivers | nindent 8 }}
ingester:
  {{- toYaml .Values.tempo.ingester | nindent 6 }}
server:
  {{- toYaml .Values.tempo.server | nindent 6 }}
storage:
  {{- toYaml .Values.tempo.storage | nindent 6 }}
querier:
  {{- toYaml .Values.tempo.querier | nindent 6 }}
query_frontend:
  {{- toYaml .Values.tempo.queryFrontend | nindent 6 }}
overrides:
  {{- toYaml .Values.tempo.overrides | nindent 6 }}
  {{- if .Values.tempo.metricsGenerator.enabled }}
metrics_generator:
  {{- if .Values.tempo.metricsGenerator.processor }}
  processor:
    {{- toYaml .Values.tempo.metricsGenerator.processor | nindent 8 }}
  {{- end }}
  {{- if .Values.tempo.metricsGenerator.registry }}
  registry:
    {{- toYaml .Values.tempo.metricsGenerator.registry | nindent 8 }}
  {{- end }}
  storage:
    path: {{ .Values.tempo.metricsGenerator.storage.path | quote }}
    remote_write_add_org_id_header: true ${TEMPO_CONFIG_MARK}: X-Scope-OrgID is each span's tenant
    {{- if .Values.tempo.metricsGenerator.storage.remote_write }}
    remote_write:
      {{- toYaml .Values.tempo.metricsGenerator.storage.remote_write | nindent 10 }}
    {{- else }}
    remote_write:
      - url: {{ .Values.tempo.metricsGenerator.remoteWriteUrl }}
    {{- end }}
  traces_storage:
    path: {{ .Values.tempo.metricsGenerator.traces_storage.path | quote }}
  {{- end }}
`;

/** Everything the values of a TempoCluster are built from, resolved and validated. @internal */
export interface TempoValuesContext {
  /** The tier, whose layout picks the chart and sizes every workload. */
  readonly tier: Tier;
  /** The role whose service account the release runs as. */
  readonly role: IWorkloadRole;
  /** AWS region of the traces bucket. */
  readonly region: string;
  /** Name of the traces bucket. */
  readonly bucketName: string;
  /** Pods per tempo-distributed component (the tier layout with the user's override). */
  readonly replicas: Readonly<Record<TempoComponent, number>>;
  /** Copies of every span the ingesters keep. */
  readonly replicationFactor: number;
  /** The zones of the ingesters; empty when not zone-aware. */
  readonly zones: readonly ReplicationZone[];
  /** Days the compactor keeps blocks. */
  readonly retentionDays: number;
  /** Whether queries may span tenants (`a|b`). */
  readonly tenantFederation: boolean;
  /** Where the hash rings live (tempo-distributed; the single binary keeps its rings in memory). */
  readonly ring: RingStore;
  /** A memcached run elsewhere, instead of the chart's. */
  readonly memcached?: MemcachedEndpoint;
  /** StorageClass of every persistent volume. */
  readonly storageClassName: string;
  /** The Mimir span metrics go to; the metrics-generator is off without it. */
  readonly metrics?: MimirEndpoints;
  /** Requests (and limits) per pod in place of the layout's, for the workloads given. */
  readonly resources?: Readonly<Partial<Record<TempoWorkload, PodResources>>>;
  /** Volume sizes in place of the layout's, for the workloads given (those with a volume). */
  readonly volumes?: Readonly<Partial<Record<TempoWorkload, string>>>;
}

/** Days as a Go duration in hours (`336h` for 14); a token (known at apply only) as a Terraform product. @internal */
export function tempoHours(days: number): string {
  return Token.isUnresolved(days) ? `${Token.asString(Op.mul(days, 24))}h` : `${days * 24}h`;
}

/**
 * Tempo's cache list pointed at a memcached run elsewhere, for the roles the chart gives its own.
 * `addresses` with `dns+` resolves the host's A records; `host`/`service` would look up SRV records
 * (pkg/cache/memcached_client.go), which an ElastiCache endpoint name is not. With TLS the server
 * name is the host, since the client dials the addresses it resolved.
 */
function externalCaches(m: MemcachedEndpoint): HelmValues {
  return {
    caches: [{
      memcached: {
        addresses: `dns+${m.hostPort}`,
        consistent_hash: true,
        timeout: '500ms',
        ...(m.tls ? { tls_enabled: true, tls_server_name: m.address } : {}),
      },
      roles: [...TEMPO_CACHE_ROLES],
    }],
  };
}

/** The one remote-write target of the metrics-generator: Mimir, with exemplars (trace ids). */
function remoteWrite(metrics: MimirEndpoints): HelmValues[] {
  // Never a static X-Scope-OrgID header here: it would win over each tenant's own
  // (modules/generator/storage/config_util.go), sending every tenant's metrics to one Mimir tenant.
  // Tempo 2.10 sends exemplars whatever this says (SendExemplars = true); stated for the reader.
  return [{ url: metrics.remoteWriteUrl, send_exemplars: true }];
}

/**
 * The local-blocks processor: `flush_to_storage` writes its blocks to S3, the only blocks TraceQL
 * metrics read past `query_backend_after` (modules/frontend/metrics_query_range_sharder.go);
 * `filter_server_spans: false` keeps every span kind queryable.
 */
const LOCAL_BLOCKS = { flush_to_storage: true, filter_server_spans: false };

/**
 * The values of a TempoCluster (before the user's override): the tier's chart and layout from
 * {@link TEMPO_TIERS}, then what every tier shares: identity, S3, tenancy, retention, span metrics.
 * The user's override is merged over these by ChartRelease. @internal
 */
export function tempoValues(ctx: TempoValuesContext): HelmValues {
  return TEMPO_TIERS[ctx.tier].chart === 'tempo' ? monolithicValues(ctx) : distributedValues(ctx);
}

/** Identity and storage, written once for both charts. */
function shared(ctx: TempoValuesContext): { serviceAccount: HelmValues; trace: HelmValues } {
  return {
    serviceAccount: { create: true, name: ctx.role.serviceAccount, annotations: { ...ctx.role.serviceAccountAnnotations } },
    // Credentials come from the service account's role (IRSA or Pod Identity), never from keys.
    trace: { backend: 's3', s3: { bucket: ctx.bucketName, endpoint: s3Endpoint(ctx.region), region: ctx.region } },
  };
}

function monolithicValues(ctx: TempoValuesContext): HelmValues {
  const binary = TEMPO_TIERS[ctx.tier].workloads.singleBinary!;
  const { serviceAccount, trace } = shared(ctx);
  const m = ctx.metrics;
  const cache = ctx.memcached ? `${stringify({ cache: externalCaches(ctx.memcached) }, { lineWidth: 0 })}` : '';
  return {
    replicas: binary.replicas,
    serviceAccount,
    // Mounted at /var/tempo (templates/statefulset.yaml): the WAL and the generator's data survive restarts.
    persistence: { enabled: true, size: ctx.volumes?.singleBinary ?? binary.volume, storageClassName: ctx.storageClassName },
    // Opted in to the collector's scrape.
    podAnnotations: scrapeAnnotations(TEMPO_METRICS_PORT),
    config: TEMPO_MONOLITHIC_CONFIG + cache,
    tempo: {
      resources: podResources(binary, undefined, ctx.resources?.singleBinary),
      multitenancyEnabled: true,
      retention: tempoHours(ctx.retentionDays),
      storage: { trace: { ...trace, wal: { path: `${DATA_DIR}/wal` } } },
      // The chart's Service takes its OTLP ports from these endpoints (templates/_ports.tpl).
      receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } } },
      // Tempo's default is true (modules/frontend/config.go): cross-tenant `a|b` queries only when asked.
      queryFrontend: { multi_tenant_queries_enabled: ctx.tenantFederation },
      metricsGenerator: m
        ? {
          enabled: true,
          remoteWriteUrl: m.remoteWriteUrl,
          processor: { local_blocks: { ...LOCAL_BLOCKS } },
          storage: { path: `${DATA_DIR}/generator/wal`, remote_write: remoteWrite(m) },
          traces_storage: { path: `${DATA_DIR}/generator/traces` },
        }
        : { enabled: false },
      ...(m ? { overrides: { defaults: { metrics_generator: { processors: [...TEMPO_SPAN_METRICS_PROCESSORS] } } } } : {}),
    },
  };
}

function distributedValues(ctx: TempoValuesContext): HelmValues {
  const layout = TEMPO_TIERS[ctx.tier];
  const { serviceAccount, trace } = shared(ctx);
  const m = ctx.metrics;
  const zoneAware = ctx.zones.length > 0;
  const size = (c: TempoComponent) => layout.workloads[c]!;
  // PodDisruptionBudgets: the chart renders one per component with more than one pod.
  const workload = (c: TempoComponent, extra: HelmValues = {}): HelmValues => ({
    replicas: ctx.replicas[c],
    resources: podResources(size(c), undefined, ctx.resources?.[c]),
    podDisruptionBudget: { enabled: true },
    maxUnavailable: 1,
    // Opted in to the collector's scrape.
    podAnnotations: scrapeAnnotations(TEMPO_METRICS_PORT),
    ...extra,
  });
  const retention = tempoHours(ctx.retentionDays);
  const store = () => kvstore(ctx.ring);
  const chartCache = layout.cache !== undefined && ctx.memcached === undefined ? layout.cache : undefined;
  return {
    serviceAccount,
    multitenancyEnabled: true,
    // Data goes to the platform's bucket, never to the chart's MinIO.
    minio: { enabled: false },
    storage: { trace },
    // The distributor Service opens 4317 and 4318 only when these are on (service-distributor.yaml).
    traces: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
    distributor: workload('distributor'),
    ingester: workload('ingester', {
      persistence: { enabled: true, inMemory: false, size: ctx.volumes?.ingester ?? size('ingester').volume, storageClass: ctx.storageClassName },
      config: { replication_factor: ctx.replicationFactor },
      // The chart's zone entry (values.yaml ingester.zoneAwareReplication.zones[]): a list replaces the
      // chart's whole default list, so every default key of an entry is written again.
      zoneAwareReplication: zoneAware
        ? {
          enabled: true,
          zones: ctx.zones.map((z) => ({
            name: z.name,
            nodeSelector: { ...z.nodeSelector },
            extraAffinity: {},
            storageClass: ctx.storageClassName,
            annotations: {},
            podAnnotations: scrapeAnnotations(TEMPO_METRICS_PORT),
          })),
        }
        : { enabled: false },
    }),
    querier: workload('querier'),
    queryFrontend: workload('queryFrontend'),
    compactor: workload('compactor', { config: { compaction: { block_retention: retention } } }),
    // Off (chart default), but should it be turned on it replaces the compactor: same retention.
    backendScheduler: { config: { provider: { compaction: { compaction: { block_retention: retention } } } } },
    metricsGenerator: m
      ? workload('metricsGenerator', {
        enabled: true,
        // A StatefulSet keeps the generator's WAL and local blocks (under /var/tempo) on a volume.
        kind: 'StatefulSet',
        persistence: { enabled: true, size: ctx.volumes?.metricsGenerator ?? size('metricsGenerator').volume, storageClass: ctx.storageClassName },
        config: { storage: { remote_write_add_org_id_header: true, remote_write: remoteWrite(m) } },
      })
      : { enabled: false },
    ...(m ? { overrides: { defaults: { metrics_generator: { processors: [...TEMPO_SPAN_METRICS_PROCESSORS] } } } } : {}),
    memcached: chartCache
      ? {
        enabled: true,
        replicas: chartCache.replicas,
        extraArgs: ['-m', String(chartCache.memoryMb)],
        resources: { requests: { cpu: '100m', memory: `${Math.ceil(chartCache.memoryMb * 1.2)}Mi` } },
        podAnnotations: scrapeAnnotations(MEMCACHED_EXPORTER_PORT),
      }
      : { enabled: false },
    // Off in the chart (values.yaml `memcachedExporter.enabled: false`): on, so the cache's evictions are scraped.
    // tempo-distributed 2.26.2 (grafana-community/helm-charts 3da78851) templates/memcached/statefulset-memcached.yaml
    // adds the exporter container (9150, `memcachedExporter.resources`) while it is true, and puts
    // `memcached.podAnnotations` on the pod; components' and zones' `podAnnotations` reach theirs
    // through templates/_pod.tpl (`ingester.zoneAwareReplicationMap` carries zones[].podAnnotations).
    ...(chartCache ? { memcachedExporter: { enabled: true, resources: { requests: { cpu: '50m', memory: '50Mi' }, limits: { memory: '250Mi' } } } } : {}),
    // With the chart's memcached off the chart writes `cache` verbatim; empty, so only the
    // structuredConfig list below (a memcached run elsewhere) is used.
    ...(ctx.memcached ? { cache: { caches: [] } } : {}),
    // The rollout-operator restarts zone-aware ingesters one zone at a time (chart: required then).
    rollout_operator: { enabled: zoneAware },
    tempo: {
      // Merged over the chart's rendered config (templates/_helpers.tpl `tempo.calculatedConfig`).
      structuredConfig: {
        query_frontend: { multi_tenant_queries_enabled: ctx.tenantFederation },
        ingester: { lifecycler: { ring: { kvstore: store() } } },
        distributor: { ring: { kvstore: store() } },
        compactor: { ring: { kvstore: store() } },
        ...(m ? { metrics_generator: { ring: { kvstore: store() }, processor: { local_blocks: { ...LOCAL_BLOCKS } } } } : {}),
        ...(ctx.memcached ? { cache: externalCaches(ctx.memcached) } : {}),
      },
    },
  };
}

/** The Services the endpoints come from, with their ports, as the pinned chart names them. @internal */
export interface TempoServices {
  /** `host` of the OTLP receivers (the distributor, or the single binary). */
  readonly receiverService: string;
  /** OTLP gRPC port. */
  readonly otlpGrpcPort: number;
  /** OTLP HTTP port. */
  readonly otlpHttpPort: number;
  /** The Service serving Tempo's HTTP API (the query-frontend, or the single binary). */
  readonly queryService: string;
  /** Its HTTP port. */
  readonly queryPort: number;
}

/** The port of a receiver endpoint (`0.0.0.0:4317`), as the tempo chart's Service takes it. */
function endpointPort(values: Readonly<HelmValues>, protocol: 'grpc' | 'http', fallback: number): number {
  const tempo = isPlainObject(values.tempo) ? values.tempo : {};
  const receivers = isPlainObject(tempo.receivers) ? tempo.receivers : {};
  const otlp = isPlainObject(receivers.otlp) ? receivers.otlp : {};
  const protocols = isPlainObject(otlp.protocols) ? otlp.protocols : {};
  const p = isPlainObject(protocols[protocol]) ? protocols[protocol] as HelmValues : {};
  const port = typeof p.endpoint === 'string' ? Number(p.endpoint.split(':').pop()) : NaN;
  return Number.isInteger(port) ? port : fallback;
}

/**
 * The Services of a release: `tempo` names its one Service `<fullname>` (templates/service.yaml:
 * 3200, and the OTLP ports of `tempo.receivers`, templates/_ports.tpl); tempo-distributed names
 * them `<fullname>-distributor` (4317, 4318: distributor/service-distributor.yaml) and
 * `<fullname>-query-frontend` (`queryFrontend.service.httpMetricsPort`, 3200: the HTTP API,
 * query-frontend/service-query-frontend.yaml). Fullname: tempo/_helpers.tpl `tempo.fullname`. @internal
 */
export function tempoServices(chart: TempoChart, releaseName: string, values: Readonly<HelmValues>): TempoServices {
  const fullname = chartFullname('tempo', releaseName, values);
  if (chart === 'tempo') {
    return { receiverService: fullname, otlpGrpcPort: endpointPort(values, 'grpc', 4317), otlpHttpPort: endpointPort(values, 'http', 4318), queryService: fullname, queryPort: 3200 };
  }
  const qf = isPlainObject(values.queryFrontend) ? values.queryFrontend : {};
  const service = isPlainObject(qf.service) ? qf.service : {};
  const queryPort = typeof service.httpMetricsPort === 'number' ? service.httpMetricsPort : 3200;
  return { receiverService: `${fullname}-distributor`, otlpGrpcPort: 4317, otlpHttpPort: 4318, queryService: `${fullname}-query-frontend`, queryPort };
}

/** The endpoints of a release's Services, in the role's namespace; in-cluster OTLP gRPC is plaintext. @internal */
export function tempoEndpoints(chart: TempoChart, releaseName: string, namespace: string, values: Readonly<HelmValues>): TempoEndpoints {
  const s = tempoServices(chart, releaseName, values);
  return TempoEndpoints.external({
    otlpGrpcUrl: serviceUrl(s.receiverService, namespace, s.otlpGrpcPort, values).replace(/^http:\/\//, ''),
    otlpHttpUrl: serviceUrl(s.receiverService, namespace, s.otlpHttpPort, values),
    queryUrl: serviceUrl(s.queryService, namespace, s.queryPort, values),
    otlpGrpcInsecure: true,
  });
}
