/**
 * npm run bench: times a full synth of every environment (compiled app, fresh process per run) and
 * how it grows with the number of environments (the shipped ones copied 1, 10 and 30 times, or
 * `--scale`), with and without stack traces; compares it with loading @cdktf/provider-aws from its
 * package root, the cost deep imports avoid; and times the Helm values check (index loading plus the
 * check of one realistic release per chart, per environment) against that synth. Prints medians and
 * peak memory; exits 1 when a target is missed, 2 on bad arguments (see BENCH_USAGE).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS } from '../stacks/environments';
import { SAMPLE_RELEASES } from '../test/fixtures/chart-values';
import { BENCH_USAGE, BenchOptions, BenchUsageError, parseBenchArgs } from './bench-args';

const ROOT = path.resolve(__dirname, '..');
const options = parseOrExit(process.argv.slice(2));
const RUNS = options.runs;
const MAX_SYNTH_MIB = 150;
const MAX_SYNTH_RATIO = 0.35;
const MAX_CHECK_SHARE = 0.1;
const MAX_MS_PER_ENV = 150;
const MAX_MIB_PER_ENV = 3;
const CHECK_ROUNDS = Number(process.env.BENCH_CHECK_ROUNDS ?? 200);

function parseOrExit(argv: readonly string[]): BenchOptions {
  try {
    return parseBenchArgs(argv, process.env);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    console.error(`npm run bench: ${e.message}\n${BENCH_USAGE}`);
    process.exit(2);
  }
}

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
// tsc emits the JSON chart indexes but not the chart ManifestRelease installs, read beside manifest-release.js.
const manifestsChart = path.join(ROOT, 'lib/helm/manifests-chart');
if (fs.existsSync(manifestsChart)) fs.cpSync(manifestsChart, path.join(dist, 'lib/helm/manifests-chart'), { recursive: true });
const entry = path.join(dist, 'scripts/bench-synth.js');
const outdirOf = (scale: number) => path.join(dist, `cdktf.out-${scale}`);
const stackCount = (outdir: string) => fs.readdirSync(path.join(outdir, 'stacks')).length;

// The shipped environments copied `scale` times (dev-1, staging-1, ..., dev-30, ...), as npm run synth
// runs them; always from 1x, the shipped app (its own names), which the ratio and the values check use.
const scaling = [...new Set([1, ...options.scales])].sort((a, b) => a - b).map((scale) => {
  const outdir = outdirOf(scale);
  const result = bench(`synth ${scale}x the environments`, entry, { CDKTF_OUTDIR: outdir, LGTM_BENCH_SCALE: String(scale) });
  return { ...result, scale, environments: scale * ENVIRONMENTS.length, stacks: stackCount(outdir) };
});
const synth = scaling[0];
const synthOutdir = outdirOf(1);
// The shipped app again, with the stack traces npm run synth leaves out.
const traced = bench('synth 1x, LGTM_SYNTH_DEBUG=1', entry, { CDKTF_OUTDIR: path.join(dist, 'cdktf.out-debug'), LGTM_SYNTH_DEBUG: '1' });
const stacks = synth.stacks;
const baseline = bench('require @cdktf/provider-aws (root)', '@cdktf/provider-aws');

// The values check, in fresh processes on the compiled library (which must carry the JSON index).
const samplesFile = path.join(dist, 'values-samples.json');
fs.writeFileSync(samplesFile, JSON.stringify(SAMPLE_RELEASES));
const checkRuns = Array.from({ length: RUNS }, () => JSON.parse(
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/measure-values-check.js'), dist, samplesFile, String(CHECK_ROUNDS)], { cwd: ROOT, encoding: 'utf8' }).trim(),
) as { loadMs: number; roundMs: number; charts: number; releases: number });
const loadMs = median(checkRuns.map((r) => r.loadMs));
const roundMs = median(checkRuns.map((r) => r.roundMs));
const environments = fs.readdirSync(path.join(synthOutdir, 'stacks')).filter((s) => s.endsWith('-observability')).length;
const helmReleases = fs.readdirSync(path.join(synthOutdir, 'stacks')).reduce((n, s) => {
  const json = JSON.parse(fs.readFileSync(path.join(synthOutdir, 'stacks', s, 'cdk.tf.json'), 'utf8')) as { resource?: { helm_release?: object } };
  return n + Object.keys(json.resource?.helm_release ?? {}).length;
}, 0);
// Every environment will run about one release per chart: count the sample set once per environment.
const checkMs = loadMs + roundMs * environments;
const checkShare = checkMs / synth.ms;

const ratio = synth.ms / baseline.ms;
const first = scaling[0];
const last = scaling[scaling.length - 1];
// What one more environment costs: the slope between the smallest and the largest scale.
const perEnv = (a: typeof first, b: typeof first) => ({
  ms: (b.ms - a.ms) / (b.environments - a.environments),
  mib: (b.maxRssMiB - a.maxRssMiB) / (b.environments - a.environments),
});
const marginal = scaling.length > 1 ? perEnv(first, last) : undefined;
const cell = (text: string, width: number) => text.padStart(width);
const row = (name: string, envs: string, stackCol: string, ms: number, mib: number, extra = '') =>
  `${name.padEnd(38)} ${cell(envs, 4)} ${cell(stackCol, 6)} ${cell(ms.toFixed(0), 7)} ms ${cell(mib.toFixed(0), 5)} MiB${extra}`;
console.log(`\nnode ${process.version}, ${os.cpus().length} cpus, median of ${RUNS} runs, peak RSS of all runs`);
console.log(`${''.padEnd(38)} ${cell('envs', 4)} ${cell('stacks', 6)} ${cell('wall', 10)} ${cell('peak', 9)}   marginal per extra environment`);
console.log([
  ...scaling.map((s, i) => {
    const m = i > 0 ? perEnv(scaling[i - 1], s) : undefined;
    return row(s.name, String(s.environments), String(s.stacks), s.ms, s.maxRssMiB, m ? `   +${m.ms.toFixed(1)} ms, +${m.mib.toFixed(1)} MiB` : '');
  }),
  row(traced.name, String(ENVIRONMENTS.length), String(stacks), traced.ms, traced.maxRssMiB),
  row(baseline.name, '-', '-', baseline.ms, baseline.maxRssMiB),
].join('\n'));
if (marginal) {
  console.log(`marginal cost ${first.scale}x -> ${last.scale}x: ${marginal.ms.toFixed(1)} ms and ${marginal.mib.toFixed(1)} MiB per extra environment `
    + `(target <= ${MAX_MS_PER_ENV} ms, <= ${MAX_MIB_PER_ENV} MiB)`);
}
console.log(`stack traces off (npm run synth) / on (LGTM_SYNTH_DEBUG=1): ${(synth.ms / traced.ms).toFixed(2)} of the time`);
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
  marginal && marginal.ms > MAX_MS_PER_ENV && `one more environment costs ${marginal.ms.toFixed(1)} ms, target ${MAX_MS_PER_ENV}`,
  marginal && marginal.mib > MAX_MIB_PER_ENV && `one more environment costs ${marginal.mib.toFixed(1)} MiB, target ${MAX_MIB_PER_ENV}`,
  checkShare >= MAX_CHECK_SHARE && `the values check takes ${(checkShare * 100).toFixed(1)}% of the synth, target < ${MAX_CHECK_SHARE * 100}%`,
].filter(Boolean);
fs.rmSync(dist, { recursive: true, force: true });
if (misses.length) {
  console.error(`missed: ${misses.join('; ')}`);
  process.exit(1);
}
