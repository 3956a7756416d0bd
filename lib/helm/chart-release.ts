import { Release } from '@cdktf/provider-helm/lib/release';
import { Annotations, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ChartName, ChartPin, chartPin } from '../config/charts';
import { DNS_LABEL, MIN_REASON_LENGTH, Rule, check } from '../private/validate';
import { AllowUnknownValue, allowsPath, assertKnownValues, findUnknownValues } from './values-check';
import { HelmValues, deepFreeze, deepMerge, isPlainObject } from './values';

/** Release options every chart release of this library accepts. */
export interface ChartReleaseOptions {
  /**
   * Kubernetes namespace of the release.
   * @default 'lgtm'
   */
  readonly namespace?: string;
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Roll back the release when an install or upgrade fails (Helm `--atomic`, which also waits).
   * @default true
   */
  readonly atomic?: boolean;
  /**
   * Seconds Helm waits for the release's resources to be ready.
   * @default 900
   */
  readonly timeoutSeconds?: number;
  /**
   * Release revisions Helm keeps; 0 keeps every revision.
   * @default 10
   */
  readonly maxHistory?: number;
  /**
   * Values deep-merged over the construct's own values, last: the user's override. Objects merge
   * key by key; arrays and scalars replace. Dangerous: it can undo any setting the construct made.
   * @default - no override
   */
  readonly values?: HelmValues;
  /**
   * Values paths the chart reads although its values.yaml does not declare them, each with the
   * reason (at least 10 characters). Every final value is checked against the pinned chart's key
   * index (lib/config/charts); a path under one of these prefixes is skipped. An entry that matches
   * no unknown path gets a warning, so a chart bump that declares the key shows it can go.
   * @default - none: every path must exist in the chart
   */
  readonly allowUnknownValues?: readonly AllowUnknownValue[];
}

/** Props of {@link ChartRelease}. */
export interface ChartReleaseProps extends ChartReleaseOptions {
  /** Which pinned chart to install; repository and version come from the chart table. */
  readonly chart: ChartName;
  /**
   * Helm release name (at most 53 characters, lowercase DNS label).
   * @default - the chart name
   */
  readonly releaseName?: string;
  /** The values the construct built for its tier, before the user's override. */
  readonly baseValues: HelmValues;
  /**
   * Resources the release must wait for (e.g. the IAM role its pods assume).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/;

/**
 * One Helm release of a pinned chart: the chart reference from the table, the construct's values
 * with the user's override merged last, rendered to YAML once. The base every backend builds on.
 */
export class ChartRelease extends Construct {
  /** The pinned chart this release installs. */
  public readonly pin: ChartPin;
  /** Helm release name. */
  public readonly releaseName: string;
  /** Kubernetes namespace of the release. */
  public readonly namespace: string;
  /** The final values (construct values with the user's override merged), frozen. */
  public readonly values: Readonly<HelmValues>;
  /** The paths the values check skips on this release, as given. */
  public readonly allowUnknownValues: readonly AllowUnknownValue[];
  /** The underlying `helm_release` resource. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: ChartReleaseProps) {
    super(scope, id);
    const label = `ChartRelease '${this.node.path}'`;
    const pin = (() => {
      try {
        return chartPin(props.chart);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}`);
      }
    })();
    const releaseName = props.releaseName ?? pin.chart;
    const namespace = props.namespace ?? 'lgtm';
    const timeout = props.timeoutSeconds ?? 900;
    const maxHistory = props.maxHistory ?? 10;
    const rules: Rule[] = [
      { when: !RELEASE_NAME.test(releaseName), message: `releaseName is '${releaseName}', but it must be a lowercase DNS label of at most 53 characters` },
      { when: !DNS_LABEL.test(namespace), message: `namespace is '${namespace}', but it must be a lowercase DNS label of at most 63 characters` },
      { when: !Number.isInteger(timeout) || timeout <= 0, message: `timeoutSeconds is ${timeout}, but it must be a positive integer` },
      { when: !Number.isInteger(maxHistory) || maxHistory < 0, message: `maxHistory is ${maxHistory}, but it must be an integer of 0 or more` },
      { when: props.values !== undefined && !isPlainObject(props.values), message: `values is ${JSON.stringify(props.values)}, but a values override must be an object of chart keys` },
    ];
    const allow = props.allowUnknownValues ?? [];
    rules.push(
      { when: !Array.isArray(allow), message: `allowUnknownValues is ${JSON.stringify(allow)}, but it must be a list of { path, reason }` },
      ...(Array.isArray(allow) ? allow : []).flatMap((a, i) => [
        {
          when: !Token.isUnresolved(a?.path) && (typeof a?.path !== 'string' || !/^[^.\s[\]]+(\.[^.\s[\]]+|\[\d+\])*$/.test(a.path)),
          message: `allowUnknownValues[${i}].path is ${JSON.stringify(a?.path)}, but it must be a dotted values path such as 'loki.storage.s3.extra'`,
        },
        {
          when: !Token.isUnresolved(a?.reason) && (typeof a?.reason !== 'string' || a.reason.trim().length < MIN_REASON_LENGTH),
          message: `allowUnknownValues[${i}].reason is ${JSON.stringify(a?.reason)}, but it must say why the chart reads ${a?.path} in at least ${MIN_REASON_LENGTH} characters`,
        },
      ]),
    );
    check(label, rules);

    this.pin = pin;
    this.releaseName = releaseName;
    this.namespace = namespace;
    this.values = deepFreeze(deepMerge(props.baseValues, props.values));
    this.allowUnknownValues = allow;
    // Helm silently ignores a key its chart does not read: a typo would deploy and do nothing.
    const releaseLabel = `${label} (release '${releaseName}')`;
    try {
      assertKnownValues(releaseLabel, pin, this.values, allow);
    } catch (e) {
      const message = (e as Error).message;
      throw new Error(message.startsWith(releaseLabel) ? message : `${releaseLabel}: ${message}`);
    }
    if (allow.length > 0) {
      const unknown = findUnknownValues(pin, this.values);
      // An entry may sit above an unknown path or below it (when it names one leaf of an unknown map).
      const used = (x: AllowUnknownValue) => unknown.some((u) => allowsPath(x.path, u.path) || allowsPath(u.path, x.path));
      for (const a of allow.filter((x) => !used(x))) {
        Annotations.of(this).addWarning(`allowUnknownValues entry '${a.path}' matches no value the chart lacks; remove it`);
      }
    }

    this.release = new Release(this, 'release', {
      name: releaseName,
      repository: pin.repository,
      chart: pin.chart,
      version: pin.version,
      namespace,
      createNamespace: props.createNamespace ?? true,
      atomic: props.atomic ?? true,
      cleanupOnFail: true,
      timeout,
      maxHistory,
      // lineWidth 0: never fold a line, which would split a Terraform token in two.
      values: [stringify(this.values, { lineWidth: 0 })],
      dependsOn: props.dependsOn,
    });
  }
}
