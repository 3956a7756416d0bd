import { Token } from 'cdktf';
import { ILgtmBuckets } from '../aws/i-lgtm-buckets';
import { IWorkloadRole } from '../aws/i-workload-role';
import { MemcachedEndpoint } from '../aws/memcached-endpoint';
import { Tier } from '../config/tier';
import { HelmValues, deepFreeze } from '../helm/values';
import { PodResources, RingStore } from './backend-props';
import { podResources } from './private/pod-sizes';
import { MEMCACHED_EXPORTER_PORT, scrapeAnnotations } from './private/scrape';
import type { LokiTenantLimits } from './loki-cluster';
import { ReplicationZone, ZONE_LABEL } from './private/zones';
import { kvstore } from './private/storage';

/** How the Loki chart lays Loki out: its `deploymentMode` values this library uses. */
export type LokiDeploymentMode =
  /** One process with every target (`-target=all`), the chart's `singleBinary` StatefulSet. */
  | 'Monolithic'
  /** The read, write and backend targets. Deprecated by the chart (removed in Loki 4). */
  | 'SimpleScalable'
  /** Every component as its own workload (microservices). */
  | 'Distributed';

/** A Loki workload of the chart whose replicas can be set: the chart's values section of it. */
export type LokiComponent =
  /** The single binary (monolithic tier). */
  | 'singleBinary'
  /** The write target: distributor and ingester (simple-scalable tier). */
  | 'write'
  /** The read target: query-frontend and querier (simple-scalable tier). */
  | 'read'
  /** The backend target: compactor, index-gateway, query-scheduler, ruler (simple-scalable tier). */
  | 'backend'
  /** Distributor (microservices tier). */
  | 'distributor'
  /** Ingester, zone-aware when the replication factor is above 1 (microservices tier). */
  | 'ingester'
  /** Querier (microservices tier). */
  | 'querier'
  /** Query-frontend (microservices tier). */
  | 'queryFrontend'
  /** Query-scheduler (microservices tier). */
  | 'queryScheduler'
  /** Index-gateway (microservices tier). */
  | 'indexGateway'
  /** Compactor: retention and index compaction; one is enough (microservices tier). */
  | 'compactor'
  /** Ruler (microservices tier). */
  | 'ruler'
  /** The nginx gateway in front of every tier: the Service clients reach (`LokiEndpoints`). */
  | 'gateway';

/** Size of one Loki workload in a tier. */
export interface LokiComponentSize {
  /** Pods. */
  readonly replicas: number;
  /** CPU request. */
  readonly cpu: string;
  /** Memory request. */
  readonly memory: string;
  /** Memory limit; the chart derives GOMEMLIMIT from it (`defaults.goSettings.goMemLimitFactor`). */
  readonly memoryLimit: string;
  /**
   * Persistent volume per pod (WAL, compactor working directory).
   * @default - none: the workload keeps nothing on disk worth keeping
   */
  readonly volume?: string;
}

/** Size of one of the chart's memcached caches. */
export interface LokiCacheSize {
  /** memcached pods. */
  readonly replicas: number;
  /** Memory of each pod for items, in MB (the chart's `allocatedMemory`). */
  readonly allocatedMemoryMb: number;
}

/** How one tier lays Loki out: the deployment mode, the workloads it runs and the chart's caches. */
export interface LokiTierLayout {
  /** The chart's `deploymentMode`. */
  readonly deploymentMode: LokiDeploymentMode;
  /** The workloads of the mode (every other workload of the chart runs 0 replicas). */
  readonly components: Readonly<Partial<Record<LokiComponent, LokiComponentSize>>>;
  /**
   * The chart's chunk and results caches.
   * @default - none: no cache
   */
  readonly caches?: { readonly chunks: LokiCacheSize; readonly results: LokiCacheSize };
}

/**
 * How each tier maps onto the Loki chart, with the sizes of each workload: requests from Loki's
 * sizing guide (grafana.com/docs/loki/latest/setup/size, smallest row) scaled down to HA minimums;
 * dev (monolithic) is kept small. Replicas can be overridden per component (`LokiClusterProps.replicas`).
 */
export const LOKI_TIERS: Readonly<Record<Tier, LokiTierLayout>> = deepFreeze({
  'monolithic': {
    deploymentMode: 'Monolithic',
    components: {
      singleBinary: { replicas: 1, cpu: '500m', memory: '1Gi', memoryLimit: '2Gi', volume: '10Gi' },
      gateway: { replicas: 1, cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
    },
  },
  'simple-scalable': {
    deploymentMode: 'SimpleScalable',
    components: {
      write: { replicas: 3, cpu: '1', memory: '2Gi', memoryLimit: '4Gi', volume: '10Gi' },
      read: { replicas: 3, cpu: '1', memory: '2Gi', memoryLimit: '4Gi' },
      backend: { replicas: 3, cpu: '500m', memory: '1Gi', memoryLimit: '2Gi', volume: '10Gi' },
      gateway: { replicas: 2, cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
    },
    caches: { chunks: { replicas: 1, allocatedMemoryMb: 2048 }, results: { replicas: 1, allocatedMemoryMb: 512 } },
  },
  'microservices': {
    deploymentMode: 'Distributed',
    components: {
      distributor: { replicas: 2, cpu: '500m', memory: '512Mi', memoryLimit: '1Gi' },
      ingester: { replicas: 3, cpu: '1', memory: '4Gi', memoryLimit: '8Gi', volume: '20Gi' },
      querier: { replicas: 2, cpu: '1', memory: '1Gi', memoryLimit: '2Gi' },
      queryFrontend: { replicas: 2, cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' },
      queryScheduler: { replicas: 2, cpu: '250m', memory: '256Mi', memoryLimit: '512Mi' },
      indexGateway: { replicas: 2, cpu: '500m', memory: '2Gi', memoryLimit: '4Gi' },
      compactor: { replicas: 1, cpu: '1', memory: '4Gi', memoryLimit: '8Gi', volume: '20Gi' },
      ruler: { replicas: 1, cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' },
      gateway: { replicas: 2, cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
    },
    caches: { chunks: { replicas: 2, allocatedMemoryMb: 4096 }, results: { replicas: 2, allocatedMemoryMb: 1024 } },
  },
} satisfies Record<Tier, LokiTierLayout>);

/**
 * The chart's Loki workloads of each deployment mode: the chart's templates/validate.yaml refuses
 * replicas in two modes at once, so every workload of the other modes runs 0. @internal
 */
export const LOKI_MODE_TARGETS: Readonly<Record<LokiDeploymentMode, readonly LokiComponent[]>> = deepFreeze({
  Monolithic: ['singleBinary'],
  SimpleScalable: ['write', 'read', 'backend'],
  Distributed: ['distributor', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor', 'ruler'],
});

/** The first `from` date of Loki's schema: fixed, since a moving date would rewrite the schema. */
export const LOKI_SCHEMA_FROM = '2024-04-01';

/**
 * Zones of the chart's zone-aware ingesters: always zone-a, zone-b and zone-c, each a StatefulSet of
 * ceil(ingester.replicas / 3) pods (templates/ingester/workload.yaml, _helpers.tpl). @internal
 */
export const LOKI_CHART_ZONES = 3;

/** Where every Loki target serves /metrics: `server.http_listen_port`, 3100 in the chart (`loki.server`). */
export const LOKI_METRICS_PORT = 3100;

/** Where the chart mounts each Loki pod's data volume (`_pod.tpl`, volume `data` / `storage`). */
const DATA_DIR = '/var/loki';

/** What {@link lokiValues} builds the values from: the props, resolved and validated. @internal */
export interface LokiValuesContext {
  readonly tier: Tier;
  /** Replicas of every workload of the tier, overrides applied. */
  readonly replicas: Readonly<Partial<Record<LokiComponent, number>>>;
  readonly replicationFactor: number;
  /** The chart's three ingester zones pinned to availability zones; undefined when not zone-aware. */
  readonly zones?: readonly ReplicationZone[];
  readonly storageClassName: string;
  readonly role: IWorkloadRole;
  readonly buckets: ILgtmBuckets;
  readonly region: string;
  readonly retentionDays: number;
  readonly tenants: readonly string[];
  readonly tenantLimits: Readonly<Record<string, LokiTenantLimits>>;
  readonly tenantFederation: boolean;
  readonly ring: RingStore;
  readonly memcached?: MemcachedEndpoint;
  /** Root of the Alertmanager the ruler notifies (Mimir's `/alertmanager`), if any. */
  readonly alertmanagerUrl?: string;
  /** Requests (and limits) per pod in place of the layout's, for the workloads given. */
  readonly resources?: Readonly<Partial<Record<LokiComponent, PodResources>>>;
  /** Volume sizes in place of the layout's, for the workloads given (those with a volume). */
  readonly volumes?: Readonly<Partial<Record<LokiComponent, string>>>;
}

/**
 * The Loki chart values for a tier: the tier's layout from {@link LOKI_TIERS} and the part every
 * tier shares (storage, identity, tenancy, schema, retention, ring, caches), written once. The
 * user's override is merged over these by ChartRelease. @internal
 */
export function lokiValues(ctx: LokiValuesContext): HelmValues {
  const layout = LOKI_TIERS[ctx.tier];
  const chartCaches = layout.caches !== undefined && ctx.memcached === undefined;
  return {
    deploymentMode: layout.deploymentMode,
    ...workloads(ctx, layout),
    loki: {
      auth_enabled: true,
      commonConfig: { replication_factor: ctx.replicationFactor },
      storage: {
        type: 's3',
        bucketNames: { chunks: ctx.buckets.lokiChunks.name, ruler: ctx.buckets.lokiRuler.name },
        // Credentials come from the service account's role (IRSA or Pod Identity), never from keys.
        s3: { region: ctx.region },
      },
      schemaConfig: {
        configs: [{ from: LOKI_SCHEMA_FROM, store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
      },
      // Read by every component at /etc/loki/runtime-config (templates/runtime-configmap.yaml).
      // A tenant without limits gets an empty entry: Loki fills it from limits_config.
      runtimeConfig: { overrides: Object.fromEntries(ctx.tenants.map((t) => [t, tenantOverrides(ctx.tenantLimits[t])])) },
      structuredConfig: structuredConfig(ctx),
    },
    serviceAccount: { create: true, name: ctx.role.serviceAccount, annotations: { ...ctx.role.serviceAccountAnnotations } },
    // The chart's MinIO is off by default and deprecated; stated so no override turns it on unseen.
    minio: { enabled: false },
    memcached: { enabled: chartCaches },
    chunksCache: chartCaches ? cacheValues(layout.caches!.chunks) : { enabled: false },
    resultsCache: chartCaches ? cacheValues(layout.caches!.results) : { enabled: false },
  };
}

function workloads(ctx: LokiValuesContext, layout: LokiTierLayout): HelmValues {
  const zoneAware = ctx.zones !== undefined;
  const out: HelmValues = {};
  for (const component of Object.values(LOKI_MODE_TARGETS).flat()) out[component] = { replicas: 0 };
  for (const [component, size] of Object.entries(layout.components) as [LokiComponent, LokiComponentSize][]) {
    const replicas = ctx.replicas[component] ?? size.replicas;
    const volume = size.volume ? ctx.volumes?.[component] ?? size.volume : undefined;
    out[component] = {
      replicas,
      resources: podResources(size, size.memoryLimit, ctx.resources?.[component]),
      ...(replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
      ...(volume ? { persistence: persistence(component, volume, ctx.storageClassName) } : {}),
      // Opted in to the collector's scrape; not the gateway, an nginx without a /metrics.
      ...(component === 'gateway' ? {} : { podAnnotations: scrapeAnnotations(LOKI_METRICS_PORT) }),
    };
  }
  if (layout.deploymentMode === 'SimpleScalable') {
    // The write target holds the WAL: spread its pods over zones so one zone's loss keeps a copy.
    out.write = { ...(out.write as HelmValues), topologySpreadConstraints: [zoneSpread('write')] };
  }
  if (layout.deploymentMode === 'Distributed') {
    out.ingester = {
      ...(out.ingester as HelmValues),
      zoneAwareReplication: zoneAware
        ? {
          enabled: true,
          // The chart always runs zone-a, zone-b and zone-c; pin each to one availability zone.
          ...Object.fromEntries(ctx.zones!.map((z, i) => [`zone${String.fromCharCode(65 + i)}`, { nodeSelector: { ...z.nodeSelector } }])),
        }
        : { enabled: false },
      // The rollout-operator restarts one zone at a time (StatefulSets labelled rollout-group,
      // update strategy OnDelete); RollingUpdate would restart every zone's ingesters at once.
      ...(zoneAware ? { strategy: { type: 'OnDelete' } } : {}),
    };
    if (zoneAware) out.rollout_operator = { enabled: true };
  } else {
    out.ingester = { ...(out.ingester as HelmValues), zoneAwareReplication: { enabled: false } };
  }
  return out;
}

// The chart's persistence keys differ per workload (values.yaml): singleBinary `enabled`, write and
// backend `volumeClaimsEnabled`, ingester and compactor a list of `claims` (the `data` claim is
// mounted at /var/loki).
function persistence(component: LokiComponent, size: string, storageClass: string): HelmValues {
  switch (component) {
    case 'singleBinary':
      return { enabled: true, size, storageClass };
    case 'write':
    case 'backend':
      return { volumeClaimsEnabled: true, size, storageClass };
    case 'ingester':
      return { enabled: true, inMemory: false, claims: [{ name: 'data', accessModes: ['ReadWriteOnce'], size, storageClass }] };
    default:
      return { enabled: true, claims: [{ name: 'data', accessModes: ['ReadWriteOnce'], size, storageClass }] };
  }
}

function zoneSpread(component: string): HelmValues {
  return {
    maxSkew: 1,
    topologyKey: ZONE_LABEL,
    whenUnsatisfiable: 'ScheduleAnyway',
    // The chart passes topologySpreadConstraints through tpl, as in its own defaults.
    labelSelector: {
      matchLabels: { 'app.kubernetes.io/component': component, 'app.kubernetes.io/name': '{{ include "loki.name" . }}', 'app.kubernetes.io/instance': '{{ .Release.Name }}' },
    },
  };
}

function cacheValues(size: LokiCacheSize): HelmValues {
  // The chart runs a memcached exporter beside each memcached (values.yaml `memcachedExporter.enabled: true`).
  return { enabled: true, replicas: size.replicas, allocatedMemory: size.allocatedMemoryMb, podAnnotations: scrapeAnnotations(MEMCACHED_EXPORTER_PORT) };
}

function structuredConfig(ctx: LokiValuesContext): HelmValues {
  const config: HelmValues = {
    common: { ring: { kvstore: kvstore(ctx.ring) } },
    // The WAL and the compactor's markers live on the data volume, which survives a restart.
    ingester: { wal: { dir: `${DATA_DIR}/wal` } },
    compactor: { working_directory: `${DATA_DIR}/compactor`, retention_enabled: true, delete_request_store: 's3' },
    limits_config: { retention_period: hours(ctx.retentionDays) },
    querier: { multi_tenant_queries_enabled: ctx.tenantFederation },
    // The ruler runs in every mode (single binary, backend target, ruler workload) on the ruler
    // bucket (loki.storage.bucketNames.ruler); rules arrive through its API (Alloy's
    // loki.rules.kubernetes), which must be on. Alerts go to Mimir's multi-tenant Alertmanager with
    // the rule's tenant (the ruler sends X-Scope-OrgID per tenant).
    ruler: {
      enable_api: true,
      ...(ctx.alertmanagerUrl === undefined ? {} : { alertmanager_url: ctx.alertmanagerUrl }),
    },
  };
  if (ctx.memcached) {
    // The chart writes these blocks only for its own caches; a managed memcached is configured here.
    const client = (timeout: string) => ({ addresses: ctx.memcached!.hostPort, tls_enabled: ctx.memcached!.tls, timeout, consistent_hash: true });
    config.chunk_store_config = { chunk_cache_config: { memcached_client: client('2000ms') } };
    config.query_range = { cache_results: true, results_cache: { cache: { memcached_client: client('500ms') } } };
  }
  return config;
}

function tenantOverrides(limits: LokiTenantLimits | undefined): HelmValues {
  const out: HelmValues = {};
  if (limits?.ingestionRateMb !== undefined) out.ingestion_rate_mb = limits.ingestionRateMb;
  if (limits?.ingestionBurstSizeMb !== undefined) out.ingestion_burst_size_mb = limits.ingestionBurstSizeMb;
  if (limits?.maxGlobalStreamsPerUser !== undefined) out.max_global_streams_per_user = limits.maxGlobalStreamsPerUser;
  if (limits?.maxQueryLookbackDays !== undefined) out.max_query_lookback = hours(limits.maxQueryLookbackDays);
  return out;
}

/** Days as a Loki duration: `720h` for 30; a token (known at apply only) as `<days>d`. */
function hours(days: number): string {
  return Token.isUnresolved(days) ? `${Token.asString(days)}d` : `${days * 24}h`;
}
