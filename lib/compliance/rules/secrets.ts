import { literal } from '../private/terraform';
import { COMPLIANT, ResourceRule, nonCompliant } from '../rule';

// Attribute names that hold a credential...
const SECRET_NAME = /(password|passwd|secret|token|private_?key|api_?key|access_?key|credential)/i;
// ...unless the name says it is about the secret, not the secret itself (its id, length, rotation,
// PostgreSQL's password_encryption, MySQL's validate_password.policy, ...).
const ABOUT_A_SECRET = /[._-](arn|id|ids|name|names|version|versions|length|strategy|type|enabled|policy|ttl|url|uri|path|ref|count|key_id|rotation|mode|kms_key|encryption|validity|units)$/i;
// The same in chart values' camelCase: existingSecret, secretName, tokenFile, secretKeyRef, and
// Grafana's userKey / passwordKey (which key of an existing Secret to read).
const ABOUT_A_SECRET_CAMEL = /^existing[A-Z]|[a-z](Arn|Id|Ids|Name|Names|Version|Length|Type|Enabled|Policy|Url|Path|File|Ref|Mode)$|^(user|password|token|secret)Keys?$/;
/**
 * True for an External Secrets template that only reads the synced data (`'{{ .password | ... }}'`),
 * possibly wrapped as a Helm `tpl` string constant (`{{`...`}}`): a reference, not a value. Anything
 * left once the templates are removed, other than quotes and spaces, is literal text.
 */
function readsTemplateData(value: string): boolean {
  const wrapped = /^\{\{`([\s\S]*)`\}\}$/.exec(value);
  const text = wrapped ? wrapped[1] : value;
  const templates = text.match(/\{\{[\s\S]*?\}\}/g) ?? [];
  return templates.length > 0
    && templates.every((t) => /^\{\{-?\s*\.[A-Za-z_]/.test(t))
    && /^['"\s]*$/.test(text.replace(/\{\{[\s\S]*?\}\}/g, ''));
}
// Settings named like secrets that hold none: IMDSv2 on launch templates (http_tokens = "required").
const NOT_SECRETS = new Set(['http_tokens']);
// Meta-arguments and bookkeeping that never carry a credential.
const SKIPPED = new Set(['lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'connection', 'provisioner']);

function findLiterals(value: unknown, path: string, key: string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findLiterals(v, `${path}[${i}]`, key, out));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // name/value pairs (helm `set`, db parameters, container env): the name says what the value is.
    if (typeof obj.name === 'string' && 'value' in obj && isSecretName(obj.name) && literal(obj.value) !== undefined) {
      out.push(`${path}.value (${obj.name})`);
    }
    for (const [k, v] of Object.entries(obj)) {
      if (path === '' && SKIPPED.has(k)) continue;
      findLiterals(v, path ? `${path}.${k}` : k, k, out);
    }
  } else if (isSecretName(key) && literal(value) !== undefined && !String(value).startsWith('$__') && !readsTemplateData(String(value))) {
    // Grafana resolves $__file{...} and $__env{...} at start: a reference, not the credential.
    out.push(path);
  }
}

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !ABOUT_A_SECRET.test(name) && !ABOUT_A_SECRET_CAMEL.test(name) && !NOT_SECRETS.has(name);
}

/**
 * The paths of a tree that hold a literal credential: a resource's config, or a chart's values
 * (LGTM-HELM-2).
 */
export function literalSecrets(config: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  findLiterals(config, '', '', out);
  return out;
}

/** LGTM-SECRET-1: no credential is written as a literal in any resource attribute. */
export const SECRET_LITERALS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-SECRET-1',
  rationale: 'Passwords and tokens come from Secrets Manager or a generator (a reference), never a literal in code, the plan and every state copy.',
  severity: 'high',
  cdkNag: [],
  checkov: ['CKV_AWS_41'],
  resourceTypes: '*',
  check(resource) {
    const found = literalSecrets(resource.config);
    return found.length === 0 ? COMPLIANT : nonCompliant(`literal value in ${found.join(', ')}`);
  },
};

/** The secret-handling rules. */
export const SECRET_RULES: readonly ResourceRule[] = [SECRET_LITERALS];
