import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { SynthesizedStack } from '../../lib/compliance/private/stack-view';
import { ComplianceRule } from '../../lib/compliance/rule';

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
