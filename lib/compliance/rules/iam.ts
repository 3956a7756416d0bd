import { isWildcardAction } from '../../private/iam';
import { PolicyStatement, policyStatements } from '../private/policy';
import { blocks } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, StackView, SynthesizedResource, Verdict, nonCompliant } from '../rule';

// Identity policies only: resource policies (bucket, key policies) grant to principals and are
// checked by their own rules; a key policy's kms:* for the account root is the AWS default.
const IDENTITY_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'];


function identityPolicies(resource: SynthesizedResource): unknown[] {
  return resource.type === 'aws_iam_role' ? blocks(resource.config.inline_policy).map((p) => p.policy) : [resource.config.policy];
}

function checkStatements(resource: SynthesizedResource, stack: StackView, bad: (s: PolicyStatement) => string | undefined): Verdict {
  const problems: string[] = [];
  for (const policy of identityPolicies(resource)) {
    const statements = policyStatements(policy, stack);
    if (statements === undefined) {
      problems.push('a policy cannot be read at synth; build it with aws_iam_policy_document or a JSON string');
      continue;
    }
    for (const s of statements) {
      if (s.effect !== 'Allow') continue;
      const problem = bad(s);
      if (problem) problems.push(problem);
    }
  }
  return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '));
}

/** LGTM-IAM-1: no identity policy allows `*` or `service:*` actions. */
export const IAM_WILDCARD_ACTIONS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-IAM-1',
  rationale: 'An identity policy lists the actions it needs; `*`, `service:*` or an Allow with NotAction grants actions nobody reviewed.',
  severity: 'high',
  cdkNag: ['AwsSolutions-IAM5'],
  checkov: ['CKV_AWS_49', 'CKV_AWS_63'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, stack) {
    return checkStatements(resource, stack, (s) => {
      if (s.notActions.length > 0) return `an Allow uses NotAction ${JSON.stringify(s.notActions)}`;
      const wild = s.actions.filter(isWildcardAction);
      return wild.length > 0 ? `allows ${JSON.stringify(wild)}` : undefined;
    });
  },
};

/** LGTM-IAM-2: no identity policy allows wildcard actions on every resource. */
export const IAM_WILDCARD_ON_ALL: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-IAM-2',
  rationale: 'A wildcard action (`s3:Get*`, `*`) on Resource `*` reaches every resource of the account; scope it to the resources the workload owns.',
  severity: 'high',
  cdkNag: ['AwsSolutions-IAM5'],
  checkov: ['CKV_AWS_1', 'CKV_AWS_62'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, stack) {
    return checkStatements(resource, stack, (s) => {
      const wild = s.actions.filter((a) => a.includes('*'));
      return wild.length > 0 && s.resources.includes('*') ? `allows ${JSON.stringify(wild)} on resource '*'` : undefined;
    });
  },
};

/** LGTM-IAM-3: no IAM users. */
export const IAM_NO_USERS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-IAM-3',
  rationale: 'People use SSO and workloads use roles (WorkloadRole); an IAM user is a long-lived identity outside both.',
  severity: 'high',
  cdkNag: [],
  checkov: ['CKV_AWS_40'],
  resourceTypes: ['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_user_group_membership'],
  check(resource) {
    return nonCompliant(`${resource.type} creates or grants to an IAM user`);
  },
};

/** LGTM-IAM-4: no access keys. */
export const IAM_NO_ACCESS_KEYS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-IAM-4',
  rationale: 'Access keys are long-lived secrets that end up in Terraform state; pods get short-lived credentials through WorkloadRole.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  resourceTypes: ['aws_iam_access_key'],
  check() {
    return nonCompliant('aws_iam_access_key creates a long-lived access key');
  },
};

// The session tags EKS Pod Identity sets when it assumes a role (EKS User Guide, pod-id-abac.html).
const POD_IDENTITY_TAGS = ['aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account'];

/** LGTM-IAM-5: a role trusted by EKS Pod Identity names the namespace and service account it serves. */
export const IAM_POD_IDENTITY_TRUST: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-IAM-5',
  rationale: 'A role EKS Pod Identity may assume names its namespace and service account in the trust (session-tag conditions), so an association cannot bind it to any other pod.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  resourceTypes: ['aws_iam_role'],
  check(role, stack) {
    const statements = policyStatements(role.config.assume_role_policy, stack);
    if (statements === undefined) return nonCompliant('the trust policy cannot be read at synth; build it with aws_iam_policy_document or a JSON string');
    const podIdentity = statements.filter((s) => s.effect === 'Allow'
      && s.principals.some((p) => p.type === 'Service' && p.identifiers.includes('pods.eks.amazonaws.com')));
    if (podIdentity.length === 0) return NOT_APPLICABLE;
    const missing = podIdentity.flatMap((s) => POD_IDENTITY_TAGS.filter((tag) =>
      !s.conditions.some((c) => (c.test === 'StringEquals' || c.test === 'StringLike') && c.variable === tag && c.values.length > 0 && !c.values.includes('*'))));
    return missing.length === 0 ? COMPLIANT : nonCompliant(`the pods.eks.amazonaws.com trust has no condition on ${[...new Set(missing)].join(', ')}`);
  },
};

/** The IAM rules. */
export const IAM_RULES: readonly ResourceRule[] = [IAM_WILDCARD_ACTIONS, IAM_WILDCARD_ON_ALL, IAM_NO_USERS, IAM_NO_ACCESS_KEYS, IAM_POD_IDENTITY_TRUST];
