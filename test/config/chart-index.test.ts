import * as fs from 'fs';
import * as path from 'path';
import { CHART_INDEX_DIR, ValuesIndexMap, ValuesIndexNode, chartValuesIndex } from '../../lib/config/chart-index';
import { CHARTS, CHART_NAMES } from '../../lib/config/charts';
import { buildChartIndex, commentedKeys, renderChartIndex } from '../../scripts/chart-index';

/** The index node at a dotted path (`[]` steps into a list item). */
function at(chart: keyof typeof CHARTS, dotted: string | string[]): ValuesIndexNode | undefined {
  let node: ValuesIndexNode | undefined = chartValuesIndex(chart, CHARTS[chart].version).keys;
  for (const step of Array.isArray(dotted) ? dotted : dotted.split('.')) {
    if (node === undefined || typeof node !== 'object') return undefined;
    node = step === '[]' && Array.isArray(node) ? node[0] : (node as ValuesIndexMap)[step];
  }
  return node;
}

describe('the committed chart values index', () => {
  test.each(CHART_NAMES)('%s matches its chart files (else run npm run charts:index)', (name) => {
    const file = path.join(CHART_INDEX_DIR, `${name}.json`);
    expect(fs.existsSync(file)).toBe(true);
    const committed = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(committed)).toMatchObject({ chart: name, version: CHARTS[name].version });
    // Generated from the files vendored in charts/, nothing else (test/config/chart-sources.test.ts).
    expect(committed).toBe(renderChartIndex(buildChartIndex(CHARTS[name])));
  });

  test('has one file per pinned chart and no stale ones', () => {
    const files = fs.readdirSync(CHART_INDEX_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(CHART_NAMES.map((n) => `${n}.json`).sort());
  });

  test('stays small: under 128 KiB for every chart together', () => {
    const total = CHART_NAMES.reduce((sum, n) => sum + fs.statSync(path.join(CHART_INDEX_DIR, `${n}.json`)).size, 0);
    expect(total).toBeLessThan(128 * 1024);
  });
});

describe('what the index records', () => {
  test('keys of values.yaml, as plain values', () => {
    expect(at('aws-load-balancer-controller', 'replicaCount')).toBe(0);
    expect(at('aws-load-balancer-controller', 'clusterSecretsPermissions.allowAllSecrets')).toBe(0);
    expect(at('mimir-distributed', 'ingester.replicas')).toBe(0);
    expect(at('loki', 'deploymentMode')).toBe(0);
    expect(at('alloy', 'alloy.mounts.varlog')).toBe(0);
  });

  test("keys Loki documents only in a comment: loki.storage.bucketNames", () => {
    expect(at('loki', 'loki.storage.bucketNames')).toEqual({ chunks: 0, ruler: 0 });
    // loki.storage itself stays checked although the schema leaves it open.
    expect(typeof at('loki', 'loki.storage')).toBe('object');
  });

  test('open maps: default {} or null, free-form names even with example keys, raw config', () => {
    expect(at('aws-load-balancer-controller', 'controllerConfig.featureGates')).toBe(1); // {} with commented gates
    expect(at('loki', 'loki.schemaConfig')).toBe(1); // {}
    expect(at('loki', 'loki.storage.s3.endpoint')).toBe(1); // null
    expect(at('mimir-distributed', 'mimir.structuredConfig')).toBe(1);
    expect(at('mimir-distributed', 'ingester.resources')).toBe(1);
    expect(at('grafana', ['grafana.ini'])).toBe(1);
    expect(at('grafana', 'datasources')).toBe(1);
    expect(at('tempo', 'tempo.storage.trace')).toBe(1);
    expect(at('tempo-distributed', 'storage.trace')).toBe(1);
  });

  test('values.schema.json: maps it declares free-form are open, the rest checked', () => {
    expect(at('loki', 'loki.server')).toBe(1);
    expect(at('loki', 'loki.limits_config')).toBe(1);
    expect(typeof at('loki', 'loki')).toBe('object');
  });

  test('subcharts and global are open: their values are not pinned here', () => {
    expect(at('loki', 'minio')).toBe(1);
    expect(at('mimir-distributed', 'rollout_operator')).toBe(1);
    expect(at('pyroscope', 'alloy')).toBe(1);
    expect(at('loki', 'global')).toBe(1);
  });

  test('lists of objects keep the keys of the default items; empty lists are open', () => {
    expect(at('mimir-distributed', 'ingester.zoneAwareReplication.zones.[].nodeSelector')).toBe(1);
    expect(at('mimir-distributed', 'ingester.zoneAwareReplication.zones.[].name')).toBe(0);
    expect(at('alloy', 'alloy.extraPorts')).toBe(1);
  });

  test('keys of Pyroscope\'s values-micro-services.yaml', () => {
    expect(at('pyroscope', 'pyroscope.components')).toBe(1);
  });
});

describe('commentedKeys', () => {
  const text = [
    'a:',
    '  b: 1',
    '  # Note: prose with a colon in it',
    '  # see: https://example.com/docs',
    '  # c:',
    '  #   d: x',
    '  e: {}',
    '  # f: 2',
    'list:',
    '  - name: x',
    '    # inItem: 1',
    'script: |',
    '  # notAComment: 1',
    '# top: true',
    '# - kind: ConfigMap',
    '#   nested: v1',
  ].join('\n');

  test('places commented YAML under the key it is indented below, skipping prose, lists and block scalars', () => {
    expect(commentedKeys(text)).toEqual([
      { path: ['a'], node: { c: { d: 0 } } },
      { path: [], node: { top: 0 } },
    ]);
  });
});

describe('chartValuesIndex', () => {
  test('loads each index once per process', () => {
    expect(chartValuesIndex('loki', CHARTS.loki.version)).toBe(chartValuesIndex('loki', CHARTS.loki.version));
  });

  test('fails for a version without an index, listing the indexed chart versions', () => {
    expect(() => chartValuesIndex('loki', '99.0.0')).toThrow(
      /no values index for loki@99\.0\.0 \(pinned: loki@18\.11\.0\); indexed charts: mimir-distributed@6\.0\.6, loki@18\.11\.0, .*alloy@1\.11\.1, aws-load-balancer-controller@3\.5\.0, external-secrets@2\.9\.0, prometheus-operator-crds@31\.0\.1\. .*npm run charts:index/,
    );
  });

  test('fails for a chart that is not pinned', () => {
    expect(() => chartValuesIndex('cortex', '1.0.0')).toThrow(/no values index for cortex@1\.0\.0; indexed charts: /);
    expect(() => chartValuesIndex('../etc', '1.0.0')).toThrow(/no values index for \.\.\/etc@1\.0\.0/);
  });
});
