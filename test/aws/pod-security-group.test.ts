import { PodSecurityGroup } from '../../lib/aws/pod-security-group';
import { LgtmPlatform, LgtmPlatformProps } from '../../lib/composition/lgtm-platform';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function build() {
  const stack = testStack();
  const group = new PodSecurityGroup(stack, 'grafana-pods', { cluster: FAKE_CLUSTER, name: 'lgtm-prod-grafana-pods', description: 'Grafana' });
  return { stack, group, json: synthJson(stack) };
}

describe('PodSecurityGroup', () => {
  test('a group without rules in the cluster VPC', () => {
    const { json } = build();
    expect(Object.values(resourcesOf(json, 'aws_security_group'))).toEqual([expect.objectContaining({ name: 'lgtm-prod-grafana-pods', vpc_id: FAKE_CLUSTER.network.vpcId })]);
    expect(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual({});
  });

  test('its SecurityGroupPolicy gives the selected pods the group and the cluster security group', () => {
    const { group } = build();
    const policy = group.securityGroupPolicy({ name: 'grafana', namespace: 'lgtm', podLabels: { 'app.kubernetes.io/name': 'grafana' } });
    expect(policy).toEqual({
      apiVersion: 'vpcresources.k8s.aws/v1beta1',
      kind: 'SecurityGroupPolicy',
      metadata: { name: 'grafana', namespace: 'lgtm' },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } },
        securityGroups: { groupIds: [group.securityGroupId, FAKE_CLUSTER.nodeSecurityGroupId] },
      },
    });
  });

  test.each([
    ['no label selects the pods', { name: 'grafana', namespace: 'lgtm', podLabels: {} }, /podLabels is \{\}, but at least one label must select the pods/],
    ['the namespace is not a DNS label', { name: 'grafana', namespace: 'LGTM', podLabels: { a: 'b' } }, /namespace is 'LGTM', but it must be a lowercase DNS label/],
  ])('fails if %s', (_, options, message) => {
    expect(() => build().group.securityGroupPolicy(options)).toThrow(message);
  });

  test('fails if the name starts with sg-', () => {
    expect(() => new PodSecurityGroup(testStack(), 'p', { cluster: FAKE_CLUSTER, name: 'sg-grafana', description: 'Grafana' })).toThrow(/name is 'sg-grafana', but it must not start with 'sg-'/);
  });
});

describe('PodSecurityGroup in LgtmPlatform (issue 15, item 5)', () => {
  const platformJson = (props: Partial<Record<keyof LgtmPlatformProps, unknown>> = {}) => {
    const stack = testStack();
    const platform = new LgtmPlatform(stack, 'platform', { environment: 'dev', region: 'eu-west-1', tier: 'monolithic', ...props } as LgtmPlatformProps);
    return { platform, json: synthJson(stack) };
  };

  test('a new cluster: the database and the session store admit only Grafana\'s pod security group', () => {
    const { platform, json } = platformJson();
    expect(platform.grafanaPodSecurityGroup).toBeDefined();
    const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))
      .filter((r) => [5432, 6379].includes(Number(r.from_port)));
    expect(rules).toHaveLength(2);
    for (const r of rules) expect(String(r.referenced_security_group_id)).toMatch(/aws_security_group\.platform_grafana-pods_sg_/);
  });

  test('grafanaPodSecurityGroup: false keeps the cluster security group as the client', () => {
    const { platform, json } = platformJson({ grafanaPodSecurityGroup: false });
    expect(platform.grafanaPodSecurityGroup).toBeUndefined();
    const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).filter((r) => [5432, 6379].includes(Number(r.from_port)));
    for (const r of rules) expect(String(r.referenced_security_group_id)).toMatch(/cluster_security_group_id/);
  });

  test('fails if grafanaPodSecurityGroup is not a boolean, and on a region that does not exist', () => {
    expect(() => platformJson({ grafanaPodSecurityGroup: 'yes' })).toThrow(/grafanaPodSecurityGroup is 'yes', but it must be true or false/);
    expect(() => platformJson({ region: 'eu-west-9' })).toThrow(/region is 'eu-west-9', but it must be an AWS region code/);
  });
});
