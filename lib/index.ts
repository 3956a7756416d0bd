// The public API of cdktf-lgtm, listed by name: what a user composes with. Helpers (validation,
// IAM statement builders, the values index, YAML and merge utilities) stay inside the package.

// Composition: the platform and the workloads as constructs.
export type { ILgtmPlatform } from './composition/i-lgtm-platform';
export {
  LgtmPlatform, type LgtmPlatformProps, type LgtmPlatformNetworkOptions, type LgtmPlatformClusterOptions, type LgtmPlatformBucketsOptions,
  type LgtmPlatformDatabaseOptions, type LgtmPlatformSessionStoreOptions, type LgtmPlatformMemcachedOptions,
} from './composition/lgtm-platform';
export {
  LgtmObservability, type LgtmObservabilityProps, type LgtmLoadBalancerControllerOptions, type LgtmBackendOptions, type LgtmGatewayOptions,
} from './composition/lgtm-observability';

// Backends: what every backend takes, then Mimir (metrics) and Loki (logs) with their endpoints.
export { type BackendProps, type RingStore, TENANT_HEADER } from './backends/backend-props';
export { MimirCluster, type MimirClusterProps, type MimirTenantLimits } from './backends/mimir-cluster';
export { MimirEndpoints, type MimirEndpointsAttributes } from './backends/mimir-endpoints';
export {
  type MimirComponent, MIMIR_COMPONENTS, MIMIR_TIER_LAYOUTS, type MimirTierLayout, type MimirRequests, type MimirCache, MIMIR_CACHES,
} from './backends/mimir-values';
export { LokiCluster, type LokiClusterProps, type LokiTenantLimits } from './backends/loki-cluster';
export { LokiEndpoints, type LokiEndpointsAttributes } from './backends/loki-endpoints';
export {
  LOKI_TIERS, LOKI_SCHEMA_FROM, type LokiComponent, type LokiDeploymentMode, type LokiTierLayout, type LokiComponentSize, type LokiCacheSize,
} from './backends/loki-values';

export { TempoCluster, type TempoClusterProps } from './backends/tempo-cluster';
export { TempoEndpoints, type TempoEndpointsAttributes } from './backends/tempo-endpoints';
export {
  TEMPO_TIERS, type TempoTierLayout, type TempoWorkloadSize, type TempoWorkload, type TempoComponent, TEMPO_COMPONENTS, type TempoChart,
  TEMPO_SPAN_METRICS_PROCESSORS,
} from './backends/tempo-values';
export { PyroscopeCluster, type PyroscopeClusterProps } from './backends/pyroscope-cluster';
export { PyroscopeEndpoints, type PyroscopeEndpointsAttributes } from './backends/pyroscope-endpoints';
export {
  PYROSCOPE_TIERS, PYROSCOPE_COMPONENTS, PYROSCOPE_ARCHITECTURE_COMPONENTS, PYROSCOPE_CHART_COMPONENTS,
  type PyroscopeComponent, type PyroscopeArchitecture, type PyroscopeTierLayout, type PyroscopeComponentSize,
} from './backends/pyroscope-values';
export { MIMIR_EXEMPLARS_PER_TENANT } from './backends/mimir-values';

// Collector: Alloy on every node, and the typed configuration builder it is written with.
export { AlloyDaemonSet, type AlloyDaemonSetProps, type AlloyDaemonSetEndpoints } from './collector/alloy-daemon-set';
export { type AlloyCollectOptions, type AlloySources, type TenantRoute, ALLOY_PORTS } from './collector/alloy-pipeline';
export { ALLOY_TIERS, type AlloyTierLayout, type AlloyResources, type AlloyToleration, TOLERATE_EVERY_TAINT } from './collector/alloy-values';
export {
  AlloyConfig, type AlloyConfigOptions, AlloyComponent, AlloyBlock, type AlloyBody, type AlloyBodyEntry, type AlloyValue,
  type AlloyObject, AlloyExpression, AlloyReference, AlloyCall, AlloyConstantValue, AlloyConcat, AlloyRawString,
  type AlloyFunction, type AlloyConstant, block, ref, call, constant, concat, raw,
} from './collector/alloy-config';
export { ALLOY_COMPONENTS, type AlloyComponentName, isAlloyComponentName } from './collector/alloy-components';
export { isAlloyIdentifier, toAlloyIdentifier } from './collector/alloy-syntax';

// Grafana: HA on the platform's database and session store, and the data sources with their links.
export {
  GrafanaHA, type GrafanaHAProps, type GrafanaIngressOptions, type GrafanaIngressScheme, type GrafanaSsoOptions,
  type GrafanaSecretsOperator, type GrafanaDashboardsOptions, GRAFANA_OBJECT_NAMES,
} from './grafana/grafana-ha';
export {
  lgtmDashboards, serviceRedDashboard, stackHealthDashboards, DASHBOARD_FOLDERS,
  type Dashboard, type DashboardPanel, type DashboardTarget, type DashboardDatasource, type DashboardFolder, type ProvisionedDashboard,
} from './grafana/dashboards';
export {
  tenantDatasources, datasourceUid, datasourcesProvisioning, DATASOURCE_BACKENDS, DATASOURCE_TYPES, TRACE_PROFILE_TYPE,
  type DatasourceBackend, type GrafanaDatasource, type TenantDatasourceOptions, type DatasourceLink,
} from './grafana/datasources';
export { GRAFANA_TIER_LAYOUTS, GRAFANA_PRODUCTION_REPLICAS, type GrafanaTierLayout, type GrafanaResources } from './grafana/grafana-values';
export { rdsCaRegions } from './grafana/rds-ca';

// Secrets: the External Secrets Operator and the manifests a chart's extraObjects carry.
export { ExternalSecretsOperator, type ExternalSecretsOperatorProps, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from './secrets/external-secrets-operator';
export {
  secretStoreManifest, externalSecretManifest, generatedSecretManifests,
  type SecretStoreOptions, type ExternalSecretData, type ExternalSecretOptions, type GeneratedSecretOptions,
} from './secrets/external-secret';

// Tables: tiers, pinned charts, platform and data versions, node sizes.
export { type Tier, TIERS, isTier } from './config/tier';
export { type ChartName, type ChartPin, CHARTS, CHART_NAMES } from './config/charts';
export {
  type PlatformVersions, PLATFORM_VERSIONS, type KubernetesVersionSupport, KUBERNETES_VERSIONS, EKS_ADDON_VERSIONS,
} from './config/platform-versions';
export { type AwsPartition, AWS_REGIONS, isAwsRegion, partitionOf } from './config/regions';
export {
  type DataEnginePin, type SessionStoreEngine, DATA_ENGINES, GRAFANA_DB_INSTANCE_CLASSES, type GrafanaDbInstanceClass, POSTGRES_MAJOR_VERSIONS,
} from './config/data-versions';
export { type NodeGroupSize, TIER_NODE_DEFAULTS } from './config/node-defaults';

// Helm: the chart-release base every release is built on.
export { ChartRelease, type ChartReleaseProps, type ChartReleaseOptions } from './helm/chart-release';
export type { AllowUnknownValue } from './helm/values-check';
export type { HelmValues } from './helm/values';

// AWS platform: handles (interfaces and their attributes for existing resources) and constructs.
export type { INetwork, NetworkAttributes } from './aws/i-network';
export type { IEksCluster, EksClusterAttributes } from './aws/i-eks-cluster';
export type { IWorkloadRole, WorkloadRoleAttributes, WorkloadIdentityMode, WorkloadPolicyStatement } from './aws/i-workload-role';
export type { IGrafanaDatabase, GrafanaDatabaseAttributes } from './aws/i-grafana-database';
export type { ISessionStore, SessionStoreAttributes } from './aws/i-session-store';
export type { ILgtmBuckets, BucketKey } from './aws/i-lgtm-buckets';
export { Network, type NetworkProps, type NatGatewayMode, LOG_RETENTION_DAYS } from './aws/network';
export {
  EksCluster, type EksClusterProps, type EksEndpointAccess, type ControlPlaneLogType, CONTROL_PLANE_LOG_TYPES, type EksAddonName, EKS_ADDONS,
  type EksSupportType,
} from './aws/eks-cluster';
export {
  PodSecurityGroup, type PodSecurityGroupProps, type PodSecurityGroupPolicyOptions, type IPodSecurityGroup,
} from './aws/pod-security-group';
export { WorkloadRole, type WorkloadRoleProps, type AddonRoleBinding } from './aws/workload-role';
export {
  ComponentBucket, type ComponentBucketAttributes, type LgtmComponent, LGTM_COMPONENTS, type BucketPurpose, BUCKET_OWNER, BUCKET_PURPOSES,
} from './aws/component-bucket';
export {
  LgtmBuckets, type LgtmBucketsProps, type DataBucketKey, type RetentionDays, DEFAULT_BACKEND_RETENTION_DAYS, DEFAULT_BUCKET_RETENTION_MARGIN_DAYS,
} from './aws/lgtm-buckets';
export { ComponentIdentities, type ComponentIdentitiesProps, type ServiceAccountRef, defaultServiceAccount } from './aws/component-identities';
export { GrafanaDatabase, type GrafanaDatabaseProps } from './aws/grafana-database';
export { SessionStore, type SessionStoreProps } from './aws/session-store';
export { MemcachedEndpoint, type MemcachedEndpointAttributes } from './aws/memcached-endpoint';
export { ManagedMemcached, type ManagedMemcachedProps } from './aws/managed-memcached';
export { ClusterAddons, type ClusterAddonsProps, type VolumeReclaimPolicy } from './aws/cluster-addons';
export {
  LoadBalancerController, type LoadBalancerControllerProps, type LoadBalancerControllerOptions, type LoadBalancerControllerIdentity, type LoadBalancerTargetType,
} from './aws/load-balancer-controller';

// Tenancy: the gateway that sets X-Scope-OrgID from an authenticated identity, and the policies that
// make it the only door to the backends.
export {
  TenantGateway, type TenantGatewayProps, type TenantGatewayAuth, type TenantGatewayBasicAuth, type TenantGatewayTrustedHeaderAuth,
  type TenantGatewayLoadBalancer,
} from './tenancy/tenant-gateway';
export { type GatewayIdentity, type TenantLimits, DEFAULT_TENANT_LIMITS } from './tenancy/gateway-identity';
export { nginxConfig, type NginxConfigOptions, type NginxAuth, type GatewayBackends } from './tenancy/nginx-config';
export { BackendNetworkPolicies, type BackendNetworkPoliciesProps, type PolicyTarget } from './tenancy/backend-network-policies';
export { releasePeer, type PolicyPeer } from './tenancy/policy-peer';
export { ManifestRelease, type ManifestReleaseProps, type KubernetesObject, MANIFESTS_CHART } from './helm/manifest-release';
export { IMAGES, type ImagePin, type ImageName } from './config/images';

// Rules and alerting: rule groups as code, the default rule set, Alertmanager routing, their loader.
export {
  type RuleGroup, type AlertingRule, type RecordingRule, type LgtmRule, type RuleBackend, RULE_BACKENDS, ruleFileYaml,
} from './rules/rule-group';
export {
  defaultRuleGroups, type DefaultRuleGroupName, DEFAULT_RULE_GROUP_NAMES, type DefaultRuleOptions, RUNBOOK_DOC, SPAN_METRICS,
} from './rules/default-rules';
export {
  type TenantAlerting, type AlertReceiver, type AlertRoute, type ReceiverSecret,
  type EmailReceiverConfig, type SlackReceiverConfig, type PagerDutyReceiverConfig, type WebhookReceiverConfig,
} from './rules/alertmanager-config';
export { PrometheusOperatorCrds, type PrometheusOperatorCrdsProps } from './rules/prometheus-operator-crds';
export { LgtmAlerting, type LgtmAlertingProps, type DefaultRulesOptions } from './rules/lgtm-alerting';
export { prometheusRuleManifest } from './rules/prometheus-rule';
export { AlloyRuleSync, type AlloyRuleSyncProps } from './collector/alloy-rule-sync';

// Sizing and cost: a load profile sized per tier, the node groups for it, its monthly price.
export { type LoadProfile, type LoadRetention, type ResolvedLoad, resolveLoad, DEFAULT_LOAD_RETENTION_DAYS } from './sizing/load-profile';
export { sizeFor, type StackSizing, type BackendSizing, type ComponentSizing, type CacheSizing } from './sizing/size-for';
export { planNodes, type NodePlan, type NodeOption, type PlanNodesOptions } from './sizing/node-plan';
export { estimateCost, formatCost, type CostInput, type CostEstimate, type CostLine, type CostComponent } from './sizing/cost';
export { costInputForSizing, type PlatformCostFacts } from './sizing/sizing-cost';
export { PRICES, pricesFor, PRICE_TABLE_DATE, type RegionPrices, type Price, type PriceMark } from './sizing/price-table';

// Compliance: the check, the rule registry and what a user's own rule is written with.
export {
  Compliance, MIN_SUPPRESSION_REASON, LgtmCompliance, COMPLIANCE_REPORT_FILE,
  COMPLIANCE_RULES, COMPLIANCE_RULE_IDS, COMPLIANCE_MODES, SEVERITIES,
  COMPLIANT, NOT_APPLICABLE, nonCompliant,
} from './compliance';
export type {
  LgtmComplianceProps, ComplianceFinding, ComplianceReport, SuppressedFinding,
  ComplianceMode, ComplianceRule, HelmReleaseTarget, HelmRule, KubernetesObjectTarget, ResourceRule, RuleInfo,
  Severity, StackView, SynthesizedResource, Verdict,
} from './compliance';
export * as rules from './compliance/rules';
