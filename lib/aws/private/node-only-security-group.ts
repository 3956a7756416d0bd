import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { Rule, SECURITY_GROUP_ID, known, show } from '../../private/validate';
import { IEksCluster } from '../i-eks-cluster';

/**
 * A security group for a data service that admits one TCP port from the given client security
 * groups only: by default the cluster's node (cluster) security group, which every pod carries; a
 * dedicated pod security group (`PodSecurityGroup`) narrows it to the pods that need the service.
 * It has no egress rule: Terraform removes the default allow-all egress of a group it creates, and
 * RDS / ElastiCache never open connections of their own.
 */
export function nodeOnlySecurityGroup(
  scope: Construct, cluster: IEksCluster, name: string, port: number, what: string,
  clients: readonly string[] = [cluster.nodeSecurityGroupId],
): SecurityGroup {
  const group = new SecurityGroup(scope, 'sg', {
    name,
    // Kept as it was when only the nodes were clients: a new description replaces the group, and a
    // group attached to a database cannot be deleted. The rules below say who the clients are.
    description: `${what}: TCP ${port} from the EKS nodes only`,
    vpcId: cluster.network.vpcId,
  });
  // A rule resource rather than an inline rule: the provider's recommended form, one rule per address.
  // The first rule keeps the id 'from-nodes' whatever its source, so narrowing it to a pod security
  // group is an in-place update of the same address (referenced_security_group_id is updatable).
  clients.forEach((client, i) => new VpcSecurityGroupIngressRule(scope, i === 0 ? 'from-nodes' : `from-client-${i}`, {
    securityGroupId: group.id,
    description: client === cluster.nodeSecurityGroupId ? `${what} from EKS nodes` : `${what} from its client pods`,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    referencedSecurityGroupId: client,
  }));
  return group;
}

/** The rules of a data service's `clientSecurityGroupIds`: at least one, each a security group id. */
export function clientSecurityGroupRules(given: unknown, clients: unknown): Rule[] {
  return [
    { when: !Array.isArray(clients) || clients.length === 0, message: `clientSecurityGroupIds is ${show(given)}, but at least one security group must be admitted` },
    ...(Array.isArray(clients) ? clients : []).filter((c) => known(c) && !SECURITY_GROUP_ID.test(c)).map((c) => ({
      when: true,
      message: `clientSecurityGroupIds has ${show(c)}, but each must be a security group id such as sg-0123456789abcdef0`,
    })),
  ];
}
