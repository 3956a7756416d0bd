import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { IEksCluster } from '../aws/i-eks-cluster';
import { LokiEndpoints } from '../backends/loki-endpoints';
import { MimirEndpoints } from '../backends/mimir-endpoints';
import { chartFullname } from '../backends/private/service-url';
import { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import { TempoEndpoints } from '../backends/tempo-endpoints';
import { TIERS, Tier, isTier } from '../config/tier';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { isPlainObject, valueAt } from '../helm/values';
import { DNS_LABEL, DNS_SUBDOMAIN, EKS_CLUSTER_NAME, Rule, check, known, notPositiveInteger, show, tenantIdProblem } from '../private/validate';
import { AlloyConfig } from './alloy-config';
import { ALLOY_PORTS, AlloyCollectOptions, AlloySources, TenantRoute, alloyPipeline } from './alloy-pipeline';
import { toAlloyIdentifier } from './alloy-syntax';
import { AlloyToleration, TOLERATE_EVERY_TAINT, alloyValues } from './alloy-values';
import { releaseOptions } from '../helm/release-options';

/** Props of {@link AlloyDaemonSet}. */
export interface AlloyDaemonSetProps extends ChartReleaseOptions {
  /** The environment's tier: sizes the collector on every node (ALLOY_TIERS). */
  readonly tier: Tier;
  /**
   * Turns on the production rules: no telemetry in clear text (plain http, OTLP gRPC without TLS)
   * to a backend outside the cluster.
   * @default false
   */
  readonly production?: boolean;
  /** The cluster the collector runs on: its name labels everything sent (`cluster`, `k8s.cluster.name`). */
  readonly cluster: IEksCluster;
  /**
   * The environment's tenant ids (X-Scope-OrgID values), as the backends serve them. Every tenant a
   * namespace maps to, and the default tenant, must be one of them.
   */
  readonly tenants: readonly string[];
  /**
   * Which tenant each namespace's telemetry belongs to: namespace name → tenant id (one of
   * `tenants`). Namespaces not listed go to `defaultTenant`; nothing is dropped.
   * @default - every namespace to the default tenant
   */
  readonly namespaceTenants?: Readonly<Record<string, string>>;
  /**
   * The tenant of namespaces not in `namespaceTenants`, and of data without a namespace (kubelet
   * metrics, cluster-scoped events, OTLP from a sender that is not a pod of the node).
   * @default - the first of `tenants`
   */
  readonly defaultTenant?: string;
  /**
   * Where metrics go (scrapes and OTLP metrics, through `prometheus.remote_write`): a
   * `MimirCluster`'s `endpoints` or `MimirEndpoints.external(...)`. When it lists its tenants, every
   * tenant the collector writes must be among them.
   * @default - no metrics are collected
   */
  readonly metrics?: MimirEndpoints;
  /**
   * Where logs go (pod logs and events through `loki.write`, OTLP logs to Loki's OTLP endpoint).
   * @default - no logs are collected
   */
  readonly logs?: LokiEndpoints;
  /**
   * Where OTLP traces go (OTLP gRPC, with `tls { insecure }` from `otlpGrpcInsecure`).
   * @default - no traces are received
   */
  readonly traces?: TempoEndpoints;
  /**
   * Where pushed profiles go (`pyroscope.write`).
   * @default - no profiles are received
   */
  readonly profiles?: PyroscopeEndpoints;
  /**
   * Which sources run; a source needs the backend of its signal, and a collector needs at least one
   * backend.
   * @default - every source whose backend is given
   */
  readonly collect?: AlloyCollectOptions;
  /**
   * Seconds between two scrapes of a pod, kubelet or cAdvisor.
   * @default 60
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Tolerations of the collector pods. Dangerous to narrow: a node the collector does not run on
   * sends no logs or metrics, and its applications' OTLP finds no collector (the Service is node-local).
   * @default - every taint ([{ operator: 'Exists' }])
   */
  readonly tolerations?: readonly AlloyToleration[];
  /**
   * PriorityClass of the collector pods, so they are scheduled on full nodes before applications.
   * The built-in `system-node-critical` may be limited to kube-system by a ResourceQuota.
   * @default - none (priority 0, or the cluster's global default)
   */
  readonly priorityClassName?: string;
  /**
   * What the release waits for: pass `LgtmObservability.ready` (or `ClusterAddons.ready`).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Where applications send to the collector of their node, for each receiver that runs. */
export interface AlloyDaemonSetEndpoints {
  /**
   * OTLP/gRPC as `host:port` (`alloy.lgtm.svc.cluster.local:4317`), for `OTEL_EXPORTER_OTLP_ENDPOINT`
   * with `http://` in front, or an exporter's `endpoint`.
   * @default - undefined when OTLP is not received
   */
  readonly otlpGrpcUrl?: string;
  /**
   * OTLP/HTTP base URL (`http://alloy.lgtm.svc.cluster.local:4318`); exporters append `/v1/<signal>`.
   * @default - undefined when OTLP is not received
   */
  readonly otlpHttpUrl?: string;
  /**
   * Pyroscope push URL (`http://alloy.lgtm.svc.cluster.local:4040`), a Pyroscope SDK's server address.
   * @default - undefined when pushed profiles are not received
   */
  readonly profilesUrl?: string;
}

/** The release name: the chart's resources (DaemonSet, Service) are then named `alloy`. */
const RELEASE_NAME = 'alloy';

const COLLECT_KEYS: readonly (keyof AlloyCollectOptions)[] = ['podLogs', 'events', 'podMetrics', 'kubelet', 'otlp', 'profilesPush'];

/** Which backend each source needs. */
const SOURCE_NEEDS: Readonly<Record<keyof AlloyCollectOptions, readonly ('metrics' | 'logs' | 'traces' | 'profiles')[]>> = {
  podLogs: ['logs'],
  events: ['logs'],
  podMetrics: ['metrics'],
  kubelet: ['metrics'],
  otlp: ['metrics', 'logs', 'traces'],
  profilesPush: ['profiles'],
};

/** The host of an http(s) URL or a `host:port`, or undefined. */
function hostOf(url: string): string | undefined {
  return /^(?:https?:\/\/)?([^/:]+)/.exec(url)?.[1];
}

/** A Service name (`x.ns.svc`, `x.ns.svc.cluster.local`) or a bare name: traffic that stays in the cluster. */
function inCluster(host: string | undefined): boolean {
  return host !== undefined && (/\.svc(\.|$)/.test(host) || !host.includes('.'));
}

/**
 * Grafana Alloy as a DaemonSet (the pinned `alloy` chart, `controller.type: daemonset`): one
 * collector per node that sends each namespace's telemetry to its tenant.
 * - **Sources** (node-local): container logs from the node's files (CRI), pods that opt in with
 *   `prometheus.io/scrape`, the kubelet and cAdvisor, OTLP from applications (gRPC 4317, HTTP 4318,
 *   through a node-local Service), pushed profiles (4040); Kubernetes events once per cluster, by
 *   the one pod that Alloy clustering gives them to.
 * - **Tenancy**: per tenant one write per backend, each with that tenant's X-Scope-OrgID; a router
 *   per tenant keeps its namespaces (relabel `keep` on `namespace`, an OTTL filter on
 *   `k8s.namespace.name`, set from the sending pod's connection); the default tenant keeps the rest.
 * - **Runs** on every node (every taint tolerated), sized per tier (ALLOY_TIERS), a bounded rolling
 *   update, state on the node; the chart's service account and RBAC, no AWS access.
 */
export class AlloyDaemonSet extends Construct {
  /** The Helm release (its `values` are the final, frozen values). */
  public readonly release: ChartRelease;
  /** The typed Alloy configuration the release runs. */
  public readonly config: AlloyConfig;
  /** The configuration as rendered into `alloy.configMap.content`. */
  public readonly configText: string;
  /** Where applications send OTLP and profiles. */
  public readonly endpoints: AlloyDaemonSetEndpoints;
  /** The tenant of namespaces not in `namespaceTenants`. */
  public readonly defaultTenant: string;
  /** Seconds between two scrapes of each target (pods, kubelet, cAdvisor). */
  public readonly scrapeIntervalSeconds: number;
  /** One route per tenant that receives data: its namespaces (or, for the default tenant, the others). */
  public readonly routes: readonly TenantRoute[];
  /** The sources that run, resolved. */
  public readonly sources: AlloySources;

  constructor(scope: Construct, id: string, props: AlloyDaemonSetProps) {
    super(scope, id);
    const label = `AlloyDaemonSet '${this.node.path}'`;
    const tier = isTier(props.tier) ? props.tier : 'monolithic';
    const tenants: readonly string[] = Array.isArray(props.tenants) ? props.tenants : [];
    const defaultTenant = props.defaultTenant ?? tenants[0];
    const map: Readonly<Record<string, unknown>> = props.namespaceTenants === undefined ? {} : isPlainObject(props.namespaceTenants) ? props.namespaceTenants : {};
    const backends = { metrics: props.metrics, logs: props.logs, traces: props.traces, profiles: props.profiles };
    const collect: Record<string, unknown> = isPlainObject(props.collect) ? props.collect : {};
    const sources = Object.fromEntries(COLLECT_KEYS.map((k) => [k, collect[k] ?? SOURCE_NEEDS[k].some((b) => backends[b] !== undefined)])) as unknown as AlloySources;
    const interval = props.scrapeIntervalSeconds ?? 60;
    const tolerations = props.tolerations ?? TOLERATE_EVERY_TAINT;
    const values = isPlainObject(props.values) ? props.values : {};
    const clusterName = props.cluster?.clusterName;

    const used = [...new Set([defaultTenant, ...Object.values(map)].filter((t): t is string => typeof t === 'string' && tenants.includes(t)))];
    const labels = used.map((t) => ({ t, label: known(t) && t !== '' ? toAlloyIdentifier(t) : t }));
    const collision = labels.find((a, i) => labels.findIndex((b) => b.label === a.label) !== i);
    const collidesWith = collision ? labels.find((b) => b.label === collision.label)!.t : undefined;
    const servedByMimir = props.metrics?.tenants;
    const expected = { metrics: MimirEndpoints, logs: LokiEndpoints, traces: TempoEndpoints, profiles: PyroscopeEndpoints } as const;
    const plaintext: [string, string | undefined][] = [
      ['metrics.remoteWriteUrl', props.metrics?.remoteWriteUrl],
      ['logs.pushUrl', props.logs?.pushUrl],
      ['profiles.pushUrl', props.profiles?.pushUrl],
    ];

    const rules: Rule[] = [
      { when: !isTier(props.tier), message: `tier is ${show(props.tier)}, but allowed tiers are ${TIERS.join(', ')}` },
      { when: !props.cluster, message: `cluster is ${show(props.cluster)}, but the collector needs the cluster it runs on` },
      { when: known(clusterName) && typeof clusterName === 'string' && !EKS_CLUSTER_NAME.test(clusterName), message: `cluster.clusterName is ${show(clusterName)}, but it must be an EKS cluster name (1-100 letters, digits, - and _)` },
      { when: tenants.length === 0, message: `tenants is ${show(props.tenants)}, but at least one tenant id is required` },
      ...tenants.map((t, i) => ({
        when: !known(t),
        message: `tenants[${i}] is a token, but tenant ids must be known at synth: they name the collector's pipelines`,
      })),
      ...tenants.map((t, i) => ({ t, i, why: known(t) ? tenantIdProblem(t) : undefined })).filter((x) => x.why).map((x) => ({
        when: true,
        message: `tenants[${x.i}] is ${show(x.t)}, but ${x.why}`,
      })),
      { when: new Set(tenants).size !== tenants.length, message: `tenants is ${show(tenants)}, but tenant ids must be unique` },
      {
        when: tenants.length > 0 && !tenants.includes(defaultTenant),
        message: `defaultTenant is ${show(defaultTenant)}, but it must be one of tenants (${tenants.map(show).join(', ')})`,
      },
      {
        when: props.namespaceTenants !== undefined && !isPlainObject(props.namespaceTenants),
        message: `namespaceTenants is ${show(props.namespaceTenants)}, but it must be an object of namespace: tenant id`,
      },
      ...Object.entries(map).flatMap(([ns, t]) => [
        {
          when: !known(ns) || !DNS_LABEL.test(ns),
          message: `namespaceTenants has namespace ${show(ns)}, but a namespace is a lowercase DNS label of at most 63 characters, known at synth`,
        },
        {
          when: typeof t !== 'string' || !tenants.includes(t),
          message: `namespaceTenants.${ns} is ${show(t)}, but the environment's tenants are ${tenants.map(show).join(', ') || 'none'}`,
        },
      ]),
      {
        when: Object.values(backends).every((b) => b === undefined),
        message: 'metrics, logs, traces and profiles are all unset, but a collector needs at least one backend to send to',
      },
      ...(Object.keys(expected) as (keyof typeof expected)[]).map((k) => ({
        when: backends[k] !== undefined && !(backends[k] instanceof expected[k]),
        message: `${k} is ${show(backends[k])}, but it must be a ${expected[k].name} (a backend's endpoints, or ${expected[k].name}.external(...))`,
      })),
      { when: props.collect !== undefined && !isPlainObject(props.collect), message: `collect is ${show(props.collect)}, but it must be an object of source: boolean` },
      ...Object.keys(collect).filter((k) => !COLLECT_KEYS.includes(k as keyof AlloyCollectOptions)).map((k) => ({
        when: true,
        message: `collect.${k} is not a source; allowed are ${COLLECT_KEYS.join(', ')}`,
      })),
      ...COLLECT_KEYS.filter((k) => collect[k] !== undefined).map((k) => ({
        when: typeof collect[k] !== 'boolean',
        message: `collect.${k} is ${show(collect[k])}, but it must be true or false`,
      })),
      ...COLLECT_KEYS.filter((k) => collect[k] === true).map((k) => ({
        when: SOURCE_NEEDS[k].every((b) => backends[b] === undefined),
        message: `collect.${k} is true, but ${SOURCE_NEEDS[k].join(' or ')} is not set: there is nowhere to send it`,
      })),
      { when: notPositiveInteger(interval), message: `scrapeIntervalSeconds is ${show(interval)}, but it must be a positive integer` },
      { when: !Array.isArray(tolerations), message: `tolerations is ${show(tolerations)}, but it must be a list of tolerations` },
      {
        when: props.priorityClassName !== undefined && (!known(props.priorityClassName) || !DNS_SUBDOMAIN.test(props.priorityClassName)),
        message: `priorityClassName is ${show(props.priorityClassName)}, but it must be a PriorityClass name (a lowercase DNS subdomain)`,
      },
      {
        when: collision !== undefined,
        message: `tenants ${show(collidesWith)} and ${show(collision?.t)} both become the Alloy label ${show(collision?.label)}; rename one (a label keeps only letters, digits and _)`,
      },
      ...used.filter(() => Array.isArray(servedByMimir)).map((t) => ({
        when: !servedByMimir!.includes(t),
        message: `the collector writes tenant ${show(t)} to metrics, but that Mimir serves only ${servedByMimir!.map(show).join(', ')}`,
      })),
      // The construct owns these values: overriding them would break tenancy or the node-local design.
      {
        when: valueAt(values, 'alloy.configMap.content') !== undefined,
        message: 'values.alloy.configMap.content is set, but the construct writes the configuration (it carries the tenant routing); use the props instead',
      },
      {
        when: valueAt(values, 'controller.type') !== undefined && valueAt(values, 'controller.type') !== 'daemonset',
        message: `values.controller.type is ${show(valueAt(values, 'controller.type'))}, but the collector is a DaemonSet (it reads each node's files and kubelet)`,
      },
      {
        when: valueAt(values, 'service.internalTrafficPolicy') !== undefined && valueAt(values, 'service.internalTrafficPolicy') !== 'Local',
        message: `values.service.internalTrafficPolicy is ${show(valueAt(values, 'service.internalTrafficPolicy'))}, but it must stay 'Local': each collector knows only its node's pods, so OTLP from another node would land in the default tenant`,
      },
      {
        when: sources.events === true && valueAt(values, 'alloy.clustering.enabled') === false,
        message: 'values.alloy.clustering.enabled is false, but events are collected: without clustering every node would send every event',
      },
      ...plaintext.map(([field, url]) => ({
        when: props.production === true && typeof url === 'string' && known(url) && url.startsWith('http://') && !inCluster(hostOf(url)),
        message: `${field} is ${show(url)}, but production sends no telemetry in clear text outside the cluster; use https://`,
      })),
      {
        when: props.production === true && props.traces?.otlpGrpcInsecure === true && known(props.traces.otlpGrpcUrl) && !inCluster(hostOf(props.traces.otlpGrpcUrl)),
        message: `traces.otlpGrpcInsecure is true for ${show(props.traces?.otlpGrpcUrl)}, but production sends no telemetry in clear text outside the cluster`,
      },
    ];
    check(label, rules);

    const routes: TenantRoute[] = tenants.flatMap((tenant): TenantRoute[] => {
      const own = Object.keys(map).filter((ns) => map[ns] === tenant).sort();
      if (tenant === defaultTenant) {
        return [{ tenant, label: toAlloyIdentifier(tenant), match: { drop: Object.keys(map).filter((ns) => map[ns] !== tenant).sort() } }];
      }
      return own.length > 0 ? [{ tenant, label: toAlloyIdentifier(tenant), match: { keep: own } }] : [];
    });
    const idle = tenants.filter((t) => !routes.some((r) => r.tenant === t));
    if (idle.length > 0) {
      Annotations.of(this).addWarning(
        `${label}: tenants ${idle.map(show).join(', ')} receive no telemetry from this cluster: no namespace maps to them (namespaceTenants) and none is the default tenant`,
      );
    }

    this.defaultTenant = defaultTenant;
    this.scrapeIntervalSeconds = interval;
    this.routes = routes;
    this.sources = Object.freeze({ ...sources });
    this.config = alloyPipeline({
      clusterName,
      routes,
      metrics: props.metrics,
      logs: props.logs,
      traces: props.traces,
      profiles: props.profiles,
      sources,
      scrapeIntervalSeconds: interval,
    });
    this.configText = this.config.render();
    const namespace = props.namespace ?? 'lgtm';
    this.release = new ChartRelease(this, 'release', {
      chart: 'alloy',
      releaseName: RELEASE_NAME,
      ...releaseOptions(props, namespace, props.dependsOn),
      baseValues: alloyValues({
        tier,
        content: this.configText,
        sources,
        namespace,
        releaseName: RELEASE_NAME,
        tolerations,
        priorityClassName: props.priorityClassName,
      }),
    });
    this.endpoints = collectorEndpoints(this.release, sources);
  }
}

/**
 * The in-cluster addresses of the chart's Service: `<fullname>` (alloy templates/_helpers.tpl
 * `alloy.fullname`, the same rule as the backends' charts) in the release's namespace (or
 * `namespaceOverride`), with the ports the construct adds as `alloy.extraPorts`.
 */
function collectorEndpoints(release: ChartRelease, sources: AlloySources): AlloyDaemonSetEndpoints {
  const values = release.values;
  const override = values.namespaceOverride;
  const namespace = typeof override === 'string' && override !== '' ? override : release.namespace;
  const host = `${chartFullname('alloy', release.releaseName, values)}.${namespace}.svc.cluster.local`;
  return Object.freeze({
    otlpGrpcUrl: sources.otlp ? `${host}:${ALLOY_PORTS.otlpGrpc}` : undefined,
    otlpHttpUrl: sources.otlp ? `http://${host}:${ALLOY_PORTS.otlpHttp}` : undefined,
    profilesUrl: sources.profilesPush ? `http://${host}:${ALLOY_PORTS.profiles}` : undefined,
  });
}
