import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Annotations, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Ipv4Cidr, cidrContains, cidrsOverlap, parseCidr, subdivide } from './private/cidr';
import { EKS_CLUSTER_NAME, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, Rule, check, known, show } from '../private/validate';
import { INetwork, NetworkAttributes } from './i-network';
import { networkAttributeRules } from './private/network-attributes';


/** How many NAT gateways give the private subnets their way out. */
export type NatGatewayMode =
  /** One NAT gateway in each zone, each zone's private subnet routed through its own: a zone outage cuts no other zone off. */
  | 'per-zone'
  /** One NAT gateway in the first zone for every private subnet: cheaper, but that zone is a single point of failure for egress. */
  | 'single';

/** Props of {@link Network}. */
export interface NetworkProps {
  /**
   * Turns on the production rules: at least 2 zones, NAT per zone by default.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Name used in the `Name` tag of every resource (`<name>-private-a`, ...).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Primary IPv4 CIDR block of the VPC, /16 to /24.
   * @default '10.0.0.0/16'
   */
  readonly cidrBlock?: string;
  /**
   * Availability zones to span, one private and one public subnet in each. Takes precedence over
   * `zoneCount`.
   * @default - the first `zoneCount` zones of the region that need no opt-in
   */
  readonly availabilityZones?: string[];
  /**
   * Number of zones to span when `availabilityZones` is not given; production needs at least 2.
   * @default 3
   */
  readonly zoneCount?: number;
  /**
   * CIDR blocks of the private subnets (nodes, pods through the VPC CNI, data services), one per
   * zone, inside `cidrBlock`, overlapping nothing.
   * @default - the VPC split in 2^k equal blocks (k the bits needed for zones + 1); the first ones, one per zone
   */
  readonly privateSubnetCidrs?: string[];
  /**
   * CIDR blocks of the public subnets (load balancers and NAT gateways only), one per zone, inside
   * `cidrBlock`, overlapping nothing.
   * @default - the last of those blocks, split in one block per zone
   */
  readonly publicSubnetCidrs?: string[];
  /**
   * NAT gateways for the private subnets.
   * @default - 'per-zone' when production, otherwise 'single'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Name of the EKS cluster that will use the subnets; adds the `kubernetes.io/cluster/<name>:
   * shared` tag EKS and the AWS Load Balancer Controller look for.
   * @default - no cluster tag
   */
  readonly clusterName?: string;
  /**
   * Records every accepted and rejected flow of the VPC in a CloudWatch log group (cdk-nag
   * AwsSolutions-VPC7, checkov CKV2_AWS_11).
   * @default true
   */
  readonly flowLogs?: boolean;
  /**
   * Days the flow log group keeps records; one of CloudWatch's retention values.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Customer KMS key ARN that encrypts the flow log group. Its key policy must let the CloudWatch
   * Logs service principal of the region use it (CloudWatch Logs "Encrypt log data using AWS KMS").
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
}


/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const DEFAULT_CIDR = '10.0.0.0/16';
const MAX_ZONES = 6;

/**
 * A new VPC across several availability zones: a private subnet per zone for nodes and data
 * services, a public subnet per zone for load balancers, NAT per zone (production) or one NAT,
 * the subnet tags EKS and the AWS Load Balancer Controller expect, a default security group with
 * no rules, and VPC flow logs.
 */
export class Network extends Construct implements INetwork {
  /**
   * A handle for an existing VPC and its subnets (bring your own network); creates nothing.
   * Validates that every zone has one private and one public subnet; `scope` and `id` name it in errors.
   */
  public static fromAttributes(scope: Construct, id: string, attrs: NetworkAttributes): INetwork {
    check(`Network.fromAttributes '${scope.node.path}/${id}'`, networkAttributeRules(attrs));
    return {
      ...attrs,
      availabilityZones: [...attrs.availabilityZones],
      privateSubnetIds: [...attrs.privateSubnetIds],
      publicSubnetIds: [...attrs.publicSubnetIds],
    };
  }

  /** VPC id. */
  public readonly vpcId: string;
  /** The VPC's primary IPv4 CIDR block. */
  public readonly vpcCidrBlock: string;
  /** Availability zones the subnets span, in the order of the subnet lists. */
  public readonly availabilityZones: string[];
  /** Private subnet ids, one per zone. */
  public readonly privateSubnetIds: string[];
  /** Public subnet ids, one per zone. */
  public readonly publicSubnetIds: string[];
  /** The VPC. */
  public readonly vpc: Vpc;
  /** Private subnets, one per zone. */
  public readonly privateSubnets: Subnet[];
  /** Public subnets, one per zone. */
  public readonly publicSubnets: Subnet[];
  /** NAT gateways: one per zone, or one. */
  public readonly natGateways: NatGateway[];
  /** The CIDR blocks of the private subnets, as planned. */
  public readonly privateSubnetCidrs: string[];
  /** The CIDR blocks of the public subnets, as planned. */
  public readonly publicSubnetCidrs: string[];
  /** The flow log group, when flow logs are on. */
  public readonly flowLogGroup?: CloudwatchLogGroup;
  /** The S3 gateway endpoint on the private route tables: S3 traffic of the nodes bypasses NAT. */
  public readonly s3Endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const production = props.production ?? false;
    const name = props.name ?? id;
    const cidrText = props.cidrBlock ?? DEFAULT_CIDR;
    const zoneCount = props.availabilityZones?.length ?? props.zoneCount ?? 3;
    const natMode = props.natGateways ?? (production ? 'per-zone' : 'single');
    const retention = props.flowLogRetentionDays ?? 365;
    const layout = planSubnets(cidrText, zoneCount, props.privateSubnetCidrs, props.publicSubnetCidrs);

    const rules: Rule[] = [
      ...layout.problems.map((message) => ({ when: true, message })),
      { when: !Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > MAX_ZONES, message: `zoneCount is ${zoneCount}, but it must be an integer from 1 to ${MAX_ZONES}` },
      { when: production && zoneCount < 2, message: `availability zones number ${zoneCount}, but production needs at least 2 so a zone outage leaves the cluster running` },
      {
        when: props.availabilityZones !== undefined && new Set(props.availabilityZones).size !== props.availabilityZones.length,
        message: `availabilityZones is ${JSON.stringify(props.availabilityZones)}, but each zone may appear only once`,
      },
      { when: natMode !== 'per-zone' && natMode !== 'single', message: `natGateways is '${natMode}', but allowed modes are 'per-zone', 'single'` },
      { when: known(props.logKmsKeyArn) && !KMS_KEY_ARN.test(props.logKmsKeyArn!), message: `logKmsKeyArn is ${show(props.logKmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: !LOG_RETENTION_DAYS.includes(retention), message: `flowLogRetentionDays is ${retention}, but CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')}` },
      {
        when: known(props.clusterName) && !EKS_CLUSTER_NAME.test(props.clusterName),
        message: `clusterName is '${props.clusterName}', but an EKS cluster name is 1-100 letters, digits, - and _, starting with a letter or digit`,
      },
    ];
    check(`Network '${this.node.path}'`, rules);
    if (production && natMode === 'single') {
      Annotations.of(this).addWarning(`Network '${this.node.path}': natGateways is 'single' in production; an outage of the first zone cuts every private subnet off the internet`);
    }

    this.availabilityZones = props.availabilityZones
      ? [...props.availabilityZones]
      : (() => {
        const zones = new DataAwsAvailabilityZones(this, 'zones', {
          state: 'available',
          filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
        });
        return Array.from({ length: zoneCount }, (_, i) => Fn.element(zones.names, i) as string);
      })();
    this.privateSubnetCidrs = layout.private;
    this.publicSubnetCidrs = layout.public;

    const clusterTag: Record<string, string> = props.clusterName ? { [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' } : {};
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: cidrText,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidrBlock = this.vpc.cidrBlock;

    // No rules: nothing may use the default group by accident (checkov CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: { Name: `${name}-default-deny` } });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-rt', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: { Name: `${name}-public` },
    });

    const suffix = (i: number) => String.fromCharCode(97 + i);
    this.publicSubnets = layout.public.map((cidr, i) => {
      const subnet = new Subnet(this, `public-${suffix(i)}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: this.availabilityZones[i],
        // Load balancers get their addresses from the controller; nothing here needs one by default.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${name}-public-${suffix(i)}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
      });
      new RouteTableAssociation(this, `public-${suffix(i)}-rta`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    const natCount = natMode === 'per-zone' ? zoneCount : 1;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-${suffix(i)}-eip`, { domain: 'vpc', tags: { Name: `${name}-nat-${suffix(i)}` } });
      return new NatGateway(this, `nat-${suffix(i)}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: { Name: `${name}-nat-${suffix(i)}` },
        dependsOn: [igw],
      });
    });

    const privateRouteTables: RouteTable[] = [];
    this.privateSubnets = layout.private.map((cidr, i) => {
      const subnet = new Subnet(this, `private-${suffix(i)}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: this.availabilityZones[i],
        tags: { Name: `${name}-private-${suffix(i)}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag },
      });
      const nat = this.natGateways[natMode === 'per-zone' ? i : 0];
      const routes = new RouteTable(this, `private-${suffix(i)}-rt`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { Name: `${name}-private-${suffix(i)}` },
      });
      new RouteTableAssociation(this, `private-${suffix(i)}-rta`, { subnetId: subnet.id, routeTableId: routes.id });
      privateRouteTables.push(routes);
      return subnet;
    });
    // The backends' S3 traffic (every block, chunk and trace) stays on the AWS network instead of
    // paying NAT processing per GB; a gateway endpoint costs nothing.
    this.s3Endpoint = new VpcEndpoint(this, 's3-endpoint', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${new DataAwsRegion(this, 'region').region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: privateRouteTables.map((t) => t.id),
      tags: { Name: `${name}-s3` },
    });
    this.privateSubnetIds = this.privateSubnets.map((s) => s.id);
    this.publicSubnetIds = this.publicSubnets.map((s) => s.id);

    if (props.flowLogs ?? true) this.flowLogGroup = this.addFlowLogs(name, retention, production, props.logKmsKeyArn);
  }

  private addFlowLogs(name: string, retentionDays: number, production: boolean, kmsKeyId?: string): CloudwatchLogGroup {
    const group = new CloudwatchLogGroup(this, 'flow-logs', {
      name: `/vpc/${name}/flow-logs`,
      retentionInDays: retentionDays,
      kmsKeyId,
      // The network's audit trail: a plan must not drop it with the records of an incident.
      lifecycle: production ? { preventDestroy: true } : undefined,
    });
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');
    const region = this.node.tryFindChild('region') as DataAwsRegion;
    // Confused-deputy protection the VPC docs recommend ("IAM role for publishing flow logs to
    // CloudWatch Logs"): only flow logs of this account may use the role.
    const trust = new DataAwsIamPolicyDocument(this, 'flow-logs-trust', {
      statement: [{
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:${partition.partition}:ec2:${region.region}:${account.accountId}:vpc-flow-log/*`] },
        ],
      }],
    });
    const role = new IamRole(this, 'flow-logs-role', { assumeRolePolicy: trust.json, description: `VPC flow logs of ${name}` });
    const permissions = new DataAwsIamPolicyDocument(this, 'flow-logs-permissions', {
      statement: [{
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [group.arn, `${group.arn}:*`],
      }],
    });
    new IamRolePolicy(this, 'flow-logs-policy', { role: role.id, name: 'flow-logs', policy: permissions.json });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { Name: name },
    });
    return group;
  }
}

/** The subnet layout of a new VPC, or the problems that prevent one. */
interface SubnetLayout {
  readonly private: string[];
  readonly public: string[];
  readonly problems: string[];
}

/**
 * Checks the VPC block and any given subnet blocks (valid, inside the VPC, no overlaps), and fills
 * in the default layout for the blocks not given.
 */
function planSubnets(vpcText: string, zones: number, privateGiven?: string[], publicGiven?: string[]): SubnetLayout {
  const problems: string[] = [];
  const vpc = parseCidr(vpcText);
  if (typeof vpc === 'string') return { private: [], public: [], problems: [`cidrBlock is '${vpcText}', but ${vpc}`] };
  // AWS accepts VPC blocks from /16 to /28; below /24 three zones' subnets would be unusably small.
  if (vpc.prefix < 16 || vpc.prefix > 24) return { private: [], public: [], problems: [`cidrBlock is '${vpcText}', but the prefix length must be /16 to /24`] };
  if (!Number.isInteger(zones) || zones < 1 || zones > MAX_ZONES) return { private: [], public: [], problems: [] };

  const bits = Math.ceil(Math.log2(zones + 1));
  const privatePrefix = vpc.prefix + bits;
  const spare = subdivide(vpc, privatePrefix, 2 ** bits - 1);
  const publicPrefix = privatePrefix + Math.max(1, Math.ceil(Math.log2(zones)));
  const defaults = {
    private: Array.from({ length: zones }, (_, i) => subdivide(vpc, privatePrefix, i).text),
    public: Array.from({ length: zones }, (_, i) => subdivide(spare, publicPrefix, i).text),
  };
  if ((!privateGiven || !publicGiven) && publicPrefix > 28) {
    problems.push(`cidrBlock is '${vpcText}', but it is too small for ${zones} zones' default subnets (/${publicPrefix}, AWS allows at most /28); give privateSubnetCidrs and publicSubnetCidrs`);
  }

  const parsed: { field: string; cidr: Ipv4Cidr }[] = [];
  const blocks = (field: string, given: string[] | undefined, fallback: string[]): string[] => {
    const list = given ?? fallback;
    if (given && given.length !== zones) problems.push(`${field} has ${given.length} blocks, but there are ${zones} availability zones; give one per zone`);
    list.forEach((text, i) => {
      if (Token.isUnresolved(text)) return;
      const cidr = parseCidr(text);
      if (typeof cidr === 'string') {
        problems.push(`${field}[${i}] is '${text}', but ${cidr}`);
      } else if (!cidrContains(vpc, cidr)) {
        problems.push(`${field}[${i}] is '${text}', but it must lie inside the VPC block ${vpcText}`);
      } else if (cidr.prefix > 28) {
        problems.push(`${field}[${i}] is '${text}', but AWS subnets are at most /28`);
      } else {
        parsed.push({ field: `${field}[${i}]`, cidr });
      }
    });
    return list;
  };
  const privateCidrs = blocks('privateSubnetCidrs', privateGiven, defaults.private);
  const publicCidrs = blocks('publicSubnetCidrs', publicGiven, defaults.public);
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (cidrsOverlap(parsed[i].cidr, parsed[j].cidr)) {
        problems.push(`${parsed[j].field} is '${parsed[j].cidr.text}', but it overlaps ${parsed[i].field} '${parsed[i].cidr.text}'; subnet blocks must not overlap`);
      }
    }
  }
  return { private: privateCidrs, public: publicCidrs, problems };
}

/** Checks an existing VPC's attributes; `label` names the caller in the error. */
