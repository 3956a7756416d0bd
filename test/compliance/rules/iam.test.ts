import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { TerraformStack } from 'cdktf';
import {
  IAM_NO_ACCESS_KEYS, IAM_NO_USERS, IAM_POD_IDENTITY_TRUST, IAM_WILDCARD_ACTIONS, IAM_WILDCARD_ON_ALL,
} from '../../../lib/compliance/rules/iam';
import { WorkloadRole } from '../../../lib/aws/workload-role';
import { FAKE_CLUSTER } from '../../support/handles';
import { bareStack, verdicts } from '../../support/compliance';

const POLICY = 'aws_iam_role_policy.policy';

/** A role with one inline role policy built from `statement` through a policy document. */
function rolePolicy(...statement: DataAwsIamPolicyDocumentStatement[]): TerraformStack {
  const stack = bareStack();
  const role = new IamRole(stack, 'role', { assumeRolePolicy: '{}' });
  const doc = new DataAwsIamPolicyDocument(stack, 'doc', { statement });
  new IamRolePolicy(stack, 'policy', { role: role.id, policy: doc.json });
  return stack;
}

const SCOPED = { actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::lgtm-test-data/*'] };

describe('LGTM-IAM-1 wildcard actions', () => {
  test('LGTM-IAM-1 stays quiet on listed actions', () => {
    expect(verdicts(rolePolicy(SCOPED), IAM_WILDCARD_ACTIONS)).toEqual({ 'aws_iam_role.role': 'compliant', [POLICY]: 'compliant' });
  });

  test.each([['*'], ['s3:*']])('LGTM-IAM-1 fires on the action %s', (action) => {
    expect(verdicts(rolePolicy({ actions: [action], resources: ['arn:aws:s3:::lgtm-test-data'] }), IAM_WILDCARD_ACTIONS)[POLICY]).toBe(
      `non-compliant: allows ["${action}"]`,
    );
  });

  test('LGTM-IAM-1 fires on an Allow with NotAction', () => {
    expect(verdicts(rolePolicy({ notActions: ['iam:*'], resources: ['*'] }), IAM_WILDCARD_ACTIONS)[POLICY]).toBe(
      'non-compliant: an Allow uses NotAction ["iam:*"]',
    );
  });

  test('LGTM-IAM-1 fires on a JSON policy of an aws_iam_policy', () => {
    const stack = bareStack();
    new IamPolicy(stack, 'managed', { policy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' } }) });
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)).toEqual({ 'aws_iam_policy.managed': 'non-compliant: allows ["*"]' });
  });

  test('LGTM-IAM-1 fires on an inline_policy of a role', () => {
    const stack = bareStack();
    new IamRole(stack, 'role', {
      assumeRolePolicy: '{}',
      inlinePolicy: [{ name: 'all', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }] }) }],
    });
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)).toEqual({ 'aws_iam_role.role': 'non-compliant: allows ["ec2:*"]' });
  });

  test('LGTM-IAM-1 fires on a policy it cannot read', () => {
    const stack = bareStack();
    new IamPolicy(stack, 'managed', { policy: '${jsonencode({Statement = []})}' });
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)['aws_iam_policy.managed']).toMatch(/cannot be read at synth/);
  });

  test('ignores Deny statements and resource policies such as a key policy', () => {
    const stack = rolePolicy(SCOPED, { effect: 'Deny', actions: ['*'], resources: ['*'] });
    const keyPolicy = new DataAwsIamPolicyDocument(stack, 'key-policy', {
      statement: [{ actions: ['kms:*'], resources: ['*'], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] }],
    });
    new KmsKey(stack, 'key', { enableKeyRotation: true, policy: keyPolicy.json });
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)).toEqual({ 'aws_iam_role.role': 'compliant', [POLICY]: 'compliant' });
  });

  test('reads statements a policy document merges from source_policy_documents', () => {
    const stack = bareStack();
    const base = new DataAwsIamPolicyDocument(stack, 'base', { statement: [{ actions: ['*'], resources: ['*'] }] });
    const doc = new DataAwsIamPolicyDocument(stack, 'doc', { sourcePolicyDocuments: [base.json], statement: [SCOPED] });
    new IamPolicy(stack, 'managed', { policy: doc.json });
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)['aws_iam_policy.managed']).toBe('non-compliant: allows ["*"]');
  });
});

describe('LGTM-IAM-2 wildcard actions on every resource', () => {
  test('LGTM-IAM-2 stays quiet on scoped resources', () => {
    expect(verdicts(rolePolicy(SCOPED, { actions: ['s3:Get*'], resources: ['arn:aws:s3:::lgtm-test-data/*'] }), IAM_WILDCARD_ON_ALL)[POLICY]).toBe('compliant');
  });

  test('LGTM-IAM-2 fires on a wildcard action on resource *', () => {
    expect(verdicts(rolePolicy({ actions: ['s3:Get*', 's3:ListBucket'], resources: ['*'] }), IAM_WILDCARD_ON_ALL)[POLICY]).toBe(
      'non-compliant: allows ["s3:Get*"] on resource \'*\'',
    );
  });
});

describe('LGTM-IAM-3 IAM users', () => {
  test('LGTM-IAM-3 stays quiet without users', () => {
    const stack = rolePolicy(SCOPED);
    expect(verdicts(stack, IAM_NO_USERS)).toEqual({});
    expect(verdicts(stack, IAM_WILDCARD_ACTIONS)[POLICY]).toBe('compliant');
  });

  test('LGTM-IAM-3 fires on an IAM user', () => {
    const stack = bareStack();
    new IamUser(stack, 'ci', { name: 'ci' });
    expect(verdicts(stack, IAM_NO_USERS)).toEqual({ 'aws_iam_user.ci': 'non-compliant: aws_iam_user creates or grants to an IAM user' });
  });
});

describe('LGTM-IAM-4 access keys', () => {
  test('LGTM-IAM-4 stays quiet without access keys', () => {
    expect(verdicts(rolePolicy(SCOPED), IAM_NO_ACCESS_KEYS)).toEqual({});
  });

  test('LGTM-IAM-4 fires on an access key', () => {
    const stack = bareStack();
    new IamAccessKey(stack, 'key', { user: 'ci' });
    expect(verdicts(stack, IAM_NO_ACCESS_KEYS)).toEqual({ 'aws_iam_access_key.key': 'non-compliant: aws_iam_access_key creates a long-lived access key' });
  });
});

describe('LGTM-IAM-5 Pod Identity trust', () => {
  const POD_IDENTITY = { effect: 'Allow', actions: ['sts:AssumeRole', 'sts:TagSession'], principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }] };
  function trustedRole(statement: DataAwsIamPolicyDocumentStatement): TerraformStack {
    const stack = bareStack();
    const trust = new DataAwsIamPolicyDocument(stack, 'trust', { statement: [statement] });
    new IamRole(stack, 'role', { assumeRolePolicy: trust.json });
    return stack;
  }

  test('LGTM-IAM-5 stays quiet on a WorkloadRole (cluster, namespace and service account conditions)', () => {
    const stack = bareStack();
    new WorkloadRole(stack, 'mimir', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'mimir', statements: [{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }] });
    expect(Object.values(verdicts(stack, IAM_POD_IDENTITY_TRUST))).toEqual(['compliant']);
  });

  test('LGTM-IAM-5 fires on a Pod Identity trust without conditions', () => {
    expect(verdicts(trustedRole(POD_IDENTITY), IAM_POD_IDENTITY_TRUST)['aws_iam_role.role']).toBe(
      'non-compliant: the pods.eks.amazonaws.com trust has no condition on aws:RequestTag/kubernetes-namespace, aws:RequestTag/kubernetes-service-account',
    );
  });

  test('LGTM-IAM-5 fires on a wildcard service account', () => {
    const stack = trustedRole({ ...POD_IDENTITY, condition: [
      { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: ['lgtm'] },
      { test: 'StringLike', variable: 'aws:RequestTag/kubernetes-service-account', values: ['*'] },
    ] });
    expect(verdicts(stack, IAM_POD_IDENTITY_TRUST)['aws_iam_role.role']).toBe('non-compliant: the pods.eks.amazonaws.com trust has no condition on aws:RequestTag/kubernetes-service-account');
  });

  test('does not apply to roles other services assume', () => {
    const stack = trustedRole({ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['eks.amazonaws.com'] }] });
    expect(verdicts(stack, IAM_POD_IDENTITY_TRUST)).toEqual({ 'aws_iam_role.role': 'not-applicable' });
  });
});
