/**
 * The synth `npm run bench` times: `npm run synth` (bin/main.ts, same options) on LGTM_BENCH_SCALE
 * copies of the shipped environments (default 1: the app as shipped). Loaded by scripts/measure.js
 * in a fresh process; prints the summary (to stderr) only when the synth fails, and sets the exit code.
 */
import { main } from '../bin/main';
import { ENVIRONMENTS } from '../stacks/environments';
import { scaleEnvironments } from './bench-args';

const scale = Number(process.env.LGTM_BENCH_SCALE ?? 1);
const environments = scale === 1 ? ENVIRONMENTS : scaleEnvironments(ENVIRONMENTS, scale);
let summary = '';
// measure.js prints its JSON on stdout; the summary of 90 environments would only be noise.
process.exitCode = main(environments, process.env, { write: (text: string) => { summary += text; } });
if (process.exitCode !== 0) process.stderr.write(summary);
