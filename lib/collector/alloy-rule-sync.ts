import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { LokiEndpoints } from '../backends/loki-endpoints';
import { MimirEndpoints } from '../backends/mimir-endpoints';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { releaseOptions } from '../helm/release-options';
import { HelmValues, isPlainObject, valueAt } from '../helm/values';
import { helmTplLiteral, mapStrings } from '../grafana/private/templating';
import { DNS_LABEL, Rule, check, known, show, tenantIdProblem } from '../private/validate';
import { AlloyConfig } from './alloy-config';
import { alloyRulesPipeline } from './alloy-rules-pipeline';
import { ALLOY_SCRAPE_ANNOTATIONS } from './alloy-values';
import { toAlloyIdentifier } from './alloy-syntax';

/** Props of {@link AlloyRuleSync}. */
export interface AlloyRuleSyncProps extends ChartReleaseOptions {
  /**
   * Mimir, whose ruler and Alertmanager get the rules and routing (`MimirCluster.endpoints`).
   * @default - no Mimir rules or routing; then `mimirRuleTenants` and `alertmanagerTenants` must be empty
   */
  readonly metrics?: MimirEndpoints;
  /**
   * Loki, whose ruler gets the log rules (`LokiCluster.endpoints`).
   * @default - no Loki rules; then `lokiRuleTenants` must be empty
   */
  readonly logs?: LokiEndpoints;
  /**
   * Tenants that have Mimir rules (PromQL): each gets a `mimir.rules.kubernetes`.
   * @default []
   */
  readonly mimirRuleTenants?: readonly string[];
  /**
   * Tenants that have Loki rules (LogQL): each gets a `loki.rules.kubernetes`.
   * @default []
   */
  readonly lokiRuleTenants?: readonly string[];
  /**
   * Tenants with Alertmanager routing (AlertmanagerConfig objects): each gets a
   * `mimir.alerts.kubernetes`, an experimental component, so the loader then runs at stability
   * level `experimental` (the collector DaemonSet is not affected).
   * @default []
   */
  readonly alertmanagerTenants?: readonly string[];
  /**
   * The Kubernetes objects the release applies with itself (`extraObjects`): the PrometheusRule and
   * AlertmanagerConfig objects, and the ExternalSecrets of the receivers. They are applied by Helm
   * after their CRDs exist, so nothing of them is planned by Terraform.
   * @default []
   */
  readonly objects?: readonly Record<string, unknown>[];
  /**
   * How often the rulers' and Alertmanager's state is compared with the objects (a duration).
   * @default '1m'
   */
  readonly syncInterval?: string;
  /**
   * What the release waits for: the CRDs release (`PrometheusOperatorCrds.ready`), and the External
   * Secrets Operator when `objects` hold ExternalSecrets.
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The release name: the chart's resources (Deployment, RBAC) are then named `alloy-rules`. */
const RELEASE_NAME = 'alloy-rules';

/**
 * A root route to a receiver without integrations: an alert that no tenant route matches is
 * dropped, and a tenant's AlertmanagerConfig routes are added under it.
 */
export const GLOBAL_ALERTMANAGER_CONFIG = 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n';

/**
 * One Alloy pod (the pinned `alloy` chart as a single-replica Deployment, release `alloy-rules`)
 * that loads each tenant's PrometheusRule objects into the Mimir and Loki rulers and its
 * AlertmanagerConfig objects into Mimir's Alertmanager, and carries those objects itself
 * (`extraObjects`). A Deployment of one, not the collector DaemonSet: `loki.rules.kubernetes` and
 * `mimir.alerts.kubernetes` have no clustering, so every pod of a DaemonSet would push the same
 * state to the rulers, and the experimental `mimir.alerts.kubernetes` stays out of the collector.
 */
export class AlloyRuleSync extends Construct {
  /** The Helm release (its `values` are the final, frozen values). */
  public readonly release: ChartRelease;
  /** The typed Alloy configuration the release runs. */
  public readonly config: AlloyConfig;
  /** The configuration as rendered into `alloy.configMap.content`. */
  public readonly configText: string;

  constructor(scope: Construct, id: string, props: AlloyRuleSyncProps) {
    super(scope, id);
    const mimirTenants = props.mimirRuleTenants ?? [];
    const lokiTenants = props.lokiRuleTenants ?? [];
    const amTenants = props.alertmanagerTenants ?? [];
    const objects = props.objects ?? [];
    const syncInterval = props.syncInterval ?? '1m';
    const namespace = props.namespace ?? 'lgtm';
    const values = isPlainObject(props.values) ? props.values : {};
    const tenantLists: [string, readonly string[]][] = [['mimirRuleTenants', mimirTenants], ['lokiRuleTenants', lokiTenants], ['alertmanagerTenants', amTenants]];
    const rules: Rule[] = [
      ...tenantLists.flatMap(([field, list]) => [
        { when: !Array.isArray(list), message: `${field} is ${show(list)}, but it must be a list of tenant ids` },
        ...(Array.isArray(list) ? list : []).map((t, i) => ({
          when: !known(t) || tenantIdProblem(t) !== undefined,
          message: `${field}[${i}] is ${show(t)}, but ${known(t) ? tenantIdProblem(t) : 'it must be known at synth: it labels the components'}`,
        })),
        {
          when: Array.isArray(list) && new Set(list.map((t) => (known(t) && tenantIdProblem(t) === undefined ? toAlloyIdentifier(t) : t))).size !== list.length,
          message: `${field} is ${show(list)}, but each tenant must be listed once and give a distinct Alloy label`,
        },
      ]),
      { when: mimirTenants.length + amTenants.length > 0 && props.metrics === undefined, message: 'mimirRuleTenants or alertmanagerTenants is not empty, but metrics (Mimir) is not set' },
      { when: lokiTenants.length > 0 && props.logs === undefined, message: 'lokiRuleTenants is not empty, but logs (Loki) is not set' },
      { when: mimirTenants.length + lokiTenants.length + amTenants.length === 0, message: 'there are no rules and no routing for any tenant, but the loader exists only to load them; leave it out' },
      { when: !Array.isArray(objects) || objects.some((o) => !isPlainObject(o)), message: `objects is ${show(objects)}, but it must be a list of Kubernetes objects` },
      { when: typeof syncInterval !== 'string' || !/^([0-9]+(ms|s|m|h))+$/.test(syncInterval), message: `syncInterval is ${show(syncInterval)}, but it must be a duration such as '1m' or '30s'` },
      { when: known(namespace) && !DNS_LABEL.test(namespace), message: `namespace is ${show(namespace)}, but it must be a lowercase DNS label of at most 63 characters` },
      {
        when: valueAt(values, 'alloy.configMap.content') !== undefined,
        message: 'values.alloy.configMap.content is set, but the construct writes the configuration; use the props instead',
      },
      {
        when: valueAt(values, 'controller.replicas') !== undefined && valueAt(values, 'controller.replicas') !== 1,
        message: `values.controller.replicas is ${show(valueAt(values, 'controller.replicas'))}, but the loader runs one pod: its components have no leader election and would push the same state twice`,
      },
    ];
    check(`AlloyRuleSync '${this.node.path}'`, rules);

    this.config = alloyRulesPipeline({
      metrics: props.metrics,
      logs: props.logs,
      mimirRuleTenants: mimirTenants,
      lokiRuleTenants: lokiTenants,
      alertmanagerTenants: amTenants,
      globalAlertmanagerConfig: GLOBAL_ALERTMANAGER_CONFIG,
      syncInterval,
    });
    this.configText = this.config.render();
    this.release = new ChartRelease(this, 'release', {
      chart: 'alloy',
      releaseName: RELEASE_NAME,
      ...releaseOptions(props, namespace, props.dependsOn),
      baseValues: ruleSyncValues(this.configText, amTenants.length > 0, objects),
    });
  }
}

/**
 * The alloy chart's values (1.11.1) for the loader: one pod, no host access, the objects it loads.
 *
 * Read in grafana/alloy at the chart's release commit 233907cff225ce253f812bdfc14138dac1fa0cd2
 * (tag helm-chart/1.11.1, operations/helm/charts/alloy):
 * - templates/controllers/deployment.yaml: `controller.type: deployment` renders a Deployment with
 *   `replicas: controller.replicas` (autoscaling off, the chart default); the pod template
 *   (templates/controllers/_pod.yaml) carries `controller.podAnnotations` and the selector labels
 *   `app.kubernetes.io/name: alloy`, `app.kubernetes.io/instance: <release>`.
 * - templates/rbac.yaml: with `rbac.namespaces` empty, one ClusterRole whose `rules:` are
 *   `rbac.rules | toYaml` followed by `rbac.clusterRules | toYaml`, each written as is. An empty list
 *   there renders a bare `[]` after the other list's items, which is not YAML (the install fails):
 *   both lists must hold a rule.
 * - templates/extra-manifests.yaml: each of `extraObjects` is rendered `tpl (toYaml .) $`, so a
 *   `{{ $labels.x }}` of a rule would be run by Helm (undefined variable) unless written as a Go
 *   template string constant, which tpl renders back to the text itself.
 */
function ruleSyncValues(content: string, experimental: boolean, objects: readonly Record<string, unknown>[]): HelmValues {
  return {
    controller: { type: 'deployment', replicas: 1, podAnnotations: { ...ALLOY_SCRAPE_ANNOTATIONS } },
    // What its components read, nothing more (the chart's defaults read every Secret and ConfigMap):
    // PrometheusRules and namespaces for the rules components; with routing, AlertmanagerConfigs and
    // the Secrets their receivers reference (mimir.alerts.kubernetes). Namespaces, cluster-scoped,
    // are the cluster rule, so neither list is empty (see above).
    rbac: {
      rules: [
        { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['get', 'list', 'watch'] },
        ...(experimental
          ? [
            { apiGroups: ['monitoring.coreos.com'], resources: ['alertmanagerconfigs'], verbs: ['get', 'list', 'watch'] },
            { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] },
          ]
          : []),
      ],
      clusterRules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    alloy: {
      configMap: { content },
      // mimir.alerts.kubernetes is experimental in Alloy 1.18 (docs: stability.level flag).
      stabilityLevel: experimental ? 'experimental' : 'generally-available',
      enableReporting: false,
      clustering: { enabled: false },
      resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    },
    // Applied with the release, after the CRDs release (dependsOn). The chart runs them through tpl
    // (see above): every string holding `{{` is a template string constant, so the rules'
    // `{{ $labels.x }}` and `{{ $value }}` reach the ruler as written.
    extraObjects: objects.map((o) => mapStrings(o, helmTplLiteral) as Record<string, unknown>),
  };
}
