import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { ChartName } from '../../lib/config/charts';
import { ChartRelease, ChartReleaseProps } from '../../lib/helm/chart-release';
import { HelmValues } from '../../lib/helm/values';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function build(props: Partial<ChartReleaseProps> = {}) {
  const stack = testStack();
  const release = new ChartRelease(stack, 'loki', { chart: 'loki', baseValues: { loki: { auth_enabled: true } }, ...props });
  return { stack, release };
}

describe('ChartRelease', () => {
  test('takes repository and version from the pinned chart table, with the release defaults', () => {
    const { stack } = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties({ tfResourceType: 'helm_release' }, {
      name: 'loki',
      repository: 'https://grafana-community.github.io/helm-charts',
      chart: 'loki',
      version: '18.11.0',
      namespace: 'lgtm',
      create_namespace: true,
      atomic: true,
      cleanup_on_fail: true,
      timeout: 900,
      max_history: 10,
    });
  });

  test('renders values to YAML with the user override merged last', () => {
    const { stack, release } = build({
      baseValues: { loki: { auth_enabled: true, commonConfig: { replication_factor: 3 } } },
      values: { loki: { commonConfig: { replication_factor: 1 } } },
    });
    const rel = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
    expect(rel.values).toHaveLength(1);
    const rendered = parse(rel.values[0]);
    expect(rendered).toEqual({ loki: { auth_enabled: true, commonConfig: { replication_factor: 1 } } });
    expect(release.values).toEqual(rendered);
  });

  test('exposes frozen values and leaves the props untouched', () => {
    const baseValues: HelmValues = { loki: { auth_enabled: true } };
    const { release } = build({ baseValues, values: { loki: { auth_enabled: false } } });
    expect(baseValues).toEqual({ loki: { auth_enabled: true } });
    expect(Object.isFrozen(release.values.loki)).toBe(true);
  });

  test('sets release options', () => {
    const { stack } = build({ releaseName: 'logs', namespace: 'obs', createNamespace: false, atomic: false, timeoutSeconds: 300, maxHistory: 3 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties({ tfResourceType: 'helm_release' }, {
      name: 'logs', namespace: 'obs', create_namespace: false, atomic: false, timeout: 300, max_history: 3,
    });
  });

  test('keeps Terraform tokens intact in long values lines', () => {
    const stack = testStack();
    const other = new ChartRelease(stack, 'a', { chart: 'alloy', baseValues: {} });
    const long = `${'x'.repeat(200)}-${other.release.name}`;
    new ChartRelease(stack, 'b', { chart: 'grafana', baseValues: { annotations: { ref: long } } });
    const rel = resourcesOf(synthJson(stack), 'helm_release');
    const b = Object.entries(rel).find(([k]) => k.startsWith('b_'))![1] as { values: string[] };
    expect(b.values[0]).toContain(`${'x'.repeat(200)}-\${helm_release.a_release_`);
  });

  test('fails if the chart is not pinned, naming the release and the pinned charts', () => {
    expect(() => build({ chart: 'cortex' as ChartName })).toThrow(
      /ChartRelease 'test\/loki': chart is 'cortex', but it is not in the pinned chart table; allowed: mimir-distributed, loki/,
    );
  });

  test('fails if the user override is not an object', () => {
    expect(() => build({ values: ['replicas: 3'] as unknown as HelmValues })).toThrow(
      /values is \["replicas: 3"\], but a values override must be an object of chart keys/,
    );
  });

  test.each([
    [{ releaseName: 'Loki' }, /releaseName is 'Loki'/],
    [{ releaseName: 'x'.repeat(54) }, /releaseName is 'x+', but it must be a lowercase DNS label of at most 53/],
    [{ namespace: 'obs_ns' }, /namespace is 'obs_ns'/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds is 0/],
    [{ maxHistory: -1 }, /maxHistory is -1/],
  ])('fails for %p', (props, message) => {
    expect(() => build(props as Partial<ChartReleaseProps>)).toThrow(message);
  });
});
