import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ILgtmPlatform } from '../lib/composition/i-lgtm-platform';
import { LgtmObservability } from '../lib/composition/lgtm-observability';
import { EnvironmentStack } from './environment-stack';
import { ResolvedEnvironment } from './environment-config';

/** Props of {@link ObservabilityStack}. */
export interface ObservabilityStackProps {
  /** The environment's platform, deployed first (its `LgtmPlatform`, or handles to one). */
  readonly platform: ILgtmPlatform;
}

/**
 * The LGTM workloads of one environment: an {@link LgtmObservability} on the platform's cluster, in
 * a stack whose kubernetes and helm providers read the cluster through a data source and
 * authenticate with `aws eks get-token`, so no kubeconfig or static token is needed and a fresh
 * deploy works after the platform stack.
 */
export class ObservabilityStack extends EnvironmentStack {
  /** The cluster the workloads run on, as read at plan time. */
  public readonly cluster: DataAwsEksCluster;
  /** Kubernetes provider bound to the cluster. */
  public readonly kubernetes: KubernetesProvider;
  /** Helm provider bound to the cluster. */
  public readonly helm: HelmProvider;
  /**
   * The workloads. Its construct id is `Default`, which cdktf leaves out of Terraform names, so
   * they are those of workloads built directly in the stack.
   */
  public readonly observability: LgtmObservability;

  constructor(scope: Construct, id: string, env: ResolvedEnvironment, props: ObservabilityStackProps) {
    super(scope, id, env);
    this.cluster = new DataAwsEksCluster(this, 'cluster', { name: props.platform.cluster.clusterName });

    const host = this.cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    // A short-lived token per Terraform run, from the deployer's own AWS credentials.
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', this.cluster.name, '--region', props.platform.region],
    };
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { host, clusterCaCertificate, exec: [exec] });
    this.helm = new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });
    this.observability = new LgtmObservability(this, 'Default', {
      platform: props.platform,
      production: env.production,
      tags: this.tags,
      tier: env.tier,
      tenants: env.tenants,
      mimir: { retentionDays: env.retentionDays?.mimir },
      loki: { retentionDays: env.retentionDays?.loki },
      tempo: { retentionDays: env.retentionDays?.tempo },
      pyroscope: { retentionDays: env.retentionDays?.pyroscope },
      collector: { namespaceTenants: env.namespaceTenants },
    });
  }
}
