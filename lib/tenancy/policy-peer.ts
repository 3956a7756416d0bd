/**
 * Pods a NetworkPolicy lets in: those with all of `podLabels` in `namespace`. Every chart this
 * library installs labels its pods `app.kubernetes.io/instance: <release name>`, so a release is
 * a peer by that label (the backends: lib/tenancy/backend-network-policies.ts; alloy 1.11.1, both
 * the `alloy` DaemonSet and the `alloy-rules` Deployment: `alloy.selectorLabels` in
 * templates/controllers/_pod.yaml, grafana/alloy 233907cf; grafana 11.6.1: `grafana.labels` in
 * templates/deployment.yaml, grafana-community/helm-charts b151768f).
 */
export interface PolicyPeer {
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels the pods all carry. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The pods of a Helm release (a backend, the collector, Grafana) as a peer. */
export function releasePeer(release: { readonly releaseName: string; readonly namespace: string }): PolicyPeer {
  return { namespace: release.namespace, podLabels: { 'app.kubernetes.io/instance': release.releaseName } };
}
