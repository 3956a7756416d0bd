import { WorkloadPolicyStatement } from '../i-workload-role';

// The permissions of the cluster add-ons, spelled out because WorkloadRole refuses wildcard
// actions and attaches no managed policy. Each list is the upstream policy at the version named.

/**
 * Amazon VPC CNI (`aws-node`): the AWS managed policy AmazonEKS_CNI_Policy, version v5 (2024-03-04),
 * IPv4 clusters.
 */
export const VPC_CNI_STATEMENTS: readonly WorkloadPolicyStatement[] = [
  {
    sid: 'AmazonEKSCNIPolicy',
    actions: [
      'ec2:AssignPrivateIpAddresses', 'ec2:AttachNetworkInterface', 'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface', 'ec2:DescribeInstances', 'ec2:DescribeTags', 'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeInstanceTypes', 'ec2:DescribeSubnets', 'ec2:DetachNetworkInterface',
      'ec2:ModifyNetworkInterfaceAttribute', 'ec2:UnassignPrivateIpAddresses',
    ],
    resources: ['*'],
  },
  { sid: 'AmazonEKSCNIPolicyENITag', actions: ['ec2:CreateTags'], resources: ['arn:aws:ec2:*:*:network-interface/*'] },
];

const VOLUME = 'arn:aws:ec2:*:*:volume/*';
const SNAPSHOT = 'arn:aws:ec2:*:*:snapshot/*';
const like = (variable: string, value: string) => [{ test: 'StringLike', variable, values: [value] }];

/**
 * Amazon EBS CSI driver controller (`ebs-csi-controller-sa`): kubernetes-sigs/aws-ebs-csi-driver
 * docs/example-iam-policy.json. Volumes are created, changed and deleted only when tagged by the
 * driver; volumes use the AWS managed EBS key, so no KMS permission is needed.
 */
export const EBS_CSI_STATEMENTS: readonly WorkloadPolicyStatement[] = [
  {
    actions: [
      'ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeSnapshots', 'ec2:DescribeTags',
      'ec2:DescribeVolumes', 'ec2:DescribeVolumesModifications', 'ec2:DescribeVolumeStatus',
    ],
    resources: ['*'],
  },
  { actions: ['ec2:CreateSnapshot', 'ec2:ModifyVolume'], resources: [VOLUME] },
  { actions: ['ec2:CopyVolumes'], resources: ['arn:aws:ec2:*:*:volume/vol-*'] },
  { actions: ['ec2:AttachVolume', 'ec2:DetachVolume'], resources: [VOLUME, 'arn:aws:ec2:*:*:instance/*'] },
  { actions: ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'], resources: [SNAPSHOT] },
  {
    actions: ['ec2:CreateTags'],
    resources: [VOLUME, SNAPSHOT],
    conditions: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] }],
  },
  { actions: ['ec2:DeleteTags'], resources: [VOLUME, SNAPSHOT] },
  { actions: ['ec2:CreateVolume', 'ec2:CopyVolumes'], resources: [VOLUME], conditions: like('aws:RequestTag/ebs.csi.aws.com/cluster', 'true') },
  { actions: ['ec2:CreateVolume', 'ec2:CopyVolumes'], resources: [VOLUME], conditions: like('aws:RequestTag/CSIVolumeName', '*') },
  { actions: ['ec2:DeleteVolume'], resources: [VOLUME], conditions: like('ec2:ResourceTag/ebs.csi.aws.com/cluster', 'true') },
  { actions: ['ec2:DeleteVolume'], resources: [VOLUME], conditions: like('ec2:ResourceTag/CSIVolumeName', '*') },
  { actions: ['ec2:DeleteVolume'], resources: [VOLUME], conditions: like('ec2:ResourceTag/kubernetes.io/created-for/pvc/name', '*') },
  { actions: ['ec2:CreateSnapshot'], resources: [SNAPSHOT], conditions: like('aws:RequestTag/CSIVolumeSnapshotName', '*') },
  { actions: ['ec2:CreateSnapshot'], resources: [SNAPSHOT], conditions: like('aws:RequestTag/ebs.csi.aws.com/cluster', 'true') },
  { actions: ['ec2:DeleteSnapshot'], resources: [SNAPSHOT], conditions: like('ec2:ResourceTag/CSIVolumeSnapshotName', '*') },
  { actions: ['ec2:DeleteSnapshot'], resources: [SNAPSHOT], conditions: like('ec2:ResourceTag/ebs.csi.aws.com/cluster', 'true') },
];

/** Service account of the AWS Load Balancer Controller, in kube-system; its IAM role trusts only it. */
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** The tag the AWS Load Balancer Controller puts on everything it creates; its value is the cluster name. */
const LBC_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const LBC_SECURITY_GROUP = 'arn:aws:ec2:*:*:security-group/*';
const LBC_BALANCERS = [
  'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
  'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
  'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
];
const LBC_LISTENERS = [
  'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
  'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
];

/**
 * AWS Load Balancer Controller (`kube-system/aws-load-balancer-controller`): the upstream
 * docs/install/iam_policy.json of v3.5.0 (unchanged since v2.13.4; vendored beside the chart and
 * compared statement by statement in test/aws/load-balancer-controller-policy.test.ts), with one
 * tightening: where upstream only requires the `elbv2.k8s.aws/cluster` tag to be present (a `Null`
 * condition), the tag must equal this cluster's name, so a controller can change only the load
 * balancers, target groups and security groups that it created for its own cluster, not another
 * cluster's in the same account. Global Accelerator and ACM certificate management need policies of
 * their own (upstream's aga_controller_iam_policy.json, iam_policy_acm_certs.json); their feature
 * gates are off by default and are not granted here.
 */
export function loadBalancerControllerStatements(clusterName: string): WorkloadPolicyStatement[] {
  const ownedResource = { test: 'StringEquals', variable: `aws:ResourceTag/${LBC_CLUSTER_TAG}`, values: [clusterName] };
  const ownedRequest = { test: 'StringEquals', variable: `aws:RequestTag/${LBC_CLUSTER_TAG}`, values: [clusterName] };
  // Changing other tags of an owned resource, without touching the ownership tag itself.
  const keepsOwnerTag = { test: 'Null', variable: `aws:RequestTag/${LBC_CLUSTER_TAG}`, values: ['true'] };
  return [
    {
      sid: 'ServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['*'],
      conditions: [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: ['elasticloadbalancing.amazonaws.com'] }],
    },
    {
      sid: 'Describe',
      actions: [
        'ec2:DescribeAccountAttributes', 'ec2:DescribeAddresses', 'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways', 'ec2:DescribeVpcs', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage', 'ec2:DescribeCoipPools', 'ec2:GetSecurityGroupsForVpc', 'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies', 'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth', 'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores', 'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      resources: ['*'],
    },
    {
      sid: 'CertificatesFirewallsShield',
      actions: [
        'cognito-idp:DescribeUserPoolClient', 'acm:ListCertificates', 'acm:DescribeCertificate',
        'iam:ListServerCertificates', 'iam:GetServerCertificate',
        'waf-regional:GetWebACL', 'waf-regional:GetWebACLForResource', 'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState', 'shield:DescribeProtection', 'shield:CreateProtection', 'shield:DeleteProtection',
      ],
      resources: ['*'],
    },
    // The node security group rules that let a load balancer reach its targets.
    { sid: 'TargetIngress', actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], resources: ['*'] },
    { sid: 'CreateSecurityGroup', actions: ['ec2:CreateSecurityGroup'], resources: ['*'] },
    {
      sid: 'TagNewSecurityGroup',
      actions: ['ec2:CreateTags'],
      resources: [LBC_SECURITY_GROUP],
      conditions: [{ test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] }, ownedRequest],
    },
    { sid: 'TagOwnedSecurityGroup', actions: ['ec2:CreateTags', 'ec2:DeleteTags'], resources: [LBC_SECURITY_GROUP], conditions: [keepsOwnerTag, ownedResource] },
    {
      sid: 'ChangeOwnedSecurityGroup',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
      resources: ['*'],
      conditions: [ownedResource],
    },
    {
      sid: 'CreateOwnedBalancer',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: ['*'],
      conditions: [ownedRequest],
    },
    {
      sid: 'ListenersAndRules',
      actions: ['elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteListener', 'elasticloadbalancing:CreateRule', 'elasticloadbalancing:DeleteRule'],
      resources: ['*'],
    },
    {
      sid: 'TagOwnedBalancer',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: LBC_BALANCERS,
      conditions: [keepsOwnerTag, ownedResource],
    },
    { sid: 'TagListeners', actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'], resources: LBC_LISTENERS },
    {
      sid: 'ChangeOwnedBalancer',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups', 'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation', 'elasticloadbalancing:ModifyIpPools',
      ],
      resources: ['*'],
      conditions: [ownedResource],
    },
    {
      sid: 'TagNewBalancer',
      actions: ['elasticloadbalancing:AddTags'],
      resources: LBC_BALANCERS,
      conditions: [
        { test: 'StringEquals', variable: 'elasticloadbalancing:CreateAction', values: ['CreateTargetGroup', 'CreateLoadBalancer'] },
        ownedRequest,
      ],
    },
    { sid: 'Targets', actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'], resources: ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*'] },
    {
      sid: 'ListenerSettings',
      actions: [
        'elasticloadbalancing:SetWebAcl', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities',
      ],
      resources: ['*'],
    },
  ];
}

/**
 * `statements` with their ARNs moved from the commercial partition to `partition` (aws-cn,
 * aws-us-gov, ...): the upstream policies are written for `arn:aws:`. Returns copies.
 */
export function inPartition(statements: readonly WorkloadPolicyStatement[], partition: string): WorkloadPolicyStatement[] {
  const move = (arn: string) => (partition !== 'aws' && arn.startsWith('arn:aws:') ? `arn:${partition}:${arn.slice('arn:aws:'.length)}` : arn);
  return statements.map((s) => ({ ...s, actions: [...s.actions], resources: s.resources.map(move) }));
}
