import { WorkloadPolicyStatement } from '../workload-role';

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
