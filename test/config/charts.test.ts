import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CHARTS, CHART_NAMES, chartPin } from '../../lib/config/charts';
import { INDEX_ONLY_CHARTS, chartSourceDir, hasChartSource } from '../support/paths';

const WITH_FILES = CHART_NAMES.filter((n) => hasChartSource(n, CHARTS[n].version));
const INDEX_ONLY = CHART_NAMES.filter((n) => !WITH_FILES.includes(n));

describe('the pinned chart table', () => {
  test('every pinned chart has its files here, or a recorded provenance of its index', () => {
    expect(INDEX_ONLY.map((n) => `${n}-${CHARTS[n].version}`).filter((k) => !INDEX_ONLY_CHARTS[k])).toEqual([]);
  });

  test.each(INDEX_ONLY.length > 0 ? INDEX_ONLY : ['(none)'])('%s: the recorded files are of the pinned release', (name) => {
    if (name === '(none)') return;
    const pin = CHARTS[name as keyof typeof CHARTS];
    const record = INDEX_ONLY_CHARTS[`${pin.chart}-${pin.version}`];
    expect(record.files).toContain(`release ${pin.version} (appVersion ${pin.appVersion})`);
    expect(record.readAt).toMatch(/@ [0-9a-f]{40}$/);
  });

  test.each(WITH_FILES)('%s matches the chart\'s own Chart.yaml', (name) => {
    const pin = CHARTS[name];
    const file = path.join(chartSourceDir(pin.chart, pin.version), 'Chart.yaml');
    const chart = parse(fs.readFileSync(file, 'utf8'));
    expect({ name: chart.name, version: chart.version, appVersion: String(chart.appVersion) }).toEqual({
      name: pin.chart,
      version: pin.version,
      appVersion: pin.appVersion,
    });
  });

  test('pins the application lines the stack is built on', () => {
    const app = (n: keyof typeof CHARTS) => CHARTS[n].appVersion.replace(/^v/, '');
    expect(app('mimir-distributed')).toMatch(/^3\.0\./);
    expect(app('loki')).toMatch(/^3\.7\./);
    expect(app('tempo')).toMatch(/^2\.10\./);
    expect(app('tempo-distributed')).toMatch(/^2\.10\./);
    expect(CHARTS['tempo-distributed'].version).toMatch(/^2\./);
    expect(app('pyroscope')).toMatch(/^1\.20\./);
    expect(app('grafana')).toMatch(/^12\.4\./);
    expect(app('alloy')).toMatch(/^1\.18\./);
    expect(app('aws-load-balancer-controller')).toMatch(/^2\.13\./);
  });

  test('the AWS Load Balancer Controller comes from eks-charts', () => {
    expect(CHARTS['aws-load-balancer-controller'].repository).toBe('https://aws.github.io/eks-charts');
  });

  test('Loki, Tempo and Grafana come from the grafana-community repository', () => {
    for (const n of ['loki', 'tempo', 'tempo-distributed', 'grafana'] as const) {
      expect(CHARTS[n].repository).toBe('https://grafana-community.github.io/helm-charts');
    }
  });

  test('fails for a chart not in the table, listing the pinned charts', () => {
    expect(() => chartPin('cortex')).toThrow(
      "chart is 'cortex', but it is not in the pinned chart table; allowed: mimir-distributed, loki, tempo, tempo-distributed, pyroscope, grafana, alloy, aws-load-balancer-controller",
    );
  });

  test('does not treat inherited object keys as charts', () => {
    expect(() => chartPin('toString')).toThrow(/not in the pinned chart table/);
  });
});
