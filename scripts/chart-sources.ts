import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * The pinned charts' own files, vendored in the repository as `charts/<chart>-<version>/` (see
 * charts/README.md for where each came from). Tests and `npm run charts:index` read only these.
 */
export const VENDORED_CHARTS = path.join(REPO_ROOT, 'charts');

/** Every chart release has these two files. */
export const REQUIRED_CHART_FILES: readonly string[] = ['Chart.yaml', 'values.yaml'];

/**
 * The files vendored of a chart release when it has them: its values schema (Loki), the extra
 * values file of another layout (Pyroscope's microservices), the controller's own IAM policy at the
 * same release (AWS Load Balancer Controller). Nothing else is vendored: no templates, no CRDs.
 */
export const OPTIONAL_CHART_FILES: readonly string[] = ['values.schema.json', 'values-micro-services.yaml', 'iam_policy.json'];

/**
 * The environment variable naming the folder where new chart versions arrive (each as
 * `<chart>-<version>/`), read only by `npm run charts:vendor`. There is no default folder: the
 * repository stands alone, and the jest setup points it at an empty folder.
 */
export const ARRIVALS_ENV = 'LGTM_SHARED_CHARTS';

/** `<chart>-<version>`: the folder name of one chart release. */
export function chartRelease(chart: string, version: string): string {
  return `${chart}-${version}`;
}

/**
 * The vendored folder holding `<chart>-<version>`'s own files. Throws naming the chart, the version,
 * the folder looked in and how to vendor it when the folder or its Chart.yaml is missing.
 */
export function chartSourceDir(chart: string, version: string): string {
  const release = chartRelease(chart, version);
  const dir = path.join(VENDORED_CHARTS, release);
  if (!fs.existsSync(path.join(dir, 'Chart.yaml'))) {
    throw new Error(
      `chart files for ${chart} version ${version} are not vendored: ${path.relative(REPO_ROOT, dir)}/Chart.yaml does not exist; ` +
        `run \`npm run charts:vendor -- <folder where new chart versions arrive> ${release}\``,
    );
  }
  return dir;
}

/** The `<chart>-<version>` folders under charts/, sorted. */
export function vendoredReleases(): string[] {
  if (!fs.existsSync(VENDORED_CHARTS)) return [];
  return fs
    .readdirSync(VENDORED_CHARTS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
