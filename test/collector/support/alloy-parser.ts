// A small parser of the Alloy configuration syntax, written from grafana/alloy syntax/scanner and
// syntax/parser at v1.18.1, for reading rendered configurations back in tests. It is strict where
// Alloy is: block labels must be identifiers, quoted strings take only Go escapes, a multi-line
// array or object needs a comma after its last item, statements end at a newline. It does not
// evaluate anything.

/** A parsed value. */
export type AlloyAst =
  | { readonly kind: 'string'; readonly value: string; readonly raw: boolean }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'array'; readonly items: readonly AlloyAst[] }
  | { readonly kind: 'object'; readonly fields: readonly (readonly [string, AlloyAst])[] }
  | { readonly kind: 'ident'; readonly path: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly AlloyAst[] }
  | { readonly kind: 'binary'; readonly op: string; readonly left: AlloyAst; readonly right: AlloyAst };

/** A parsed statement: an attribute or a block. */
export type AlloyStatement =
  | { readonly kind: 'attribute'; readonly name: string; readonly value: AlloyAst; readonly line: number }
  | { readonly kind: 'block'; readonly name: string; readonly label?: string; readonly body: readonly AlloyStatement[]; readonly line: number };

type TokenKind = 'ident' | 'string' | 'raw' | 'number' | 'punct' | 'newline' | 'eof';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  /** For strings: the decoded value. */
  readonly value?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = ['true', 'false', 'null'];

/** True when `s` is an Alloy identifier (ASCII subset), as the parser requires of block labels. */
export function isIdentifier(s: string): boolean {
  return IDENT.test(s) && !KEYWORDS.includes(s);
}

function fail(line: number, message: string): never {
  throw new Error(`alloy syntax, line ${line}: ${message}`);
}

/** Decodes the inside of a double-quoted string with Go's escapes (syntax/scanner `scanEscape`). */
function decodeQuoted(body: string, line: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e in simple) {
      out += simple[e];
      continue;
    }
    const digits = (n: number, base: number) => {
      const text = body.slice(i + (base === 8 ? 0 : 1), i + (base === 8 ? 0 : 1) + n);
      const valid = base === 8 ? /^[0-7]+$/ : /^[0-9A-Fa-f]+$/;
      if (text.length !== n || !valid.test(text)) fail(line, `illegal escape sequence \\${e}${text}`);
      i += base === 8 ? n - 1 : n;
      return parseInt(text, base);
    };
    if (/[0-7]/.test(e)) out += String.fromCharCode(digits(3, 8));
    else if (e === 'x') out += String.fromCharCode(digits(2, 16));
    else if (e === 'u') out += String.fromCodePoint(digits(4, 16));
    else if (e === 'U') out += String.fromCodePoint(digits(8, 16));
    else fail(line, `unknown escape sequence \\${e ?? ''}`);
  }
  return out;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      tokens.push({ kind: 'newline', text: ch, line });
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail(line, 'comment not terminated');
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') fail(line, 'string literal not terminated');
        j += text[j] === '\\' ? 2 : 1;
      }
      if (j >= text.length) fail(line, 'string literal not terminated');
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), line, value: decodeQuoted(text.slice(i + 1, j), line) });
      i = j + 1;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) fail(line, 'raw string not terminated');
      const body = text.slice(i + 1, end);
      tokens.push({ kind: 'raw', text: text.slice(i, end + 1), line, value: body });
      line += body.split('\n').length - 1;
      i = end + 1;
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], line });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], line });
      i += m[0].length;
    } else if ('{}[]()=,.+-'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, line });
      i++;
    } else {
      fail(line, `unexpected character ${JSON.stringify(ch)}`);
    }
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(skipNewlines = false): Token {
    let p = this.pos;
    while (skipNewlines && this.tokens[p].kind === 'newline') p++;
    return this.tokens[p];
  }

  private next(skipNewlines = false): Token {
    if (skipNewlines) this.skipNewlines();
    return this.tokens[this.pos++];
  }

  private skipNewlines(): void {
    while (this.tokens[this.pos].kind === 'newline') this.pos++;
  }

  private expect(text: string, skipNewlines = false): Token {
    const t = this.next(skipNewlines);
    if (t.text !== text || (t.kind !== 'punct' && t.kind !== 'ident')) fail(t.line, `expected ${text}, got ${JSON.stringify(t.text)}`);
    return t;
  }

  /** A body: statements, each ended by a newline (or the closing brace / end of file). */
  public body(until: string): AlloyStatement[] {
    const out: AlloyStatement[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if ((until === 'eof' && t.kind === 'eof') || (t.kind === 'punct' && t.text === until)) return out;
      if (t.kind === 'eof') fail(t.line, `missing ${until}`);
      out.push(this.statement());
      const end = this.peek();
      if (end.kind !== 'newline' && !(end.kind === 'punct' && end.text === until) && !(until === 'eof' && end.kind === 'eof')) {
        fail(end.line, `expected a newline after a statement, got ${JSON.stringify(end.text)}`);
      }
    }
  }

  private statement(): AlloyStatement {
    const first = this.next();
    if (first.kind !== 'ident') fail(first.line, `expected a statement, got ${JSON.stringify(first.text)}`);
    let name = first.text;
    while (this.peek().kind === 'punct' && this.peek().text === '.') {
      this.next();
      const part = this.next();
      if (part.kind !== 'ident') fail(part.line, `expected an identifier after '.', got ${JSON.stringify(part.text)}`);
      name += `.${part.text}`;
    }
    const t = this.next();
    if (t.kind === 'punct' && t.text === '=') {
      if (name.includes('.')) fail(t.line, `attribute names may not contain '.': ${name}`);
      return { kind: 'attribute', name, value: this.expression(), line: first.line };
    }
    let label: string | undefined;
    let open = t;
    if (t.kind === 'string' || t.kind === 'raw') {
      if (t.kind === 'raw') fail(t.line, 'expected block label to be a double quoted string');
      label = t.value!;
      if (!isIdentifier(label)) fail(t.line, `expected block label to be a valid identifier, but got ${JSON.stringify(label)}`);
      open = this.next();
    }
    if (!(open.kind === 'punct' && open.text === '{')) fail(open.line, `expected '{' after block name ${name}, got ${JSON.stringify(open.text)}`);
    const body = this.body('}');
    this.expect('}', true);
    return { kind: 'block', name, label, body, line: first.line };
  }

  /** Binary `+` (the only operator the builder writes), left-associative. */
  public expression(): AlloyAst {
    let left = this.primary();
    while (this.peek().kind === 'punct' && this.peek().text === '+') {
      this.next();
      left = { kind: 'binary', op: '+', left, right: this.primary() };
    }
    return left;
  }

  private primary(): AlloyAst {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'raw') return { kind: 'string', value: t.value!, raw: t.kind === 'raw' };
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.kind === 'punct' && t.text === '-') {
      const n = this.next();
      if (n.kind !== 'number') fail(n.line, 'expected a number after -');
      return { kind: 'number', value: -Number(n.text) };
    }
    if (t.kind === 'punct' && t.text === '[') return { kind: 'array', items: this.list(']', () => this.expression()) };
    if (t.kind === 'punct' && t.text === '{') {
      return {
        kind: 'object',
        fields: this.list('}', () => {
          const key = this.next();
          if (key.kind !== 'ident' && key.kind !== 'string') fail(key.line, `expected field name (string or identifier), got ${JSON.stringify(key.text)}`);
          // Alloy keeps a quoted key's text as written (parseField does not unescape it).
          const name = key.kind === 'string' ? key.text.slice(1, -1) : key.text;
          this.expect('=');
          return [name, this.expression()] as const;
        }),
      };
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true' };
      if (t.text === 'null') return { kind: 'null' };
      let path = t.text;
      while (this.peek().kind === 'punct' && this.peek().text === '.') {
        this.next();
        const part = this.next();
        if (part.kind !== 'ident') fail(part.line, `expected an identifier after '.', got ${JSON.stringify(part.text)}`);
        path += `.${part.text}`;
      }
      if (this.peek().kind === 'punct' && this.peek().text === '(') {
        this.next();
        return { kind: 'call', fn: path, args: this.list(')', () => this.expression()) };
      }
      return { kind: 'ident', path };
    }
    return fail(t.line, `expected an expression, got ${JSON.stringify(t.text)}`);
  }

  /**
   * Items up to `close`, separated by commas. Newlines may stand before an item and before the
   * closing bracket, but an item followed by a newline must have its comma (the scanner inserts a
   * terminator there: "missing ',' in expression list").
   */
  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().kind === 'punct' && this.peek().text === close) {
        this.next();
        return items;
      }
      items.push(item());
      const t = this.peek();
      if (t.kind === 'punct' && t.text === ',') {
        this.next();
        continue;
      }
      if (t.kind === 'punct' && t.text === close) continue;
      fail(t.line, t.kind === 'newline' ? `missing ',' before a newline in a list closed by ${close}` : `expected ',' or ${close}, got ${JSON.stringify(t.text)}`);
    }
  }
}

/** Parses a whole configuration; throws with the line of the first syntax error. */
export function parseAlloy(text: string): AlloyStatement[] {
  const parser = new Parser(tokenize(text));
  return parser.body('eof');
}

/** A component of a parsed configuration: a top-level block with a label. */
export interface ParsedComponent {
  readonly name: string;
  readonly label: string;
  readonly body: readonly AlloyStatement[];
}

/** The top-level labelled blocks of a configuration. */
export function componentsOf(doc: readonly AlloyStatement[]): ParsedComponent[] {
  return doc.flatMap((s) => (s.kind === 'block' && s.label !== undefined ? [{ name: s.name, label: s.label, body: s.body }] : []));
}

/** The value of attribute `name` in a body, or undefined. */
export function attribute(body: readonly AlloyStatement[], name: string): AlloyAst | undefined {
  const found = body.find((s) => s.kind === 'attribute' && s.name === name);
  return found && found.kind === 'attribute' ? found.value : undefined;
}

/** The nested blocks called `name` in a body. */
export function blocksOf(body: readonly AlloyStatement[], name: string): (readonly AlloyStatement[])[] {
  return body.flatMap((s) => (s.kind === 'block' && s.name === name ? [s.body] : []));
}

/** Every identifier path a value reads (references and standard-library names), calls' names left out. */
export function identifiersIn(value: AlloyAst | undefined): string[] {
  if (!value) return [];
  switch (value.kind) {
    case 'ident':
      return [value.path];
    case 'array':
      return value.items.flatMap(identifiersIn);
    case 'object':
      return value.fields.flatMap(([, v]) => identifiersIn(v));
    case 'call':
      return value.args.flatMap(identifiersIn);
    case 'binary':
      return [...identifiersIn(value.left), ...identifiersIn(value.right)];
    default:
      return [];
  }
}

/** Every identifier path read anywhere in a body (attributes of nested blocks included). */
export function identifiersInBody(body: readonly AlloyStatement[]): string[] {
  return body.flatMap((s) => (s.kind === 'attribute' ? identifiersIn(s.value) : identifiersInBody(s.body)));
}

/** A value as plain data: strings, numbers, booleans, null, arrays, objects; references as `{ ref }`. */
export function plain(value: AlloyAst | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(plain);
    case 'object':
      return Object.fromEntries(value.fields.map(([k, v]) => [k, plain(v)]));
    case 'ident':
      return { ref: value.path };
    case 'call':
      return { call: value.fn, args: value.args.map(plain) };
    case 'binary':
      return { op: value.op, left: plain(value.left), right: plain(value.right) };
  }
}

/** A body as plain data: attributes by name, nested blocks by name as lists of bodies. */
export function plainBody(body: readonly AlloyStatement[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of body) {
    if (s.kind === 'attribute') out[s.name] = plain(s.value);
    else out[s.name] = [...((out[s.name] as unknown[]) ?? []), plainBody(s.body)];
  }
  return out;
}
