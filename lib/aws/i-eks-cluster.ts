import { INetwork } from './i-network';

/**
 * An EKS cluster: the handle workloads, identities and data services take. Built by `EksCluster`,
 * or for an existing cluster with `EksCluster.fromAttributes`.
 */
export interface IEksCluster {
  /** Cluster name. */
  readonly clusterName: string;
  /** Kubernetes API server endpoint (https URL). */
  readonly endpoint: string;
  /** Base64-encoded certificate authority data of the API server. */
  readonly certificateAuthorityData: string;
  /** OIDC issuer URL of the cluster (https://oidc.eks.<region>.amazonaws.com/id/...). */
  readonly oidcIssuerUrl: string;
  /**
   * ARN of the IAM OIDC provider for the issuer; present only when IRSA is set up.
   * @default - none: only EKS Pod Identity can be used
   */
  readonly oidcProviderArn?: string;
  /**
   * Security group of the worker nodes (the EKS cluster security group, which managed node groups
   * carry): data services open their ports to it and to nothing else.
   */
  readonly nodeSecurityGroupId: string;
  /** The network the cluster runs in. */
  readonly network: INetwork;
}

/** An existing cluster, for `EksCluster.fromAttributes`: every field of the handle. */
export interface EksClusterAttributes extends IEksCluster {}
