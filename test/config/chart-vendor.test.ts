import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseVendorArgs, vendorChart } from '../../scripts/chart-vendor';
import { ARRIVALS_ENV, VENDORED_CHARTS } from '../support/paths';

const LBC = 'aws-load-balancer-controller-3.5.0';
let tmp: string;
let arrivals: string;
let target: string;

/** A release in the arrivals folder: the given files, and a templates/ folder that is never vendored. */
function arrive(release: string, files: Record<string, string>): void {
  const dir = path.join(arrivals, release);
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'templates', 'deployment.yaml'), 'kind: Deployment\n');
  for (const [f, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), body);
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-vendor-test-'));
  arrivals = path.join(tmp, 'arrivals');
  target = path.join(tmp, 'charts');
  fs.mkdirSync(arrivals);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('vendorChart', () => {
  test("copies a release's own files byte for byte, and nothing else", () => {
    const values = '# comment kept\nreplicaCount: 2\n\u00a0# odd bytes stay\n';
    arrive('demo-1.2.3', { 'Chart.yaml': 'name: demo\nversion: 1.2.3\n', 'values.yaml': values, 'iam_policy.json': '{}\n', 'README.md': 'x' });
    const done = vendorChart(arrivals, 'demo-1.2.3', target);
    expect(done).toEqual({ release: 'demo-1.2.3', dir: path.join(target, 'demo-1.2.3'), files: ['Chart.yaml', 'values.yaml', 'iam_policy.json'], skipped: ['README.md', 'templates'] });
    expect(fs.readdirSync(done.dir).sort()).toEqual(['Chart.yaml', 'iam_policy.json', 'values.yaml']);
    expect(fs.readFileSync(path.join(done.dir, 'values.yaml'), 'utf8')).toBe(values);
  });

  test('round trip: vendoring a vendored release gives the same bytes', () => {
    const done = vendorChart(VENDORED_CHARTS, LBC, target);
    expect(done.files).toEqual(['Chart.yaml', 'values.yaml', 'iam_policy.json']);
    for (const f of done.files) expect(fs.readFileSync(path.join(done.dir, f)).equals(fs.readFileSync(path.join(VENDORED_CHARTS, LBC, f)))).toBe(true);
  });

  test('replaces the folder of a release vendored before, dropping files it no longer has', () => {
    arrive('demo-1.2.3', { 'Chart.yaml': 'name: demo\nversion: 1.2.3\n', 'values.yaml': 'a: 1\n' });
    fs.mkdirSync(path.join(target, 'demo-1.2.3'), { recursive: true });
    fs.writeFileSync(path.join(target, 'demo-1.2.3', 'values.schema.json'), '{}');
    vendorChart(arrivals, 'demo-1.2.3', target);
    expect(fs.readdirSync(path.join(target, 'demo-1.2.3')).sort()).toEqual(['Chart.yaml', 'values.yaml']);
  });

  test('fails when the name is not <chart>-<version>', () => {
    expect(() => vendorChart(arrivals, 'loki', target)).toThrow("release is 'loki', but it must be <chart>-<version> such as loki-18.11.0");
  });

  test('fails when the release is not there, listing the releases that are', () => {
    arrive('demo-1.2.3', { 'Chart.yaml': 'name: demo\nversion: 1.2.3\n', 'values.yaml': 'a: 1\n' });
    expect(() => vendorChart(arrivals, 'demo-2.0.0', target)).toThrow(`release 'demo-2.0.0' is not in '${arrivals}'; releases there: demo-1.2.3`);
  });

  test('fails when values.yaml is missing', () => {
    arrive('demo-1.2.3', { 'Chart.yaml': 'name: demo\nversion: 1.2.3\n' });
    expect(() => vendorChart(arrivals, 'demo-1.2.3', target)).toThrow(/release 'demo-1\.2\.3' in '.*' has no values\.yaml; a chart release needs Chart\.yaml and values\.yaml/);
  });

  test("fails when its Chart.yaml is another chart's or version's", () => {
    arrive('demo-1.2.3', { 'Chart.yaml': 'name: demo\nversion: 1.2.4\n', 'values.yaml': 'a: 1\n' });
    expect(() => vendorChart(arrivals, 'demo-1.2.3', target)).toThrow(
      "release 'demo-1.2.3': its Chart.yaml has name 'demo' and version '1.2.4', but the folder name needs name 'demo' and version '1.2.3'",
    );
  });

  test('fails when asked to copy the vendored folder onto itself', () => {
    expect(() => vendorChart(VENDORED_CHARTS, LBC)).toThrow(/the vendored charts folder itself/);
    expect(fs.existsSync(path.join(VENDORED_CHARTS, LBC, 'Chart.yaml'))).toBe(true);
  });
});

describe('parseVendorArgs', () => {
  test('the folder first, then the releases', () => {
    expect(parseVendorArgs([arrivals, 'loki-18.11.0', 'aws-load-balancer-controller-3.5.0'], {})).toEqual({
      fromDir: arrivals,
      releases: ['loki-18.11.0', 'aws-load-balancer-controller-3.5.0'],
    });
  });

  test(`the folder from ${ARRIVALS_ENV} when the first argument is a release`, () => {
    expect(parseVendorArgs(['loki-18.11.0'], { [ARRIVALS_ENV]: arrivals })).toEqual({ fromDir: arrivals, releases: ['loki-18.11.0'] });
  });

  test.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['nothing is given', [], {}, /^no arguments; usage: npm run charts:vendor -- <folder where new chart versions arrive> <chart>-<version>\.\.\./],
    ['there is no folder and no LGTM_SHARED_CHARTS', ['loki-18.11.0'], {}, /folder is not given: 'loki-18\.11\.0' is a chart release, and LGTM_SHARED_CHARTS is not set/],
    ['LGTM_SHARED_CHARTS is empty', ['loki-18.11.0'], { [ARRIVALS_ENV]: '' }, /LGTM_SHARED_CHARTS is not set/],
    ['the folder does not exist', ['/nonexistent/arrivals', 'loki-18.11.0'], {}, /folder is '\/nonexistent\/arrivals', but it is not a directory/],
  ])('fails when %s', (_, args, env, message) => {
    expect(() => parseVendorArgs(args, env)).toThrow(message);
  });

  test('fails when no release follows the folder', () => {
    expect(() => parseVendorArgs([arrivals], {})).toThrow(`no chart release given after the folder '${arrivals}'`);
  });
});
