import * as path from 'path';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * The pinned charts' own files (Chart.yaml, values.yaml), kept beside the repository in
 * ../shared/charts; LGTM_SHARED_CHARTS points elsewhere.
 */
export const SHARED_CHARTS = process.env.LGTM_SHARED_CHARTS ?? path.resolve(REPO_ROOT, '../shared/charts');
