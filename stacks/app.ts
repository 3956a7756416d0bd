import { Construct } from 'constructs';
import { EnvironmentConfig } from './environment-config';
import { resolveEnvironments } from './resolve-environment';
import { ObservabilityStack } from './observability-stack';
import { PlatformStack } from './platform-stack';

/** The two stacks of one environment. */
export interface EnvironmentStacks {
  readonly platform: PlatformStack;
  readonly observability: ObservabilityStack;
}

/**
 * Builds the stacks of every environment into `app`: `<name>-platform`, then
 * `<name>-observability`, which depends on it. Throws on an invalid environment before building any.
 */
export function buildEnvironments(app: Construct, configs: readonly EnvironmentConfig[]): EnvironmentStacks[] {
  return resolveEnvironments(configs).map((env) => {
    const platform = new PlatformStack(app, `${env.name}-platform`, env);
    const observability = new ObservabilityStack(app, `${env.name}-observability`, env, {
      platform: platform.platform,
    });
    observability.addDependency(platform);
    return { platform, observability };
  });
}
