export { REPO_ROOT, SHARED_CHARTS, VENDORED_CHARTS, chartSourceDir } from '../../scripts/chart-sources';
