import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { KindCount, StackSummary, runSynth, summarizeApp, summarizeOutdir } from '../../stacks/synth-summary';

type Environment = (typeof ENVIRONMENTS)[number];
type Blocks = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, unknown>;
}

const outdirs: string[] = [];
function tempOutdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-summary-'));
  outdirs.push(dir);
  return dir;
}
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

// A stack folder as an earlier synth (or another app) left it.
function leaveStackFile(outdir: string, stack: string, json: StackJson): void {
  fs.mkdirSync(path.join(outdir, 'stacks', stack), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(json));
}

/** runSynth with its output captured. */
function run(app: App, build: (app: App) => unknown): { code: number; text: string } {
  let text = '';
  const code = runSynth(app, { write: (t: string) => { text += t; } }, build);
  return { code, text };
}

function readStack(outdir: string, stack: string): StackJson {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as StackJson;
}

function kinds(blocks: Blocks | undefined): KindCount[] {
  return Object.entries(blocks ?? {}).map(([type, byId]) => ({ type, count: Object.keys(byId).length })).sort((a, b) => a.type.localeCompare(b.type));
}

/** The printed block of one stack: from its header line to the blank line after it. */
function sectionOf(text: string, stack: string): string {
  const start = text.indexOf(`\n${stack}: `) + 1 || (text.startsWith(`${stack}: `) ? 0 : -1);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n\n', start));
}

const STACKS = ENVIRONMENTS.flatMap((e) => [`${e.name}-platform`, `${e.name}-observability`]);

// One synth of the shipped app, the way `npm run synth` runs it, into an outdir with a stale folder.
const outdir = tempOutdir();
leaveStackFile(outdir, 'gone-platform', { resource: { aws_s3_bucket: { old: {} } } });
const app = new App({ outdir });
const shipped = run(app, (a) => buildEnvironments(a, ENVIRONMENTS));
const summary = summarizeApp(app);
const stackOf = (name: string): StackSummary => summary.stacks.find((s) => s.name === name)!;

describe('npm run synth of the shipped environments', () => {
  test('writes every stack and exits 0', () => {
    expect(shipped.code).toBe(0);
    expect(summary.stacks.map((s) => [s.name, s.status])).toEqual(STACKS.map((s) => [s, 'written']));
    expect(shipped.text).toMatch(/\nsynth ok: 6 of 6 stacks written to .+, 0 errors\n$/);
    for (const stack of STACKS) expect(sectionOf(shipped.text, stack)).toContain(path.join('stacks', stack, 'cdk.tf.json'));
  });

  test('counts resources, data sources and outputs as the JSON has them', () => {
    for (const stack of STACKS) {
      const json = readStack(outdir, stack);
      const s = stackOf(stack);
      expect([stack, s.resources]).toEqual([stack, kinds(json.resource)]);
      expect([stack, s.resourceCount]).toEqual([stack, Object.values(json.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0)]);
      expect([stack, s.dataSources]).toEqual([stack, kinds(json.data)]);
      expect([stack, s.outputs]).toEqual([stack, Object.keys(json.output ?? {})]);
    }
    expect(stackOf('dev-platform').resourceCount).toBeGreaterThan(0);
  });

  test('prints each resource type with its count', () => {
    for (const stack of STACKS) {
      const printed = sectionOf(shipped.text, stack);
      expect(printed).toContain(`resources (${stackOf(stack).resourceCount}): `);
      for (const { type, count } of stackOf(stack).resources) expect(printed).toMatch(new RegExp(`[ :]${type} ${count}(,|\\n|$)`));
    }
  });

  test('lists every Helm release with its chart, version and namespace', () => {
    const releases = STACKS.flatMap((stack) => Object.entries(readStack(outdir, stack).resource?.helm_release ?? {}).map(([id, r]) => ({ stack, id, r })));
    expect(releases.length).toBeGreaterThan(0);
    for (const { stack, id, r } of releases) {
      expect(stackOf(stack).helmReleases).toContainEqual({
        address: `helm_release.${id}`, name: r.name, chart: r.chart, version: r.version, namespace: r.namespace ?? 'default',
      });
      // A ManifestRelease installs the chart shipped in the package, from the stack's assets.
      const chart = r.version === undefined ? `lgtm-manifests 1\\.0\\.0 \\(in the package\\)` : `${r.chart} ${r.version}`;
      expect(sectionOf(shipped.text, stack)).toMatch(new RegExp(`\\n    ${r.name} +${chart} +namespace ${r.namespace ?? 'default'}\\n`));
    }
  });

  test('prints the two compliance warnings of dev', () => {
    expect(stackOf('dev-platform').compliance?.findings.map((f) => [f.ruleId, f.level])).toEqual([['LGTM-RDS-3', 'warning'], ['LGTM-EKS-3', 'warning']]);
    const dev = sectionOf(shipped.text, 'dev-platform');
    expect(dev).toContain('compliance (warning mode): ');
    expect(dev).toMatch(/\n    warning LGTM-RDS-3 \(medium\) aws_db_instance\.\S+: backup_retention_period/);
    expect(dev).toMatch(/\n    warning LGTM-EKS-3 \(high\) aws_eks_cluster\.\S+: /);
    // Each finding is also a cdktf warning; it is printed once, from the report.
    expect(dev.match(/LGTM-RDS-3/g)).toHaveLength(1);
    expect(stackOf('dev-platform').warnings.filter((w) => w.includes('LGTM-'))).toEqual([]);
  });

  test('prod has zero compliance findings', () => {
    for (const stack of ['prod-platform', 'prod-observability']) {
      const report = stackOf(stack).compliance;
      expect([stack, report?.mode, report?.findings, report?.summary.checked ? 'checked' : 'nothing checked']).toEqual([stack, 'error', [], 'checked']);
      expect(sectionOf(shipped.text, stack)).toContain('compliance (error mode, production): ');
      expect(sectionOf(shipped.text, stack)).not.toMatch(/ERROR|warning LGTM-/);
    }
  });

  test('reads the same summary from the outdir and its manifest', () => {
    // The manifest lists stacks by name, not in synth order.
    const byName = [...summary.stacks].sort((a, b) => a.name.localeCompare(b.name));
    expect(summarizeOutdir(outdir)).toEqual({ ...summary, stacks: byName });
  });

  test('reports only the stacks of this app, not folders of an earlier synth', () => {
    expect(summary.stacks.map((s) => s.name)).not.toContain('gone-platform');
    expect(summary.staleStacks).toEqual(['gone-platform']);
    expect(shipped.text).not.toMatch(/^gone-platform:/m);
    expect(shipped.text).toMatch(/note: .* also holds gone-platform from an earlier synth/);
  });
});

describe('npm run synth that fails', () => {
  const prod = ENVIRONMENTS.find((e) => e.production)!;

  test('fails with exit code 1 on compliance errors in production, naming rule, resource and path', () => {
    const out = tempOutdir();
    // A cdk.tf.json of an earlier synth must not be counted as written now.
    leaveStackFile(out, 'bad-platform', { resource: { aws_instance: { old: {} } } });
    const { code, text } = run(new App({ outdir: out }), (a) => {
      const [stacks] = buildEnvironments(a, [{ ...prod, name: 'bad' }]);
      new S3Bucket(stacks.platform, 'rogue', { bucket: 'rogue-bucket' });
    });
    expect(code).toBe(1);
    const platform = sectionOf(text, 'bad-platform');
    expect(platform).toMatch(/^bad-platform: FAILED/);
    expect(platform).toContain('compliance (error mode, production): ');
    expect(platform).toMatch(/\n    ERROR LGTM-S3-1 \(high\) aws_s3_bucket\.rogue: no aws_s3_bucket_public_access_block\n      at bad-platform\/rogue; /);
    expect(platform).not.toContain('aws_instance');
    // Each finding is also a validation error; it is printed once, from the report.
    expect(platform.match(/LGTM-S3-1/g)).toHaveLength(1);
    expect(platform).not.toContain('errors (');
    expect(sectionOf(text, 'bad-observability')).toMatch(/^bad-observability: \S+cdk\.tf\.json\n/);
    expect(text).toMatch(/\nsynth FAILED: 1 of 2 stacks written .*; not written: bad-platform\n$/);
    // As with app.synth(), a failed synth writes no manifest.
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(false);
  });

  test('prints validation errors as messages, without cdktf\'s advice to skip validation or a stack trace', () => {
    const { code, text } = run(new App({ outdir: tempOutdir() }), (a) => {
      const [stacks] = buildEnvironments(a, [{ ...prod, name: 'bad' }]);
      stacks.observability.node.addValidation({ validate: () => ['replicas is 2, but it must be at least 3'] });
    });
    expect(code).toBe(1);
    expect(sectionOf(text, 'bad-observability')).toMatch(/^bad-observability: FAILED.*\n(.*\n)*  errors \(1\):\n    \[bad-observability\] replicas is 2, but it must be at least 3$/);
    expect(text).not.toContain('skipValidation');
    expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  test('fails with exit code 1 on an invalid environment, printing its message only', () => {
    const bad: Environment = { ...ENVIRONMENTS[0], name: 'bad', region: 'mars-1' };
    const { code, text } = run(new App({ outdir: tempOutdir() }), (a) => buildEnvironments(a, [bad]));
    expect(code).toBe(1);
    expect(text).toMatch(/^error \(nothing was synthesized\):\n  .*'bad'(.*\n)*.*region is 'mars-1'/);
    expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(text).toMatch(/\nsynth FAILED: nothing was synthesized; 1 error\n$/);
  });

  test('fails with exit code 1 on an app-level validation error', () => {
    const { code, text } = run(new App({ outdir: tempOutdir() }), (a) => a.node.addValidation({ validate: () => ['the app needs a stack'] }));
    expect(code).toBe(1);
    expect(text).toMatch(/^error \(nothing was synthesized\):\n  the app needs a stack\n/);
  });

  test('never shows the compliance report of an earlier synth', () => {
    const out = tempOutdir();
    fs.mkdirSync(path.join(out, 'stacks', 'plain'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'plain', 'compliance-report.json'), JSON.stringify({ mode: 'error', findings: [{ ruleId: 'LGTM-S3-1' }] }));
    const { code, text } = run(new App({ outdir: out }), (a) => new TerraformStack(a, 'plain'));
    expect([code, text]).toEqual([0, expect.not.stringContaining('compliance')]);
  });

  test('prints the stack trace of a programming error', () => {
    const { code, text } = run(new App({ outdir: tempOutdir() }), () => JSON.parse('{'));
    expect(code).toBe(1);
    expect(text).toMatch(/SyntaxError: .*\n\s+at /);
  });
});
