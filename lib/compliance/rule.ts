import { IConstruct } from 'constructs';
import { ChartName } from '../config/charts';
import { HelmValues } from '../helm/values';

/** What a compliance finding does to a synth. */
export type ComplianceMode =
  /** Every unsuppressed finding fails the synth (prod-like environments). */
  | 'error'
  /** Findings are synth warnings; the synth goes on (dev). */
  | 'warning';

/** Every compliance mode. */
export const COMPLIANCE_MODES: readonly ComplianceMode[] = ['error', 'warning'];

/** How bad a finding of a rule is; shown in messages and the report, the mode decides what it does. */
export type Severity =
  /** Data exposure or loss, or credentials at risk. */
  | 'high'
  /** Weakens a control that another one still backs up. */
  | 'medium'
  /** Hygiene: makes an incident harder to investigate or recover from. */
  | 'low';

/** Every severity, most severe first. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** What a rule says about one resource or Helm release. */
export type Verdict =
  /** The resource meets the control. */
  | { readonly status: 'compliant' }
  /** The control does not concern this resource (wrong engine, dev environment, ...). */
  | { readonly status: 'not-applicable' }
  /** The resource breaks the control; `detail` says what is wrong, in a few words. */
  | { readonly status: 'non-compliant'; readonly detail: string };

/** The verdict of a resource that meets the control. */
export const COMPLIANT: Verdict = Object.freeze({ status: 'compliant' });
/** The verdict of a resource the control does not concern. */
export const NOT_APPLICABLE: Verdict = Object.freeze({ status: 'not-applicable' });
/** The verdict of a resource that breaks the control, with what is wrong. */
export function nonCompliant(detail: string): Verdict {
  return { status: 'non-compliant', detail };
}
/** `COMPLIANT` when `ok`, otherwise `nonCompliant(detail)`. */
export function verdict(ok: boolean, detail: string): Verdict {
  return ok ? COMPLIANT : nonCompliant(detail);
}

/** One resource or data source of a stack, as Terraform JSON (references are `${type.name.attr}`). */
export interface SynthesizedResource {
  /** `resource` for a managed resource, `data` for a data source. */
  readonly mode: 'resource' | 'data';
  /** Terraform type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id (the Terraform name). */
  readonly name: string;
  /** Terraform address as other resources reference it: `aws_s3_bucket.x` or `data.aws_iam_policy_document.y`. */
  readonly address: string;
  /** The resource's attributes and meta-arguments (`lifecycle`, ...) as synthesized. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The construct that synthesized it: suppressions on it or an ancestor apply. */
  readonly construct: IConstruct;
}

/** One `ChartRelease` of the stack, with the values it renders. */
export interface HelmReleaseTarget {
  /** The pinned chart. */
  readonly chart: ChartName;
  /** Helm release name: its pods carry `app.kubernetes.io/instance: <releaseName>`. */
  readonly releaseName: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /** The final, frozen values (construct values with the user's override). */
  readonly values: Readonly<HelmValues>;
  /** Terraform address of its `helm_release`. */
  readonly address: string;
  /** The ChartRelease construct: suppressions on it or an ancestor apply. */
  readonly construct: IConstruct;
}

/** One Kubernetes object this library applies through a Helm release of its own (`ManifestRelease`). */
export interface KubernetesObjectTarget {
  /** `kind` of the object (`Deployment`, `NetworkPolicy`, ...). */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, or the release's namespace when the object names none. */
  readonly namespace: string;
  /** The whole object, frozen. */
  readonly object: Readonly<Record<string, unknown>>;
  /** Terraform address of the `helm_release` that applies it. */
  readonly address: string;
}

/** What a rule can see of the whole stack, for rules across resources. */
export interface StackView {
  /** True in a production environment: production-only rules apply. */
  readonly production: boolean;
  /** Kubernetes objects the stack applies through its own releases (gateway, NetworkPolicies). */
  readonly manifests: readonly KubernetesObjectTarget[];
  /** Every resource and data source of the stack. */
  readonly resources: readonly SynthesizedResource[];
  /** The resources (or data sources, with `data.` prefixed) of one Terraform type. */
  ofType(type: string): readonly SynthesizedResource[];
  /** The resource at a Terraform address (`aws_s3_bucket.x`, `data.aws_iam_policy_document.y`). */
  byAddress(address: string): SynthesizedResource | undefined;
  /**
   * The resources of `type` whose `attribute` points at `target`: a `${...}` reference to it, or
   * its literal name (`bucket`, `name`, ...) when the target has one.
   */
  linked(target: SynthesizedResource, type: string, attribute: string): readonly SynthesizedResource[];
  /**
   * `compute()` the first time `key` is asked for in this evaluation, the same value afterwards: for
   * rules that would otherwise redo work across resources (reading every role's policies, ...).
   */
  cached<T>(key: string, compute: () => T): T;
}

/** What every rule declares, for messages, the report and its cross-references. */
export interface RuleInfo {
  /**
   * Stable id, `<PREFIX>-<AREA>-<n>` in capitals and digits: the name a suppression uses. Built-in
   * rules are `LGTM-<AREA>-<n>`; a rule of your own takes your prefix (`ACME-TAGS-1`), never `LGTM-`.
   */
  readonly id: string;
  /** One line: the control and why it matters. */
  readonly rationale: string;
  /** How bad a finding is. */
  readonly severity: Severity;
  /** The cdk-nag rule ids of the same control (empty when cdk-nag has none). */
  readonly cdkNag: readonly string[];
  /** The checkov check ids of the same control (empty when checkov has none). */
  readonly checkov: readonly string[];
}

/** A rule over synthesized Terraform resources, one resource at a time (with the stack to look links up). */
export interface ResourceRule extends RuleInfo {
  /** Marks a rule over Terraform resources. */
  readonly kind: 'resource';
  /** Terraform types it looks at (data sources prefixed `data.`), or `*` for every resource. */
  readonly resourceTypes: readonly string[] | '*';
  /** The verdict for one resource of those types. */
  check(resource: SynthesizedResource, stack: StackView): Verdict;
}

/** A rule over the values of `ChartRelease` constructs (lib/helm), one release at a time. */
export interface HelmRule extends RuleInfo {
  /** Marks a rule over Helm values. */
  readonly kind: 'helm';
  /** Charts it looks at, or `*` for every chart. */
  readonly charts: readonly ChartName[] | '*';
  /** The verdict for one release of those charts. */
  check(release: HelmReleaseTarget, stack: StackView): Verdict;
}

/** A compliance rule: over synthesized resources or over Helm values. */
export type ComplianceRule = ResourceRule | HelmRule;
