import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAddons, VolumeReclaimPolicy } from '../aws/cluster-addons';
import { LoadBalancerControllerOptions } from '../aws/load-balancer-controller';
import { LokiCluster, LokiClusterProps } from '../backends/loki-cluster';
import { MimirCluster, MimirClusterProps } from '../backends/mimir-cluster';
import { PyroscopeCluster, PyroscopeClusterProps } from '../backends/pyroscope-cluster';
import { TempoCluster, TempoClusterProps } from '../backends/tempo-cluster';
import { AlloyDaemonSet, AlloyDaemonSetProps } from '../collector/alloy-daemon-set';
import { GrafanaHA, GrafanaHAProps } from '../grafana/grafana-ha';
import { ExternalSecretsOperator, ExternalSecretsOperatorProps } from '../secrets/external-secrets-operator';
import { Tier } from '../config/tier';
import { GRAFANA_RELEASE_NAME } from '../grafana/grafana-values';
import { ManifestRelease } from '../helm/manifest-release';
import { LgtmAlerting, LgtmAlertingProps } from '../rules/lgtm-alerting';
import { BackendNetworkPolicies } from '../tenancy/backend-network-policies';
import { releasePeer } from '../tenancy/policy-peer';
import { TenantGateway, TenantGatewayProps } from '../tenancy/tenant-gateway';
import { check, show } from '../private/validate';
import { ILgtmPlatform } from './i-lgtm-platform';

/** Settings of the AWS Load Balancer Controller that `LgtmObservability` installs. */
export type LgtmLoadBalancerControllerOptions = Omit<LoadBalancerControllerOptions, 'identity' | 'region' | 'defaultTags' | 'production'>;

/**
 * Settings of one backend that `LgtmObservability` deploys: everything of its props except what
 * the platform and the observability props already give (cluster, region, buckets, role, tier,
 * production, tenants, what it waits for).
 */
export type LgtmBackendOptions<P> = Omit<P, 'tier' | 'production' | 'cluster' | 'region' | 'buckets' | 'role' | 'tenants' | 'dependsOn'>;

/**
 * Settings of the tenant gateway `LgtmObservability` deploys: everything of its props except what
 * the observability props already give (cluster, tenants, backends, secrets operator, production).
 */
export type LgtmGatewayOptions = Omit<TenantGatewayProps, 'cluster' | 'tenants' | 'secrets' | 'metrics' | 'logs' | 'traces' | 'profiles' | 'production' | 'dependsOn'>;

/** Props of {@link LgtmObservability}. */
export interface LgtmObservabilityProps {
  /** The platform to run on: an `LgtmPlatform`, or handles of resources made elsewhere. */
  readonly platform: ILgtmPlatform;
  /**
   * How the backends are laid out (each backend's doc says how its chart maps the tier). Use the
   * platform's tier: its workload roles are bound to that tier's service accounts.
   */
  readonly tier: Tier;
  /** Tenant ids (X-Scope-OrgID values) the backends serve; multi-tenancy is always on. */
  readonly tenants: readonly string[];
  /**
   * Mimir's settings (retention, replicas, per-tenant limits, ring, caches, values override).
   * @default - the tier's layout, the platform's memcached when it has one
   */
  readonly mimir?: LgtmBackendOptions<MimirClusterProps>;
  /**
   * Loki's settings (retention, replicas, per-tenant limits, ring, caches, values override).
   * @default - the tier's layout, the platform's memcached when it has one
   */
  readonly loki?: LgtmBackendOptions<LokiClusterProps>;
  /**
   * Tempo's settings (retention, replicas, ring, caches, values override). Its span metrics always
   * go to this Mimir, per tenant.
   * @default - the tier's layout, span metrics into `mimir`, the platform's memcached when it has one
   */
  readonly tempo?: Omit<LgtmBackendOptions<TempoClusterProps>, 'metrics'>;
  /**
   * Pyroscope's settings (retention, replicas, ring, values override).
   * @default - the tier's layout
   */
  readonly pyroscope?: LgtmBackendOptions<PyroscopeClusterProps>;
  /**
   * The collector's settings: which namespace belongs to which tenant (`namespaceTenants`,
   * `defaultTenant`), what it collects, tolerations, values override.
   * @default - every namespace to the first tenant; pod logs, opted-in pods, kubelet, events, OTLP
   */
  readonly collector?: Omit<AlloyDaemonSetProps, 'tier' | 'production' | 'cluster' | 'tenants' | 'metrics' | 'logs' | 'traces' | 'profiles' | 'dependsOn'>;
  /**
   * Grafana's settings: the ALB ingress (certificate, scheme, CIDRs), SSO, replicas, values override.
   * @default - no ingress (reach it with kubectl port-forward), 2 replicas (3 in production)
   */
  readonly grafana?: Omit<GrafanaHAProps, 'tier' | 'production' | 'cluster' | 'region' | 'database' | 'sessionStore' | 'secrets' | 'tenants' | 'metrics' | 'logs' | 'traces' | 'profiles' | 'dependsOn'>;
  /**
   * The External Secrets Operator's settings (it syncs Grafana's secrets from Secrets Manager).
   * @default - namespace external-secrets, 2 replicas in production, bound like the backends' roles
   */
  readonly externalSecrets?: Omit<ExternalSecretsOperatorProps, 'cluster' | 'region' | 'production' | 'dependsOn'>;
  /**
   * Rules and routing: your own rule groups, the default rule set (service RED alerts from span
   * metrics, the stack's health; each group switchable), Alertmanager routing per tenant (receiver
   * secrets from Secrets Manager). Loaded by a one-pod Alloy (`alloy-rules`) after the
   * prometheus-operator CRDs release.
   * @default - the default rule set, no routing
   */
  readonly alerting?: Omit<LgtmAlertingProps, 'tenants' | 'metrics' | 'logs' | 'secrets' | 'crds' | 'dependsOn'>;
  /**
   * The tenant gateway: the authenticating proxy that sets X-Scope-OrgID for everything outside
   * the stack (identities, basic auth from Secrets Manager or a trusted header, limits, load
   * balancer). In production the backends need it (compliance rule LGTM-TEN-1).
   * @default - no gateway: only the collector and Grafana reach the backends
   */
  readonly gateway?: LgtmGatewayOptions;
  /**
   * NetworkPolicies that let only the backends, the collector, Grafana and the gateway reach the
   * backends' pods (enforced when the cluster's VPC CNI has network policy support on).
   * @default true
   */
  readonly networkPolicies?: boolean;
  /**
   * Turns on the production defaults: volumes retained when their claim is deleted, at least 2
   * load balancer controller replicas.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Tags the load balancer controller puts on every AWS resource it creates (Terraform's default
   * tags do not reach them); pass the stack's default tags.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Settings of the AWS Load Balancer Controller, installed when the platform has its role.
   * @default - 2 replicas spread over zones, IP targets
   */
  readonly loadBalancerController?: LgtmLoadBalancerControllerOptions;
  /**
   * Name of the default StorageClass the backends' volumes use.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
  /**
   * Reclaim policy of that StorageClass.
   * @default - 'Retain' when production, otherwise 'Delete'
   */
  readonly reclaimPolicy?: VolumeReclaimPolicy;
}

/**
 * The LGTM workloads of one environment on an {@link ILgtmPlatform}: the in-cluster basics every
 * backend relies on (the default encrypted gp3 StorageClass and the AWS Load Balancer Controller),
 * then Mimir, Loki, Tempo (span metrics into Mimir) and Pyroscope, each on its own buckets through
 * its own role, waiting for those basics; an Alloy collector on every node routing each namespace's
 * telemetry to its tenant; Grafana on the platform's database and session store, its secrets
 * synced by the External Secrets Operator, with the correlation links between the four signals and
 * its dashboards; the rules and alerting loader with the default rule set; NetworkPolicies that let
 * only those workloads reach the backends; and, with `gateway`, the tenant gateway, the one door for
 * everything outside the stack, which sets X-Scope-OrgID from the authenticated identity. It creates
 * Kubernetes objects and Helm releases, so the stack's kubernetes and helm providers must point at
 * `platform.cluster` (see the observability stack of this repository for providers that
 * authenticate with `aws eks get-token`).
 */
export class LgtmObservability extends Construct {
  /** The StorageClass and the AWS Load Balancer Controller. */
  public readonly addons: ClusterAddons;
  /** What a workload release should wait for (`dependsOn`): see `ClusterAddons.ready`. */
  public readonly ready: readonly ITerraformDependable[];
  /** Mimir (metrics); `mimir.endpoints` is how consumers reach it. */
  public readonly mimir: MimirCluster;
  /** Loki (logs); `loki.endpoints` is how consumers reach it. */
  public readonly loki: LokiCluster;
  /** Tempo (traces), its span metrics and service graphs written into `mimir` per tenant. */
  public readonly tempo: TempoCluster;
  /** Pyroscope (profiles). */
  public readonly pyroscope: PyroscopeCluster;
  /** The collector on every node, writing each namespace's telemetry to its tenant in every backend. */
  public readonly collector: AlloyDaemonSet;
  /** The External Secrets Operator that syncs Grafana's secrets from Secrets Manager. */
  public readonly externalSecrets: ExternalSecretsOperator;
  /** Grafana, with one data source per backend and tenant and the correlation links between them. */
  public readonly grafana: GrafanaHA;
  /** The SecurityGroupPolicy that gives Grafana's pods the platform's Grafana pod security group, when it has one. */
  public readonly grafanaPodSecurity?: ManifestRelease;
  /** Rules, routing and their loader (with the prometheus-operator CRDs release). */
  public readonly alerting: LgtmAlerting;
  /** The tenant gateway, when `gateway` is given. */
  public readonly gateway?: TenantGateway;
  /** The backends' NetworkPolicies, unless `networkPolicies` is false. */
  public readonly networkPolicies?: BackendNetworkPolicies;

  constructor(scope: Construct, id: string, props: LgtmObservabilityProps) {
    super(scope, id);
    const platform = props.platform;
    check(`LgtmObservability '${this.node.path}'`, [
      { when: platform === undefined || platform === null || typeof platform !== 'object', message: `platform is ${String(platform)}, but an ILgtmPlatform (e.g. an LgtmPlatform) is required` },
      { when: typeof platform === 'object' && platform !== null && platform.cluster === undefined, message: 'platform.cluster is undefined, but the workloads need the cluster they run on' },
      {
        when: props.loadBalancerController !== undefined && platform?.loadBalancerControllerRole === undefined,
        message: 'loadBalancerController is set, but platform.loadBalancerControllerRole is undefined, so the controller is not installed; give the platform the role or drop the settings',
      },
      ...federatedReaderRules(props),
      {
        // The default rules rate over 5m; a window must hold at least 4 scrapes.
        when: props.alerting?.defaultRules !== false && typeof props.collector?.scrapeIntervalSeconds === 'number' && props.collector.scrapeIntervalSeconds > 75,
        message: `collector.scrapeIntervalSeconds is ${show(props.collector?.scrapeIntervalSeconds)}, but the default rules' 5m rate windows need at least 4 scrapes: at most 75, or alerting.defaultRules false`,
      },
    ]);
    const role = platform.loadBalancerControllerRole;
    this.addons = new ClusterAddons(this, 'cluster-addons', {
      cluster: platform.cluster,
      production: props.production,
      storageClassName: props.storageClassName,
      reclaimPolicy: props.reclaimPolicy,
      loadBalancerController: role === undefined ? undefined : {
        ...props.loadBalancerController,
        identity: role,
        region: platform.region,
        defaultTags: props.tags,
      },
    });
    this.ready = this.addons.ready;

    // What every backend takes from the platform, the tier and the tenants.
    const backend = {
      tier: props.tier,
      production: props.production,
      cluster: platform.cluster,
      region: platform.region,
      buckets: platform.buckets,
      tenants: props.tenants,
      memcached: platform.memcached,
      storageClassName: this.addons.storageClassName,
      dependsOn: this.ready,
    };
    this.mimir = new MimirCluster(this, 'mimir', { ...backend, ...props.mimir, role: platform.roles.mimir });
    // Loki's ruler sends its alerts to Mimir's Alertmanager.
    this.loki = new LokiCluster(this, 'loki', { ...backend, alertmanager: this.mimir.endpoints, ...props.loki, role: platform.roles.loki });
    this.tempo = new TempoCluster(this, 'tempo', { ...backend, ...props.tempo, role: platform.roles.tempo, metrics: this.mimir.endpoints });
    this.pyroscope = new PyroscopeCluster(this, 'pyroscope', { ...backend, ...props.pyroscope, role: platform.roles.pyroscope });

    const endpoints = {
      metrics: this.mimir.endpoints,
      logs: this.loki.endpoints,
      traces: this.tempo.endpoints,
      profiles: this.pyroscope.endpoints,
    };
    this.collector = new AlloyDaemonSet(this, 'collector', {
      ...props.collector,
      tier: props.tier,
      production: props.production,
      cluster: platform.cluster,
      tenants: props.tenants,
      ...endpoints,
      dependsOn: this.ready,
    });
    this.externalSecrets = new ExternalSecretsOperator(this, 'external-secrets', {
      // Bound the way the platform bound the backends' roles (Pod Identity or IRSA).
      identityMode: platform.roles.mimir.mode,
      ...props.externalSecrets,
      cluster: platform.cluster,
      region: platform.region,
      production: props.production,
      dependsOn: [...this.ready],
    });
    // Grafana's pods get their own security group (the only one the database and session store
    // admit) from a SecurityGroupPolicy, which must exist before they start. Its CRD ships with EKS.
    const grafanaNamespace = props.grafana?.namespace ?? 'lgtm';
    if (platform.grafanaPodSecurityGroup !== undefined) {
      this.grafanaPodSecurity = new ManifestRelease(this, 'grafana-pod-security', {
        releaseName: 'grafana-pod-security',
        namespace: grafanaNamespace,
        objects: [platform.grafanaPodSecurityGroup.securityGroupPolicy({
          name: GRAFANA_RELEASE_NAME,
          namespace: grafanaNamespace,
          // grafana 11.6.1 pod labels: `grafana.labels` -> `grafana.selectorLabels`, name `grafana`
          // (no nameOverride), instance the release (templates/deployment.yaml, _helpers.tpl at
          // grafana-community/helm-charts tag grafana-11.6.1, b151768f).
          podLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': GRAFANA_RELEASE_NAME },
        })],
        dependsOn: [...this.ready],
      });
    }
    this.grafana = new GrafanaHA(this, 'grafana', {
      ...props.grafana,
      // Stack-health dashboards read the tenant the collector writes the stack's own metrics to.
      dashboards: props.grafana?.dashboards ?? { stackTenant: this.collector.defaultTenant },
      // Rate panels ($__rate_interval) sized for the collector's scrape interval, not Grafana's 15 s.
      metricsScrapeIntervalSeconds: props.grafana?.metricsScrapeIntervalSeconds ?? this.collector.scrapeIntervalSeconds,
      tier: props.tier,
      production: props.production,
      cluster: platform.cluster,
      region: platform.region,
      database: platform.grafanaDatabase,
      sessionStore: platform.sessionStore,
      secrets: this.externalSecrets,
      tenants: props.tenants,
      ...endpoints,
      dependsOn: this.grafanaPodSecurity ? [...this.ready, this.grafanaPodSecurity.release] : this.ready,
    });
    this.alerting = new LgtmAlerting(this, 'alerting', {
      ...props.alerting,
      // The stack's own metrics are collected into the collector's default tenant.
      defaultRules: props.alerting?.defaultRules === false ? false : { stackTenant: this.collector.defaultTenant, ...props.alerting?.defaultRules },
      tenants: props.tenants,
      metrics: this.mimir.endpoints,
      logs: this.loki.endpoints,
      secrets: this.externalSecrets,
      dependsOn: this.ready,
    });
    const backendReleases = [this.mimir.release, this.loki.release, this.tempo.release, this.pyroscope.release];
    if (props.gateway !== undefined) {
      this.gateway = new TenantGateway(this, 'gateway', {
        ...props.gateway,
        cluster: platform.cluster,
        tenants: props.tenants,
        secrets: this.externalSecrets,
        production: props.production,
        ...endpoints,
        // nginx resolves its upstreams' Services at start; the load balancer needs its controller.
        dependsOn: [...this.ready, ...backendReleases.map((r) => r.release)],
      });
    }
    if (props.networkPolicies ?? true) {
      this.networkPolicies = new BackendNetworkPolicies(this, 'network-policies', {
        backends: backendReleases,
        peers: [
          releasePeer(this.collector.release),
          releasePeer(this.grafana.release),
          // The rules loader calls the rulers' and the Alertmanager's configuration APIs.
          ...(this.alerting.loader ? [releasePeer(this.alerting.loader.release)] : []),
          ...(this.gateway ? [this.gateway.peer] : []),
        ],
        dependsOn: [...this.ready, ...backendReleases.map((r) => r.release)],
      });
    }
  }
}

// A federated reader's `a|b` is refused by a backend whose tenant federation is off.
function federatedReaderRules(props: LgtmObservabilityProps): { when: boolean; message: string }[] {
  const identities = Array.isArray(props.gateway?.identities) ? props.gateway.identities : [];
  const reader = identities.find((i) => Array.isArray(i?.readTenants) && i.readTenants.length > 1);
  if (reader === undefined) return [];
  const off = (['mimir', 'loki', 'tempo'] as const).filter((b) => props[b]?.tenantFederation !== true);
  return [{
    when: off.length > 0,
    message: `gateway.identities has the federated reader '${reader.name}' (${(reader.readTenants ?? []).join(', ')}), but ${off.map((b) => `${b}.tenantFederation`).join(', ')} ${off.length > 1 ? 'are' : 'is'} not true, so its queries would be refused`,
  }];
}
