/**
 * npm run charts:vendor -- <folder> <chart>-<version>...: copies each chart release's own files
 * (Chart.yaml, values.yaml and, where the release has them, values.schema.json,
 * values-micro-services.yaml, iam_policy.json) byte for byte from `<folder>/<chart>-<version>/`, the
 * folder where new chart versions arrive, into charts/<chart>-<version>/. With LGTM_SHARED_CHARTS set
 * the folder may be left out. Then: record the source in charts/README.md, bump lib/config/charts.ts,
 * run `npm run charts:index`, and delete the folder of the version it replaces.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CHARTS, CHART_NAMES } from '../lib/config/charts';
import { ARRIVALS_ENV, OPTIONAL_CHART_FILES, REQUIRED_CHART_FILES, VENDORED_CHARTS, chartRelease, vendoredReleases } from './chart-sources';

/** `<chart>-<version>`: the version is the last `-` followed by a semantic version. */
const RELEASE = /^([a-z0-9][a-z0-9-]*?)-(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?)$/;

/** What {@link vendorChart} copied. */
export interface VendoredChart {
  /** `<chart>-<version>`. */
  readonly release: string;
  /** The folder written. */
  readonly dir: string;
  /** The files copied, in the order of the vendored file lists. */
  readonly files: string[];
  /** Entries of the source folder that are not vendored (templates, CRDs, README, ...). */
  readonly skipped: string[];
}

/** What the command line asked for. */
export interface VendorArgs {
  /** The folder where new chart versions arrive. */
  readonly fromDir: string;
  /** `<chart>-<version>` of each release to vendor. */
  readonly releases: string[];
}

const USAGE = 'usage: npm run charts:vendor -- <folder where new chart versions arrive> <chart>-<version>...';

/**
 * Reads `[<folder>] <chart>-<version>...`. The folder is the first argument unless that argument is
 * a chart release name, in which case it comes from LGTM_SHARED_CHARTS. There is no default folder.
 */
export function parseVendorArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): VendorArgs {
  if (args.length === 0) throw new Error(`no arguments; ${USAGE}`);
  const folderGiven = !RELEASE.test(args[0]);
  const fromEnv = env[ARRIVALS_ENV];
  if (!folderGiven && (fromEnv === undefined || fromEnv === '')) {
    throw new Error(`folder is not given: '${args[0]}' is a chart release, and ${ARRIVALS_ENV} is not set; pass the folder first (${USAGE}) or set ${ARRIVALS_ENV}`);
  }
  const fromDir = path.resolve(folderGiven ? args[0] : (fromEnv as string));
  const releases = folderGiven ? args.slice(1) : [...args];
  if (!isDirectory(fromDir)) throw new Error(`folder is '${fromDir}', but it is not a directory; ${USAGE}`);
  if (releases.length === 0) throw new Error(`no chart release given after the folder '${fromDir}'; ${USAGE}`);
  return { fromDir, releases };
}

function isDirectory(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}

/**
 * Copies `<fromDir>/<release>/`'s own files into `<toDir>/<release>/`, replacing that folder. Fails,
 * naming the release and what is wrong, when the name is not `<chart>-<version>`, the folder or a
 * required file is missing, or its Chart.yaml names another chart or version.
 */
export function vendorChart(fromDir: string, release: string, toDir: string = VENDORED_CHARTS): VendoredChart {
  const m = RELEASE.exec(release);
  if (!m) throw new Error(`release is '${release}', but it must be <chart>-<version> such as loki-18.11.0`);
  const [, chart, version] = m;
  if (path.resolve(fromDir) === path.resolve(toDir)) {
    throw new Error(`folder is '${path.resolve(fromDir)}', the vendored charts folder itself; pass the folder where new chart versions arrive`);
  }
  const src = path.join(fromDir, release);
  if (!isDirectory(src)) {
    const there = isDirectory(fromDir) ? fs.readdirSync(fromDir).filter((n) => RELEASE.test(n)).sort() : [];
    throw new Error(`release '${release}' is not in '${fromDir}'; releases there: ${there.join(', ') || '(none)'}`);
  }
  const missing = REQUIRED_CHART_FILES.filter((f) => !fs.existsSync(path.join(src, f)));
  if (missing.length > 0) throw new Error(`release '${release}' in '${fromDir}' has no ${missing.join(', ')}; a chart release needs ${REQUIRED_CHART_FILES.join(' and ')}`);
  const meta = (parse(fs.readFileSync(path.join(src, 'Chart.yaml'), 'utf8')) ?? {}) as { name?: unknown; version?: unknown };
  if (meta.name !== chart || String(meta.version) !== version) {
    throw new Error(`release '${release}': its Chart.yaml has name '${String(meta.name)}' and version '${String(meta.version)}', but the folder name needs name '${chart}' and version '${version}'`);
  }

  const files = [...REQUIRED_CHART_FILES, ...OPTIONAL_CHART_FILES].filter((f) => fs.existsSync(path.join(src, f)));
  const skipped = fs.readdirSync(src).filter((f) => !files.includes(f)).sort();
  const dest = path.join(toDir, release);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(src, f), path.join(dest, f));
  return { release, dir: dest, files, skipped };
}

if (require.main === module) {
  try {
    const { fromDir, releases } = parseVendorArgs(process.argv.slice(2));
    for (const release of releases) {
      const done = vendorChart(fromDir, release);
      const skipped = done.skipped.length > 0 ? ` (not vendored: ${done.skipped.join(', ')})` : '';
      console.log(`${release.padEnd(40)} ${done.files.join(', ')}${skipped}`);
    }
    const pinned = new Set(CHART_NAMES.map((n) => chartRelease(n, CHARTS[n].version)));
    const unpinned = vendoredReleases().filter((r) => !pinned.has(r));
    if (unpinned.length > 0) console.log(`not pinned in lib/config/charts.ts: ${unpinned.join(', ')} (bump the pin, or delete the folder it replaces)`);
    console.log('next: record the source in charts/README.md, bump lib/config/charts.ts, npm run charts:index');
  } catch (e) {
    console.error(`charts:vendor: ${(e as Error).message}`);
    process.exit(1);
  }
}
