import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Annotations, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { NodeGroupSize, TIER_NODE_DEFAULTS } from '../config/node-defaults';
import { EKS_ADDON_VERSIONS, KUBERNETES_VERSIONS, PLATFORM_VERSIONS } from '../config/platform-versions';
import { EBS_CSI_STATEMENTS, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT, VPC_CNI_STATEMENTS, inPartition, loadBalancerControllerStatements } from './private/addon-policies';
import { isAwsRegion, partitionOf } from '../config/regions';
import { parseCidr } from './private/cidr';
import { EksClusterAttributes, IEksCluster } from './i-eks-cluster';
import { INetwork } from './i-network';
import { WorkloadIdentityMode } from './i-workload-role';
import { LOG_RETENTION_DAYS } from './network';
import { networkAttributeRules } from './private/network-attributes';
import { EKS_CLUSTER_NAME, EKS_OIDC_ISSUER_URL, IAM_PRINCIPAL_ARN, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, OIDC_PROVIDER_ARN, Rule, SECURITY_GROUP_ID, check, known, requiredFields, show } from '../private/validate';
import { WorkloadRole } from './workload-role';


/** A control-plane log stream EKS can send to CloudWatch Logs. */
export type ControlPlaneLogType =
  /** API server requests and responses. */
  | 'api'
  /** Kubernetes audit log: who did what to which object. */
  | 'audit'
  /** IAM authenticator decisions: which IAM principal became which Kubernetes identity. */
  | 'authenticator'
  /** Controller manager. */
  | 'controllerManager'
  /** Scheduler decisions. */
  | 'scheduler';

/** Every control-plane log type (cdk-nag AwsSolutions-EKS2 asks for all five). */
export const CONTROL_PLANE_LOG_TYPES: readonly ControlPlaneLogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const REQUIRED_LOG_TYPES: readonly ControlPlaneLogType[] = ['api', 'audit', 'authenticator'];

/** An EKS managed add-on this construct installs. */
export type EksAddonName =
  /** Amazon VPC CNI: pod networking, with its own IAM role. */
  | 'vpc-cni'
  /** Cluster DNS. */
  | 'coredns'
  /** Service proxy on every node. */
  | 'kube-proxy'
  /** Amazon EBS CSI driver: persistent volumes of the backends' StatefulSets, with its own IAM role. */
  | 'aws-ebs-csi-driver'
  /** EKS Pod Identity agent: hands pods the credentials of their pod identity association. */
  | 'eks-pod-identity-agent'
  /** Kubernetes Metrics Server (EKS community add-on): the resource metrics the HPA scales on; needs no AWS access. */
  | 'metrics-server';

/** Every add-on, in install order. */
export const EKS_ADDONS: readonly EksAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent', 'coredns', 'aws-ebs-csi-driver', 'metrics-server'];
// DaemonSets that nodes need to become Ready; the rest are Deployments that need nodes to run on.
const BEFORE_NODES: readonly EksAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];

/** Who can reach the Kubernetes API endpoint. */
export interface EksEndpointAccess {
  /**
   * Reach the API from inside the VPC (nodes use it).
   * @default true
   */
  readonly privateAccess?: boolean;
  /**
   * Reach the API from the internet, limited to `publicAccessCidrs`.
   * @default true
   */
  readonly publicAccess?: boolean;
  /**
   * IPv4 blocks allowed to reach the public endpoint. Production requires a list without
   * `0.0.0.0/0` unless `allowOpenPublicEndpoint` is set.
   * @default - ['0.0.0.0/0'] with a warning outside production; required in production
   */
  readonly publicAccessCidrs?: string[];
}

/** Props of {@link EksCluster}. */
export interface EksClusterProps {
  /** The network: the control plane and the nodes use its private subnets. */
  readonly network: INetwork;
  /** Cluster name: 1-100 letters, digits, `-` and `_`, starting with a letter or digit. */
  readonly clusterName: string;
  /**
   * IAM roles or users given cluster-admin (an access entry with AmazonEKSClusterAdminPolicy on the
   * whole cluster). Include the principal Terraform runs as, or it cannot install the charts.
   * Entries are keyed by position: append new principals, removing one re-creates those after it.
   */
  readonly adminPrincipalArns: string[];
  /**
   * Turns on the production rules: deletion protection, a restricted public endpoint, at least one
   * node per zone.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Kubernetes minor version.
   * @default - PLATFORM_VERSIONS.kubernetes
   */
  readonly kubernetesVersion?: string;
  /**
   * Endpoint access.
   * @default - private and public, public open to `publicAccessCidrs`
   */
  readonly endpoint?: EksEndpointAccess;
  /**
   * Allows `0.0.0.0/0` on the public endpoint in production. Dangerous: the API server (still
   * authenticated) is then reachable from anywhere.
   * @default false
   */
  readonly allowOpenPublicEndpoint?: boolean;
  /**
   * Node counts across all zones and instance types. One managed node group per zone splits the
   * counts evenly (the first zones take the remainder), so a zone's EBS volumes always have nodes.
   * @default - TIER_NODE_DEFAULTS.monolithic
   */
  readonly nodes?: NodeGroupSize;
  /**
   * Root volume size of each node in GiB (gp3, encrypted).
   * @default 50
   */
  readonly nodeDiskSizeGiB?: number;
  /**
   * EKS AMI type of the node groups; must match the instance types' architecture
   * (`AL2023_ARM_64_STANDARD` for Graviton). The launch template sizes `/dev/xvda`, the root volume
   * of the Amazon Linux 2023 AMIs.
   * @default 'AL2023_x86_64_STANDARD'
   */
  readonly amiType?: string;
  /**
   * Control-plane logs sent to CloudWatch; must include api, audit and authenticator.
   * @default - all five types
   */
  readonly controlPlaneLogTypes?: ControlPlaneLogType[];
  /**
   * Days CloudWatch keeps the control-plane logs; one of CloudWatch's retention values.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Creates the IAM OIDC provider of the cluster, so workloads can use IRSA.
   * @default false
   */
  readonly irsa?: boolean;
  /**
   * How the vpc-cni and aws-ebs-csi-driver add-ons and the AWS Load Balancer Controller get their
   * IAM roles; `irsa` needs `irsa: true`.
   * @default 'pod-identity'
   */
  readonly addonIdentityMode?: WorkloadIdentityMode;
  /**
   * Add-on versions, e.g. `{ coredns: 'v1.12.4-eksbuild.1' }`.
   * @default - the default version EKS picks for the cluster's Kubernetes version
   */
  readonly addonVersions?: Partial<Record<EksAddonName, string>>;
  /**
   * Gives the principal that creates the cluster cluster-admin outside Terraform's access entries.
   * @default false
   */
  readonly bootstrapCreatorAdmin?: boolean;
  /**
   * EKS deletion protection: `terraform destroy` fails until it is turned off.
   * @default - true when production
   */
  readonly deletionProtection?: boolean;
  /**
   * Enforces Kubernetes NetworkPolicies through the VPC CNI (its network policy agent, EKS docs
   * "Configure your cluster for Kubernetes network policies"). Pods no policy selects are unaffected;
   * without it, NetworkPolicy objects are accepted but do nothing.
   * @default true
   */
  readonly networkPolicy?: boolean;
  /**
   * What happens when the Kubernetes version leaves standard support: `STANDARD` upgrades the
   * cluster automatically; `EXTENDED` keeps it on the old version for up to 12 more months, billed
   * per cluster-hour on top of the standard price (EKS's own default when unset).
   * @default 'STANDARD'
   */
  readonly supportType?: EksSupportType;
  /**
   * EKS security groups for pods: the VPC CNI manages branch network interfaces (`ENABLE_POD_ENI`,
   * in `standard` enforcing mode so NetworkPolicies and kubelet probes keep working) and the cluster
   * role gets AmazonEKSVPCResourceController. A `SecurityGroupPolicy` (PodSecurityGroup) then gives
   * chosen pods a security group of their own, which a database can admit instead of every pod.
   * Needs instance types with trunk interfaces (most Nitro types; no `t` family).
   * @default true
   */
  readonly podSecurityGroups?: boolean;
  /**
   * AWS region of the cluster: its partition (aws, aws-cn, aws-us-gov) goes into the ARNs of the
   * add-on and load balancer controller policies.
   * @default - a region of the commercial partition ('aws')
   */
  readonly region?: string;
  /**
   * Customer KMS key ARN that encrypts the control-plane log group. Its key policy must let the
   * CloudWatch Logs service principal of the region use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
}

/** EKS version support policy of a cluster. */
export type EksSupportType =
  /** Upgraded automatically at the end of standard support: no extended-support charge. */
  | 'STANDARD'
  /** Stays on its version through extended support, at an extra hourly charge. */
  | 'EXTENDED';


const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
// Graviton families carry a `g` after the generation digit: m7g, c7gn, r6gd, hpc7g.
const GRAVITON = /^[a-z]+\d+[a-z]*g[a-z]*\./;

/**
 * An EKS cluster with the settings a production platform needs: API authentication through access
 * entries (cluster-admin for the given principals only), secrets envelope-encrypted with a rotating
 * KMS key, control-plane logs, a restricted endpoint, one managed node group per zone (IMDSv2,
 * encrypted gp3 root volumes), the core add-ons (vpc-cni and the EBS CSI driver with their own IAM
 * roles) plus metrics-server as EKS add-ons, the IAM role of the AWS Load Balancer Controller, and
 * optionally IRSA.
 */
export class EksCluster extends Construct implements IEksCluster {
  /**
   * A handle for an existing cluster (bring your own cluster), validated once; creates nothing.
   * `scope` and `id` name it in errors.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: EksClusterAttributes): IEksCluster {
    checkAttributes(`EksCluster.fromAttributes '${scope.node.path}/${id}'`, attrs);
    return { ...attrs };
  }

  /** Cluster name (a reference to the cluster, so dependents wait for it). */
  public readonly clusterName: string;
  /** Kubernetes API server endpoint. */
  public readonly endpoint: string;
  /** Base64-encoded certificate authority data of the API server. */
  public readonly certificateAuthorityData: string;
  /** OIDC issuer URL of the cluster. */
  public readonly oidcIssuerUrl: string;
  /** ARN of the IAM OIDC provider, when `irsa` is on. */
  public readonly oidcProviderArn?: string;
  /** The EKS cluster security group, which the managed node groups carry. */
  public readonly nodeSecurityGroupId: string;
  /** The network the cluster runs in. */
  public readonly network: INetwork;
  /** The cluster resource. */
  public readonly cluster: EksClusterResource;
  /** ARN of the cluster. */
  public readonly clusterArn: string;
  /** Kubernetes minor version of the control plane. */
  public readonly kubernetesVersion: string;
  /** The KMS key that envelope-encrypts Kubernetes secrets. */
  public readonly secretsKey: KmsKey;
  /** The control-plane log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The role of the control plane. */
  public readonly clusterRole: IamRole;
  /** The role of the nodes (kubelet, image pulls); pods never use it. */
  public readonly nodeRole: IamRole;
  /** The managed node groups, one per zone, in zone order. */
  public readonly nodeGroups: EksNodeGroup[];
  /** The add-ons by name. */
  public readonly addons: Readonly<Record<EksAddonName, EksAddon>>;
  /** The IAM role of the VPC CNI. */
  public readonly vpcCniRole: WorkloadRole;
  /** The IAM role of the EBS CSI driver controller. */
  public readonly ebsCsiRole: WorkloadRole;
  /**
   * The IAM role of the AWS Load Balancer Controller (`kube-system/aws-load-balancer-controller`),
   * bound the same way as the add-ons; the controller itself is a Helm release (LoadBalancerController).
   */
  public readonly loadBalancerControllerRole: WorkloadRole;
  /** The IAM OIDC provider, when `irsa` is on. */
  public readonly oidcProvider?: IamOpenidConnectProvider;
  /** How the add-ons (and, by default, other workloads) get their IAM roles. */
  public readonly identityMode: WorkloadIdentityMode;
  /** Whether pods can have security groups of their own (`podSecurityGroups`). */
  public readonly podSecurityGroups: boolean;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const production = props.production ?? false;
    const version = props.kubernetesVersion ?? PLATFORM_VERSIONS.kubernetes;
    const nodes = props.nodes ?? TIER_NODE_DEFAULTS.monolithic;
    const zones = props.network.privateSubnetIds.length;
    const privateAccess = props.endpoint?.privateAccess ?? true;
    const publicAccess = props.endpoint?.publicAccess ?? true;
    const publicCidrs = props.endpoint?.publicAccessCidrs;
    const logTypes = props.controlPlaneLogTypes ?? [...CONTROL_PLANE_LOG_TYPES];
    const retention = props.logRetentionDays ?? 365;
    const diskSize = props.nodeDiskSizeGiB ?? 50;
    const amiType = props.amiType ?? 'AL2023_x86_64_STANDARD';
    const identityMode = props.addonIdentityMode ?? 'pod-identity';
    const supportType = props.supportType ?? 'STANDARD';
    const podSecurityGroups = props.podSecurityGroups ?? true;
    const arnPartition = partitionOf(props.region);

    const rules: Rule[] = [
      { when: known(props.clusterName) && !EKS_CLUSTER_NAME.test(props.clusterName), message: `clusterName is '${props.clusterName}', but it must be 1-100 letters, digits, - and _, starting with a letter or digit` },
      { when: !/^1\.\d{2}$/.test(version), message: `kubernetesVersion is '${version}', but it must be a Kubernetes minor version such as ${PLATFORM_VERSIONS.kubernetes}` },
      {
        when: /^1\.\d{2}$/.test(version) && !Object.prototype.hasOwnProperty.call(KUBERNETES_VERSIONS, version),
        message: `kubernetesVersion is '${version}', but EKS supports ${Object.keys(KUBERNETES_VERSIONS).join(', ')} (KUBERNETES_VERSIONS)`,
      },
      { when: zones === 0, message: 'network has no private subnets, but nodes and the control plane need at least one' },
      { when: production && zones === 1, message: 'network spans 1 availability zone, but production needs at least 2 so a zone outage leaves the cluster running' },
      { when: props.adminPrincipalArns.length === 0, message: 'adminPrincipalArns is [], but at least one IAM role or user must be cluster-admin (include the principal Terraform runs as)' },
      ...props.adminPrincipalArns.filter((arn) => known(arn) && !IAM_PRINCIPAL_ARN.test(arn)).map((arn) => ({
        when: true,
        message: `adminPrincipalArns has '${arn}', but each must be an IAM role or user ARN such as arn:aws:iam::111122223333:role/platform-admin`,
      })),
      { when: new Set(props.adminPrincipalArns).size !== props.adminPrincipalArns.length, message: 'adminPrincipalArns lists a principal twice, but each may have only one access entry' },
      { when: !privateAccess && !publicAccess, message: 'endpoint.privateAccess and endpoint.publicAccess are both false, but the API must be reachable one way' },
      ...(publicCidrs ?? []).filter((c) => known(c) && typeof parseCidr(c) === 'string').map((c) => ({
        when: true,
        message: `endpoint.publicAccessCidrs has '${c}', but ${parseCidr(c) as string}`,
      })),
      {
        when: production && publicAccess && publicCidrs === undefined && !props.allowOpenPublicEndpoint,
        message: 'endpoint.publicAccessCidrs is not set, but a production public endpoint must be limited to known CIDRs; set them, turn endpoint.publicAccess off, or set allowOpenPublicEndpoint',
      },
      {
        when: production && publicAccess && (publicCidrs ?? []).includes('0.0.0.0/0') && !props.allowOpenPublicEndpoint,
        message: "endpoint.publicAccessCidrs has '0.0.0.0/0', but production does not open the API to the internet unless allowOpenPublicEndpoint is set",
      },
      { when: publicAccess && publicCidrs !== undefined && publicCidrs.length === 0, message: 'endpoint.publicAccessCidrs is [], but a public endpoint needs at least one CIDR; turn endpoint.publicAccess off instead' },
      ...logTypes.filter((t) => !CONTROL_PLANE_LOG_TYPES.includes(t)).map((t) => ({
        when: true,
        message: `controlPlaneLogTypes has '${t}', but allowed types are ${CONTROL_PLANE_LOG_TYPES.join(', ')}`,
      })),
      ...REQUIRED_LOG_TYPES.filter((t) => !logTypes.includes(t)).map((t) => ({
        when: true,
        message: `controlPlaneLogTypes lacks '${t}', but api, audit and authenticator are always on`,
      })),
      { when: !LOG_RETENTION_DAYS.includes(retention), message: `logRetentionDays is ${retention}, but CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')}` },
      ...nodeRules(nodes, zones, production),
      { when: !Number.isInteger(diskSize) || diskSize < 20 || diskSize > 16384, message: `nodeDiskSizeGiB is ${diskSize}, but it must be an integer from 20 to 16384` },
      ...architectureRules(amiType, nodes.instanceTypes),
      ...(podSecurityGroups ? (nodes.instanceTypes ?? []).filter((t) => known(t) && /^t\d/.test(t)).map((t) => ({
        when: true,
        message: `nodes.instanceTypes has '${t}', but podSecurityGroups needs trunk network interfaces, which no t-family type has (EKS "Assign security groups to individual Pods"); use e.g. m6i.large or set podSecurityGroups: false`,
      })) : []),
      { when: known(props.region) && !isAwsRegion(props.region), message: `region is ${show(props.region)}, but it is not an AWS region code (lib/config/regions.ts lists them)` },
      { when: known(props.logKmsKeyArn) && !KMS_KEY_ARN.test(props.logKmsKeyArn!), message: `logKmsKeyArn is ${show(props.logKmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: supportType !== 'STANDARD' && supportType !== 'EXTENDED', message: `supportType is ${show(supportType)}, but allowed types are 'STANDARD', 'EXTENDED'` },
      { when: identityMode !== 'pod-identity' && identityMode !== 'irsa', message: `addonIdentityMode is '${identityMode}', but allowed modes are 'pod-identity', 'irsa'` },
      { when: identityMode === 'irsa' && !props.irsa, message: "addonIdentityMode is 'irsa', but irsa is off; set irsa: true or use 'pod-identity'" },
      ...Object.keys(props.addonVersions ?? {}).filter((k) => !EKS_ADDONS.includes(k as EksAddonName)).map((k) => ({
        when: true,
        message: `addonVersions has '${k}', but the add-ons are ${EKS_ADDONS.join(', ')}`,
      })),
    ];
    check(`EksCluster '${this.node.path}'`, rules);
    if (!production && publicAccess && publicCidrs === undefined) {
      Annotations.of(this).addWarning(`EksCluster '${this.node.path}': the public API endpoint is open to 0.0.0.0/0; set endpoint.publicAccessCidrs to limit it`);
    }

    this.network = props.network;
    this.kubernetesVersion = version;
    this.identityMode = identityMode;
    this.podSecurityGroups = podSecurityGroups;
    const partition = new DataAwsPartition(this, 'partition').partition;
    const managed = (name: string) => `arn:${partition}:iam::aws:policy/${name}`;

    this.clusterRole = serviceRole(this, 'cluster-role', 'eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession'], `EKS control plane of ${props.clusterName}`);
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-role-policy', { role: this.clusterRole.name, policyArn: managed('AmazonEKSClusterPolicy') });
    // Lets EKS create and attach the trunk and branch interfaces of pods with their own security group
    // (EKS docs, "Configure the Amazon VPC CNI plugin for Kubernetes for security groups for Amazon EKS Pods").
    const podEniPolicy = podSecurityGroups
      ? new IamRolePolicyAttachment(this, 'cluster-role-vpc-resources', { role: this.clusterRole.name, policyArn: managed('AmazonEKSVPCResourceController') })
      : undefined;

    this.secretsKey = new KmsKey(this, 'secrets-key', {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.clusterName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // Every Kubernetes secret of the cluster is unreadable without this key.
      lifecycle: production ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, 'secrets-key-alias', { name: `alias/${props.clusterName}-eks-secrets`, targetKeyId: this.secretsKey.keyId });
    const keyUse = new DataAwsIamPolicyDocument(this, 'secrets-key-use', {
      statement: [{ effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [this.secretsKey.arn] }],
    });
    const keyPolicy = new IamRolePolicy(this, 'cluster-role-kms', { role: this.clusterRole.id, name: 'secrets-encryption', policy: keyUse.json });

    // EKS writes to this group name; creating it first sets the retention instead of "never expire".
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionInDays: retention,
      kmsKeyId: props.logKmsKeyArn,
      // The audit log of the cluster: a plan must not drop it.
      lifecycle: production ? { preventDestroy: true } : undefined,
    });

    this.cluster = new EksClusterResource(this, 'cluster', {
      name: props.clusterName,
      version,
      roleArn: this.clusterRole.arn,
      enabledClusterLogTypes: [...logTypes],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: props.bootstrapCreatorAdmin ?? false },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      vpcConfig: {
        subnetIds: [...props.network.privateSubnetIds],
        endpointPrivateAccess: privateAccess,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: publicAccess ? [...(publicCidrs ?? ['0.0.0.0/0'])] : undefined,
      },
      // The add-ons below are EKS managed add-ons with their own roles, not the self-managed defaults.
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection ?? production,
      // Explicit: EKS defaults to EXTENDED, which starts billing extended support silently.
      upgradePolicy: { supportType },
      dependsOn: [this.logGroup, clusterPolicy, keyPolicy, ...(podEniPolicy ? [podEniPolicy] : [])],
    });
    this.clusterName = this.cluster.name;
    this.clusterArn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.certificateAuthorityData = this.cluster.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.nodeSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    if (props.irsa) {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc', { url: this.oidcIssuerUrl, clientIdList: ['sts.amazonaws.com'] });
      this.oidcProviderArn = this.oidcProvider.arn;
    }

    props.adminPrincipalArns.forEach((principalArn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
        accessScope: { type: 'cluster' },
      });
    });

    const addonRole = (roleId: string, serviceAccount: string, statements: typeof VPC_CNI_STATEMENTS) => new WorkloadRole(this, roleId, {
      cluster: this,
      namespace: 'kube-system',
      serviceAccount,
      statements: inPartition(statements, arnPartition),
      mode: identityMode,
      boundByAddon: true,
    });
    this.vpcCniRole = addonRole('vpc-cni-role', 'aws-node', VPC_CNI_STATEMENTS);
    this.ebsCsiRole = addonRole('ebs-csi-role', 'ebs-csi-controller-sa', EBS_CSI_STATEMENTS);
    // Not an EKS add-on, so the role brings its own pod identity association (or IRSA trust).
    this.loadBalancerControllerRole = new WorkloadRole(this, 'lb-controller-role', {
      cluster: this,
      namespace: 'kube-system',
      serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      statements: inPartition(loadBalancerControllerStatements(props.clusterName), arnPartition),
      mode: identityMode,
    });

    const addon = (name: EksAddonName, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}) => new EksAddon(this, name, {
      clusterName: this.cluster.name,
      addonName: name,
      addonVersion: props.addonVersions?.[name] ?? (version === PLATFORM_VERSIONS.kubernetes ? EKS_ADDON_VERSIONS[name] : undefined),
      // Terraform owns the add-on configuration; drift made by hand is overwritten.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      ...extra,
    });
    const early = {
      'vpc-cni': addon('vpc-cni', {
        ...this.vpcCniRole.addonBinding(),
        configurationValues: JSON.stringify({
          enableNetworkPolicy: String(props.networkPolicy ?? true),
          ...(podSecurityGroups ? {
            // standard: pods with a branch interface still follow NetworkPolicies and the node's
            // routing for kubelet probes; strict would bypass both.
            env: { ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'standard' },
            // Kubelet TCP probes to pods on branch interfaces need early demux off (EKS docs, same page).
            init: { env: { DISABLE_TCP_EARLY_DEMUX: 'true' } },
          } : {}),
        }),
      }),
      'kube-proxy': addon('kube-proxy'),
      'eks-pod-identity-agent': addon('eks-pod-identity-agent'),
    };

    this.nodeRole = serviceRole(this, 'node-role', 'ec2.amazonaws.com', ['sts:AssumeRole'], `EKS nodes of ${props.clusterName}`);
    // The CNI permissions live on the vpc-cni role, not here (EKS node IAM role guide).
    const nodePolicies = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'].map((name) =>
      new IamRolePolicyAttachment(this, `node-role-${name}`, { role: this.nodeRole.name, policyArn: managed(name) }));

    const template = new LaunchTemplate(this, 'node-template', {
      namePrefix: `${props.clusterName}-nodes-`,
      description: `Nodes of EKS cluster ${props.clusterName}`,
      updateDefaultVersion: true,
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: diskSize, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } }],
      // IMDSv2 only, one hop: pods cannot reach the node role's credentials through the metadata service.
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      // Instances and their volumes carry the cluster's name (default_tags do not reach what an
      // Auto Scaling group launches).
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${props.clusterName}-node`, 'lgtm:cluster': props.clusterName },
      })),
    });

    const split = (total: number) => Array.from({ length: zones }, (_, i) => Math.floor(total / zones) + (i < total % zones ? 1 : 0));
    const [mins, desireds, maxes] = [split(nodes.min), split(nodes.desired), split(nodes.max)];
    const suffix = (i: number) => String.fromCharCode(97 + i);
    const beforeNodes: ITerraformDependable[] = [...nodePolicies, ...BEFORE_NODES.map((n) => early[n as keyof typeof early])];
    this.nodeGroups = props.network.privateSubnetIds.map((subnetId, i) => new EksNodeGroup(this, `nodes-${suffix(i)}`, {
      clusterName: this.cluster.name,
      nodeGroupNamePrefix: `nodes-${suffix(i)}-`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: [subnetId],
      instanceTypes: [...nodes.instanceTypes],
      amiType,
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: mins[i], desiredSize: desireds[i], maxSize: maxes[i] },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      labels: { 'lgtm.io/node-group': `nodes-${suffix(i)}` },
      dependsOn: beforeNodes,
      // An autoscaler owns the current size; Terraform owns the bounds.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ['scaling_config[0].desired_size'] },
    }));

    this.addons = {
      ...early,
      coredns: addon('coredns', { dependsOn: this.nodeGroups }),
      'aws-ebs-csi-driver': addon('aws-ebs-csi-driver', { ...this.ebsCsiRole.addonBinding(), dependsOn: this.nodeGroups }),
      'metrics-server': addon('metrics-server', { dependsOn: this.nodeGroups }),
    };
  }
}

// No aws:SourceAccount / aws:SourceArn condition here: the EKS user guide's cluster and node role
// trust policies carry none, and EC2 (the node role) passes no source for instance profiles; a
// condition the service does not send would lock the cluster out of its own role.
function serviceRole(scope: Construct, id: string, service: string, actions: string[], description: string): IamRole {
  const trust = new DataAwsIamPolicyDocument(scope, `${id}-trust`, {
    statement: [{ effect: 'Allow', actions, principals: [{ type: 'Service', identifiers: [service] }] }],
  });
  return new IamRole(scope, id, { assumeRolePolicy: trust.json, description });
}

function nodeRules(nodes: NodeGroupSize, zones: number, production: boolean): Rule[] {
  const { min, desired, max, instanceTypes } = nodes;
  return [
    { when: !Array.isArray(instanceTypes) || instanceTypes.length === 0, message: 'nodes.instanceTypes is [], but at least one instance type is required' },
    ...(instanceTypes ?? []).filter((t) => !INSTANCE_TYPE.test(t)).map((t) => ({ when: true, message: `nodes.instanceTypes has '${t}', but an EC2 instance type looks like m6i.xlarge` })),
    { when: !Number.isInteger(min) || min < 1, message: `nodes.min is ${min}, but it must be an integer of at least 1` },
    { when: !Number.isInteger(max) || max < min, message: `nodes.max is ${max}, but it must be an integer of at least nodes.min (${min})` },
    { when: !Number.isInteger(desired) || desired < min || desired > max, message: `nodes.desired is ${desired}, but it must be an integer between nodes.min (${min}) and nodes.max (${max})` },
    { when: Number.isInteger(max) && zones > 0 && max < zones, message: `nodes.max is ${max}, but each of the ${zones} zones' node groups needs room for a node` },
    { when: production && Number.isInteger(min) && min < zones, message: `nodes.min is ${min}, but production keeps at least one node in each of the ${zones} zones` },
  ];
}

function architectureRules(amiType: string, instanceTypes: readonly string[]): Rule[] {
  const arm = amiType.includes('ARM_64');
  return (instanceTypes ?? []).filter((t) => GRAVITON.test(t) !== arm).map((t) => ({
    when: true,
    message: `nodes.instanceTypes has '${t}', but amiType '${amiType}' is ${arm ? 'arm64' : 'x86_64'}; use ${arm ? 'Graviton' : 'x86_64'} types or the matching amiType`,
  }));
}

/** Checks an existing cluster's attributes; `label` names the caller in the error. */
function checkAttributes(label: string, attrs: EksClusterAttributes): void {
  const missing = requiredFields(attrs, ['clusterName', 'endpoint', 'certificateAuthorityData', 'oidcIssuerUrl', 'nodeSecurityGroupId', 'network']);
  if (missing.some((r) => r.when)) check(label, missing);
  // The provider ARN names the issuer without its scheme: .../oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>.
  const issuerHostPath = known(attrs.oidcIssuerUrl) ? attrs.oidcIssuerUrl.replace(/^https:\/\//, '') : undefined;
  const rules: Rule[] = [
    { when: known(attrs.clusterName) && !EKS_CLUSTER_NAME.test(attrs.clusterName), message: `clusterName is ${show(attrs.clusterName)}, but it must be 1-100 letters, digits, - and _, starting with a letter or digit` },
    { when: known(attrs.endpoint) && !/^https:\/\/[^/\s]+$/.test(attrs.endpoint), message: `endpoint is ${show(attrs.endpoint)}, but it must be the https URL of the API server, such as https://ABC.gr7.eu-west-1.eks.amazonaws.com` },
    { when: known(attrs.certificateAuthorityData) && !/^[A-Za-z0-9+/]+={0,2}$/.test(attrs.certificateAuthorityData), message: 'certificateAuthorityData is not base64, but it must be the base64 certificate authority data of the API server' },
    { when: known(attrs.oidcIssuerUrl) && !EKS_OIDC_ISSUER_URL.test(attrs.oidcIssuerUrl), message: `oidcIssuerUrl is ${show(attrs.oidcIssuerUrl)}, but it must be the cluster's issuer URL, such as https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123` },
    { when: known(attrs.oidcProviderArn) && !OIDC_PROVIDER_ARN.test(attrs.oidcProviderArn!), message: `oidcProviderArn is ${show(attrs.oidcProviderArn)}, but it must be an IAM OIDC provider ARN such as arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123` },
    {
      when: known(attrs.oidcProviderArn) && OIDC_PROVIDER_ARN.test(attrs.oidcProviderArn!) && issuerHostPath !== undefined && EKS_OIDC_ISSUER_URL.test(attrs.oidcIssuerUrl) && !attrs.oidcProviderArn!.endsWith(`:oidc-provider/${issuerHostPath}`),
      message: `oidcProviderArn is ${show(attrs.oidcProviderArn)}, but it is not the provider of oidcIssuerUrl ${show(attrs.oidcIssuerUrl)} (it must end in oidc-provider/${issuerHostPath})`,
    },
    { when: known(attrs.nodeSecurityGroupId) && !SECURITY_GROUP_ID.test(attrs.nodeSecurityGroupId), message: `nodeSecurityGroupId is ${show(attrs.nodeSecurityGroupId)}, but it must be a security group id such as sg-0123456789abcdef0` },
    ...networkAttributeRules(attrs.network, 'network.'),
  ];
  check(label, rules);
}
