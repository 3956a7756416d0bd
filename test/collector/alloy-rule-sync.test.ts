import { parse, stringify } from 'yaml';
import { AlloyRuleSync, AlloyRuleSyncProps } from '../../lib/collector/alloy-rule-sync';
import { testStack } from '../support/stack';
import { componentsOf, parseAlloy } from './support/alloy-parser';
import { externalBackends } from './support/collector';

function build(props: Partial<AlloyRuleSyncProps> = {}) {
  const { metrics, logs } = externalBackends();
  return new AlloyRuleSync(testStack(), 'rules', { metrics, logs, ...props });
}

type Values = Record<string, any>;

/** helm's toYaml ... | nindent 2: the list as block YAML, two spaces in. */
function nindent2(list: unknown): string {
  return `\n${stringify(list).trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}`;
}

/**
 * The ClusterRole alloy 1.11.1 renders with `rbac.namespaces` empty (grafana/alloy 233907cf,
 * operations/helm/charts/alloy/templates/rbac.yaml): `rules:` then `rbac.rules | toYaml | nindent 2`
 * then `rbac.clusterRules | toYaml | nindent 2`, parsed as the API server would.
 */
function clusterRoleRules(values: Values): Values[] {
  return parse(`rules:${nindent2(values.rbac.rules)}${nindent2(values.rbac.clusterRules)}\n`).rules;
}

/**
 * Helm's `tpl` over text holding only Go template string constants ({{`...`}} or {{ "..." }}): each
 * renders to its text; any other action (`{{ $labels.x }}`) fails, as it does in Helm (undefined variable).
 */
function tplConstants(text: string): string {
  const constant = /\{\{`([^`]*)`\}\}|\{\{ ("(?:[^"\\]|\\.)*") \}\}/g;
  if (text.replace(constant, '').includes('{{')) throw new Error(`tpl would run an action in: ${text}`);
  return text.replace(constant, (_m, raw: string | undefined, quoted: string | undefined) => raw ?? JSON.parse(quoted as string));
}

/** An object of `extraObjects` as the chart writes it (templates/extra-manifests.yaml `tpl (toYaml .) $`). */
function renderedExtraObject(o: unknown): Values {
  return parse(tplConstants(stringify(o)));
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

  describe.each([false, true])('as the alloy 1.11.1 chart renders it (routing %s)', (routing) => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'lgtm', labels: { tenant: 'platform' } },
      spec: {
        groups: [{
          name: 'g',
          rules: [{
            alert: 'ServiceErrors',
            expr: 'sum by (service) (rate(x{status="error"}[5m])) > 0',
            annotations: {
              summary: '{{ $labels.service }}: errors',
              description: '{{ $labels.service }} answered {{ $value | humanizePercentage }} with an error.\nSee the "service" dashboard.',
            },
          }],
        }],
      },
    };
    const sync = build(routing ? { alertmanagerTenants: ['payments'], objects: [rule] } : { mimirRuleTenants: ['platform'], objects: [rule] });
    const values = sync.release.values as Values;

    test('its ClusterRole is valid YAML holding exactly the loader\'s rules', () => {
      const rules = clusterRoleRules(values);
      const resources = rules.flatMap((r) => r.resources as string[]).sort();
      expect(resources).toEqual(routing ? ['alertmanagerconfigs', 'configmaps', 'namespaces', 'prometheusrules', 'secrets'] : ['namespaces', 'prometheusrules']);
      expect(rules.every((r) => JSON.stringify(r.verbs) === JSON.stringify(['get', 'list', 'watch']))).toBe(true);
    });

    test('an empty rbac list would not render (why neither list is empty)', () => {
      expect(() => clusterRoleRules({ rbac: { rules: values.rbac.rules, clusterRules: [] } })).toThrow();
    });

    test('each object reaches the cluster as given, its {{ $labels }} templates untouched by Helm\'s tpl', () => {
      expect(values.extraObjects).toHaveLength(1);
      expect(renderedExtraObject(values.extraObjects[0])).toEqual(rule);
      // Unescaped, Helm would run the rule's own template.
      expect(() => renderedExtraObject(rule)).toThrow(/tpl would run an action/);
    });
  });
});

