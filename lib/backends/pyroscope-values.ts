import type { IWorkloadRole } from '../aws/i-workload-role';
import type { Tier } from '../config/tier';
import { HelmValues, deepFreeze, deepMerge, isPlainObject } from '../helm/values';
import type { PodResources, RingStore } from './backend-props';
import { podResources } from './private/pod-sizes';
import { scrapeAnnotations } from './private/scrape';
import { chartFullname, serviceUrl } from './private/service-url';
import { ZONE_LABEL } from './private/zones';
import { kvstore, s3Endpoint } from './private/storage';

/** How the pyroscope chart lays Pyroscope out (`architecture.microservices.enabled`). */
export type PyroscopeArchitecture =
  /** One process with every module (`-target=all`): the chart's default single-binary StatefulSet. */
  | 'single-binary'
  /** Every component as its own workload: the chart's `architecture.microservices.v1` layout. */
  | 'microservices';

/** A Pyroscope workload of the pyroscope chart (1.20.3) whose replicas and size this library sets. */
export type PyroscopeComponent =
  /** The single binary, every module in one process (monolithic tier); holds the ingester ring. */
  | 'singleBinary'
  /** Receives profiles (Alloy's `pyroscope.write`, SDKs) and forwards them to the ingesters. */
  | 'distributor'
  /** Keeps recent profiles in memory and on its volume, uploads blocks to S3. */
  | 'ingester'
  /** Evaluates queries over ingesters and store-gateways. */
  | 'querier'
  /** Splits and queues queries in front of the queriers: the query endpoint. */
  | 'queryFrontend'
  /** Queues queries between query-frontends and queriers. */
  | 'queryScheduler'
  /** Serves the blocks in S3 to the queriers; keeps block headers on its volume. */
  | 'storeGateway'
  /** Compacts blocks in S3 and deletes them after the retention. */
  | 'compactor'
  /** Serves the per-tenant settings API (settings kept in the bucket). */
  | 'tenantSettings'
  /** Serves the ad-hoc profile upload and view API (profiles kept in the bucket). */
  | 'adHocProfiles';

/**
 * The chart's name of each component: its `-target`, its key in `pyroscope.components` and in
 * `architecture.microservices.v1`, and the suffix of its Service and workload (`<fullname>-<name>`);
 * the single binary is the chart's `all` target, named `<fullname>` (templates/_helpers.tpl
 * `pyroscope.components`).
 */
export const PYROSCOPE_CHART_COMPONENTS: Readonly<Record<PyroscopeComponent, string>> = deepFreeze({
  singleBinary: 'all',
  distributor: 'distributor',
  ingester: 'ingester',
  querier: 'querier',
  queryFrontend: 'query-frontend',
  queryScheduler: 'query-scheduler',
  storeGateway: 'store-gateway',
  compactor: 'compactor',
  tenantSettings: 'tenant-settings',
  adHocProfiles: 'ad-hoc-profiles',
});

/** The components of each architecture, in the order of the write and read paths. */
export const PYROSCOPE_ARCHITECTURE_COMPONENTS: Readonly<Record<PyroscopeArchitecture, readonly PyroscopeComponent[]>> = deepFreeze({
  'single-binary': ['singleBinary'],
  'microservices': ['distributor', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'storeGateway', 'compactor', 'tenantSettings', 'adHocProfiles'],
});

/** Every Pyroscope component this library sizes. */
export const PYROSCOPE_COMPONENTS: readonly PyroscopeComponent[] = Object.freeze([
  ...PYROSCOPE_ARCHITECTURE_COMPONENTS['single-binary'],
  ...PYROSCOPE_ARCHITECTURE_COMPONENTS.microservices,
]);

/** Size of one Pyroscope workload in a tier. */
export interface PyroscopeComponentSize {
  /** Pods. */
  readonly replicas: number;
  /** CPU request. */
  readonly cpu: string;
  /** Memory request. */
  readonly memory: string;
  /** Memory limit. */
  readonly memoryLimit: string;
  /**
   * Persistent volume per pod, mounted at /data (ingester blocks not yet uploaded, store-gateway
   * block headers, compactor scratch space).
   * @default - none: an emptyDir, the workload keeps nothing on disk worth keeping
   */
  readonly volume?: string;
}

/** The layout of one tier: the chart's architecture and the size of each of its workloads. */
export interface PyroscopeTierLayout {
  /** Single binary or microservices (`architecture.microservices.enabled`). */
  readonly architecture: PyroscopeArchitecture;
  /** Every workload of the architecture, sized. */
  readonly components: Readonly<Partial<Record<PyroscopeComponent, PyroscopeComponentSize>>>;
}

/**
 * How each tier maps onto the pyroscope chart. Pyroscope has no read/write mode, so
 * `simple-scalable` is the chart's microservices layout reduced: fewer replicas, smaller pods.
 * `microservices` is the chart's own `architecture.microservices.v1` layout and sizes (values.yaml,
 * reference/sizing.md). Ingester volumes stay well above the ingester's 10 GiB free-space floor
 * (`pyroscopedb.min_free_disk_gb`), below which it deletes local blocks early.
 */
export const PYROSCOPE_TIERS: Readonly<Record<Tier, PyroscopeTierLayout>> = deepFreeze({
  'monolithic': {
    architecture: 'single-binary',
    components: {
      singleBinary: { replicas: 1, cpu: '500m', memory: '1Gi', memoryLimit: '4Gi', volume: '20Gi' },
    },
  },
  'simple-scalable': {
    architecture: 'microservices',
    components: {
      distributor: { replicas: 2, cpu: '250m', memory: '256Mi', memoryLimit: '1Gi' },
      ingester: { replicas: 3, cpu: '500m', memory: '2Gi', memoryLimit: '4Gi', volume: '30Gi' },
      querier: { replicas: 2, cpu: '500m', memory: '256Mi', memoryLimit: '1Gi' },
      queryFrontend: { replicas: 1, cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
      queryScheduler: { replicas: 1, cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
      storeGateway: { replicas: 2, cpu: '500m', memory: '1Gi', memoryLimit: '4Gi', volume: '10Gi' },
      compactor: { replicas: 1, cpu: '500m', memory: '2Gi', memoryLimit: '4Gi', volume: '20Gi' },
      tenantSettings: { replicas: 1, cpu: '100m', memory: '64Mi', memoryLimit: '256Mi' },
      adHocProfiles: { replicas: 1, cpu: '100m', memory: '64Mi', memoryLimit: '256Mi' },
    },
  },
  'microservices': {
    architecture: 'microservices',
    components: {
      distributor: { replicas: 2, cpu: '500m', memory: '256Mi', memoryLimit: '1Gi' },
      ingester: { replicas: 3, cpu: '1', memory: '8Gi', memoryLimit: '16Gi', volume: '50Gi' },
      querier: { replicas: 3, cpu: '1', memory: '256Mi', memoryLimit: '1Gi' },
      queryFrontend: { replicas: 2, cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
      queryScheduler: { replicas: 2, cpu: '100m', memory: '256Mi', memoryLimit: '1Gi' },
      storeGateway: { replicas: 3, cpu: '1', memory: '8Gi', memoryLimit: '16Gi', volume: '20Gi' },
      compactor: { replicas: 3, cpu: '1', memory: '8Gi', memoryLimit: '16Gi', volume: '30Gi' },
      tenantSettings: { replicas: 1, cpu: '100m', memory: '16Mi', memoryLimit: '4Gi' },
      adHocProfiles: { replicas: 1, cpu: '100m', memory: '16Mi', memoryLimit: '4Gi' },
    },
  },
} satisfies Record<Tier, PyroscopeTierLayout>);

/** Port of every Pyroscope Service (`pyroscope.service.port` in the pinned chart's values.yaml). */
export const PYROSCOPE_CHART_PORT = 4040;

/**
 * A values path the pinned chart reads without declaring it in values.yaml: the volume claim
 * templates take `persistence.storageClassName` (templates/deployments-statefulsets.yaml). @internal
 */
export const PYROSCOPE_UNDECLARED_VALUES = deepFreeze([
  {
    path: 'pyroscope.persistence.storageClassName',
    reason: "pyroscope 1.20.3 templates/deployments-statefulsets.yaml reads persistence.storageClassName for every StatefulSet's volume claim, but values.yaml does not declare it",
  },
]);

/** Where the chart mounts each pod's data volume (templates/deployments-statefulsets.yaml). */
const DATA_DIR = '/data';

/** The components spread over zones when copies are kept: those holding the ingester ring, and the store-gateways. */
const ZONE_SPREAD: readonly PyroscopeComponent[] = ['singleBinary', 'ingester', 'storeGateway'];

/** What {@link pyroscopeValues} builds the values from: the props, resolved and validated. @internal */
export interface PyroscopeValuesContext {
  /** The tier, whose layout sizes every workload. */
  readonly tier: Tier;
  /** The release name: the pods' `app.kubernetes.io/instance` label. */
  readonly releaseName: string;
  /** `pyroscope.nameOverride` or `pyroscope`: the pods' `app.kubernetes.io/name` label. */
  readonly chartName: string;
  /** Pods of every workload of the tier, overrides applied. */
  readonly replicas: Readonly<Partial<Record<PyroscopeComponent, number>>>;
  /** Copies of every profile the ingesters keep. */
  readonly replicationFactor: number;
  /** Copies of every block's serving the store-gateways keep (at most the store-gateways). */
  readonly storeGatewayReplicationFactor: number;
  /** The role whose service account every pod runs as. */
  readonly role: IWorkloadRole;
  /** Name of the Pyroscope data bucket. */
  readonly bucketName: string;
  /** AWS region of the bucket. */
  readonly region: string;
  /** Days the compactor keeps blocks. */
  readonly retentionDays: number;
  /** Where the hash rings live. */
  readonly ring: RingStore;
  /** StorageClass of every persistent volume. */
  readonly storageClassName: string;
  /** Requests (and limits) per pod in place of the layout's, for the workloads given. */
  readonly resources?: Readonly<Partial<Record<PyroscopeComponent, PodResources>>>;
  /** Volume sizes in place of the layout's, for the workloads given (those with a volume). */
  readonly volumes?: Readonly<Partial<Record<PyroscopeComponent, string>>>;
}

/**
 * The pyroscope chart values for a tier: the tier's workloads from {@link PYROSCOPE_TIERS}, then the
 * part every tier shares (identity, S3, tenancy, retention, rings, disruption budgets), written
 * once. The user's override is merged over these by ChartRelease. @internal
 */
export function pyroscopeValues(ctx: PyroscopeValuesContext): HelmValues {
  const layout = PYROSCOPE_TIERS[ctx.tier];
  const microservices = layout.architecture === 'microservices';
  const shared: HelmValues = {
    architecture: { microservices: { enabled: microservices } },
    pyroscope: {
      // Every pod of every component runs as this one account (_helpers.tpl pyroscope.serviceAccountName).
      serviceAccount: { create: true, name: ctx.role.serviceAccount, annotations: { ...ctx.role.serviceAccountAnnotations } },
      // The chart's default is `log.level: debug`.
      extraArgs: { 'log.level': 'info' },
      // Every component's pods, opted in to the collector's scrape on the one port Pyroscope serves
      // (/metrics on 4040). Helm merges them with the chart's own (profiles.grafana.com/* self-profiling).
      podAnnotations: scrapeAnnotations(PYROSCOPE_CHART_PORT),
      // Merged into every component by the chart: one budget per workload.
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      // Inherited by every component's persistence; only the ones with `enabled` get a volume.
      persistence: { storageClassName: ctx.storageClassName },
      structuredConfig: structuredConfig(ctx),
    },
    // The stack runs its own collector; the chart's Alloy (on by default) would scrape the cluster twice.
    alloy: { enabled: false },
    agent: { enabled: false },
    // Data goes to the platform's bucket, never to the chart's MinIO.
    minio: { enabled: false },
  };
  return deepMerge(shared, { pyroscope: microservices ? { components: components(ctx) } : singleBinary(ctx) });
}

/** The single binary: the chart's `pyroscope.*` values, since `pyroscope.components` must stay empty. */
function singleBinary(ctx: PyroscopeValuesContext): HelmValues {
  const size = PYROSCOPE_TIERS[ctx.tier].components.singleBinary!;
  return {
    replicaCount: ctx.replicas.singleBinary ?? size.replicas,
    resources: resources(ctx, 'singleBinary', size),
    persistence: { enabled: true, size: ctx.volumes?.singleBinary ?? size.volume },
    ...(ctx.replicationFactor > 1 ? { topologySpreadConstraints: [zoneSpread(ctx, 'singleBinary')] } : {}),
  };
}

/** The microservices: `pyroscope.components.<name>`, merged by the chart over its v1 layout. */
function components(ctx: PyroscopeValuesContext): HelmValues {
  const layout = PYROSCOPE_TIERS[ctx.tier];
  // The chart passes the store-gateway ring's replication factor to queriers and store-gateways as
  // a flag (values.yaml architecture.microservices.v1), which beats the config file: set it there too.
  const storeGatewayArgs = { 'store-gateway.sharding-ring.replication-factor': String(ctx.storeGatewayReplicationFactor) };
  const out: HelmValues = {};
  for (const c of PYROSCOPE_ARCHITECTURE_COMPONENTS.microservices) {
    const size = layout.components[c]!;
    out[PYROSCOPE_CHART_COMPONENTS[c]] = {
      replicaCount: ctx.replicas[c] ?? size.replicas,
      resources: resources(ctx, c, size),
      ...(size.volume ? { persistence: { enabled: true, size: ctx.volumes?.[c] ?? size.volume } } : {}),
      ...(c === 'querier' || c === 'storeGateway' ? { extraArgs: { ...storeGatewayArgs } } : {}),
      ...(ZONE_SPREAD.includes(c) && ctx.replicationFactor > 1 ? { topologySpreadConstraints: [zoneSpread(ctx, c)] } : {}),
    };
  }
  return out;
}

function resources(ctx: PyroscopeValuesContext, c: PyroscopeComponent, size: PyroscopeComponentSize): HelmValues {
  return podResources(size, size.memoryLimit, ctx.resources?.[c]);
}

/**
 * Spreads a component's pods over the zones. The chart runs each component as one workload with
 * the same arguments, so Pyroscope's zone-aware ring (which needs each pod's zone) cannot be used;
 * with as many ingesters as copies, spreading puts each copy in its own zone. The chart writes the
 * constraints as they are (no tpl), so the labels are literal.
 */
function zoneSpread(ctx: PyroscopeValuesContext, component: PyroscopeComponent): HelmValues {
  return {
    maxSkew: 1,
    topologyKey: ZONE_LABEL,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: {
      matchLabels: {
        'app.kubernetes.io/name': ctx.chartName,
        'app.kubernetes.io/instance': ctx.releaseName,
        'app.kubernetes.io/component': PYROSCOPE_CHART_COMPONENTS[component],
      },
    },
  };
}

function structuredConfig(ctx: PyroscopeValuesContext): HelmValues {
  const store = () => kvstore(ctx.ring);
  return {
    // Pyroscope's default is off: every request would be tenant `anonymous`.
    multitenancy_enabled: true,
    // Credentials come from the service account's role (IRSA or Pod Identity), never from keys.
    storage: { backend: 's3', s3: { bucket_name: ctx.bucketName, region: ctx.region, endpoint: s3Endpoint(ctx.region) } },
    // The chart mounts the data volume at /data; the image sets no working directory for ./data.
    pyroscopedb: { data_path: DATA_DIR },
    limits: { compactor_blocks_retention_period: `${ctx.retentionDays}d` },
    // Pyroscope's default replication factor is 1 (pkg/pyroscope/pyroscope.go).
    ingester: { lifecycler: { ring: { replication_factor: ctx.replicationFactor, kvstore: store() } } },
    distributor: { ring: { kvstore: store() } },
    store_gateway: { sharding_ring: { replication_factor: ctx.storeGatewayReplicationFactor, kvstore: store() } },
    compactor: { sharding_ring: { kvstore: store() } },
    query_scheduler: { ring: { kvstore: store() } },
    // The query-frontend runs the overrides exporter, which has a ring of its own.
    overrides_exporter: { ring: { kvstore: store() } },
  };
}

/**
 * The in-cluster push and query URLs of a release, as the chart's own `pyroscope.write_url` and
 * `pyroscope.read_url` helpers (templates/_helpers.tpl) compute them from the final values: the
 * distributor and query-frontend Services (`<fullname>-distributor`, `<fullname>-query-frontend`)
 * when the release runs them, else the single binary's Service (`<fullname>`), all on
 * `pyroscope.service.port` (4040); with `architecture.deployUnifiedServices`, the chart's
 * `<release>-write` and `<release>-read` Services on port 80 (templates/unified-services.yaml). @internal
 */
export function pyroscopeUrls(releaseName: string, namespace: string, values: Readonly<HelmValues>): { pushUrl: string; queryUrl: string } {
  const pyroscope = isPlainObject(values.pyroscope) ? values.pyroscope : {};
  const architecture = isPlainObject(values.architecture) ? values.architecture : {};
  const micro = isPlainObject(architecture.microservices) ? architecture.microservices : {};
  const domain = typeof pyroscope.cluster_domain === 'string' ? pyroscope.cluster_domain.replace(/^\.+|\.+$/g, '') : '';
  const at = { global: { clusterDomain: domain } };
  if (architecture.deployUnifiedServices === true) {
    return { pushUrl: serviceUrl(`${releaseName}-write`, namespace, 80, at), queryUrl: serviceUrl(`${releaseName}-read`, namespace, 80, at) };
  }
  // The chart's fullname and name overrides live under `pyroscope.` (_helpers.tpl pyroscope.fullname).
  const fullname = chartFullname('pyroscope', releaseName, pyroscope);
  const service = isPlainObject(pyroscope.service) ? pyroscope.service : {};
  const port = typeof service.port === 'number' ? service.port : PYROSCOPE_CHART_PORT;
  const own = isPlainObject(pyroscope.components) ? pyroscope.components : {};
  // In microservices mode the chart's layouts (v1 and v2) both have a distributor and a query-frontend;
  // otherwise the components are exactly `pyroscope.components` (the legacy layout).
  const runs = (name: string) => (micro.enabled === true ? true : name in own);
  const url = (name: string) => {
    if (!runs(name)) return serviceUrl(fullname, namespace, port, at);
    const cfg = isPlainObject(own[name]) ? own[name] : {};
    const svc = isPlainObject(cfg.service) ? cfg.service : {};
    return serviceUrl(`${fullname}-${name}`, namespace, typeof svc.port === 'number' ? svc.port : port, at);
  };
  return { pushUrl: url('distributor'), queryUrl: url('query-frontend') };
}
