import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { ComponentBucket } from '../aws/component-bucket';
import { DEFAULT_BACKEND_RETENTION_DAYS } from '../aws/lgtm-buckets';
import { isTier } from '../config/tier';
import { ChartRelease } from '../helm/chart-release';
import { isPlainObject } from '../helm/values';
import { DNS_SUBDOMAIN, Rule, check, known, notPositiveInteger, show } from '../private/validate';
import { BackendProps, PodResources } from './backend-props';
import { MimirEndpoints } from './mimir-endpoints';
import { MIMIR_COMPONENTS, MIMIR_TIER_LAYOUTS, MIMIR_VOLUME_COMPONENTS, MimirComponent, MimirVolumeComponent, mimirGatewayUrl, mimirValues } from './mimir-values';
import { backendRules } from './private/backend-rules';
import { podSizeRules } from './private/pod-sizes';
import { ReplicationZone, replicationZones } from './private/zones';
import { releaseOptions } from '../helm/release-options';

/** Limits of one tenant, written into Mimir's runtime overrides (reloaded without a restart). */
export interface MimirTenantLimits {
  /**
   * Samples per second the tenant may push, over all distributors (`ingestion_rate`).
   * @default - Mimir's default, 10000
   */
  readonly ingestionRate?: number;
  /**
   * Samples the tenant may push in one burst above the rate (`ingestion_burst_size`).
   * @default - Mimir's default, 200000
   */
  readonly ingestionBurstSize?: number;
  /**
   * Active series the tenant may have in the ingesters, before replication (`max_global_series_per_user`).
   * @default - Mimir's default, 150000
   */
  readonly maxGlobalSeriesPerUser?: number;
  /**
   * Days back a query may reach (`max_query_lookback`); older data is left out, not an error.
   * @default - no limit
   */
  readonly maxQueryLookbackDays?: number;
}

/** Props of {@link MimirCluster}. */
export interface MimirClusterProps extends BackendProps {
  /**
   * Pods per component, over the tier's layout (MIMIR_TIER_LAYOUTS). Ingesters and store-gateways
   * count in total over their zones (the chart starts ceil(replicas / zones) per zone), so keep them
   * a multiple of the zones; ingesters at least `replicationFactor`, store-gateways at least the zones.
   * @default - the tier's layout
   */
  readonly replicas?: Partial<Record<MimirComponent, number>>;
  /**
   * CPU and memory per pod of each component given, in place of the tier's layout
   * (MIMIR_TIER_LAYOUTS `requests`, which sets no limits): a memory limit is set only when given.
   * An environment with a `load` passes the sizes of `sizeFor` here.
   * @default - the tier's layout
   */
  readonly resources?: Partial<Record<MimirComponent, PodResources>>;
  /**
   * Persistent volume per pod (a Kubernetes quantity such as `100Gi`) of the components that have
   * one, in place of the tier's layout. Changing it on a running release needs the StatefulSet
   * recreated: Kubernetes refuses changes to its volume claim templates.
   * @default - the tier's layout (MIMIR_TIER_LAYOUTS `volumes`)
   */
  readonly volumes?: Partial<Record<MimirVolumeComponent, string>>;
  /**
   * Limits per tenant (keys must be ids in `tenants`), in the runtime overrides; a tenant without an
   * entry gets Mimir's defaults (10000 samples/s, 150000 series), too low for most production tenants.
   * @default - Mimir's default limits for every tenant
   */
  readonly tenantLimits?: Readonly<Record<string, MimirTenantLimits>>;
}

/** The release name, so the chart's resource prefix is `mimir-distributed` (it contains `mimir`). */
const RELEASE_NAME = 'mimir-distributed';

const LIMIT_FIELDS: readonly (keyof MimirTenantLimits)[] = ['ingestionRate', 'ingestionBurstSize', 'maxGlobalSeriesPerUser', 'maxQueryLookbackDays'];

/**
 * Grafana Mimir (metrics) from the pinned mimir-distributed chart, in its classic ingester
 * architecture (no Kafka), storing blocks, rules and Alertmanager state in the platform's three
 * Mimir buckets as the role's service account, multi-tenant. The chart has no monolithic and no
 * read-write mode; each tier runs every component (MIMIR_TIER_LAYOUTS):
 * - `monolithic`: one pod per component, replication factor 1, no zones, no caches (dev);
 * - `simple-scalable`: a reduced layout, 3 ingesters and 3 store-gateways over 3 zones, small caches;
 * - `microservices`: the chart's small.yaml sizes (about 1M series), 2+ of every stateless
 *   component, ingesters and store-gateways over 3 zones, replication factor 3, caches.
 * Ingesters and store-gateways are zone-aware whenever the replication factor is above 1, one zone
 * per availability zone of the cluster (as many as the replication factor). Consumers find it
 * through {@link MimirCluster.endpoints} (the chart's gateway), whose every request must carry the
 * tenant header: put an authenticating proxy in front that sets it. Beware: the chart's gateway
 * sends a request without the header on as tenant `anonymous` (values.yaml `gateway.nginx.config.file`).
 */
export class MimirCluster extends Construct {
  /** The Helm release (its `values` are the final, frozen values). */
  public readonly release: ChartRelease;
  /** Where Mimir's APIs are: the gateway Service of the release. */
  public readonly endpoints: MimirEndpoints;
  /** Copies of every write the ingesters keep (`ingester.ring.replication_factor`). */
  public readonly replicationFactor: number;
  /** Days of data the compactor keeps (`limits.compactor_blocks_retention_period`). */
  public readonly retentionDays: number;
  /** Pods per component, resolved (tier layout with the `replicas` override). */
  public readonly replicas: Readonly<Record<MimirComponent, number>>;
  /** The zones ingesters and store-gateways are spread over; empty when not zone-aware. */
  public readonly zones: readonly ReplicationZone[];

  constructor(scope: Construct, id: string, props: MimirClusterProps) {
    super(scope, id);
    const label = `MimirCluster '${this.node.path}'`;
    const tier = isTier(props.tier) ? props.tier : 'monolithic';
    const rf = props.replicationFactor ?? (tier === 'monolithic' ? 1 : 3);
    const retentionDays = props.retentionDays ?? DEFAULT_BACKEND_RETENTION_DAYS.mimirBlocks;
    const overrides = props.replicas ?? {};
    const replicas = { ...MIMIR_TIER_LAYOUTS[tier].replicas, ...(isPlainObject(overrides) ? overrides : {}) } as Record<MimirComponent, number>;
    const tenants = Array.isArray(props.tenants) ? props.tenants : [];
    const limits = props.tenantLimits ?? {};
    const azs = props.cluster?.network?.availabilityZones ?? [];
    const zoneAware = Number.isInteger(rf) && rf > 1;
    const zoneCount = Math.min(rf, azs.length);
    const buckets = props.buckets;
    const expectedBuckets = [['mimirBlocks', 'mimir-blocks'], ['mimirRuler', 'mimir-ruler'], ['mimirAlertmanager', 'mimir-alertmanager']] as const;
    const storageClassName = props.storageClassName ?? 'gp3';
    const gatewayOverride = isPlainObject(props.values) && isPlainObject(props.values.gateway) ? props.values.gateway.enabled : undefined;

    const rules: Rule[] = [
      ...backendRules(props, 'mimir', retentionDays, buckets?.mimirBlocks as ComponentBucket, rf, replicas.ingester),
      { when: !isPlainObject(overrides), message: `replicas is ${show(overrides)}, but it must be an object of component: count` },
      ...Object.keys(isPlainObject(overrides) ? overrides : {}).filter((c) => !MIMIR_COMPONENTS.includes(c as MimirComponent)).map((c) => ({
        when: true,
        message: `replicas.${c} is not a Mimir component; allowed are ${MIMIR_COMPONENTS.join(', ')}`,
      })),
      ...MIMIR_COMPONENTS.filter((c) => overrides[c] !== undefined).map((c) => ({
        when: notPositiveInteger(overrides[c]),
        message: `replicas.${c} is ${show(overrides[c])}, but it must be a positive integer`,
      })),
      ...podSizeRules(props.resources, props.volumes, {
        resources: MIMIR_COMPONENTS,
        volumes: MIMIR_VOLUME_COMPONENTS,
        runs: `it is not a Mimir component; allowed are ${MIMIR_COMPONENTS.join(', ')}`,
        hasVolumes: `only ${MIMIR_VOLUME_COMPONENTS.join(', ')} have a persistent volume`,
      }),
      {
        when: zoneAware && azs.length < rf,
        message: `replicationFactor is ${rf}, but the cluster's network has ${azs.length} availability zone(s); zone-aware replication needs at least one zone per copy`,
      },
      {
        when: zoneAware && Number.isInteger(replicas.storeGateway) && replicas.storeGateway < zoneCount,
        message: `replicas.storeGateway is ${replicas.storeGateway}, but zone-aware store-gateways need at least one per zone (${zoneCount})`,
      },
      ...expectedBuckets.map(([key, purpose]) => ({
        when: buckets?.[key]?.purpose !== purpose,
        message: `buckets.${key} is ${buckets?.[key] ? `the '${buckets[key].purpose}' bucket` : show(buckets?.[key])}, but Mimir needs its '${purpose}' bucket there`,
      })),
      { when: known(storageClassName) && !DNS_SUBDOMAIN.test(storageClassName), message: `storageClassName is ${show(storageClassName)}, but it must be a StorageClass name (a lowercase DNS subdomain)` },
      { when: !isPlainObject(limits), message: `tenantLimits is ${show(limits)}, but it must be an object of tenant id: limits` },
      ...Object.keys(isPlainObject(limits) ? limits : {}).filter((t) => !tenants.includes(t)).map((t) => ({
        when: true,
        message: `tenantLimits has tenant ${show(t)}, but tenants lists only ${tenants.map(show).join(', ') || 'none'}; limits are for served tenants`,
      })),
      ...Object.entries(isPlainObject(limits) ? limits : {}).flatMap(([t, l]) => limitRules(t, l)),
      {
        when: gatewayOverride === false,
        message: "values.gateway.enabled is false, but the endpoints are the gateway Service's; keep the gateway (put an ingress or proxy in front of it instead)",
      },
    ];
    check(label, rules);

    const zones = zoneAware ? replicationZones(props.cluster, rf) : [];
    for (const c of ['ingester', 'storeGateway'] as const) {
      if (zones.length > 0 && replicas[c] % zones.length !== 0) {
        Annotations.of(this).addWarning(
          `${label}: replicas.${c} is ${replicas[c]}, not a multiple of the ${zones.length} zones; the chart starts ${Math.ceil(replicas[c] / zones.length)} per zone (${Math.ceil(replicas[c] / zones.length) * zones.length} in all)`,
        );
      }
    }

    this.replicationFactor = rf;
    this.retentionDays = retentionDays;
    this.replicas = Object.freeze({ ...replicas });
    this.zones = zones;
    this.release = new ChartRelease(this, 'release', {
      chart: 'mimir-distributed',
      releaseName: RELEASE_NAME,
      ...releaseOptions(props, props.role.namespace, props.dependsOn),
      baseValues: mimirValues({
        tier,
        role: props.role,
        region: props.region,
        bucketNames: { blocks: buckets.mimirBlocks.name, ruler: buckets.mimirRuler.name, alertmanager: buckets.mimirAlertmanager.name },
        replicas,
        replicationFactor: rf,
        zones,
        retentionDays,
        tenants,
        tenantLimits: limits,
        tenantFederation: props.tenantFederation ?? false,
        ring: props.ring ?? { kind: 'memberlist' },
        memcached: props.memcached,
        storageClassName,
        resources: props.resources,
        volumes: props.volumes,
      }),
    });
    this.endpoints = gatewayEndpoints(this.release, tenants);
  }
}

function limitRules(tenant: string, limits: MimirTenantLimits): Rule[] {
  if (!isPlainObject(limits as unknown)) {
    return [{ when: true, message: `tenantLimits.${tenant} is ${show(limits)}, but it must be an object of limits` }];
  }
  const unknown = Object.keys(limits).filter((k) => !LIMIT_FIELDS.includes(k as keyof MimirTenantLimits));
  const rate = limits.ingestionRate;
  return [
    ...unknown.map((k) => ({ when: true, message: `tenantLimits.${tenant}.${k} is not a limit; allowed are ${LIMIT_FIELDS.join(', ')}` })),
    {
      when: known(rate) && rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0),
      message: `tenantLimits.${tenant}.ingestionRate is ${show(rate)}, but it must be a positive number of samples per second`,
    },
    ...(['ingestionBurstSize', 'maxGlobalSeriesPerUser', 'maxQueryLookbackDays'] as const).map((k) => ({
      when: notPositiveInteger(limits[k]),
      message: `tenantLimits.${tenant}.${k} is ${show(limits[k])}, but it must be a positive integer`,
    })),
  ];
}

/**
 * The endpoints of the release's gateway Service: mimir-distributed 6.0.6 deploys its nginx gateway
 * by default (values.yaml `gateway.enabled: true`), named `<fullname>-gateway` (templates/gateway/
 * _helpers.tpl `mimir.gateway.service.name`) on `gateway.service.port` (80), and routes /api/v1/push
 * and /otlp/v1/metrics to the distributors, /prometheus to the query-frontends (its rule paths to
 * the rulers) and /alertmanager to the Alertmanagers (values.yaml `gateway.nginx.config.file`).
 */
function gatewayEndpoints(release: ChartRelease, tenants: readonly string[]): MimirEndpoints {
  return MimirEndpoints.external({ url: mimirGatewayUrl(release.releaseName, release.namespace, release.values), tenants });
}
