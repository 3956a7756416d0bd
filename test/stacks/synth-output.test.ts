import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppConfig } from 'cdktf';
import { skipTokenStackTraces, synthAppConfig } from '../../bin/main';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeApp, synthExitCode } from '../../stacks/synth-summary';

// npm run synth leaves stack traces out; what it writes for Terraform must not change by a byte.
const outdirs: string[] = [];

function synthInto(config: AppConfig): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-synth-output-'));
  outdirs.push(outdir);
  const summary = synthesizeApp(new App({ ...config, outdir }), (app) => buildEnvironments(app, ENVIRONMENTS));
  expect(synthExitCode(summary)).toBe(0);
  return outdir;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

let traced: string;
let untraced: string;

beforeAll(() => {
  traced = synthInto({});
  // As npm run synth does it: no annotation traces, no token traces.
  const restore = skipTokenStackTraces();
  try {
    untraced = synthInto(synthAppConfig(false));
  } finally {
    restore();
  }
}, 120_000);

afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('npm run synth turns stack traces off unless debugging', () => {
  expect(synthAppConfig(false)).toEqual({ stackTraces: false });
  expect(synthAppConfig(true)).toEqual({ stackTraces: true });
});

test('token stack traces are skipped, while a real error keeps its message and frames', () => {
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

test('every stack is written, with the same files, with and without stack traces', () => {
  const stacks = filesUnder(path.join(traced, 'stacks'));
  expect(stacks.filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(ENVIRONMENTS.length * 2);
  expect(filesUnder(path.join(untraced, 'stacks'))).toEqual(stacks);
});

test('every cdk.tf.json, metadata.json and compliance report is byte for byte the same without stack traces', () => {
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
