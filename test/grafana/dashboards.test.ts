import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { SessionStore } from '../../lib/aws/session-store';
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { Dashboard, dashboardDatasourceUids, serviceRedDashboard, stackHealthDashboards } from '../../lib/grafana/dashboards';
import { datasourceTenant } from '../../lib/grafana/datasources';
import { GrafanaHA, GrafanaHAProps } from '../../lib/grafana/grafana-ha';
import { ExternalSecretsOperator } from '../../lib/secrets/external-secrets-operator';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';

const TENANTS = ['platform', 'payments'];
const metrics = MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80', tenants: TENANTS });
const logs = LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' });
const traces = TempoEndpoints.external({
  otlpGrpcUrl: 'tempo-distributor.lgtm.svc.cluster.local:4317',
  otlpHttpUrl: 'http://tempo-distributor.lgtm.svc.cluster.local:4318',
  queryUrl: 'http://tempo-query-frontend.lgtm.svc.cluster.local:3200',
});

function build(overrides: Partial<GrafanaHAProps> = {}) {
  const stack = testStack();
  const secrets = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' });
  const grafana = new GrafanaHA(stack, 'grafana', {
    tier: 'monolithic',
    cluster: FAKE_CLUSTER,
    region: 'eu-west-1',
    database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: 'db.example.com', masterSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0123abcd-AbCdEf' }),
    sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: 'cache.example.com', authSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:sessions-XyZ123' }),
    secrets,
    tenants: TENANTS,
    metrics,
    logs,
    traces,
    ...overrides,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { grafana, values: JSON.parse(JSON.stringify(grafana.release.values)) as Record<string, any> };
}

describe('dashboards', () => {
  const { grafana, values } = build();
  const provisioned: Dashboard[] = Object.values(values.dashboards as Record<string, Record<string, { json: string }>>)
    .flatMap((byName) => Object.values(byName).map((d) => JSON.parse(d.json) as Dashboard));

  test('a Stack health folder (one dashboard per backend and the collector) and a Services folder (one RED dashboard per tenant)', () => {
    const providers = values.dashboardProviders['dashboardproviders.yaml'].providers;
    expect(providers.map((p: { name: string; folder: string; options: { path: string } }) => [p.name, p.folder, p.options.path])).toEqual([
      ['stack-health', 'Stack health', '/var/lib/grafana/dashboards/stack-health'],
      ['services', 'Services', '/var/lib/grafana/dashboards/services'],
    ]);
    expect(Object.keys(values.dashboards['stack-health'])).toEqual(['lgtm-health-mimir', 'lgtm-health-loki', 'lgtm-health-tempo', 'lgtm-health-pyroscope', 'lgtm-health-collector']);
    expect(Object.keys(values.dashboards.services)).toEqual(['lgtm-red-platform', 'lgtm-red-payments']);
    expect(grafana.dashboards).toHaveLength(7);
  });

  test('every panel and variable reads a provisioned data source uid, of its own tenant', () => {
    const uids = new Map(grafana.datasources.map((d) => [d.uid, datasourceTenant(d)]));
    for (const d of provisioned) {
      const used = dashboardDatasourceUids(d);
      expect(used.length).toBeGreaterThan(0);
      for (const uid of used) expect(uids.has(uid)).toBe(true);
      const tenant = d.uid.startsWith('lgtm-red-') ? d.uid.slice('lgtm-red-'.length) : 'platform';
      expect(new Set(used.map((u) => uids.get(u)))).toEqual(new Set([tenant]));
    }
  });

  test('the RED dashboard: rate, errors and duration from the span metrics, exemplars on for every query', () => {
    const red = provisioned.find((d) => d.uid === 'lgtm-red-payments')!;
    expect(red.panels.map((p) => p.title)).toEqual(['Rate: requests per second', 'Errors: share of requests failing', 'Duration: p50 and p99']);
    expect(red.panels.flatMap((p) => p.targets).every((t) => t.exemplar)).toBe(true);
    expect(red.panels[1].targets[0].expr).toContain('status_code="STATUS_CODE_ERROR"');
    expect(red.panels[2].targets[1].expr).toMatch(/^histogram_quantile\(0\.99, .*traces_spanmetrics_latency_bucket/);
  });

  test('no dashboard holds a template opening that Helm or Terraform would read', () => {
    for (const d of [...stackHealthDashboards('platform'), serviceRedDashboard('payments')]) {
      expect(JSON.stringify(d)).not.toMatch(/\{\{|\$\{|%\{/);
    }
  });

  test('the stack-health folder follows dashboards.stackTenant', () => {
    const { grafana: other } = build({ dashboards: { stackTenant: 'payments' } });
    const health = other.dashboards.filter((d) => d.folder === 'stack-health');
    expect(new Set(health.flatMap((d) => dashboardDatasourceUids(d.dashboard)))).toEqual(new Set(['mimir-payments']));
  });

  test('dashboards: false provisions none', () => {
    const { values: none, grafana: g } = build({ dashboards: false });
    expect(none.dashboards).toBeUndefined();
    expect(g.dashboards).toEqual([]);
  });

  test('fails if dashboards.stackTenant is not one of the tenants', () => {
    expect(() => build({ dashboards: { stackTenant: 'nobody' } })).toThrow(/GrafanaHA 'test\/grafana': dashboards\.stackTenant is 'nobody', but the environment's tenants are 'platform', 'payments'/);
  });
});

describe('dashboard units', () => {
  test('a panel of rate() shows a per-second unit, not a bare count', () => {
    const { stackHealthDashboards, serviceRedDashboard } = jest.requireActual('../../lib/grafana/dashboards');
    const perSecond = new Set(['cps', 'reqps', 'ops', 'Bps', 'percentunit', 's']);
    const panels = [...stackHealthDashboards('platform'), serviceRedDashboard('platform')].flatMap((d: { panels: { title: string; unit?: string; fieldConfig: { defaults: { unit: string } }; targets: { expr: string }[] }[] }) => d.panels);
    const rated = panels.filter((p) => p.targets.every((t) => /\brate\(/.test(t.expr)));
    expect(rated.length).toBeGreaterThan(5);
    for (const p of rated) expect([p.title, perSecond.has(p.fieldConfig.defaults.unit)]).toEqual([p.title, true]);
  });
});
