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
  const observability = new LgtmObservability(stack, 'observability', {
    platform: handMadePlatform(stack, withController), tier: 'monolithic', tenants: ['team-a'], ...props,
  });
  return { stack, observability, json: synthJson(stack) };
}

describe('LgtmObservability', () => {
  test('on a hand-made platform: the default StorageClass and the load balancer controller with the platform\'s role', () => {
    const { json, observability } = build({ tags: { team: 'platform' } });
    expect(Object.values(resourcesOf(json, 'kubernetes_storage_class_v1'))).toHaveLength(1);
    const release = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.chart === 'aws-load-balancer-controller')!;
    expect(release).toMatchObject({ namespace: 'kube-system' });
    const values = (release.values as string[])[0];
    expect(values).toContain('clusterName: lgtm-test');
    expect(values).toContain('region: eu-west-1');
    expect(values).toContain('team: platform');
    expect(observability.ready).toHaveLength(2);
  });

  test('without the controller\'s role it installs no controller, and the StorageClass is what releases wait for', () => {
    const { json, observability } = build({}, false);
    expect(Object.values(resourcesOf(json, 'helm_release')).map((r) => r.chart).sort()).toEqual(['alloy', 'external-secrets', 'grafana', 'loki', 'mimir-distributed', 'pyroscope', 'tempo']);
    expect(observability.ready).toEqual([observability.addons.storageClass]);
  });

  test('production retains volumes when their claim is deleted', () => {
    expect(Object.values(resourcesOf(build({ production: true, tier: 'microservices' }).json, 'kubernetes_storage_class_v1'))[0].reclaim_policy).toBe('Retain');
  });

  test('passes controller settings through', () => {
    const { json } = build({ loadBalancerController: { replicas: 3 } });
    const release = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.chart === 'aws-load-balancer-controller')!;
    expect((release.values as string[])[0]).toContain('replicaCount: 3');
  });

  test.each<[string, () => unknown, RegExp]>([
    ['the platform is missing', () => new LgtmObservability(testStack(), 'o', { platform: undefined as never, tier: 'monolithic', tenants: ['a'] }), /platform is undefined, but an ILgtmPlatform/],
    ['the platform has no cluster', () => {
      const stack = testStack();
      return new LgtmObservability(stack, 'o', { platform: { ...handMadePlatform(stack), cluster: undefined as never }, tier: 'monolithic', tenants: ['a'] });
    }, /platform.cluster is undefined/],
    ['the backends get no tenant', () => build({ tenants: [] }), /MimirCluster 'test\/observability\/mimir'.*tenants is \[\], but at least one tenant id is required/],
    ['controller settings are given without the controller\'s role', () => build({ loadBalancerController: { replicas: 3 } }, false), /loadBalancerController is set, but platform.loadBalancerControllerRole is undefined/],
  ])('fails if %s', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('deploys Mimir and Loki on the platform: own buckets, own roles\' service accounts, after the add-ons', () => {
    const { observability, stack } = build({ tier: 'microservices', tenants: ['platform', 'payments'] });
    const mimir = observability.mimir.release;
    const loki = observability.loki.release;
    expect([mimir.namespace, loki.namespace]).toEqual(['lgtm', 'lgtm']);
    expect(JSON.stringify(mimir.values)).toContain('acme-mimir-blocks');
    expect(JSON.stringify(loki.values)).toContain('acme-loki-chunks');
    expect(JSON.stringify(loki.values)).not.toContain('acme-mimir');
    expect(mimir.values.serviceAccount).toMatchObject({ name: 'mimir-distributed' });
    expect(loki.values.serviceAccount).toMatchObject({ name: 'loki' });
    const json = synthJson(stack);
    for (const release of Object.values(resourcesOf(json, 'helm_release')).filter((r) => r.chart !== 'aws-load-balancer-controller')) {
      expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_storage_class_v1\./), expect.stringMatching(/^helm_release\..*load-balancer-controller/)]));
    }
    expect(observability.mimir.endpoints.remoteWriteUrl).toMatch(/^http:\/\/mimir-distributed-gateway\.lgtm\.svc.*\/api\/v1\/push$/);
    expect(observability.loki.endpoints.pushUrl).toMatch(/^http:\/\/loki-gateway\.lgtm\.svc.*\/loki\/api\/v1\/push$/);
  });

  test('deploys Tempo with its span metrics written into this Mimir, and Pyroscope, as their roles\' accounts', () => {
    const { observability } = build({ tier: 'microservices', tenants: ['platform', 'payments'] });
    const tempo = observability.tempo.release;
    expect(tempo.pin.chart).toBe('tempo-distributed');
    expect(JSON.stringify(tempo.values)).toContain(JSON.stringify(observability.mimir.endpoints.remoteWriteUrl));
    expect(tempo.values.serviceAccount).toMatchObject({ name: 'tempo' });
    expect(JSON.stringify(tempo.values)).toContain('acme-tempo-traces');
    const pyroscope = observability.pyroscope.release;
    expect(pyroscope.pin.chart).toBe('pyroscope');
    expect(JSON.stringify(pyroscope.values)).toContain('acme-pyroscope-data');
  });

  test('fails if production runs a tier whose backends keep one copy', () => {
    expect(() => build({ production: true, tier: 'monolithic' })).toThrow(/replicationFactor is 1, but production needs at least 3/);
  });

  test('passes each backend its own options', () => {
    const { observability } = build({ mimir: { retentionDays: 90 }, loki: { retentionDays: 14 } });
    expect([observability.mimir.retentionDays, observability.loki.retentionDays]).toEqual([90, 14]);
  });

  test('runs the compliance-free synth without touching AWS', () => {
    const { stack } = build();
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});
