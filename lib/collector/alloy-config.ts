import { AlloyComponentName, isAlloyComponentName } from './alloy-components';
import {
  alloyCommentProblem, alloyNumber, alloyObjectKey, isAlloyDottedName, isAlloyIdentifier, quoteAlloyString, rawAlloyString,
} from './alloy-syntax';

/**
 * A value of the Alloy configuration syntax: string, number, bool, null, array, object, or an
 * expression (a reference to another component's export, a standard-library call, a raw string).
 */
export type AlloyValue = string | number | boolean | null | AlloyExpression | readonly AlloyValue[] | AlloyObject;

/** An Alloy object (`{ key = value, ... }`); keys that are not identifiers are quoted. */
export interface AlloyObject {
  readonly [key: string]: AlloyValue;
}

/** An expression that is not a literal: rendered by the builder, never spliced in as text. */
export abstract class AlloyExpression {
  /** The expression as Alloy syntax. */
  public abstract toAlloy(): string;
  /** The component exports this expression reads. */
  public references(): readonly AlloyReference[] {
    return [];
  }
}

/** `<component>.<label>.<field>`: an export of another component, e.g. `loki.write.team_a.receiver`. */
export class AlloyReference extends AlloyExpression {
  constructor(
    /** The component whose export is read. */
    public readonly component: AlloyComponent,
    /** The export's name (`receiver`, `input`, `output`, `targets`). */
    public readonly field: string,
  ) {
    super();
    if (!isAlloyIdentifier(field)) throw new Error(`${component.id}: export ${JSON.stringify(field)} is not an identifier`);
  }

  public toAlloy(): string {
    return `${this.component.id}.${this.field}`;
  }

  public references(): readonly AlloyReference[] {
    return [this];
  }
}

/** The standard-library functions of Alloy 1.18 (syntax/internal/stdlib), without the deprecated and experimental ones. */
export type AlloyFunction =
  | 'sys.env'
  | 'coalesce'
  | 'json_path'
  | 'array.concat'
  | 'convert.nonsensitive'
  | 'encoding.from_json'
  | 'encoding.from_yaml'
  | 'encoding.from_base64'
  | 'encoding.to_json'
  | 'encoding.to_base64'
  | 'encoding.url_encode'
  | 'encoding.url_decode'
  | 'file.path_join'
  | 'string.format'
  | 'string.join'
  | 'string.replace'
  | 'string.split'
  | 'string.to_lower'
  | 'string.to_upper'
  | 'string.trim'
  | 'string.trim_prefix'
  | 'string.trim_suffix'
  | 'string.trim_space';

/** The `constants` of Alloy's standard library. */
export type AlloyConstant = 'hostname' | 'os' | 'arch' | 'version';

/** A standard-library call: `sys.env("HOSTNAME")`. */
export class AlloyCall extends AlloyExpression {
  constructor(
    /** The function called. */
    public readonly fn: AlloyFunction,
    /** Its arguments. */
    public readonly args: readonly AlloyValue[],
  ) {
    super();
    if (!isAlloyDottedName(fn)) throw new Error(`${JSON.stringify(fn)} is not an Alloy function name`);
  }

  public toAlloy(): string {
    return `${this.fn}(${this.args.map((a) => renderValue(a, '')).join(', ')})`;
  }

  public references(): readonly AlloyReference[] {
    return this.args.flatMap(referencesOf);
  }
}

/** `constants.<name>`: a value Alloy knows at run time (`constants.hostname`). */
export class AlloyConstantValue extends AlloyExpression {
  constructor(
    /** The constant. */
    public readonly name: AlloyConstant,
  ) {
    super();
  }

  public toAlloy(): string {
    return `constants.${this.name}`;
  }
}

/** `a + b + ...`: strings (or numbers) joined by Alloy at run time. */
export class AlloyConcat extends AlloyExpression {
  constructor(
    /** The operands, at least two. */
    public readonly parts: readonly AlloyValue[],
  ) {
    super();
    if (parts.length < 2) throw new Error('concat needs at least two operands');
  }

  public toAlloy(): string {
    return this.parts.map((p) => renderValue(p, '')).join(' + ');
  }

  public references(): readonly AlloyReference[] {
    return this.parts.flatMap(referencesOf);
  }
}

/**
 * A string written as a backtick raw string where it can be (no escapes: a regular expression such
 * as `(.+?)(?::\d+)?;(\d+)` reads as written), as a quoted string otherwise.
 */
export class AlloyRawString extends AlloyExpression {
  constructor(
    /** The string's text. */
    public readonly text: string,
  ) {
    super();
    if (typeof text !== 'string') throw new Error(`a raw string needs a string, not ${JSON.stringify(text)}`);
  }

  public toAlloy(): string {
    return rawAlloyString(this.text);
  }
}

/** A nested block (`endpoint { ... }`); its name is the key it is given under in the parent body. */
export class AlloyBlock {
  constructor(
    /** The block's attributes and nested blocks, in order. */
    public readonly body: AlloyBody,
  ) {}
}

/**
 * One entry of a block body: an attribute value, a nested block, several blocks of the same name
 * (`rule`, `endpoint`), or undefined (left out, for optional attributes). An empty array is the
 * attribute `[]`, not zero blocks.
 */
export type AlloyBodyEntry = AlloyValue | AlloyBlock | readonly AlloyBlock[] | undefined;

/** A block body: attributes (identifier keys) and nested blocks (dotted names such as `stage.cri`), in order. */
export interface AlloyBody {
  readonly [name: string]: AlloyBodyEntry;
}

/** One component of a configuration: `<name> "<label>" { ... }`. */
export class AlloyComponent {
  constructor(
    /** The component's name, from the Alloy v1.18.1 list. */
    public readonly name: AlloyComponentName,
    /** The label: an identifier, unique per name. */
    public readonly label: string,
    /** Its arguments and blocks. */
    public readonly body: AlloyBody,
    /** A comment written above it (`// ...`), for people reading the rendered config. */
    public readonly comment?: string,
  ) {}

  /** `<name>.<label>`, how other components reference it. */
  public get id(): string {
    return `${this.name}.${this.label}`;
  }

  /** A reference to one of this component's exports: `component.ref('receiver')`. */
  public ref(field: string): AlloyReference {
    return new AlloyReference(this, field);
  }
}

/** Options of {@link AlloyConfig}. */
export interface AlloyConfigOptions {
  /**
   * Comment lines written at the top of the rendered configuration.
   * @default - none
   */
  readonly header?: string;
}

/**
 * A typed Alloy configuration: components added in order (each may reference only components added
 * before it, so every reference is defined and there is no cycle), rendered once with correct
 * quoting, escaping, trailing commas and one attribute per line.
 * ```ts
 * const config = new AlloyConfig();
 * const mimir = config.add('prometheus.remote_write', 'team_a', { endpoint: block({ url, headers: { 'X-Scope-OrgID': 'team-a' } }) });
 * config.add('prometheus.scrape', 'pods', { targets: [], forward_to: [ref(mimir, 'receiver')] });
 * config.render();
 * ```
 */
export class AlloyConfig {
  private readonly list: AlloyComponent[] = [];
  private readonly header?: string;

  constructor(options: AlloyConfigOptions = {}) {
    if (options.header !== undefined) checkComment(options.header, 'header');
    this.header = options.header;
  }

  /** The components, in the order they were added. */
  public get components(): readonly AlloyComponent[] {
    return [...this.list];
  }

  /**
   * Adds a component. Throws when the name is not an Alloy v1.18.1 component, the label is not an
   * identifier (map user ids with `toAlloyIdentifier` first), the pair is already used, the body is
   * malformed, or it references a component this configuration does not have.
   */
  public add(name: AlloyComponentName, label: string, body: AlloyBody, options: { readonly comment?: string } = {}): AlloyComponent {
    if (!isAlloyComponentName(name)) throw new Error(`${JSON.stringify(name)} is not a component of Alloy v1.18.1 (ALLOY_COMPONENTS)`);
    if (!isAlloyIdentifier(label)) {
      throw new Error(`${name}: label ${JSON.stringify(label)} is not an Alloy identifier (letters, digits and _, not starting with a digit); use toAlloyIdentifier`);
    }
    if (this.find(name, label)) throw new Error(`${name}.${label} is defined twice`);
    if (options.comment !== undefined) checkComment(options.comment, `${name}.${label} comment`);
    const component = new AlloyComponent(name, label, body, options.comment);
    checkBody(body, component.id);
    for (const r of bodyReferences(body)) {
      if (!this.list.includes(r.component)) {
        throw new Error(`${component.id} references ${r.toAlloy()}, but ${r.component.id} is not in this configuration (add it first)`);
      }
    }
    this.list.push(component);
    return component;
  }

  /** The component `<name>.<label>`, or undefined. */
  public find(name: AlloyComponentName, label: string): AlloyComponent | undefined {
    return this.list.find((c) => c.name === name && c.label === label);
  }

  /** The configuration as Alloy syntax: components separated by a blank line, ending with a newline. */
  public render(): string {
    const header = this.header === undefined ? [] : [commentLines(this.header, '').join('\n')];
    const parts = this.list.map((c) => [...(c.comment === undefined ? [] : commentLines(c.comment, '')), ...renderBlock(c.name, c.label, c.body, '')].join('\n'));
    return `${[...header, ...parts].join('\n\n')}\n`;
  }
}

/** A nested block: `{ endpoint: block({ url }) }`, or several: `{ rule: [block(...), block(...)] }`. */
export function block(body: AlloyBody = {}): AlloyBlock {
  return new AlloyBlock(body);
}

/** A reference to an export of `component`: `ref(remoteWrite, 'receiver')` renders `prometheus.remote_write.<label>.receiver`. */
export function ref(component: AlloyComponent, field: string): AlloyReference {
  return component.ref(field);
}

/** A standard-library call: `call('sys.env', 'HOSTNAME')` renders `sys.env("HOSTNAME")`. */
export function call(fn: AlloyFunction, ...args: AlloyValue[]): AlloyCall {
  return new AlloyCall(fn, args);
}

/** A standard-library constant: `constant('hostname')` renders `constants.hostname`. */
export function constant(name: AlloyConstant): AlloyConstantValue {
  return new AlloyConstantValue(name);
}

/** Operands joined with `+`: `concat('spec.nodeName=', call('sys.env', 'HOSTNAME'))`. */
export function concat(...parts: AlloyValue[]): AlloyConcat {
  return new AlloyConcat(parts);
}

/** A raw (backtick) string for regular expressions and OTTL, quoted when it cannot be raw. */
export function raw(text: string): AlloyRawString {
  return new AlloyRawString(text);
}

const INDENT = '  ';
/** Arrays and objects longer than this on one line are written one item per line. */
const INLINE_WIDTH = 72;

function isPlainObject(value: unknown): value is AlloyObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isBlockList(entry: AlloyBodyEntry): entry is readonly AlloyBlock[] {
  return Array.isArray(entry) && entry.length > 0 && entry.every((e) => e instanceof AlloyBlock);
}

function checkComment(text: string, what: string): void {
  const problem = typeof text === 'string' ? alloyCommentProblem(text) : 'a comment must be a string';
  if (problem) throw new Error(`${what}: ${problem}: ${JSON.stringify(text)}`);
}

function commentLines(text: string, indent: string): string[] {
  return text.split('\n').map((line) => (line === '' ? `${indent}//` : `${indent}// ${line}`));
}

/** Checks names and values of a body (recursively), so rendering cannot fail later. */
function checkBody(body: AlloyBody, at: string): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error(`${at}: a block body must be an object`);
  for (const [name, entry] of Object.entries(body)) {
    if (entry === undefined) continue;
    if (entry instanceof AlloyBlock || isBlockList(entry)) {
      if (!isAlloyDottedName(name)) throw new Error(`${at}: block name ${JSON.stringify(name)} is not an identifier or dotted identifiers`);
      for (const b of entry instanceof AlloyBlock ? [entry] : entry) checkBody(b.body, `${at} > ${name}`);
      continue;
    }
    if (!isAlloyIdentifier(name)) throw new Error(`${at}: attribute name ${JSON.stringify(name)} is not an identifier`);
    if (Array.isArray(entry) && entry.some((e) => e instanceof AlloyBlock)) {
      throw new Error(`${at}: ${name} mixes blocks and values; give blocks as an array of block(...) only`);
    }
    // Renders the value once, so a bad number, key or string fails here, naming where it is.
    try {
      renderValue(entry as AlloyValue, '');
    } catch (e) {
      throw new Error(`${at}: ${name}: ${(e as Error).message}`);
    }
  }
}

function referencesOf(value: AlloyValue | undefined): AlloyReference[] {
  if (value instanceof AlloyExpression) return [...value.references()];
  if (Array.isArray(value)) return value.flatMap(referencesOf);
  if (isPlainObject(value)) return Object.values(value).flatMap(referencesOf);
  return [];
}

function bodyReferences(body: AlloyBody): AlloyReference[] {
  return Object.values(body).flatMap((entry) => {
    if (entry instanceof AlloyBlock) return bodyReferences(entry.body);
    if (isBlockList(entry)) return entry.flatMap((b) => bodyReferences(b.body));
    return referencesOf(entry as AlloyValue | undefined);
  });
}

/** `name "label" {` ... `}` (label only on components), one attribute per line, `=` aligned per run. */
function renderBlock(name: string, label: string | undefined, body: AlloyBody, indent: string): string[] {
  const head = label === undefined ? `${indent}${name}` : `${indent}${name} ${quoteAlloyString(label)}`;
  const inner = indent + INDENT;
  const entries = Object.entries(body).filter(([, e]) => e !== undefined);
  if (entries.length === 0) return [`${head} {}`];
  const lines: string[] = [`${head} {`];
  let run: [string, AlloyValue][] = [];
  let previous: 'none' | 'attributes' | 'block' = 'none';
  const flush = () => {
    const width = Math.max(...run.map(([k]) => k.length));
    for (const [k, v] of run) lines.push(`${inner}${k.padEnd(width)} = ${renderValue(v, inner)}`);
    run = [];
  };
  for (const [key, entry] of entries) {
    if (entry instanceof AlloyBlock || isBlockList(entry)) {
      if (run.length > 0) flush();
      // A blank line between a run of attributes and the block after it.
      if (previous === 'attributes') lines.push('');
      for (const b of entry instanceof AlloyBlock ? [entry] : entry) lines.push(...renderBlock(key, undefined, b.body, inner));
      previous = 'block';
    } else {
      if (previous === 'block') lines.push('');
      run.push([key, entry as AlloyValue]);
      previous = 'attributes';
    }
  }
  if (run.length > 0) flush();
  lines.push(`${indent}}`);
  return lines;
}

/** A value as Alloy syntax; `indent` is the indentation of the line it starts on. */
function renderValue(value: AlloyValue, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteAlloyString(value);
  if (typeof value === 'number') return alloyNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof AlloyExpression) return value.toAlloy();
  if (value instanceof AlloyBlock) throw new Error('a block is not a value; give it directly in a body');
  if (Array.isArray(value)) {
    const items = value as readonly AlloyValue[];
    if (items.length === 0) return '[]';
    const inline = `[${items.map((v) => renderValue(v, indent)).join(', ')}]`;
    if (!inline.includes('\n') && inline.length <= INLINE_WIDTH) return inline;
    const inner = indent + INDENT;
    // A multi-line array needs a comma after its last item too (syntax/parser: "missing ','").
    return `[\n${items.map((v) => `${inner}${renderValue(v, inner)},`).join('\n')}\n${indent}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value as AlloyObject);
    if (entries.length === 0) return '{}';
    const inline = `{ ${entries.map(([k, v]) => `${alloyObjectKey(k)} = ${renderValue(v, indent)}`).join(', ')} }`;
    if (!inline.includes('\n') && inline.length <= INLINE_WIDTH) return inline;
    const inner = indent + INDENT;
    return `{\n${entries.map(([k, v]) => `${inner}${alloyObjectKey(k)} = ${renderValue(v, inner)},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`${JSON.stringify(value)} is not an Alloy value`);
}
