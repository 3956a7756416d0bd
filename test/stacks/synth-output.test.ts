import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { skipTokenStackTraces, synthAppConfig } from '../../bin/main';
import { Compliance } from '../../lib/compliance/compliance';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeApp, synthExitCode } from '../../stacks/synth-summary';
import { shippedSynth } from '../support/shipped-synth';
import { bareStack } from '../support/compliance';
import { REPO_ROOT } from '../support/paths';
import { withTokenStackTraces } from '../support/token-stack-traces';

// npm run synth leaves stack traces out and computes each stack's JSON once; what it writes for
// Terraform must not change by a byte from what cdktf itself writes.
const outdirs: string[] = [];

function tempOutdir(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-synth-output-'));
  outdirs.push(outdir);
  return outdir;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

// cdktf as it comes: App defaults (annotation stack traces), token stack traces, its own synthesizer
// (validations, then a second toTerraform for the file).
let traced: string;
// npm run synth: the same environments through bin/main's options and synthesizeApp, shared with other test files.
let untraced: string;

beforeAll(() => {
  traced = tempOutdir();
  withTokenStackTraces(() => {
    const app = new App({ outdir: traced });
    buildEnvironments(app, ENVIRONMENTS);
    app.synth();
  });
  const shipped = shippedSynth();
  expect(shipped.exitCode).toBe(0);
  untraced = shipped.outdir;
}, 120_000);

afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('npm run synth turns stack traces off unless debugging', () => {
  expect(synthAppConfig(false)).toEqual({ stackTraces: false });
  expect(synthAppConfig(true)).toEqual({ stackTraces: true });
});

test('token stack traces are skipped, while a real error keeps its message and frames', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tokenTraces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  withTokenStackTraces(() => {
    const restore = skipTokenStackTraces();
    try {
      expect(tokenTraces.captureStackTrace()).toEqual([]);
    } finally {
      restore();
    }
    expect(tokenTraces.captureStackTrace().length).toBeGreaterThan(0);
  });
  const restore = skipTokenStackTraces();
  try {
    const captured = { stack: '' };
    Error.captureStackTrace(captured);
    expect(captured.stack).toBe('');
    const error = new TypeError('broken');
    expect(error.stack).toMatch(/^TypeError: broken\n {4}at .*synth-output\.test\.ts/);
  } finally {
    restore();
  }
  const captured = { stack: '' };
  Error.captureStackTrace(captured);
  expect(captured.stack).not.toBe('');
});

test('every stack is written, with the same files, by cdktf and by npm run synth', () => {
  const stacks = filesUnder(path.join(traced, 'stacks'));
  expect(stacks.filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(ENVIRONMENTS.length * 2);
  expect(stacks.filter((f) => f.endsWith('compliance-report.json'))).toHaveLength(ENVIRONMENTS.length * 2);
  expect(filesUnder(path.join(untraced, 'stacks'))).toEqual(stacks);
});

test('every cdk.tf.json, asset and compliance report is byte for byte the same from npm run synth', () => {
  for (const file of filesUnder(path.join(traced, 'stacks'))) {
    const expected = fs.readFileSync(path.join(traced, 'stacks', file));
    const actual = fs.readFileSync(path.join(untraced, 'stacks', file));
    // Compared as text for a readable diff; the byte comparison is the one that must hold.
    expect({ file, text: actual.toString('utf8') }).toEqual({ file, text: expected.toString('utf8') });
    expect(actual.equals(expected)).toBe(true);
  }
});

// The one difference: each annotation of the manifest carries the stack trace of where it was added
// (absolute file paths, so it differs between machines anyway), or none.
function withoutStackTraces(manifest: string): unknown {
  return JSON.parse(manifest, (key, value) => (key === 'stacktrace' ? undefined : value));
}

test('the manifest differs only by the stack traces of its annotations', () => {
  const tracedManifest = fs.readFileSync(path.join(traced, 'manifest.json'), 'utf8');
  const untracedManifest = fs.readFileSync(path.join(untraced, 'manifest.json'), 'utf8');
  expect(tracedManifest).toMatch(/"stacktrace"/);
  expect(untracedManifest).not.toMatch(/"stacktrace"/);
  expect(untracedManifest).toMatch(/"annotations"/);
  expect(withoutStackTraces(untracedManifest)).toEqual(withoutStackTraces(tracedManifest));
});

describe('one toTerraform per stack', () => {
  // A stack with the compliance check and one resource, in a test app with a temporary outdir.
  function checkedStack(): TerraformStack {
    const stack = bareStack('checked');
    Compliance.of(stack);
    new S3Bucket(stack, 'bucket', { bucket: 'lgtm-test-bucket' });
    return stack;
  }

  test('npm run synth computes each stack\'s JSON once, for the compliance check and the file', () => {
    const spy = jest.spyOn(TerraformStack.prototype, 'toTerraform');
    try {
      const stack = checkedStack();
      const app = stack.node.root as App;
      const summary = synthesizeApp(app);
      expect(synthExitCode(summary)).toBe(0);
      expect(summary.stacks[0].compliance?.summary.checked).toBeGreaterThan(0);
      expect(spy).toHaveBeenCalledTimes(1);
      // Outside the synth the stack computes its JSON again, from its own method.
      expect(Object.prototype.hasOwnProperty.call(stack, 'toTerraform')).toBe(false);
      expect(Object.prototype.hasOwnProperty.call(stack, 'runAllValidations')).toBe(false);
      stack.toTerraform();
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  test('a JSON computed by an aspect is not reused: later aspects still change the file', () => {
    const stack = checkedStack();
    const app = stack.node.root as App;
    const peek: IAspect = { visit: (node: IConstruct) => { if (node === stack) stack.toTerraform(); } };
    const tag: IAspect = { visit: (node: IConstruct) => { if (node instanceof S3Bucket) node.addOverride('force_destroy', true); } };
    Aspects.of(stack).add(peek);
    Aspects.of(stack).add(tag);
    expect(synthExitCode(synthesizeApp(app))).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'checked', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_s3_bucket.bucket.force_destroy).toBe(true);
  });

  test('without validations the file is written from a JSON of its own', () => {
    const app = new App({ outdir: tempOutdir(), skipValidation: true });
    const other = new TerraformStack(app, 'plain');
    new S3Bucket(other, 'bucket', { bucket: 'lgtm-other-bucket' });
    expect(synthExitCode(synthesizeApp(app))).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'plain', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_s3_bucket.bucket.bucket).toBe('lgtm-other-bucket');
  });
});

test('archiver loads at its first use, not with cdktf, and archive assets are still written', () => {
  // In a process of its own: jest has its own module registry, npm run synth has Node's.
  const outdir = tempOutdir();
  const source = tempOutdir();
  fs.writeFileSync(path.join(source, 'values.yaml'), 'replicas: 1\n');
  const script = `
    const path = require('path');
    require('./bin/main').deferArchiver();
    const { App, AssetType, TerraformAsset, TerraformStack } = require('cdktf');
    const file = require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf'))] });
    const archiverModules = () => Object.keys(require.cache).filter((f) => f.includes(path.join('node_modules', 'archiver', ''))).length;
    const atImport = archiverModules();
    const app = new App({ outdir: ${JSON.stringify(outdir)} });
    const asset = new TerraformAsset(new TerraformStack(app, 'zipped'), 'chart', { path: ${JSON.stringify(source)}, type: AssetType.ARCHIVE });
    app.synth();
    const archive = require(file)('zip', {});
    console.log(JSON.stringify({ atImport, afterUse: archiverModules() > 1, archive: typeof archive.pipe, asset: asset.path }));`;
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const result = JSON.parse(run.stdout) as { atImport: number; afterUse: boolean; archive: string; asset: string };
  // Only the stand-in is in the module cache until archiver is called.
  expect(result).toEqual({ atImport: 1, afterUse: true, archive: 'function', asset: expect.stringMatching(/archive\.zip$/) });
  const zip = fs.readFileSync(path.join(outdir, 'stacks', 'zipped', result.asset));
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
});
