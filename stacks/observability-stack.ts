import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ILgtmPlatform } from '../lib/composition/i-lgtm-platform';
import { LgtmObservability } from '../lib/composition/lgtm-observability';
import { PodResources } from '../lib/backends/backend-props';
import { cpuQuantity, memoryQuantity } from '../lib/sizing/quantity';
import { BackendSizing, ComponentSizing } from '../lib/sizing/size-for';
import { EnvironmentStack } from './environment-stack';
import { ResolvedEnvironment } from './environment-config';

/** What a sized backend takes: replicas, per-pod requests and limits, and volumes of each workload. */
interface SizedBackend<C extends string> {
  replicas?: Partial<Record<C, number>>;
  resources?: Partial<Record<C, PodResources>>;
  volumes?: Partial<Record<C, string>>;
}

/**
 * The sizes of a sized backend as its props (`replicas`, `resources`, `volumes`), or nothing
 * without a sizing (so the props stay as they were). `skip` leaves out of `replicas` the workloads
 * the backend sizes without a replicas prop (Tempo's single binary); their resources and volume
 * still apply. Volumes only for the workloads the sizing gives one.
 */
function sized<C extends string>(backend: BackendSizing<C> | undefined, skip: readonly string[] = []): SizedBackend<C> {
  if (backend === undefined) return {};
  const entries = Object.entries(backend.components) as [C, ComponentSizing][];
  return {
    replicas: Object.fromEntries(entries.filter(([c]) => !skip.includes(c)).map(([c, s]) => [c, s.replicas])) as Partial<Record<C, number>>,
    resources: Object.fromEntries(entries.map(([c, s]) => [c, {
      cpu: cpuQuantity(s.cpuMillis), memory: memoryQuantity(s.memoryMib), memoryLimit: memoryQuantity(s.memoryLimitMib),
    }])) as Partial<Record<C, PodResources>>,
    volumes: Object.fromEntries(entries.filter(([, s]) => s.volumeGib !== undefined).map(([c, s]) => [c, `${s.volumeGib}Gi`])) as Partial<Record<C, string>>,
  };
}

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
      // With a load, replicas, requests, limits and volumes come from its sizes (sizeFor); without, each backend's tier layout.
      mimir: { retentionDays: env.retentionDays?.mimir, ...sized(env.sizing?.mimir) },
      loki: { retentionDays: env.retentionDays?.loki, ...sized(env.sizing?.loki) },
      tempo: { retentionDays: env.retentionDays?.tempo, ...sized(env.sizing?.tempo, ['singleBinary']) },
      pyroscope: { retentionDays: env.retentionDays?.pyroscope, ...sized(env.sizing?.pyroscope) },
      collector: { namespaceTenants: env.namespaceTenants },
      gateway: env.gateway,
    });
  }
}
