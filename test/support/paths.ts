export { INDEX_ONLY_CHARTS, REPO_ROOT, SHARED_CHARTS, VENDORED_CHARTS, chartSourceDir, hasChartSource } from '../../scripts/chart-sources';
