import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { LoadBalancerController, LoadBalancerControllerProps } from '../../lib/aws/load-balancer-controller';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { CHARTS } from '../../lib/config/charts';
import { FAKE_CLUSTER } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const IRSA_IDENTITY = {
  roleArn: 'arn:aws:iam::111122223333:role/lgtm-test-lb-controller',
  namespace: 'kube-system',
  serviceAccount: 'aws-load-balancer-controller',
  serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/lgtm-test-lb-controller' },
};
const POD_IDENTITY = { ...IRSA_IDENTITY, serviceAccountAnnotations: {} };

function build(props: Partial<LoadBalancerControllerProps> = {}) {
  const stack = testStack();
  const controller = new LoadBalancerController(stack, 'lbc', { cluster: FAKE_CLUSTER, identity: POD_IDENTITY, region: 'eu-west-1', ...props });
  const json = synthJson(stack);
  const releases = Object.values(resourcesOf(json, 'helm_release'));
  expect(releases).toHaveLength(1);
  const release = releases[0] as { values: string[] } & Record<string, unknown>;
  return { stack, controller, json, release, values: parse(release.values[0]) };
}

describe('LoadBalancerController', () => {
  test('the pinned eks-charts release in kube-system, which exists already', () => {
    const { release } = build();
    expect(release).toMatchObject({
      name: 'aws-load-balancer-controller',
      repository: 'https://aws.github.io/eks-charts',
      chart: 'aws-load-balancer-controller',
      version: '3.5.0',
      namespace: 'kube-system',
      create_namespace: false,
      atomic: true,
    });
  });

  test('knows its cluster, region and VPC without instance metadata', () => {
    const { values } = build();
    expect(values).toMatchObject({ clusterName: 'lgtm-test', region: 'eu-west-1', vpcId: 'vpc-0123456789abcdef0' });
  });

  test('its service account is the one the IAM role trusts; pod identity needs no annotation', () => {
    expect(build().values.serviceAccount).toEqual({ create: true, name: 'aws-load-balancer-controller', annotations: {} });
  });

  test('IRSA: the service account carries the role ARN', () => {
    expect(build({ identity: IRSA_IDENTITY }).values.serviceAccount.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/lgtm-test-lb-controller',
    });
  });

  test('two replicas spread over zones, with a disruption budget', () => {
    const { values } = build();
    expect(values.replicaCount).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1 })]);
    expect(values.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'aws-load-balancer-controller',
      'app.kubernetes.io/instance': 'aws-load-balancer-controller',
    });
  });

  test('one replica outside production: no disruption budget (the chart renders none for one pod)', () => {
    const { values } = build({ replicas: 1 });
    expect(values.replicaCount).toBe(1);
    expect(values.podDisruptionBudget).toEqual({});
  });

  test('IP targets by default (pods have VPC addresses), instance targets when asked', () => {
    expect(build().values.defaultTargetType).toBe('ip');
    expect(build({ defaultTargetType: 'instance' }).values.defaultTargetType).toBe('instance');
  });

  test('tags what it creates with the given tags; no cluster-wide secret access', () => {
    const { values } = build({ defaultTags: { team: 'platform' } });
    expect(values.defaultTags).toEqual({ team: 'platform' });
    expect(values.clusterSecretsPermissions).toEqual({ allowAllSecrets: false });
    expect(build().values.defaultTags).toEqual({});
  });

  test('resource requests, and a memory limit', () => {
    expect(build().values.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '500Mi' } });
  });

  test('Gateway API off: all three gates set, so the controller does not switch them on when Gateway API CRDs appear', () => {
    expect(build().values.controllerConfig).toEqual({ featureGates: { ALBGatewayAPI: false, NLBGatewayAPI: false, GatewayListenerSet: false } });
  });

  test("the gates it sets are gates of the pinned release (an unknown one stops the controller)", () => {
    // The pinned chart's values.yaml lists the controller's gates, commented, under controllerConfig.featureGates.
    const pin = CHARTS['aws-load-balancer-controller'];
    const text = fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8');
    const block = /^controllerConfig:\n(?:\s*#.*\n)*\s+featureGates: \{\}\n((?:\s+# [A-Za-z]+: (?:true|false)\n)+)/m.exec(text);
    expect(block).not.toBeNull();
    const gates = Object.fromEntries([...block![1].matchAll(/# ([A-Za-z]+): (true|false)/g)].map((m) => [m[1], m[2] === 'true']));
    const set = build().values.controllerConfig.featureGates as Record<string, boolean>;
    expect(Object.keys(gates)).toEqual(expect.arrayContaining(Object.keys(set)));
    // Each one is on in the chart's list of defaults, so setting it off is a choice, not a no-op.
    for (const name of Object.keys(set)) expect(gates[name]).toBe(true);
  });

  test('Gateway API can be turned on through the values override', () => {
    const { values } = build({ values: { controllerConfig: { featureGates: { ALBGatewayAPI: true } } } });
    expect(values.controllerConfig.featureGates).toEqual({ ALBGatewayAPI: true, NLBGatewayAPI: false, GatewayListenerSet: false });
  });

  test('the user override merges last', () => {
    const { values } = build({ values: { logLevel: 'debug', resources: { requests: { cpu: '200m' } } } });
    expect(values.logLevel).toBe('debug');
    expect(values.resources.requests).toEqual({ cpu: '200m', memory: '200Mi' });
  });

  test('a key the pinned chart does not read fails, naming the nearest one', () => {
    expect(() => build({ values: { replicaCont: 3 } })).toThrow(/aws-load-balancer-controller 3\.5\.0 does not have.*replicaCont.*replicaCount/s);
  });

  test('exposes the ingress class and the Service load balancer class it serves', () => {
    const { controller } = build();
    expect(controller.ingressClassName).toBe('alb');
    expect(controller.loadBalancerClass).toBe('service.k8s.aws/nlb');
  });

  test('takes the role a WorkloadRole made, and waits for what it is given', () => {
    const stack = testStack();
    const role = new WorkloadRole(stack, 'role', {
      cluster: FAKE_CLUSTER,
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      statements: [{ actions: ['elasticloadbalancing:DescribeLoadBalancers'], resources: ['*'] }],
    });
    new LoadBalancerController(stack, 'lbc', { cluster: FAKE_CLUSTER, identity: role, region: 'eu-west-1', dependsOn: [role.role] });
    const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0];
    expect(release.depends_on).toEqual([expect.stringMatching(/^aws_iam_role\.role_\w+$/)]);
  });

  test.each<[string, Partial<LoadBalancerControllerProps>, RegExp]>([
    ['replicas is 0', { replicas: 0 }, /^LoadBalancerController 'test\/lbc': replicas is 0, but it must be a positive integer/],
    ['replicas is fractional', { replicas: 1.5 }, /replicas is 1\.5, but it must be a positive integer/],
    ['production has one replica', { replicas: 1, production: true }, /replicas is 1, but production needs at least 2/],
    ['the region is not a region', { region: 'Ireland' }, /region is 'Ireland', but it must be an AWS region such as eu-west-1/],
    ['the target type is unknown', { defaultTargetType: 'node' as never }, /defaultTargetType is 'node', but allowed types are 'ip', 'instance'/],
    ['the role is for another namespace', { identity: { ...POD_IDENTITY, namespace: 'lgtm' } }, /identity\.namespace is 'lgtm', but the controller runs in kube-system/],
    ['the role trusts another account', { identity: { ...POD_IDENTITY, serviceAccount: 'lbc' } }, /identity\.serviceAccount is 'lbc', but the controller's role must trust 'aws-load-balancer-controller'/],
  ])('fails when %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(() => build({ replicas: 0, region: 'x' })).toThrow(/replicas is 0, but it must be a positive integer; region is 'x'/);
  });
});
