import { MANIFESTS_CHART } from '../lib/helm/manifest-release';
import * as fs from 'fs';
import * as path from 'path';
import { App, ISynthesisSession, IStackSynthesizer, Manifest, TerraformStack } from 'cdktf';
import { COMPLIANCE_REPORT_FILE } from '../lib/compliance/lgtm-compliance';
import { ComplianceReport, formatFinding } from '../lib/compliance/report';

/** How many resources (or data sources) of one Terraform type a stack has. */
export interface KindCount {
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** How many blocks of that type the stack has. */
  readonly count: number;
}

/** One `helm_release` resource of a synthesized stack. */
export interface HelmReleaseSummary {
  /** Terraform address, `helm_release.<logical id>`. */
  readonly address: string;
  /** Release name (`name`). */
  readonly name: string;
  /** Chart name (`chart`). */
  readonly chart: string;
  /** Chart version (`version`); undefined when the release does not pin one. */
  readonly version?: string;
  /** Kubernetes namespace (`namespace`); Helm's provider installs into `default` when it is unset. */
  readonly namespace: string;
}

/** What happened to a stack in a synth. */
export type StackStatus =
  /** Its Terraform configuration was written in this synth. */
  | 'written'
  /** Its validation or synthesis failed; `errors` says why, and no configuration was written. */
  | 'failed'
  /** The synth stopped before this stack (an earlier error); nothing of it was written. */
  | 'not-written';

/** What one stack of the app wrote, and what the synth said about it. */
export interface StackSummary {
  /** Stack id, e.g. `dev-platform`. */
  readonly name: string;
  /** What happened to the stack in the synth. */
  readonly status: StackStatus;
  /** Path of the stack's Terraform configuration: `<outdir>/stacks/<stack>/cdk.tf.json` (`cdk.tf` with `--hcl`, not counted). */
  readonly file: string;
  /** Resources by type, sorted by type; empty unless `status` is `written`. */
  readonly resources: readonly KindCount[];
  /** Number of resources: the sum of `resources`. */
  readonly resourceCount: number;
  /** Data sources by type, sorted by type. */
  readonly dataSources: readonly KindCount[];
  /** Number of data sources: the sum of `dataSources`. */
  readonly dataSourceCount: number;
  /** Names of the stack's outputs, in file order. */
  readonly outputs: readonly string[];
  /** The stack's Helm releases, in file order. */
  readonly helmReleases: readonly HelmReleaseSummary[];
  /** The stack's compliance report of this synth; undefined when the stack has no compliance check. */
  readonly compliance?: ComplianceReport;
  /** Synth warnings other than compliance findings, as `[construct path] message`. */
  readonly warnings: readonly string[];
  /** What failed the stack (validation messages other than compliance findings, or a thrown error). */
  readonly errors: readonly string[];
}

/** What a synth of the app wrote, stack by stack, and what went wrong. */
export interface SynthSummary {
  /** The app's output directory. */
  readonly outdir: string;
  /** The app's stacks, in synth order. */
  readonly stacks: readonly StackSummary[];
  /** Errors of no single stack: building the app threw, or an app-level validation failed. */
  readonly errors: readonly string[];
  /** Folders in `<outdir>/stacks` of stacks this app does not have (left by an earlier synth). */
  readonly staleStacks: readonly string[];
}

/** Where `runSynth` prints: `process.stdout`, or anything with a `write(text)`. */
export interface SynthOutput {
  write(text: string): unknown;
}

/**
 * Builds the app with `build` (if given), synthesizes it, and returns what every stack wrote and
 * every error, without throwing: a throwing `build`, a failed stack validation (compliance errors
 * in production) or an app validation becomes an error in the summary. Unlike `app.synth()` it
 * synthesizes every stack before failing, so one run reports the errors of all of them, and it
 * computes each stack's Terraform JSON once for the compliance check and the file (the same bytes).
 */
export function synthesizeApp(app: App, build?: (app: App) => unknown): SynthSummary {
  try {
    build?.(app);
  } catch (e) {
    return { outdir: app.outdir, stacks: [], errors: [describeError(e)], staleStacks: [] };
  }
  const stacks = stacksOf(app);
  const failures = new Map<TerraformStack, unknown>();
  const written = new Set<TerraformStack>();
  const originals = stacks.map((s) => s.synthesizer);
  let synthesized = 0;
  stacks.forEach((stack, i) => {
    const original = originals[i];
    const recording: IStackSynthesizer = {
      synthesize: (session: ISynthesisSession) => {
        // The report is only rewritten when the stack's check runs; never show one from an earlier synth.
        fs.rmSync(path.join(stackDir(app.outdir, stack.node.id), COMPLIANCE_REPORT_FILE), { force: true });
        try {
          toTerraformOnce(stack, () => original.synthesize(session));
          written.add(stack);
        } catch (e) {
          failures.set(stack, e);
        }
        // Like app.synth(), write no manifest when a stack failed, but only after every stack had its turn.
        if (++synthesized === stacks.length && failures.size > 0) throw new StacksFailed();
      },
    };
    stack.synthesizer = recording;
  });

  const errors: string[] = [];
  try {
    app.synth();
  } catch (e) {
    if (!(e instanceof StacksFailed)) errors.push(...errorEntries(e));
  } finally {
    stacks.forEach((stack, i) => { stack.synthesizer = originals[i]; });
  }

  return {
    outdir: app.outdir,
    stacks: stacks.map((stack) => {
      const failure = failures.has(stack) ? { error: failures.get(stack) } : undefined;
      const status: StackStatus = written.has(stack) ? 'written' : failure ? 'failed' : 'not-written';
      return summarizeStack(app.outdir, stack.node.id, stackFile(app, stack.node.id), status, annotationsOf(stack), failure);
    }),
    errors,
    staleStacks: staleStacks(app.outdir, stacks.map((s) => s.node.id)),
  };
}

/**
 * Runs one stack's synthesis (`synthesize`) with the stack's Terraform JSON computed once from its
 * validations on: the compliance check (a validation) and the synthesizer's write of cdk.tf.json then
 * share one `toTerraform()`, the costliest step of a synth. Sound because in cdktf's StackSynthesizer
 * nothing after the validations changes the tree (it copies assets, collects annotations, writes), and
 * validations only read it; calls before the validations (an aspect's) are computed afresh, as the
 * aspects after it may still change the tree. Rules read the JSON (their types are read-only), so the
 * file is the very JSON they checked.
 */
function toTerraformOnce(stack: TerraformStack, synthesize: () => void): void {
  const own = Object.getOwnPropertyDescriptor(stack, 'toTerraform');
  const validations = Object.getOwnPropertyDescriptor(stack, 'runAllValidations');
  const compute = stack.toTerraform;
  const validate = stack.runAllValidations;
  let validating = false;
  let json: ReturnType<TerraformStack['toTerraform']> | undefined;
  stack.toTerraform = () => {
    if (!validating) return compute.call(stack);
    json ??= compute.call(stack);
    return json;
  };
  stack.runAllValidations = () => {
    validating = true;
    validate.call(stack);
  };
  try {
    synthesize();
  } finally {
    restore(stack, 'toTerraform', own);
    restore(stack, 'runAllValidations', validations);
  }
}

function restore(stack: TerraformStack, key: 'toTerraform' | 'runAllValidations', own: PropertyDescriptor | undefined): void {
  if (own) Object.defineProperty(stack, key, own);
  else delete (stack as unknown as Record<string, unknown>)[key];
}

/**
 * Summarizes the stacks of `app` from what the last `app.synth()` wrote into its outdir (their
 * cdk.tf.json and compliance-report.json) and the warnings on their constructs. A stack without a
 * cdk.tf.json is `not-written`; for a summary that knows which stacks failed, use `synthesizeApp`.
 */
export function summarizeApp(app: App): SynthSummary {
  const stacks = stacksOf(app);
  return {
    outdir: app.outdir,
    stacks: stacks.map((stack) => {
      const file = stackFile(app, stack.node.id);
      return summarizeStack(app.outdir, stack.node.id, file, fs.existsSync(file) ? 'written' : 'not-written', annotationsOf(stack));
    }),
    errors: [],
    staleStacks: staleStacks(app.outdir, stacks.map((s) => s.node.id)),
  };
}

/**
 * Summarizes a finished synth from its output directory alone: the stacks listed in its
 * manifest.json, by name (so folders of stacks removed since are left out), their files and the
 * warnings the manifest records. Throws when `outdir` has no manifest.json (no synth finished there).
 */
export function summarizeOutdir(outdir: string): SynthSummary {
  const manifestFile = path.join(outdir, Manifest.fileName);
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`summarizeOutdir: ${manifestFile} does not exist; run a synth into '${outdir}' first`);
  }
  const manifest = readJson(manifestFile) as ManifestFile;
  const names = Object.keys(manifest.stacks ?? {});
  return {
    outdir,
    stacks: names.map((name) => {
      const annotations = (manifest.stacks[name].annotations ?? []).map((a) => ({ level: a.level, text: `[${a.constructPath}] ${a.message}` }));
      const file = path.join(outdir, manifest.stacks[name].synthesizedStackPath);
      return summarizeStack(outdir, name, file, fs.existsSync(file) ? 'written' : 'not-written', annotations);
    }),
    errors: [],
    staleStacks: staleStacks(outdir, names),
  };
}

/** Every error of a synth: app errors, failed stacks, compliance findings at level error. */
export function synthErrorCount(summary: SynthSummary): number {
  return summary.errors.length + summary.stacks.reduce((n, s) => n + s.errors.length + errorFindings(s).length, 0);
}

/** The process exit code of a synth: 1 when it has any error, else 0. */
export function synthExitCode(summary: SynthSummary): number {
  return synthErrorCount(summary) > 0 ? 1 : 0;
}

/**
 * The summary as text for a terminal or a CI log: per stack what it wrote (resources and data
 * sources by type, outputs, Helm releases with chart, version and namespace), its compliance
 * findings and warnings, its errors; then one line with the totals and whether the synth failed.
 */
export function formatSynthSummary(summary: SynthSummary): string {
  const lines: string[] = [];
  for (const stack of summary.stacks) lines.push(...formatStack(stack), '');
  if (summary.errors.length > 0) {
    lines.push(summary.stacks.length === 0 ? 'error (nothing was synthesized):' : 'error:');
    summary.errors.forEach((e) => lines.push(...indentBlock(e, '  ')));
    lines.push('');
  }
  if (summary.staleStacks.length > 0) {
    lines.push(`note: ${rel(path.join(summary.outdir, Manifest.stacksFolder))} also holds ${summary.staleStacks.join(', ')} `
      + 'from an earlier synth; they are not stacks of this app (the cdktf CLI removes them)', '');
  }
  lines.push(formatTotals(summary));
  return `${lines.join('\n')}\n`;
}

/**
 * What `npm run synth` does: builds the app with `build` (if given), synthesizes every stack,
 * prints the summary to `out` and returns the exit code (1 on any error: compliance errors in
 * production, a validation error, a throwing build). Errors are printed as their messages, without
 * a stack trace unless they are programming errors (a TypeError, ...).
 */
export function runSynth(app: App, out: SynthOutput = process.stdout, build?: (app: App) => unknown): number {
  const summary = synthesizeApp(app, build);
  out.write(formatSynthSummary(summary));
  return synthExitCode(summary);
}

// --- reading one stack ---------------------------------------------------------------------------

interface Annotation {
  readonly level: string;
  readonly text: string;
}

interface ManifestFile {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly annotations?: readonly { level: string; message: string; constructPath: string }[] }>;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

interface TerraformJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly output?: Record<string, unknown>;
}

const WARN = '@cdktf/warn';
const ERROR = '@cdktf/error';

function summarizeStack(outdir: string, name: string, file: string, status: StackStatus, annotations: readonly Annotation[], failure?: { error: unknown }): StackSummary {
  // `cdktf synth --hcl` writes cdk.tf instead, which is not counted.
  const json: TerraformJson = status === 'written' && file.endsWith('.json') ? readJson(file) as TerraformJson : {};
  const reportFile = path.join(stackDir(outdir, name), COMPLIANCE_REPORT_FILE);
  const compliance = status !== 'not-written' && fs.existsSync(reportFile) ? readJson(reportFile) as ComplianceReport : undefined;
  // Compliance findings are in the report; the same text as a warning or a validation error would say them twice.
  const findingTexts = new Set((compliance?.findings ?? []).map(formatFinding));
  const isFinding = (entry: string) => findingTexts.has(entry.replace(/^\[[^\]]*\] /, ''));

  const resources = countKinds(json.resource);
  const dataSources = countKinds(json.data);
  const errors = [
    ...annotations.filter((a) => a.level === ERROR).map((a) => a.text),
    ...(failure ? errorEntries(failure.error, true).filter((e) => !isFinding(e)) : []),
  ];
  // A failed stack always says why, if not by an error or a finding at level error then by what it threw.
  if (failure && errors.length === 0 && !compliance?.findings.some((f) => f.level === 'error')) errors.push(describeError(failure.error));
  return {
    name,
    status,
    file,
    resources,
    resourceCount: resources.reduce((n, k) => n + k.count, 0),
    dataSources,
    dataSourceCount: dataSources.reduce((n, k) => n + k.count, 0),
    outputs: Object.keys(json.output ?? {}),
    helmReleases: Object.entries(json.resource?.helm_release ?? {}).map(([id, r]) => ({
      address: `helm_release.${id}`,
      name: String(r.name),
      chart: String(r.chart),
      version: r.version === undefined ? undefined : String(r.version),
      namespace: r.namespace === undefined ? 'default' : String(r.namespace),
    })),
    compliance,
    warnings: annotations.filter((a) => a.level === WARN).map((a) => a.text).filter((t) => !isFinding(t)),
    errors,
  };
}

function countKinds(blocks: Blocks | undefined): KindCount[] {
  return Object.entries(blocks ?? {})
    .map(([type, byId]) => ({ type, count: Object.keys(byId).length }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

// cdktf synthesizes every TerraformStack under the app, in this order.
function stacksOf(app: App): TerraformStack[] {
  return app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
}

function annotationsOf(stack: TerraformStack): Annotation[] {
  return stack.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === WARN || m.type === ERROR)
    .map((m) => ({ level: m.type, text: `[${c.node.path}] ${String(m.data)}` })));
}

function stackDir(outdir: string, name: string): string {
  return path.join(outdir, Manifest.stacksFolder, name);
}

// What cdktf's manifest records as synthesizedStackPath.
function stackFile(app: App, name: string): string {
  return path.join(stackDir(app.outdir, name), app.hclOutput ? 'cdk.tf' : 'cdk.tf.json');
}

function staleStacks(outdir: string, names: readonly string[]): string[] {
  const dir = path.join(outdir, Manifest.stacksFolder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !names.includes(d.name)).map((d) => d.name).sort();
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// --- errors --------------------------------------------------------------------------------------

/** Thrown after the last stack when an earlier one failed, so app.synth() writes no manifest. */
class StacksFailed extends Error {
  constructor() {
    super('one or more stacks failed to synthesize');
  }
}

// cdktf's validation errors are a header, `[path] message` entries, and advice to skip validation
// (wrong for a compliance error); keep the entries. Error annotations are read from the constructs.
const VALIDATION_HEADERS: readonly { readonly header: string; readonly separator: RegExp; readonly skip?: boolean }[] = [
  { header: 'Validation failed with the following errors:\n', separator: /\n  (?=\[)/ },
  { header: 'App-level validation failed with the following errors:\n', separator: /\n  / },
  { header: 'Encountered Annotations with level "ERROR":\n', separator: /\n(?=\[)/, skip: true },
];

function errorEntries(e: unknown, inStack = false): string[] {
  const message = e instanceof Error ? e.message : String(e);
  for (const { header, separator, skip } of VALIDATION_HEADERS) {
    if (!message.startsWith(header)) continue;
    if (skip && inStack) return [];
    const body = message.slice(header.length).split(/\n\n(?=If you wish|Validations allow|Either fix)/)[0];
    return body.split(separator).map((s) => s.trim()).filter(Boolean);
  }
  return [describeError(e)];
}

// Input errors (ours are plain Errors naming the field) read best as their message; a TypeError or
// the like is a bug, whose stack trace is what its reader needs.
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.constructor === Error ? e.message : (e.stack ?? `${e.name}: ${e.message}`);
}

// --- formatting ----------------------------------------------------------------------------------

const WIDTH = 110;

function formatStack(s: StackSummary): string[] {
  const head = s.status === 'written' ? `${s.name}: ${rel(s.file)}` : `${s.name}: ${s.status === 'failed' ? 'FAILED, no Terraform configuration written' : 'not written'}`;
  const lines = [head];
  if (s.status === 'written' && !s.file.endsWith('.json')) {
    lines.push('  (HCL output: resources, data sources, outputs and Helm releases not counted)');
  } else if (s.status === 'written') {
    lines.push(...wrap(`  resources (${s.resourceCount}): `, s.resources.map((k) => `${k.type} ${k.count}`)));
    lines.push(...wrap(`  data sources (${s.dataSourceCount}): `, s.dataSources.map((k) => `${k.type} ${k.count}`)));
    lines.push(...wrap(`  outputs (${s.outputs.length}): `, s.outputs));
    lines.push(`  helm releases (${s.helmReleases.length})${s.helmReleases.length ? ':' : ''}`);
    lines.push(...table(s.helmReleases.map((h) => [h.name, chartLabel(h), `namespace ${h.namespace}`]), '    '));
  }
  const c = s.compliance;
  if (c) {
    const counts = `${c.summary.checked} checks, ${plural(c.findings.length, 'finding')}, ${c.summary.suppressed} suppressed`;
    lines.push(`  compliance (${c.mode} mode${c.production ? ', production' : ''}): ${counts}`);
    for (const f of c.findings) {
      lines.push(`    ${f.level === 'error' ? 'ERROR' : 'warning'} ${f.ruleId} (${f.severity}) ${f.address}: ${f.detail}`);
      lines.push(`      at ${f.path}; ${f.rationale}`);
    }
  }
  if (s.warnings.length) {
    lines.push(`  warnings (${s.warnings.length}):`);
    s.warnings.forEach((w) => lines.push(...indentBlock(w, '    ')));
  }
  if (s.errors.length) {
    lines.push(`  errors (${s.errors.length}):`);
    s.errors.forEach((e) => lines.push(...indentBlock(e, '    ')));
  }
  return lines;
}

function formatTotals(summary: SynthSummary): string {
  const stacks = summary.stacks;
  const written = stacks.filter((s) => s.status === 'written');
  const warnings = stacks.reduce((n, s) => n + s.warnings.length + (s.compliance?.findings.filter((f) => f.level === 'warning').length ?? 0), 0);
  const complianceErrors = stacks.reduce((n, s) => n + errorFindings(s).length, 0);
  const errors = synthErrorCount(summary);
  if (stacks.length === 0) return `synth ${errors ? 'FAILED' : 'ok'}: nothing was synthesized; ${plural(errors, 'error')}`;
  const what = `${written.length} of ${plural(stacks.length, 'stack')} written to ${rel(summary.outdir)}, `
    + `${plural(written.reduce((n, s) => n + s.resourceCount, 0), 'resource')}, `
    + `${plural(written.reduce((n, s) => n + s.helmReleases.length, 0), 'Helm release')}; `
    + `${plural(warnings, 'warning')}, ${plural(errors, 'error')}`;
  if (errors === 0) return `synth ok: ${what}`;
  const failed = stacks.filter((s) => s.status !== 'written').map((s) => s.name);
  return `synth FAILED: ${what}`
    + (complianceErrors ? ` (${complianceErrors} compliance: fix each, or Compliance.suppress(construct, ruleId, reason) at its path)` : '')
    + (failed.length ? `; not written: ${failed.join(', ')}` : '');
}

function errorFindings(s: StackSummary): readonly unknown[] {
  return s.compliance?.findings.filter((f) => f.level === 'error') ?? [];
}

function wrap(prefix: string, items: readonly string[]): string[] {
  if (items.length === 0) return [`${prefix}-`];
  const pad = ' '.repeat(prefix.length);
  const lines: string[] = [];
  let line = prefix;
  items.forEach((item, i) => {
    const text = i < items.length - 1 ? `${item},` : item;
    if (line !== prefix && line !== pad && line.length + 1 + text.length > WIDTH) {
      lines.push(line);
      line = pad;
    }
    line += line === prefix || line === pad ? text : ` ${text}`;
  });
  return [...lines, line];
}

function table(rows: readonly string[][], indent: string): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((r) => `${indent}${r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]) : cell)).join('  ')}`);
}

function indentBlock(text: string, indent: string): string[] {
  return text.split('\n').map((l, i) => (i === 0 ? `${indent}${l}` : `${indent}  ${l}`));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
}

// A ManifestRelease's chart is a cdktf asset path (assets/<id>/<hash>): name the chart instead.
function chartLabel(h: HelmReleaseSummary): string {
  if (h.version !== undefined) return `${h.chart} ${h.version}`;
  return h.chart.startsWith('assets/') ? `${MANIFESTS_CHART.name} ${MANIFESTS_CHART.version} (in the package)` : `${h.chart} (unpinned)`;
}
