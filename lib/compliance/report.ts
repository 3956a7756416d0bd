import { ComplianceMode, Severity } from './rule';

/** One unsuppressed finding: a rule a resource or Helm release breaks. */
export interface ComplianceFinding {
  /** The rule broken, e.g. `LGTM-S3-1`. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** What the finding did to the synth: `error` failed it, `warning` did not. */
  readonly level: ComplianceMode;
  /** Terraform address of the resource (`aws_s3_bucket.x`) or of the Helm release. */
  readonly address: string;
  /** Construct path of the resource: where a suppression would go. */
  readonly path: string;
  /** What is wrong, in a few words. */
  readonly detail: string;
  /** Why the rule exists. */
  readonly rationale: string;
  /** cdk-nag rule ids of the same control. */
  readonly cdkNag: readonly string[];
  /** checkov check ids of the same control. */
  readonly checkov: readonly string[];
}

/** A finding a suppression silenced, with who said why. */
export interface SuppressedFinding extends Omit<ComplianceFinding, 'level'> {
  /** The suppression's reason. */
  readonly reason: string;
  /** Path of the construct the suppression is on (the resource or an ancestor). */
  readonly suppressedAt: string;
}

/**
 * The compliance report of one stack, written to `cdktf.out/stacks/<stack>/compliance-report.json`
 * at every synth that runs validations. Deterministic (no timestamps), so it diffs cleanly in review.
 */
export interface ComplianceReport {
  /** Format version of this report; bumped on a breaking change of its shape. */
  readonly reportVersion: 1;
  /** Stack id. */
  readonly stack: string;
  /** What findings did to the synth. */
  readonly mode: ComplianceMode;
  /** Whether production-only rules applied. */
  readonly production: boolean;
  /** Ids of the rules evaluated. */
  readonly rules: readonly string[];
  /** Counts over every rule and every resource or release it applies to. */
  readonly summary: {
    /** Checks that applied (compliant, non-compliant or suppressed). */
    readonly checked: number;
    /** Checks the resource or release passed. */
    readonly compliant: number;
    /** Unsuppressed findings: the length of `findings`. */
    readonly nonCompliant: number;
    /** Suppressed findings: the length of `suppressed`. */
    readonly suppressed: number;
  };
  /** Unsuppressed findings, in rule order, then in the order of the synthesized JSON. */
  readonly findings: readonly ComplianceFinding[];
  /** Suppressed findings, with their reason. */
  readonly suppressed: readonly SuppressedFinding[];
}

/** The one-paragraph message of a finding, as shown in a synth warning or error. */
export function formatFinding(f: ComplianceFinding): string {
  const refs = [f.cdkNag.length ? `cdk-nag ${f.cdkNag.join(', ')}` : '', f.checkov.length ? `checkov ${f.checkov.join(', ')}` : '']
    .filter(Boolean).join('; ');
  return `${f.ruleId} (${f.severity}) ${f.address} at '${f.path}': ${f.detail}. ${f.rationale}`
    + (refs ? ` [${refs}]` : '')
    + ` Fix it, or Compliance.suppress(construct, '${f.ruleId}', reason).`;
}
