import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { secretReadStatements } from '../aws/private/secret-grants';
import { LokiEndpoints } from '../backends/loki-endpoints';
import { MimirEndpoints } from '../backends/mimir-endpoints';
import { AlloyRuleSync } from '../collector/alloy-rule-sync';
import { ChartReleaseOptions } from '../helm/chart-release';
import { releaseOptions } from '../helm/release-options';
import { DNS_LABEL, HTTP_URL, Rule, check, known, show } from '../private/validate';
import { ExternalSecretsOperator } from '../secrets/external-secrets-operator';
import { secretStoreManifest } from '../secrets/external-secret';
import { TenantAlerting, alertmanagerManifests, receiverSecretArns, tenantAlertingRules } from './alertmanager-config';
import { DEFAULT_RULE_GROUP_NAMES, DefaultRuleGroupName, defaultRuleGroups } from './default-rules';
import { PrometheusOperatorCrds } from './prometheus-operator-crds';
import { prometheusRuleManifest, prometheusRuleName } from './prometheus-rule';
import { RuleGroup, backendOf, ruleGroupRules } from './rule-group';

/** The default rule set's settings. */
export interface DefaultRulesOptions {
  /**
   * Each default group on or off (a group not listed is on): `service-red`, `mimir-health`,
   * `loki-health`, `tempo-health`, `storage-health`, `collector-health`.
   * @default - every group on
   */
  readonly groups?: Readonly<Partial<Record<DefaultRuleGroupName, boolean>>>;
  /**
   * The tenant the stack's own metrics are collected into (the collector's default tenant): the
   * health groups are evaluated there.
   * @default - the first of `tenants`
   */
  readonly stackTenant?: string;
  /**
   * URL of docs/runbooks.md as responders read it; each alert's `runbook_url` is it plus `#<alert>`.
   * @default - only the `runbook` annotation (docs/runbooks.md#<alert>)
   */
  readonly runbookBaseUrl?: string;
  /**
   * Error ratio (0-1) of a service's requests above which `ServiceHighErrorRate` fires.
   * @default 0.05
   */
  readonly errorRatio?: number;
  /**
   * p99 latency in seconds above which `ServiceHighLatencyP99` fires.
   * @default 1
   */
  readonly p99LatencySeconds?: number;
}

/** Props of {@link LgtmAlerting}. */
export interface LgtmAlertingProps extends ChartReleaseOptions {
  /** The environment's tenant ids: every group's and every routing's tenant must be one of them. */
  readonly tenants: readonly string[];
  /** Mimir: its ruler evaluates PromQL groups, its Alertmanager routes every alert. */
  readonly metrics: MimirEndpoints;
  /**
   * Loki: its ruler evaluates LogQL groups (`backend: 'loki'`).
   * @default - no Loki groups allowed
   */
  readonly logs?: LokiEndpoints;
  /**
   * Your own rule groups, besides the default set.
   * @default []
   */
  readonly groups?: readonly RuleGroup[];
  /**
   * The default rule set (service RED alerts from span metrics, the stack's health), or `false` for none.
   * @default - every default group on
   */
  readonly defaultRules?: DefaultRulesOptions | false;
  /**
   * Alertmanager routing per tenant (tenant id → receivers and routes). Receiver secrets come from
   * Secrets Manager through `secrets`; a tenant without routing keeps Mimir's fallback (none).
   * @default - no routing
   */
  readonly alertmanager?: Readonly<Record<string, TenantAlerting>>;
  /**
   * The External Secrets Operator that syncs the receivers' secrets; its role is granted read on
   * exactly those secrets. Required with `alertmanager`.
   * @default - none
   */
  readonly secrets?: ExternalSecretsOperator;
  /**
   * The CRDs release to wait for, when one is installed elsewhere.
   * @default - a PrometheusOperatorCrds is created here
   */
  readonly crds?: PrometheusOperatorCrds;
  /**
   * What the releases wait for (`LgtmObservability.ready`).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The SecretStore of the receivers' ExternalSecrets, in the loader's namespace. */
const STORE_NAME = 'alertmanager-receivers';

/**
 * Alerting and recording rules of every tenant, and its Alertmanager routing, as code: typed
 * `RuleGroup`s (your own and the default set) become PrometheusRule objects, routing becomes
 * AlertmanagerConfig objects with their secrets synced from Secrets Manager; one Alloy pod
 * (`AlloyRuleSync`) carries the objects and loads them into the Mimir and Loki rulers and Mimir's
 * Alertmanager with each tenant's X-Scope-OrgID. Everything is applied by Helm after the
 * prometheus-operator CRDs release, so a fresh cluster plans in one run.
 */
export class LgtmAlerting extends Construct {
  /** The CRDs release (created here unless `crds` was given). */
  public readonly crds: PrometheusOperatorCrds;
  /** Every rule group deployed: the default set's, then yours. */
  public readonly groups: readonly RuleGroup[];
  /** The loader; undefined when there are no rules and no routing. */
  public readonly loader?: AlloyRuleSync;
  /** The PrometheusRule, AlertmanagerConfig, SecretStore and ExternalSecret objects deployed. */
  public readonly objects: readonly Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: LgtmAlertingProps) {
    super(scope, id);
    const label = `LgtmAlerting '${this.node.path}'`;
    const tenants: readonly string[] = Array.isArray(props.tenants) ? props.tenants : [];
    const own: readonly RuleGroup[] = props.groups ?? [];
    const defaults = props.defaultRules === false ? undefined : props.defaultRules ?? {};
    const stackTenant = defaults?.stackTenant ?? tenants[0];
    const routing = props.alertmanager ?? {};
    const namespace = props.namespace ?? 'lgtm';
    const switches = defaults?.groups ?? {};

    const early: Rule[] = [
      { when: tenants.length === 0, message: `tenants is ${show(props.tenants)}, but at least one tenant id is required` },
      { when: !(props.metrics instanceof MimirEndpoints), message: `metrics is ${show(props.metrics)}, but it must be a MimirEndpoints (MimirCluster.endpoints): its ruler and Alertmanager run the alerts` },
      { when: props.logs !== undefined && !(props.logs instanceof LokiEndpoints), message: `logs is ${show(props.logs)}, but it must be a LokiEndpoints` },
      { when: !Array.isArray(own), message: `groups is ${show(props.groups)}, but it must be a list of rule groups` },
      { when: defaults !== undefined && !tenants.includes(stackTenant), message: `defaultRules.stackTenant is ${show(stackTenant)}, but the environment's tenants are ${tenants.map(show).join(', ')}` },
      ...Object.keys(switches).map((k) => ({
        when: !DEFAULT_RULE_GROUP_NAMES.includes(k as DefaultRuleGroupName) || typeof (switches as Record<string, unknown>)[k] !== 'boolean',
        message: `defaultRules.groups.${k} is ${show((switches as Record<string, unknown>)[k])}, but the default groups are ${DEFAULT_RULE_GROUP_NAMES.join(', ')}, each true or false`,
      })),
      {
        when: defaults?.runbookBaseUrl !== undefined && (!known(defaults.runbookBaseUrl) || !HTTP_URL.test(defaults.runbookBaseUrl)),
        message: `defaultRules.runbookBaseUrl is ${show(defaults?.runbookBaseUrl)}, but it must be an http(s) URL of docs/runbooks.md without a fragment`,
      },
      {
        when: defaults?.errorRatio !== undefined && !(typeof defaults.errorRatio === 'number' && defaults.errorRatio > 0 && defaults.errorRatio < 1),
        message: `defaultRules.errorRatio is ${show(defaults?.errorRatio)}, but it must be a number between 0 and 1 (0.05 is 5%)`,
      },
      {
        when: defaults?.p99LatencySeconds !== undefined && !(typeof defaults.p99LatencySeconds === 'number' && defaults.p99LatencySeconds > 0),
        message: `defaultRules.p99LatencySeconds is ${show(defaults?.p99LatencySeconds)}, but it must be a positive number of seconds`,
      },
      { when: known(namespace) && !DNS_LABEL.test(namespace), message: `namespace is ${show(namespace)}, but it must be a lowercase DNS label of at most 63 characters` },
      ...Object.keys(routing).map((t) => ({
        when: !tenants.includes(t),
        message: `alertmanager.${t} is set, but ${show(t)} is not one of the environment's tenants (${tenants.map(show).join(', ')})`,
      })),
      {
        when: Object.keys(routing).length > 0 && !(props.secrets instanceof ExternalSecretsOperator),
        message: `secrets is ${show(props.secrets)}, but alertmanager receivers need an ExternalSecretsOperator to sync their secrets from Secrets Manager`,
      },
      ...Object.entries(routing).flatMap(([t, r]) => tenantAlertingRules(r, `alertmanager.${t}`)),
    ];
    check(label, early);

    const defaultGroups = defaults === undefined ? [] : defaultRuleGroups({
      serviceTenants: tenants,
      stackTenant,
      enabled: switches,
      runbookBaseUrl: defaults.runbookBaseUrl,
      errorRatio: defaults.errorRatio,
      p99LatencySeconds: defaults.p99LatencySeconds,
    });
    const groups = [...defaultGroups, ...own];
    const names = groups.map((g) => (typeof g?.name === 'string' && typeof g?.tenant === 'string' ? prometheusRuleName(g) : undefined));
    check(label, [
      // Your groups are numbered after the default ones: say which list a bad group is in.
      ...ruleGroupRules(own, tenants, 'groups'),
      ...ruleGroupRules(groups, tenants, 'groups (default set + groups)').filter((r) => r.when && /unique per tenant/.test(r.message)),
      ...groups.map((g, i) => ({
        when: names[i] !== undefined && names.indexOf(names[i]) !== i && !groups.slice(0, i).some((h) => h.name === g.name && h.tenant === g.tenant && backendOf(h) === backendOf(g)),
        message: `group ${show(g?.name)} of tenant ${show(g?.tenant)} gives the object name ${show(names[i])}, which another group gives too; rename one`,
      })),
      {
        when: props.logs === undefined && groups.some((g) => backendOf(g) === 'loki'),
        message: "a group has backend 'loki', but logs (Loki) is not set",
      },
    ]);
    this.groups = groups;

    const objects: Record<string, unknown>[] = groups.map((g) => prometheusRuleManifest(g, namespace));
    const routed = Object.keys(routing);
    if (routed.length > 0) {
      const secrets = props.secrets!;
      objects.push(secretStoreManifest({ name: STORE_NAME, namespace, region: secrets.region }));
      for (const t of routed) {
        objects.push(...alertmanagerManifests(t, routing[t], namespace, STORE_NAME));
        // Exactly the receivers' secrets: the operator's role reads nothing else for them.
        for (const arn of [...new Set(receiverSecretArns(routing[t]))]) secrets.role.addStatements(...secretReadStatements(arn));
      }
    }
    this.objects = objects;

    this.crds = props.crds ?? new PrometheusOperatorCrds(this, 'crds', {
      namespace,
      createNamespace: props.createNamespace,
      dependsOn: props.dependsOn,
    });
    const tenantsOf = (backend: 'mimir' | 'loki') => tenants.filter((t) => groups.some((g) => g.tenant === t && backendOf(g) === backend));
    if (groups.length > 0 || routed.length > 0) {
      this.loader = new AlloyRuleSync(this, 'loader', {
        ...releaseOptions(props, namespace),
        metrics: props.metrics,
        logs: props.logs,
        mimirRuleTenants: tenantsOf('mimir'),
        lokiRuleTenants: tenantsOf('loki'),
        alertmanagerTenants: tenants.filter((t) => routed.includes(t)),
        objects,
        dependsOn: [...(props.dependsOn ?? []), ...this.crds.ready, ...(routed.length > 0 ? props.secrets!.ready : [])],
      });
    }
  }
}
