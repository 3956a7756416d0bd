/** Versions of the AWS platform pieces this library creates, pinned like the chart table. */
export interface PlatformVersions {
  /**
   * Kubernetes minor version of new EKS clusters: the newest one in EKS standard support.
   * Bumping it upgrades the control plane, then the managed node groups, one minor at a time.
   */
  readonly kubernetes: string;
}

/**
 * The pinned platform versions. Kubernetes 1.36 reached Amazon EKS on 2026-06-02 with standard
 * support until 2027-08-02 (EKS user guide, "Kubernetes versions on standard support"); a change
 * here is one line, reviewed as a plan diff like any other.
 */
export const PLATFORM_VERSIONS: Readonly<PlatformVersions> = {
  kubernetes: '1.36',
};

/** One Kubernetes minor version EKS offers, with its support dates. */
export interface KubernetesVersionSupport {
  /** Last day of standard support (ISO date); afterwards a STANDARD cluster is upgraded. */
  readonly standardUntil: string;
  /** Last day of extended support (ISO date); afterwards EKS upgrades every cluster. */
  readonly extendedUntil: string;
}

/**
 * Kubernetes minor versions a new or managed EKS cluster may run: those in standard or extended
 * support on 2026-12-01. Sources: 1.36 the EKS user guide (see PLATFORM_VERSIONS); 1.32-1.35 the
 * EKS version calendar as copied in aws-samples/sample-apex-skills eks-operation-review
 * cluster-lifecycle.md (verified there 2026-04-24). 1.31 left extended support on 2026-11-26.
 * Extended dates are standard + 12 months (EKS user guide, "Kubernetes version lifecycle").
 */
export const KUBERNETES_VERSIONS: Readonly<Record<string, KubernetesVersionSupport>> = {
  '1.36': { standardUntil: '2027-08-02', extendedUntil: '2028-08-02' },
  '1.35': { standardUntil: '2027-03-27', extendedUntil: '2028-03-27' },
  '1.34': { standardUntil: '2026-12-02', extendedUntil: '2027-12-02' },
  '1.33': { standardUntil: '2026-07-29', extendedUntil: '2027-07-29' },
  '1.32': { standardUntil: '2026-03-23', extendedUntil: '2027-03-23' },
};

/**
 * Pinned EKS add-on versions for PLATFORM_VERSIONS.kubernetes. Empty on purpose: the add-on
 * versions published for Kubernetes 1.36 (`aws eks describe-addon-versions --kubernetes-version
 * 1.36`) could not be verified from this repository's sources on 2026-12-01, and an invented
 * version fails the apply. Until a line is added here (with its source and date), EKS installs its
 * default version for the cluster's Kubernetes version; `EksClusterProps.addonVersions` pins one.
 */
export const EKS_ADDON_VERSIONS: Readonly<Partial<Record<'vpc-cni' | 'coredns' | 'kube-proxy' | 'aws-ebs-csi-driver' | 'eks-pod-identity-agent' | 'metrics-server', string>>> = {};
