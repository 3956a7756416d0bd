import { ChartValuesIndex, ValuesIndexMap, ValuesIndexNode, chartValuesIndex } from '../config/chart-index';
import { ChartPin } from '../config/charts';
import { isPlainObject } from './values';

/** A values path the chart does not declare but does read, allowed on one release. */
export interface AllowUnknownValue {
  /**
   * Dotted path prefix, e.g. `loki.storage.s3.extraOption`: the path itself and everything below it
   * (`.key` or `[index]`) is accepted.
   */
  readonly path: string;
  /**
   * Why the chart reads this path although its values.yaml does not declare it (a template line,
   * an issue link). At least 10 characters (MIN_REASON_LENGTH) of real words.
   */
  readonly reason: string;
}

/** One values path the pinned chart does not have. */
export interface UnknownValue {
  /** The full dotted path, list items as `[i]`, e.g. `ingestor.replicas`. */
  readonly path: string;
  /** The nearest existing paths, best first (may be empty). */
  readonly suggestions: string[];
  /**
   * The chart's plain value (e.g. a string) the path goes below.
   * @default - none: the path's parent is a map of the chart
   */
  readonly belowValue?: string;
}

const MAX_SUGGESTIONS = 3;

/** True when the allowUnknownValues prefix `prefix` covers `path` (itself, `.key` or `[i]` below). */
export function allowsPath(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/**
 * The paths in `values` that the chart `pin` does not have, per its generated values index
 * (lib/config/charts), skipping paths under `allow`. Throws when no index exists for the pin's version.
 */
export function findUnknownValues(
  pin: Pick<ChartPin, 'chart' | 'version'>,
  values: Readonly<Record<string, unknown>>,
  allow: readonly AllowUnknownValue[] = [],
): UnknownValue[] {
  const index = chartValuesIndex(pin.chart, pin.version);
  const allowed = (path: string) => allow.some((a) => allowsPath(a.path, path));
  const out: UnknownValue[] = [];
  const walk = (node: ValuesIndexNode, value: unknown, path: string) => {
    if (node === 1) return;
    if (Array.isArray(value)) {
      if (Array.isArray(node)) value.forEach((item, i) => walk(node[0], item, `${path}[${i}]`));
      return;
    }
    // A list in the chart given as a map (or the reverse) is a type question for the chart, not a key.
    if (!isPlainObject(value) || Array.isArray(node)) return;
    for (const [key, sub] of Object.entries(value)) {
      const full = path ? `${path}.${key}` : key;
      if (allowed(full)) continue;
      const child = node === 0 ? undefined : node[key];
      if (node === 0) out.push({ path: full, suggestions: [], belowValue: path });
      // An entry may name a path deeper than the unknown key: skip it when it covers every leaf below.
      else if (child === undefined && allow.length > 0 && leaves(sub, full).every(allowed)) continue;
      else if (child === undefined) out.push({ path: full + chain(sub), suggestions: suggest(index, node, path, key, sub) });
      else walk(child, sub, full);
    }
  };
  walk(index.keys, values, '');
  return out;
}

/**
 * Throws when `values` has paths the chart does not have. The message names `label` (the release),
 * every unknown path with its nearest existing keys, and how to allow a path the chart reads.
 */
export function assertKnownValues(
  label: string,
  pin: Pick<ChartPin, 'chart' | 'version'>,
  values: Readonly<Record<string, unknown>>,
  allow: readonly AllowUnknownValue[] = [],
): void {
  const unknown = findUnknownValues(pin, values, allow);
  if (unknown.length === 0) return;
  const lines = unknown.map((u) => {
    if (u.belowValue !== undefined) return `${u.path}: ${u.belowValue} is a plain value in the chart, it has no keys`;
    const hint = u.suggestions.length > 0 ? `did you mean ${u.suggestions.join(' or ')}?` : 'no similar key in the chart';
    return `${u.path}: not a key of the chart (${hint})`;
  });
  throw new Error(
    `${label}: values have ${unknown.length} path(s) that ${pin.chart} ${pin.version} does not have ` +
      `(Helm would ignore them): ${lines.join('; ')}. Fix the key, or if the chart reads it without ` +
      "declaring it, add allowUnknownValues: [{ path, reason }]",
  );
}

/**
 * The nearest existing paths for an unknown `key` under `parent`: siblings within a small edit
 * distance (ignoring case, `_` and `-`), else the same key elsewhere in the chart. The user's
 * remaining path below the key is kept where the suggested key has it.
 */
function suggest(index: ChartValuesIndex, parent: ValuesIndexMap, path: string, key: string, value: unknown): string[] {
  const prefix = path ? `${path}.` : '';
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const limit = Math.max(2, Math.floor(key.length / 3));
  const siblings = Object.keys(parent)
    .map((k) => ({ k, d: norm(k) === norm(key) ? 0 : distance(k, key) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => prefix + c.k + tail(parent[c.k], value));
  if (siblings.length > 0) return siblings;
  const elsewhere: string[] = [];
  const visit = (node: ValuesIndexNode, at: string, depth: number) => {
    if (elsewhere.length >= MAX_SUGGESTIONS || typeof node !== 'object' || Array.isArray(node) || depth > 8) return;
    for (const [k, child] of Object.entries(node)) {
      const here = at ? `${at}.${k}` : k;
      if (k === key) elsewhere.push(here + tail(child, value));
      if (elsewhere.length >= MAX_SUGGESTIONS) return;
      visit(child, here, depth + 1);
    }
  };
  visit(index.keys, '', 0);
  return elsewhere;
}

/** `.replicas` when the user wrote `{ replicas: 3 }` below the key and the suggested key has `replicas`. */
function tail(node: ValuesIndexNode, value: unknown): string {
  if (!isPlainObject(value) || typeof node !== 'object' || Array.isArray(node)) return '';
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(keys[0] in node)) return '';
  return `.${keys[0]}${tail(node[keys[0]], value[keys[0]])}`;
}

/** The paths of every leaf (scalar, list or empty map) in `value`, below `path`. */
function leaves(value: unknown, path: string): string[] {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
}

/** `.replicas` for `{ replicas: 3 }`: the user's path below an unknown key while it has one key. */
function chain(value: unknown): string {
  if (!isPlainObject(value)) return '';
  const keys = Object.keys(value);
  // Stop at a key that is data (a label like topology.kubernetes.io/zone), not a chart key.
  return keys.length === 1 && /^[A-Za-z_][\w-]*$/.test(keys[0]) ? `.${keys[0]}${chain(value[keys[0]])}` : '';
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
