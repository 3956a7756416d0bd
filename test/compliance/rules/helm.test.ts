import { ChartName } from '../../../lib/config/charts';
import { HELM_MULTI_TENANCY } from '../../../lib/compliance/rules/helm';
import { ChartRelease } from '../../../lib/helm/chart-release';
import { HelmValues } from '../../../lib/helm/values';
import { testStack } from '../../support/stack';
import { verdicts } from '../../support/compliance';

function release(chart: ChartName, baseValues: HelmValues, values?: HelmValues) {
  const stack = testStack();
  const r = new ChartRelease(stack, 'backend', { chart, baseValues, values });
  return { stack, address: `helm_release.${r.release.friendlyUniqueId}` };
}

describe('LGTM-HELM-1 multi-tenancy', () => {
  test.each<[ChartName, HelmValues]>([
    ['loki', {}],
    ['loki', { loki: { auth_enabled: true } }],
    ['mimir-distributed', {}],
    ['tempo', { tempo: { multitenancyEnabled: true } }],
    ['tempo-distributed', { multitenancyEnabled: true }],
  ])('LGTM-HELM-1 stays quiet on %s with %j', (chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'compliant' });
  });

  test('LGTM-HELM-1 fires when a user override turns Loki auth off', () => {
    const { stack, address } = release('loki', { loki: { auth_enabled: true } }, { loki: { auth_enabled: false } });
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'non-compliant: loki.auth_enabled is false' });
  });

  test("LGTM-HELM-1 fires on Tempo's chart default (multi-tenancy off)", () => {
    const { stack, address } = release('tempo', {});
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'non-compliant: tempo.multitenancyEnabled is unset (chart default false)' });
  });

  test('LGTM-HELM-1 fires when Mimir multi-tenancy is turned off', () => {
    const { stack, address } = release('mimir-distributed', { mimir: { structuredConfig: { multitenancy_enabled: false } } });
    expect(verdicts(stack, HELM_MULTI_TENANCY)[address]).toBe('non-compliant: mimir.structuredConfig.multitenancy_enabled is false');
  });

  test('does not look at charts without tenants', () => {
    const { stack } = release('grafana', {});
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({});
  });
});
