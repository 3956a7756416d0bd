import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_BACKEND_RETENTION_DAYS } from '../aws/lgtm-buckets';
import { isTier } from '../config/tier';
import { ChartRelease } from '../helm/chart-release';
import { HelmValues, isPlainObject } from '../helm/values';
import { DNS_SUBDOMAIN, Rule, check, known, show } from '../private/validate';
import { BackendProps, PodResources } from './backend-props';
import { LokiEndpoints } from './loki-endpoints';
import { MimirEndpoints } from './mimir-endpoints';
import { LOKI_CHART_ZONES, LOKI_MODE_TARGETS, LOKI_TIERS, LokiComponent, LokiDeploymentMode, lokiValues } from './loki-values';
import { backendRules } from './private/backend-rules';
import { podSizeRules } from './private/pod-sizes';
import { replicationZones } from './private/zones';
import { chartFullname, serviceUrl } from './private/service-url';
import { releaseOptions } from '../helm/release-options';

/** Limits of one tenant, written into Loki's runtime overrides (`overrides.<tenant>`). */
export interface LokiTenantLimits {
  /**
   * Sustained ingestion rate of the tenant in MB/s, over the whole cluster (`ingestion_rate_mb`).
   * @default 4 (Loki's `limits_config` default)
   */
  readonly ingestionRateMb?: number;
  /**
   * Burst above the rate in MB per distributor (`ingestion_burst_size_mb`); at least the largest
   * push request, and not below `ingestionRateMb` when both are given.
   * @default 6 (Loki's `limits_config` default)
   */
  readonly ingestionBurstSizeMb?: number;
  /**
   * Active streams the tenant may have across the cluster (`max_global_streams_per_user`).
   * @default 5000 (Loki's `limits_config` default)
   */
  readonly maxGlobalStreamsPerUser?: number;
  /**
   * Days back in time a query of the tenant may reach (`max_query_lookback`); older data is
   * silently left out of results, not refused.
   * @default - no limit: queries reach back to the retention
   */
  readonly maxQueryLookbackDays?: number;
}

/** Props of {@link LokiCluster}. */
export interface LokiClusterProps extends BackendProps {
  /**
   * Pods per workload, over the tier's (`LOKI_TIERS`). Only the tier's workloads and `gateway` can be
   * set. With zone-aware ingesters (microservices, replicationFactor above 1) `ingester` is the total
   * over the chart's three zones and must be a multiple of 3; the ingester count (singleBinary,
   * write or ingester) must be at least `replicationFactor`.
   * @default - the tier's replicas (LOKI_TIERS)
   */
  readonly replicas?: Readonly<Partial<Record<LokiComponent, number>>>;
  /**
   * Limits per tenant, rendered into the runtime overrides the chart mounts (`loki.runtimeConfig`).
   * Every key must be one of `tenants`; a tenant without an entry gets Loki's defaults.
   * @default - Loki's defaults for every tenant
   */
  readonly tenantLimits?: Readonly<Record<string, LokiTenantLimits>>;
  /**
   * The Alertmanager that Loki's ruler sends log-based alerts to, each with its tenant's
   * X-Scope-OrgID: a `MimirCluster`'s `endpoints` (its multi-tenant Alertmanager).
   * @default - the ruler evaluates rules but sends alerts nowhere
   */
  readonly alertmanager?: MimirEndpoints;
  /**
   * CPU and memory per pod of each workload given, in place of the tier's layout (LOKI_TIERS); only
   * workloads the tier runs (as for `replicas`). Without `memoryLimit` the layout's limit stands,
   * raised to the request when below it. An environment with a `load` passes the sizes of `sizeFor` here.
   * @default - the tier's layout
   */
  readonly resources?: Partial<Record<LokiComponent, PodResources>>;
  /**
   * Persistent volume per pod (a Kubernetes quantity such as `50Gi`) of the workloads the tier gives
   * one (single binary; write and backend; ingester and compactor), in place of the layout's.
   * Changing it on a running release needs the StatefulSet recreated: Kubernetes refuses changes to
   * its volume claim templates.
   * @default - the tier's layout (LOKI_TIERS)
   */
  readonly volumes?: Partial<Record<LokiComponent, string>>;
}

/** Port of the chart's gateway Service (`gateway.service.port` in the pinned chart's values.yaml). */
const CHART_GATEWAY_PORT = 80;

/**
 * Grafana Loki (logs) from the pinned `loki` chart, on the platform's S3 buckets, running as the
 * Loki workload role's service account in its namespace: multi-tenant, TSDB schema v13, retention
 * by the compactor, no MinIO, persistent volumes for the WAL. Tiers map to the chart's modes
 * (`LOKI_TIERS`): `monolithic` -> `Monolithic` (single binary); `simple-scalable` ->
 * `SimpleScalable` (read, write, backend; deprecated by the chart, removed in Loki 4);
 * `microservices` -> `Distributed`, with ingesters zone-aware over three availability zones when
 * the replication factor is above 1. Clients find it through {@link LokiCluster.endpoints}.
 */
export class LokiCluster extends Construct {
  /** The Helm release (chart `loki`, pinned in the chart table). */
  public readonly release: ChartRelease;
  /** Where clients push and query: the gateway Service of the release. */
  public readonly endpoints: LokiEndpoints;
  /** Copies of every write the ingesters keep. */
  public readonly replicationFactor: number;
  /** Days the compactor keeps logs (`limits_config.retention_period`). */
  public readonly retentionDays: number;
  /** The chart's deployment mode the tier maps to. */
  public readonly deploymentMode: LokiDeploymentMode;

  constructor(scope: Construct, id: string, props: LokiClusterProps) {
    super(scope, id);
    const label = `LokiCluster '${this.node.path}'`;
    const layout = isTier(props.tier) ? LOKI_TIERS[props.tier] : undefined;
    const mode = layout?.deploymentMode;
    const replicationFactor = props.replicationFactor ?? (props.tier === 'monolithic' ? 1 : 3);
    const retentionDays = props.retentionDays ?? DEFAULT_BACKEND_RETENTION_DAYS.lokiChunks;
    const overrides: Record<string, unknown> = isPlainObject(props.replicas) ? props.replicas : {};
    const tierReplicas = Object.fromEntries(Object.entries(layout?.components ?? {}).map(([c, size]) => [c, size.replicas]));
    const replicas = { ...tierReplicas, ...overrides } as Partial<Record<LokiComponent, number>>;
    const settable: string[] = mode ? [...LOKI_MODE_TARGETS[mode], 'gateway'] : [];
    const withVolume = Object.entries(layout?.components ?? {}).filter(([, size]) => size.volume !== undefined).map(([c]) => c);
    // The pods that hold the ingester ring: the single binary, the write target or the ingesters.
    const ingesterComponent: LokiComponent = mode === 'Monolithic' ? 'singleBinary' : mode === 'SimpleScalable' ? 'write' : 'ingester';
    const ingesters = replicas[ingesterComponent] ?? 0;
    const zoneAware = mode === 'Distributed' && Number.isInteger(replicationFactor) && replicationFactor > 1;
    const zoneCount = props.cluster?.network?.availabilityZones?.length ?? 0;
    const tenants: readonly unknown[] = Array.isArray(props.tenants) ? props.tenants : [];
    const limits: Record<string, LokiTenantLimits> = isPlainObject(props.tenantLimits) ? (props.tenantLimits as Record<string, LokiTenantLimits>) : {};
    const chunks = props.buckets?.lokiChunks;
    const ruler = props.buckets?.lokiRuler;
    const storageClassName = props.storageClassName ?? 'gp3';
    const userGateway = isPlainObject(props.values) && isPlainObject(props.values.gateway) ? props.values.gateway : undefined;

    const rules: Rule[] = [
      ...backendRules(props, 'loki', retentionDays, chunks, replicationFactor, ingesters),
      {
        when: props.alertmanager !== undefined && !(props.alertmanager instanceof MimirEndpoints),
        message: `alertmanager is ${show(props.alertmanager)}, but it must be a MimirEndpoints (MimirCluster.endpoints or MimirEndpoints.external)`,
      },
      { when: props.replicas !== undefined && !isPlainObject(props.replicas), message: `replicas is ${show(props.replicas)}, but it must be an object of replicas per component` },
      ...Object.entries(overrides).flatMap(([component, n]) => [
        {
          when: mode !== undefined && !settable.includes(component),
          message: `replicas.${component} is given, but tier '${props.tier}' (deploymentMode ${mode}) runs ${settable.join(', ')}`,
        },
        { when: known(n) && (typeof n !== 'number' || !Number.isInteger(n) || n <= 0), message: `replicas.${component} is ${show(n)}, but it must be a positive integer` },
      ]),
      ...podSizeRules(props.resources, props.volumes, {
        resources: settable,
        volumes: withVolume,
        runs: `tier '${props.tier}' (deploymentMode ${mode}) runs ${settable.join(', ')}`,
        hasVolumes: `tier '${props.tier}' (deploymentMode ${mode}) has a persistent volume only for ${withVolume.join(', ') || 'none'}`,
      }),
      {
        when: zoneAware && known(ingesters) && Number.isInteger(ingesters) && ingesters % LOKI_CHART_ZONES !== 0,
        message: `replicas.ingester is ${ingesters}, but zone-aware ingesters run in the chart's ${LOKI_CHART_ZONES} zones of equal size (it would run ${LOKI_CHART_ZONES} x ${Math.ceil(ingesters / LOKI_CHART_ZONES)}); use a multiple of ${LOKI_CHART_ZONES}`,
      },
      {
        when: zoneAware && zoneCount < LOKI_CHART_ZONES,
        message: `cluster.network.availabilityZones has ${zoneCount} zone(s), but zone-aware ingesters (microservices, replicationFactor ${replicationFactor}) need ${LOKI_CHART_ZONES}, one per chart zone; use replicationFactor 1 or a cluster over ${LOKI_CHART_ZONES} zones`,
      },
      { when: props.tenantLimits !== undefined && !isPlainObject(props.tenantLimits), message: `tenantLimits is ${show(props.tenantLimits)}, but it must be an object of limits per tenant id` },
      ...Object.entries(limits).flatMap(([tenant, l]) => tenantLimitRules(tenant, l, tenants)),
      { when: chunks !== undefined && known(chunks.purpose) && chunks.purpose !== 'loki-chunks', message: `buckets.lokiChunks is the ${show(chunks?.purpose)} bucket, but Loki's chunks need the 'loki-chunks' bucket` },
      { when: ruler !== undefined && known(ruler.purpose) && ruler.purpose !== 'loki-ruler', message: `buckets.lokiRuler is the ${show(ruler?.purpose)} bucket, but Loki's ruler needs the 'loki-ruler' bucket` },
      {
        when: known(props.region) && known(chunks?.region) && chunks?.region !== undefined && chunks.region !== props.region,
        message: `region is ${show(props.region)}, but the '${chunks?.purpose}' bucket is in ${show(chunks?.region)}`,
      },
      { when: known(storageClassName) && !DNS_SUBDOMAIN.test(storageClassName), message: `storageClassName is ${show(storageClassName)}, but it must be a StorageClass name (a lowercase DNS subdomain)` },
      {
        when: userGateway?.enabled === false,
        message: "values.gateway.enabled is false, but LokiCluster.endpoints point at the chart's gateway Service; keep the gateway",
      },
    ];
    check(label, rules);
    if (mode === 'SimpleScalable') {
      Annotations.of(this).addWarning(`${label}: tier 'simple-scalable' maps to the chart's SimpleScalable mode, which the chart deprecates (removed in Loki 4); plan a move to 'microservices'`);
    }

    this.replicationFactor = replicationFactor;
    this.retentionDays = retentionDays;
    this.deploymentMode = mode!;
    const namespace = props.role.namespace;
    this.release = new ChartRelease(this, 'release', {
      chart: 'loki',
      ...releaseOptions(props, props.role.namespace, props.dependsOn),
      baseValues: lokiValues({
        tier: props.tier,
        replicas,
        replicationFactor,
        zones: zoneAware ? replicationZones(props.cluster, LOKI_CHART_ZONES) : undefined,
        storageClassName,
        role: props.role,
        buckets: props.buckets,
        region: props.region,
        retentionDays,
        tenants: props.tenants,
        tenantLimits: limits,
        tenantFederation: props.tenantFederation ?? false,
        ring: props.ring ?? { kind: 'memberlist' },
        memcached: props.memcached,
        alertmanagerUrl: props.alertmanager?.alertmanagerUrl,
        resources: props.resources,
        volumes: props.volumes,
      }),
    });
    this.endpoints = LokiEndpoints.external({ url: gatewayUrl(this.release.values, this.release.releaseName, namespace) });
  }
}

function tenantLimitRules(tenant: string, l: LokiTenantLimits, tenants: readonly unknown[]): Rule[] {
  const at = `tenantLimits['${tenant}']`;
  const positive = (field: keyof LokiTenantLimits, integer: boolean): Rule => {
    const v = l?.[field];
    return {
      when: known(v) && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))),
      message: `${at}.${field} is ${show(v)}, but it must be a positive ${integer ? 'integer' : 'number'}`,
    };
  };
  const rate = l?.ingestionRateMb;
  const burst = l?.ingestionBurstSizeMb;
  return [
    { when: !tenants.includes(tenant), message: `tenantLimits has tenant ${show(tenant)}, but tenants lists only ${tenants.map(show).join(', ')}` },
    { when: !isPlainObject(l), message: `${at} is ${show(l)}, but it must be an object of limits` },
    positive('ingestionRateMb', false),
    positive('ingestionBurstSizeMb', false),
    positive('maxGlobalStreamsPerUser', true),
    positive('maxQueryLookbackDays', true),
    {
      when: known(rate) && known(burst) && typeof rate === 'number' && typeof burst === 'number' && burst < rate,
      message: `${at}.ingestionBurstSizeMb is ${burst}, but it must be at least ingestionRateMb (${rate})`,
    },
  ];
}

/**
 * The URL of the chart's gateway Service, `<fullname>-gateway` (gateway/service.yaml,
 * `loki.resourceName`), with the chart's naming applied to the final values, so a name or port
 * override moves the endpoints with it.
 */
function gatewayUrl(values: Readonly<HelmValues>, releaseName: string, namespace: string): string {
  const gateway = isPlainObject(values.gateway) ? values.gateway : {};
  const service = isPlainObject(gateway.service) ? gateway.service : {};
  const port = typeof service.port === 'number' ? service.port : CHART_GATEWAY_PORT;
  return serviceUrl(`${chartFullname('loki', releaseName, values)}-gateway`.slice(0, 63).replace(/-$/, ''), namespace, port, values);
}
