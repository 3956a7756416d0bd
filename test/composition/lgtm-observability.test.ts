import { Testing } from 'cdktf';
import { ComponentBucket } from '../../lib/aws/component-bucket';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { SessionStore } from '../../lib/aws/session-store';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { ILgtmPlatform } from '../../lib/composition/i-lgtm-platform';
import { LgtmObservability, LgtmObservabilityProps } from '../../lib/composition/lgtm-observability';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

// A platform assembled by hand from handles of resources made elsewhere: what a user with their
// own cluster, buckets, roles and database passes in.
function handMadePlatform(stack: ReturnType<typeof testStack>, withController = true): ILgtmPlatform {
  const bucket = (purpose: Parameters<typeof ComponentBucket.fromAttributes>[0]['purpose']) =>
    ComponentBucket.fromAttributes({ purpose, name: `acme-${purpose}`, region: 'eu-west-1' });
  const buckets: ILgtmBuckets = {
    mimirBlocks: bucket('mimir-blocks'), mimirRuler: bucket('mimir-ruler'), mimirAlertmanager: bucket('mimir-alertmanager'),
    lokiChunks: bucket('loki-chunks'), lokiRuler: bucket('loki-ruler'), tempoTraces: bucket('tempo-traces'), pyroscopeData: bucket('pyroscope-data'),
  };
  const role = (id: string, namespace: string, serviceAccount: string) =>
    WorkloadRole.fromAttributes(stack, id, { roleArn: `arn:aws:iam::111122223333:role/${id}`, namespace, serviceAccount });
  return {
    region: 'eu-west-1',
    cluster: FAKE_CLUSTER,
    buckets,
    roles: { mimir: role('mimir', 'lgtm', 'mimir-distributed'), loki: role('loki', 'lgtm', 'loki'), tempo: role('tempo', 'lgtm', 'tempo'), pyroscope: role('pyroscope', 'lgtm', 'pyroscope') },
    loadBalancerControllerRole: withController ? role('lbc', 'kube-system', 'aws-load-balancer-controller') : undefined,
    grafanaDatabase: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: 'db.example.com', masterSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf' }),
    sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: 'cache.example.com', authSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:auth-AbCdEf' }),
  };
}

function build(props: Partial<LgtmObservabilityProps> = {}, withController = true) {
  const stack = testStack();
  const observability = new LgtmObservability(stack, 'observability', { platform: handMadePlatform(stack, withController), ...props });
  return { stack, observability, json: synthJson(stack) };
}

describe('LgtmObservability', () => {
  test('on a hand-made platform: the default StorageClass and the load balancer controller with the platform\'s role', () => {
    const { json, observability } = build({ tags: { team: 'platform' } });
    expect(Object.values(resourcesOf(json, 'kubernetes_storage_class_v1'))).toHaveLength(1);
    const [release] = Object.values(resourcesOf(json, 'helm_release'));
    expect(release).toMatchObject({ chart: 'aws-load-balancer-controller', namespace: 'kube-system' });
    const values = (release.values as string[])[0];
    expect(values).toContain('clusterName: lgtm-test');
    expect(values).toContain('region: eu-west-1');
    expect(values).toContain('team: platform');
    expect(observability.ready).toHaveLength(2);
  });

  test('without the controller\'s role it installs no controller, and the StorageClass is what releases wait for', () => {
    const { json, observability } = build({}, false);
    expect(resourcesOf(json, 'helm_release')).toEqual({});
    expect(observability.ready).toEqual([observability.addons.storageClass]);
  });

  test('production retains volumes when their claim is deleted', () => {
    expect(Object.values(resourcesOf(build({ production: true }).json, 'kubernetes_storage_class_v1'))[0].reclaim_policy).toBe('Retain');
  });

  test('passes controller settings through', () => {
    const { json } = build({ loadBalancerController: { replicas: 3 } });
    expect((Object.values(resourcesOf(json, 'helm_release'))[0].values as string[])[0]).toContain('replicaCount: 3');
  });

  test.each<[string, () => unknown, RegExp]>([
    ['the platform is missing', () => new LgtmObservability(testStack(), 'o', { platform: undefined as never }), /platform is undefined, but an ILgtmPlatform/],
    ['the platform has no cluster', () => {
      const stack = testStack();
      return new LgtmObservability(stack, 'o', { platform: { ...handMadePlatform(stack), cluster: undefined as never } });
    }, /platform.cluster is undefined/],
    ['controller settings are given without the controller\'s role', () => build({ loadBalancerController: { replicas: 3 } }, false), /loadBalancerController is set, but platform.loadBalancerControllerRole is undefined/],
  ])('fails if %s', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('runs the compliance-free synth without touching AWS', () => {
    const { stack } = build();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
