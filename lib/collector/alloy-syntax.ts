// The lexical rules of the Alloy configuration syntax (grafana/alloy syntax/scanner and syntax/parser
// at v1.18.1) that the builder needs: identifiers, string literals, object keys, numbers. Every
// string this file writes is also safe in the two template languages the config passes through on
// its way to Alloy: Terraform (the helm_release values are a Terraform string, where `${` and `%{`
// start an interpolation or a directive) and Helm (the chart renders alloy.configMap.content with
// `tpl`, where `{{` starts an action). Those sequences are written as Go hex escapes inside quoted
// strings, so the text Alloy reads is exactly the text the builder meant.

/** Words the scanner reads as literals, never as identifiers (syntax/token/token.go `Lookup`). */
export const ALLOY_KEYWORDS: readonly string[] = ['true', 'false', 'null'];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** cdktf's marker for a string token (`${TfToken[TOKEN.12]}`), resolved by cdktf at synth. */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/**
 * True when `name` is an Alloy identifier: an ASCII letter or `_`, then letters, digits or `_`, and
 * not a keyword. Block labels must be identifiers (the parser refuses `"team-a"` as a label).
 * Alloy also accepts non-ASCII letters; this library stays within ASCII.
 */
export function isAlloyIdentifier(name: unknown): boolean {
  return typeof name === 'string' && IDENTIFIER.test(name) && !ALLOY_KEYWORDS.includes(name);
}

/**
 * `name` made into an Alloy identifier the way Alloy's own `SanitizeIdentifier` does it (syntax/
 * scanner/identifier.go): every character other than a letter, digit or `_` becomes `_`, and a
 * leading digit gets a `_` in front; a keyword gets one too. `team-a` → `team_a`, `1st` → `_1st`.
 * Different inputs can give the same identifier (`team-a`, `team_a`): callers that derive labels
 * must check for that. Throws on an empty string or a token.
 */
export function toAlloyIdentifier(name: string): string {
  if (typeof name !== 'string' || name === '') throw new Error(`cannot make an Alloy identifier of ${JSON.stringify(name)}`);
  if (hasToken(name)) throw new Error(`cannot make an Alloy identifier of '${name}': it is a token, unknown until apply`);
  if (isAlloyIdentifier(name)) return name;
  const replaced = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(replaced) || ALLOY_KEYWORDS.includes(replaced) ? `_${replaced}` : replaced;
}

/** True when `name` is one or more identifiers joined by `.` (`stage.cri`, `sys.env`). */
export function isAlloyDottedName(name: unknown): boolean {
  return typeof name === 'string' && name.split('.').every(isAlloyIdentifier);
}

/** True when `text` holds a cdktf string token (a value known only when Terraform applies). */
export function hasToken(text: string): boolean {
  STRING_TOKEN.lastIndex = 0;
  return STRING_TOKEN.test(text);
}

/**
 * `text` as an Alloy double-quoted string. Escapes follow Go (syntax/scanner/scanner.go
 * `scanEscape`): `\\`, `\"`, `\n`, `\r`, `\t`, and `\xHH` for other control characters. A `{`
 * right after `{`, a `$` before `{` or `$`, and a `%` before `{` are written as `\x7b`, `\x24` and
 * `\x25`, so neither Helm's `tpl` nor Terraform's templates see an opening sequence. cdktf tokens
 * are kept as they are, for cdktf to resolve into the Terraform expression they stand for.
 */
export function quoteAlloyString(text: string): string {
  let out = '"';
  let last = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let m = STRING_TOKEN.exec(text); m; m = STRING_TOKEN.exec(text)) {
    out += escapeLiteral(text.slice(last, m.index), text, last) + m[0];
    last = m.index + m[0].length;
  }
  return `${out}${escapeLiteral(text.slice(last), text, last)}"`;
}

/** Escapes `literal`, which starts at `offset` in `whole` (the next character decides `$`, `%`, `{`). */
function escapeLiteral(literal: string, whole: string, offset: number): string {
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const ch = literal[i];
    const prev = offset + i > 0 ? whole[offset + i - 1] : '';
    const next = whole[offset + i + 1] ?? '';
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (ch === '{' && prev === '{') out += '\\x7b';
    else if (ch === '$' && (next === '{' || next === '$')) out += '\\x24';
    else if (ch === '%' && next === '{') out += '\\x25';
    else out += ch;
  }
  return out;
}

/**
 * `text` as an Alloy raw (backtick) string when it can be one: raw strings have no escapes, so a
 * regular expression reads as written. Falls back to {@link quoteAlloyString} when `text` holds a
 * backtick, a control character other than newline and tab, a template opening (`{{`, `${`, `%{`)
 * or a token.
 */
export function rawAlloyString(text: string): string {
  // eslint-disable-next-line no-control-regex
  const unsafe = /`|[\x00-\x08\x0b-\x1f\x7f]|\{\{|\$\{|%\{/.test(text);
  return unsafe ? quoteAlloyString(text) : `\`${text}\``;
}

/**
 * Why `key` cannot be an object key, or undefined. The parser keeps a quoted key's text as written
 * (syntax/parser/internal.go `parseField` strips the quotes without unescaping), so a key that needs
 * an escape cannot be written at all; template openings and tokens are refused for the same reason
 * as in strings.
 */
export function alloyObjectKeyProblem(key: string): string | undefined {
  if (key === '') return 'an object key cannot be empty';
  if (hasToken(key)) return 'an object key must be known at synth, not a token';
  // eslint-disable-next-line no-control-regex
  if (/["\\`\x00-\x1f\x7f]/.test(key)) return 'an object key cannot hold a quote, backslash, backtick or control character (Alloy does not unescape keys)';
  if (/\{\{|\$\{|%\{/.test(key)) return "an object key cannot hold '{{', '${' or '%{' (Helm or Terraform would read it as a template)";
  return undefined;
}

/** `key` as an object key: bare when it is an identifier, else double-quoted. */
export function alloyObjectKey(key: string): string {
  const problem = alloyObjectKeyProblem(key);
  if (problem) throw new Error(`${problem}: ${JSON.stringify(key)}`);
  return isAlloyIdentifier(key) ? key : `"${key}"`;
}

/**
 * `value` as an Alloy number literal: a finite number in plain decimal notation. Throws for NaN,
 * infinities and the numbers JavaScript prints with an exponent (1e21, 1e-7), and so for cdktf
 * number tokens, which are encoded as such numbers.
 */
export function alloyNumber(value: number): string {
  const text = String(value);
  if (!Number.isFinite(value) || /e/i.test(text)) {
    throw new Error(`${text} cannot be an Alloy number: write finite numbers without an exponent (a number token is unknown until apply)`);
  }
  return text;
}

/**
 * Why `text` cannot be a `//` comment, or undefined: comments are not strings, so nothing can be
 * escaped in them.
 */
export function alloyCommentProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) return 'a comment cannot hold control characters';
  if (/\{\{|\$\{|%\{|\*\//.test(text)) return "a comment cannot hold '{{', '${', '%{' or '*/'";
  return undefined;
}
