import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { defaultServiceAccount } from '../aws/component-identities';
import { DEFAULT_BACKEND_RETENTION_DAYS } from '../aws/lgtm-buckets';
import { isTier } from '../config/tier';
import { ChartRelease } from '../helm/chart-release';
import { HelmValues, isPlainObject, valueAt } from '../helm/values';
import { DNS_SUBDOMAIN, Rule, check, known, notPositiveInteger, show } from '../private/validate';
import { BackendProps, PodResources } from './backend-props';
import { MimirEndpoints } from './mimir-endpoints';
import { backendRules } from './private/backend-rules';
import { podSizeRules } from './private/pod-sizes';
import { releaseOptions } from '../helm/release-options';
import { ReplicationZone, replicationZones } from './private/zones';
import { TempoEndpoints } from './tempo-endpoints';
import { TEMPO_COMPONENTS, TEMPO_TIERS, TempoChart, TempoComponent, TempoWorkload, tempoEndpoints, tempoValues } from './tempo-values';

/** Props of {@link TempoCluster}. */
export interface TempoClusterProps extends BackendProps {
  /**
   * Pods per tempo-distributed component, over the tier's layout (TEMPO_TIERS). Ingesters count in
   * total over their zones (the chart starts ceil(replicas / zones) per zone) and must be at least
   * `replicationFactor`. Not for `monolithic`: Tempo's single binary runs one pod.
   * @default - the tier's layout
   */
  readonly replicas?: Readonly<Partial<Record<TempoComponent, number>>>;
  /**
   * The Mimir span metrics and service graphs go to (`MimirCluster.endpoints`): turns on the
   * metrics-generator with the service-graphs, span-metrics and local-blocks processors for every
   * tenant, remote-writing to `metrics.remoteWriteUrl`, each tenant's metrics into the same Mimir
   * tenant; when `metrics.tenants` is known it must list the same tenants as `tenants`.
   * @default - none: the metrics-generator is off (no span metrics, service graphs or TraceQL metrics)
   */
  readonly metrics?: MimirEndpoints;
  /**
   * CPU and memory per pod of each workload given, in place of the tier's layout (TEMPO_TIERS,
   * which sets no limits): only workloads the tier runs (`singleBinary` for monolithic; the
   * metrics-generator only with `metrics`); a memory limit is set only when given. An environment
   * with a `load` passes the sizes of `sizeFor` here.
   * @default - the tier's layout
   */
  readonly resources?: Readonly<Partial<Record<TempoWorkload, PodResources>>>;
  /**
   * Persistent volume per pod (a Kubernetes quantity such as `50Gi`) of the workloads the tier gives
   * one (single binary; ingester and metrics-generator), in place of the layout's. Changing it on a
   * running release needs the StatefulSet recreated: Kubernetes refuses changes to its volume claim templates.
   * @default - the tier's layout (TEMPO_TIERS)
   */
  readonly volumes?: Readonly<Partial<Record<TempoWorkload, string>>>;
}

/**
 * Grafana Tempo (traces) on the platform's traces bucket, as the Tempo workload role's service
 * account in its namespace: multi-tenant, OTLP gRPC (4317) and HTTP (4318) receivers, retention by
 * the compactor, WAL on persistent volumes, no MinIO. Tiers map to the pinned charts (TEMPO_TIERS):
 * - `monolithic`: the `tempo` chart, Tempo's single binary, 1 pod (replication factor 1: the
 *   binary forces it), no memcached;
 * - `simple-scalable`: `tempo-distributed` reduced: distributor 2, ingester 3, querier 1,
 *   query-frontend 1, compactor 1, metrics-generator 1, memcached 1;
 * - `microservices`: `tempo-distributed`: distributor 2, ingester 3 zone-aware over the cluster's
 *   first 3 availability zones (the chart flags zone-awareness experimental), querier 2,
 *   query-frontend 2, compactor 1, metrics-generator 2, memcached 2; replication factor 3.
 * The metrics-generator runs only with `metrics`. No HorizontalPodAutoscaler: the chart warns that
 * autoscaled ingesters lose data, and the other components keep the tier's counts so the PDBs and
 * the replica table say what runs (`values` can turn the chart's `autoscaling` on; metrics-server is
 * an EKS add-on of the platform). Tempo keeps no tenant list: `tenants` is checked, and compared
 * with the Mimir's span metrics go to. Clients find it through {@link TempoCluster.endpoints}.
 */
export class TempoCluster extends Construct {
  /** The Helm release (its `values` are the final, frozen values). */
  public readonly release: ChartRelease;
  /** Where collectors send spans (the distributor) and Grafana queries (the query-frontend). */
  public readonly endpoints: TempoEndpoints;
  /** The chart the tier runs. */
  public readonly chart: TempoChart;
  /** Copies of every span the ingesters keep. */
  public readonly replicationFactor: number;
  /** Days the compactor keeps blocks (`compaction.block_retention`). */
  public readonly retentionDays: number;
  /** Pods per tempo-distributed component that runs, resolved; empty when monolithic. */
  public readonly replicas: Readonly<Partial<Record<TempoComponent, number>>>;
  /** The zones the ingesters are spread over; empty when not zone-aware. */
  public readonly zones: readonly ReplicationZone[];
  /** Whether the metrics-generator runs (span metrics to `metrics`). */
  public readonly spanMetrics: boolean;

  constructor(scope: Construct, id: string, props: TempoClusterProps) {
    super(scope, id);
    const label = `TempoCluster '${this.node.path}'`;
    const tier = isTier(props.tier) ? props.tier : 'monolithic';
    const layout = TEMPO_TIERS[tier];
    const monolithic = layout.chart === 'tempo';
    const rf = props.replicationFactor ?? (monolithic ? 1 : 3);
    const retentionDays = props.retentionDays ?? DEFAULT_BACKEND_RETENTION_DAYS.tempoTraces;
    const overrides: Record<string, unknown> = isPlainObject(props.replicas) ? props.replicas : {};
    const tierReplicas = Object.fromEntries(TEMPO_COMPONENTS.map((c) => [c, layout.workloads[c]?.replicas ?? 0]));
    const replicas = { ...tierReplicas, ...overrides } as Record<TempoComponent, number>;
    const ingesters = monolithic ? 1 : replicas.ingester;
    const azs = props.cluster?.network?.availabilityZones ?? [];
    // The chart needs at least 3 zones (ingester/_helpers-ingester.tpl), so replication factor 3 or more.
    const zoneAware = tier === 'microservices' && Number.isInteger(rf) && rf >= 3;
    const traces = props.buckets?.tempoTraces;
    const storageClassName = props.storageClassName ?? 'gp3';
    const metrics = props.metrics;
    const isMimir = metrics instanceof MimirEndpoints;
    const tenants: readonly unknown[] = Array.isArray(props.tenants) ? props.tenants : [];
    const mimirTenants = isMimir && Array.isArray(metrics.tenants) && metrics.tenants.every((t) => known(t)) ? metrics.tenants : undefined;
    const notInMimir = mimirTenants ? tenants.filter((t) => !mimirTenants.includes(t as string)) : [];
    const onlyInMimir = mimirTenants ? mimirTenants.filter((t) => !tenants.includes(t)) : [];
    const userValues: HelmValues = isPlainObject(props.values) ? props.values : {};
    const generatorSwitch = monolithic ? 'tempo.metricsGenerator.enabled' : 'metricsGenerator.enabled';
    const orgIdSwitches = ['metricsGenerator.config.storage.remote_write_add_org_id_header', 'tempo.structuredConfig.metrics_generator.storage.remote_write_add_org_id_header'];
    const userAccount = valueAt(userValues, 'serviceAccount.name');
    // The workloads the release runs, and those of them with a volume.
    const runsNow = (Object.keys(layout.workloads) as TempoWorkload[]).filter((w) => w !== 'metricsGenerator' || metrics !== undefined);
    const withVolume = runsNow.filter((w) => layout.workloads[w]?.volume !== undefined);

    const rules: Rule[] = [
      ...backendRules(props, 'tempo', retentionDays, traces, rf, ingesters),
      { when: props.replicas !== undefined && !isPlainObject(props.replicas), message: `replicas is ${show(props.replicas)}, but it must be an object of component: count` },
      ...Object.keys(overrides).map((c) => ({
        when: monolithic,
        message: `replicas.${c} is given, but tier 'monolithic' runs the tempo chart's single binary, one pod (it keeps its rings in memory); use simple-scalable or microservices to scale`,
      })),
      ...Object.keys(overrides).filter((c) => !TEMPO_COMPONENTS.includes(c as TempoComponent)).map((c) => ({
        when: !monolithic,
        message: `replicas.${c} is not a Tempo component; allowed are ${TEMPO_COMPONENTS.join(', ')}`,
      })),
      ...Object.entries(overrides).map(([c, n]) => ({ when: notPositiveInteger(n as number), message: `replicas.${c} is ${show(n)}, but it must be a positive integer` })),
      ...podSizeRules(props.resources, props.volumes, {
        resources: runsNow,
        volumes: withVolume,
        runs: `tier '${tier}' runs ${runsNow.join(', ')}${metrics === undefined && !monolithic ? ' (the metrics-generator only with metrics)' : ''}`,
        hasVolumes: `tier '${tier}' has a persistent volume only for ${withVolume.join(', ')}`,
      }),
      {
        when: overrides.metricsGenerator !== undefined && metrics === undefined && !monolithic,
        message: 'replicas.metricsGenerator is given, but the metrics-generator runs only with metrics (the Mimir span metrics go to)',
      },
      {
        when: monolithic && known(rf) && rf !== 1,
        message: `replicationFactor is ${show(rf)}, but tier 'monolithic' runs Tempo's single binary, which always keeps one copy (cmd/tempo/main.go forces replication factor 1); use simple-scalable or microservices for replication`,
      },
      {
        when: zoneAware && azs.length < rf,
        message: `replicationFactor is ${rf}, but the cluster's network has ${azs.length} availability zone(s); zone-aware ingesters need at least one zone per copy`,
      },
      {
        when: traces === undefined || traces === null || (known(traces.purpose) && traces.purpose !== 'tempo-traces'),
        message: `buckets.tempoTraces is ${traces ? `the ${show(traces.purpose)} bucket` : String(traces)}, but Tempo needs its 'tempo-traces' bucket there`,
      },
      {
        when: known(props.region) && known(traces?.region) && traces?.region !== undefined && traces.region !== props.region,
        message: `region is ${show(props.region)}, but the '${traces?.purpose}' bucket is in ${show(traces?.region)}`,
      },
      { when: known(storageClassName) && !DNS_SUBDOMAIN.test(storageClassName), message: `storageClassName is ${show(storageClassName)}, but it must be a StorageClass name (a lowercase DNS subdomain)` },
      {
        when: metrics !== undefined && !isMimir,
        message: `metrics is ${nameOf(metrics)}, but it must be a MimirEndpoints (MimirCluster.endpoints or MimirEndpoints.external(...)), the Mimir span metrics go to`,
      },
      {
        when: notInMimir.length > 0 || onlyInMimir.length > 0,
        message: `tenants is ${show(tenants)}, but metrics (the Mimir span metrics go to) serves ${show(mimirTenants)}; each tenant's span metrics go to the same Mimir tenant, so both must list the same ids`
          + `${notInMimir.length > 0 ? ` (not in Mimir: ${notInMimir.map(show).join(', ')})` : ''}${onlyInMimir.length > 0 ? ` (only in Mimir: ${onlyInMimir.map(show).join(', ')})` : ''}`,
      },
      {
        when: valueAt(userValues, generatorSwitch) === true && metrics === undefined,
        message: `values.${generatorSwitch} is true, but the metrics-generator needs metrics (the Mimir it remote-writes to); pass metrics instead`,
      },
      ...orgIdSwitches.map((path) => ({
        when: valueAt(userValues, path) === false,
        message: `values.${path} is false, but without it every tenant's span metrics reach Mimir without a tenant; keep the per-tenant X-Scope-OrgID`,
      })),
      ...staticOrgIdHeaders(userValues).map((path) => ({
        when: true,
        message: `values.${path} sets a static X-Scope-OrgID, but it wins over each tenant's own (modules/generator/storage/config_util.go), so every tenant's span metrics would land in one Mimir tenant; remove it`,
      })),
      {
        when: userAccount !== undefined && known(props.role?.serviceAccount) && userAccount !== props.role?.serviceAccount,
        message: `values.serviceAccount.name is ${show(userAccount)}, but the role is bound to service account ${show(props.role?.serviceAccount)}; Tempo would run without S3 access`,
      },
      {
        when: valueAt(userValues, 'serviceAccount.create') === false,
        message: 'values.serviceAccount.create is false, but the release creates the role\'s service account (with its IRSA annotation); keep it',
      },
      ...(['grpc', 'http'] as const).map((p) => ({
        when: !monolithic && valueAt(userValues, `traces.otlp.${p}.enabled`) === false,
        message: `values.traces.otlp.${p}.enabled is false, but TempoCluster.endpoints.otlp${p === 'grpc' ? 'Grpc' : 'Http'}Url points at that receiver; keep it`,
      })),
    ];
    check(label, rules);

    const ring = props.ring ?? { kind: 'memberlist' };
    if (monolithic && ring.kind !== 'memberlist') {
      Annotations.of(this).addWarning(`${label}: ring is ${show(ring.kind)}, but Tempo's single binary (tier 'monolithic') keeps its rings in memory; the ring store is not used`);
    }
    const zones = zoneAware ? replicationZones(props.cluster, rf) : [];
    if (zones.length > 0 && replicas.ingester % zones.length !== 0) {
      Annotations.of(this).addWarning(
        `${label}: replicas.ingester is ${replicas.ingester}, not a multiple of the ${zones.length} zones; the chart starts ${Math.ceil(replicas.ingester / zones.length)} per zone (${Math.ceil(replicas.ingester / zones.length) * zones.length} in all)`,
      );
    }

    const running = monolithic ? [] : TEMPO_COMPONENTS.filter((c) => c !== 'metricsGenerator' || metrics !== undefined);
    this.chart = layout.chart;
    this.replicationFactor = rf;
    this.retentionDays = retentionDays;
    this.replicas = Object.freeze(Object.fromEntries(running.map((c) => [c, replicas[c]])));
    this.zones = zones;
    this.spanMetrics = metrics !== undefined;
    this.release = new ChartRelease(this, 'release', {
      chart: layout.chart,
      // The chart names its resources and its service account after the release when the release
      // name contains `tempo`: the same name the platform bound the role to (defaultServiceAccount).
      releaseName: defaultServiceAccount('tempo', tier),
      ...releaseOptions(props, props.role.namespace, props.dependsOn),
      baseValues: tempoValues({
        tier,
        role: props.role,
        region: props.region,
        bucketName: traces!.name,
        replicas,
        replicationFactor: rf,
        zones,
        retentionDays,
        tenantFederation: props.tenantFederation ?? false,
        ring,
        memcached: props.memcached,
        storageClassName,
        metrics,
        resources: props.resources,
        volumes: props.volumes,
      }),
    });
    this.endpoints = tempoEndpoints(layout.chart, this.release.releaseName, this.release.namespace, this.release.values);
  }
}

/** `a LokiEndpoints` for a class instance, the value otherwise: how a wrong handle is named. */
function nameOf(value: unknown): string {
  const name = value !== null && typeof value === 'object' ? (value as object).constructor?.name : undefined;
  return name && name !== 'Object' ? `a ${name}` : show(value);
}

/**
 * Dotted paths of every X-Scope-OrgID header under a remote-write block of the values
 * (`remote_write[].headers`, overrides' `remote_write_headers`), in any letter case.
 */
function staticOrgIdHeaders(values: unknown, path: readonly string[] = []): string[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => staticOrgIdHeaders(v, [...path, `[${i}]`]));
  if (!isPlainObject(values)) return [];
  return Object.entries(values).flatMap(([key, v]) => {
    const here = [...path, key];
    const underRemoteWrite = path.some((p) => p === 'remote_write' || p === 'remote_write_headers');
    if (underRemoteWrite && key.trim().toLowerCase() === 'x-scope-orgid') return [here.join('.').replace(/\.\[/g, '[')];
    return staticOrgIdHeaders(v, here);
  });
}
