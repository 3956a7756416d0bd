import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { skipTokenStackTraces, synthAppConfig } from '../../bin/main';
import { ComplianceReport } from '../../lib/compliance/report';
import { buildEnvironments } from '../../stacks/app';
import { ENVIRONMENTS } from '../../stacks/environments';
import { formatSynthSummary, synthesizeApp, synthExitCode } from '../../stacks/synth-summary';
import { REPO_ROOT } from './paths';
import { SHARED_SYNTH_ENV } from './shared-synth-env';
import { SynthesizedStack } from './synth';

/** What `npm run synth` wrote for the shipped environments, shared by the test files of one jest worker. */
export interface ShippedSynth {
  /** The output directory: manifest.json, stacks/<stack>/cdk.tf.json and compliance-report.json. */
  readonly outdir: string;
  /** The summary npm run synth printed. */
  readonly text: string;
  /** Its exit code. */
  readonly exitCode: number;
  /** The stack ids, in synth order. */
  readonly stackIds: readonly string[];
  /** One stack's Terraform JSON, parsed (a new copy at each call). */
  stack(id: string): SynthesizedStack;
  /** One stack's compliance report, parsed. */
  report(id: string): ComplianceReport;
}

interface Done {
  readonly text: string;
  readonly exitCode: number;
  readonly stackIds: readonly string[];
}

const DONE = 'done.json';
// What the synthesized JSON is made of: a change to any of them during a run (jest --watch) is a new folder.
const SOURCES = ['lib', 'stacks', 'bin', 'package-lock.json'];

/**
 * The shipped environments synthesized the way `npm run synth` does it (bin/main.ts: no stack
 * traces, the synth summary), once per jest worker: the first test file that asks synthesizes into
 * this run's folder (made empty by test/support/global-setup.ts), the next ones in the same worker
 * read it. The folder is keyed by the worker and by the sources' sizes and times, so no test reads
 * the output of another run or of other sources. For tests that only read the output; a test that
 * changes the app builds its own.
 */
export function shippedSynth(): ShippedSynth {
  const runDir = process.env[SHARED_SYNTH_ENV];
  if (!runDir || !fs.existsSync(runDir)) {
    throw new Error(`shippedSynth: ${SHARED_SYNTH_ENV} names no folder; run the tests through jest.config.js, whose globalSetup makes it`);
  }
  const outdir = path.join(runDir, `worker-${process.env.JEST_WORKER_ID ?? '1'}-${sourcesKey()}`);
  const doneFile = path.join(outdir, DONE);
  if (!fs.existsSync(doneFile)) {
    // A folder without its marker is a synth that did not finish: start again.
    fs.rmSync(outdir, { recursive: true, force: true });
    const done = synthesizeShipped(outdir);
    fs.writeFileSync(doneFile, JSON.stringify(done));
  }
  const done = JSON.parse(fs.readFileSync(doneFile, 'utf8')) as Done;
  const read = (id: string, file: string): unknown => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, file), 'utf8'));
  return {
    outdir,
    ...done,
    stack: (id) => read(id, 'cdk.tf.json') as SynthesizedStack,
    report: (id) => read(id, 'compliance-report.json') as ComplianceReport,
  };
}

function synthesizeShipped(outdir: string): Done {
  const restore = skipTokenStackTraces();
  try {
    const summary = synthesizeApp(new App({ ...synthAppConfig(false), outdir }), (app) => buildEnvironments(app, ENVIRONMENTS));
    return { text: formatSynthSummary(summary), exitCode: synthExitCode(summary), stackIds: summary.stacks.map((s) => s.name) };
  } finally {
    restore();
  }
}

function sourcesKey(): string {
  const hash = createHash('sha256');
  const visit = (file: string): void => {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) visit(path.join(file, name));
    } else {
      hash.update(`${path.relative(REPO_ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES.map((s) => path.join(REPO_ROOT, s)).filter((s) => fs.existsSync(s))) visit(source);
  return hash.digest('hex').slice(0, 16);
}
