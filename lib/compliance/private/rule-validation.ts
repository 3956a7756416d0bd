import { CHART_NAMES } from '../../config/charts';
import { Rule, show } from '../../private/validate';
import { COMPLIANCE_RULE_IDS } from '../registry';
import { SEVERITIES, Severity } from '../rule';

/** A rule id: `<PREFIX>-<AREA>-<n>`, capitals and digits (`LGTM-S3-1`, `ACME-TAGS-2`). */
export const RULE_ID = /^[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*$/;

/** The prefix of built-in rule ids; a user's rule takes its own, so a new built-in never takes a user's id. */
export const BUILT_IN_PREFIX = 'LGTM-';

/** The id form as error messages explain it. */
export const RULE_ID_FORM = `<PREFIX>-<AREA>-<n> in capitals and digits with a prefix of your own, not ${BUILT_IN_PREFIX} (e.g. 'ACME-TAGS-1')`;

const KINDS = ['resource', 'helm'];

/** True when `id` can name a user's rule: the id form, outside the built-in prefix. */
export function isUserRuleId(id: unknown): id is string {
  return typeof id === 'string' && RULE_ID.test(id) && !id.startsWith(BUILT_IN_PREFIX);
}

/**
 * The `{ when, message }` table for `LgtmComplianceProps.rules`: every problem of every rule, each
 * message naming the field (`rules[2].severity`), its value and what is allowed.
 */
export function userRuleChecks(rules: unknown): Rule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) {
    return [{ when: true, message: `rules is ${describe(rules)}, but it must be a list of ComplianceRule (ResourceRule or HelmRule objects)` }];
  }
  const firstIndex = new Map<string, number>();
  return rules.flatMap((rule: unknown, i): Rule[] => {
    const at = `rules[${i}]`;
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      return [{ when: true, message: `${at} is ${describe(rule)}, but a rule is a ResourceRule or HelmRule object` }];
    }
    const r = rule as Record<string, unknown>;
    const id = r.id;
    const builtIn = typeof id === 'string' && COMPLIANCE_RULE_IDS.includes(id);
    const first = typeof id === 'string' ? firstIndex.get(id) : undefined;
    if (typeof id === 'string' && first === undefined) firstIndex.set(id, i);
    return [
      {
        when: !builtIn && !isUserRuleId(id),
        message: `${at}.id is ${describe(id)}, but a rule id has the form ${RULE_ID_FORM}`,
      },
      { when: builtIn, message: `${at}.id is ${describe(id)}, but that is the id of a built-in rule; give your rule an id of its own, ${RULE_ID_FORM}` },
      { when: first !== undefined, message: `${at}.id is ${describe(id)}, but rules[${first}] has the same id; rule ids are unique` },
      {
        when: typeof r.rationale !== 'string' || r.rationale.trim() === '' || r.rationale.includes('\n'),
        message: `${at}.rationale is ${describe(r.rationale)}, but a rule needs a one-line rationale: the control and why it matters`,
      },
      {
        when: !SEVERITIES.includes(r.severity as Severity),
        message: `${at}.severity is ${describe(r.severity)}, but allowed severities are ${SEVERITIES.map((s) => `'${s}'`).join(', ')}`,
      },
      { when: !isStringList(r.cdkNag), message: `${at}.cdkNag is ${describe(r.cdkNag)}, but it must be a list of cdk-nag rule ids ([] when cdk-nag has none)` },
      { when: !isStringList(r.checkov), message: `${at}.checkov is ${describe(r.checkov)}, but it must be a list of checkov check ids ([] when checkov has none)` },
      { when: typeof r.check !== 'function', message: `${at}.check is ${describe(r.check)}, but it must be a function returning a Verdict` },
      {
        when: !KINDS.includes(r.kind as string),
        message: `${at}.kind is ${describe(r.kind)}, but allowed kinds are 'resource' (with resourceTypes) and 'helm' (with charts)`,
      },
      {
        when: r.kind === 'resource' && !isTargetList(r.resourceTypes, (t) => t.length > 0),
        message: `${at}.resourceTypes is ${describe(r.resourceTypes)}, but a resource rule needs a non-empty list of Terraform types (data sources prefixed 'data.') or '*'`,
      },
      {
        when: r.kind === 'helm' && !isTargetList(r.charts, (c) => (CHART_NAMES as string[]).includes(c)),
        message: `${at}.charts is ${describe(r.charts)}, but a Helm rule needs a non-empty list of charts (${CHART_NAMES.join(', ')}) or '*'`,
      },
    ];
  });
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isTargetList(value: unknown, allowed: (entry: string) => boolean): boolean {
  if (value === '*') return true;
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && allowed(v));
}

// show() prints JSON; a function or symbol has none.
function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  return show(value) ?? 'undefined';
}
