import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { MANIFESTS_CHART, ManifestRelease, ManifestReleaseProps } from '../../lib/helm/manifest-release';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'lgtm' }, data: { a: 'b' } };

function build(over: Partial<ManifestReleaseProps> = {}) {
  const stack = testStack();
  const release = new ManifestRelease(stack, 'objects', { releaseName: 'lgtm-objects', namespace: 'lgtm', objects: [CONFIG_MAP], ...over });
  return { stack, release };
}

describe('ManifestRelease', () => {
  test('a helm_release of the chart shipped in the package, by a path relative to the stack, with the objects as values', () => {
    const { stack } = build();
    const [r] = Object.values(resourcesOf(synthJson(stack), 'helm_release'));
    expect(r.chart).toMatch(/^assets\/objects_chart_[0-9A-F]+\/[0-9A-F]+$/);
    expect(r).toMatchObject({ name: 'lgtm-objects', namespace: 'lgtm', atomic: true, create_namespace: true });
    expect(r.repository).toBeUndefined();
    expect(parse((r.values as string[])[0])).toEqual({ objects: [CONFIG_MAP] });
  });

  test('the shipped chart renders each object as its own document, and its version is the one the code names', () => {
    const dir = path.join(__dirname, '../../lib/helm/manifests-chart');
    const chart = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'));
    expect(chart).toMatchObject({ apiVersion: 'v2', name: MANIFESTS_CHART.name, version: MANIFESTS_CHART.version });
    expect(fs.readFileSync(path.join(dir, 'templates', 'objects.yaml'), 'utf8')).toBe('{{- range .Values.objects }}\n---\n{{ toYaml . }}\n{{- end }}\n');
  });

  test('the objects are copied and frozen: changing the input later changes nothing', () => {
    const input = { ...CONFIG_MAP, data: { a: 'b' } };
    const { release } = build({ objects: [input] });
    input.data.a = 'changed';
    expect((release.objects[0].data as Record<string, string>).a).toBe('b');
    expect(Object.isFrozen(release.objects[0])).toBe(true);
  });

  test.each<[string, Partial<ManifestReleaseProps>, RegExp]>([
    ['an object without a kind', { objects: [{ apiVersion: 'v1', metadata: { name: 'x' } }] }, /objects\[0\]\.kind is undefined, but it must be a Kubernetes kind/],
    ['an object without a name', { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }] }, /objects\[0\]\.metadata\.name is undefined/],
    ['the same object twice', { objects: [CONFIG_MAP, CONFIG_MAP] }, /objects\[1\] is ConfigMap\/lgtm\/one again/],
    ['a bad release name', { releaseName: 'Objects' }, /releaseName is 'Objects', but it must be a lowercase DNS label/],
    ['a timeout of 0', { timeoutSeconds: 0 }, /timeoutSeconds is 0, but it must be a positive integer/],
  ])('fails on %s, naming the construct', (_n, over, message) => {
    expect(() => build(over)).toThrow(/^ManifestRelease 'test\/objects': /);
    expect(() => build(over)).toThrow(message);
  });
});
