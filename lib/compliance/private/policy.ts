import { StackView, SynthesizedResource } from '../rule';
import { blocks, references, strings } from './terraform';

/** One statement of an IAM policy, read from a policy document data source or a JSON string. */
export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** `NotAction` entries: an Allow with NotAction grants everything else. */
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
  /** Principals of a resource or trust policy (`Service`, `AWS`, `Federated`); empty in identity policies. */
  readonly principals: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
}

/**
 * The statements of a `policy`-like attribute: a JSON string (tokens inside are fine), a reference
 * to an `aws_iam_policy_document` data source's `json`, or nothing. Undefined when the policy cannot
 * be read at synth (an HCL `jsonencode(...)` expression, a policy from elsewhere).
 */
export function policyStatements(policy: unknown, stack: StackView): PolicyStatement[] | undefined {
  if (policy === undefined || policy === null || policy === '') return [];
  if (typeof policy !== 'string') return undefined;
  const ref = /^\$\{(data\.aws_iam_policy_document\.[\w-]+)\.(json|minified_json)\}$/.exec(policy.trim());
  if (ref) {
    const doc = stack.byAddress(ref[1]);
    return doc ? documentStatements(doc.config, stack) : undefined;
  }
  try {
    return jsonStatements(JSON.parse(policy));
  } catch {
    return undefined;
  }
}

function documentStatements(doc: Readonly<Record<string, unknown>>, stack: StackView): PolicyStatement[] | undefined {
  const out: PolicyStatement[] = [];
  for (const key of ['source_policy_documents', 'override_policy_documents']) {
    for (const source of strings(doc[key])) {
      const more = policyStatements(source, stack);
      if (!more) return undefined;
      out.push(...more);
    }
  }
  for (const s of blocks(doc.statement)) {
    out.push({
      effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
      principals: blocks(s.principals).map((p) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    });
  }
  return out;
}

function jsonStatements(doc: unknown): PolicyStatement[] | undefined {
  if (doc === null || typeof doc !== 'object') return undefined;
  const raw = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object').map((s) => ({
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    conditions: Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, vars]) =>
      Object.entries(vars ?? {}).map(([variable, values]) => ({
        test,
        variable,
        values: (Array.isArray(values) ? values : [values]).map(String),
      })),
    ),
    principals: typeof s.Principal === 'object' && s.Principal !== null
      ? Object.entries(s.Principal as Record<string, unknown>).map(([type, ids]) => ({ type, identifiers: strings(ids) }))
      : s.Principal === undefined ? [] : [{ type: 'AWS', identifiers: strings(s.Principal) }],
  }));
}

/** True when `value` (a policy resource ARN) points at the resource at `address`, or at its literal ARN prefix. */
export function policyResourceTargets(value: string, address: string, literalArn?: string): boolean {
  if (references(value).includes(address)) return true;
  return literalArn !== undefined && (value === literalArn || value.startsWith(`${literalArn}/`));
}

/**
 * The identity policies a role carries: inline_policy blocks, aws_iam_role_policy, and
 * aws_iam_policy attached with aws_iam_role_policy_attachment. Each as its raw `policy` attribute.
 */
export function rolePolicies(role: SynthesizedResource, stack: StackView): unknown[] {
  const inline = blocks(role.config.inline_policy).map((p) => p.policy);
  const rolePolicy = stack.linked(role, 'aws_iam_role_policy', 'role').map((p) => p.config.policy);
  const attached = stack
    .linked(role, 'aws_iam_role_policy_attachment', 'role')
    .flatMap((a) => references(a.config.policy_arn))
    .map((addr) => stack.byAddress(addr))
    .filter((p) => p?.type === 'aws_iam_policy')
    .map((p) => p!.config.policy);
  return [...inline, ...rolePolicy, ...attached];
}
