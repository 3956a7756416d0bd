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
