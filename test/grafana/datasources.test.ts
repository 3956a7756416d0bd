import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { PyroscopeEndpoints } from '../../lib/backends/pyroscope-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import {
  DATASOURCE_UID, GrafanaDatasource, datasourceLinks, datasourceProblems, datasourceTenant, datasourceUid, datasourcesProvisioning, tenantDatasources,
} from '../../lib/grafana/datasources';

const TENANTS = ['platform', 'payments'];
const metrics = MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80', tenants: TENANTS });
const logs = LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' });
const traces = TempoEndpoints.external({
  otlpGrpcUrl: 'tempo-distributor.lgtm.svc.cluster.local:4317',
  otlpHttpUrl: 'http://tempo-distributor.lgtm.svc.cluster.local:4318',
  queryUrl: 'http://tempo-query-frontend.lgtm.svc.cluster.local:3200',
});
const profiles = PyroscopeEndpoints.external({ url: 'http://pyroscope-query-frontend.lgtm.svc.cluster.local:4040' });

function all(tenants: string[] = TENANTS): GrafanaDatasource[] {
  return tenantDatasources({ tenants, metrics, logs, traces, profiles });
}

function byUid(list: readonly GrafanaDatasource[], uid: string): GrafanaDatasource {
  const found = list.find((d) => d.uid === uid);
  if (!found) throw new Error(`no data source ${uid}`);
  return found;
}

describe('datasourceUid', () => {
  test('is <backend>-<tenant> for a plain tenant id', () => {
    expect(datasourceUid('platform', 'mimir')).toBe('mimir-platform');
    expect(datasourceUid('team_a-1', 'pyroscope')).toBe('pyroscope-team_a-1');
  });

  test('cleans and hashes a tenant id with characters a uid cannot hold, so cleaning never merges two tenants', () => {
    const dotted = datasourceUid('team.a', 'loki');
    const underscored = datasourceUid('team_a', 'loki');
    expect(underscored).toBe('loki-team_a');
    expect(dotted).toMatch(/^loki-team_a-[0-9a-f]{8}$/);
    expect(dotted).not.toBe(underscored);
    expect(DATASOURCE_UID.test(dotted)).toBe(true);
  });

  test('stays within 40 characters for the longest tenant id, deterministically', () => {
    const long = 'x'.repeat(150);
    const uid = datasourceUid(long, 'pyroscope');
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(DATASOURCE_UID.test(uid)).toBe(true);
    expect(datasourceUid(long, 'pyroscope')).toBe(uid);
    expect(datasourceUid(`${'x'.repeat(149)}y`, 'pyroscope')).not.toBe(uid);
  });
});

describe('tenantDatasources', () => {
  test('the Mimir data sources take the scrape interval as timeInterval when it is given, and only they', () => {
    const list = tenantDatasources({ tenants: TENANTS, metrics, logs, traces, profiles, metricsScrapeIntervalSeconds: 60 });
    expect(list.filter((d) => d.jsonData.timeInterval !== undefined).map((d) => [d.uid, d.jsonData.timeInterval])).toEqual([['mimir-platform', '60s'], ['mimir-payments', '60s']]);
    expect(all().some((d) => d.jsonData.timeInterval !== undefined)).toBe(false);
  });

  test('one data source per tenant and backend, with the tenant header and the backend query URL', () => {
    const list = all();
    expect(list.map((d) => d.uid)).toEqual([
      'mimir-platform', 'loki-platform', 'tempo-platform', 'pyroscope-platform',
      'mimir-payments', 'loki-payments', 'tempo-payments', 'pyroscope-payments',
    ]);
    for (const d of list) {
      expect(d.jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
      expect(d.access).toBe('proxy');
    }
    expect(byUid(list, 'mimir-payments')).toMatchObject({
      type: 'prometheus', url: metrics.queryUrl, secureJsonData: { httpHeaderValue1: 'payments' }, jsonData: { prometheusType: 'Mimir' },
    });
    expect(byUid(list, 'loki-platform')).toMatchObject({ type: 'loki', url: logs.queryUrl });
    expect(byUid(list, 'tempo-platform')).toMatchObject({ type: 'tempo', url: traces.queryUrl });
    expect(byUid(list, 'pyroscope-platform')).toMatchObject({ type: 'grafana-pyroscope-datasource', url: profiles.queryUrl });
  });

  test('only the first tenant\'s Mimir is the default', () => {
    expect(all().filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['mimir-platform']);
  });

  test('the correlation matrix of one tenant: every link points at the same tenant\'s data source', () => {
    const list = all();
    const links = datasourceLinks(list);
    expect(links.filter((l) => l.from === 'tempo-payments').map((l) => [l.path, l.to])).toEqual([
      ['tracesToLogsV2.datasourceUid', 'loki-payments'],
      ['tracesToMetrics.datasourceUid', 'mimir-payments'],
      ['tracesToProfiles.datasourceUid', 'pyroscope-payments'],
      ['serviceMap.datasourceUid', 'mimir-payments'],
    ]);
    expect(links.filter((l) => l.from === 'mimir-platform').map((l) => [l.path, l.to])).toEqual([['exemplarTraceIdDestinations[0].datasourceUid', 'tempo-platform']]);
    expect(links.filter((l) => l.from === 'loki-platform').map((l) => l.to)).toEqual(['tempo-platform', 'tempo-platform']);
    expect(links).toHaveLength(2 * (4 + 1 + 2));
    for (const link of links) {
      expect(datasourceTenant(byUid(list, link.to as string))).toBe(datasourceTenant(byUid(list, link.from)));
    }
    expect(datasourceProblems(list)).toEqual([]);
  });

  test('Tempo shows the node graph and links traces to metrics with the span metrics of each tenant', () => {
    const tempo = byUid(all(), 'tempo-platform').jsonData as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(tempo.nodeGraph).toEqual({ enabled: true });
    expect(tempo.tracesToLogsV2).toMatchObject({ filterByTraceID: true, tags: [{ key: 'service.name', value: 'service_name' }] });
    expect(tempo.tracesToProfiles).toMatchObject({ profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds' });
    expect(tempo.tracesToMetrics.queries.map((q: { query: string }) => q.query)).toEqual([
      'sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))',
      'sum(rate(traces_spanmetrics_calls_total{$$__tags,status_code="STATUS_CODE_ERROR"}[5m]))',
      'histogram_quantile(0.9, sum by (le) (rate(traces_spanmetrics_latency_bucket{$$__tags}[5m])))',
    ]);
    expect(tempo.lokiSearch).toBeUndefined();
  });

  test('Loki derived fields write a literal $ as $$ (Grafana expands variables in provisioning files)', () => {
    const loki = byUid(all(), 'loki-platform').jsonData as { derivedFields: { url: string; matcherType: string; matcherRegex: string }[] };
    expect(loki.derivedFields.map((f) => f.url)).toEqual(['$${__value.raw}', '$${__value.raw}']);
    expect(loki.derivedFields.map((f) => f.matcherType)).toEqual(['regex', 'label']);
    const regex = new RegExp(loki.derivedFields[0].matcherRegex);
    expect(regex.exec('level=info traceID=4bf92f3577b34da6a3ce929d0e0e4736 msg=ok')?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(regex.exec('{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}')?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  test('data sources and links exist only for the backends given', () => {
    const list = tenantDatasources({ tenants: TENANTS, metrics, traces });
    expect(list.map((d) => d.type)).toEqual(['prometheus', 'tempo', 'prometheus', 'tempo']);
    const tempo = byUid(list, 'tempo-platform').jsonData;
    expect(Object.keys(tempo)).not.toContain('tracesToLogsV2');
    expect(Object.keys(tempo)).not.toContain('tracesToProfiles');
    expect(tempo.serviceMap).toEqual({ datasourceUid: 'mimir-platform' });
    expect(datasourceProblems(list)).toEqual([]);

    const metricsOnly = tenantDatasources({ tenants: ['platform'], metrics });
    expect(metricsOnly).toHaveLength(1);
    expect(metricsOnly[0].jsonData.exemplarTraceIdDestinations).toBeUndefined();
  });

  test('the provisioning file prunes data sources it no longer lists', () => {
    expect(datasourcesProvisioning(all(['platform']))).toMatchObject({ apiVersion: 1, prune: true, datasources: expect.any(Array) });
  });
});

describe('datasourceProblems', () => {
  const list = (): Record<string, unknown>[] => all().map((d) => JSON.parse(JSON.stringify(d)));

  test('fails if two data sources share a uid', () => {
    const dup = list();
    dup[5] = { ...dup[5], uid: 'mimir-platform' };
    expect(datasourceProblems(dup)).toContain("datasources has uid 'mimir-platform' 2 times, but data source uids must be unique");
  });

  test('fails if a uid is missing or not one Grafana accepts', () => {
    const bad = list();
    bad[0] = { ...bad[0], uid: 'has space' };
    bad[1] = { ...bad[1], uid: undefined };
    const problems = datasourceProblems(bad);
    expect(problems).toContain("datasources[0].uid is 'has space', but a Grafana uid is 1-40 letters, digits, '-' or '_'");
    expect(problems).toContain('datasources[1].uid is undefined, but every data source needs a fixed uid (links and dashboards point at it)');
  });

  test('fails if a link crosses tenants', () => {
    const crossed = list();
    const tempo = crossed.find((d) => d.uid === 'tempo-platform')!;
    (tempo.jsonData as Record<string, Record<string, unknown>>).tracesToLogsV2.datasourceUid = 'loki-payments';
    expect(datasourceProblems(crossed)).toEqual([
    "data source 'tempo-platform' (tenant 'platform') links tracesToLogsV2.datasourceUid to 'loki-payments' of tenant 'payments', but a link must stay within its tenant",
    ]);
  });

  test('fails if a link points at no data source, or two are the default, or two share a name', () => {
    const bad = list();
    (bad[0].jsonData as { exemplarTraceIdDestinations: { datasourceUid: string }[] }).exemplarTraceIdDestinations[0].datasourceUid = 'tempo-nobody';
    bad[4] = { ...bad[4], isDefault: true };
    bad[2] = { ...bad[2], name: 'Mimir (platform)' };
    expect(datasourceProblems(bad)).toEqual([
      "datasources has name 'Mimir (platform)' 2 times, but data source names must be unique in the organization",
      "datasources has 2 defaults ('mimir-platform', 'mimir-payments'), but an organization has at most one",
      "data source 'mimir-platform' links exemplarTraceIdDestinations[0].datasourceUid to uid 'tempo-nobody', but no data source has that uid",
    ]);
  });
});
