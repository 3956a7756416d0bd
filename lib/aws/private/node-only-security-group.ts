import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { IEksCluster } from '../i-eks-cluster';

/**
 * A security group for a data service that admits only the cluster's nodes on one TCP port.
 * It has no egress rule: Terraform removes the default allow-all egress of a group it creates, and
 * RDS / ElastiCache never open connections of their own.
 */
export function nodeOnlySecurityGroup(
  scope: Construct, cluster: IEksCluster, name: string, port: number, what: string,
): SecurityGroup {
  const group = new SecurityGroup(scope, 'sg', {
    name,
    description: `${what}: TCP ${port} from the EKS nodes only`,
    vpcId: cluster.network.vpcId,
  });
  // A rule resource rather than an inline rule: the provider's recommended form, one rule per address.
  new VpcSecurityGroupIngressRule(scope, 'from-nodes', {
    securityGroupId: group.id,
    description: `${what} from EKS nodes`,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    referencedSecurityGroupId: cluster.nodeSecurityGroupId,
  });
  return group;
}
