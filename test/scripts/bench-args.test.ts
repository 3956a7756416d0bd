import { BENCH_USAGE, BenchUsageError, parseBenchArgs, scaleEnvironments } from '../../scripts/bench-args';
import { resolveEnvironments } from '../../stacks/resolve-environment';
import { ENVIRONMENTS } from '../../stacks/environments';

describe('parseBenchArgs', () => {
  test('defaults to 1, 10 and 30 copies and 5 runs', () => {
    expect(parseBenchArgs([])).toEqual({ scales: [1, 10, 30], runs: 5 });
  });

  test('reads --scale and --runs, with a space or =', () => {
    expect(parseBenchArgs(['--scale', '1,10,30', '--runs', '3'])).toEqual({ scales: [1, 10, 30], runs: 3 });
    expect(parseBenchArgs(['--scale=5', '--runs=1'])).toEqual({ scales: [5], runs: 1 });
  });

  test('sorts the scales and drops duplicates', () => {
    expect(parseBenchArgs(['--scale', '30, 1,10,1']).scales).toEqual([1, 10, 30]);
  });

  test('takes the default runs from BENCH_RUNS, and a flag over it', () => {
    expect(parseBenchArgs([], { BENCH_RUNS: '2' }).runs).toBe(2);
    expect(parseBenchArgs(['--runs', '4'], { BENCH_RUNS: '2' }).runs).toBe(4);
  });

  test.each([
    [['--scale', '0'], /--scale is '0', but it must be a positive integer/],
    [['--scale', '1,-3'], /--scale is '-3'/],
    [['--scale', '1,,10'], /--scale is ''/],
    [['--scale', '2.5'], /--scale is '2.5'/],
    [['--scale', '1001'], /--scale 1001 is more than 1000/],
    [['--runs', 'three'], /--runs is 'three'/],
    [['--runs', '0'], /--runs is '0'/],
    [['--runs'], /--runs needs a value/],
    [['--scale='], /--scale needs a value/],
    [['--scales', '1'], /unknown argument '--scales'/],
    [['10'], /unknown argument '10'/],
  ])('fails if the arguments are %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  test('fails if BENCH_RUNS is not a positive integer', () => {
    expect(() => parseBenchArgs([], { BENCH_RUNS: '1e3' })).toThrow(/BENCH_RUNS is '1e3'/);
  });

  test('the usage names every flag', () => {
    expect(BENCH_USAGE).toMatch(/--scale/);
    expect(BENCH_USAGE).toMatch(/--runs/);
  });
});

describe('scaleEnvironments', () => {
  test('copies every environment with a numbered name, in copy order', () => {
    const scaled = scaleEnvironments(ENVIRONMENTS, 2);
    expect(scaled.map((e) => e.name)).toEqual(['dev-1', 'staging-1', 'prod-1', 'dev-2', 'staging-2', 'prod-2']);
    expect(scaled[4]).toEqual({ ...ENVIRONMENTS[1], name: 'staging-2' });
  });

  test('30 copies are valid, distinct environments', () => {
    const resolved = resolveEnvironments(scaleEnvironments(ENVIRONMENTS, 30));
    expect(resolved).toHaveLength(90);
    expect(new Set(resolved.map((e) => `${e.namePrefix}-${e.name}`)).size).toBe(90);
  });

  test('fails if a name would be longer than 20 characters', () => {
    expect(() => scaleEnvironments([{ ...ENVIRONMENTS[0], name: 'a-very-long-name-19' }], 10)).toThrow(/'a-very-long-name-19-1' is longer than the 20 characters/);
  });

  test('fails if times is not a positive integer', () => {
    expect(() => scaleEnvironments(ENVIRONMENTS, 0)).toThrow(/times is 0/);
  });
});
