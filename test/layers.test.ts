import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from './support/paths';

// The folders of lib/ form layers: no import cycle between folders, lib/config (the tables) and
// lib/private (the helpers) at the bottom, and nothing in lib/ reaching into this repository's own
// app, scripts or tests (they are not in the package). A folder is the first folder under lib/
// (lib/aws/private/x.ts is in lib/aws); a file directly in lib/ is in folder "lib".

const LIB = path.join(REPO_ROOT, 'lib');

interface Edge {
  /** The importing file, relative to the repository. */
  readonly from: string;
  /** The imported file (or the unresolved path), relative to the repository. */
  readonly to: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** Whether `to` is a file that exists. */
  readonly resolved: boolean;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

function resolve(fromFile: string, specifier: string): { file: string; resolved: boolean } {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base];
  const file = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  return { file: file ?? base, resolved: file !== undefined };
}

/** Every relative import, export-from, require and dynamic import of each lib/ file. */
function relativeImports(): Edge[] {
  return sources(LIB).flatMap((file) => {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    return info.importedFiles
      .map((ref) => ref.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = resolve(file, specifier);
        return { from: path.relative(REPO_ROOT, file), to: path.relative(REPO_ROOT, target.file), specifier, resolved: target.resolved };
      });
  });
}

/** `lib/aws` for lib/aws/private/x.ts, `lib` for lib/index.ts; undefined outside lib/. */
function folderOf(repoPath: string): string | undefined {
  const parts = repoPath.split(path.sep);
  if (parts[0] !== 'lib') return undefined;
  return parts.length > 2 ? `lib/${parts[1]}` : 'lib';
}

/** Import edges between different lib/ folders, with the files behind each. */
function folderGraph(edges: readonly Edge[]): Map<string, Map<string, Edge[]>> {
  const graph = new Map<string, Map<string, Edge[]>>();
  for (const edge of edges) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    const targets = graph.get(from)!;
    targets.set(to, [...(targets.get(to) ?? []), edge]);
  }
  return graph;
}

/**
 * One cycle per strongly connected group of folders (Tarjan), each written as its path with the
 * imports behind every step: `lib/a -> lib/b -> lib/a [lib/a/x.ts imports lib/b/y.ts; ...]`.
 */
function cycles(graph: Map<string, Map<string, Edge[]>>): string[] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t.keys()])])].sort();
  const next = (n: string) => [...(graph.get(n)?.keys() ?? [])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (n: string): void => {
    index.set(n, index.size);
    low.set(n, index.get(n)!);
    stack.push(n);
    for (const m of next(n)) {
      if (!index.has(m)) {
        visit(m);
        low.set(n, Math.min(low.get(n)!, low.get(m)!));
      } else if (stack.includes(m)) {
        low.set(n, Math.min(low.get(n)!, index.get(m)!));
      }
    }
    if (low.get(n) === index.get(n)) {
      const group: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        group.push(m);
      } while (m !== n);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);

  return groups.map((group) => {
    // The shortest way back to the group's first folder, inside the group (breadth-first).
    const start = group[0];
    const previous = new Map<string, string>();
    const queue = next(start).filter((m) => group.includes(m));
    for (const m of queue) previous.set(m, start);
    while (!previous.has(start) && queue.length > 0) {
      const n = queue.shift()!;
      for (const m of next(n).filter((x) => group.includes(x) && !previous.has(x))) {
        previous.set(m, n);
        queue.push(m);
      }
    }
    const cycle = [start];
    for (let n = previous.get(start)!; n !== start; n = previous.get(n)!) cycle.unshift(n);
    cycle.unshift(start);
    const steps = cycle.slice(1).map((to, i) => graph.get(cycle[i])!.get(to)!.map((e) => `${e.from} imports ${e.to}`).join(', '));
    return `${cycle.join(' -> ')} [${steps.join('; ')}]`;
  });
}

describe('lib/ layers', () => {
  const edges = relativeImports();
  const graph = folderGraph(edges);
  const importsOf = (folder: string) => [...(graph.get(folder)?.entries() ?? [])].flatMap(([to, es]) => es.map((e) => ({ to, edge: `${e.from} imports ${e.to}` })));

  test('the scan sees the folders and their imports', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['lib', 'lib/aws', 'lib/compliance', 'lib/composition', 'lib/helm']));
  });

  test('every relative import names a file', () => {
    expect(edges.filter((e) => !e.resolved).map((e) => `${e.from}: '${e.specifier}'`)).toEqual([]);
  });

  test('no file in lib/ imports from outside lib/ (stacks/, scripts/, test/, bin/)', () => {
    expect(edges.filter((e) => folderOf(e.to) === undefined).map((e) => `${e.from} imports ${e.to}`)).toEqual([]);
  });

  test('no import cycle between lib/ folders', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('lib/config imports nothing else in lib/', () => {
    expect(importsOf('lib/config').map((i) => i.edge)).toEqual([]);
  });

  test('lib/private imports only lib/config', () => {
    expect(importsOf('lib/private').filter((i) => i.to !== 'lib/config').map((i) => i.edge)).toEqual([]);
  });

  test('the cycle finder names the folders and files of a cycle', () => {
    const edge = (from: string, to: string): Edge => ({ from, to, specifier: '', resolved: true });
    const fake = folderGraph([
      edge('lib/config/charts.ts', 'lib/aws/network.ts'),
      edge('lib/aws/network.ts', 'lib/private/validate.ts'),
      edge('lib/private/validate.ts', 'lib/config/tier.ts'),
      edge('lib/helm/values.ts', 'lib/config/tier.ts'),
    ].map((e) => ({ ...e, from: e.from.split('/').join(path.sep), to: e.to.split('/').join(path.sep) })));
    const found = cycles(fake);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^lib\/aws -> lib\/private -> lib\/config -> lib\/aws \[/);
    expect(found[0]).toContain(`${path.join('lib', 'config', 'charts.ts')} imports ${path.join('lib', 'aws', 'network.ts')}`);
  });
});
