import { TENANCY_GATEWAY } from '../../../lib/compliance/rules/tenancy';
import { ChartRelease } from '../../../lib/helm/chart-release';
import { ManifestRelease } from '../../../lib/helm/manifest-release';
import { BackendNetworkPolicies } from '../../../lib/tenancy/backend-network-policies';
import { verdicts } from '../../support/compliance';
import { testStack } from '../../support/stack';

function stackWith(opts: { gateway?: boolean; policies?: boolean; openPolicy?: boolean; loki?: Record<string, unknown> }) {
  const stack = testStack();
  const mimir = new ChartRelease(stack, 'mimir', { chart: 'mimir-distributed', baseValues: {} });
  const loki = new ChartRelease(stack, 'loki', { chart: 'loki', baseValues: opts.loki ?? {} });
  if (opts.policies) new BackendNetworkPolicies(stack, 'policies', { backends: [mimir, loki] });
  if (opts.openPolicy) {
    new ManifestRelease(stack, 'open', {
      releaseName: 'open', namespace: 'lgtm',
      objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'all', namespace: 'lgtm' }, spec: { podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'mimir-distributed' } }, policyTypes: ['Ingress'], ingress: [{}] } }],
    });
  }
  if (opts.gateway) {
    new ManifestRelease(stack, 'gateway', {
      releaseName: 'gw', namespace: 'gw',
      objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gw', labels: { 'app.kubernetes.io/component': 'tenant-gateway' } }, spec: {} }],
    });
  }
  return { stack, mimir: `helm_release.${mimir.release.friendlyUniqueId}`, loki: `helm_release.${loki.release.friendlyUniqueId}` };
}

describe('LGTM-TEN-1 tenant gateway and NetworkPolicies (production)', () => {
  test('LGTM-TEN-1 stays quiet with a gateway and a policy closing each backend', () => {
    const { stack, mimir, loki } = stackWith({ gateway: true, policies: true });
    expect(verdicts(stack, TENANCY_GATEWAY, true)).toEqual({ [mimir]: 'compliant', [loki]: 'compliant' });
  });

  test('LGTM-TEN-1 fires without a gateway', () => {
    const { stack, mimir } = stackWith({ policies: true });
    expect(verdicts(stack, TENANCY_GATEWAY, true)[mimir]).toBe('non-compliant: no tenant gateway in the stack (a Deployment labelled app.kubernetes.io/component: tenant-gateway)');
  });

  test('fires without NetworkPolicies, naming the namespace and release', () => {
    const { stack, loki } = stackWith({ gateway: true });
    expect(verdicts(stack, TENANCY_GATEWAY, true)[loki]).toBe('non-compliant: no NetworkPolicy in namespace lgtm restricts ingress to the pods of release loki');
  });

  test('a policy that admits everyone does not count', () => {
    const { stack, mimir } = stackWith({ gateway: true, openPolicy: true });
    expect(verdicts(stack, TENANCY_GATEWAY, true)[mimir]).toMatch(/^non-compliant: no NetworkPolicy in namespace lgtm restricts ingress to the pods of release mimir-distributed/);
  });

  test('does not apply outside production, or to a backend with multi-tenancy off (LGTM-HELM-1 reports that)', () => {
    const { stack, mimir } = stackWith({});
    expect(verdicts(stack, TENANCY_GATEWAY, false)[mimir]).toBe('not-applicable');
    const off = stackWith({ loki: { loki: { auth_enabled: false } } });
    expect(verdicts(off.stack, TENANCY_GATEWAY, true)[off.loki]).toBe('not-applicable');
  });
});
