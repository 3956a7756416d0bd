import { Token } from 'cdktf';
import { CHARTS } from '../../lib/config/charts';
import { ChartRelease, ChartReleaseProps } from '../../lib/helm/chart-release';
import { AllowUnknownValue, distance, findUnknownValues } from '../../lib/helm/values-check';
import { MIMIR_CLASSIC, SAMPLE_RELEASES, lokiValues } from '../fixtures/chart-values';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function release(props: Partial<ChartReleaseProps> & Pick<ChartReleaseProps, 'chart'>, id = 'rel') {
  const stack = testStack();
  const r = new ChartRelease(stack, id, { baseValues: {}, ...props });
  return { stack, release: r };
}

const loki = (props: Partial<ChartReleaseProps> = {}) =>
  release({ chart: 'loki', releaseName: 'logs', baseValues: lokiValues('SingleBinary'), ...props }, 'logs');

describe('the values check on every ChartRelease', () => {
  test.each(SAMPLE_RELEASES.map((r) => [r.id, r] as const))('a realistic %s release passes', (_, r) => {
    const { stack, release: rel } = release({ chart: r.chart, baseValues: r.values });
    expect(findUnknownValues(rel.pin, rel.values)).toEqual([]);
    expect(Object.keys(resourcesOf(synthJson(stack), 'helm_release'))).toHaveLength(1);
  });

  test('fails if an override has a typo, naming the release, the full path and the nearest key', () => {
    expect(() => release({ chart: 'mimir-distributed', releaseName: 'metrics', baseValues: MIMIR_CLASSIC, values: { ingestor: { replicas: 5 } } }, 'mimir'))
      .toThrow(/^ChartRelease 'test\/mimir' \(release 'metrics'\): values have 1 path\(s\) that mimir-distributed 6\.0\.6 does not have \(Helm would ignore them\): ingestor\.replicas: not a key of the chart \(did you mean ingester\.replicas\?/);
  });

  test("fails if Loki's renamed schema_config is used, suggesting schemaConfig", () => {
    expect(() => loki({ values: { loki: { schema_config: { configs: [] } } } })).toThrow(
      /ChartRelease 'test\/logs' \(release 'logs'\).*loki\.schema_config\.configs: not a key of the chart \(did you mean loki\.schemaConfig\?/,
    );
  });

  test('suggests the same key elsewhere when no sibling is close', () => {
    expect(() => loki({ values: { loki: { replicas: 3 } } })).toThrow(/loki\.replicas: not a key of the chart \(did you mean \S+\.replicas or \S+\.replicas/);
  });

  test('fails for keys in list items the chart describes, and for keys below a plain value', () => {
    const zones = [{ name: 'zone-a', nodeSelecter: { 'topology.kubernetes.io/zone': 'eu-west-1a' } }];
    expect(() => release({ chart: 'mimir-distributed', baseValues: MIMIR_CLASSIC, values: { ingester: { zoneAwareReplication: { zones } } } }))
      .toThrow(/ingester\.zoneAwareReplication\.zones\[0\]\.nodeSelecter: not a key of the chart \(did you mean ingester\.zoneAwareReplication\.zones\[0\]\.nodeSelector\?/);
    expect(() => loki({ values: { deploymentMode: { type: 'Distributed' } } })).toThrow(
      /deploymentMode\.type: deploymentMode is a plain value in the chart, it has no keys/,
    );
  });

  test('lists every unknown path in one error', () => {
    expect(() => loki({ values: { singelBinary: { replicas: 1 }, loki: { storage: { bucketname: 'x' } } } })).toThrow(
      /2 path\(s\).*loki\.storage\.bucketname: .*did you mean loki\.storage\.bucketNames\?\); singelBinary\.replicas: .*did you mean singleBinary\.replicas\?\)/,
    );
  });

  test("accepts Loki's loki.storage.bucketNames, documented only in a comment", () => {
    const { release: rel } = loki({ values: { loki: { storage: { bucketNames: { chunks: 'c', ruler: 'r' } } } } });
    expect((rel.values.loki as { storage: { bucketNames: unknown } }).storage.bucketNames).toEqual({ chunks: 'c', ruler: 'r' });
  });

  test('accepts anything below an open map', () => {
    expect(() => loki({ values: { loki: { structuredConfig: { any: { key: 1 } } }, singleBinary: { resources: { limits: { memory: '2Gi' } } } } })).not.toThrow();
  });
});

describe('allowUnknownValues', () => {
  const extra = { loki: { storage: { s3: { sse_custom: { mode: 'x' } } } } };
  const allow = (a: unknown) => a as AllowUnknownValue[];

  test('fails without the escape hatch', () => {
    expect(() => loki({ values: extra })).toThrow(/loki\.storage\.s3\.sse_custom\.mode: not a key of the chart/);
  });

  test('accepts the path and everything below it, and renders it', () => {
    const { stack } = loki({ values: extra, allowUnknownValues: [{ path: 'loki.storage.s3.sse_custom', reason: 'read by our forked storage template' }] });
    const rel = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
    expect(rel.values[0]).toContain('sse_custom:');
  });

  test('accepts a path deeper than the unknown key when it covers every leaf', () => {
    expect(() => loki({ values: extra, allowUnknownValues: [{ path: 'loki.storage.s3.sse_custom.mode', reason: 'read by our forked storage template' }] }))
      .not.toThrow();
  });

  test('needs an entry for every leaf of an unknown map, and does not warn about those entries', () => {
    const two = { loki: { storage: { s3: { sse_custom: { mode: 'x', key: 'y' } } } } };
    const entry = (leaf: string) => ({ path: `loki.storage.s3.sse_custom.${leaf}`, reason: 'read by our forked storage template' });
    expect(() => loki({ values: two, allowUnknownValues: [entry('mode')] })).toThrow(/loki\.storage\.s3\.sse_custom: not a key/);
    const { release: rel } = loki({ values: two, allowUnknownValues: [entry('mode'), entry('key')] });
    expect(rel.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('matches whole keys only: a prefix of a key name does not cover it', () => {
    expect(() => loki({ values: extra, allowUnknownValues: [{ path: 'loki.storage.s3.sse', reason: 'read by our forked storage template' }] }))
      .toThrow(/loki\.storage\.s3\.sse_custom\.mode: not a key/);
  });

  test('warns about an entry that matches nothing the chart lacks', () => {
    const { release: rel } = loki({ allowUnknownValues: [{ path: 'loki.auth_enabled', reason: 'kept from an older chart version' }] });
    const warnings = rel.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual(["allowUnknownValues entry 'loki.auth_enabled' matches no value the chart lacks; remove it"]);
  });

  test.each([
    [{ path: 'loki.x', reason: '' }, /allowUnknownValues\[0\]\.reason is "", but it must say why the chart reads loki\.x in at least 10 characters/],
    [{ path: 'loki.x', reason: '    \t   ' }, /allowUnknownValues\[0\]\.reason is "    \\t   "/],
    [{ path: 'loki.x', reason: 'needed' }, /reason is "needed", but it must say why/],
    [{ path: 'loki.x' }, /allowUnknownValues\[0\]\.reason is undefined/],
    [{ path: '', reason: 'read by the chart template' }, /allowUnknownValues\[0\]\.path is "", but it must be a dotted values path/],
    [{ path: 'loki..x', reason: 'read by the chart template' }, /path is "loki\.\.x"/],
  ])('fails if an entry is %p', (entry, message) => {
    expect(() => loki({ allowUnknownValues: allow([entry]) })).toThrow(new RegExp(`ChartRelease 'test/logs': .*${message.source}`));
  });

  test('fails if allowUnknownValues is not a list', () => {
    expect(() => loki({ allowUnknownValues: allow({ path: 'x', reason: 'read by the chart template' }) })).toThrow(/allowUnknownValues is \{.*\}, but it must be a list of \{ path, reason \}/);
  });

  test('skips a reason that is an unresolved token', () => {
    expect(() => loki({ values: extra, allowUnknownValues: [{ path: 'loki.storage.s3.sse_custom', reason: Token.asString({ Ref: 'r' }) }] })).not.toThrow();
  });
});

describe('chart versions', () => {
  test('fails for a chart version without an index, listing the indexed versions', () => {
    expect(() => findUnknownValues({ chart: 'loki', version: '18.12.0' }, {})).toThrow(
      /no values index for loki@18\.12\.0 \(pinned: loki@18\.11\.0\); indexed charts: .*loki@18\.11\.0/,
    );
  });

  test('fails in ChartRelease when the pinned version has no index, naming the release', () => {
    const replaced = jest.replaceProperty(CHARTS, 'loki', { ...CHARTS.loki, version: '18.12.0' });
    try {
      expect(() => loki()).toThrow(/^ChartRelease 'test\/logs' \(release 'logs'\): no values index for loki@18\.12\.0.*indexed charts: mimir-distributed@6\.0\.6, loki@18\.11\.0/);
    } finally {
      replaced.restore();
    }
  });
});

describe('distance', () => {
  test.each([
    ['ingester', 'ingestor', 1],
    ['replicas', 'replcias', 1],
    ['abc', 'abc', 0],
    ['', 'abc', 3],
  ])('%s -> %s is %d', (a, b, d) => expect(distance(a, b)).toBe(d));
});
