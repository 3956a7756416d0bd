import { BackendNetworkPolicies, BackendNetworkPoliciesProps } from '../../lib/tenancy/backend-network-policies';
import { PolicyPeer } from '../../lib/tenancy/policy-peer';
import { testStack } from '../support/stack';

const BACKENDS = [
  { releaseName: 'mimir-distributed', namespace: 'lgtm' },
  { releaseName: 'tempo', namespace: 'tracing' },
];
const PEERS: PolicyPeer[] = [
  { namespace: 'lgtm', podLabels: { 'app.kubernetes.io/instance': 'alloy' } },
  { namespace: 'lgtm-gateway', podLabels: { 'app.kubernetes.io/name': 'tenant-gateway', 'app.kubernetes.io/instance': 'tenant-gateway' } },
];

function build(over: Partial<BackendNetworkPoliciesProps> = {}) {
  return new BackendNetworkPolicies(testStack(), 'policies', { backends: BACKENDS, peers: PEERS, ...over });
}

type Policy = { metadata: { name: string; namespace: string }; spec: { podSelector: { matchLabels: Record<string, string>; matchExpressions: unknown[] }; policyTypes: string[]; ingress: { from: { namespaceSelector: { matchLabels: Record<string, string> }; podSelector: { matchLabels: Record<string, string> } }[] }[] } };

describe('BackendNetworkPolicies', () => {
  test('one ingress policy per backend release, in its namespace, selecting its pods but the rollout-operator', () => {
    const policies = build().policies as unknown as Policy[];
    expect(policies.map((p) => [p.metadata.namespace, p.metadata.name])).toEqual([['lgtm', 'mimir-distributed-ingress'], ['tracing', 'tempo-ingress']]);
    expect(policies[0].spec.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/instance': 'mimir-distributed' },
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['rollout-operator'] }],
    });
    expect(policies[0].spec.policyTypes).toEqual(['Ingress']);
  });

  test('admits the backends (Tempo writing span metrics to Mimir) and the listed peers, each by namespace and labels, nobody else', () => {
    const [mimir] = build().policies as unknown as Policy[];
    expect(mimir.spec.ingress).toHaveLength(1);
    expect(mimir.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lgtm' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'mimir-distributed' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tracing' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'tempo' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lgtm' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'alloy' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lgtm-gateway' } }, podSelector: { matchLabels: PEERS[1].podLabels } },
    ]);
    // No peer without a pod selector: a bare namespace selector would admit every pod there.
    for (const peer of mimir.spec.ingress[0].from) expect(Object.keys(peer.podSelector.matchLabels).length).toBeGreaterThan(0);
  });

  test.each<[string, Partial<BackendNetworkPoliciesProps>, RegExp]>([
    ['no backends', { backends: [] }, /backends is \[\], but at least one backend release is required/],
    ['a peer with no labels', { peers: [{ namespace: 'x', podLabels: {} }] }, /peers\[0\]\.podLabels is \{\}, but at least one label is required: an empty selector would let every pod of the namespace in/],
    ['a bad namespace', { backends: [{ releaseName: 'mimir', namespace: 'Bad_NS' }] }, /backends\[0\]\.namespace is 'Bad_NS'/],
  ])('fails on %s, naming the construct', (_n, over, message) => {
    expect(() => build(over)).toThrow(/^BackendNetworkPolicies 'test\/policies': /);
    expect(() => build(over)).toThrow(message);
  });
});
