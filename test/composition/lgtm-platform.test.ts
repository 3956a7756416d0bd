import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LgtmPlatform, LgtmPlatformProps } from '../../lib/composition/lgtm-platform';
import { EksClusterAttributes } from '../../lib/aws/i-eks-cluster';
import { TIER_NODE_DEFAULTS } from '../../lib/config/node-defaults';
import { FAKE_CLUSTER } from '../support/handles';
import { resourcesOf, synthJson } from '../support/synth';

const EXISTING_CLUSTER: EksClusterAttributes = { ...FAKE_CLUSTER, clusterName: 'shared-platform' };
const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';

function build(props: Partial<LgtmPlatformProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const platform = new LgtmPlatform(stack, 'platform', { environment: 'dev', region: 'eu-west-1', tier: 'monolithic', ...props });
  return { stack, platform, json: synthJson(stack) };
}
const count = (json: ReturnType<typeof synthJson>, type: string) => Object.keys(resourcesOf(json, type)).length;

describe('LgtmPlatform', () => {
  describe('new VPC and new cluster', () => {
    const { platform, json } = build({ cluster: { adminPrincipalArns: [ADMIN] } });

    test('creates the network, the cluster, 7 buckets, 4 backend roles, the database and the session store', () => {
      expect(count(json, 'aws_vpc')).toBe(1);
      expect(count(json, 'aws_eks_cluster')).toBe(1);
      expect(count(json, 'aws_s3_bucket')).toBe(7);
      expect(count(json, 'aws_db_instance')).toBe(1);
      expect(count(json, 'aws_elasticache_replication_group')).toBe(1);
      expect(count(json, 'aws_iam_user')).toBe(0);
      expect(count(json, 'aws_iam_access_key')).toBe(0);
    });

    test('is an ILgtmPlatform of typed handles', () => {
      expect(platform.cluster).toBe(platform.eksCluster);
      expect(platform.network).toBe(platform.eksCluster!.network);
      expect(platform.region).toBe('eu-west-1');
      expect(platform.roles.tempo.serviceAccount).toBe('tempo');
      expect(platform.loadBalancerControllerRole).toBe(platform.eksCluster!.loadBalancerControllerRole);
      expect(platform.memcached).toBeUndefined();
    });

    test('sizes the node groups by tier unless nodes are given', () => {
      const sizes = (j: ReturnType<typeof synthJson>) => Object.values(resourcesOf(j, 'aws_eks_node_group')).map((g) => g.scaling_config);
      const { json: micro } = build({ tier: 'microservices', cluster: { adminPrincipalArns: [ADMIN] } });
      expect(sizes(micro)).toEqual([0, 1, 2].map(() => ({ min_size: 2, desired_size: 2, max_size: 8 })));
      expect(TIER_NODE_DEFAULTS.microservices).toMatchObject({ min: 6, desired: 6, max: 24 });
      const { json: own } = build({ tier: 'microservices', cluster: { adminPrincipalArns: [ADMIN] }, nodes: { instanceTypes: ['m6i.large'], min: 3, desired: 3, max: 3 } });
      expect(sizes(own)).toEqual([0, 1, 2].map(() => ({ min_size: 1, desired_size: 1, max_size: 1 })));
    });

    test('binds each backend role to its tier\'s service account', () => {
      const { platform: scalable } = build({ tier: 'simple-scalable', cluster: { adminPrincipalArns: [ADMIN] } });
      expect(scalable.roles.tempo.serviceAccount).toBe('tempo-distributed');
      expect(scalable.roles.mimir.serviceAccount).toBe('mimir-distributed');
    });
  });

  describe('existing cluster (and so its VPC)', () => {
    const { platform, json } = build({ cluster: { existing: EXISTING_CLUSTER } });

    test('creates no network and no cluster', () => {
      for (const type of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_eks_cluster', 'aws_eks_node_group', 'aws_eks_addon', 'aws_kms_key']) {
        expect([type, count(json, type)]).toEqual([type, 0]);
      }
      expect(json.data?.aws_caller_identity).toBeUndefined();
      expect(platform.eksCluster).toBeUndefined();
      expect(platform.network.vpcId).toBe(EXISTING_CLUSTER.network.vpcId);
    });

    test('binds the backend roles and the load balancer controller role to the existing cluster', () => {
      const associations = Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'));
      expect(associations.map((a) => `${a.namespace}/${a.service_account}`).sort()).toEqual([
        'kube-system/aws-load-balancer-controller', 'lgtm/loki', 'lgtm/mimir-distributed', 'lgtm/pyroscope', 'lgtm/tempo',
      ]);
      expect(new Set(associations.map((a) => a.cluster_name))).toEqual(new Set(['shared-platform']));
      expect(platform.loadBalancerControllerRole?.serviceAccount).toBe('aws-load-balancer-controller');
    });

    test('puts the database and the session store in the existing VPC\'s private subnets, open to its nodes only', () => {
      expect(Object.values(resourcesOf(json, 'aws_db_subnet_group'))[0].subnet_ids).toEqual(EXISTING_CLUSTER.network.privateSubnetIds);
      expect(Object.values(resourcesOf(json, 'aws_elasticache_subnet_group'))[0].subnet_ids).toEqual(EXISTING_CLUSTER.network.privateSubnetIds);
      const ingress = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'));
      expect(new Set(ingress.map((r) => r.referenced_security_group_id))).toEqual(new Set([EXISTING_CLUSTER.nodeSecurityGroupId]));
    });

    test('leaves the load balancer controller role out when the cluster already runs the controller', () => {
      const { platform: p, json: j } = build({ cluster: { existing: EXISTING_CLUSTER }, loadBalancerController: false });
      expect(p.loadBalancerControllerRole).toBeUndefined();
      expect(Object.values(resourcesOf(j, 'aws_eks_pod_identity_association'))).toHaveLength(4);
    });

    test('IRSA needs the existing cluster\'s OIDC provider', () => {
      expect(() => build({ cluster: { existing: { ...EXISTING_CLUSTER, oidcProviderArn: undefined } }, workloadIdentity: 'irsa' }))
        .toThrow(/mode is 'irsa', but the cluster has no oidcProviderArn/);
    });
  });

  test('existing VPC, new cluster: the cluster uses its private subnets', () => {
    const network = { ...FAKE_CLUSTER.network };
    const { json } = build({ network: { existing: network }, cluster: { adminPrincipalArns: [ADMIN] } });
    expect(count(json, 'aws_vpc')).toBe(0);
    expect(Object.values(resourcesOf(json, 'aws_eks_cluster'))[0].vpc_config).toMatchObject({ subnet_ids: network.privateSubnetIds });
  });

  test('managed memcached: its endpoint is the platform\'s memcached handle', () => {
    const { platform } = build({ cluster: { adminPrincipalArns: [ADMIN] }, managedMemcached: { enabled: true } });
    expect(platform.memcached).toBe(platform.managedMemcached!.endpoint);
  });

  test.each<[string, Partial<LgtmPlatformProps>, RegExp]>([
    ['the environment name is invalid', { environment: 'Dev_1' }, /environment is 'Dev_1', but it must be lowercase letters/],
    ['the region is invalid', { region: 'europe-1' }, /region is 'europe-1', but it must be an AWS region code/],
    ['the tier is unknown', { tier: 'huge' as never }, /tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/],
    ['the identity mode is unknown', { workloadIdentity: 'kiam' as never }, /workloadIdentity is 'kiam', but allowed modes are/],
    ['a network is given with an existing cluster', { cluster: { existing: EXISTING_CLUSTER }, network: { cidrBlock: '10.9.0.0/16' } }, /network is set, but an existing cluster brings its own network/],
    ['nodes are given with an existing cluster', { cluster: { existing: EXISTING_CLUSTER }, nodes: { instanceTypes: ['m6i.large'], min: 3, desired: 3, max: 3 } }, /nodes is set, but the node groups of an existing cluster/],
    ['new-cluster settings are given with an existing cluster', { cluster: { existing: EXISTING_CLUSTER, publicAccessCidrs: ['203.0.113.0/24'] } }, /cluster.publicAccessCidrs is set, but it applies only to a new cluster/],
    ['loadBalancerController is false for a new cluster', { loadBalancerController: false }, /loadBalancerController is false, but a new cluster always gets the controller's role/],
    ['the existing cluster has an incomplete network', { cluster: { existing: { ...EXISTING_CLUSTER, network: { ...EXISTING_CLUSTER.network, publicSubnetIds: [] } } } }, /network.publicSubnetIds has 0 ids, but there are 3 availability zones/],
    ['the existing cluster has a malformed endpoint', { cluster: { existing: { ...EXISTING_CLUSTER, endpoint: 'ABC.gr7.eu-west-1.eks.amazonaws.com' } } }, /EksCluster.fromAttributes 'test\/platform\/eks': endpoint is/],
    ['the existing VPC has fewer subnets than zones', { network: { existing: { ...FAKE_CLUSTER.network, privateSubnetIds: FAKE_CLUSTER.network.privateSubnetIds.slice(0, 1) } } }, /privateSubnetIds has 1 ids, but there are 3 availability zones/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ region: 'x' })).toThrow(/^LgtmPlatform 'test\/platform': /);
  });
});
