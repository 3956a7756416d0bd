import { AlloyComponentName } from '../../lib/collector/alloy-components';
import { AlloyConfig, block, call, concat, constant, raw, ref } from '../../lib/collector/alloy-config';
import { attribute, blocksOf, componentsOf, parseAlloy, plainBody } from './support/alloy-parser';

/** A small configuration with every kind of value, nesting and reference. */
function sample(): AlloyConfig {
  const config = new AlloyConfig({ header: 'a header\nof two lines' });
  const write = config.add('prometheus.remote_write', 'team_a', {
    endpoint: block({ url: 'http://mimir/api/v1/push', headers: { 'X-Scope-OrgID': 'team-a' } }),
    external_labels: { cluster: 'c1' },
  }, { comment: 'Metrics of team-a.' });
  const relabel = config.add('prometheus.relabel', 'team_a', {
    forward_to: [ref(write, 'receiver')],
    rule: [
      block({ source_labels: ['namespace'], regex: raw('shop|cart'), action: 'keep' }),
      block({ source_labels: ['__address__', 'port'], regex: raw('(.+?)(?::\\d+)?;(\\d+)'), replacement: '$1:$2', target_label: '__address__' }),
    ],
  });
  config.add('discovery.kubernetes', 'pods', {
    role: 'pod',
    selectors: block({ role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'K8S_NODE_NAME')) }),
    host: constant('hostname'),
  });
  config.add('prometheus.scrape', 'pods', {
    targets: [{ __address__: 'a:1', job: 'x' }, { __address__: 'b:2', job: 'a rather long job name to force one item per line' }],
    forward_to: [relabel.ref('receiver')],
    scrape_interval: '60s',
    enable_http2: false,
    sample_limit: 1000,
    params: null,
    honor_labels: undefined,
    'stage.cri': block(),
  });
  return config;
}

describe('AlloyConfig', () => {
  const text = sample().render();
  const doc = parseAlloy(text);

  test('renders what the parser reads back, component by component', () => {
    expect(componentsOf(doc).map((c) => `${c.name}.${c.label}`)).toEqual([
      'prometheus.remote_write.team_a', 'prometheus.relabel.team_a', 'discovery.kubernetes.pods', 'prometheus.scrape.pods',
    ]);
  });

  test('nests blocks and keeps repeated blocks in order', () => {
    const [write, relabel, discovery, scrape] = componentsOf(doc);
    expect(plainBody(write.body)).toEqual({
      endpoint: [{ url: 'http://mimir/api/v1/push', headers: { 'X-Scope-OrgID': 'team-a' } }],
      external_labels: { cluster: 'c1' },
    });
    expect(blocksOf(relabel.body, 'rule').map(plainBody)).toEqual([
      { source_labels: ['namespace'], regex: 'shop|cart', action: 'keep' },
      { source_labels: ['__address__', 'port'], regex: '(.+?)(?::\\d+)?;(\\d+)', replacement: '$1:$2', target_label: '__address__' },
    ]);
    expect(plainBody(discovery.body)).toEqual({
      role: 'pod',
      selectors: [{ role: 'pod', field: { op: '+', left: 'spec.nodeName=', right: { call: 'sys.env', args: ['K8S_NODE_NAME'] } } }],
      host: { ref: 'constants.hostname' },
    });
    expect(plainBody(scrape.body)).toEqual({
      targets: [{ __address__: 'a:1', job: 'x' }, { __address__: 'b:2', job: 'a rather long job name to force one item per line' }],
      forward_to: [{ ref: 'prometheus.relabel.team_a.receiver' }],
      scrape_interval: '60s',
      enable_http2: false,
      sample_limit: 1000,
      params: null,
      'stage.cri': [{}],
    });
  });

  test('renders references as <name>.<label>.<export>', () => {
    expect(text).toContain('forward_to = [prometheus.remote_write.team_a.receiver]');
    expect(attribute(componentsOf(doc)[1].body, 'forward_to')).toEqual({ kind: 'array', items: [{ kind: 'ident', path: 'prometheus.remote_write.team_a.receiver' }] });
  });

  test('writes one attribute per line, aligned, and a trailing comma after the last item of a multi-line list', () => {
    expect(text).toContain('    url     = "http://mimir/api/v1/push"\n    headers = { "X-Scope-OrgID" = "team-a" }\n');
    expect(text).toContain([
      '  targets         = [',
      '    { __address__ = "a:1", job = "x" },',
      '    {',
      '      __address__ = "b:2",',
      '      job = "a rather long job name to force one item per line",',
      '    },',
      '  ]',
    ].join('\n'));
    expect(text).toContain('regex         = `shop|cart`');
    expect(text).toContain('stage.cri {}');
    expect(text).not.toContain('honor_labels');
  });

  test('writes the header and comments as // lines', () => {
    expect(text.startsWith('// a header\n// of two lines\n\n// Metrics of team-a.\nprometheus.remote_write "team_a" {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  test('the parser refuses a multi-line list without its trailing comma, as Alloy does', () => {
    expect(() => parseAlloy('x = [\n  1,\n  2\n]\n')).toThrow(/missing ','/);
    expect(() => parseAlloy('x = {\n  a = 1\n}\n')).toThrow(/missing ','/);
    expect(() => parseAlloy('c "team-a" {\n}\n')).toThrow(/valid identifier/);
    expect(() => parseAlloy('x = "\\S"\n')).toThrow(/unknown escape/);
    expect(() => parseAlloy('a = 1 b = 2\n')).toThrow(/newline after a statement/);
    expect(() => parseAlloy('b {\n')).toThrow(/missing \}/);
  });

  describe('fails if', () => {
    test('the component is not one of Alloy 1.18', () => {
      expect(() => new AlloyConfig().add('prometheus.remote_writ' as AlloyComponentName, 'x', {})).toThrow(/not a component of Alloy v1.18.1/);
    });

    test('the label is not an identifier', () => {
      expect(() => new AlloyConfig().add('loki.write', 'team-a', {})).toThrow(/label "team-a" is not an Alloy identifier/);
      expect(() => new AlloyConfig().add('loki.write', 'null', {})).toThrow(/not an Alloy identifier/);
    });

    test('the same component is added twice', () => {
      const config = new AlloyConfig();
      config.add('loki.write', 'a', {});
      expect(() => config.add('loki.write', 'a', {})).toThrow(/loki.write.a is defined twice/);
    });

    test('a reference points at a component of another configuration', () => {
      const other = new AlloyConfig().add('loki.write', 'elsewhere', {});
      expect(() => new AlloyConfig().add('loki.relabel', 'x', { forward_to: [ref(other, 'receiver')] })).toThrow(/loki.write.elsewhere is not in this configuration/);
    });

    test('an attribute or block name is not an identifier', () => {
      expect(() => new AlloyConfig().add('loki.write', 'a', { 'bad-name': 1 })).toThrow(/attribute name "bad-name"/);
      expect(() => new AlloyConfig().add('loki.write', 'a', { 'stage.': block() })).toThrow(/block name "stage."/);
    });

    test('a value cannot be written', () => {
      expect(() => new AlloyConfig().add('loki.write', 'a', { x: Number.NaN })).toThrow(/loki.write.a: x: NaN cannot be an Alloy number/);
      expect(() => new AlloyConfig().add('loki.write', 'a', { x: { 'a"b': 1 } })).toThrow(/object key/);
      expect(() => new AlloyConfig().add('loki.write', 'a', { x: [block(), 1] as never })).toThrow(/mixes blocks and values/);
      expect(() => ref(new AlloyConfig().add('loki.write', 'a', {}), 'bad-export')).toThrow(/export "bad-export"/);
    });

    test('a comment holds a template opening', () => {
      expect(() => new AlloyConfig({ header: '{{ x }}' })).toThrow(/header/);
      expect(() => new AlloyConfig().add('loki.write', 'a', {}, { comment: 'costs ${x}' })).toThrow(/comment/);
    });
  });
});
