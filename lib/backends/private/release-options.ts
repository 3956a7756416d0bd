import { ChartReleaseProps } from '../../helm/chart-release';
import { BackendProps } from '../backend-props';

/**
 * The chart-release options of a backend's props, with the namespace of its role: the release runs
 * where the role's service account lives, so its pods get that role and no other.
 */
export function releaseOptions(props: BackendProps): Omit<ChartReleaseProps, 'chart' | 'baseValues'> {
  return {
    namespace: props.role.namespace,
    createNamespace: props.createNamespace,
    atomic: props.atomic,
    timeoutSeconds: props.timeoutSeconds,
    maxHistory: props.maxHistory,
    values: props.values,
    allowUnknownValues: props.allowUnknownValues,
    dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
  };
}
