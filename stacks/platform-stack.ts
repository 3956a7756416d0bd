import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { LgtmPlatform } from '../lib/composition/lgtm-platform';
import { EnvironmentStack } from './environment-stack';
import { ResolvedEnvironment } from './environment-config';

/**
 * The AWS platform of one environment: an {@link LgtmPlatform} (network, EKS cluster, buckets,
 * workload identities, Grafana's database and session store, optionally a managed memcached) in a
 * stack with the environment's provider, state backend and compliance check, plus outputs for people.
 */
export class PlatformStack extends EnvironmentStack {
  /**
   * The platform; the observability stack takes it as its `ILgtmPlatform`. Its construct id is
   * `Default`, which cdktf leaves out of Terraform names, so they are those of a platform built
   * directly in the stack.
   */
  public readonly platform: LgtmPlatform;

  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id, env);
    const { name, state: _state, tags: _tags, compliance: _compliance, tenants: _tenants, namespaceTenants: _namespaceTenants, load: _load, sizing: _sizing, nodePlan: _nodePlan, ...platformProps } = env;
    this.platform = new LgtmPlatform(this, 'Default', { ...platformProps, environment: name });

    const { cluster, grafanaDatabase, sessionStore } = this.platform;
    // For people and scripts; the observability stack reads the handles directly.
    const outputs: Record<string, [string, string]> = {
      cluster_name: [cluster.clusterName, 'EKS cluster name'],
      cluster_endpoint: [cluster.endpoint, 'EKS API endpoint'],
      grafana_db_endpoint: [grafanaDatabase.endpoint, 'Grafana PostgreSQL endpoint'],
      grafana_db_secret_arn: [grafanaDatabase.masterSecretArn, 'Secrets Manager ARN of the RDS-managed master password'],
      session_store_endpoint: [sessionStore.endpoint, 'Grafana session store (TLS) endpoint'],
      session_store_secret_arn: [sessionStore.authSecretArn, 'Secrets Manager ARN of the session store AUTH token'],
    };
    for (const [outputName, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, outputName, { value, description });
    }
  }
}
