import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { KubernetesObject, ManifestRelease } from '../helm/manifest-release';
import { DNS_LABEL, Rule, check, show } from '../private/validate';
import { PolicyPeer, releasePeer } from './policy-peer';

/** A backend's Helm release, whose pods the policies close (a `ChartRelease`). */
export interface PolicyTarget {
  /** Helm release name: its pods carry `app.kubernetes.io/instance: <releaseName>`. */
  readonly releaseName: string;
  /** Namespace of the release. */
  readonly namespace: string;
}

/** Props of {@link BackendNetworkPolicies}. */
export interface BackendNetworkPoliciesProps {
  /** The backends' releases (Mimir, Loki, Tempo, Pyroscope): their pods may reach one another. */
  readonly backends: readonly PolicyTarget[];
  /**
   * Everything else allowed in: the collector, Grafana, the tenant gateway.
   * @default - none: only the backends reach the backends
   */
  readonly peers?: readonly PolicyPeer[];
  /**
   * Namespace of the release that holds the policies (each policy sits in its backend's namespace).
   * @default - the first backend's namespace
   */
  readonly namespace?: string;
  /**
   * What the release waits for (the backends' releases).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * `app.kubernetes.io/name` of the rollout-operator subchart (alias `rollout_operator`) of
 * mimir-distributed 6.0.6 (0.37.1), loki 18.11.0 (0.51.1) and tempo-distributed 2.26.2 (0.50.0),
 * whose webhooks the API server must reach: `rollout-operator.name` is the chart name with `_`
 * replaced by `-` (grafana/helm-charts tags rollout-operator-0.37.1 / -0.50.0 / -0.51.1,
 * charts/rollout-operator/templates/_helpers.tpl). Its pods also carry
 * `app.kubernetes.io/instance: <release>`, hence the NotIn.
 *
 * Every other pod of the backends' releases carries `app.kubernetes.io/instance: <release name>`
 * (the selector below), read in each pinned chart's templates:
 * - mimir-distributed 6.0.6: `mimir.podLabels` (templates/_helpers.tpl) for every component, the
 *   gateway (templates/gateway/gateway-dep.yaml) and the memcached caches
 *   (templates/memcached/_memcached-statefulset.tpl); grafana/mimir stored main-branch versions.
 * - loki 18.11.0 (grafana-community/helm-charts 3386a115): `loki.labels` in templates/_pod.tpl for
 *   every target of every deployment mode, `loki.gatewaySelectorLabels` (gateway),
 *   `loki.selectorLabels` (loki-canary/daemonset.yaml, memcached/_memcached-statefulset.tpl).
 * - tempo 2.2.4 (7d2a00b3): `tempo.selectorLabels` in templates/statefulset.yaml.
 * - tempo-distributed 2.26.2 (3da78851): `tempo.podLabels` in templates/_pod.tpl (every component,
 *   ingester zones), `tempo.labels` in templates/memcached/*.
 * - pyroscope 1.20.3 (grafana/pyroscope 846a3392, operations/pyroscope/helm/pyroscope):
 *   `pyroscope.templateLabels` in templates/deployments-statefulsets.yaml.
 */
const WEBHOOK_APPS = ['rollout-operator'];

/**
 * One Kubernetes NetworkPolicy per backend release: its pods accept connections only from the
 * backends' own pods (Tempo's metrics generator writing to Mimir, rulers to Alertmanager), and the
 * listed peers (the collector, Grafana, the tenant gateway). Any other pod, in any namespace, can no
 * longer choose an X-Scope-OrgID by calling a backend directly. The kubelet's probes stay allowed
 * (the VPC CNI's policy agent admits the node's own address); the rollout-operator, whose webhooks
 * the control plane calls, is left out of the selection. Enforced once the cluster's VPC CNI has
 * network policy support on (`EksCluster` `networkPolicy`, on by default).
 */
export class BackendNetworkPolicies extends Construct {
  /** The NetworkPolicy objects. */
  public readonly policies: readonly KubernetesObject[];
  /** The Helm release that applies them. */
  public readonly release: ManifestRelease;

  constructor(scope: Construct, id: string, props: BackendNetworkPoliciesProps) {
    super(scope, id);
    const backends: readonly PolicyTarget[] = Array.isArray(props.backends) ? props.backends : [];
    const peers: readonly PolicyPeer[] = Array.isArray(props.peers) ? props.peers : [];
    const namespace = props.namespace ?? backends[0]?.namespace;
    const rules: Rule[] = [
      { when: backends.length === 0, message: `backends is ${show(props.backends)}, but at least one backend release is required` },
      ...backends.flatMap((b, i) => [
        { when: typeof b?.releaseName !== 'string' || !DNS_LABEL.test(b.releaseName), message: `backends[${i}].releaseName is ${show(b?.releaseName)}, but it must be a Helm release name` },
        { when: typeof b?.namespace !== 'string' || !DNS_LABEL.test(b.namespace), message: `backends[${i}].namespace is ${show(b?.namespace)}, but it must be a lowercase DNS label` },
      ]),
      { when: props.peers !== undefined && !Array.isArray(props.peers), message: `peers is ${show(props.peers)}, but it must be a list of { namespace, podLabels }` },
      ...peers.flatMap((p, i) => [
        { when: typeof p?.namespace !== 'string' || !DNS_LABEL.test(p.namespace), message: `peers[${i}].namespace is ${show(p?.namespace)}, but it must be a lowercase DNS label` },
        {
          when: p?.podLabels === null || typeof p?.podLabels !== 'object' || Object.keys(p.podLabels).length === 0,
          message: `peers[${i}].podLabels is ${show(p?.podLabels)}, but at least one label is required: an empty selector would let every pod of the namespace in`,
        },
      ]),
    ];
    check(`BackendNetworkPolicies '${this.node.path}'`, rules);

    const allowed = [...backends.map(releasePeer), ...peers];
    this.policies = backends.map((b) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${b.releaseName}-ingress`, namespace: b.namespace, labels: { 'app.kubernetes.io/part-of': 'lgtm', 'app.kubernetes.io/component': 'tenancy' } },
      spec: {
        podSelector: {
          matchLabels: { 'app.kubernetes.io/instance': b.releaseName },
          matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: WEBHOOK_APPS }],
        },
        policyTypes: ['Ingress'],
        ingress: [{
          from: allowed.map((p) => ({
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.namespace } },
            podSelector: { matchLabels: { ...p.podLabels } },
          })),
        }],
      },
    }));
    this.release = new ManifestRelease(this, 'release', {
      releaseName: 'lgtm-network-policies',
      namespace: namespace as string,
      objects: this.policies,
      dependsOn: props.dependsOn,
    });
    this.policies = this.release.objects;
  }
}
