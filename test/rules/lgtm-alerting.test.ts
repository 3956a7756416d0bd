import * as fs from 'fs';
import * as path from 'path';
import { CHARTS } from '../../lib/config/charts';
import { RULES_NAMESPACE_PREFIX, RULES_RULER_LABEL, RULES_TENANT_LABEL } from '../../lib/collector/alloy-rules-pipeline';
import { DEFAULT_RULE_GROUP_NAMES, RUNBOOK_DOC, defaultAlerts, runbookAnchor } from '../../lib/rules/default-rules';
import { RuleGroup } from '../../lib/rules/rule-group';
import { attribute, blocksOf, componentsOf, parseAlloy, plain, plainBody } from '../collector/support/alloy-parser';
import { REPO_ROOT } from '../support/paths';
import { resourcesOf, synthJson } from '../support/synth';
import { PAGER_SECRET, SLACK_SECRET, TENANTS, buildAlerting, objectsOfKind } from './support/alerting';

const LOG_GROUP: RuleGroup = {
  name: 'payments-logs',
  tenant: 'team-a',
  backend: 'loki',
  interval: '1m',
  rules: [{ alert: 'PaymentsPanics', expr: 'sum(count_over_time({namespace="payments"} |= "panic" [5m])) > 0', summary: 'payments panics' }],
};

describe('LgtmAlerting', () => {
  describe('default rule set', () => {
    const { alerting, values } = buildAlerting();
    const rules = objectsOfKind(values, 'PrometheusRule');

    test('is on by default: service RED for every tenant, the health groups for the stack tenant', () => {
      expect(alerting.groups.map((g) => `${g.tenant}/${g.name}`)).toEqual([
        'platform/lgtm-service-red', 'team-a/lgtm-service-red',
        ...DEFAULT_RULE_GROUP_NAMES.filter((n) => n !== 'service-red').map((n) => `platform/lgtm-${n}`),
      ]);
    });

    test('every group is a PrometheusRule labelled with its tenant and ruler, in the loader namespace', () => {
      expect(rules).toHaveLength(alerting.groups.length);
      for (const [i, g] of alerting.groups.entries()) {
        expect(rules[i].apiVersion).toBe('monitoring.coreos.com/v1');
        expect(rules[i].metadata.namespace).toBe('lgtm');
        expect(rules[i].metadata.labels).toEqual({ [RULES_TENANT_LABEL]: g.tenant, [RULES_RULER_LABEL]: 'mimir' });
        expect(rules[i].spec.groups.map((x: { name: string }) => x.name)).toEqual([g.name]);
      }
    });

    test('the error-rate alert reads the span metrics Tempo writes: server spans with status ERROR over all, above 5%', () => {
      const red = rules.find((r) => r.metadata.name === 'mimir-team-a-lgtm-service-red')!;
      const alert = red.spec.groups[0].rules.find((r: { alert: string }) => r.alert === 'ServiceHighErrorRate');
      expect(alert.expr).toContain('traces_spanmetrics_calls_total{span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}[5m]');
      expect(alert.expr).toMatch(/> 0\.05$/);
      expect(alert.for).toBe('5m');
      expect(alert.annotations.runbook).toBe('docs/runbooks.md#servicehigherrorrate');
    });

    test('each group can be switched off on its own', () => {
      const { alerting: off } = buildAlerting({ defaultRules: { groups: { 'service-red': false, 'tempo-health': false } } });
      expect(off.groups.map((g) => g.name)).toEqual(['lgtm-mimir-health', 'lgtm-loki-health', 'lgtm-storage-health', 'lgtm-collector-health']);
    });

    test('runbookBaseUrl gives each alert a runbook_url to its section', () => {
      const { alerting: withUrl } = buildAlerting({ defaultRules: { runbookBaseUrl: 'https://git.example.com/lgtm/blob/main/docs/runbooks.md' } });
      const alert = withUrl.groups[0].rules[0] as { runbookUrl?: string };
      expect(alert.runbookUrl).toBe('https://git.example.com/lgtm/blob/main/docs/runbooks.md#servicehigherrorrate');
    });
  });

  describe('runbooks', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, RUNBOOK_DOC), 'utf8');
    const headings = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')));
    test.each(defaultAlerts().map((a) => [a.alert]))('%s has its section in docs/runbooks.md, with what to look at and what to do', (name) => {
      expect(headings.has(runbookAnchor(name))).toBe(true);
      const section = doc.split(/^## /m).find((s) => s.startsWith(`${name}\n`))!;
      expect(section).toMatch(/\*\*Look at\*\*/);
      expect(section).toMatch(/\*\*Do\*\*/);
    });
  });

  describe('the loader (AlloyRuleSync)', () => {
    const { alerting, values, stack } = buildAlerting({ groups: [LOG_GROUP] });
    const components = componentsOf(parseAlloy(values!.alloy.configMap.content));

    test('is the pinned alloy chart as one pod, separate from the collector DaemonSet', () => {
      expect(alerting.loader!.release.pin).toEqual(CHARTS.alloy);
      expect(alerting.loader!.release.releaseName).toBe('alloy-rules');
      expect(values!.controller).toEqual({ type: 'deployment', replicas: 1, podAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '12345', 'prometheus.io/path': '/metrics' } });
      expect(values!.alloy.stabilityLevel).toBe('generally-available');
    });

    test('without routing its RBAC reads namespaces and PrometheusRules only, no Secret', () => {
      const resources = [...values!.rbac.rules, ...values!.rbac.clusterRules].flatMap((r: { resources: string[] }) => r.resources);
      expect(resources.sort()).toEqual(['namespaces', 'prometheusrules']);
    });

    test('one mimir.rules.kubernetes per tenant with Mimir rules and one loki.rules.kubernetes per tenant with Loki rules, each selecting its own objects', () => {
      expect(components.map((c) => `${c.name}.${c.label}`)).toEqual([
        'mimir.rules.kubernetes.platform', 'mimir.rules.kubernetes.team_a', 'loki.rules.kubernetes.team_a',
      ]);
      const mimir = components[1];
      expect(plain(attribute(mimir.body, 'tenant_id'))).toBe('team-a');
      expect(plain(attribute(mimir.body, 'address'))).toBe('http://mimir-distributed-gateway.lgtm.svc.cluster.local:80');
      expect(plain(attribute(mimir.body, 'mimir_namespace_prefix'))).toBe(RULES_NAMESPACE_PREFIX);
      expect(plainBody(blocksOf(mimir.body, 'rule_selector')[0])).toEqual({ match_labels: { [RULES_TENANT_LABEL]: 'team-a', [RULES_RULER_LABEL]: 'mimir' } });
      const loki = components[2];
      expect(plain(attribute(loki.body, 'tenant_id'))).toBe('team-a');
      expect(plainBody(blocksOf(loki.body, 'rule_selector')[0])).toEqual({ match_labels: { [RULES_TENANT_LABEL]: 'team-a', [RULES_RULER_LABEL]: 'loki' } });
    });

    test("the tenant a PrometheusRule carries is the tenant_id of the only component that selects it", () => {
      for (const rule of objectsOfKind(values, 'PrometheusRule')) {
        const selecting = components.filter((c) => {
          const sel = plainBody(blocksOf(c.body, 'rule_selector')[0]).match_labels as Record<string, string>;
          return Object.entries(sel).every(([k, v]) => rule.metadata.labels[k] === v);
        });
        expect(selecting).toHaveLength(1);
        expect(plain(attribute(selecting[0].body, 'tenant_id'))).toBe(rule.metadata.labels[RULES_TENANT_LABEL]);
      }
    });

    test('waits for the CRDs release, so the objects apply on a fresh cluster; no kubernetes_manifest is planned', () => {
      const json = synthJson(stack);
      expect(resourcesOf(json, 'kubernetes_manifest')).toEqual({});
      const releases = resourcesOf(json, 'helm_release');
      const crds = Object.entries(releases).find(([, r]) => r.chart === 'prometheus-operator-crds')!;
      const loader = Object.values(releases).find((r) => r.name === 'alloy-rules')!;
      expect(crds[1].version).toBe('31.0.1');
      expect(loader.depends_on).toContain(`helm_release.${crds[0]}`);
    });
  });

  describe('rules components exist exactly when rules exist', () => {
    test('no groups and no routing: no loader at all', () => {
      const { alerting } = buildAlerting({ defaultRules: false });
      expect(alerting.loader).toBeUndefined();
      expect(alerting.objects).toEqual([]);
    });

    test('only Loki rules: only loki.rules.kubernetes', () => {
      const { values } = buildAlerting({ defaultRules: false, groups: [LOG_GROUP] });
      expect(componentsOf(parseAlloy(values!.alloy.configMap.content)).map((c) => c.name)).toEqual(['loki.rules.kubernetes']);
    });
  });

  describe('Alertmanager routing', () => {
    const alertmanager = {
      'team-a': {
        receivers: [
          { name: 'slack', slack: { webhookUrl: { secretArn: SLACK_SECRET }, channel: '#alerts' } },
          { name: 'pager', pagerDuty: { routingKey: { secretArn: PAGER_SECRET, property: 'key' } } },
        ],
        defaultReceiver: 'slack',
        routes: [{ receiver: 'pager', matchers: { severity: 'critical' } }],
      },
    };
    const { values, stack } = buildAlerting({ defaultRules: false, alertmanager });

    test('an AlertmanagerConfig per tenant reading a Secret written by an ExternalSecret from Secrets Manager, never a literal', () => {
      const [config] = objectsOfKind(values, 'AlertmanagerConfig');
      expect(config.metadata.labels).toEqual({ [RULES_TENANT_LABEL]: 'team-a' });
      expect(config.spec.receivers).toEqual([
        { name: 'slack', slackConfigs: [{ apiURL: { name: 'alertmanager-team-a', key: 'RECEIVER_0' }, channel: '#alerts', sendResolved: true }] },
        { name: 'pager', pagerdutyConfigs: [{ routingKey: { name: 'alertmanager-team-a', key: 'RECEIVER_1' }, sendResolved: true }] },
      ]);
      expect(config.spec.route.routes).toEqual([{ receiver: 'pager', matchers: [{ name: 'severity', value: 'critical', matchType: '=' }] }]);
      const [secret] = objectsOfKind(values, 'ExternalSecret');
      expect(secret.spec.data).toEqual([
        { secretKey: 'RECEIVER_0', remoteRef: { key: SLACK_SECRET } },
        { secretKey: 'RECEIVER_1', remoteRef: { key: PAGER_SECRET, property: 'key' } },
      ]);
      expect(objectsOfKind(values, 'SecretStore')).toHaveLength(1);
    });

    test('a mimir.alerts.kubernetes for the tenant, its header carrying the tenant; the loader runs experimental for it', () => {
      const components = componentsOf(parseAlloy(values!.alloy.configMap.content));
      expect(components.map((c) => `${c.name}.${c.label}`)).toEqual(['mimir.alerts.kubernetes.team_a']);
      expect(plain(attribute(components[0].body, 'http_headers'))).toEqual({ 'X-Scope-OrgID': ['team-a'] });
      expect(plainBody(blocksOf(components[0].body, 'alertmanagerconfig_matcher')[0])).toEqual({ strategy: 'None' });
      expect(values!.alloy.stabilityLevel).toBe('experimental');
    });

    test("the operator's role reads exactly the receivers' secrets", () => {
      const json = synthJson(stack);
      const text = JSON.stringify(json);
      expect(text).toContain(SLACK_SECRET);
      expect(text).toContain(PAGER_SECRET);
    });
  });

  describe('bad input fails at synth, naming the construct, field, value and what is allowed', () => {
    const group = (over: Partial<RuleGroup> = {}): RuleGroup => ({
      name: 'g', tenant: 'team-a', rules: [{ alert: 'A', expr: 'up == 0', summary: 's' }], ...over,
    });

    test('fails if a group name repeats for a tenant', () => {
      expect(() => buildAlerting({ groups: [group(), group()] })).toThrow(
        /LgtmAlerting 'test\/alerting': .*groups\[1\]\.name is 'g', but groups\[0\] of tenant 'team-a' in mimir has that name too; group names are unique per tenant and ruler/,
      );
    });

    test('fails if a group repeats a default group name for its tenant', () => {
      expect(() => buildAlerting({ groups: [group({ name: 'lgtm-service-red' })] })).toThrow(/'lgtm-service-red'.*group names are unique per tenant and ruler/);
    });

    test('the same group name for two tenants is fine', () => {
      expect(() => buildAlerting({ groups: [group(), group({ tenant: 'platform' })] })).not.toThrow();
    });

    test("fails if a for is not a duration", () => {
      expect(() => buildAlerting({ groups: [group({ rules: [{ alert: 'A', expr: 'up == 0', for: '5 minutes', summary: 's' }] })] })).toThrow(
        /LgtmAlerting 'test\/alerting': .*groups\[0\]\.rules\[0\]\.for is '5 minutes', but it must be a Prometheus duration such as '5m'/,
      );
    });

    test("fails if a group's tenant is not one of the environment's tenants", () => {
      expect(() => buildAlerting({ groups: [group({ tenant: 'team-z' })] })).toThrow(
        /groups\[0\]\.tenant is 'team-z', but the environment's tenants are 'platform', 'team-a'/,
      );
    });

    test('fails if routing names a tenant not in the environment', () => {
      expect(() => buildAlerting({ alertmanager: { nobody: { receivers: [{ name: 'x', webhook: { url: { secretArn: SLACK_SECRET } } }], defaultReceiver: 'x' } } })).toThrow(
        /alertmanager\.nobody is set, but 'nobody' is not one of the environment's tenants/,
      );
    });

    test('fails if a receiver has no secret', () => {
      expect(() => buildAlerting({
        alertmanager: { 'team-a': { receivers: [{ name: 'slack', slack: { channel: '#x' } as never }], defaultReceiver: 'slack' } },
      })).toThrow(/alertmanager\.team-a\.receivers\[0\]\.slack\.webhookUrl is undefined, but the receiver needs its secret: \{ secretArn \} of a Secrets Manager secret/);
    });

    test('fails if a receiver secret is not a Secrets Manager ARN', () => {
      expect(() => buildAlerting({
        alertmanager: { 'team-a': { receivers: [{ name: 'hook', webhook: { url: { secretArn: 'https://hooks.example.com/abc' } } }], defaultReceiver: 'hook' } },
      })).toThrow(/receivers\[0\]\.webhook\.url\.secretArn is 'https:\/\/hooks\.example\.com\/abc', but it must be a Secrets Manager secret ARN/);
    });

    test('fails if a rule holds a Terraform template opening', () => {
      expect(() => buildAlerting({ groups: [group({ rules: [{ alert: 'A', expr: 'up{job="${x}"} == 0', summary: 's' }] })] })).toThrow(/rules\[0\]\.expr .* cannot hold/);
    });

    test('fails if a group is for Loki without a Loki', () => {
      expect(() => buildAlerting({ groups: [LOG_GROUP], logs: undefined })).toThrow(/backend 'loki', but logs \(Loki\) is not set/);
    });

    test('fails on an unknown default group switch', () => {
      expect(() => buildAlerting({ defaultRules: { groups: { 'nginx-health': false } as never } })).toThrow(/defaultRules\.groups\.nginx-health is false, but the default groups are service-red/);
    });
  });

  test('the tenants of the test fixture are the environment tenants', () => {
    expect(TENANTS).toEqual(['platform', 'team-a']);
  });
});
