import { Testing, TerraformStack } from 'cdktf';

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
