export {
  ARRIVALS_ENV,
  OPTIONAL_CHART_FILES,
  REPO_ROOT,
  REQUIRED_CHART_FILES,
  VENDORED_CHARTS,
  chartRelease,
  chartSourceDir,
  vendoredReleases,
} from '../../scripts/chart-sources';
