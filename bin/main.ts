import Module from 'module';
import * as path from 'path';
// Types only: main() loads cdktf and the app itself, after deferArchiver().
import type { AppConfig } from 'cdktf';
import type { EnvironmentConfig } from '../stacks/environment-config';
import type { SynthOutput } from '../stacks/synth-summary';

/** The environment variable that turns stack traces (and source maps) back on for a synth. */
export const SYNTH_DEBUG_ENV = 'LGTM_SYNTH_DEBUG';

/** Whether `env` asks for a synth with stack traces: `LGTM_SYNTH_DEBUG=1` (or `true`). */
export function synthDebug(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true'].includes((env[SYNTH_DEBUG_ENV] ?? '').toLowerCase());
}

/**
 * The App options of `npm run synth`: no stack trace in the metadata of each annotation (nobody
 * reads it; the summary names the construct path) unless `debug`. The Terraform JSON is the same.
 */
export function synthAppConfig(debug: boolean): AppConfig {
  return { stackTraces: debug };
}

/**
 * What `npm run synth` does: synthesizes `environments` (default: the shipped ones) into cdktf.out
 * (or CDKTF_OUTDIR), prints the summary to `out` and returns the exit code. Without debug, source
 * maps are turned off for this process: cdktf captures a full stack trace for every token it
 * creates, and tsx would map each frame.
 */
export function main(environments?: readonly EnvironmentConfig[], env: NodeJS.ProcessEnv = process.env, out: SynthOutput = process.stdout): number {
  const debug = synthDebug(env);
  if (!debug) {
    process.setSourceMapsEnabled(false);
    skipTokenStackTraces();
  }
  deferArchiver();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdktf') as typeof import('cdktf');
  const { buildEnvironments } = require('../stacks/app') as typeof import('../stacks/app');
  const { ENVIRONMENTS } = require('../stacks/environments') as typeof import('../stacks/environments');
  const { runSynth } = require('../stacks/synth-summary') as typeof import('../stacks/synth-summary');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = new App(synthAppConfig(debug));
  // Prints what each stack wrote and every finding; exits 1 on any error (no stack trace for bad input).
  return runSynth(app, out, (a) => buildEnvironments(a, environments ?? ENVIRONMENTS));
}

/**
 * cdktf loads archiver (it zips TerraformAsset archives) with its first import: 40-70 ms of every
 * synth's start, for an app without an archive asset. This puts a stand-in at archiver's place in
 * Node's module cache that loads the real one at its first call, the only use cdktf makes of it
 * (`archiver('zip', options)`). A no-op once archiver is loaded; call it before cdktf is.
 */
export function deferArchiver(): void {
  const file = require.resolve('archiver', { paths: [path.dirname(require.resolve('cdktf'))] });
  if (require.cache[file]) return;
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = (...args: unknown[]): unknown => {
    if (require.cache[file] === standIn) delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(file) as (...a: unknown[]) => unknown)(...args);
  };
  require.cache[file] = standIn;
}

/**
 * cdktf records a full stack trace (no frame limit) into a plain object for every token it creates,
 * only to show it in an error about that token. Formatting those traces costs a fifth of a large
 * synth's time and half its memory (30x the environments: 22 s / 443 MB -> 17 s / 230 MB), capturing
 * them another 20 ms per environment; this skips both (tokens get the empty trace), while real
 * errors keep their stack. Returns the undo.
 * `LGTM_SYNTH_DEBUG=1` keeps cdktf's traces.
 */
export function skipTokenStackTraces(): () => void {
  // cdktf's tokens call this module's function through its exports, so replacing it there skips V8's
  // capture of the frames too; the trace it returns is the empty one the hook below would give it.
  const traces = tokenTraces();
  const capture = traces.captureStackTrace;
  traces.captureStackTrace = () => [];
  const format = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    if (!(error instanceof Error)) return '';
    if (format) return format(error, frames);
    const head = error.message ? `${error.name}: ${error.message}` : error.name;
    return [head, ...frames.map((f) => `    at ${f.toString()}`)].join('\n');
  };
  return () => {
    Error.prepareStackTrace = format;
    traces.captureStackTrace = capture;
  };
}

// The module every cdktf token records its creation stack with (Intrinsic, Lazy, complex lists).
function tokenTraces(): { captureStackTrace: (below?: unknown) => string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: (below?: unknown) => string[] };
}

if (require.main === module) process.exitCode = main();
