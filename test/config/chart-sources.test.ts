import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CHART_INDEX_DIR } from '../../lib/config/chart-index';
import { CHARTS, CHART_NAMES } from '../../lib/config/charts';
import { buildChartIndex, renderChartIndex } from '../../scripts/chart-index';
import {
  ARRIVALS_ENV,
  OPTIONAL_CHART_FILES,
  REPO_ROOT,
  REQUIRED_CHART_FILES,
  VENDORED_CHARTS,
  chartRelease,
  chartSourceDir,
  vendoredReleases,
} from '../support/paths';

const PINNED = CHART_NAMES.map((n) => chartRelease(n, CHARTS[n].version)).sort();
/** The sibling folder a checkout used to read charts from, spelled so this file holds no such string. */
const SIBLING = ['..', 'shared'].join('/');

/** True when `p` (after following links) is `dir` or inside it. */
function inside(dir: string, p: string): boolean {
  const rel = path.relative(fs.realpathSync(dir), fs.realpathSync(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

describe('the repository stands alone: charts come from charts/ only', () => {
  test(`${ARRIVALS_ENV} is a fresh empty folder outside the repository (jest setupFiles)`, () => {
    const dir = process.env[ARRIVALS_ENV];
    expect(dir).toEqual(expect.stringContaining('lgtm-no-chart-arrivals-'));
    expect(fs.statSync(dir!).isDirectory()).toBe(true);
    expect(fs.readdirSync(dir!)).toEqual([]);
    expect(inside(REPO_ROOT, dir!)).toBe(false);
  });

  test.each(CHART_NAMES)("%s: the pinned release's files resolve inside the repository's charts/", (name) => {
    const dir = chartSourceDir(name, CHARTS[name].version);
    expect(dir).toBe(path.join(VENDORED_CHARTS, chartRelease(name, CHARTS[name].version)));
    expect(inside(VENDORED_CHARTS, dir)).toBe(true);
    for (const f of fs.readdirSync(dir)) expect(inside(VENDORED_CHARTS, path.join(dir, f))).toBe(true);
  });

  test('charts/ itself is a folder of the repository, not a link to one beside it', () => {
    expect(fs.lstatSync(VENDORED_CHARTS).isSymbolicLink()).toBe(false);
    expect(inside(REPO_ROOT, VENDORED_CHARTS)).toBe(true);
  });

  test('the committed index is what the generator makes from the vendored files, whatever the arrivals folder holds', () => {
    // test/config/chart-index.test.ts regenerates every index with the arrivals folder empty; here a
    // decoy of every release in it, with a key no chart has, must not reach the index either. The
    // three large charts (0.3-0.8 s each) are left to that test.
    const quick = CHART_NAMES.filter((n) => !['mimir-distributed', 'loki', 'tempo-distributed'].includes(n));
    const decoy = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-decoy-arrivals-'));
    const saved = process.env[ARRIVALS_ENV];
    try {
      for (const name of CHART_NAMES) {
        const dir = path.join(decoy, chartRelease(name, CHARTS[name].version));
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'Chart.yaml'), `name: ${name}\nversion: ${CHARTS[name].version}\n`);
        fs.writeFileSync(path.join(dir, 'values.yaml'), 'decoyKeyFromTheArrivalsFolder: true\n');
      }
      process.env[ARRIVALS_ENV] = decoy;
      for (const name of quick) {
        const committed = fs.readFileSync(path.join(CHART_INDEX_DIR, `${name}.json`), 'utf8');
        expect(renderChartIndex(buildChartIndex(CHARTS[name]))).toBe(committed);
        expect(committed).not.toContain('decoyKeyFromTheArrivalsFolder');
      }
    } finally {
      process.env[ARRIVALS_ENV] = saved;
      fs.rmSync(decoy, { recursive: true, force: true });
    }
  });

  test('fails for a release that is not vendored, naming it and how to vendor it', () => {
    expect(() => chartSourceDir('loki', '99.0.0')).toThrow(
      'chart files for loki version 99.0.0 are not vendored: charts/loki-99.0.0/Chart.yaml does not exist; run `npm run charts:vendor -- <folder where new chart versions arrive> loki-99.0.0`',
    );
  });

  test(`no code, test, script or package setting names ${SIBLING} in a string`, () => {
    const offenders: string[] = [];
    for (const file of codeFiles()) {
      for (const s of quotedStrings(fs.readFileSync(file, 'utf8'))) {
        if (s.includes(SIBLING)) offenders.push(`${path.relative(REPO_ROOT, file)}: ${s}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('the string scan finds quoted strings and skips comments', () => {
    const sample = [
      `const a = path.resolve(root, '${SIBLING}/charts'); // ${SIBLING} in a comment`,
      `/* ${SIBLING} in a block */ const b = "x", c = \`${SIBLING}\`;`,
    ].join('\n');
    expect(quotedStrings(sample).filter((q) => q.includes(SIBLING))).toEqual([`${SIBLING}/charts`, SIBLING]);
  });
});

describe('the vendored charts/ folder', () => {
  test('holds exactly the pinned releases (vendor a new one, bump the pin, delete the old one)', () => {
    expect(vendoredReleases()).toEqual(PINNED);
  });

  test.each(PINNED)('%s: the chart\'s own files only, and its Chart.yaml names this release', (release) => {
    const dir = path.join(VENDORED_CHARTS, release);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(expect.arrayContaining([...REQUIRED_CHART_FILES]));
    expect(files.filter((f) => !REQUIRED_CHART_FILES.includes(f) && !OPTIONAL_CHART_FILES.includes(f))).toEqual([]);
    const chart = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'));
    expect(chartRelease(chart.name, String(chart.version))).toBe(release);
  });

  test('the load balancer controller comes with its own IAM policy of the same release', () => {
    const pin = CHARTS['aws-load-balancer-controller'];
    expect(fs.existsSync(path.join(chartSourceDir(pin.chart, pin.version), 'iam_policy.json'))).toBe(true);
  });

  test('charts/README.md records where each release came from, and nothing else', () => {
    const readme = fs.readFileSync(path.join(VENDORED_CHARTS, 'README.md'), 'utf8');
    // One table row per release: | `<chart>-<version>` | repository | source | tag or commit |
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+-\d[^`]*)` \|(.*)\|\s*$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(PINNED);
    for (const r of rows) expect(r[2]).toMatch(/(\b[0-9a-f]{7,40}\b|\bv?\d+\.\d+\.\d+\b)/);
  });
});

/** The files the repository hook reads: code, tests, scripts, package.json, jest.config.js. */
function codeFiles(): string[] {
  const out = ['package.json', 'jest.config.js'].map((f) => path.join(REPO_ROOT, f));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '__snapshots__') walk(p);
      else if (e.isFile() && /\.(ts|js|json)$/.test(e.name)) out.push(p);
    }
  };
  for (const d of ['lib', 'stacks', 'bin', 'test', 'scripts']) if (fs.existsSync(path.join(REPO_ROOT, d))) walk(path.join(REPO_ROOT, d));
  return out;
}

/**
 * The contents of the '...', "..." and `...` strings of a source file, skipping // and block
 * comments. A quote inside a regex literal may open a false string; it ends at the line's end.
 */
function quotedStrings(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== c && (c === '`' || text[i] !== '\n')) {
        if (text[i] === '\\') s += text[i++];
        s += text[i++];
      }
      out.push(s);
      i++;
    } else {
      i++;
    }
  }
  return out;
}
