import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CHARTS, CHART_NAMES, chartPin } from '../../lib/config/charts';
import { chartSourceDir } from '../support/paths';

describe('the pinned chart table', () => {
  test.each(CHART_NAMES)('%s matches the chart\'s own Chart.yaml', (name) => {
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
    expect(app('aws-load-balancer-controller')).toMatch(/^3\.5\./);
    expect(app('external-secrets')).toMatch(/^2\.9\./);
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
      "chart is 'cortex', but it is not in the pinned chart table; allowed: mimir-distributed, loki, tempo, tempo-distributed, pyroscope, grafana, alloy, aws-load-balancer-controller, external-secrets",
    );
  });

  test('does not treat inherited object keys as charts', () => {
    expect(() => chartPin('toString')).toThrow(/not in the pinned chart table/);
  });
});
