import { Testing } from 'cdktf';
import { WorkloadRole, WorkloadRoleProps } from '../../lib/aws/workload-role';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const S3_READ = { actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] };

function build(props: Partial<WorkloadRoleProps> = {}) {
  const stack = testStack();
  const role = new WorkloadRole(stack, 'mimir', {
    cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'mimir', statements: [S3_READ], ...props,
  });
  return { stack, role, json: synthJson(stack) };
}

describe('WorkloadRole', () => {
  test('pod identity: trusts only the EKS pod identity service and binds one service account', () => {
    const { json, role } = build();
    const trust = json.data!.aws_iam_policy_document;
    const trustDoc = Object.entries(trust).find(([k]) => k.includes('trust'))![1];
    expect(trustDoc.statement).toEqual([{
      effect: 'Allow',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
    }]);
    expect(Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'))).toEqual([
      expect.objectContaining({ cluster_name: 'lgtm-test', namespace: 'lgtm', service_account: 'mimir' }),
    ]);
    expect(role.serviceAccountAnnotations).toEqual({});
  });

  test('irsa: trusts the cluster OIDC provider for exactly system:serviceaccount:<ns>:<sa>', () => {
    const { json, role } = build({ mode: 'irsa' });
    const trustDoc = Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.includes('trust'))![1];
    expect(trustDoc.statement).toEqual([{
      effect: 'Allow',
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [FAKE_CLUSTER.oidcProviderArn] }],
      condition: [
        { test: 'StringEquals', variable: '${replace("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "https://", "")}:sub', values: ['system:serviceaccount:lgtm:mimir'] },
        { test: 'StringEquals', variable: '${replace("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "https://", "")}:aud', values: ['sts.amazonaws.com'] },
      ],
    }]);
    expect(resourcesOf(json, 'aws_eks_pod_identity_association')).toEqual({});
    expect(Object.keys(role.serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
  });

  test('grants exactly the statements given, as an inline policy', () => {
    const { json } = build();
    const perms = Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.includes('permissions'))![1];
    expect(perms.statement).toEqual([{ effect: 'Allow', ...S3_READ }]);
    expect(Object.values(resourcesOf(json, 'aws_iam_role_policy'))).toHaveLength(1);
    expect(resourcesOf(json, 'aws_iam_user')).toEqual({});
    expect(resourcesOf(json, 'aws_iam_access_key')).toEqual({});
  });

  test('bound by an add-on: creates no pod identity association and hands the add-on its binding', () => {
    const { json, role } = build({ boundByAddon: true, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' });
    expect(resourcesOf(json, 'aws_eks_pod_identity_association')).toEqual({});
    expect(role.addonBinding()).toEqual({ podIdentityAssociation: [{ roleArn: role.roleArn, serviceAccount: 'ebs-csi-controller-sa' }] });
    expect(role.serviceAccountAnnotations).toEqual({});
  });

  test('bound by an add-on in irsa mode: the add-on gets the role ARN', () => {
    const { role } = build({ boundByAddon: true, mode: 'irsa' });
    expect(role.addonBinding()).toEqual({ serviceAccountRoleArn: role.roleArn });
  });

  test('sets the role name when given', () => {
    const { stack } = build({ roleName: 'lgtm-prod-mimir' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties({ tfResourceType: 'aws_iam_role' }, { name: 'lgtm-prod-mimir' });
  });

  test.each([
    [{ statements: [{ actions: ['*'], resources: ['arn:aws:s3:::b'] }] }, /statements\[0\].actions has '\*', but wildcard actions are not allowed/],
    [{ statements: [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }] }, /actions has 's3:\*'/],
    [{ statements: [{ actions: ['s3:Get*'], resources: ['*'] }] }, /statements\[0\] grants \["s3:Get\*"\] on resource '\*'/],
    [{ statements: [] }, /statements is \[\], but a workload role needs at least one statement/],
    [{ statements: [{ actions: [], resources: ['x'] }] }, /statements\[0\].actions is \[\]/],
    [{ statements: [{ actions: ['s3:GetObject'], resources: [] }] }, /statements\[0\].resources is \[\]/],
    [{ namespace: 'Obs' }, /namespace is 'Obs'/],
    [{ serviceAccount: 'Mimir SA' }, /serviceAccount is 'Mimir SA'/],
    [{ roleName: 'r'.repeat(65) }, /roleName is 'r+', but it must be 1-64/],
    [{ mode: 'kiam' }, /mode is 'kiam', but allowed modes are 'pod-identity', 'irsa'/],
    [{ mode: 'irsa', cluster: { ...FAKE_CLUSTER, oidcProviderArn: undefined } }, /mode is 'irsa', but the cluster has no oidcProviderArn/],
  ])('fails for %j', (props, message) => {
    expect(() => build(props as Partial<WorkloadRoleProps>)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ statements: [] })).toThrow(/^WorkloadRole 'test\/mimir': /);
  });

  test('skips name checks for unresolved tokens', () => {
    const stack = testStack();
    const first = new WorkloadRole(stack, 'a', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'a', statements: [S3_READ] });
    expect(() => new WorkloadRole(stack, 'b', {
      cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'b', statements: [S3_READ], roleName: first.role.name,
    })).not.toThrow();
  });
});
