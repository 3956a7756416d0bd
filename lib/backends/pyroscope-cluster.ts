import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_BACKEND_RETENTION_DAYS } from '../aws/lgtm-buckets';
import { isTier } from '../config/tier';
import { ChartRelease } from '../helm/chart-release';
import { isPlainObject } from '../helm/values';
import { DNS_SUBDOMAIN, Rule, check, known, show } from '../private/validate';
import { BackendProps, PodResources } from './backend-props';
import { PyroscopeEndpoints } from './pyroscope-endpoints';
import {
  PYROSCOPE_ARCHITECTURE_COMPONENTS, PYROSCOPE_COMPONENTS, PYROSCOPE_TIERS, PYROSCOPE_UNDECLARED_VALUES, PyroscopeArchitecture,
  PyroscopeComponent, pyroscopeUrls, pyroscopeValues,
} from './pyroscope-values';
import { backendRules } from './private/backend-rules';
import { podSizeRules } from './private/pod-sizes';
import { releaseOptions } from '../helm/release-options';

/** Props of {@link PyroscopeCluster}. */
export interface PyroscopeClusterProps extends BackendProps {
  /**
   * Pods per component, over the tier's (`PYROSCOPE_TIERS`). Monolithic runs only `singleBinary`;
   * the other tiers run every other component. The pods holding the ingester ring (`singleBinary`
   * or `ingester`) must be at least `replicationFactor`; the store-gateways keep
   * min(replicationFactor, store-gateways) copies of each block's index.
   * @default - the tier's replicas (PYROSCOPE_TIERS)
   */
  readonly replicas?: Readonly<Partial<Record<PyroscopeComponent, number>>>;
  /**
   * CPU and memory per pod of each workload given, in place of the tier's layout (PYROSCOPE_TIERS);
   * only workloads the tier runs (as for `replicas`). Without `memoryLimit` the layout's limit
   * stands, raised to the request when below it. An environment with a `load` passes the sizes of
   * `sizeFor` here.
   * @default - the tier's layout
   */
  readonly resources?: Readonly<Partial<Record<PyroscopeComponent, PodResources>>>;
  /**
   * Persistent volume per pod (a Kubernetes quantity such as `50Gi`) of the workloads the tier gives
   * one (single binary; ingester, store-gateway, compactor), in place of the layout's. Changing it on
   * a running release needs the StatefulSet recreated: Kubernetes refuses changes to its volume claim templates.
   * @default - the tier's layout (PYROSCOPE_TIERS)
   */
  readonly volumes?: Readonly<Partial<Record<PyroscopeComponent, string>>>;
}

/** The release name, so the chart's resource prefix (and default service account) is `pyroscope`. */
const RELEASE_NAME = 'pyroscope';

/**
 * Grafana Pyroscope (profiles) from the pinned `pyroscope` chart, storing profile blocks in the
 * platform's Pyroscope bucket as the role's service account, multi-tenant, with retention by the
 * compactor, no MinIO and without the chart's bundled Alloy. Tiers map to the chart's
 * architectures (`PYROSCOPE_TIERS`):
 * - `monolithic`: the single binary (`-target=all`), 1 pod, replication factor 1;
 * - `simple-scalable`: Pyroscope has no read/write mode; the chart's microservices layout reduced
 *   (2 distributors, 3 ingesters, 2 queriers, 1 query-frontend, 1 query-scheduler, 2 store-gateways,
 *   1 compactor, 1 tenant-settings, 1 ad-hoc-profiles), replication factor 3;
 * - `microservices`: the chart's microservices layout and sizes (2 distributors, 3 ingesters,
 *   3 queriers, 2 query-frontends, 2 query-schedulers, 3 store-gateways, 3 compactors, 1
 *   tenant-settings, 1 ad-hoc-profiles), replication factor 3.
 * Not zone-aware: the chart runs each component as one workload, so ingesters and store-gateways
 * are only spread over zones. Pyroscope 1.20 has no query cache and no cross-tenant queries, so
 * `memcached` and `tenantFederation` have no effect. Clients find it through {@link PyroscopeCluster.endpoints}.
 */
export class PyroscopeCluster extends Construct {
  /** The Helm release (chart `pyroscope`, pinned in the chart table; its `values` are final and frozen). */
  public readonly release: ChartRelease;
  /** Where clients push (the distributors) and query (the query-frontends), or the single binary. */
  public readonly endpoints: PyroscopeEndpoints;
  /** Copies of every profile the ingesters keep (`ingester.lifecycler.ring.replication_factor`). */
  public readonly replicationFactor: number;
  /** Days of profiles the compactor keeps (`limits.compactor_blocks_retention_period`). */
  public readonly retentionDays: number;
  /** The chart's architecture the tier maps to. */
  public readonly architecture: PyroscopeArchitecture;
  /** Pods of each workload the tier runs, resolved (tier layout with the `replicas` override). */
  public readonly replicas: Readonly<Partial<Record<PyroscopeComponent, number>>>;

  constructor(scope: Construct, id: string, props: PyroscopeClusterProps) {
    super(scope, id);
    const label = `PyroscopeCluster '${this.node.path}'`;
    const tier = isTier(props.tier) ? props.tier : 'monolithic';
    const layout = PYROSCOPE_TIERS[tier];
    const runs = PYROSCOPE_ARCHITECTURE_COMPONENTS[layout.architecture];
    const rf = props.replicationFactor ?? (tier === 'monolithic' ? 1 : 3);
    const retentionDays = props.retentionDays ?? DEFAULT_BACKEND_RETENTION_DAYS.pyroscopeData;
    const overrides: Record<string, unknown> = isPlainObject(props.replicas) ? props.replicas : {};
    const tierReplicas = Object.fromEntries(runs.map((c) => [c, layout.components[c]!.replicas]));
    const replicas = { ...tierReplicas, ...overrides } as Partial<Record<PyroscopeComponent, number>>;
    const ringHolder: PyroscopeComponent = layout.architecture === 'single-binary' ? 'singleBinary' : 'ingester';
    const storeGateways = replicas[layout.architecture === 'single-binary' ? 'singleBinary' : 'storeGateway'] ?? 0;
    const bucket = props.buckets?.pyroscopeData;
    const storageClassName = props.storageClassName ?? 'gp3';
    const withVolume = runs.filter((c) => layout.components[c]?.volume !== undefined);

    const rules: Rule[] = [
      ...backendRules(props, 'pyroscope', retentionDays, bucket, rf, replicas[ringHolder] ?? 0),
      { when: props.replicas !== undefined && !isPlainObject(props.replicas), message: `replicas is ${show(props.replicas)}, but it must be an object of replicas per component` },
      ...Object.entries(overrides).flatMap(([component, n]) => [
        {
          when: !PYROSCOPE_COMPONENTS.includes(component as PyroscopeComponent),
          message: `replicas.${component} is not a Pyroscope component; allowed are ${PYROSCOPE_COMPONENTS.join(', ')}`,
        },
        {
          when: isTier(props.tier) && PYROSCOPE_COMPONENTS.includes(component as PyroscopeComponent) && !runs.includes(component as PyroscopeComponent),
          message: `replicas.${component} is given, but tier '${tier}' (${layout.architecture}) runs ${runs.join(', ')}`,
        },
        { when: known(n) && (typeof n !== 'number' || !Number.isInteger(n) || n <= 0), message: `replicas.${component} is ${show(n)}, but it must be a positive integer` },
      ]),
      ...podSizeRules(props.resources, props.volumes, {
        resources: runs,
        volumes: withVolume,
        runs: `tier '${tier}' (${layout.architecture}) runs ${runs.join(', ')}`,
        hasVolumes: `tier '${tier}' (${layout.architecture}) has a persistent volume only for ${withVolume.join(', ')}`,
      }),
      {
        when: bucket === undefined || bucket === null || (known(bucket.purpose) && bucket.purpose !== 'pyroscope-data'),
        message: `buckets.pyroscopeData is ${bucket ? `the '${bucket.purpose}' bucket` : show(bucket)}, but Pyroscope needs its 'pyroscope-data' bucket there`,
      },
      {
        when: known(props.region) && known(bucket?.region) && bucket?.region !== undefined && bucket.region !== props.region,
        message: `region is ${show(props.region)}, but the '${bucket?.purpose}' bucket is in ${show(bucket?.region)}`,
      },
      { when: known(storageClassName) && !DNS_SUBDOMAIN.test(storageClassName), message: `storageClassName is ${show(storageClassName)}, but it must be a StorageClass name (a lowercase DNS subdomain)` },
    ];
    check(label, rules);
    if (props.tenantFederation === true) {
      Annotations.of(this).addWarning(`${label}: tenantFederation is true, but Pyroscope 1.20 has no cross-tenant queries; it is ignored`);
    }

    this.replicationFactor = rf;
    this.retentionDays = retentionDays;
    this.architecture = layout.architecture;
    this.replicas = Object.freeze({ ...replicas });
    const userPyroscope = isPlainObject(props.values) && isPlainObject(props.values.pyroscope) ? props.values.pyroscope : {};
    const options = releaseOptions(props, props.role.namespace, props.dependsOn);
    const allow = options.allowUnknownValues;
    this.release = new ChartRelease(this, 'release', {
      chart: 'pyroscope',
      releaseName: RELEASE_NAME,
      ...options,
      // A list the user gave gets the chart's undeclared key added; anything else is ChartRelease's to refuse.
      allowUnknownValues: allow === undefined ? PYROSCOPE_UNDECLARED_VALUES : Array.isArray(allow) ? [...allow, ...PYROSCOPE_UNDECLARED_VALUES] : allow,
      baseValues: pyroscopeValues({
        tier,
        releaseName: RELEASE_NAME,
        chartName: typeof userPyroscope.nameOverride === 'string' && userPyroscope.nameOverride !== '' ? userPyroscope.nameOverride : 'pyroscope',
        replicas,
        replicationFactor: rf,
        storeGatewayReplicationFactor: Math.min(rf, storeGateways),
        role: props.role,
        bucketName: bucket.name,
        region: props.region,
        retentionDays,
        ring: props.ring ?? { kind: 'memberlist' },
        storageClassName,
        resources: props.resources,
        volumes: props.volumes,
      }),
    });
    const urls = pyroscopeUrls(this.release.releaseName, this.release.namespace, this.release.values);
    this.endpoints = PyroscopeEndpoints.external(urls);
  }
}
