import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { releaseOptions } from '../helm/release-options';

/** Props of {@link PrometheusOperatorCrds}. */
export interface PrometheusOperatorCrdsProps extends ChartReleaseOptions {
  /**
   * What the release waits for (`LgtmObservability.ready`).
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The prometheus-operator CRDs (pinned chart `prometheus-operator-crds`): PrometheusRule,
 * AlertmanagerConfig and the others, no operator. Alloy reads these objects; a release carrying
 * them waits for {@link PrometheusOperatorCrds.ready}, so a fresh cluster plans and applies in one
 * run (a `kubernetes_manifest` would need the CRDs at plan time).
 * The chart switches each CRD on and off with values (`crds.<kind>.enabled`), so they are templates
 * of its `crds` subchart, which Helm upgrades with the release (unlike a chart's `crds/` folder).
 */
export class PrometheusOperatorCrds extends Construct {
  /** The Helm release. */
  public readonly release: ChartRelease;
  /** What a release carrying PrometheusRule or AlertmanagerConfig objects waits for. */
  public readonly ready: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: PrometheusOperatorCrdsProps = {}) {
    super(scope, id);
    this.release = new ChartRelease(this, 'release', {
      chart: 'prometheus-operator-crds',
      releaseName: 'prometheus-operator-crds',
      ...releaseOptions(props, props.namespace ?? 'lgtm', props.dependsOn),
      // The two kinds this library writes; the others stay on too (the chart's default), since
      // other tools in the cluster may rely on them and a CRD removed deletes every object of it.
      baseValues: { crds: { prometheusrules: { enabled: true }, alertmanagerconfigs: { enabled: true } } },
    });
    this.ready = [this.release.release];
  }
}
