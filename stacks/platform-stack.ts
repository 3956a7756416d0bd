import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ILgtmBuckets, LgtmComponent } from '../lib/aws/component-bucket';
import { ComponentIdentities } from '../lib/aws/component-identities';
import { EksCluster, IEksCluster } from '../lib/aws/eks-cluster';
import { GrafanaDatabase } from '../lib/aws/grafana-database';
import { LgtmBuckets } from '../lib/aws/lgtm-buckets';
import { ManagedMemcached } from '../lib/aws/managed-memcached';
import { MemcachedEndpoint } from '../lib/aws/memcached-endpoint';
import { INetwork, Network } from '../lib/aws/network';
import { SessionStore } from '../lib/aws/session-store';
import { WorkloadRole } from '../lib/aws/workload-role';
import { ResolvedEnvironment } from '../lib/config/environment-config';
import { EnvironmentStack } from './environment-stack';

/**
 * What the observability stack of an environment takes from its platform stack: typed handles
 * whose attributes cdktf passes across stacks as Terraform outputs.
 */
export interface PlatformOutputs {
  /** AWS region of the environment. */
  readonly region: string;
  /** The EKS cluster the backends run on. */
  readonly cluster: IEksCluster;
  /** One bucket per component purpose. */
  readonly buckets: ILgtmBuckets;
  /** One IAM role per backend, each trusted only by that backend's service account. */
  readonly roles: Readonly<Record<LgtmComponent, WorkloadRole>>;
  /** The AWS Load Balancer Controller's IAM role, trusted only by kube-system/aws-load-balancer-controller. */
  readonly loadBalancerControllerRole: WorkloadRole;
  /** Grafana's PostgreSQL database: endpoint, port, database, user and the RDS-managed secret ARN. */
  readonly grafanaDatabase: GrafanaDatabase;
  /** Grafana's session store: endpoint, port and the AUTH token secret ARN. */
  readonly sessionStore: SessionStore;
  /**
   * The managed memcached for query caches, when the environment turns it on.
   * @default - none: the charts' in-cluster memcached
   */
  readonly memcached?: MemcachedEndpoint;
}

/**
 * The AWS platform of one environment: network, EKS cluster, buckets, workload identities,
 * Grafana's database and session store, and optionally a managed memcached.
 */
export class PlatformStack extends EnvironmentStack {
  /** The network the cluster and data services run in. */
  public readonly network: INetwork;
  /** The EKS cluster. */
  public readonly cluster: EksCluster;
  /** Typed handles for the observability stack. */
  public readonly outputs: PlatformOutputs;

  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id, env);
    const clusterName = `${env.namePrefix}-${env.name}`;
    const production = env.production;
    const kmsKeyArn = env.buckets?.kmsKeyArn;
    const mode = env.workloadIdentity ?? 'pod-identity';

    const net = env.network;
    this.network = net?.existing
      ? Network.fromAttributes(this, 'network', net.existing)
      : new Network(this, 'network', {
        name: clusterName,
        clusterName,
        production,
        cidrBlock: net?.cidrBlock,
        zoneCount: net?.zoneCount,
        natGateways: net?.natGateways,
      });

    this.cluster = new EksCluster(this, 'eks', {
      network: this.network,
      clusterName,
      production,
      nodes: env.nodes,
      adminPrincipalArns: env.cluster?.adminPrincipalArns ?? [this.deployerArn()],
      endpoint: { publicAccess: env.cluster?.publicEndpoint ?? true, publicAccessCidrs: env.cluster?.publicAccessCidrs },
      irsa: mode === 'irsa',
      addonIdentityMode: mode,
    });
    const cluster = this.cluster;

    const retention = env.retentionDays ?? {};
    const backendRetentionDays = Object.fromEntries(
      Object.entries({
        mimirBlocks: retention.mimir,
        lokiChunks: retention.loki,
        tempoTraces: retention.tempo,
        pyroscopeData: retention.pyroscope,
      }).filter(([, days]) => days !== undefined),
    );
    const buckets = new LgtmBuckets(this, 'buckets', {
      environment: env.name,
      namePrefix: env.namePrefix,
      nameSuffix: env.buckets?.nameSuffix,
      production,
      kmsKeyArn,
      backendRetentionDays,
    });
    const identities = new ComponentIdentities(this, 'identities', {
      cluster,
      buckets,
      tier: env.tier,
      mode,
      roleNamePrefix: clusterName,
    });
    const common = { cluster, environment: env.name, namePrefix: env.namePrefix, production, kmsKeyArn };
    const grafanaDatabase = new GrafanaDatabase(this, 'grafana-db', { ...common, ...env.grafanaDatabase });
    const sessionStore = new SessionStore(this, 'sessions', { ...common, ...env.sessionStore });
    const memcached = env.managedMemcached?.enabled
      ? new ManagedMemcached(this, 'memcached', {
        cluster,
        environment: env.name,
        namePrefix: env.namePrefix,
        nodeType: env.managedMemcached.nodeType,
        nodes: env.managedMemcached.nodes,
      }).endpoint
      : undefined;

    this.outputs = {
      region: env.region,
      cluster,
      buckets,
      roles: { mimir: identities.mimir, loki: identities.loki, tempo: identities.tempo, pyroscope: identities.pyroscope },
      loadBalancerControllerRole: cluster.loadBalancerControllerRole,
      grafanaDatabase,
      sessionStore,
      memcached,
    };

    // For people and scripts; the observability stack reads the handles above directly.
    const outputs: Record<string, [string, string]> = {
      cluster_name: [cluster.clusterName, 'EKS cluster name'],
      cluster_endpoint: [cluster.endpoint, 'EKS API endpoint'],
      grafana_db_endpoint: [grafanaDatabase.endpoint, 'Grafana PostgreSQL endpoint'],
      grafana_db_secret_arn: [grafanaDatabase.masterSecretArn, 'Secrets Manager ARN of the RDS-managed master password'],
      session_store_endpoint: [sessionStore.endpoint, 'Grafana session store (TLS) endpoint'],
      session_store_secret_arn: [sessionStore.authSecretArn, 'Secrets Manager ARN of the session store AUTH token'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }

  /** The IAM role (or user) running Terraform, not its assumed-role session ARN. */
  private deployerArn(): string {
    const caller = new DataAwsCallerIdentity(this, 'deployer');
    return new DataAwsIamSessionContext(this, 'deployer-role', { arn: caller.arn }).issuerArn;
  }
}
