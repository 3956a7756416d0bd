import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * The pinned charts' own files as the project received them, kept beside the repository in
 * ../shared/charts; LGTM_SHARED_CHARTS points elsewhere.
 */
export const SHARED_CHARTS = process.env.LGTM_SHARED_CHARTS ?? path.resolve(REPO_ROOT, '../shared/charts');

/**
 * Charts the project pins that ../shared/charts does not hold (e.g. cluster add-ons), vendored in
 * the repository as `charts/<chart>-<version>/{Chart.yaml,values.yaml}` with a PROVENANCE.md.
 */
export const VENDORED_CHARTS = path.join(REPO_ROOT, 'charts');

/**
 * The folder holding `<chart>-<version>`'s own Chart.yaml and values.yaml: ../shared/charts first,
 * then the vendored copy. Throws naming both places when neither has it.
 */
export function chartSourceDir(chart: string, version: string): string {
  const dir = findChartSource(chart, version);
  if (dir === undefined) throw new Error(`chart files for ${chart}-${version} are in neither ${SHARED_CHARTS} nor ${VENDORED_CHARTS}`);
  return dir;
}

function findChartSource(chart: string, version: string): string | undefined {
  return [SHARED_CHARTS, VENDORED_CHARTS].map((dir) => path.join(dir, `${chart}-${version}`)).find((dir) => fs.existsSync(path.join(dir, 'Chart.yaml')));
}

/** Where the files of a chart that the project does not hold were read. */
export interface ChartProvenance {
  /** What the files are: the published chart release, and how that was checked. */
  readonly files: string;
  /** Where they were read (repository, path and commit), for whoever regenerates the index. */
  readonly readAt: string;
  /** Values the copy had changed from the published defaults, restored before indexing. */
  readonly restored: readonly string[];
}

/**
 * Pinned charts whose own files are in neither ../shared/charts nor the repository. Their committed
 * values index (lib/config/charts/<chart>.json) was generated from the published chart's files read
 * elsewhere, recorded here; `npm run charts:index` keeps it as committed unless LGTM_SHARED_CHARTS
 * points at a folder that has `<chart>-<version>/`, and the tests check it against that record
 * instead of the files. Moving the chart's files into ../shared/charts retires the entry.
 */
export const INDEX_ONLY_CHARTS: Readonly<Record<string, ChartProvenance>> = {
  'aws-load-balancer-controller-1.13.4': {
    files:
      'Chart.yaml and values.yaml of the published eks-charts release 1.13.4 (appVersion v2.13.4): ' +
      "helm's serialization of Chart.yaml, values.yaml image.tag v2.13.4",
    readAt: 'a vendored `helm pull` copy, github.com/dimitrijedrobac/eks-cognito-textbook charts/aws-load-balancer-controller @ 3d9babcea98303965350a61e8e727b64416ed9ad',
    restored: ['serviceAccount.create: true', 'serviceAccount.annotations: {}', 'serviceAccount.name: null', 'clusterName: null', 'region: null', 'vpcId: null'],
  },
};

/** True when `<chart>-<version>`'s own files can be read here (shared or vendored). */
export function hasChartSource(chart: string, version: string): boolean {
  return findChartSource(chart, version) !== undefined;
}
