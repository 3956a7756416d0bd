/**
 * npm run build (and prepack): compiles lib/ into dist/ (dist/index.js, dist/index.d.ts, ...) with
 * tsconfig.build.json, then copies the chart values index, lib/config/charts/*.json, beside the built
 * chart-index.js, which reads it at run time from `path.join(__dirname, 'charts')`, and lib/helm/manifests-chart
 * beside manifest-release.js. dist/ is emptied
 * first, so a package never carries files of an older layout. stacks/ and bin/ (this repository's own
 * deploy app) are not part of the package.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const INDEX_SOURCE = path.join(ROOT, 'lib', 'config', 'charts');
const INDEX_TARGET = path.join(DIST, 'config', 'charts');

fs.rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error(`build: tsc -p tsconfig.build.json failed (exit ${tsc.status ?? tsc.signal})`);
  process.exit(1);
}
// Copied, not emitted by tsc: tsc would re-print the JSON (12% larger) and type-check 93 KiB of it.
const indexes = fs.readdirSync(INDEX_SOURCE).filter((f) => f.endsWith('.json'));
if (indexes.length === 0) {
  console.error(`build: no chart values index in ${path.relative(ROOT, INDEX_SOURCE)}; run npm run charts:index`);
  process.exit(1);
}
if (!fs.existsSync(path.join(INDEX_TARGET, '..', 'chart-index.js'))) {
  console.error('build: dist/config/chart-index.js was not emitted, so the values index has no reader beside it');
  process.exit(1);
}
fs.mkdirSync(INDEX_TARGET, { recursive: true });
for (const file of indexes) fs.copyFileSync(path.join(INDEX_SOURCE, file), path.join(INDEX_TARGET, file));
// The chart ManifestRelease installs, read beside the built manifest-release.js (`__dirname`).
const MANIFESTS_CHART_SOURCE = path.join(ROOT, 'lib', 'helm', 'manifests-chart');
fs.cpSync(MANIFESTS_CHART_SOURCE, path.join(DIST, 'helm', 'manifests-chart'), { recursive: true });
console.log(`build: dist/ from lib/, ${indexes.length} chart values index files and the manifests chart`);
