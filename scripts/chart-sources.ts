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
  const name = `${chart}-${version}`;
  for (const dir of [SHARED_CHARTS, VENDORED_CHARTS]) {
    if (fs.existsSync(path.join(dir, name, 'Chart.yaml'))) return path.join(dir, name);
  }
  throw new Error(`chart files for ${name} are in neither ${SHARED_CHARTS} nor ${VENDORED_CHARTS}`);
}
