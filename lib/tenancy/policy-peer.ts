/**
 * Pods a NetworkPolicy lets in: those with all of `podLabels` in `namespace`. Every chart this
 * library installs labels its pods `app.kubernetes.io/instance: <release name>`, so a release is
 * a peer by that label.
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
