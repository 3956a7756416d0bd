import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'path';
import { stringify } from 'yaml';
import { DNS_LABEL, DNS_SUBDOMAIN, Rule, check, show } from '../private/validate';
import { deepFreeze, isPlainObject } from './values';

/** The chart shipped in this package: it renders `objects` as they are, one document each. */
export const MANIFESTS_CHART = { name: 'lgtm-manifests', version: '1.0.0' } as const;

/** A Kubernetes object as a manifest: apiVersion, kind, metadata (name, namespace), the rest. */
export type KubernetesObject = Readonly<Record<string, unknown>>;

/** Props of {@link ManifestRelease}. */
export interface ManifestReleaseProps {
  /** Helm release name (a lowercase DNS label of at most 53 characters). */
  readonly releaseName: string;
  /** Namespace of the release; objects name their own namespace, which may differ. */
  readonly namespace: string;
  /** The objects, each with `apiVersion`, `kind` and `metadata.name`; kind/namespace/name unique. */
  readonly objects: readonly KubernetesObject[];
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Seconds Helm waits for the objects to be ready (Deployments rolled out) before it rolls back.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * What the release waits for: the release that installs the CRDs of its objects, the Services it
   * proxies to.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

/**
 * Kubernetes objects built by this library (the tenant gateway, its network policies, objects of
 * CRDs such as ExternalSecret) as one Helm release of a chart shipped in this package
 * (lib/helm/manifests-chart, copied into the stack's assets by cdktf). Unlike `kubernetes_manifest`,
 * a Helm release needs no CRD at plan time, so it plans on a fresh cluster; unlike typed
 * `kubernetes_*` resources it is applied atomically, waits for rollouts and rolls back on failure.
 */
export class ManifestRelease extends Construct {
  /** Helm release name. */
  public readonly releaseName: string;
  /** Namespace of the release. */
  public readonly namespace: string;
  /** The objects, frozen, as the release renders them. */
  public readonly objects: readonly KubernetesObject[];
  /** The underlying `helm_release`. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ManifestReleaseProps) {
    super(scope, id);
    const objects: readonly unknown[] = Array.isArray(props.objects) ? props.objects : [];
    const timeout = props.timeoutSeconds ?? 600;
    const keys = objects.map((o) => objectKey(o));
    const rules: Rule[] = [
      { when: typeof props.releaseName !== 'string' || !RELEASE_NAME.test(props.releaseName), message: `releaseName is ${show(props.releaseName)}, but it must be a lowercase DNS label of at most 53 characters` },
      { when: typeof props.namespace !== 'string' || !DNS_LABEL.test(props.namespace), message: `namespace is ${show(props.namespace)}, but it must be a lowercase DNS label of at most 63 characters` },
      { when: !Array.isArray(props.objects), message: `objects is ${show(props.objects)}, but it must be a list of Kubernetes objects` },
      { when: !Number.isInteger(timeout) || timeout <= 0, message: `timeoutSeconds is ${show(timeout)}, but it must be a positive integer` },
      ...objects.flatMap((o, i) => objectRules(o, i)),
      ...keys.map((k, i) => ({ when: k !== undefined && keys.indexOf(k) !== i, message: `objects[${i}] is ${k} again; each kind/namespace/name once` })),
    ];
    check(`ManifestRelease '${this.node.path}'`, rules);

    this.releaseName = props.releaseName;
    this.namespace = props.namespace;
    this.objects = deepFreeze(objects.map((o) => JSON.parse(JSON.stringify(o)) as KubernetesObject));
    // cdktf copies the chart into cdktf.out/stacks/<stack>/assets/ and writes its path relative to
    // the stack directory, where Terraform runs: the plan holds no path of the build machine.
    const chart = new TerraformAsset(this, 'chart', { path: path.join(__dirname, 'manifests-chart'), type: AssetType.DIRECTORY });
    this.release = new Release(this, 'release', {
      name: props.releaseName,
      chart: chart.path,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? true,
      atomic: true,
      cleanupOnFail: true,
      timeout,
      maxHistory: 10,
      // lineWidth 0: never fold a line, which would split a Terraform token in two.
      values: [stringify({ objects: this.objects }, { lineWidth: 0 })],
      dependsOn: props.dependsOn,
    });
  }
}

function objectKey(o: unknown): string | undefined {
  if (!isPlainObject(o)) return undefined;
  const meta = o.metadata;
  if (!isPlainObject(meta)) return undefined;
  return `${String(o.kind)}/${String(meta.namespace ?? '')}/${String(meta.name)}`;
}

function objectRules(o: unknown, i: number): Rule[] {
  if (!isPlainObject(o)) return [{ when: true, message: `objects[${i}] is ${show(o)}, but it must be a Kubernetes object` }];
  const meta = isPlainObject(o.metadata) ? o.metadata : undefined;
  return [
    { when: typeof o.apiVersion !== 'string' || o.apiVersion === '', message: `objects[${i}].apiVersion is ${show(o.apiVersion)}, but it is required` },
    { when: typeof o.kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(o.kind), message: `objects[${i}].kind is ${show(o.kind)}, but it must be a Kubernetes kind such as Deployment` },
    {
      when: typeof meta?.name !== 'string' || !DNS_SUBDOMAIN.test(meta.name),
      message: `objects[${i}].metadata.name is ${show(meta?.name)}, but it must be a lowercase DNS subdomain name`,
    },
    {
      when: meta?.namespace !== undefined && (typeof meta.namespace !== 'string' || !DNS_LABEL.test(meta.namespace)),
      message: `objects[${i}].metadata.namespace is ${show(meta?.namespace)}, but it must be a lowercase DNS label`,
    },
  ];
}
