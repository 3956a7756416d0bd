import { Testing } from 'cdktf';
import { NetworkAttributes } from '../../lib/aws/i-network';
import { Network, NetworkProps } from '../../lib/aws/network';
import { warningsOf } from '../support/annotations';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

function build(props: NetworkProps = {}) {
  const stack = testStack();
  const network = new Network(stack, 'net', { availabilityZones: ZONES, ...props });
  return { stack, network, json: synthJson(stack) };
}

function subnets(json: ReturnType<typeof synthJson>) {
  return Object.entries(resourcesOf(json, 'aws_subnet')).map(([, s]) => s as { cidr_block: string; availability_zone: string; tags: Record<string, string> });
}

describe('Network', () => {
  test('default layout: a /16 split into a private /18 and a public /20 per zone, spread over the zones', () => {
    const { json, network } = build();
    expect(Object.values(resourcesOf(json, 'aws_vpc'))).toEqual([
      expect.objectContaining({ cidr_block: '10.0.0.0/16', enable_dns_hostnames: true, enable_dns_support: true }),
    ]);
    expect(network.privateSubnetCidrs).toEqual(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']);
    expect(network.publicSubnetCidrs).toEqual(['10.0.192.0/20', '10.0.208.0/20', '10.0.224.0/20']);
    expect(subnets(json).map((s) => [s.cidr_block, s.availability_zone]).sort()).toEqual([
      ['10.0.0.0/18', 'eu-west-1a'], ['10.0.128.0/18', 'eu-west-1c'], ['10.0.192.0/20', 'eu-west-1a'],
      ['10.0.208.0/20', 'eu-west-1b'], ['10.0.224.0/20', 'eu-west-1c'], ['10.0.64.0/18', 'eu-west-1b'],
    ]);
    expect(network.privateSubnetIds).toHaveLength(3);
    expect(network.publicSubnetIds).toHaveLength(3);
  });

  test('tags public subnets for internet-facing and private subnets for internal load balancers, with the cluster tag', () => {
    const { json } = build({ clusterName: 'lgtm-prod' });
    const all = subnets(json);
    const pub = all.filter((s) => s.tags.Name.includes('public'));
    const priv = all.filter((s) => s.tags.Name.includes('private'));
    expect(pub).toHaveLength(3);
    expect(priv).toHaveLength(3);
    for (const s of pub) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/lgtm-prod': 'shared' });
      expect(s.tags).not.toHaveProperty('kubernetes.io/role/internal-elb');
    }
    for (const s of priv) {
      expect(s.tags).toMatchObject({ 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/lgtm-prod': 'shared' });
      expect(s.tags).not.toHaveProperty('kubernetes.io/role/elb');
    }
  });

  test('public subnets do not give instances public addresses', () => {
    const { json } = build();
    for (const s of subnets(json)) expect((s as unknown as { map_public_ip_on_launch?: boolean }).map_public_ip_on_launch).not.toBe(true);
  });

  test('non-production: one NAT gateway that every private route table uses', () => {
    const { json } = build();
    expect(Object.keys(resourcesOf(json, 'aws_nat_gateway'))).toHaveLength(1);
    const natRef = Object.keys(resourcesOf(json, 'aws_nat_gateway'))[0];
    const privateTables = Object.values(resourcesOf(json, 'aws_route_table')).filter((t) => (t.tags as Record<string, string>).Name.includes('private'));
    expect(privateTables).toHaveLength(3);
    for (const t of privateTables) {
      expect((t.route as { nat_gateway_id: string }[])[0].nat_gateway_id).toBe(`\${aws_nat_gateway.${natRef}.id}`);
    }
  });

  test('production: one NAT gateway per zone, each zone routed through its own', () => {
    const { json } = build({ production: true });
    const nats = resourcesOf(json, 'aws_nat_gateway');
    expect(Object.keys(nats)).toHaveLength(3);
    const used = Object.values(resourcesOf(json, 'aws_route_table'))
      .filter((t) => (t.tags as Record<string, string>).Name.includes('private'))
      .map((t) => (t.route as { nat_gateway_id: string }[])[0].nat_gateway_id);
    expect(new Set(used).size).toBe(3);
    expect(Object.keys(resourcesOf(json, 'aws_eip'))).toHaveLength(3);
  });

  test('production with a single NAT gateway synthesizes with a warning', () => {
    const stack = testStack();
    new Network(stack, 'net', { availabilityZones: ZONES, production: true, natGateways: 'single' });
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/natGateways is 'single' in production/)]);
  });

  test('public route table goes to the internet gateway', () => {
    const { json } = build();
    const igw = Object.keys(resourcesOf(json, 'aws_internet_gateway'))[0];
    const pub = Object.values(resourcesOf(json, 'aws_route_table')).filter((t) => (t.tags as Record<string, string>).Name.includes('public'));
    expect(pub).toEqual([expect.objectContaining({ route: [expect.objectContaining({ cidr_block: '0.0.0.0/0', gateway_id: `\${aws_internet_gateway.${igw}.id}` })] })]);
    expect(Object.keys(resourcesOf(json, 'aws_route_table_association'))).toHaveLength(6);
  });

  test('the default security group has no rules', () => {
    const { json } = build();
    const sg = Object.values(resourcesOf(json, 'aws_default_security_group'));
    expect(sg).toHaveLength(1);
    expect(sg[0]).not.toHaveProperty('ingress');
    expect(sg[0]).not.toHaveProperty('egress');
  });

  test('flow logs: all traffic to a CloudWatch log group with retention, through a role scoped to that group', () => {
    const { json } = build();
    expect(Object.values(resourcesOf(json, 'aws_flow_log'))).toEqual([
      expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }),
    ]);
    expect(Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'))).toEqual([expect.objectContaining({ retention_in_days: 365 })]);
    const perms = Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.includes('flow-logs-permissions'))![1];
    const statement = (perms.statement as { actions: string[]; resources: string[] }[])[0];
    expect(statement.actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(statement.resources).not.toContain('*');
  });

  test('flow logs can be turned off', () => {
    const { json } = build({ flowLogs: false });
    expect(resourcesOf(json, 'aws_flow_log')).toEqual({});
  });

  test('without zones given, picks zoneCount zones of the region from the data source', () => {
    const stack = testStack();
    const network = new Network(stack, 'net', { zoneCount: 2 });
    const json = synthJson(stack);
    expect(Object.values(json.data!.aws_availability_zones)).toEqual([expect.objectContaining({ state: 'available' })]);
    expect(network.availabilityZones).toHaveLength(2);
    expect(subnets(json)).toHaveLength(4);
  });

  test('takes explicit subnet blocks', () => {
    const { network } = build({
      cidrBlock: '10.20.0.0/16',
      privateSubnetCidrs: ['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19'],
      publicSubnetCidrs: ['10.20.96.0/24', '10.20.97.0/24', '10.20.98.0/24'],
    });
    expect(network.privateSubnetCidrs).toEqual(['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19']);
  });

  test('skips block checks for unresolved tokens', () => {
    const stack = testStack();
    const other = new Network(stack, 'other', { availabilityZones: ZONES });
    expect(() => new Network(stack, 'net', {
      availabilityZones: ZONES,
      cidrBlock: '10.1.0.0/16',
      privateSubnetCidrs: [other.vpc.cidrBlock, '10.1.64.0/18', '10.1.128.0/18'],
      clusterName: other.vpc.id,
    })).not.toThrow();
  });

  test.each<[string, NetworkProps, RegExp]>([
    ['fewer than 2 zones in production', { production: true, availabilityZones: ['eu-west-1a'] }, /availability zones number 1, but production needs at least 2/],
    ['zoneCount is 0', { availabilityZones: undefined, zoneCount: 0 }, /zoneCount is 0, but it must be an integer from 1 to 6/],
    ['a zone is repeated', { availabilityZones: ['eu-west-1a', 'eu-west-1a'] }, /each zone may appear only once/],
    ['the VPC block is not a CIDR', { cidrBlock: '10.0.0/16' }, /cidrBlock is '10.0.0\/16', but it must be an IPv4 CIDR block/],
    ['the VPC block has a bad octet', { cidrBlock: '10.300.0.0/16' }, /each address octet must be 0-255/],
    ['the VPC block has host bits set', { cidrBlock: '10.0.1.0/16' }, /host bits set; the network address of \/16 is 10.0.0.0/],
    ['the VPC block is larger than /16', { cidrBlock: '10.0.0.0/8' }, /prefix length must be \/16 to \/24/],
    ['subnet blocks overlap', {
      privateSubnetCidrs: ['10.0.0.0/18', '10.0.32.0/19', '10.0.128.0/18'],
    }, /privateSubnetCidrs\[1\] is '10.0.32.0\/19', but it overlaps privateSubnetCidrs\[0\] '10.0.0.0\/18'; subnet blocks must not overlap/],
    ['a public block overlaps a private one', {
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.208.0/20', '10.0.224.0/20'],
    }, /publicSubnetCidrs\[0\] is '10.0.0.0\/24', but it overlaps privateSubnetCidrs\[0\]/],
    ['a subnet lies outside the VPC', { privateSubnetCidrs: ['10.1.0.0/18', '10.0.64.0/18', '10.0.128.0/18'] }, /privateSubnetCidrs\[0\] is '10.1.0.0\/18', but it must lie inside the VPC block 10.0.0.0\/16/],
    ['a subnet block is invalid', { privateSubnetCidrs: ['10.0.0.0/33', '10.0.64.0/18', '10.0.128.0/18'] }, /privateSubnetCidrs\[0\] is '10.0.0.0\/33', but the prefix length must be 0-32/],
    ['a subnet block count differs from the zones', { publicSubnetCidrs: ['10.0.192.0/20'] }, /publicSubnetCidrs has 1 blocks, but there are 3 availability zones/],
    ['a subnet is smaller than /28', { publicSubnetCidrs: ['10.0.192.0/29', '10.0.208.0/20', '10.0.224.0/20'] }, /AWS subnets are at most \/28/],
    ['the NAT mode is unknown', { natGateways: 'none' as never }, /natGateways is 'none', but allowed modes are 'per-zone', 'single'/],
    ['flow log retention is not a CloudWatch value', { flowLogRetentionDays: 10 }, /flowLogRetentionDays is 10, but CloudWatch accepts only 1, 3, 5/],
    ['the cluster name is invalid', { clusterName: '-bad name' }, /clusterName is '-bad name'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ cidrBlock: 'x' })).toThrow(/^Network 'test\/net': /);
  });
});

describe('Network.fromAttributes', () => {
  const ATTRS: NetworkAttributes = {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: ZONES,
    privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b', 'subnet-0000000000000000c'],
    publicSubnetIds: ['subnet-1000000000000000a', 'subnet-1000000000000000b', 'subnet-1000000000000000c'],
  };

  test('returns a handle with the given ids and creates nothing', () => {
    const stack = testStack();
    const network = Network.fromAttributes(stack, 'net', ATTRS);
    expect(network.privateSubnetIds).toEqual(ATTRS.privateSubnetIds);
    expect(network.vpcId).toBe(ATTRS.vpcId);
    expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
  });

  test.each<[string, Partial<NetworkAttributes>, RegExp]>([
    ['the VPC id is malformed', { vpcId: 'vpc-x' }, /vpcId is 'vpc-x'/],
    ['the VPC block is invalid', { vpcCidrBlock: '10.0.0.0' }, /vpcCidrBlock is '10.0.0.0', but it must be an IPv4 CIDR block/],
    ['a zone has no private subnet', { privateSubnetIds: ['subnet-0000000000000000a'] }, /privateSubnetIds has 1 ids, but there are 3 availability zones/],
    ['a zone has no public subnet', { publicSubnetIds: [] }, /publicSubnetIds has 0 ids/],
    ['there are no zones', { availabilityZones: [], privateSubnetIds: [], publicSubnetIds: [] }, /availabilityZones is \[\], but at least one zone is required/],
    ['a subnet id is malformed', { privateSubnetIds: ['sn-1', 'subnet-0000000000000000b', 'subnet-0000000000000000c'] }, /subnet id 'sn-1' is not a subnet id/],
  ])('fails if %s', (_, attrs, message) => {
    expect(() => Network.fromAttributes(testStack(), 'net', { ...ATTRS, ...attrs })).toThrow(message);
  });

  test('names the path in errors and skips checks of unresolved tokens', () => {
    const stack = testStack();
    expect(() => Network.fromAttributes(stack, 'net', { ...ATTRS, vpcId: 'x' })).toThrow(/^Network.fromAttributes 'test\/net': vpcId is 'x'/);
    const other = new Network(stack, 'other', { availabilityZones: ZONES });
    expect(() => Network.fromAttributes(stack, 'net2', { ...ATTRS, vpcId: other.vpcId, vpcCidrBlock: other.vpcCidrBlock, privateSubnetIds: other.privateSubnetIds })).not.toThrow();
  });
});

describe('Network S3 gateway endpoint', () => {
  test("keeps the backends' S3 traffic off NAT: a gateway endpoint on every private route table", () => {
    const stack = testStack();
    new Network(stack, 'net', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    const json = synthJson(stack);
    const endpoints = Object.values(resourcesOf(json, 'aws_vpc_endpoint'));
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ vpc_endpoint_type: 'Gateway', service_name: expect.stringMatching(/^com\.amazonaws\.\$\{data\.aws_region\.net_region_[0-9A-F]+\.region\}\.s3$/) });
    const privateTables = Object.keys(resourcesOf(json, 'aws_route_table')).filter((k) => k.includes('private'));
    expect((endpoints[0].route_table_ids as string[]).sort()).toEqual(privateTables.map((k) => `\${aws_route_table.${k}.id}`).sort());
  });
});

test('Network.fromAttributes fails if a subnet is given twice', () => {
  expect(() => Network.fromAttributes(testStack(), 'net', {
    vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0a0000000000000a1', 'subnet-0a0000000000000a1'], publicSubnetIds: ['subnet-0b0000000000000b1', 'subnet-0b0000000000000b2'],
  })).toThrow(/subnet id 'subnet-0a0000000000000a1' is given twice, but each zone needs its own private and public subnet/);
});

describe('Network flow logs (issue 15)', () => {
  test('the flow-logs role is trusted only for flow logs of this account (confused-deputy conditions)', () => {
    const { json } = build();
    const trust = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([k]) => k.includes('flow-logs-trust'))![1] as { statement: { condition: { test: string; variable: string; values: string[] }[] }[] };
    const conditions = trust.statement[0].condition;
    expect(conditions.map((c) => `${c.test} ${c.variable}`)).toEqual(['StringEquals aws:SourceAccount', 'ArnLike aws:SourceArn']);
    expect(conditions[1].values[0]).toMatch(/^arn:\$\{data\.aws_partition\..*\}:ec2:\$\{data\.aws_region\..*\}:\$\{data\.aws_caller_identity\..*\}:vpc-flow-log\/\*$/);
  });

  test('the flow log group takes the customer key and is kept from destroy in production', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const group = (props: NetworkProps) => Object.values(resourcesOf(build(props).json, 'aws_cloudwatch_log_group'))[0];
    expect(group({ logKmsKeyArn: key })).toMatchObject({ kms_key_id: key });
    expect(group({ production: true }).lifecycle).toEqual({ prevent_destroy: true });
    expect(group({}).lifecycle).toBeUndefined();
    expect(() => build({ logKmsKeyArn: 'alias/x' })).toThrow(/logKmsKeyArn is 'alias\/x', but it must be a KMS key ARN/);
  });
});
