import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing, TerraformStack } from 'cdktf';

/** An empty stack with the aws, kubernetes and helm providers, so `Testing.synth(stack, true)` validates. */
export function testStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new KubernetesProvider(stack, 'kubernetes', {});
  new HelmProvider(stack, 'helm', {});
  return stack;
}
