import { EnvironmentConfig } from '../stacks/environment-config';

/** A report argument that is not understood; the script prints it with the usage and exits 2. */
export class ReportUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportUsageError';
  }
}

/** The usage text of `npm run <script>` (plan, cost, diagram). */
export function reportUsage(script: string, what: string): string {
  return [
    `usage: npm run ${script} -- [env ...]`,
    `  env  name of a shipped environment (stacks/environments.ts); ${what} of each named one, or of all without a name`,
  ].join('\n');
}

/**
 * The environments named by the arguments after `npm run <script> --`, in the order given; every
 * environment when none is named. Throws a ReportUsageError for a flag or an unknown name, listing
 * the known environments.
 */
export function selectEnvironments(argv: readonly string[], environments: readonly EnvironmentConfig[]): EnvironmentConfig[] {
  const known = environments.map((e) => e.name);
  const flag = argv.find((a) => a.startsWith('-'));
  if (flag !== undefined) throw new ReportUsageError(`unknown argument '${flag}'`);
  const unknown = argv.filter((a) => !known.includes(a));
  if (unknown.length > 0) {
    throw new ReportUsageError(`unknown environment ${unknown.map((u) => `'${u}'`).join(', ')}; known environments are ${known.join(', ')}`);
  }
  const names = [...new Set(argv)];
  return names.length === 0 ? [...environments] : names.map((n) => environments.find((e) => e.name === n)!);
}

/**
 * `selectEnvironments` for a script's `main`: the environments, or undefined after writing the
 * error and the usage to `err` (the script then exits 2).
 */
export function environmentsOrUsage(
  argv: readonly string[],
  environments: readonly EnvironmentConfig[],
  script: string,
  what: string,
  err: { write(t: string): unknown },
): EnvironmentConfig[] | undefined {
  try {
    return selectEnvironments(argv, environments);
  } catch (e) {
    if (!(e instanceof ReportUsageError)) throw e;
    err.write(`${e.message}\n${reportUsage(script, what)}\n`);
    return undefined;
  }
}
