/**
 * npm run bench: times a full synth of every environment (compiled app, fresh process per run)
 * and compares it with loading @cdktf/provider-aws from its package root, the cost deep imports
 * avoid; and times the Helm values check (index loading plus the check of one realistic release
 * per chart, per environment) against that synth. Prints medians and peak memory; exits 1 when a
 * target is missed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SAMPLE_RELEASES } from '../test/fixtures/chart-values';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MAX_SYNTH_MIB = 200;
const MAX_SYNTH_RATIO = 0.5;
const MAX_CHECK_SHARE = 0.1;
const CHECK_ROUNDS = Number(process.env.BENCH_CHECK_ROUNDS ?? 200);

interface Sample { ms: number; maxRssMiB: number }

function measure(target: string, env: NodeJS.ProcessEnv = {}): Sample {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/measure.js'), target], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function bench(name: string, target: string, env?: NodeJS.ProcessEnv) {
  measure(target, env); // warm the file cache
  const samples = Array.from({ length: RUNS }, () => measure(target, env));
  return { name, ms: median(samples.map((s) => s.ms)), maxRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)) };
}

// Inside the repository, so the compiled app resolves node_modules.
const dist = path.join(ROOT, 'dist', 'bench');
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', dist], {
  cwd: ROOT,
  stdio: 'inherit',
});
const outdir = path.join(dist, 'cdktf.out');

const synth = bench('synth every environment', path.join(dist, 'bin/main.js'), { CDKTF_OUTDIR: outdir });
const stacks = fs.readdirSync(path.join(outdir, 'stacks')).length;
const baseline = bench('require @cdktf/provider-aws (root)', '@cdktf/provider-aws');

// The values check, in fresh processes on the compiled library (which must carry the JSON index).
const samplesFile = path.join(dist, 'values-samples.json');
fs.writeFileSync(samplesFile, JSON.stringify(SAMPLE_RELEASES));
const checkRuns = Array.from({ length: RUNS }, () => JSON.parse(
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/measure-values-check.js'), dist, samplesFile, String(CHECK_ROUNDS)], { cwd: ROOT, encoding: 'utf8' }).trim(),
) as { loadMs: number; roundMs: number; charts: number; releases: number });
const loadMs = median(checkRuns.map((r) => r.loadMs));
const roundMs = median(checkRuns.map((r) => r.roundMs));
const environments = fs.readdirSync(path.join(outdir, 'stacks')).filter((s) => s.endsWith('-observability')).length;
const helmReleases = fs.readdirSync(path.join(outdir, 'stacks')).reduce((n, s) => {
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8')) as { resource?: { helm_release?: object } };
  return n + Object.keys(json.resource?.helm_release ?? {}).length;
}, 0);
// Every environment will run about one release per chart: count the sample set once per environment.
const checkMs = loadMs + roundMs * environments;
const checkShare = checkMs / synth.ms;

const ratio = synth.ms / baseline.ms;
const rows = [synth, baseline].map((r) => `${r.name.padEnd(38)} ${r.ms.toFixed(0).padStart(7)} ms ${r.maxRssMiB.toFixed(0).padStart(6)} MiB`);
console.log(`\nnode ${process.version}, ${os.cpus().length} cpus, median of ${RUNS} runs, peak RSS of all runs`);
console.log(rows.join('\n'));
console.log(`synth / root-import time: ${ratio.toFixed(2)} (target <= ${MAX_SYNTH_RATIO}), ${stacks} stacks`);
const sample = checkRuns[0];
console.log(
  `values check: ${loadMs.toFixed(1)} ms to load ${sample.charts} chart indexes (cold) + ` +
    `${roundMs.toFixed(2)} ms per check of ${sample.releases} sample releases x ${environments} environments ` +
    `= ${checkMs.toFixed(1)} ms, ${(checkShare * 100).toFixed(1)}% of the synth (target < ${MAX_CHECK_SHARE * 100}%); ` +
    `${helmReleases} helm_release(s) in today's app`,
);

const misses = [
  ratio > MAX_SYNTH_RATIO && `synth takes ${ratio.toFixed(2)}x the root import, target ${MAX_SYNTH_RATIO}`,
  synth.maxRssMiB > MAX_SYNTH_MIB && `synth peaks at ${synth.maxRssMiB.toFixed(0)} MiB, target ${MAX_SYNTH_MIB}`,
  checkShare >= MAX_CHECK_SHARE && `the values check takes ${(checkShare * 100).toFixed(1)}% of the synth, target < ${MAX_CHECK_SHARE * 100}%`,
].filter(Boolean);
fs.rmSync(dist, { recursive: true, force: true });
if (misses.length) {
  console.error(`missed: ${misses.join('; ')}`);
  process.exit(1);
}
