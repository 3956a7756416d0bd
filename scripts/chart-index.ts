/**
 * npm run charts:index: writes lib/config/charts/<chart>.json, the key tree of every pinned chart's
 * values, from the chart's own files vendored in charts/<chart>-<version>/ (values.yaml, keys it
 * documents only in comments, Loki's values.schema.json, Pyroscope's values-micro-services.yaml).
 * ChartRelease checks every release's values against it; test/config/chart-index.test.ts fails when
 * the committed files are stale. It reads nothing outside the repository.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, parse, parseDocument, Scalar, visit } from 'yaml';
import { CHARTS, CHART_NAMES, ChartPin } from '../lib/config/charts';
import { CHART_INDEX_DIR, ChartValuesIndex, ValuesIndexMap, ValuesIndexNode } from '../lib/config/chart-index';
import { chartSourceDir } from './chart-sources';

type MutableMap = { [key: string]: Node };
type Node = 0 | 1 | MutableMap | [Node];

/**
 * Keys whose content is free-form wherever they appear: Kubernetes objects passed through to a pod
 * spec (resources, probes, security contexts, scheduling), metadata maps, raw application config
 * (`structuredConfig`, `grafana.ini`) and Grafana provisioning files. Their defaults only show an
 * example, so they are open even when the chart gives some keys.
 */
const FREE_FORM = new Set([
  'structuredConfig', 'extraArgs', 'annotations', 'labels', 'nodeSelector', 'tolerations', 'affinity',
  'topologySpreadConstraints', 'resources', 'securityContext', 'podSecurityContext', 'containerSecurityContext',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'strategy', 'updateStrategy', 'rollingUpdate',
  'env', 'envFrom', 'extraEnv', 'extraEnvFrom', 'extraVolumes', 'extraVolumeMounts', 'extraContainers',
  'initContainers', 'extraObjects', 'extraPorts', 'dnsConfig', 'hostAliases', 'imagePullSecrets', 'selector',
  'matchLabels', 'grafana.ini', 'datasources', 'dashboards', 'dashboardProviders', 'notifiers', 'alerting',
  'extraAffinity', 'resizePolicy',
]);
/** podAnnotations, serviceLabels, commonLabels, ...: metadata maps. */
const FREE_FORM_SUFFIX = /(Annotations|Labels)$/;
/** Lists of Kubernetes API objects (RBAC rules, network policy rules, HPA/KEDA policies, route matches). */
const FREE_FORM_LISTS = new Set(['rules', 'clusterRules', 'ingress', 'egress', 'policies', 'triggers', 'matches', 'options', 'paths', 'containerPolicies']);

/**
 * Blocks a chart renders as-is into the application's own configuration (values.yaml points at the
 * application's configuration reference for them), so every key of that reference is valid.
 */
const PASS_THROUGH: Partial<Record<string, string[]>> = {
  tempo: ['tempo.server', 'tempo.storage.trace', 'tempo.receivers'],
  'tempo-distributed': ['storage.trace', 'storage.admin'],
};
/**
 * Maps values.schema.json leaves open (`additionalProperties: true`) that the chart nevertheless
 * templates key by key; values.yaml and its comments give the keys. Loki's `loki.storage` is how
 * the chart builds every storage block, so a typo there must fail.
 */
const SCHEMA_CHECKED: Partial<Record<string, string[]>> = {
  loki: ['loki.storage'],
};
/** Extra values files a chart ships for another layout; their keys are the chart's keys too. */
const EXTRA_VALUES_FILES = ['values-micro-services.yaml'];

/** A chart key name in a commented example; prose ("Note:", "Ref:", "e.g.:") does not match. */
const COMMENT_KEY = /^[a-z][A-Za-z0-9_-]*$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function openByName(key: string): boolean {
  return FREE_FORM.has(key) || FREE_FORM_SUFFIX.test(key);
}

/** The index node of a default value found under `key`. */
function fromValue(key: string, value: unknown): Node {
  if (openByName(key) || value === null || value === undefined) return 1;
  if (Array.isArray(value)) {
    if (FREE_FORM_LISTS.has(key)) return 1;
    const items = value.filter(isObject);
    if (items.length === 0) return value.length === 0 ? 1 : 0;
    let item: Node = {};
    for (const i of items) item = merge(item, fromMap(i));
    return [item];
  }
  if (isObject(value)) return Object.keys(value).length === 0 ? 1 : fromMap(value);
  return 0;
}

function fromMap(obj: Record<string, unknown>): MutableMap {
  const out: MutableMap = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fromValue(k, v);
  return out;
}

/** Union of two nodes: open wins, maps merge key by key, a map or list wins over a plain value. */
function merge(a: Node, b: Node): Node {
  if (a === 1 || b === 1) return 1;
  if (a === 0) return b;
  if (b === 0) return a;
  if (Array.isArray(a) && Array.isArray(b)) return [merge(a[0], b[0])];
  if (Array.isArray(a) || Array.isArray(b)) return 1;
  const out: MutableMap = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

interface Anchor { line: number; col: number; path: string[] | null; empty?: boolean }

/**
 * Keys the chart documents only in comments (`# bucketNames:` / `#   chunks: FIXME`): each run of
 * commented YAML is parsed and placed under the real key it is indented under. Runs inside lists
 * and block scalars are skipped.
 */
export function commentedKeys(text: string): { path: string[]; node: MutableMap }[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const pos = (offset: number) => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, col: offset - lineStarts[lo] };
  };
  const anchors: Anchor[] = [];
  const blockLines = new Set<number>();
  const doc = parseDocument(text);
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || !pair.key.range) return;
      const keys: string[] = [];
      let inList = false;
      for (const a of ancestors) {
        if (isPair(a) && isScalar(a.key)) keys.push(String(a.key.value));
        if (isSeq(a)) inList = true;
      }
      const { line, col } = pos(pair.key.range[0]);
      const v = pair.value;
      const empty = v === null || (isScalar(v) && v.value === null) || ((isMap(v) || isSeq(v)) && v.items.length === 0);
      anchors.push({ line, col, path: inList ? null : [...keys, String(pair.key.value)], empty });
      if (isScalar(v) && v.range && (v.type === Scalar.BLOCK_LITERAL || v.type === Scalar.BLOCK_FOLDED)) {
        const end = pos(Math.max(v.range[0], v.range[1] - 1)).line; // range[1] is past the final newline
        for (let l = line + 1; l <= end; l++) blockLines.add(l);
      }
    },
    Seq(_, seq) {
      for (const item of seq.items) {
        const r = (item as { range?: [number, number, number] }).range;
        if (!r) continue;
        const p = pos(r[0]);
        anchors.push({ line: p.line, col: Math.max(0, p.col - 2), path: null });
      }
    },
  });
  anchors.sort((a, b) => a.line - b.line);

  const lines = text.split('\n');
  const comment = (l: number) => {
    if (blockLines.has(l)) return null;
    const m = /^(\s*)#(?: ?)(.*)$/.exec(lines[l]);
    if (!m) return null;
    const rest = m[2];
    const indent = m[1].length + (rest.length - rest.trimStart().length);
    return { indent, text: rest.trimStart() };
  };
  const out: { path: string[]; node: MutableMap }[] = [];
  let anchorIdx = 0;
  let parent: Anchor | undefined;
  for (let l = 0; l < lines.length; l++) {
    const first = comment(l);
    const key = first && /^([^\s:#]+):(\s|$)/.exec(first.text);
    if (!first || !key || !COMMENT_KEY.test(key[1])) continue;
    // Inside a larger commented example (e.g. below `# - kind: ConfigMap`): not placeable.
    const before = l > 0 ? comment(l - 1) : null;
    if (before && before.indent < first.indent && /^(- |[^\s:#]+:(\s|$))/.test(before.text)) {
      for (let c = comment(l + 1); c && c.indent >= first.indent; c = comment(l + 1)) l++;
      continue;
    }
    // The run: this key, its deeper lines, and sibling keys at the same indentation.
    const run = [`${first.text}`];
    let end = l + 1;
    for (; end < lines.length; end++) {
      const c = comment(end);
      if (!c || !c.text) break;
      if (c.indent > first.indent) run.push(' '.repeat(c.indent - first.indent) + c.text);
      else if (c.indent === first.indent && /^[a-z][A-Za-z0-9_-]*:(\s|$)/.test(c.text)) run.push(c.text);
      else break;
    }
    let parsed: unknown;
    try {
      parsed = parse(run.join('\n'), { logLevel: 'silent' });
    } catch {
      continue;
    }
    if (!isObject(parsed)) continue;
    while (anchorIdx < anchors.length && anchors[anchorIdx].line < l) anchorIdx++;
    parent = undefined;
    for (let i = anchorIdx - 1; i >= 0; i--) {
      if (anchors[i].col < first.indent) { parent = anchors[i]; break; }
    }
    const at = parent ? parent.path : [];
    const previous = anchors[anchorIdx - 1];
    // `resources: {}` then `# limits: ...` at the same column: an example of the empty key's content.
    const exampleOfEmpty = previous !== undefined && previous.empty && previous.col === first.indent;
    if (at === null || exampleOfEmpty) { l = end - 1; continue; }
    const node: MutableMap = {};
    for (const [k, v] of Object.entries(parsed)) {
      // A one-line "key: several words of prose" is a sentence, not a key.
      // "key: several words of prose" or "ref: https://..." is a sentence, not a key.
      if (!COMMENT_KEY.test(k) || (typeof v === 'string' && (v.trim().split(/\s+/).length > 3 || /^https?:\/\//.test(v)))) continue;
      node[k] = fromValue(k, v);
    }
    if (Object.keys(node).length > 0) out.push({ path: at, node });
    l = end - 1;
  }
  return out;
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  $ref?: string;
}

/** The index node a JSON Schema describes, for keys values.yaml does not have. */
function fromSchema(key: string, s: Schema): Node {
  if (openByName(key) || s.$ref) return 1;
  if (s.properties) {
    const out: MutableMap = {};
    for (const [k, v] of Object.entries(s.properties)) out[k] = fromSchema(k, v);
    return out;
  }
  const types = ([] as string[]).concat(s.type ?? []);
  if (types.includes('array')) return s.items?.properties && !FREE_FORM_LISTS.has(key) ? [fromSchema(key, s.items)] : 1;
  if (types.length === 0 || types.includes('object') || types.includes('null')) return 1;
  return 0;
}

/**
 * Adds what values.schema.json says to `node`: keys values.yaml lacks, and open maps
 * (`additionalProperties` without `properties`), unless the chart templates that map key by key.
 */
function withSchema(node: Node, s: Schema, at: string[], checked: string[]): Node {
  const here = at.join('.');
  const openMap = !s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false;
  if (openMap && at.length > 0 && !checked.includes(here)) return 1;
  if (!s.properties || node === 1 || Array.isArray(node)) return node;
  const out: MutableMap = node === 0 ? {} : { ...node };
  for (const [k, sub] of Object.entries(s.properties)) {
    out[k] = k in out ? withSchema(out[k], sub, [...at, k], checked) : fromSchema(k, sub);
  }
  return out;
}

function openAt(root: MutableMap, dotted: string): void {
  const keys = dotted.split('.');
  let node: Node = root;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(node) || !isObject((node as MutableMap)[k])) throw new Error(`open path ${dotted} is not in the chart's values`);
    node = (node as MutableMap)[k];
  }
  const last = keys[keys.length - 1];
  if (!isObject(node) || !(last in node)) throw new Error(`open path ${dotted} is not in the chart's values`);
  (node as MutableMap)[last] = 1;
}

function placeAt(root: MutableMap, at: string[], node: MutableMap): void {
  let cur: Node = root;
  for (const k of at) {
    const next: Node | undefined = (cur as MutableMap)[k];
    // Only under maps the chart has: a comment below a plain value is prose about that value.
    if (next === undefined || !isObject(next)) return;
    cur = next;
  }
  Object.assign(cur as MutableMap, merge(cur, node));
}

/** Sorts keys so the generated file is stable and diffs read well. */
function sorted(node: Node): ValuesIndexNode {
  if (Array.isArray(node)) return [sorted(node[0])];
  if (!isObject(node)) return node;
  const out: { [k: string]: ValuesIndexNode } = {};
  for (const k of Object.keys(node).sort()) out[k] = sorted((node as MutableMap)[k]);
  return out;
}

/** Builds the values index of one pinned chart from its own files. */
export function buildChartIndex(pin: Pick<ChartPin, 'chart' | 'version'>): ChartValuesIndex {
  const dir = chartSourceDir(pin.chart, pin.version);
  const text = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
  let root = fromMap((parse(text) ?? {}) as Record<string, unknown>);
  const topLevel = new Set(Object.keys(root));
  for (const { path: at, node } of commentedKeys(text)) {
    // A commented example of a whole values file, indented under some key, is not that key's content.
    if (at.length > 0 && Object.keys(node).some((k) => topLevel.has(k))) continue;
    placeAt(root, at, node);
  }
  for (const extra of EXTRA_VALUES_FILES) {
    const file = path.join(dir, extra);
    if (fs.existsSync(file)) root = merge(root, fromMap(parse(fs.readFileSync(file, 'utf8')) ?? {})) as MutableMap;
  }
  const schemaFile = path.join(dir, 'values.schema.json');
  if (fs.existsSync(schemaFile)) {
    root = withSchema(root, JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Schema, [], SCHEMA_CHECKED[pin.chart] ?? []) as MutableMap;
  }
  // Subcharts read their own values (unpinned here) and `global`: both stay open.
  const chartYaml = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { dependencies?: { name: string; alias?: string }[] };
  for (const dep of chartYaml.dependencies ?? []) root[dep.alias ?? dep.name] = 1;
  if ((chartYaml.dependencies ?? []).length > 0) root.global = 1;
  for (const p of PASS_THROUGH[pin.chart] ?? []) openAt(root, p);
  return { chart: pin.chart, version: pin.version, keys: sorted(root) as ValuesIndexMap };
}

/** The file content written for an index: compact JSON, one line, newline-terminated. */
export function renderChartIndex(index: ChartValuesIndex): string {
  return `${JSON.stringify(index)}\n`;
}

if (require.main === module) {
  fs.mkdirSync(CHART_INDEX_DIR, { recursive: true });
  let total = 0;
  for (const name of CHART_NAMES) {
    const body = renderChartIndex(buildChartIndex(CHARTS[name]));
    fs.writeFileSync(path.join(CHART_INDEX_DIR, `${name}.json`), body);
    total += body.length;
    console.log(`${name.padEnd(30)} ${CHARTS[name].version.padEnd(10)} ${(body.length / 1024).toFixed(1)} KiB`);
  }
  console.log(`total ${(total / 1024).toFixed(1)} KiB in ${path.relative(process.cwd(), CHART_INDEX_DIR)}`);
}
