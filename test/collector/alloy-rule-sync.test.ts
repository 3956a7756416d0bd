import { AlloyRuleSync, AlloyRuleSyncProps } from '../../lib/collector/alloy-rule-sync';
import { testStack } from '../support/stack';
import { componentsOf, parseAlloy } from './support/alloy-parser';
import { externalBackends } from './support/collector';

function build(props: Partial<AlloyRuleSyncProps> = {}) {
  const { metrics, logs } = externalBackends();
  return new AlloyRuleSync(testStack(), 'rules', { metrics, logs, ...props });
}

describe('AlloyRuleSync', () => {
  test('the configuration holds the rules components exactly for the tenants that have rules, and parses', () => {
    const sync = build({ mimirRuleTenants: ['platform'], lokiRuleTenants: ['team-a'] });
    expect(componentsOf(parseAlloy(sync.configText)).map((c) => `${c.name}.${c.label}`)).toEqual(['mimir.rules.kubernetes.platform', 'loki.rules.kubernetes.team_a']);
    expect((sync.release.values.alloy as Record<string, unknown>).stabilityLevel).toBe('generally-available');
  });

  test('routing turns on mimir.alerts.kubernetes and, for it alone, the experimental stability level', () => {
    const sync = build({ alertmanagerTenants: ['payments'] });
    expect(componentsOf(parseAlloy(sync.configText)).map((c) => c.name)).toEqual(['mimir.alerts.kubernetes']);
    expect((sync.release.values.alloy as Record<string, unknown>).stabilityLevel).toBe('experimental');
  });

  test('fails if there is nothing to load', () => {
    expect(() => build()).toThrow(/AlloyRuleSync 'test\/rules': there are no rules and no routing for any tenant/);
  });

  test('fails if Loki rules have no Loki, or a tenant id is invalid', () => {
    expect(() => build({ lokiRuleTenants: ['team-a'], logs: undefined })).toThrow(/lokiRuleTenants is not empty, but logs \(Loki\) is not set/);
    expect(() => build({ mimirRuleTenants: ['a b'] })).toThrow(/mimirRuleTenants\[0\] is 'a b', but 1-150 characters/);
  });

  test('fails if a values override asks for more than one pod', () => {
    expect(() => build({ mimirRuleTenants: ['platform'], values: { controller: { replicas: 2 } } })).toThrow(/values\.controller\.replicas is 2, but the loader runs one pod/);
  });
});
