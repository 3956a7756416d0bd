import { formatCost } from '../lib/sizing/cost';
import { ENVIRONMENTS } from '../stacks/environments';
import { environmentCost, synthesizeReports } from './plan';
import { environmentsOrUsage } from './report-args';

/**
 * `npm run cost [env ...]`: synthesizes each named environment (all without a name) and prints its
 * monthly estimate, a line per component and item and the total. Exits 1 when an environment's
 * region has no prices (the error names the region and the priced ones), 2 on bad arguments.
 */
export function main(argv: readonly string[] = process.argv.slice(2), out: { write(t: string): unknown } = process.stdout, err: { write(t: string): unknown } = process.stderr): number {
  const selected = environmentsOrUsage(argv, ENVIRONMENTS, 'cost', 'the monthly cost', err);
  if (selected === undefined) return 2;
  let code = 0;
  for (const report of synthesizeReports(selected)) {
    try {
      out.write(`${formatCost(environmentCost(report), report.env.name)}\n\n`);
    } catch (e) {
      err.write(`${report.env.name}: ${(e as Error).message}\n`);
      code = 1;
    }
  }
  return code;
}

if (require.main === module) process.exitCode = main();
