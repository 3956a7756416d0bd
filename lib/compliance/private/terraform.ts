// Readers for Terraform JSON as cdktf synthesizes it (a single nested block is an object, a
// repeated one an array; booleans some providers type as strings arrive as 'true').

/** The blocks of a nested-block attribute, whether synthesized as one object or a list. */
export function blocks(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((b): b is Record<string, unknown> => b !== null && typeof b === 'object' && !Array.isArray(b));
}

/** True for `true` and `'true'` (attributes such as at_rest_encryption_enabled are strings in provider 6). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True for a string that holds a Terraform expression (`${...}`): a value known only at apply. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** A literal, non-empty string (no `${...}` in it), or undefined. */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && !value.includes('${') ? value : undefined;
}

/** The strings of a list attribute (a lone string counts as a list of one). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The number an attribute holds, or undefined (unset, or an expression). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

const ADDRESS = /(?:^|[^\w.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g;

/** Terraform addresses (`aws_s3_bucket.x`, `data.aws_iam_policy_document.y`) a value's expressions refer to. */
export function references(value: unknown): string[] {
  const out: string[] = [];
  for (const s of strings(value)) {
    if (!s.includes('${')) continue;
    for (const expr of s.match(/\$\{[^}]*\}?/g) ?? []) {
      for (const m of expr.slice(2).matchAll(ADDRESS)) out.push(m[1]);
    }
  }
  return out;
}

/** The tags of a resource (`tags` attribute), as strings. */
export function tagsOf(config: Readonly<Record<string, unknown>>): Record<string, string> {
  const tags = config.tags;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return {};
  return Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
