import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { check } from '../private/validate';
import { SynthesizedStack } from './private/stack-view';
import { userRuleChecks } from './private/rule-validation';
import { findSuppression, suppressionsIn } from './private/suppressions';
import { COMPLIANCE_RULES } from './registry';
import { ComplianceFinding, ComplianceReport, SuppressedFinding, formatFinding } from './report';
import { COMPLIANCE_MODES, ComplianceMode, ComplianceRule, HelmReleaseTarget, SynthesizedResource, Verdict } from './rule';

/** Props of {@link LgtmCompliance}. */
export interface LgtmComplianceProps {
  /**
   * Whether the stack is a production environment: production-only rules (Multi-AZ, deletion
   * protection, prevent_destroy, failover) apply, and the default mode is `error`.
   * @default false
   */
  readonly production?: boolean;
  /**
   * What an unsuppressed finding does: fail the synth, or warn.
   * @default - 'error' when production, otherwise 'warning'
   */
  readonly mode?: ComplianceMode;
  /**
   * Write the stack's report to `<outdir>/stacks/<stack>/compliance-report.json` at each synth that
   * runs validations.
   * @default true
   */
  readonly report?: boolean;
  /**
   * Rules of your own, run after the built-in ones and reported like them: each a `ResourceRule` or
   * `HelmRule` with an id of your prefix (`ACME-TAGS-1`, never `LGTM-`). `Compliance.suppress`
   * accepts their ids; a suppression naming a rule that this check does not run fails the synth.
   * @default - the built-in rules (COMPLIANCE_RULES) only
   */
  readonly rules?: readonly ComplianceRule[];
}

/** The file name of the report in the stack's output directory. */
export const COMPLIANCE_REPORT_FILE = 'compliance-report.json';

interface Evaluation {
  readonly report: ComplianceReport;
  /** The construct of each finding, in the order of `report.findings`. */
  readonly constructs: readonly IConstruct[];
}

/**
 * The compliance check as an Aspect: it registers a validation on each stack it visits, which runs
 * every built-in rule, then the user's `rules`, on the synthesized Terraform JSON and the stack's Helm
 * releases after all other aspects. Findings fail the synth (`error`) or are warnings, and each stack
 * gets a JSON report.
 * Like every cdktf validation it is skipped when the app skips validation (`Testing.synth(stack)`
 * without `runValidations`). Add it to a stack with `Compliance.of(stack)` or
 * `Aspects.of(stack).add(new LgtmCompliance(...))`; cdktf runs a stack's own aspects only, not the app's.
 */
export class LgtmCompliance implements IAspect {
  /** What findings do to the synth. */
  public readonly mode: ComplianceMode;
  /** Whether production-only rules apply. */
  public readonly production: boolean;
  /** Whether the report is written. */
  public readonly writesReport: boolean;
  /** The rules this check runs, in report order: the built-in ones, then the user's. */
  public readonly rules: readonly ComplianceRule[];
  private readonly hooked = new WeakSet<TerraformStack>();
  private readonly warned = new WeakMap<IConstruct, Set<string>>();

  constructor(props: LgtmComplianceProps = {}) {
    const production = props.production ?? false;
    const mode = props.mode ?? (production ? 'error' : 'warning');
    check('LgtmCompliance', [
      { when: !COMPLIANCE_MODES.includes(mode), message: `mode is ${JSON.stringify(mode)}, but allowed modes are ${COMPLIANCE_MODES.map((m) => `'${m}'`).join(', ')}` },
      { when: typeof production !== 'boolean', message: `production is ${JSON.stringify(production)}, but it must be true or false` },
      ...userRuleChecks(props.rules),
    ]);
    this.mode = mode;
    this.production = production;
    this.writesReport = props.report ?? true;
    this.rules = Object.freeze([...COMPLIANCE_RULES, ...(props.rules ?? [])]);
  }

  /** Registers the check on the stack of `node`, once per stack. */
  public visit(node: IConstruct): void {
    const stack = TerraformStack.isStack(node) ? node : TerraformStack.of(node);
    if (this.hooked.has(stack)) return;
    this.hooked.add(stack);
    // A validation, not work in visit(): it runs after every aspect (tags, overrides) has changed the tree.
    stack.node.addValidation({ validate: () => this.validate(stack) });
  }

  /** Runs every rule on `stack` now and returns its report, without failing or warning. */
  public evaluate(stack: TerraformStack): ComplianceReport {
    return this.run(stack).report;
  }

  private validate(stack: TerraformStack): string[] {
    const { report, constructs } = this.run(stack);
    if (this.writesReport) writeReport(stack, report);
    // A suppression of a rule the check does not run is a typo or a stale id: an error in every mode.
    const stale = this.unknownSuppressions(stack);
    const messages = report.findings.map(formatFinding);
    if (this.mode === 'error') return [...stale, ...messages];
    messages.forEach((m, i) => this.warnOnce(constructs[i], m));
    return stale;
  }

  private unknownSuppressions(stack: TerraformStack): string[] {
    const ids = this.rules.map((r) => r.id);
    return suppressionsIn(stack)
      .filter((s) => !ids.includes(s.ruleId))
      .map((s) => `Compliance.suppress on '${s.path}' names rule '${s.ruleId}', but the compliance check of stack '${stack.node.id}' `
        + `runs no rule with that id; pass the rule in Compliance.of(stack, { rules }) or fix the id (known rule ids: ${ids.join(', ')})`);
  }

  // Testing.synth can validate a stack more than once; one warning per finding is enough.
  private warnOnce(construct: IConstruct, message: string): void {
    const seen = this.warned.get(construct) ?? new Set<string>();
    this.warned.set(construct, seen);
    if (seen.has(message)) return;
    seen.add(message);
    Annotations.of(construct).addWarning(message);
  }

  private run(stack: TerraformStack): Evaluation {
    const view = new SynthesizedStack(stack, this.production);
    const findings: ComplianceFinding[] = [];
    const constructs: IConstruct[] = [];
    const suppressed: SuppressedFinding[] = [];
    let checked = 0;
    let compliant = 0;

    const record = (rule: ComplianceRule, target: SynthesizedResource | HelmReleaseTarget, verdict: Verdict) => {
      if (verdict.status === 'not-applicable') return;
      checked++;
      if (verdict.status === 'compliant') {
        compliant++;
        return;
      }
      const where = { address: target.address, path: target.construct.node.path, detail: verdict.detail };
      const refs = { rationale: rule.rationale, cdkNag: rule.cdkNag, checkov: rule.checkov };
      const suppression = findSuppression(target.construct, rule.id);
      if (suppression) {
        suppressed.push({ ruleId: rule.id, severity: rule.severity, ...where, ...refs, reason: suppression.reason, suppressedAt: suppression.path });
      } else {
        findings.push({ ruleId: rule.id, severity: rule.severity, level: this.mode, ...where, ...refs });
        constructs.push(target.construct);
      }
    };

    for (const rule of this.rules) {
      for (const target of view.targetsOf(rule)) record(rule, target, view.verdictOf(rule, target));
    }

    const report: ComplianceReport = {
      reportVersion: 1,
      stack: stack.node.id,
      mode: this.mode,
      production: this.production,
      rules: this.rules.map((r) => r.id),
      summary: { checked, compliant, nonCompliant: findings.length, suppressed: suppressed.length },
      findings,
      suppressed,
    };
    return { report, constructs };
  }
}

// Beside the stack's cdk.tf.json: the directory the synthesizer writes into for this stack.
function writeReport(stack: TerraformStack, report: ComplianceReport): void {
  const app = stack.node.scopes.find((s): s is App => App.isApp(s));
  if (!app) return;
  const dir = path.join(app.outdir, app.manifest.forStack(stack).workingDirectory);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, COMPLIANCE_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
}
