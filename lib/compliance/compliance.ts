import { Aspects, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { MIN_REASON_LENGTH, check } from '../private/validate';
import { LgtmCompliance, LgtmComplianceProps } from './lgtm-compliance';
import { RULE_ID_FORM, isUserRuleId } from './private/rule-validation';
import { recordSuppression } from './private/suppressions';
import { COMPLIANCE_RULE_IDS } from './registry';

/** Shortest suppression reason accepted, as in cdk-nag. */
export const MIN_SUPPRESSION_REASON = MIN_REASON_LENGTH;

const APPLIED = new WeakMap<TerraformStack, LgtmCompliance>();

/**
 * The compliance check in one line: `Compliance.of(stack, { production: true })` checks a stack,
 * `Compliance.of(stack, { rules: [myRule] })` adds rules of your own, and
 * `Compliance.suppress(bucket, 'LGTM-S3-5', 'why, in words')` accepts one finding on purpose.
 */
export class Compliance {
  /**
   * Adds the compliance check to `stack` and returns it. Every stack of this project already has one
   * (EnvironmentStack); use this for your own stacks.
   */
  public static of(stack: TerraformStack, props: LgtmComplianceProps = {}): LgtmCompliance {
    if (!TerraformStack.isStack(stack)) {
      throw new Error(`Compliance.of: ${describe(stack)} is not a TerraformStack; pass the stack to check`);
    }
    const existing = APPLIED.get(stack);
    if (existing) {
      throw new Error(`Compliance.of: stack '${stack.node.path}' already has a compliance check (mode '${existing.mode}'); a stack has one`);
    }
    const check = new LgtmCompliance(props);
    Aspects.of(stack).add(check);
    APPLIED.set(stack, check);
    return check;
  }

  /**
   * Accepts findings of `ruleId` on `construct` and every construct under it. The finding still
   * appears in the report, under `suppressed`, with the reason. A built-in id is checked here; the id
   * of a rule of your own is checked at synth, where the stack's check must run a rule with that id.
   * @param ruleId a built-in id (`LGTM-S3-5`) or the id of a rule in `LgtmComplianceProps.rules`
   * @param reason why breaking the rule is right here: at least 10 characters, for the reviewer
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string): void {
    const known = `built-in rule ids: ${COMPLIANCE_RULE_IDS.join(', ')}`;
    if (!Construct.isConstruct(construct)) {
      throw new Error(`Compliance.suppress: ${describe(construct)} is not a construct; suppress ${JSON.stringify(ruleId)} on the construct that owns the resource (${known})`);
    }
    const label = `Compliance.suppress '${construct.node.path}'`;
    check(label, [
      // An LGTM- id that is not built in is a typo: caught now. Other ids name a user's rule, known only to the stack's check.
      {
        when: !COMPLIANCE_RULE_IDS.includes(ruleId) && !isUserRuleId(ruleId),
        message: `ruleId is ${JSON.stringify(ruleId)}, but it is not a rule; ${known}; a rule of your own has an id of the form ${RULE_ID_FORM}`,
      },
      {
        when: typeof reason !== 'string' || reason.trim().length < MIN_SUPPRESSION_REASON,
        message: `reason is ${JSON.stringify(reason)}, but a suppression needs a reason of at least ${MIN_SUPPRESSION_REASON} characters saying why the rule does not apply`,
      },
    ]);
    recordSuppression(construct, ruleId, reason.trim());
  }

  private constructor() {}
}

function describe(value: unknown): string {
  if (Construct.isConstruct(value)) return `construct '${value.node.path}'`;
  if (value === null || value === undefined) return String(value);
  let json: string;
  try {
    json = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  } catch {
    json = '...';
  }
  return typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'} (${json})` : `${typeof value} ${json}`;
}
