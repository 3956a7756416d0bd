import type { LgtmComponent } from './component-bucket';

/** How a Kubernetes service account gets its IAM role. */
export type WorkloadIdentityMode =
  /** EKS Pod Identity: a pod identity association; needs the eks-pod-identity-agent addon. */
  | 'pod-identity'
  /** IAM Roles for Service Accounts: a web-identity trust on the cluster's OIDC provider. */
  | 'irsa';

/** One statement of a workload's permission policy (always Allow). */
export interface WorkloadPolicyStatement {
  /**
   * Statement id.
   * @default - none
   */
  readonly sid?: string;
  /** IAM actions, e.g. `s3:GetObject`. A bare `*` or `service:*` is refused. */
  readonly actions: string[];
  /** Resource ARNs. `*` is refused together with a wildcard action. */
  readonly resources: string[];
  /**
   * Conditions, as IAM policy-document condition blocks.
   * @default - none
   */
  readonly conditions?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/**
 * An IAM role bound to exactly one Kubernetes service account: the handle a workload takes for its
 * AWS access. Built by `WorkloadRole`, or for an existing role with `WorkloadRole.fromAttributes`.
 */
export interface IWorkloadRole {
  /** ARN of the role. */
  readonly roleArn: string;
  /** Namespace of the bound service account. */
  readonly namespace: string;
  /** Name of the bound service account: the workload must run as exactly this account. */
  readonly serviceAccount: string;
  /** How the service account is bound to the role. */
  readonly mode: WorkloadIdentityMode;
  /**
   * The LGTM backend the role serves, so a backend can refuse another's role.
   * @default - none: a role of no particular backend
   */
  readonly component?: LgtmComponent;
  /**
   * Annotations the service account needs: the role ARN for IRSA, none for Pod Identity. Charts
   * take these as `serviceAccount.annotations`.
   */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /**
   * Adds statements to the role's permission policy, validated like the role's own. Grants on other
   * handles (`bucket.grantReadWrite(role)`, `database.grantSecretRead(role)`) call this.
   */
  addStatements(...statements: WorkloadPolicyStatement[]): void;
}

/** An existing role, for `WorkloadRole.fromAttributes`. */
export interface WorkloadRoleAttributes {
  /** ARN of the role (`arn:aws:iam::<account>:role/<name>`, optionally with a path). */
  readonly roleArn: string;
  /** Namespace of the service account the role is bound to. */
  readonly namespace: string;
  /** Name of the service account the role is bound to. */
  readonly serviceAccount: string;
  /**
   * How the service account is bound. With `pod-identity` the association must already exist;
   * with `irsa` the role's trust policy must already name the service account.
   * @default 'pod-identity'
   */
  readonly mode?: WorkloadIdentityMode;
  /**
   * The LGTM backend the role serves (its buckets' owner), so a backend can refuse another's role.
   * @default - none
   */
  readonly component?: LgtmComponent;
}
