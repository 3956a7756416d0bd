import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';

/** Where Debian's prometheus package installs promtool (.ci/run installs it). */
export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** True when promtool can be run here. */
export function hasPromtool(): boolean {
  return spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * `test` when promtool is here. Without it: in CI (process.env.CI set) the suite fails, since the
 * checks would otherwise pass unseen; elsewhere it warns loudly and skips.
 */
export function promtoolTest(): jest.It {
  if (hasPromtool()) return test;
  if (process.env.CI) {
    throw new Error(`promtool is not installed at ${PROMTOOL}, but CI must run the real promtool checks (apt-get install prometheus)`);
  }
  // eslint-disable-next-line no-console
  console.warn(`\n*** promtool is not installed at ${PROMTOOL}: the promtool rule checks are SKIPPED. Install it (apt-get install prometheus) to run them. ***\n`);
  return test.skip;
}

/** Runs promtool in a fresh directory holding `files`; returns its exit status and output. */
export function runPromtool(args: string[], files: Record<string, string>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const r = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on one rule file: throws promtool's own message when it rejects the file. */
export function checkRules(ruleFile: string): string {
  const r = runPromtool(['check', 'rules', 'rules.yaml'], { 'rules.yaml': ruleFile });
  if (r.status !== 0) throw new Error(`promtool check rules rejected the rule file:\n${r.output}`);
  return r.output;
}

/** `promtool test rules` of `tests` (the unit-test file's `tests`) against one rule file; throws promtool's message on failure. */
export function testRules(ruleFile: string, tests: readonly Record<string, unknown>[]): string {
  const unit = stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }, { lineWidth: 0 });
  const r = runPromtool(['test', 'rules', 'tests.yaml'], { 'rules.yaml': ruleFile, 'tests.yaml': unit });
  if (r.status !== 0) throw new Error(`promtool test rules failed:\n${r.output}`);
  return r.output;
}
