import { IEksCluster } from '../../lib/aws/i-eks-cluster';
import { INetwork } from '../../lib/aws/i-network';

/** A network handle with fixed ids, for constructs tested alone. */
export const FAKE_NETWORK: INetwork = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidrBlock: '10.0.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  privateSubnetIds: ['subnet-0a0000000000000a1', 'subnet-0b0000000000000b1', 'subnet-0c0000000000000c1'],
  publicSubnetIds: ['subnet-0a0000000000000a2', 'subnet-0b0000000000000b2', 'subnet-0c0000000000000c2'],
};

/** A cluster handle with fixed attributes (IRSA-capable), for constructs tested alone. */
export const FAKE_CLUSTER: IEksCluster = {
  clusterName: 'lgtm-test',
  endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthorityData: 'Y2VydA==',
  oidcIssuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC',
  oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
  nodeSecurityGroupId: 'sg-0123456789abcdef0',
  network: FAKE_NETWORK,
};
