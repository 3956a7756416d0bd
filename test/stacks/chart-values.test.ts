import { ManifestRelease } from '../../lib/helm/manifest-release';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ChartRelease } from '../../lib/helm/chart-release';
import { findUnknownValues } from '../../lib/helm/values-check';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { SAMPLE_RELEASES } from '../fixtures/chart-values';
import { lokiSchemaErrors } from '../support/loki-schema';
import { shippedSynth } from '../support/shipped-synth';
import { chartReleasesOf } from '../support/releases';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

/** Every finding of the values checks on one release: unknown paths, and Loki schema errors. */
function problems(release: ChartRelease): string[] {
  const unknown = findUnknownValues(release.pin, release.values, release.allowUnknownValues).map((u) => `unknown ${u.path}`);
  const schema = release.pin.chart === 'loki' ? lokiSchemaErrors(release.values).map((e) => `schema ${e.instancePath} ${e.message}`) : [];
  return [...unknown, ...schema];
}

const app = Testing.app();
const environments = buildEnvironments(app, ENVIRONMENTS);
const stacks: TerraformStack[] = environments.flatMap((e) => [e.platform, e.observability]);

describe('every Helm release of every environment', () => {
  test('passes the chart key index and, for Loki, the chart schema', () => {
    const found = stacks.flatMap((stack) => chartReleasesOf(stack).map((r) => ({ at: r.node.path, problems: problems(r) })));
    expect(found.filter((f) => f.problems.length > 0)).toEqual([]);
  });

  test.each(stacks.map((s) => [s.node.id, s] as const))('the walk finds every helm_release of %s', (_, stack) => {
    // A helm_release not built by a ChartRelease would escape the checks: there must be none, but
    // for the ManifestReleases, whose chart (shipped in the package) renders the objects as given.
    // The JSON is npm run synth's of the same environments (shared by the worker's test files).
    const helmReleases = Object.keys(resourcesOf(shippedSynth().stack(stack.node.id), 'helm_release')).length;
    const manifestReleases = stack.node.findAll().filter((c) => c instanceof ManifestRelease).length;
    expect(chartReleasesOf(stack).length + manifestReleases).toBe(helmReleases);
  });
});

describe('the walk itself, on a fixture stack', () => {
  const stack = testStack('fixture');
  const nested = new Construct(stack, 'collector');
  for (const r of SAMPLE_RELEASES) {
    new ChartRelease(r.chart === 'alloy' ? nested : stack, r.id, { chart: r.chart, releaseName: r.id, baseValues: r.values });
  }

  test('finds each release, nested or not, and every one passes', () => {
    const releases = chartReleasesOf(stack.node.scope!);
    expect(releases.map((r) => r.releaseName).sort()).toEqual(SAMPLE_RELEASES.map((r) => r.id).sort());
    expect(releases.find((r) => r.pin.chart === 'alloy')!.node.path).toBe('fixture/collector/alloy');
    expect(releases.flatMap(problems)).toEqual([]);
    expect(Object.keys(resourcesOf(synthJson(stack), 'helm_release'))).toHaveLength(SAMPLE_RELEASES.length);
  });

  test('reports a release whose values went wrong after construction (a frozen handle cannot)', () => {
    const release = chartReleasesOf(stack).find((r) => r.pin.chart === 'loki')!;
    expect(Object.isFrozen(release.values)).toBe(true);
    const tampered = { ...release, values: { ...release.values, lokii: {} } } as unknown as ChartRelease;
    expect(problems(tampered)).toEqual(['unknown lokii']);
  });
});
