import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { Construct } from 'constructs';
import { LgtmComponent } from '../aws/component-bucket';
import { ComponentIdentities } from '../aws/component-identities';
import { EksCluster } from '../aws/eks-cluster';
import { GrafanaDatabase } from '../aws/grafana-database';
import { EksClusterAttributes, IEksCluster } from '../aws/i-eks-cluster';
import { INetwork, NetworkAttributes } from '../aws/i-network';
import { IWorkloadRole, WorkloadIdentityMode } from '../aws/i-workload-role';
import { BucketKey } from '../aws/i-lgtm-buckets';
import { LgtmBuckets, RetentionDays } from '../aws/lgtm-buckets';
import { ManagedMemcached } from '../aws/managed-memcached';
import { MemcachedEndpoint } from '../aws/memcached-endpoint';
import { NatGatewayMode, Network } from '../aws/network';
import { PodSecurityGroup } from '../aws/pod-security-group';
import { LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT, inPartition, loadBalancerControllerStatements } from '../aws/private/addon-policies';
import { isAwsRegion, partitionOf } from '../config/regions';
import { SessionStore } from '../aws/session-store';
import { WorkloadRole } from '../aws/workload-role';
import { SessionStoreEngine } from '../config/data-versions';
import { NodeGroupSize, TIER_NODE_DEFAULTS } from '../config/node-defaults';
import { TIERS, Tier, isTier } from '../config/tier';
import { Rule, check, known, show } from '../private/validate';
import { ILgtmPlatform } from './i-lgtm-platform';

/** Props of {@link LgtmPlatform}. */
export interface LgtmPlatformProps {
  /**
   * Environment name, part of every resource name (`<namePrefix>-<environment>-...`): lowercase
   * letters, digits and dashes, starting with a letter.
   */
  readonly environment: string;
  /** AWS region of the platform (the stack's AWS provider region), e.g. `eu-west-1`. */
  readonly region: string;
  /** Deployment tier of the backends: it decides the service accounts the workload roles are bound to. */
  readonly tier: Tier;
  /**
   * Turns on the production protections of every construct: `prevent_destroy` on data, Multi-AZ,
   * deletion protection, NAT per zone, a restricted API endpoint.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Prefix of every resource name; the cluster is `<namePrefix>-<environment>`.
   * @default 'lgtm'
   */
  readonly namePrefix?: string;
  /**
   * Node group size of a new cluster.
   * @default - per tier, see TIER_NODE_DEFAULTS
   */
  readonly nodes?: NodeGroupSize;
  /**
   * The VPC: a new one (the default) or an existing one.
   * @default - a new /16 VPC over 3 zones, NAT per zone when production, one otherwise
   */
  readonly network?: LgtmPlatformNetworkOptions;
  /**
   * The EKS cluster: access to a new one's API, or an existing cluster.
   * @default - the principal running Terraform is cluster-admin; public endpoint open to 0.0.0.0/0
   *   outside production (refused in production)
   */
  readonly cluster?: LgtmPlatformClusterOptions;
  /**
   * How pods get their IAM roles (backends and cluster add-ons).
   * @default 'pod-identity'
   */
  readonly workloadIdentity?: WorkloadIdentityMode;
  /**
   * Retention of each backend, in days; its bucket keeps objects a week longer.
   * @default - Mimir 365, Loki 30, Tempo 14, Pyroscope 30
   */
  readonly retentionDays?: Partial<Record<LgtmComponent, number>>;
  /**
   * Bucket naming and encryption.
   * @default - `<namePrefix>-<environment>-<purpose>`, AWS-managed KMS keys
   */
  readonly buckets?: LgtmPlatformBucketsOptions;
  /**
   * Size of Grafana's PostgreSQL database.
   * @default - db.m7g.large, Multi-AZ, 14 days of backups when production; db.t4g.small otherwise
   */
  readonly grafanaDatabase?: LgtmPlatformDatabaseOptions;
  /**
   * Grafana's session store.
   * @default - Valkey; 2 nodes with failover when production, 1 otherwise
   */
  readonly sessionStore?: LgtmPlatformSessionStoreOptions;
  /**
   * An ElastiCache memcached cluster for the backends' query caches instead of the charts'
   * in-cluster memcached.
   * @default - none
   */
  readonly managedMemcached?: LgtmPlatformMemcachedOptions;
  /**
   * Creates the IAM role of the AWS Load Balancer Controller for an existing cluster (a new cluster
   * always has one, `EksCluster.loadBalancerControllerRole`). Turn it off when the cluster already
   * runs the controller; `LgtmObservability` then does not install it.
   * @default true
   */
  readonly loadBalancerController?: boolean;
  /**
   * Gives Grafana a security group of its own (`grafanaPodSecurityGroup`, EKS security groups for
   * pods) and admits only it to the database and the session store, instead of the cluster security
   * group every pod carries. Grafana's pods need the group's SecurityGroupPolicy
   * (`grafanaPodSecurityGroup.securityGroupPolicy(...)`) before they start, or they cannot connect.
   * An existing cluster must run the VPC CNI with ENABLE_POD_ENI on trunk-capable nodes.
   * @default - true for a new cluster, false for an existing one
   */
  readonly grafanaPodSecurityGroup?: boolean;
}

/** The VPC of a platform. */
export interface LgtmPlatformNetworkOptions {
  /**
   * Use this existing VPC and its subnets instead of creating one (validated like
   * `Network.fromAttributes`); the other fields must then be unset.
   * @default - a new VPC
   */
  readonly existing?: NetworkAttributes;
  /**
   * CIDR block of a new VPC.
   * @default '10.0.0.0/16'
   */
  readonly cidrBlock?: string;
  /**
   * Availability zones of a new VPC (production needs at least 2).
   * @default 3
   */
  readonly zoneCount?: number;
  /**
   * NAT gateways of a new VPC.
   * @default - 'per-zone' when production, otherwise 'single'
   */
  readonly natGateways?: NatGatewayMode;
}

/** The EKS cluster of a platform: a new one, or an existing one. */
export interface LgtmPlatformClusterOptions {
  /**
   * Use this existing cluster (bring your own cluster, validated like `EksCluster.fromAttributes`)
   * instead of creating one; its `network` is the platform's network, so `network`, `nodes` and the
   * other fields here must then be unset. Workload roles are bound to its service accounts; IRSA
   * needs its `oidcProviderArn`.
   * @default - a new EKS cluster
   */
  readonly existing?: EksClusterAttributes;
  /**
   * IAM role or user ARNs made cluster-admin. Set them for stable access: the default follows
   * whoever runs Terraform, so a deploy by another role moves the admin entry to it.
   * @default - the IAM role (or user) running Terraform
   */
  readonly adminPrincipalArns?: string[];
  /**
   * Expose the API endpoint publicly (always also private).
   * @default true
   */
  readonly publicEndpoint?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint; required in production when it is public.
   * @default - ['0.0.0.0/0'] outside production
   */
  readonly publicAccessCidrs?: string[];
}

/** Bucket naming and encryption of a platform. */
export interface LgtmPlatformBucketsOptions {
  /**
   * Appended to every bucket name (or its prefix, with `uniqueNames`).
   * @default - none
   */
  readonly nameSuffix?: string;
  /**
   * Let Terraform complete each bucket name with a unique suffix (`bucket_prefix`), since S3 names
   * are global; false keeps the fixed names of earlier releases (an existing environment must,
   * or its buckets are replaced).
   * @default true
   */
  readonly uniqueNames?: boolean;
  /**
   * Exact names for some or all buckets (e.g. the names an existing environment already has).
   * @default - the names `uniqueNames` gives
   */
  readonly names?: Partial<Record<BucketKey, string>>;
  /**
   * Customer KMS key ARN for the buckets, the database, the session store, their secrets and every
   * log group (EKS control plane, flow logs, RDS exports). Its key policy must let the CloudWatch
   * Logs service principal of the region (`logs.<region>.amazonaws.com`) use it.
   * @default - AWS-managed keys
   */
  readonly kmsKeyArn?: string;
}

/** Size of Grafana's database. */
export interface LgtmPlatformDatabaseOptions {
  /**
   * RDS instance class, from the allowed list in lib/config/data-versions.ts.
   * @default - 'db.m7g.large' when production, 'db.t4g.small' otherwise
   */
  readonly instanceClass?: string;
  /**
   * Allocated storage in GiB.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Days of automated backups.
   * @default - 14 when production, 1 otherwise
   */
  readonly backupRetentionDays?: number;
  /**
   * Upper bound of storage autoscaling in GiB; at least `allocatedStorageGiB`.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
}

/** Grafana's session store. */
export interface LgtmPlatformSessionStoreOptions {
  /**
   * Cache engine.
   * @default 'valkey'
   */
  readonly engine?: SessionStoreEngine;
  /**
   * ElastiCache node type.
   * @default - 'cache.m7g.large' when production, 'cache.t4g.small' otherwise
   */
  readonly nodeType?: string;
  /**
   * Nodes (one primary, the rest replicas).
   * @default - 2 when production, 1 otherwise
   */
  readonly nodes?: number;
}

/** The optional managed memcached for query caches. */
export interface LgtmPlatformMemcachedOptions {
  /** Create the cluster. */
  readonly enabled: boolean;
  /**
   * ElastiCache node type.
   * @default 'cache.t4g.medium'
   */
  readonly nodeType?: string;
  /**
   * Nodes.
   * @default 2
   */
  readonly nodes?: number;
}


/**
 * The AWS platform of one LGTM environment as one construct: a VPC (new, or yours), an EKS cluster
 * (new, or yours through `cluster.existing`), one bucket per component purpose, one workload role per
 * backend, Grafana's PostgreSQL database and session store, and optionally a managed memcached.
 * It is an {@link ILgtmPlatform}: hand it to `LgtmObservability`, in the same stack or another.
 */
export class LgtmPlatform extends Construct implements ILgtmPlatform {
  /** AWS region of the platform. */
  public readonly region: string;
  /** The network the cluster and data services run in. */
  public readonly network: INetwork;
  /** The cluster the backends run on (new or existing). */
  public readonly cluster: IEksCluster;
  /**
   * The cluster this construct created.
   * @default - none when `cluster.existing` is given
   */
  public readonly eksCluster?: EksCluster;
  /** One bucket per component purpose. */
  public readonly buckets: LgtmBuckets;
  /** One workload role per backend. */
  public readonly identities: ComponentIdentities;
  /** The backends' roles, by component. */
  public readonly roles: Readonly<Record<LgtmComponent, IWorkloadRole>>;
  /**
   * The AWS Load Balancer Controller's role.
   * @default - none for an existing cluster with `loadBalancerController: false`
   */
  public readonly loadBalancerControllerRole?: IWorkloadRole;
  /** Grafana's PostgreSQL database. */
  public readonly grafanaDatabase: GrafanaDatabase;
  /** Grafana's session store. */
  public readonly sessionStore: SessionStore;
  /**
   * The managed memcached cluster.
   * @default - none unless `managedMemcached.enabled`
   */
  public readonly managedMemcached?: ManagedMemcached;
  /**
   * Where the managed memcached listens.
   * @default - none unless `managedMemcached.enabled`
   */
  public readonly memcached?: MemcachedEndpoint;
  /**
   * Grafana's own security group, the only one the database and session store admit.
   * @default - none when `grafanaPodSecurityGroup` is false
   */
  public readonly grafanaPodSecurityGroup?: PodSecurityGroup;

  constructor(scope: Construct, id: string, props: LgtmPlatformProps) {
    super(scope, id);
    const existingCluster = props.cluster?.existing;
    const { existing: _existing, ...clusterSettings } = props.cluster ?? {};
    const namePrefix = props.namePrefix ?? 'lgtm';
    const mode = props.workloadIdentity ?? 'pod-identity';
    const rules: Rule[] = [
      { when: known(props.environment) && !/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(props.environment), message: `environment is ${show(props.environment)}, but it must be lowercase letters, digits and dashes, starting with a letter and not ending with a dash` },
      { when: known(props.region) && !isAwsRegion(props.region), message: `region is ${show(props.region)}, but it must be an AWS region code such as us-east-1 or eu-west-2 (lib/config/regions.ts lists them)` },
      { when: !isTier(props.tier), message: `tier is ${show(props.tier)}, but allowed tiers are ${TIERS.join(', ')}` },
      { when: mode !== 'pod-identity' && mode !== 'irsa', message: `workloadIdentity is ${show(mode)}, but allowed modes are 'pod-identity', 'irsa'` },
      ...(existingCluster === undefined ? [] : [
        { when: props.network !== undefined, message: 'network is set, but an existing cluster brings its own network (cluster.existing.network); remove network' },
        { when: props.nodes !== undefined, message: 'nodes is set, but the node groups of an existing cluster are not managed here; remove nodes' },
        ...Object.keys(clusterSettings).filter((k) => (clusterSettings as Record<string, unknown>)[k] !== undefined).map((k) => ({
          when: true,
          message: `cluster.${k} is set, but it applies only to a new cluster; an existing cluster keeps its own settings`,
        })),
      ]),
      { when: props.grafanaPodSecurityGroup !== undefined && typeof props.grafanaPodSecurityGroup !== 'boolean', message: `grafanaPodSecurityGroup is ${show(props.grafanaPodSecurityGroup)}, but it must be true or false` },
      { when: existingCluster === undefined && props.loadBalancerController === false, message: 'loadBalancerController is false, but a new cluster always gets the controller\'s role; the option is for existing clusters' },
    ];
    check(`LgtmPlatform '${this.node.path}'`, rules);

    const clusterName = `${namePrefix}-${props.environment}`;
    const production = props.production ?? false;
    const kmsKeyArn = props.buckets?.kmsKeyArn;
    this.region = props.region;

    if (existingCluster) {
      this.cluster = EksCluster.fromAttributes(this, 'eks', existingCluster);
      this.network = this.cluster.network;
      this.loadBalancerControllerRole = props.loadBalancerController === false ? undefined : new WorkloadRole(this, 'lb-controller-role', {
        cluster: this.cluster,
        namespace: 'kube-system',
        serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        statements: inPartition(loadBalancerControllerStatements(this.cluster.clusterName), partitionOf(props.region)),
        mode,
      });
    } else {
      const net = props.network;
      this.network = net?.existing
        ? Network.fromAttributes(this, 'network', net.existing)
        : new Network(this, 'network', {
          name: clusterName,
          clusterName,
          production,
          cidrBlock: net?.cidrBlock,
          zoneCount: net?.zoneCount,
          natGateways: net?.natGateways,
          logKmsKeyArn: kmsKeyArn,
        });
      this.eksCluster = new EksCluster(this, 'eks', {
        network: this.network,
        clusterName,
        production,
        nodes: props.nodes ?? (isTier(props.tier) ? TIER_NODE_DEFAULTS[props.tier] : undefined),
        adminPrincipalArns: props.cluster?.adminPrincipalArns ?? [this.deployerArn()],
        endpoint: { publicAccess: props.cluster?.publicEndpoint ?? true, publicAccessCidrs: props.cluster?.publicAccessCidrs },
        irsa: mode === 'irsa',
        addonIdentityMode: mode,
        region: props.region,
        logKmsKeyArn: kmsKeyArn,
      });
      this.cluster = this.eksCluster;
      this.loadBalancerControllerRole = this.eksCluster.loadBalancerControllerRole;
    }
    const cluster = this.cluster;

    const retention = props.retentionDays ?? {};
    const backendRetentionDays: RetentionDays = Object.fromEntries(
      Object.entries({
        mimirBlocks: retention.mimir,
        lokiChunks: retention.loki,
        tempoTraces: retention.tempo,
        pyroscopeData: retention.pyroscope,
      }).filter(([, days]) => days !== undefined),
    );
    this.buckets = new LgtmBuckets(this, 'buckets', {
      environment: props.environment,
      namePrefix,
      nameSuffix: props.buckets?.nameSuffix,
      uniqueNames: props.buckets?.uniqueNames,
      names: props.buckets?.names,
      production,
      kmsKeyArn,
      backendRetentionDays,
    });
    this.identities = new ComponentIdentities(this, 'identities', {
      cluster,
      buckets: this.buckets,
      tier: props.tier,
      mode,
      roleNamePrefix: clusterName,
    });
    const { mimir, loki, tempo, pyroscope } = this.identities;
    this.roles = { mimir, loki, tempo, pyroscope };

    if (props.grafanaPodSecurityGroup ?? existingCluster === undefined) {
      this.grafanaPodSecurityGroup = new PodSecurityGroup(this, 'grafana-pods', {
        cluster,
        name: `${clusterName}-grafana-pods`,
        description: 'Grafana',
      });
    }
    const clientSecurityGroupIds = this.grafanaPodSecurityGroup ? [this.grafanaPodSecurityGroup.securityGroupId] : undefined;
    const common = { cluster, environment: props.environment, namePrefix, production, kmsKeyArn, clientSecurityGroupIds };
    this.grafanaDatabase = new GrafanaDatabase(this, 'grafana-db', { ...common, logKmsKeyArn: kmsKeyArn, ...props.grafanaDatabase });
    this.sessionStore = new SessionStore(this, 'sessions', { ...common, ...props.sessionStore });
    if (props.managedMemcached?.enabled) {
      this.managedMemcached = new ManagedMemcached(this, 'memcached', {
        cluster,
        environment: props.environment,
        namePrefix,
        nodeType: props.managedMemcached.nodeType,
        nodes: props.managedMemcached.nodes,
      });
      this.memcached = this.managedMemcached.endpoint;
    }
  }

  /** The IAM role (or user) running Terraform, not its assumed-role session ARN. */
  private deployerArn(): string {
    const caller = new DataAwsCallerIdentity(this, 'deployer');
    return new DataAwsIamSessionContext(this, 'deployer-role', { arn: caller.arn }).issuerArn;
  }
}
