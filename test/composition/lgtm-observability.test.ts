import { Testing } from 'cdktf';
import { ComponentBucket } from '../../lib/aws/component-bucket';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { PodSecurityGroup } from '../../lib/aws/pod-security-group';
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
    expect(Object.values(resourcesOf(json, 'helm_release')).map((r) => r.name).sort()).toEqual([
      'alloy', 'alloy-rules', 'external-secrets', 'grafana', 'lgtm-network-policies', 'loki', 'mimir-distributed', 'prometheus-operator-crds', 'pyroscope', 'tempo',
    ]);
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

  describe('tenancy: the gateway and the backends\' NetworkPolicies', () => {
    const GATEWAY = {
      identities: [{ name: 'alice', tenant: 'team-a' }, { name: 'bob', tenant: 'team-b' }],
      auth: { mode: 'basic' as const },
    };

    test.each(['monolithic', 'simple-scalable', 'microservices'] as const)('%s: every backend release is closed to all but the backends, the collector, Grafana, the rules loader and the gateway', (tier) => {
      const { observability } = build({ tier, tenants: ['team-a', 'team-b'], gateway: GATEWAY });
      const policies = observability.networkPolicies!.policies as unknown as { metadata: { name: string }; spec: { ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[] } }[];
      const backends = [observability.mimir, observability.loki, observability.tempo, observability.pyroscope].map((b) => b.release.releaseName);
      expect(policies.map((p) => p.metadata.name)).toEqual(backends.map((b) => `${b}-ingress`));
      for (const p of policies) {
        expect(p.spec.ingress[0].from.map((f) => f.podSelector.matchLabels['app.kubernetes.io/instance'])).toEqual([...backends, 'alloy', 'grafana', 'alloy-rules', 'tenant-gateway']);
      }
      // The gateway routes to this tier's backends' own endpoints.
      const config = observability.gateway!.config;
      expect(config).toContain(`proxy_pass ${observability.mimir.endpoints.remoteWriteUrl};`);
      expect(config).toContain(`proxy_pass ${observability.loki.endpoints.pushUrl};`);
      expect(config).toContain(`grpc_pass grpc://${observability.tempo.endpoints.otlpGrpcUrl};`);
      expect(observability.gateway!.replicas).toBe(2);
    });

    test('the gateway waits for the backends it resolves at start, and its secret operator', () => {
      const { json } = build({ tenants: ['team-a', 'team-b'], gateway: GATEWAY });
      const release = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.name === 'tenant-gateway')!;
      for (const backend of ['mimir', 'loki', 'tempo', 'pyroscope', 'external-secrets']) {
        expect(release.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^helm_release\\.observability_${backend}_release_`))]));
      }
    });

    test('networkPolicies false leaves them out; no gateway by default', () => {
      const { observability } = build({ networkPolicies: false });
      expect(observability.networkPolicies).toBeUndefined();
      expect(observability.gateway).toBeUndefined();
    });

    test('fails on a federated reader while the backends\' tenant federation is off', () => {
      expect(() => build({ tenants: ['team-a', 'team-b'], gateway: { ...GATEWAY, identities: [...GATEWAY.identities, { name: 'sre', readTenants: ['team-a', 'team-b'] }] } })).toThrow(
        /gateway\.identities has the federated reader 'sre' \(team-a, team-b\), but mimir\.tenantFederation, loki\.tenantFederation, tempo\.tenantFederation are not true/,
      );
      const on = { tenantFederation: true };
      expect(() => build({ tenants: ['team-a', 'team-b'], mimir: on, loki: on, tempo: on, gateway: { ...GATEWAY, identities: [{ name: 'sre', readTenants: ['team-a', 'team-b'] }] } })).not.toThrow();
    });
  });

  test('with the platform\'s Grafana pod security group: a SecurityGroupPolicy for Grafana\'s pods, applied before Grafana', () => {
    const stack = testStack();
    const pods = new PodSecurityGroup(stack, 'grafana-pods', { cluster: FAKE_CLUSTER, name: 'lgtm-test-grafana-pods', description: 'Grafana' });
    const observability = new LgtmObservability(stack, 'observability', {
      platform: { ...handMadePlatform(stack), grafanaPodSecurityGroup: pods }, tier: 'monolithic', tenants: ['team-a'],
    });
    const [policy] = observability.grafanaPodSecurity!.objects as unknown as { kind: string; metadata: { namespace: string }; spec: { podSelector: unknown; securityGroups: { groupIds: string[] } } }[];
    expect(policy.kind).toBe('SecurityGroupPolicy');
    expect(policy.metadata.namespace).toBe('lgtm');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'grafana' } });
    expect(policy.spec.securityGroups.groupIds).toHaveLength(2);
    const json = synthJson(stack);
    const grafana = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.name === 'grafana')!;
    expect(grafana.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.observability_grafana-pod-security_release_/)]));
  });

  test('Grafana\'s Mimir data sources take the collector\'s scrape interval as their minimum interval', () => {
    const { observability } = build({ collector: { scrapeIntervalSeconds: 30 } });
    const values = observability.grafana.release.values as { datasources: { 'datasources.yaml': { datasources: { type: string; jsonData: Record<string, unknown> }[] } } };
    const mimir = values.datasources['datasources.yaml'].datasources.filter((d) => d.type === 'prometheus');
    expect(mimir.map((d) => d.jsonData.timeInterval)).toEqual(['30s']);
  });

  test('fails on a scrape interval too long for the default rules\' 5m windows, unless they are off', () => {
    expect(() => build({ collector: { scrapeIntervalSeconds: 120 } })).toThrow(/collector\.scrapeIntervalSeconds is 120, but the default rules' 5m rate windows need at least 4 scrapes: at most 75/);
    expect(() => build({ collector: { scrapeIntervalSeconds: 120 }, alerting: { defaultRules: false } })).not.toThrow();
  });
});
