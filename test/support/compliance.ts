import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { SynthesizedStack } from '../../lib/compliance/private/stack-view';
import { tagsOf } from '../../lib/compliance/private/terraform';
import { COMPLIANT, ComplianceRule, ResourceRule, nonCompliant } from '../../lib/compliance/rule';

/** An empty stack with the AWS provider and no compliance check: rules are run on it directly. */
export function bareStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/**
 * What `rule` says about each resource (or Helm release) it looks at in `stack`, by address:
 * `'compliant'`, `'not-applicable'` or `'non-compliant: <detail>'`.
 */
export function verdicts(stack: TerraformStack, rule: ComplianceRule, production = false): Record<string, string> {
  const view = new SynthesizedStack(stack, production);
  const out: Record<string, string> = {};
  for (const target of view.targetsOf(rule)) {
    const v = view.verdictOf(rule, target);
    out[target.address] = v.status === 'non-compliant' ? `non-compliant: ${v.detail}` : v.status;
  }
  return out;
}

/** A user's own rule for tests, ACME-TAGS-1: a KMS key carries an owner tag. */
export const OWNER_TAG_RULE: ResourceRule = {
  kind: 'resource',
  id: 'ACME-TAGS-1',
  rationale: 'Every KMS key names its owning team, so an alarm on it reaches someone.',
  severity: 'low',
  cdkNag: [],
  checkov: ['CKV_AWS_999'],
  resourceTypes: ['aws_kms_key'],
  check: (key) => (tagsOf(key.config).owner ? COMPLIANT : nonCompliant('tag owner is missing')),
};
