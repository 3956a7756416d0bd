import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from './support/paths';

// The public API of cdktf-lgtm, pinned: every name lib/index.ts exports, values and types. A change
// here is a change for every user; update the list on purpose, in the same change as lib/index.ts.
const PUBLIC_API = [
  'ALLOY_COMPONENTS', 'ALLOY_PORTS', 'ALLOY_TIERS', 'AWS_REGIONS', 'AddonRoleBinding', 'AlertReceiver', 'AlertRoute',
  'AlertingRule', 'AllowUnknownValue', 'AlloyBlock', 'AlloyBody', 'AlloyBodyEntry', 'AlloyCall', 'AlloyCollectOptions',
  'AlloyComponent', 'AlloyComponentName', 'AlloyConcat', 'AlloyConfig', 'AlloyConfigOptions', 'AlloyConstant',
  'AlloyConstantValue', 'AlloyDaemonSet', 'AlloyDaemonSetEndpoints', 'AlloyDaemonSetProps', 'AlloyExpression',
  'AlloyFunction', 'AlloyObject', 'AlloyRawString', 'AlloyReference', 'AlloyResources', 'AlloyRuleSync',
  'AlloyRuleSyncProps', 'AlloySources', 'AlloyTierLayout', 'AlloyToleration', 'AlloyValue', 'AwsPartition',
  'BUCKET_OWNER', 'BUCKET_PURPOSES', 'BackendNetworkPolicies', 'BackendNetworkPoliciesProps', 'BackendProps',
  'BackendSizing', 'BucketKey', 'BucketPurpose', 'CHARTS', 'CHART_NAMES', 'COMPLIANCE_MODES', 'COMPLIANCE_REPORT_FILE',
  'COMPLIANCE_RULES', 'COMPLIANCE_RULE_IDS', 'COMPLIANT', 'CONTROL_PLANE_LOG_TYPES', 'CacheSizing', 'ChartName',
  'ChartPin', 'ChartRelease', 'ChartReleaseOptions', 'ChartReleaseProps', 'ClusterAddons', 'ClusterAddonsProps',
  'Compliance', 'ComplianceFinding', 'ComplianceMode', 'ComplianceReport', 'ComplianceRule', 'ComponentBucket',
  'ComponentBucketAttributes', 'ComponentIdentities', 'ComponentIdentitiesProps', 'ComponentSizing',
  'ControlPlaneLogType', 'CostComponent', 'CostEstimate', 'CostInput', 'CostLine', 'DASHBOARD_FOLDERS',
  'DATASOURCE_BACKENDS', 'DATASOURCE_TYPES', 'DATA_ENGINES', 'DEFAULT_BACKEND_RETENTION_DAYS',
  'DEFAULT_BUCKET_RETENTION_MARGIN_DAYS', 'DEFAULT_LOAD_RETENTION_DAYS', 'DEFAULT_RULE_GROUP_NAMES',
  'DEFAULT_TENANT_LIMITS', 'Dashboard', 'DashboardDatasource', 'DashboardFolder', 'DashboardPanel', 'DashboardTarget',
  'DataBucketKey', 'DataEnginePin', 'DatasourceBackend', 'DatasourceLink', 'DefaultRuleGroupName',
  'DefaultRuleOptions', 'DefaultRulesOptions', 'EKS_ADDONS', 'EKS_ADDON_VERSIONS', 'EXTERNAL_SECRETS_SERVICE_ACCOUNT',
  'EksAddonName', 'EksCluster', 'EksClusterAttributes', 'EksClusterProps', 'EksEndpointAccess', 'EksSupportType',
  'EmailReceiverConfig', 'ExternalSecretData', 'ExternalSecretOptions', 'ExternalSecretsOperator',
  'ExternalSecretsOperatorProps', 'GRAFANA_DB_INSTANCE_CLASSES', 'GRAFANA_OBJECT_NAMES', 'GRAFANA_PRODUCTION_REPLICAS',
  'GRAFANA_TIER_LAYOUTS', 'GatewayBackends', 'GatewayIdentity', 'GeneratedSecretOptions', 'GrafanaDashboardsOptions',
  'GrafanaDatabase', 'GrafanaDatabaseAttributes', 'GrafanaDatabaseProps', 'GrafanaDatasource',
  'GrafanaDbInstanceClass', 'GrafanaHA', 'GrafanaHAProps', 'GrafanaIngressOptions', 'GrafanaIngressScheme',
  'GrafanaResources', 'GrafanaSecretsOperator', 'GrafanaSsoOptions', 'GrafanaTierLayout', 'HelmReleaseTarget',
  'HelmRule', 'HelmValues', 'IEksCluster', 'IGrafanaDatabase', 'ILgtmBuckets', 'ILgtmPlatform', 'IMAGES', 'INetwork',
  'IPodSecurityGroup', 'ISessionStore', 'IWorkloadRole', 'ImageName', 'ImagePin', 'KUBERNETES_VERSIONS',
  'KubernetesObject', 'KubernetesObjectTarget', 'KubernetesVersionSupport', 'LGTM_COMPONENTS', 'LOG_RETENTION_DAYS',
  'LOKI_SCHEMA_FROM', 'LOKI_TIERS', 'LgtmAlerting', 'LgtmAlertingProps', 'LgtmBackendOptions', 'LgtmBuckets',
  'LgtmBucketsProps', 'LgtmCompliance', 'LgtmComplianceProps', 'LgtmComponent', 'LgtmGatewayOptions',
  'LgtmLoadBalancerControllerOptions', 'LgtmObservability', 'LgtmObservabilityProps', 'LgtmPlatform',
  'LgtmPlatformBucketsOptions', 'LgtmPlatformClusterOptions', 'LgtmPlatformDatabaseOptions',
  'LgtmPlatformMemcachedOptions', 'LgtmPlatformNetworkOptions', 'LgtmPlatformProps', 'LgtmPlatformSessionStoreOptions',
  'LgtmRule', 'LoadBalancerController', 'LoadBalancerControllerIdentity', 'LoadBalancerControllerOptions',
  'LoadBalancerControllerProps', 'LoadBalancerTargetType', 'LoadProfile', 'LoadRetention', 'LokiCacheSize',
  'LokiCluster', 'LokiClusterProps', 'LokiComponent', 'LokiComponentSize', 'LokiDeploymentMode', 'LokiEndpoints',
  'LokiEndpointsAttributes', 'LokiTenantLimits', 'LokiTierLayout', 'MANIFESTS_CHART', 'MIMIR_CACHES',
  'MIMIR_COMPONENTS', 'MIMIR_EXEMPLARS_PER_TENANT', 'MIMIR_TIER_LAYOUTS', 'MIN_SUPPRESSION_REASON', 'ManagedMemcached',
  'ManagedMemcachedProps', 'ManifestRelease', 'ManifestReleaseProps', 'MemcachedEndpoint',
  'MemcachedEndpointAttributes', 'MimirCache', 'MimirCluster', 'MimirClusterProps', 'MimirComponent', 'MimirEndpoints',
  'MimirEndpointsAttributes', 'MimirRequests', 'MimirTenantLimits', 'MimirTierLayout', 'NOT_APPLICABLE',
  'NatGatewayMode', 'Network', 'NetworkAttributes', 'NetworkProps', 'NginxAuth', 'NginxConfigOptions', 'NodeGroupSize',
  'NodeOption', 'NodePlan', 'PLATFORM_VERSIONS', 'POSTGRES_MAJOR_VERSIONS', 'PRICES', 'PRICE_TABLE_DATE',
  'PYROSCOPE_ARCHITECTURE_COMPONENTS', 'PYROSCOPE_CHART_COMPONENTS', 'PYROSCOPE_COMPONENTS', 'PYROSCOPE_TIERS',
  'PagerDutyReceiverConfig', 'PlanNodesOptions', 'PlatformCostFacts', 'PlatformVersions', 'PodSecurityGroup',
  'PodSecurityGroupPolicyOptions', 'PodSecurityGroupProps', 'PolicyPeer', 'PolicyTarget', 'Price', 'PriceMark',
  'PrometheusOperatorCrds', 'PrometheusOperatorCrdsProps', 'ProvisionedDashboard', 'PyroscopeArchitecture',
  'PyroscopeCluster', 'PyroscopeClusterProps', 'PyroscopeComponent', 'PyroscopeComponentSize', 'PyroscopeEndpoints',
  'PyroscopeEndpointsAttributes', 'PyroscopeTierLayout', 'RULE_BACKENDS', 'RUNBOOK_DOC', 'ReceiverSecret',
  'RecordingRule', 'RegionPrices', 'ResolvedLoad', 'ResourceRule', 'RetentionDays', 'RingStore', 'RuleBackend',
  'RuleGroup', 'RuleInfo', 'SEVERITIES', 'SPAN_METRICS', 'SecretStoreOptions', 'ServiceAccountRef', 'SessionStore',
  'SessionStoreAttributes', 'SessionStoreEngine', 'SessionStoreProps', 'Severity', 'SlackReceiverConfig',
  'StackSizing', 'StackView', 'SuppressedFinding', 'SynthesizedResource', 'TEMPO_COMPONENTS',
  'TEMPO_SPAN_METRICS_PROCESSORS', 'TEMPO_TIERS', 'TENANT_HEADER', 'TIERS', 'TIER_NODE_DEFAULTS',
  'TOLERATE_EVERY_TAINT', 'TRACE_PROFILE_TYPE', 'TempoChart', 'TempoCluster', 'TempoClusterProps', 'TempoComponent',
  'TempoEndpoints', 'TempoEndpointsAttributes', 'TempoTierLayout', 'TempoWorkload', 'TempoWorkloadSize',
  'TenantAlerting', 'TenantDatasourceOptions', 'TenantGateway', 'TenantGatewayAuth', 'TenantGatewayBasicAuth',
  'TenantGatewayLoadBalancer', 'TenantGatewayProps', 'TenantGatewayTrustedHeaderAuth', 'TenantLimits', 'TenantRoute',
  'Tier', 'Verdict', 'VolumeReclaimPolicy', 'WebhookReceiverConfig', 'WorkloadIdentityMode', 'WorkloadPolicyStatement',
  'WorkloadRole', 'WorkloadRoleAttributes', 'WorkloadRoleProps', 'block', 'call', 'concat', 'constant',
  'costInputForSizing', 'datasourceUid', 'datasourcesProvisioning', 'defaultRuleGroups', 'defaultServiceAccount',
  'estimateCost', 'externalSecretManifest', 'formatCost', 'generatedSecretManifests', 'isAlloyComponentName',
  'isAlloyIdentifier', 'isAwsRegion', 'isTier', 'lgtmDashboards', 'nginxConfig', 'nonCompliant', 'partitionOf',
  'planNodes', 'pricesFor', 'prometheusRuleManifest', 'raw', 'rdsCaRegions', 'ref', 'releasePeer', 'resolveLoad',
  'ruleFileYaml', 'rules', 'secretStoreManifest', 'serviceRedDashboard', 'sizeFor', 'stackHealthDashboards',
  'tenantDatasources', 'toAlloyIdentifier',
];

/** Helpers that must stay inside the package (validation, merging, the values index, IAM builders). */
const INTERNALS = [
  'deepMerge', 'distance', 'verdict', 'bucketsOf', 'componentStatements', 'findUnknownValues', 'chartValuesIndex',
  'isPlainObject', 'cloneValues', 'deepFreeze', 'assertKnownValues', 'tenantIdProblem', 'check', 'known', 'show',
];

const INDEX = path.join(REPO_ROOT, 'lib', 'index.ts');

interface Exported {
  /** The name users import. */
  readonly name: string;
  /** Where it is declared, relative to the repository. */
  readonly files: readonly string[];
}

function exportsOf(checker: ts.TypeChecker, module: ts.Symbol): Exported[] {
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const files = (target.declarations ?? []).map((d) => path.relative(REPO_ROOT, d.getSourceFile().fileName));
    return { name: symbol.name, files };
  });
}

describe('the public API (lib/index.ts)', () => {
  let api: Exported[];
  /** Members of the namespaces lib/index.ts exports (`rules`), as `rules.X`. */
  let members: Exported[];

  beforeAll(() => {
    const program = ts.createProgram([INDEX], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      types: [],
      skipLibCheck: true,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const module = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!);
    if (!module) throw new Error(`${INDEX} is not a module`);
    api = exportsOf(checker, module);
    members = checker.getExportsOfModule(module).flatMap((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!(target.flags & ts.SymbolFlags.ValueModule)) return [];
      return exportsOf(checker, target).map((m) => ({ ...m, name: `${symbol.name}.${m.name}` }));
    });
  }, 30_000);

  test('exports exactly the pinned names', () => {
    expect(api.map((e) => e.name).sort()).toEqual([...PUBLIC_API].sort());
  });

  test('the pinned list is sorted and has no duplicates', () => {
    expect(PUBLIC_API).toEqual([...new Set(PUBLIC_API)].sort());
  });

  test('exports a namespace of the built-in rules', () => {
    expect(members.length).toBeGreaterThan(0);
    expect(members.map((m) => m.name)).toEqual(expect.arrayContaining(['rules.S3_RULES']));
  });

  test('leaks no internal helper, at the top or through a namespace', () => {
    const names = [...api, ...members].map((e) => e.name.split('.').pop()!);
    expect(names.filter((n) => INTERNALS.includes(n))).toEqual([]);
  });

  test('exports nothing declared in a private/ folder', () => {
    const fromPrivate = [...api, ...members].filter((e) => e.files.some((f) => f.split(path.sep).includes('private')));
    expect(fromPrivate.map((e) => `${e.name} (${e.files.join(', ')})`)).toEqual([]);
  });
});
