import { ITerraformDependable } from 'cdktf';
import { ChartReleaseOptions, ChartReleaseProps } from './chart-release';

/**
 * The release options a construct passes through to its `ChartRelease` (the user's values override,
 * the unknown-value allowances, atomic / timeout / history, namespace creation), with the namespace
 * and the dependencies the construct decided.
 */
export function releaseOptions(
  options: ChartReleaseOptions,
  namespace: string,
  dependsOn?: readonly ITerraformDependable[],
): Omit<ChartReleaseProps, 'chart' | 'baseValues'> {
  return {
    namespace,
    createNamespace: options.createNamespace,
    atomic: options.atomic,
    timeoutSeconds: options.timeoutSeconds,
    maxHistory: options.maxHistory,
    values: options.values,
    allowUnknownValues: options.allowUnknownValues,
    dependsOn: dependsOn ? [...dependsOn] : undefined,
  };
}
