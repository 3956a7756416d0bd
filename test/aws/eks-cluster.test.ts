import { TerraformOutput, Testing } from 'cdktf';
import { EksCluster, EksClusterProps } from '../../lib/aws/eks-cluster';
import { EksClusterAttributes } from '../../lib/aws/i-eks-cluster';
import { Network } from '../../lib/aws/network';
import { PLATFORM_VERSIONS } from '../../lib/config/platform-versions';
import { warningsOf } from '../support/annotations';
import { FAKE_CLUSTER, FAKE_NETWORK } from '../support/handles';
import { testStack } from '../support/stack';
import { SynthesizedStack, resourcesOf, synthJson } from '../support/synth';

const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';
const OFFICE = '203.0.113.0/24';

function build(props: Partial<EksClusterProps> = {}) {
  const stack = testStack();
  const cluster = new EksCluster(stack, 'eks', {
    network: FAKE_NETWORK,
    clusterName: 'lgtm-test',
    adminPrincipalArns: [ADMIN],
    endpoint: { publicAccessCidrs: [OFFICE] },
    ...props,
  });
  return { stack, cluster, json: synthJson(stack) };
}

const one = (json: SynthesizedStack, type: string) => {
  const all = Object.values(resourcesOf(json, type));
  expect(all).toHaveLength(1);
  return all[0];
};
const docs = (json: SynthesizedStack, part: string) =>
  Object.entries(json.data!.aws_iam_policy_document).filter(([k]) => k.includes(part)).map(([, v]) => v);
const addon = (json: SynthesizedStack, name: string) =>
  Object.values(resourcesOf(json, 'aws_eks_addon')).find((a) => a.addon_name === name)!;

describe('EksCluster', () => {
  test('pins the Kubernetes version from the platform version table', () => {
    const { json, cluster } = build();
    expect(one(json, 'aws_eks_cluster').version).toBe(PLATFORM_VERSIONS.kubernetes);
    expect(cluster.kubernetesVersion).toBe('1.36');
  });

  test('the VPC CNI enforces NetworkPolicies unless turned off', () => {
    const cni = (j: ReturnType<typeof build>['json']) => Object.values(resourcesOf(j, 'aws_eks_addon')).find((a) => a.addon_name === 'vpc-cni')!;
    expect(JSON.parse(cni(build().json).configuration_values as string)).toMatchObject({ enableNetworkPolicy: 'true' });
    expect(JSON.parse(cni(build({ networkPolicy: false, podSecurityGroups: false }).json).configuration_values as string)).toEqual({ enableNetworkPolicy: 'false' });
  });

  test('standard support only, unless extended support is asked for (EKS would default to the billed extended)', () => {
    expect(one(build().json, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'STANDARD' });
    expect(one(build({ supportType: 'EXTENDED' }).json, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'EXTENDED' });
    expect(() => build({ supportType: 'LTS' as never })).toThrow(/supportType is 'LTS', but allowed types are 'STANDARD', 'EXTENDED'/);
  });

  test('nodes and their volumes are tagged with the cluster (default tags do not reach what node groups launch)', () => {
    const template = one(build().json, 'aws_launch_template');
    expect(template.tag_specifications).toEqual(['instance', 'volume'].map((resource_type) => ({
      resource_type, tags: { Name: 'lgtm-test-node', 'lgtm:cluster': 'lgtm-test' },
    })));
  });

  test('API authentication mode; only the given principals become cluster-admin', () => {
    const { json } = build({ adminPrincipalArns: [ADMIN, 'arn:aws:iam::111122223333:role/ci-deployer'] });
    expect(one(json, 'aws_eks_cluster').access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(Object.values(resourcesOf(json, 'aws_eks_access_entry')).map((e) => [e.principal_arn, e.type])).toEqual([
      [ADMIN, 'STANDARD'], ['arn:aws:iam::111122223333:role/ci-deployer', 'STANDARD'],
    ]);
    const associations = Object.values(resourcesOf(json, 'aws_eks_access_policy_association'));
    expect(associations).toHaveLength(2);
    for (const a of associations) {
      expect(a.policy_arn).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:eks::aws:cluster-access-policy\/AmazonEKSClusterAdminPolicy$/);
      expect(a.access_scope).toEqual({ type: 'cluster' });
    }
  });

  test('secrets are envelope-encrypted with a rotating KMS key the control plane may use', () => {
    const { json } = build();
    const key = one(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const keyRef = Object.keys(resourcesOf(json, 'aws_kms_key'))[0];
    expect(one(json, 'aws_eks_cluster').encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: `\${aws_kms_key.${keyRef}.arn}` } });
    expect(docs(json, 'secrets-key-use')[0].statement).toEqual([
      { effect: 'Allow', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'], resources: [`\${aws_kms_key.${keyRef}.arn}`] },
    ]);
  });

  test('all five control-plane log types by default, into a log group with retention created first', () => {
    const { json } = build();
    const cluster = one(json, 'aws_eks_cluster');
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const group = one(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: '/aws/eks/lgtm-test/cluster', retention_in_days: 365 });
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
  });

  test('private and public endpoint, public limited to the given CIDRs, control plane in private subnets', () => {
    const { json } = build();
    expect(one(json, 'aws_eks_cluster').vpc_config).toEqual({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: [OFFICE],
      subnet_ids: FAKE_NETWORK.privateSubnetIds,
    });
  });

  test('private-only endpoint sets no public CIDRs', () => {
    const { json } = build({ endpoint: { publicAccess: false }, production: true, nodes: { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 } });
    expect(one(json, 'aws_eks_cluster').vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(one(json, 'aws_eks_cluster').vpc_config).not.toHaveProperty('public_access_cidrs');
  });

  test('outside production an unrestricted public endpoint synthesizes, open to 0.0.0.0/0, with a warning', () => {
    const { json, stack } = build({ endpoint: {} });
    expect((one(json, 'aws_eks_cluster').vpc_config as Record<string, unknown>).public_access_cidrs).toEqual(['0.0.0.0/0']);
    expect(warningsOf(stack)).toEqual([expect.stringMatching(/public API endpoint is open to 0.0.0.0\/0/)]);
  });

  test('production: deletion protection on; an explicitly allowed open endpoint synthesizes', () => {
    const { json } = build({
      production: true,
      allowOpenPublicEndpoint: true,
      endpoint: { publicAccessCidrs: ['0.0.0.0/0'] },
      nodes: { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 },
    });
    expect(one(json, 'aws_eks_cluster').deletion_protection).toBe(true);
    expect(one(json, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
  });

  test('outside production deletion protection is off unless asked for', () => {
    expect(one(build().json, 'aws_kms_key').lifecycle).toBeUndefined();
    expect(one(build().json, 'aws_eks_cluster').deletion_protection).toBe(false);
    expect(one(build({ deletionProtection: true }).json, 'aws_eks_cluster').deletion_protection).toBe(true);
  });

  test('one managed node group per zone, in that zone\'s private subnet, sizes split evenly', () => {
    const { json } = build({ nodes: { instanceTypes: ['m6i.2xlarge'], min: 4, desired: 5, max: 10 } });
    const groups = Object.values(resourcesOf(json, 'aws_eks_node_group'));
    expect(groups.map((g) => g.subnet_ids)).toEqual(FAKE_NETWORK.privateSubnetIds.map((s) => [s]));
    expect(groups.map((g) => g.scaling_config)).toEqual([
      { min_size: 2, desired_size: 2, max_size: 4 },
      { min_size: 1, desired_size: 2, max_size: 3 },
      { min_size: 1, desired_size: 1, max_size: 3 },
    ]);
    for (const g of groups) {
      expect(g).toMatchObject({ instance_types: ['m6i.2xlarge'], ami_type: 'AL2023_x86_64_STANDARD', capacity_type: 'ON_DEMAND' });
      expect(g.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['scaling_config[0].desired_size'] });
    }
  });

  test('the tier defaults size the nodes when none are given', () => {
    const { json } = build();
    const groups = Object.values(resourcesOf(json, 'aws_eks_node_group'));
    const total = (k: string) => groups.reduce((n, g) => n + (g.scaling_config as Record<string, number>)[k], 0);
    expect([total('min_size'), total('desired_size'), total('max_size')]).toEqual([3, 3, 6]);
  });

  test('nodes: IMDSv2 with one hop, encrypted gp3 root volumes', () => {
    const { json } = build({ nodeDiskSizeGiB: 80 });
    const template = one(json, 'aws_launch_template');
    expect(template.metadata_options).toEqual({ http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 });
    expect(template.block_device_mappings).toEqual([
      { device_name: '/dev/xvda', ebs: { volume_size: 80, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' } },
    ]);
  });

  test('the node role has the worker and image-pull policies only; CNI permissions are on the vpc-cni role', () => {
    const { json } = build();
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn).split('/').pop());
    expect(attached.sort()).toEqual(['AmazonEC2ContainerRegistryPullOnly', 'AmazonEKSClusterPolicy', 'AmazonEKSVPCResourceController', 'AmazonEKSWorkerNodePolicy']);
  });

  test('installs the six add-ons; vpc-cni and the EBS CSI driver with their own pod identity roles', () => {
    const { json, cluster } = build();
    expect(Object.values(resourcesOf(json, 'aws_eks_addon')).map((a) => a.addon_name).sort()).toEqual(
      ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'metrics-server', 'vpc-cni'],
    );
    expect(addon(json, 'metrics-server')).not.toHaveProperty('pod_identity_association');
    expect(addon(json, 'metrics-server')).not.toHaveProperty('service_account_role_arn');
    const roleRef = (id: string) => `\${aws_iam_role.${Object.keys(resourcesOf(json, 'aws_iam_role')).find((k) => k.startsWith(`eks_${id}_`))}.arn}`;
    expect(addon(json, 'aws-ebs-csi-driver').pod_identity_association).toEqual([{ role_arn: roleRef('ebs-csi-role'), service_account: 'ebs-csi-controller-sa' }]);
    expect(addon(json, 'vpc-cni').pod_identity_association).toEqual([{ role_arn: roleRef('vpc-cni-role'), service_account: 'aws-node' }]);
    // The add-on creates the association; a second one would conflict. The only separate one is the
    // load balancer controller's, which is a Helm release, not an add-on.
    expect(Object.values(resourcesOf(json, 'aws_eks_pod_identity_association')).map((a) => a.service_account)).toEqual(['aws-load-balancer-controller']);
    expect(cluster.ebsCsiRole.namespace).toBe('kube-system');
  });

  test('the load balancer controller role: trusted by kube-system/aws-load-balancer-controller alone', () => {
    const { json, cluster } = build();
    expect(one(json, 'aws_eks_pod_identity_association')).toEqual({
      cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\.eks_cluster_\w+\.name\}$/),
      namespace: 'kube-system',
      service_account: 'aws-load-balancer-controller',
      role_arn: expect.stringMatching(/^\$\{aws_iam_role\.eks_lb-controller-role_\w+\.arn\}$/),
    });
    expect(cluster.loadBalancerControllerRole).toMatchObject({ namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', mode: 'pod-identity' });
    expect(cluster.loadBalancerControllerRole.serviceAccountAnnotations).toEqual({});
  });

  test('the load balancer controller may change only what is tagged for this cluster', () => {
    const { json } = build();
    type Statement = { sid: string; actions: string[]; resources: string[]; condition?: { test: string; variable: string; values: string[] }[] };
    const statements = docs(json, 'lb-controller-role_permissions')[0].statement as Statement[];
    for (const s of statements) for (const a of s.actions) expect(a).not.toMatch(/\*/);
    const destructive = statements.filter((s) => s.actions.some((a) => /:(Delete(LoadBalancer|TargetGroup|SecurityGroup)|Modify(LoadBalancer|TargetGroup)Attributes|SetSubnets)$/.test(a)));
    expect(destructive.map((s) => s.sid).sort()).toEqual(['ChangeOwnedBalancer', 'ChangeOwnedSecurityGroup']);
    for (const s of destructive) {
      expect(s.condition).toEqual([{ test: 'StringEquals', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['lgtm-test'] }]);
    }
    const creates = statements.find((s) => s.actions.includes('elasticloadbalancing:CreateLoadBalancer'))!;
    expect(creates.condition).toEqual([{ test: 'StringEquals', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['lgtm-test'] }]);
    // Nobody else's ownership tag can be put on or taken off: changing other tags requires no cluster tag in the request.
    const retag = statements.find((s) => s.sid === 'TagOwnedBalancer')!;
    expect(retag.condition).toEqual(expect.arrayContaining([{ test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['true'] }]));
    const linked = statements.find((s) => s.actions.includes('iam:CreateServiceLinkedRole'))!;
    expect(linked.condition).toEqual([{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] }]);
  });

  test('the EBS CSI role lists explicit actions and deletes only volumes the driver tagged', () => {
    const { json } = build();
    const statements = docs(json, 'ebs-csi-role_permissions')[0].statement as { actions: string[]; resources: string[]; condition?: { variable: string }[] }[];
    for (const s of statements) for (const a of s.actions) expect(a).not.toMatch(/\*/);
    const deletes = statements.filter((s) => s.actions.includes('ec2:DeleteVolume'));
    expect(deletes.length).toBeGreaterThan(0);
    for (const s of deletes) expect(s.condition).toHaveLength(1);
  });

  test('node groups wait for the networking add-ons; coredns, the EBS CSI driver and metrics-server wait for the nodes', () => {
    const { json } = build();
    const ref = (name: string) => `aws_eks_addon.${Object.entries(resourcesOf(json, 'aws_eks_addon')).find(([, a]) => a.addon_name === name)![0]}`;
    for (const g of Object.values(resourcesOf(json, 'aws_eks_node_group'))) {
      expect(g.depends_on).toEqual(expect.arrayContaining([ref('vpc-cni'), ref('kube-proxy'), ref('eks-pod-identity-agent')]));
    }
    for (const name of ['coredns', 'aws-ebs-csi-driver', 'metrics-server']) {
      expect(addon(json, name).depends_on).toEqual(Object.keys(resourcesOf(json, 'aws_eks_node_group')).map((k) => `aws_eks_node_group.${k}`));
    }
    expect(one(json, 'aws_eks_cluster').bootstrap_self_managed_addons).toBe(false);
  });

  test('pins add-on versions when given', () => {
    const { json } = build({ addonVersions: { coredns: 'v1.12.4-eksbuild.1' } });
    expect(addon(json, 'coredns').addon_version).toBe('v1.12.4-eksbuild.1');
    expect(addon(json, 'kube-proxy')).not.toHaveProperty('addon_version');
  });

  test('no OIDC provider unless irsa is on', () => {
    const { json, cluster } = build();
    expect(resourcesOf(json, 'aws_iam_openid_connect_provider')).toEqual({});
    expect(cluster.oidcProviderArn).toBeUndefined();
  });

  test('irsa: an OIDC provider for the issuer; add-ons can use IRSA roles', () => {
    const { json, cluster } = build({ irsa: true, addonIdentityMode: 'irsa' });
    expect(one(json, 'aws_iam_openid_connect_provider')).toMatchObject({ client_id_list: ['sts.amazonaws.com'] });
    expect(cluster.oidcProviderArn).toBeDefined();
    expect(addon(json, 'aws-ebs-csi-driver').service_account_role_arn).toMatch(/aws_iam_role\.eks_ebs-csi-role_/);
    expect(addon(json, 'aws-ebs-csi-driver')).not.toHaveProperty('pod_identity_association');
    // The load balancer controller follows the add-ons: IRSA trust, no association.
    expect(Object.keys(cluster.loadBalancerControllerRole.serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
    const trust = docs(json, 'lb-controller-role_trust')[0].statement as { condition: { variable: string; values: string[] }[] }[];
    expect(trust[0].condition.find((c) => c.variable.endsWith(':sub'))!.values).toEqual(['system:serviceaccount:kube-system:aws-load-balancer-controller']);
    expect(resourcesOf(json, 'aws_eks_pod_identity_association')).toEqual({});
  });

  test('exposes the handle fields as references to the cluster', () => {
    const stack = testStack();
    const cluster = new EksCluster(stack, 'eks', { network: FAKE_NETWORK, clusterName: 'lgtm-test', adminPrincipalArns: [ADMIN], endpoint: { publicAccessCidrs: [OFFICE] } });
    const fields = { name: cluster.clusterName, sg: cluster.nodeSecurityGroupId, issuer: cluster.oidcIssuerUrl, ca: cluster.certificateAuthorityData, endpoint: cluster.endpoint };
    Object.entries(fields).forEach(([k, v]) => new TerraformOutput(stack, k, { value: v }));
    const out = synthJson(stack).output!;
    expect(out.name.value).toMatch(/^\$\{aws_eks_cluster\.eks_cluster_\w+\.name\}$/);
    expect(out.sg.value).toMatch(/vpc_config\[0\]\.cluster_security_group_id/);
    expect(out.issuer.value).toMatch(/identity\[0\]\.oidc\[0\]\.issuer/);
    expect(out.ca.value).toMatch(/certificate_authority\[0\]\.data/);
    expect(out.endpoint.value).toMatch(/\.endpoint\}$/);
    expect(cluster.network).toBe(FAKE_NETWORK);
  });

  test('composes with a Network construct', () => {
    const stack = testStack();
    const network = new Network(stack, 'net', { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], clusterName: 'lgtm-test' });
    new EksCluster(stack, 'eks', { network, clusterName: 'lgtm-test', adminPrincipalArns: [ADMIN], endpoint: { publicAccessCidrs: [OFFICE] } });
    const json = synthJson(stack);
    expect((one(json, 'aws_eks_cluster').vpc_config as { subnet_ids: string[] }).subnet_ids).toEqual(
      Object.keys(resourcesOf(json, 'aws_subnet')).filter((k) => k.includes('private')).map((k) => `\${aws_subnet.${k}.id}`),
    );
  });

  test('skips checks of unresolved tokens', () => {
    const stack = testStack();
    const first = new EksCluster(stack, 'a', { network: FAKE_NETWORK, clusterName: 'a', adminPrincipalArns: [ADMIN], endpoint: { publicAccessCidrs: [OFFICE] } });
    expect(() => new EksCluster(stack, 'b', {
      network: FAKE_NETWORK,
      clusterName: first.clusterName,
      adminPrincipalArns: [first.nodeRole.arn],
      endpoint: { publicAccessCidrs: [first.cluster.vpcConfig.vpcId] },
    })).not.toThrow();
  });

  const PROD_NODES = { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 };
  test.each<[string, Partial<EksClusterProps>, RegExp]>([
    ['production runs in a single zone', {
      production: true, network: { ...FAKE_NETWORK, availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-priv-a'], publicSubnetIds: ['subnet-pub-a'] },
      nodes: { instanceTypes: ['m6i.xlarge'], min: 2, desired: 2, max: 4 },
    }, /network spans 1 availability zone, but production needs at least 2/],
    ['the admin principal list is empty', { adminPrincipalArns: [] }, /adminPrincipalArns is \[\], but at least one IAM role or user must be cluster-admin/],
    ['an admin principal is not an IAM ARN', { adminPrincipalArns: [''] }, /adminPrincipalArns has '', but each must be an IAM role or user ARN/],
    ['an admin principal is an assumed-role session', { adminPrincipalArns: ['arn:aws:sts::111122223333:assumed-role/admin/me'] }, /adminPrincipalArns has 'arn:aws:sts::/],
    ['an admin principal is listed twice', { adminPrincipalArns: [ADMIN, ADMIN] }, /lists a principal twice/],
    ['the cluster name is invalid', { clusterName: 'lgtm prod' }, /clusterName is 'lgtm prod', but it must be 1-100 letters/],
    ['the Kubernetes version is not a minor version', { kubernetesVersion: '1.36.2' }, /kubernetesVersion is '1.36.2'/],
    ['both endpoints are off', { endpoint: { privateAccess: false, publicAccess: false } }, /both false, but the API must be reachable one way/],
    ['a public CIDR is invalid', { endpoint: { publicAccessCidrs: ['203.0.113.0/33'] } }, /endpoint.publicAccessCidrs has '203.0.113.0\/33', but the prefix length must be 0-32/],
    ['the public CIDR list is empty', { endpoint: { publicAccessCidrs: [] } }, /endpoint.publicAccessCidrs is \[\]/],
    ['production has a public endpoint without CIDRs', { production: true, nodes: PROD_NODES, endpoint: {} }, /endpoint.publicAccessCidrs is not set, but a production public endpoint must be limited/],
    ['production opens the endpoint to 0.0.0.0/0', { production: true, nodes: PROD_NODES, endpoint: { publicAccessCidrs: ['0.0.0.0/0'] } }, /has '0.0.0.0\/0', but production does not open the API/],
    ['a log type is unknown', { controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'kubelet' as never] }, /controlPlaneLogTypes has 'kubelet'/],
    ['the audit log is off', { controlPlaneLogTypes: ['api', 'authenticator'] }, /controlPlaneLogTypes lacks 'audit'/],
    ['log retention is not a CloudWatch value', { logRetentionDays: 45 }, /logRetentionDays is 45/],
    ['there are no instance types', { nodes: { instanceTypes: [], min: 1, desired: 1, max: 3 } }, /nodes.instanceTypes is \[\]/],
    ['an instance type is malformed', { nodes: { instanceTypes: ['xlarge'], min: 1, desired: 1, max: 3 } }, /nodes.instanceTypes has 'xlarge'/],
    ['min is 0', { nodes: { instanceTypes: ['m6i.large'], min: 0, desired: 0, max: 3 } }, /nodes.min is 0, but it must be an integer of at least 1/],
    ['max is below min', { nodes: { instanceTypes: ['m6i.large'], min: 4, desired: 4, max: 3 } }, /nodes.max is 3, but it must be an integer of at least nodes.min \(4\)/],
    ['desired is above max', { nodes: { instanceTypes: ['m6i.large'], min: 1, desired: 9, max: 6 } }, /nodes.desired is 9, but it must be an integer between nodes.min \(1\) and nodes.max \(6\)/],
    ['max leaves a zone without room', { nodes: { instanceTypes: ['m6i.large'], min: 1, desired: 1, max: 2 } }, /nodes.max is 2, but each of the 3 zones' node groups needs room for a node/],
    ['production leaves a zone without nodes', { production: true, nodes: { instanceTypes: ['m6i.large'], min: 2, desired: 2, max: 6 } }, /nodes.min is 2, but production keeps at least one node in each of the 3 zones/],
    ['Graviton types run an x86 AMI', { nodes: { instanceTypes: ['m7g.xlarge'], min: 3, desired: 3, max: 6 } }, /nodes.instanceTypes has 'm7g.xlarge', but amiType 'AL2023_x86_64_STANDARD' is x86_64/],
    ['x86 types run an arm64 AMI', { amiType: 'AL2023_ARM_64_STANDARD' }, /nodes.instanceTypes has 'm6i.xlarge', but amiType 'AL2023_ARM_64_STANDARD' is arm64/],
    ['the root volume is too small', { nodeDiskSizeGiB: 8 }, /nodeDiskSizeGiB is 8/],
    ['add-ons use IRSA without the OIDC provider', { addonIdentityMode: 'irsa' }, /addonIdentityMode is 'irsa', but irsa is off/],
    ['an add-on version names an unknown add-on', { addonVersions: { 'cluster-autoscaler': 'v1' } as never }, /addonVersions has 'cluster-autoscaler'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ adminPrincipalArns: [] })).toThrow(/^EksCluster 'test\/eks': /);
  });

  test('Graviton nodes with the arm64 AMI synthesize', () => {
    const { json } = build({ amiType: 'AL2023_ARM_64_STANDARD', nodes: { instanceTypes: ['m7g.2xlarge', 'c7gn.xlarge'], min: 3, desired: 3, max: 6 } });
    expect(Object.values(resourcesOf(json, 'aws_eks_node_group'))[0].ami_type).toBe('AL2023_ARM_64_STANDARD');
  });
});

describe('EksCluster.fromAttributes', () => {
  const ATTRS: EksClusterAttributes = { ...FAKE_CLUSTER, nodeSecurityGroupId: 'sg-0123456789abcdef0' };

  test('returns a handle with the given attributes and creates nothing', () => {
    const stack = testStack();
    const cluster = EksCluster.fromAttributes(stack, 'eks', ATTRS);
    expect(cluster.clusterName).toBe('lgtm-test');
    expect(cluster.oidcProviderArn).toBe(FAKE_CLUSTER.oidcProviderArn);
    expect(cluster.network).toBe(FAKE_NETWORK);
    expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
  });

  test.each<[string, Partial<EksClusterAttributes>, RegExp]>([
    ['the name is invalid', { clusterName: 'a b' }, /clusterName is 'a b'/],
    ['the endpoint is not https', { endpoint: 'http://x' }, /endpoint is 'http:\/\/x', but it must be the https URL/],
    ['the issuer is not https', { oidcIssuerUrl: 'oidc.eks' }, /oidcIssuerUrl is 'oidc.eks'/],
    ['the OIDC provider ARN is malformed', { oidcProviderArn: 'arn:aws:iam::1:role/x' }, /oidcProviderArn is 'arn:aws:iam::1:role\/x'/],
    ['the node security group is malformed', { nodeSecurityGroupId: 'nodes' }, /nodeSecurityGroupId is 'nodes'/],
    ['the name is missing', { clusterName: undefined }, /clusterName is undefined, but it is required/],
    ['the CA data is missing', { certificateAuthorityData: '' }, /certificateAuthorityData is '', but it is required/],
    ['the network is missing', { network: undefined }, /network is undefined, but it is required/],
    ['the issuer is not an EKS issuer', { oidcIssuerUrl: 'https://example.com/id/ABC' }, /oidcIssuerUrl is 'https:\/\/example.com\/id\/ABC', but it must be the cluster's issuer URL/],
    ['the OIDC provider is another cluster\'s', { oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER' }, /it is not the provider of oidcIssuerUrl/],
    ['the CA data is not base64', { certificateAuthorityData: '-----BEGIN CERTIFICATE-----' }, /certificateAuthorityData is not base64/],
    ['the zone list has fewer subnets than zones', { network: { ...FAKE_NETWORK, privateSubnetIds: FAKE_NETWORK.privateSubnetIds.slice(0, 2) } }, /network.privateSubnetIds has 2 ids, but there are 3 availability zones/],
    ['a zone name is malformed', { network: { ...FAKE_NETWORK, availabilityZones: ['eu-west-1a', 'eu-west-1b', 'euw1-az3'] } }, /network.availabilityZones has 'euw1-az3', but a zone name looks like eu-west-1a/],
    ['a zone is listed twice', { network: { ...FAKE_NETWORK, availabilityZones: ['eu-west-1a', 'eu-west-1a', 'eu-west-1b'] } }, /network.availabilityZones is .*, but each zone may appear only once/],
    ['the network has no VPC id', { network: { ...FAKE_NETWORK, vpcId: undefined as never } }, /network.vpcId is undefined, but it is required/],
  ])('fails if %s', (_, attrs, message) => {
    expect(() => EksCluster.fromAttributes(testStack(), 'eks', { ...ATTRS, ...attrs })).toThrow(message);
  });

  test('names the path in errors and skips checks of unresolved tokens', () => {
    const stack = testStack();
    expect(() => EksCluster.fromAttributes(stack, 'eks', { ...ATTRS, endpoint: 'x' })).toThrow(/^EksCluster.fromAttributes 'test\/eks': endpoint is 'x'/);
    const made = new EksCluster(stack, 'made', { network: FAKE_NETWORK, clusterName: 'made', adminPrincipalArns: [ADMIN], endpoint: { publicAccessCidrs: [OFFICE] } });
    expect(() => EksCluster.fromAttributes(stack, 'eks2', { ...made, network: FAKE_NETWORK })).not.toThrow();
  });
});

describe('EksCluster: security groups for pods, partitions, log protection (issue 15)', () => {
  const cni = (j: ReturnType<typeof build>['json']) => JSON.parse(Object.values(resourcesOf(j, 'aws_eks_addon')).find((a) => a.addon_name === 'vpc-cni')!.configuration_values as string);

  test('turns on pod ENIs in standard mode with early demux off, and gives the cluster role the VPC resource controller', () => {
    const { json, cluster } = build();
    expect(cni(json)).toEqual({
      enableNetworkPolicy: 'true',
      env: { ENABLE_POD_ENI: 'true', POD_SECURITY_GROUP_ENFORCING_MODE: 'standard' },
      init: { env: { DISABLE_TCP_EARLY_DEMUX: 'true' } },
    });
    expect(cluster.podSecurityGroups).toBe(true);
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn));
    expect(attached.filter((a) => a.endsWith('/AmazonEKSVPCResourceController'))).toHaveLength(1);
  });

  test('podSecurityGroups: false leaves the CNI and the cluster role as before', () => {
    const { json } = build({ podSecurityGroups: false });
    expect(cni(json)).toEqual({ enableNetworkPolicy: 'true' });
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn));
    expect(attached.some((a) => a.endsWith('/AmazonEKSVPCResourceController'))).toBe(false);
  });

  test('fails if a t-family instance type meets podSecurityGroups (no trunk interfaces)', () => {
    expect(() => build({ nodes: { instanceTypes: ['t3.large'], min: 3, desired: 3, max: 3 } })).toThrow(/nodes\.instanceTypes has 't3\.large', but podSecurityGroups needs trunk network interfaces/);
    expect(() => build({ podSecurityGroups: false, nodes: { instanceTypes: ['t3.large'], min: 3, desired: 3, max: 3 } })).not.toThrow();
  });

  test('add-on policy ARNs follow the partition of the region', () => {
    const arns = (region?: string) => JSON.stringify(build({ region }).json.data?.aws_iam_policy_document ?? {});
    expect(arns('cn-north-1')).toContain('arn:aws-cn:ec2:*:*:network-interface/*');
    expect(arns('cn-north-1')).not.toContain('arn:aws:ec2:');
    expect(arns('us-gov-west-1')).toContain('arn:aws-us-gov:elasticloadbalancing:*:*:targetgroup/*/*');
    expect(arns('eu-west-1')).toContain('arn:aws:ec2:*:*:network-interface/*');
    expect(arns()).toContain('arn:aws:ec2:*:*:network-interface/*');
  });

  test('fails if the region is not an AWS region code', () => {
    expect(() => build({ region: 'eu-west-9' })).toThrow(/region is 'eu-west-9', but it is not an AWS region code/);
  });

  test('the control-plane log group takes the customer key and is kept from destroy in production', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const group = (j: ReturnType<typeof build>['json']) => Object.values(resourcesOf(j, 'aws_cloudwatch_log_group'))[0];
    expect(group(build({ logKmsKeyArn: key }).json)).toMatchObject({ kms_key_id: key });
    expect(group(build().json).lifecycle).toBeUndefined();
    const prod = build({ production: true, nodes: { instanceTypes: ['m6i.large'], min: 3, desired: 3, max: 6 } }).json;
    expect(group(prod).lifecycle).toEqual({ prevent_destroy: true });
    expect(() => build({ logKmsKeyArn: 'alias/logs' })).toThrow(/logKmsKeyArn is 'alias\/logs', but it must be a KMS key ARN/);
  });
});

describe('EksCluster versions (issue 15)', () => {
  test('fails if the Kubernetes version is not one EKS supports (KUBERNETES_VERSIONS)', () => {
    expect(() => build({ kubernetesVersion: '1.31' })).toThrow(/kubernetesVersion is '1\.31', but EKS supports 1\.36, 1\.35, 1\.34, 1\.33, 1\.32/);
    expect(() => build({ kubernetesVersion: '1.37' })).toThrow(/kubernetesVersion is '1\.37', but EKS supports/);
    expect(build({ kubernetesVersion: '1.35' }).cluster.kubernetesVersion).toBe('1.35');
  });

  test('add-ons are unpinned until EKS_ADDON_VERSIONS has a verified line; addonVersions pins one', () => {
    const { json } = build({ addonVersions: { coredns: 'v1.12.4-eksbuild.1' } });
    const addons = Object.values(resourcesOf(json, 'aws_eks_addon'));
    expect(addons.find((a) => a.addon_name === 'coredns')!.addon_version).toBe('v1.12.4-eksbuild.1');
    expect(addons.filter((a) => a.addon_version !== undefined)).toHaveLength(1);
  });
});
