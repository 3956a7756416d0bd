import { IConstruct } from 'constructs';
import { ChartRelease } from '../../lib/helm/chart-release';

/** Every ChartRelease below `scope` (an app, a stack or a construct), in construct-tree order. */
export function chartReleasesOf(scope: IConstruct): ChartRelease[] {
  return scope.node.findAll().filter((c): c is ChartRelease => c instanceof ChartRelease);
}
