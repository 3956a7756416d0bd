// The real promtool (Debian's prometheus package) on the rule files this library generates: its own
// file, as it starts a process per check (STYLE.md, Tests).
import { defaultRuleGroups, serviceAlerts } from '../../lib/rules/default-rules';
import { RuleGroup, backendOf, ruleFileYaml } from '../../lib/rules/rule-group';
import { buildAlerting } from './support/alerting';
import { checkRules, promtoolTest, testRules } from './support/promtool';

const it = promtoolTest();

/** The service RED group alone, as the ruler of a tenant gets it. */
const RED = ruleFileYaml(defaultRuleGroups({ serviceTenants: ['team-a'], stackTenant: 'team-a', enabled: { 'mimir-health': false, 'loki-health': false, 'tempo-health': false, 'storage-health': false, 'collector-health': false } }));

const calls = (status: string, perMinute: number) => ({
  series: `traces_spanmetrics_calls_total{service="checkout", span_name="POST /pay", span_kind="SPAN_KIND_SERVER", status_code="${status}"}`,
  values: `0+${perMinute}x30`,
});

/** Server-span latency buckets: `perMinute` requests a minute, all within `le` seconds (and none faster than the bucket below). */
function latency(slowBucket: string): Record<string, string>[] {
  const buckets = ['0.1', '0.5', '1', '2.5', '+Inf'];
  const at = buckets.indexOf(slowBucket);
  return buckets.map((le, i) => ({
    series: `traces_spanmetrics_latency_bucket{service="checkout", span_name="POST /pay", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_OK", le="${le}"}`,
    values: i >= at ? '0+100x30' : '0+0x30',
  }));
}

const errorAnnotations = (percent: string) => ({
  summary: 'checkout: more than 5% of requests fail',
  description: `checkout answered ${percent} of its requests with an error (server spans with status ERROR, i.e. 5xx) over 5 minutes.`,
  runbook: 'docs/runbooks.md#servicehigherrorrate',
});

describe('promtool', () => {
  it('every rule file the default set and the construct generate passes promtool check rules', () => {
    const { alerting } = buildAlerting();
    const mimirGroups = alerting.groups.filter((g) => backendOf(g) === 'mimir');
    // One file per tenant, as each tenant's ruler holds its own groups.
    for (const tenant of new Set(mimirGroups.map((g) => g.tenant))) {
      const file = ruleFileYaml(mimirGroups.filter((g) => g.tenant === tenant));
      expect(checkRules(file)).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it('the error-rate alert fires at 6% errors and stays quiet at 4%', () => {
    expect(testRules(RED, [
      {
        interval: '1m',
        input_series: [calls('STATUS_CODE_ERROR', 6), calls('STATUS_CODE_OK', 94)],
        alert_rule_test: [
          // The ratio is over 5% from the start, but `for: 5m` holds it pending until then.
          { eval_time: '4m', alertname: 'ServiceHighErrorRate', exp_alerts: [] },
          {
            eval_time: '15m',
            alertname: 'ServiceHighErrorRate',
            exp_alerts: [{ exp_labels: { severity: 'critical', service: 'checkout' }, exp_annotations: errorAnnotations('6%') }],
          },
        ],
      },
      {
        interval: '1m',
        input_series: [calls('STATUS_CODE_ERROR', 4), calls('STATUS_CODE_OK', 96)],
        alert_rule_test: [{ eval_time: '15m', alertname: 'ServiceHighErrorRate', exp_alerts: [] }],
      },
    ])).toMatch(/SUCCESS/);
  });

  it('client spans do not count: a service whose calls to others fail is not the one alerting', () => {
    expect(testRules(RED, [{
      interval: '1m',
      input_series: [
        { ...calls('STATUS_CODE_ERROR', 50), series: calls('STATUS_CODE_ERROR', 50).series.replace('SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT') },
        calls('STATUS_CODE_OK', 100),
      ],
      alert_rule_test: [{ eval_time: '15m', alertname: 'ServiceHighErrorRate', exp_alerts: [] }],
    }])).toMatch(/SUCCESS/);
  });

  it('the p99 latency alert fires when requests take 1-2.5s and stays quiet when they take under 0.5s', () => {
    expect(testRules(RED, [
      {
        interval: '1m',
        input_series: latency('2.5'),
        alert_rule_test: [{
          eval_time: '15m',
          alertname: 'ServiceHighLatencyP99',
          exp_alerts: [{
            exp_labels: { severity: 'warning', service: 'checkout' },
            exp_annotations: {
              summary: 'checkout: p99 latency above 1s',
              description: '99% of the requests of checkout took up to 2.485s over 5 minutes (server spans).',
              runbook: 'docs/runbooks.md#servicehighlatencyp99',
            },
          }],
        }],
      },
      {
        interval: '1m',
        input_series: latency('0.5'),
        alert_rule_test: [{ eval_time: '15m', alertname: 'ServiceHighLatencyP99', exp_alerts: [] }],
      },
    ])).toMatch(/SUCCESS/);
  });

  it("fails with promtool's own message on an expression promtool rejects", () => {
    const bad: RuleGroup = { name: 'bad', tenant: 'team-a', rules: [{ alert: 'Broken', expr: 'sum by (service) (rate(http_requests_total[5m])', summary: 's' }] };
    expect(() => checkRules(ruleFileYaml([bad]))).toThrow(/promtool check rules rejected the rule file:[\s\S]*unclosed left parenthesis/);
  });

  it('the thresholds follow the options', () => {
    const [errors, slow] = serviceAlerts(0.1, 2);
    expect(errors.expr).toMatch(/> 0\.1$/);
    expect(slow.expr).toMatch(/> 2$/);
  });
});

/** The health groups alone, as the stack tenant's ruler gets them. */
const HEALTH = ruleFileYaml(defaultRuleGroups({ serviceTenants: [], stackTenant: 'platform', enabled: { 'service-red': false } }));

/** A series of the stack's own metrics as the collector labels it (job `<namespace>/<component>`). */
const own = (metric: string, job: string, pod: string, labels: string, values: string) => ({
  series: `${metric}{job="${job}", namespace="lgtm", pod="${pod}"${labels ? `, ${labels}` : ''}}`,
  values,
});

describe('promtool: the health alerts on series labelled as the collector labels them', () => {
  it('MimirIngesterUnhealthy is one alert per ring, not one per component reading the ring', () => {
    const ring = (job: string, pod: string, unhealthy: number) => own('cortex_ring_members', job, pod, `name="ingester", state="Unhealthy"`, `${unhealthy}x30`);
    expect(testRules(HEALTH, [
      {
        interval: '1m',
        input_series: [
          ring('lgtm/distributor', 'mimir-distributed-distributor-0', 1),
          ring('lgtm/querier', 'mimir-distributed-querier-0', 1),
          ring('lgtm/ingester', 'mimir-distributed-ingester-zone-a-0', 1),
        ],
        alert_rule_test: [{
          eval_time: '20m',
          alertname: 'MimirIngesterUnhealthy',
          exp_alerts: [{
            exp_labels: { severity: 'critical', namespace: 'lgtm' },
            exp_annotations: {
              summary: 'Mimir has 1 unhealthy ingesters in its ring',
              description: 'Ingesters that stopped heartbeating stay in the ring; writes need a quorum of healthy ones.',
              runbook: 'docs/runbooks.md#mimiringesterunhealthy',
            },
          }],
        }],
      },
      {
        interval: '1m',
        input_series: [ring('lgtm/distributor', 'mimir-distributed-distributor-0', 0), ring('lgtm/ingester', 'mimir-distributed-ingester-zone-a-0', 0)],
        alert_rule_test: [{ eval_time: '20m', alertname: 'MimirIngesterUnhealthy', exp_alerts: [] }],
      },
    ])).toMatch(/SUCCESS/);
  });

  it('LgtmIngesterNotUp fires for an ingester of any layout (Loki write, single binary) and not for other components or apps', () => {
    const up = (job: string, pod: string, value: number) => own('up', job, pod, '', `${value}x30`);
    const notUp = (job: string, pod: string) => ({
      exp_labels: { severity: 'critical', job, namespace: 'lgtm', pod },
      exp_annotations: {
        summary: `Ingester ${pod} is not answering its scrape`,
        description: 'An ingester that is down or not ready holds back writes (Mimir, Loki, Tempo ingesters).',
        runbook: 'docs/runbooks.md#lgtmingesternotup',
      },
    });
    expect(testRules(HEALTH, [{
      interval: '1m',
      input_series: [
        up('lgtm/ingester', 'mimir-distributed-ingester-zone-a-0', 0),
        up('lgtm/write', 'loki-write-0', 0),
        up('lgtm/single-binary', 'loki-0', 0),
        up('lgtm/ingester', 'tempo-ingester-1', 1),
        up('lgtm/querier', 'mimir-distributed-querier-0', 0),
        { series: 'up{job="shop/api", namespace="shop", pod="order-ingester-7d9f"}', values: '0x30' },
      ],
      alert_rule_test: [{
        eval_time: '10m',
        alertname: 'LgtmIngesterNotUp',
        exp_alerts: [
          notUp('lgtm/ingester', 'mimir-distributed-ingester-zone-a-0'),
          notUp('lgtm/single-binary', 'loki-0'),
          notUp('lgtm/write', 'loki-write-0'),
        ],
      }],
    }])).toMatch(/SUCCESS/);
  });

  it("S3RequestErrors covers Loki's S3 client, and stays quiet on its 2xx", () => {
    const s3 = (status: string) => own('loki_s3_request_duration_seconds_count', 'lgtm/write', 'loki-write-0', `operation="S3.PutObject", status_code="${status}"`, '0+10x30');
    expect(testRules(HEALTH, [
      {
        interval: '1m',
        input_series: [s3('503'), s3('200')],
        alert_rule_test: [{
          eval_time: '25m',
          alertname: 'S3RequestErrors',
          exp_alerts: [{
            exp_labels: { severity: 'critical', job: 'lgtm/write', operation: 'S3.PutObject' },
            exp_annotations: {
              summary: 'lgtm/write gets errors from S3 (S3.PutObject)',
              description: 'Object storage requests fail: blocks, chunks and traces cannot be written or read.',
              runbook: 'docs/runbooks.md#s3requesterrors',
            },
          }],
        }],
      },
      {
        interval: '1m',
        input_series: [s3('200')],
        alert_rule_test: [{ eval_time: '25m', alertname: 'S3RequestErrors', exp_alerts: [] }],
      },
    ])).toMatch(/SUCCESS/);
  });
});
