import type { IWorkloadRole } from '../aws/i-workload-role';
import type { MemcachedEndpoint } from '../aws/memcached-endpoint';
import type { Tier } from '../config/tier';
import { HelmValues, deepMerge, isPlainObject } from '../helm/values';
import type { PodResources, RingStore } from './backend-props';
import type { MimirTenantLimits } from './mimir-cluster';
import type { ReplicationZone } from './private/zones';
import { chartFullname, serviceUrl } from './private/service-url';
import { podResources } from './private/pod-sizes';
import { MEMCACHED_EXPORTER_PORT, scrapeAnnotations } from './private/scrape';
import { kvstore, s3Endpoint } from './private/storage';

/** Exemplars Mimir keeps per tenant (in memory, across ingesters): the metrics-to-traces links. */
export const MIMIR_EXEMPLARS_PER_TENANT = 100000;

/** A Mimir component the chart runs as its own workload (mimir-distributed has no single binary). */
export type MimirComponent =
  /** Receives writes (remote write, OTLP) and forwards them to the ingesters. */
  | 'distributor'
  /** Keeps recent samples in memory and on its volume (WAL, TSDB head), uploads blocks to S3. */
  | 'ingester'
  /** Evaluates queries over ingesters and store-gateways. */
  | 'querier'
  /** Splits, shards and caches queries in front of the queriers. */
  | 'queryFrontend'
  /** Queues queries between query-frontends and queriers. */
  | 'queryScheduler'
  /** Serves the blocks in S3 to the queriers. */
  | 'storeGateway'
  /** Compacts blocks in S3 and deletes them after the retention. */
  | 'compactor'
  /** Evaluates recording and alerting rules. */
  | 'ruler'
  /** Mimir's multi-tenant Alertmanager. */
  | 'alertmanager'
  /** The chart's nginx gateway, the Service every endpoint goes through. */
  | 'gateway';

/** Every Mimir component, in the order of the write and read paths. */
export const MIMIR_COMPONENTS: readonly MimirComponent[] = [
  'distributor', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'storeGateway', 'compactor', 'ruler', 'alertmanager', 'gateway',
];

/** The values section of each component in mimir-distributed 6.0.6. */
export const MIMIR_CHART_SECTIONS: Readonly<Record<MimirComponent, string>> = {
  distributor: 'distributor',
  ingester: 'ingester',
  querier: 'querier',
  queryFrontend: 'query_frontend',
  queryScheduler: 'query_scheduler',
  storeGateway: 'store_gateway',
  compactor: 'compactor',
  ruler: 'ruler',
  alertmanager: 'alertmanager',
  gateway: 'gateway',
};

/**
 * Where every Mimir component serves /metrics: its `http-metrics` port. mimir-distributed 6.0.6's
 * values.yaml `mimir.config` sets no `server.http_listen_port`, so Mimir listens on its default 8080,
 * and the chart opens `containerPort: {{ include "mimir.serverHttpListenPort" . }}`, whose default is
 * "8080" (templates/_helpers.tpl). Per-component `podAnnotations` reach the pod through
 * `mimir.podAnnotations` (`mimir.componentSectionFromName`), the caches' through
 * templates/memcached/_memcached-statefulset.tpl (`.podAnnotations`, exporter on 9150 while
 * `memcachedExporter.enabled`, true in 6.0.6). Read in grafana/mimir
 * operations/helm/charts/mimir-distributed at the stored main-branch versions (_helpers.tpl
 * 01064b3a, _memcached-statefulset.tpl 2ddc7110, gateway-dep.yaml 8d551278; chart 6.1.x-weekly):
 * the 6.0.6 release commit is not in the search index and grafana/mimir is too large to fetch.
 */
export const MIMIR_METRICS_PORT = 8080;

/** A memcached cache of mimir-distributed (its values section). */
export type MimirCache = 'results-cache' | 'chunks-cache' | 'index-cache' | 'metadata-cache';

/** A Mimir component with a persistent volume. */
export type MimirVolumeComponent = 'ingester' | 'storeGateway' | 'compactor' | 'alertmanager';

/** Every Mimir component with a persistent volume. */
export const MIMIR_VOLUME_COMPONENTS: readonly MimirVolumeComponent[] = ['ingester', 'storeGateway', 'compactor', 'alertmanager'];

/** Every memcached cache of mimir-distributed. */
export const MIMIR_CACHES: readonly MimirCache[] = ['results-cache', 'chunks-cache', 'index-cache', 'metadata-cache'];

/** Kubernetes resource requests of one pod. */
export interface MimirRequests {
  /** CPU request (`500m`, `2`). */
  readonly cpu: string;
  /** Memory request (`512Mi`, `4Gi`). */
  readonly memory: string;
}

/** The layout of one tier: what runs, how big, with which volumes and caches. */
export interface MimirTierLayout {
  /** Pods per component; ingesters and store-gateways in total over their zones. */
  readonly replicas: Readonly<Record<MimirComponent, number>>;
  /** Resource requests per pod of each component. */
  readonly requests: Readonly<Record<MimirComponent, MimirRequests>>;
  /** Persistent volume sizes: ingester WAL and TSDB, store-gateway index headers, compactor scratch, Alertmanager state. */
  readonly volumes: Readonly<Record<MimirVolumeComponent, string>>;
  /**
   * The chart's memcached caches (pods, MB of memory each).
   * @default - none: the tier runs without the chart's caches
   */
  readonly caches?: Readonly<Record<MimirCache, { readonly replicas: number; readonly allocatedMemory: number }>>;
}

/**
 * The layout of each tier. mimir-distributed 6.0.6 has no monolithic and no read-write mode, so
 * every tier runs the same components: monolithic as the smallest working layout (one pod each, no
 * caches), simple-scalable as a reduced one, microservices with the requests of the chart's
 * small.yaml (about 1M active series; reference/sizing.md). Ingesters and store-gateways count in
 * total over their zones: the chart starts ceil(replicas / zones) pods per zone.
 */
export const MIMIR_TIER_LAYOUTS: Readonly<Record<Tier, MimirTierLayout>> = {
  monolithic: {
    replicas: {
      distributor: 1, ingester: 1, querier: 1, queryFrontend: 1, queryScheduler: 1,
      storeGateway: 1, compactor: 1, ruler: 1, alertmanager: 1, gateway: 1,
    },
    requests: {
      distributor: { cpu: '100m', memory: '256Mi' },
      ingester: { cpu: '200m', memory: '1Gi' },
      querier: { cpu: '100m', memory: '256Mi' },
      queryFrontend: { cpu: '50m', memory: '128Mi' },
      queryScheduler: { cpu: '50m', memory: '64Mi' },
      storeGateway: { cpu: '100m', memory: '256Mi' },
      compactor: { cpu: '100m', memory: '256Mi' },
      ruler: { cpu: '50m', memory: '128Mi' },
      alertmanager: { cpu: '50m', memory: '64Mi' },
      gateway: { cpu: '50m', memory: '64Mi' },
    },
    volumes: { ingester: '10Gi', storeGateway: '5Gi', compactor: '10Gi', alertmanager: '1Gi' },
  },
  'simple-scalable': {
    replicas: {
      distributor: 2, ingester: 3, querier: 2, queryFrontend: 1, queryScheduler: 1,
      storeGateway: 3, compactor: 1, ruler: 1, alertmanager: 1, gateway: 2,
    },
    requests: {
      distributor: { cpu: '500m', memory: '1Gi' },
      ingester: { cpu: '1', memory: '3Gi' },
      querier: { cpu: '500m', memory: '1Gi' },
      queryFrontend: { cpu: '250m', memory: '512Mi' },
      queryScheduler: { cpu: '100m', memory: '128Mi' },
      storeGateway: { cpu: '300m', memory: '512Mi' },
      compactor: { cpu: '500m', memory: '1Gi' },
      ruler: { cpu: '250m', memory: '512Mi' },
      alertmanager: { cpu: '100m', memory: '128Mi' },
      gateway: { cpu: '100m', memory: '128Mi' },
    },
    volumes: { ingester: '20Gi', storeGateway: '10Gi', compactor: '20Gi', alertmanager: '1Gi' },
    caches: {
      'results-cache': { replicas: 1, allocatedMemory: 256 },
      'chunks-cache': { replicas: 1, allocatedMemory: 1024 },
      'index-cache': { replicas: 1, allocatedMemory: 512 },
      'metadata-cache': { replicas: 1, allocatedMemory: 256 },
    },
  },
  microservices: {
    replicas: {
      distributor: 2, ingester: 3, querier: 2, queryFrontend: 2, queryScheduler: 2,
      storeGateway: 3, compactor: 1, ruler: 2, alertmanager: 3, gateway: 2,
    },
    // small.yaml requests (reference/sizing.md); query-scheduler and gateway are not in it.
    requests: {
      distributor: { cpu: '2', memory: '4Gi' },
      ingester: { cpu: '3500m', memory: '8Gi' },
      querier: { cpu: '2', memory: '4Gi' },
      queryFrontend: { cpu: '2', memory: '2Gi' },
      queryScheduler: { cpu: '200m', memory: '256Mi' },
      storeGateway: { cpu: '1', memory: '1536Mi' },
      compactor: { cpu: '1', memory: '1536Mi' },
      ruler: { cpu: '1', memory: '2Gi' },
      alertmanager: { cpu: '1', memory: '1Gi' },
      gateway: { cpu: '250m', memory: '256Mi' },
    },
    volumes: { ingester: '50Gi', storeGateway: '10Gi', compactor: '20Gi', alertmanager: '1Gi' },
    caches: {
      'results-cache': { replicas: 2, allocatedMemory: 512 },
      'chunks-cache': { replicas: 2, allocatedMemory: 4096 },
      'index-cache': { replicas: 2, allocatedMemory: 1024 },
      'metadata-cache': { replicas: 2, allocatedMemory: 512 },
    },
  },
};

/** Everything the values of a MimirCluster are built from, resolved and validated. */
export interface MimirValuesContext {
  /** The tier, whose layout sizes every component. */
  readonly tier: Tier;
  /** The role whose service account the release runs as. */
  readonly role: IWorkloadRole;
  /** AWS region of the buckets. */
  readonly region: string;
  /** Names of the blocks, ruler and Alertmanager buckets. */
  readonly bucketNames: { readonly blocks: string; readonly ruler: string; readonly alertmanager: string };
  /** Pods per component (the tier layout with the user's override). */
  readonly replicas: Readonly<Record<MimirComponent, number>>;
  /** Copies of every write (ingesters) and of every block (store-gateways). */
  readonly replicationFactor: number;
  /** The zones of ingesters and store-gateways; empty when not zone-aware. */
  readonly zones: readonly ReplicationZone[];
  /** Days the compactor keeps blocks. */
  readonly retentionDays: number;
  /** The tenants served, each written into the runtime overrides. */
  readonly tenants: readonly string[];
  /** Limits per tenant. */
  readonly tenantLimits: Readonly<Record<string, MimirTenantLimits>>;
  /** Whether queries may span tenants. */
  readonly tenantFederation: boolean;
  /** Where the hash rings live. */
  readonly ring: RingStore;
  /** A memcached run elsewhere, instead of the chart's caches. */
  readonly memcached?: MemcachedEndpoint;
  /** StorageClass of every persistent volume. */
  readonly storageClassName: string;
  /** Requests (and limits) per pod in place of the layout's, for the components given. */
  readonly resources?: Readonly<Partial<Record<MimirComponent, PodResources>>>;
  /** Volume sizes in place of the layout's, for the components given. */
  readonly volumes?: Readonly<Partial<Record<MimirVolumeComponent, string>>>;
}

/**
 * A memcached client block for a memcached run elsewhere. `dns+` re-resolves the host (Mimir's
 * DNS service-discovery form); with TLS the server name is the host, since the client dials the
 * addresses it resolved and would otherwise check the certificate against an IP.
 */
function memcachedClient(m: MemcachedEndpoint, timeout?: string): HelmValues {
  return {
    addresses: `dns+${m.hostPort}`,
    ...(timeout ? { timeout } : {}),
    ...(m.tls ? { tls_enabled: true, tls_server_name: m.address } : {}),
  };
}

/** One tenant's limits as Mimir's runtime overrides name them. */
function tenantOverrides(limits: MimirTenantLimits | undefined): HelmValues {
  const out: HelmValues = {};
  if (limits?.ingestionRate !== undefined) out.ingestion_rate = limits.ingestionRate;
  if (limits?.ingestionBurstSize !== undefined) out.ingestion_burst_size = limits.ingestionBurstSize;
  if (limits?.maxGlobalSeriesPerUser !== undefined) out.max_global_series_per_user = limits.maxGlobalSeriesPerUser;
  if (limits?.maxQueryLookbackDays !== undefined) out.max_query_lookback = `${limits.maxQueryLookbackDays}d`;
  return out;
}

/**
 * The values of a MimirCluster (before the user's override): the tier's layout from
 * {@link MIMIR_TIER_LAYOUTS}, then what every tier shares: identity, S3, tenancy, rings, caches.
 */
export function mimirValues(ctx: MimirValuesContext): HelmValues {
  const layout = MIMIR_TIER_LAYOUTS[ctx.tier];
  const zoneAware = ctx.zones.length > 0;
  const volume = (c: MimirVolumeComponent) => ({ enabled: true, storageClass: ctx.storageClassName, size: ctx.volumes?.[c] ?? layout.volumes[c] });
  const workload = (c: MimirComponent, extra: HelmValues = {}): HelmValues => ({
    replicas: ctx.replicas[c],
    resources: podResources(layout.requests[c], undefined, ctx.resources?.[c]),
    podDisruptionBudget: { maxUnavailable: 1 },
    // Opted in to the collector's scrape; not the gateway, an nginx without a /metrics.
    ...(c === 'gateway' ? {} : { podAnnotations: scrapeAnnotations(MIMIR_METRICS_PORT) }),
    ...extra,
  });
  // The chart's zone entry (values.yaml ingester|store_gateway.zoneAwareReplication.zones[]): a list
  // replaces the chart's whole default list, so every default key of an entry is written again.
  const zoneAwareReplication: HelmValues = zoneAware
    ? {
      enabled: true,
      zones: ctx.zones.map((z) => ({
        name: z.name,
        nodeSelector: { ...z.nodeSelector },
        extraAffinity: {},
        storageClass: ctx.storageClassName,
        noDownscale: false,
        downscaleLeader: null,
        prepareDownscale: true,
      })),
    }
    : { enabled: false };
  const store = () => kvstore(ctx.ring);
  const chartCaches = ctx.memcached === undefined ? layout.caches : undefined;
  // The chart runs a memcached exporter beside each memcached (values.yaml `memcachedExporter.enabled: true`).
  const caches = Object.fromEntries(MIMIR_CACHES.map((c) => [c, chartCaches
    ? { enabled: true, ...chartCaches[c], podAnnotations: scrapeAnnotations(MEMCACHED_EXPORTER_PORT) }
    : { enabled: false }]));
  const m = ctx.memcached;
  // With a memcached of its own, Mimir gets the caches the chart would have written for its own
  // (values.yaml mimir.config: bucket_store chunks/index/metadata caches, frontend results cache,
  // ruler_storage cache), pointed at that memcached.
  const externalCaches: HelmValues = m
    ? {
      blocks_storage: {
        bucket_store: {
          chunks_cache: { backend: 'memcached', memcached: memcachedClient(m, '750ms') },
          index_cache: { backend: 'memcached', memcached: memcachedClient(m, '750ms') },
          metadata_cache: { backend: 'memcached', memcached: memcachedClient(m) },
        },
      },
      frontend: { cache_results: true, results_cache: { backend: 'memcached', memcached: memcachedClient(m, '500ms') } },
      ruler_storage: { cache: { backend: 'memcached', memcached: memcachedClient(m, '500ms') } },
    }
    : {};
  const alertmanagerRf = Math.min(ctx.replicationFactor, ctx.replicas.alertmanager);

  return {
    serviceAccount: { create: true, name: ctx.role.serviceAccount, annotations: { ...ctx.role.serviceAccountAnnotations } },
    // Classic ingester architecture: chart 6.0 turns on ingest storage and a demo Kafka by default.
    kafka: { enabled: false },
    // Data goes to the platform's buckets, never to the chart's MinIO.
    minio: { enabled: false },
    // The rollout-operator rolls zone-aware StatefulSets one zone at a time; nothing needs it otherwise.
    rollout_operator: { enabled: zoneAware },
    distributor: workload('distributor'),
    ingester: workload('ingester', { persistentVolume: volume('ingester'), zoneAwareReplication }),
    querier: workload('querier'),
    query_frontend: workload('queryFrontend'),
    query_scheduler: workload('queryScheduler'),
    store_gateway: workload('storeGateway', { persistentVolume: volume('storeGateway'), zoneAwareReplication }),
    compactor: workload('compactor', { persistentVolume: volume('compactor') }),
    ruler: workload('ruler'),
    alertmanager: workload('alertmanager', { persistentVolume: volume('alertmanager') }),
    gateway: workload('gateway', { enabled: true }),
    ...caches,
    mimir: {
      structuredConfig: deepMerge({
        multitenancy_enabled: true,
        tenant_federation: { enabled: ctx.tenantFederation },
        common: { storage: { backend: 's3', s3: { endpoint: s3Endpoint(ctx.region), region: ctx.region } } },
        blocks_storage: { s3: { bucket_name: ctx.bucketNames.blocks } },
        ruler_storage: { s3: { bucket_name: ctx.bucketNames.ruler } },
        alertmanager_storage: { s3: { bucket_name: ctx.bucketNames.alertmanager } },
        limits: {
          compactor_blocks_retention_period: `${ctx.retentionDays}d`,
          // Exemplars are how a metric links to its trace; Mimir keeps none by default
          // (-ingester.max-global-exemplars-per-user 0). Mimir's "store exemplars" guide uses 100000.
          max_global_exemplars_per_user: MIMIR_EXEMPLARS_PER_TENANT,
        },
        // chart README (classic architecture): null restores Mimir's own defaults the chart overrode for Kafka.
        ingest_storage: { enabled: false, kafka: { address: null, topic: null, auto_create_topic_default_partitions: null } },
        distributor: { remote_timeout: null, ring: { kvstore: store() } },
        ingester: { push_grpc_method_enabled: null, ring: { replication_factor: ctx.replicationFactor, kvstore: store() } },
        store_gateway: { sharding_ring: { replication_factor: ctx.replicationFactor, kvstore: store() } },
        compactor: { sharding_ring: { kvstore: store() } },
        ruler: { ring: { kvstore: store() } },
        alertmanager: { sharding_ring: { replication_factor: alertmanagerRf, kvstore: store() } },
      }, externalCaches),
    },
    runtimeConfig: {
      overrides: Object.fromEntries(ctx.tenants.map((t) => [t, tenantOverrides(ctx.tenantLimits[t])])),
    },
  };
}

/**
 * The in-cluster URL of a release's gateway Service: `gateway.service.nameOverride` or
 * `<fullname>-gateway` (templates/gateway/_helpers.tpl), on `gateway.service.port` (80).
 */
export function mimirGatewayUrl(releaseName: string, namespace: string, values: Readonly<HelmValues>): string {
  const gateway = isPlainObject(values.gateway) ? values.gateway : {};
  const service = isPlainObject(gateway.service) ? gateway.service : {};
  const name = typeof service.nameOverride === 'string' && service.nameOverride !== '' ? service.nameOverride : `${chartFullname('mimir', releaseName, values)}-gateway`;
  const port = typeof service.port === 'number' ? service.port : 80;
  return serviceUrl(name, namespace, port, values);
}
