import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../lib/config/environment-config';
import { EnvironmentStack } from './environment-stack';

/** What the observability stack of an environment needs from its platform stack. */
export interface PlatformOutputs {
  /** Name of the EKS cluster the backends run on. */
  readonly clusterName: string;
  /** AWS region of the cluster. */
  readonly region: string;
}

/** The AWS platform of one environment: network, cluster, buckets, identities, database, cache. */
export class PlatformStack extends EnvironmentStack {
  /** Typed handles for the observability stack. */
  public readonly outputs: PlatformOutputs;

  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id, env);
    const clusterName = `${env.namePrefix}-${env.name}`;
    new TerraformOutput(this, 'cluster_name', { value: clusterName, description: 'EKS cluster name' });
    this.outputs = { clusterName, region: env.region };
  }
}
