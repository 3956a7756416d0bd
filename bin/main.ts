import { App, AppConfig } from 'cdktf';
import { buildEnvironments } from '../stacks/app';
import { EnvironmentConfig } from '../stacks/environment-config';
import { ENVIRONMENTS } from '../stacks/environments';
import { runSynth, SynthOutput } from '../stacks/synth-summary';

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
 * What `npm run synth` does: synthesizes `environments` into cdktf.out (or CDKTF_OUTDIR), prints
 * the summary to `out` and returns the exit code. Without debug, source maps are turned off for this process:
 * cdktf captures a full stack trace for every token it creates, and tsx would map each frame.
 */
export function main(environments: readonly EnvironmentConfig[] = ENVIRONMENTS, env: NodeJS.ProcessEnv = process.env, out: SynthOutput = process.stdout): number {
  const debug = synthDebug(env);
  if (!debug) process.setSourceMapsEnabled(false);
  const app = new App(synthAppConfig(debug));
  // Prints what each stack wrote and every finding; exits 1 on any error (no stack trace for bad input).
  return runSynth(app, out, (a) => buildEnvironments(a, environments));
}

if (require.main === module) process.exitCode = main();
