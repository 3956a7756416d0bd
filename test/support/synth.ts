import * as fs from 'fs';
import * as path from 'path';
import { App, Testing, TerraformStack } from 'cdktf';

/** A synthesized stack's Terraform JSON, parsed. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly output?: Record<string, { value: unknown }>;
  readonly terraform?: Record<string, unknown>;
}

/** Synthesizes `stack` (running its validations) and parses the JSON. */
export function synthJson(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
}

/** Every resource of `type` in a synthesized stack, keyed by logical id. */
export function resourcesOf(json: SynthesizedStack, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/**
 * Synthesizes a whole app the way `npm run synth` does (validations, compliance, cross-stack
 * references as terraform_remote_state) into a temporary directory, and parses every stack.
 */
export function synthApp(app: App): Record<string, SynthesizedStack> {
  app.synth();
  const stacksDir = path.join(app.outdir, 'stacks');
  return Object.fromEntries(
    fs.readdirSync(stacksDir).map((id) => [id, JSON.parse(fs.readFileSync(path.join(stacksDir, id, 'cdk.tf.json'), 'utf8'))]),
  );
}
