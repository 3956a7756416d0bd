import { Lb } from '@cdktf/provider-aws/lib/lb';
import { SecurityGroup, SecurityGroupIngress } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { SG_DATA_STORE_CLIENTS, SG_WORLD_INGRESS } from '../../../lib/compliance/rules/network';
import { bareStack, verdicts } from '../../support/compliance';

const SG = 'aws_security_group.sg';
const rule = (port: number, cidr = '0.0.0.0/0'): SecurityGroupIngress => ({ fromPort: port, toPort: port, protocol: 'tcp', cidrBlocks: [cidr] });

function group(ingress: SecurityGroupIngress[], withLoadBalancer = false) {
  const stack = bareStack();
  const sg = new SecurityGroup(stack, 'sg', { vpcId: 'vpc-1', ingress });
  if (withLoadBalancer) new Lb(stack, 'alb', { loadBalancerType: 'application', securityGroups: [sg.id], subnets: ['subnet-a', 'subnet-b'] });
  return { stack, sg };
}

describe('LGTM-SG-1 world-open ingress', () => {
  test('LGTM-SG-1 stays quiet on VPC-only ingress and on 443 of a load balancer', () => {
    expect(verdicts(group([rule(5432, '10.0.0.0/16')]).stack, SG_WORLD_INGRESS)).toEqual({ [SG]: 'compliant' });
    expect(verdicts(group([rule(443)], true).stack, SG_WORLD_INGRESS)).toEqual({ [SG]: 'compliant' });
  });

  test('LGTM-SG-1 fires on a port other than 443 open to the internet', () => {
    expect(verdicts(group([rule(22)]).stack, SG_WORLD_INGRESS)).toEqual({ [SG]: 'non-compliant: open to the internet on port 22' });
    expect(verdicts(group([rule(80, '::/0')], true).stack, SG_WORLD_INGRESS)).toEqual({ [SG]: 'non-compliant: open to the internet on port 80' });
  });

  test('LGTM-SG-1 fires on all protocols open to the internet', () => {
    const { stack } = group([{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }]);
    expect(verdicts(stack, SG_WORLD_INGRESS)).toEqual({ [SG]: 'non-compliant: open to the internet on all ports' });
  });

  test('LGTM-SG-1 fires on 443 open to the internet on a group no load balancer uses', () => {
    expect(verdicts(group([rule(443)]).stack, SG_WORLD_INGRESS)[SG]).toMatch(/443 is open to the internet on a security group no aws_lb/);
  });

  test('checks aws_vpc_security_group_ingress_rule and aws_security_group_rule too', () => {
    const { stack, sg } = group([], true);
    new VpcSecurityGroupIngressRule(stack, 'https', { securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', fromPort: 443, toPort: 443, ipProtocol: 'tcp' });
    new VpcSecurityGroupIngressRule(stack, 'ssh', { securityGroupId: sg.id, cidrIpv4: '0.0.0.0/0', fromPort: 22, toPort: 22, ipProtocol: 'tcp' });
    new SecurityGroupRule(stack, 'range', { type: 'ingress', securityGroupId: sg.id, cidrBlocks: ['0.0.0.0/0'], fromPort: 8000, toPort: 9000, protocol: 'tcp' });
    new SecurityGroupRule(stack, 'egress', { type: 'egress', securityGroupId: sg.id, cidrBlocks: ['0.0.0.0/0'], fromPort: 0, toPort: 0, protocol: '-1' });
    expect(verdicts(stack, SG_WORLD_INGRESS)).toEqual({
      [SG]: 'compliant',
      'aws_vpc_security_group_ingress_rule.https': 'compliant',
      'aws_vpc_security_group_ingress_rule.ssh': 'non-compliant: open to the internet on port 22',
      'aws_security_group_rule.range': 'non-compliant: open to the internet on ports 8000-9000',
      'aws_security_group_rule.egress': 'not-applicable',
    });
  });
});

describe('LGTM-SG-2 data stores admit their clients, not the cluster security group', () => {
  function store(source: 'cluster' | 'pods', kind: 'db' | 'cache' = 'db') {
    const stack = bareStack();
    const eks = new EksCluster(stack, 'eks', { name: 'c', roleArn: 'arn:aws:iam::111122223333:role/eks', vpcConfig: { subnetIds: ['subnet-a'] } });
    const pods = new SecurityGroup(stack, 'pods', { vpcId: 'vpc-1' });
    const sg = new SecurityGroup(stack, 'sg', { vpcId: 'vpc-1' });
    new VpcSecurityGroupIngressRule(stack, 'from-clients', {
      securityGroupId: sg.id, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432,
      referencedSecurityGroupId: source === 'cluster' ? eks.vpcConfig.clusterSecurityGroupId : pods.id,
    });
    if (kind === 'db') {
      new DbInstance(stack, 'db', { engine: 'postgres', instanceClass: 'db.t4g.small', vpcSecurityGroupIds: [sg.id] });
    } else {
      new ElasticacheReplicationGroup(stack, 'cache', { replicationGroupId: 'c', description: 'c', securityGroupIds: [sg.id] });
    }
    new VpcSecurityGroupIngressRule(stack, 'other', { securityGroupId: pods.id, ipProtocol: 'tcp', fromPort: 80, toPort: 80, referencedSecurityGroupId: eks.vpcConfig.clusterSecurityGroupId });
    return stack;
  }

  test('LGTM-SG-2 fires on a database or cache admitting the EKS cluster security group', () => {
    expect(verdicts(store('cluster'), SG_DATA_STORE_CLIENTS)['aws_vpc_security_group_ingress_rule.from-clients']).toBe('non-compliant: admits the EKS cluster security group, so every pod of the cluster can connect');
    expect(verdicts(store('cluster', 'cache'), SG_DATA_STORE_CLIENTS)['aws_vpc_security_group_ingress_rule.from-clients']).toMatch(/^non-compliant: admits the EKS cluster security group/);
  });

  test('LGTM-SG-2 stays quiet on a pod security group, and on groups no data store uses', () => {
    expect(verdicts(store('pods'), SG_DATA_STORE_CLIENTS)).toEqual({
      'aws_vpc_security_group_ingress_rule.from-clients': 'compliant',
      'aws_vpc_security_group_ingress_rule.other': 'not-applicable',
    });
  });
});
