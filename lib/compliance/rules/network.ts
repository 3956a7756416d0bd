import { blocks, numberOf, references, strings } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, StackView, SynthesizedResource, nonCompliant } from '../rule';

const WORLD = ['0.0.0.0/0', '::/0'];
const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];

interface Ingress {
  readonly cidrs: string[];
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
}

function ingressOf(resource: SynthesizedResource): Ingress[] {
  const c = resource.config;
  switch (resource.type) {
    case 'aws_security_group':
      return blocks(c.ingress).map((i) => ({
        cidrs: [...strings(i.cidr_blocks), ...strings(i.ipv6_cidr_blocks)],
        protocol: String(i.protocol),
        from: numberOf(i.from_port),
        to: numberOf(i.to_port),
      }));
    case 'aws_security_group_rule':
      if (c.type !== 'ingress') return [];
      return [{ cidrs: [...strings(c.cidr_blocks), ...strings(c.ipv6_cidr_blocks)], protocol: String(c.protocol), from: numberOf(c.from_port), to: numberOf(c.to_port) }];
    default: // aws_vpc_security_group_ingress_rule
      return [{ cidrs: [...strings(c.cidr_ipv4), ...strings(c.cidr_ipv6)], protocol: String(c.ip_protocol), from: numberOf(c.from_port), to: numberOf(c.to_port) }];
  }
}

// The security group a rule belongs to (itself for aws_security_group).
function groupOf(resource: SynthesizedResource, stack: StackView): SynthesizedResource | undefined {
  if (resource.type === 'aws_security_group') return resource;
  return references(resource.config.security_group_id).map((a) => stack.byAddress(a)).find((r) => r?.type === 'aws_security_group');
}

function usedByLoadBalancer(group: SynthesizedResource | undefined, stack: StackView): boolean {
  return group !== undefined && LOAD_BALANCER_TYPES.some((t) => stack.linked(group, t, 'security_groups').length > 0);
}

/** LGTM-SG-1: nothing is open to the internet except HTTPS (443) on a load balancer. */
export const SG_WORLD_INGRESS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-SG-1',
  rationale: 'Only a load balancer takes traffic from 0.0.0.0/0 or ::/0, and only on 443; everything else is reached from inside the VPC.',
  severity: 'high',
  cdkNag: ['AwsSolutions-EC23'],
  checkov: ['CKV_AWS_24', 'CKV_AWS_25'],
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  check(resource, stack) {
    const open = ingressOf(resource).filter((i) => i.cidrs.some((c) => WORLD.includes(c)));
    if (open.length === 0) return resource.type === 'aws_security_group' ? COMPLIANT : NOT_APPLICABLE;
    const allPorts = (i: Ingress) => i.protocol === '-1' || i.protocol === 'all';
    const notHttps = open.filter((i) => allPorts(i) || i.from !== 443 || i.to !== 443);
    if (notHttps.length > 0) {
      const ports = notHttps.map((i) => (allPorts(i) ? 'all ports' : i.from === i.to ? `port ${i.from}` : `ports ${i.from}-${i.to}`));
      return nonCompliant(`open to the internet on ${ports.join(', ')}`);
    }
    return usedByLoadBalancer(groupOf(resource, stack), stack)
      ? COMPLIANT
      : nonCompliant('443 is open to the internet on a security group no aws_lb of this stack uses');
  },
};


const DATA_STORES: readonly { type: string; attribute: string }[] = [
  { type: 'aws_db_instance', attribute: 'vpc_security_group_ids' },
  { type: 'aws_rds_cluster', attribute: 'vpc_security_group_ids' },
  { type: 'aws_elasticache_replication_group', attribute: 'security_group_ids' },
];

/** LGTM-SG-2: a database or session store does not admit the EKS cluster security group. */
export const SG_DATA_STORE_CLIENTS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-SG-2',
  rationale: 'A database or session store admits its client pods\' own security group, not the EKS cluster security group that every pod carries.',
  severity: 'medium',
  cdkNag: [],
  checkov: [],
  resourceTypes: ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  check(resource, stack) {
    const c = resource.config;
    if (resource.type === 'aws_security_group_rule' && c.type !== 'ingress') return NOT_APPLICABLE;
    const group = groupOf(resource, stack);
    if (!group || !DATA_STORES.some((d) => stack.linked(group, d.type, d.attribute).length > 0)) return NOT_APPLICABLE;
    const source = resource.type === 'aws_security_group_rule' ? c.source_security_group_id : c.referenced_security_group_id;
    // Only a reference to a cluster this stack creates can be told apart; an existing cluster's id is a literal.
    const clusterWide = strings(source).some((s) => /\$\{aws_eks_cluster\.[^}]*cluster_security_group_id/.test(s));
    return clusterWide ? nonCompliant('admits the EKS cluster security group, so every pod of the cluster can connect') : COMPLIANT;
  },
};

/** The network rules. */
export const NETWORK_RULES: readonly ResourceRule[] = [SG_WORLD_INGRESS, SG_DATA_STORE_CLIENTS];
