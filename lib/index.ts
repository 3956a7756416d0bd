// The public API of cdktf-lgtm, listed by name: what a user composes with. Helpers (validation,
// IAM statement builders, the values index, YAML and merge utilities) stay inside the package.

// Composition: the platform and the workloads as constructs.
export { ILgtmPlatform } from './composition/i-lgtm-platform';
export {
  LgtmPlatform, LgtmPlatformProps, LgtmPlatformNetworkOptions, LgtmPlatformClusterOptions, LgtmPlatformBucketsOptions,
  LgtmPlatformDatabaseOptions, LgtmPlatformSessionStoreOptions, LgtmPlatformMemcachedOptions,
} from './composition/lgtm-platform';
export { LgtmObservability, LgtmObservabilityProps, LgtmLoadBalancerControllerOptions } from './composition/lgtm-observability';

// Tables: tiers, pinned charts, platform and data versions, node sizes.
export { Tier, TIERS, isTier } from './config/tier';
export { ChartName, ChartPin, CHARTS, CHART_NAMES } from './config/charts';
export { PlatformVersions, PLATFORM_VERSIONS } from './config/platform-versions';
export { DataEnginePin, SessionStoreEngine, DATA_ENGINES, GRAFANA_DB_INSTANCE_CLASSES, GrafanaDbInstanceClass } from './config/data-versions';
export { NodeGroupSize, TIER_NODE_DEFAULTS } from './config/node-defaults';

// Helm: the chart-release base every release is built on.
export { ChartRelease, ChartReleaseProps, ChartReleaseOptions } from './helm/chart-release';
export { AllowUnknownValue } from './helm/values-check';
export { HelmValues } from './helm/values';

// AWS platform: handles (interfaces and their attributes for existing resources) and constructs.
export { INetwork, NetworkAttributes } from './aws/i-network';
export { IEksCluster, EksClusterAttributes } from './aws/i-eks-cluster';
export { IWorkloadRole, WorkloadRoleAttributes, WorkloadIdentityMode, WorkloadPolicyStatement } from './aws/i-workload-role';
export { IGrafanaDatabase, GrafanaDatabaseAttributes } from './aws/i-grafana-database';
export { ISessionStore, SessionStoreAttributes } from './aws/i-session-store';
export { Network, NetworkProps, NatGatewayMode, LOG_RETENTION_DAYS } from './aws/network';
export {
  EksCluster, EksClusterProps, EksEndpointAccess, ControlPlaneLogType, CONTROL_PLANE_LOG_TYPES, EksAddonName, EKS_ADDONS,
} from './aws/eks-cluster';
export { WorkloadRole, WorkloadRoleProps, AddonRoleBinding } from './aws/workload-role';
export {
  ComponentBucket, ComponentBucketAttributes, ILgtmBuckets, LgtmComponent, BucketPurpose, BucketKey, BUCKET_OWNER, BUCKET_PURPOSES,
} from './aws/component-bucket';
export {
  LgtmBuckets, LgtmBucketsProps, DataBucketKey, RetentionDays, DEFAULT_BACKEND_RETENTION_DAYS, DEFAULT_BUCKET_RETENTION_MARGIN_DAYS,
} from './aws/lgtm-buckets';
export { ComponentIdentities, ComponentIdentitiesProps, ServiceAccountRef, defaultServiceAccount } from './aws/component-identities';
export { GrafanaDatabase, GrafanaDatabaseProps } from './aws/grafana-database';
export { SessionStore, SessionStoreProps } from './aws/session-store';
export { MemcachedEndpoint, MemcachedEndpointAttributes } from './aws/memcached-endpoint';
export { ManagedMemcached, ManagedMemcachedProps } from './aws/managed-memcached';
export { ClusterAddons, ClusterAddonsProps, VolumeReclaimPolicy } from './aws/cluster-addons';
export {
  LoadBalancerController, LoadBalancerControllerProps, LoadBalancerControllerOptions, LoadBalancerControllerIdentity, LoadBalancerTargetType,
} from './aws/load-balancer-controller';

// Compliance: the check, the rule registry and what a user's own rule is written with.
export {
  Compliance, MIN_SUPPRESSION_REASON, LgtmCompliance, COMPLIANCE_REPORT_FILE,
  COMPLIANCE_RULES, COMPLIANCE_RULE_IDS, COMPLIANCE_MODES, SEVERITIES,
  COMPLIANT, NOT_APPLICABLE, nonCompliant,
} from './compliance';
export type {
  LgtmComplianceProps, ComplianceFinding, ComplianceReport, SuppressedFinding,
  ComplianceMode, ComplianceRule, HelmReleaseTarget, HelmRule, ResourceRule, RuleInfo,
  Severity, StackView, SynthesizedResource, Verdict,
} from './compliance';
export * as rules from './compliance/rules';
