import { EnvironmentConfig } from '../stacks/environment-config';

/** What `npm run bench` measures, from its command line. */
export interface BenchOptions {
  /**
   * How many copies of the shipped environments each scaling run synthesizes, ascending, without
   * duplicates; each copy is a fresh process.
   * @default [1, 10, 30]
   */
  readonly scales: readonly number[];
  /**
   * Runs per measurement (after one warm-up run); the bench prints their median.
   * @default 5, or BENCH_RUNS
   */
  readonly runs: number;
}

/** The usage text `npm run bench` prints on bad input. */
export const BENCH_USAGE = [
  'usage: npm run bench -- [--scale N[,N...]] [--runs N]',
  '  --scale  copies of the shipped environments to synthesize, each in a fresh process (default 1,10,30)',
  '  --runs   runs per measurement, median printed (default 5, or BENCH_RUNS)',
  'every N is a positive integer',
].join('\n');

/** A bench argument that is not understood; `npm run bench` prints it with the usage and exits 2. */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

const DEFAULT_SCALES: readonly number[] = [1, 10, 30];
// Above this a scaled name no longer fits the 20 characters of an environment name ('staging-1000').
const MAX_SCALE = 1000;

/**
 * Parses the arguments after `npm run bench --`: `--scale 1,10,30` (or `--scale=1,10,30`) and
 * `--runs 3`. `env` supplies the default runs (BENCH_RUNS). Throws a BenchUsageError naming the bad
 * argument for an unknown flag, a missing value, or a count that is not a positive integer.
 */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): BenchOptions {
  let scales = DEFAULT_SCALES;
  let runs = env.BENCH_RUNS === undefined ? 5 : positiveInteger(env.BENCH_RUNS, 'BENCH_RUNS');
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=')
      ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
      : [argv[i], undefined];
    if (flag !== '--scale' && flag !== '--runs') {
      throw new BenchUsageError(`unknown argument '${argv[i]}'`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new BenchUsageError(`${flag} needs a value`);
    if (flag === '--runs') {
      runs = positiveInteger(value, flag);
    } else {
      const list = value.split(',').map((v) => positiveInteger(v.trim(), flag));
      const tooLarge = list.find((n) => n > MAX_SCALE);
      if (tooLarge !== undefined) throw new BenchUsageError(`${flag} ${tooLarge} is more than ${MAX_SCALE}, the most copies whose names still fit 20 characters`);
      scales = [...new Set(list)].sort((a, b) => a - b);
    }
  }
  return { scales, runs };
}

/**
 * `times` copies of `environments`, named `<name>-<copy>` (`dev-1`, `dev-2`, ...), so every
 * environment keeps a name, stack ids and resource names of its own. Throws when a name would
 * exceed the 20 characters an environment name may have.
 */
export function scaleEnvironments(environments: readonly EnvironmentConfig[], times: number): EnvironmentConfig[] {
  if (!Number.isInteger(times) || times < 1) throw new Error(`scaleEnvironments: times is ${times}, but it must be a positive integer`);
  return Array.from({ length: times }, (_, copy) => environments.map((env) => {
    const name = `${env.name}-${copy + 1}`;
    if (name.length > 20) throw new Error(`scaleEnvironments: '${name}' is longer than the 20 characters of an environment name`);
    return { ...env, name };
  })).flat();
}

function positiveInteger(text: string, what: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new BenchUsageError(`${what} is '${text}', but it must be a positive integer`);
  }
  return Number(text);
}
