import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { IEksCluster } from './i-eks-cluster';
import { DNS_LABEL, Rule, check, known, show } from '../private/validate';

/** Props of {@link PodSecurityGroup}. */
export interface PodSecurityGroupProps {
  /** The cluster whose pods carry the group; it must run the VPC CNI with `ENABLE_POD_ENI` (EksCluster `podSecurityGroups`). */
  readonly cluster: IEksCluster;
  /** Security group name, unique in the VPC. */
  readonly name: string;
  /** What the pods are, for the group's description, e.g. 'Grafana'. */
  readonly description: string;
}

/** Which pods a {@link PodSecurityGroup.securityGroupPolicy} selects. */
export interface PodSecurityGroupPolicyOptions {
  /** Name of the SecurityGroupPolicy object. */
  readonly name: string;
  /** Namespace of the pods (a SecurityGroupPolicy selects pods of its own namespace only). */
  readonly namespace: string;
  /** Labels of the pods, e.g. `{ 'app.kubernetes.io/name': 'grafana' }`; at least one. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A security group for one kind of pod, and the SecurityGroupPolicy that gives it to those pods. */
export interface IPodSecurityGroup {
  /** Id of the security group. */
  readonly securityGroupId: string;
  /** The `SecurityGroupPolicy` object that gives the selected pods this group (and the cluster's). */
  securityGroupPolicy(options: PodSecurityGroupPolicyOptions): Readonly<Record<string, unknown>>;
}

/**
 * A security group for one kind of pod (EKS "security groups for pods"): a data store admits this
 * group instead of the cluster security group every pod carries, so only these pods reach it.
 * The group has no rules of its own: the {@link securityGroupPolicy} gives the pods this group and
 * the cluster security group, which keeps their traffic to the rest of the cluster (DNS, backends,
 * kubelet probes) and their egress as before. The policy object is a Kubernetes manifest; deliver it
 * before the pods start (a pod gets its branch network interface when it is created, so running
 * pods need a restart).
 */
export class PodSecurityGroup extends Construct implements IPodSecurityGroup {
  /** The security group. */
  public readonly securityGroup: SecurityGroup;
  /** Id of the security group. */
  public readonly securityGroupId: string;
  private readonly cluster: IEksCluster;

  constructor(scope: Construct, id: string, props: PodSecurityGroupProps) {
    super(scope, id);
    check(`PodSecurityGroup '${this.node.path}'`, [
      { when: known(props.name) && !/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/.test(props.name), message: `name is ${show(props.name)}, but a security group name has 1-255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*` },
      { when: known(props.name) && /^sg-/i.test(props.name), message: `name is ${show(props.name)}, but it must not start with 'sg-'` },
    ]);
    this.cluster = props.cluster;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: props.name,
      description: `${props.description} pods (EKS security groups for pods): the data stores admit this group`,
      vpcId: props.cluster.network.vpcId,
    });
    this.securityGroupId = this.securityGroup.id;
  }

  /**
   * The `SecurityGroupPolicy` (vpcresources.k8s.aws/v1beta1) that gives the selected pods this group
   * and the cluster security group, as a Kubernetes object for a Helm release (ManifestRelease).
   */
  public securityGroupPolicy(options: PodSecurityGroupPolicyOptions): Readonly<Record<string, unknown>> {
    const labels = options.podLabels ?? {};
    const rules: Rule[] = [
      { when: typeof options.name !== 'string' || !DNS_LABEL.test(options.name), message: `name is ${show(options.name)}, but it must be a lowercase DNS label` },
      { when: typeof options.namespace !== 'string' || !DNS_LABEL.test(options.namespace), message: `namespace is ${show(options.namespace)}, but it must be a lowercase DNS label` },
      { when: typeof labels !== 'object' || Object.keys(labels).length === 0, message: `podLabels is ${show(options.podLabels)}, but at least one label must select the pods (an empty selector gives every pod of the namespace the group)` },
    ];
    check(`PodSecurityGroup '${this.node.path}'.securityGroupPolicy`, rules);
    return {
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: options.name, namespace: options.namespace },
      spec: {
        podSelector: { matchLabels: { ...labels } },
        // The cluster security group too: it carries the rules every pod needs (EKS docs, "Use a
        // security group policy for an Amazon EKS Pod": DNS to CoreDNS, probes from the kubelet).
        securityGroups: { groupIds: [this.securityGroupId, this.cluster.nodeSecurityGroupId] },
      },
    };
  }
}
