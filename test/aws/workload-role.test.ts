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
  test('pod identity: trusts only the EKS pod identity service, for one service account of one cluster', () => {
    const { json, role } = build();
    const trust = json.data!.aws_iam_policy_document;
    const trustDoc = Object.entries(trust).find(([k]) => k.includes('trust'))![1];
    expect(trustDoc.statement).toEqual([{
      effect: 'Allow',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
      // Only this service account of this cluster: the session tags Pod Identity sets.
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-name', values: ['lgtm-test'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: ['lgtm'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: ['mimir'] },
      ],
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
    expect(() => build({ namespace: 'Obs' })).toThrow(/^WorkloadRole 'test\/mimir': /);
  });

  test('skips name checks for unresolved tokens', () => {
    const stack = testStack();
    const first = new WorkloadRole(stack, 'a', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'a', statements: [S3_READ] });
    expect(() => new WorkloadRole(stack, 'b', {
      cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'b', statements: [S3_READ], roleName: first.role.name,
    })).not.toThrow();
  });
});

describe('WorkloadRole.addStatements', () => {
  const policyOf = (json: ReturnType<typeof synthJson>) =>
    Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.includes('permissions'))![1];

  test('adds statements to the role policy after creation', () => {
    const stack = testStack();
    const role = new WorkloadRole(stack, 'mimir', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'mimir' });
    role.addStatements(S3_READ, { sid: 'Kms', actions: ['kms:Decrypt'], resources: ['arn:aws:kms:eu-west-1:111122223333:key/k'] });
    const statements = policyOf(synthJson(stack)).statement as { actions: string[]; sid?: string }[];
    expect(statements.map((s) => s.actions)).toEqual([S3_READ.actions, ['kms:Decrypt']]);
    expect(statements[1].sid).toBe('Kms');
  });

  test('fails at synth if the role ends up with no statement', () => {
    const stack = testStack();
    new WorkloadRole(stack, 'mimir', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'mimir' });
    expect(() => Testing.synth(stack, true)).toThrow(/statements is \[\], but a workload role needs at least one statement/);
  });

  test.each([
    [{ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }, /addStatements\[0\].actions has 's3:\*', but wildcard actions are not allowed/],
    [{ actions: [], resources: ['x'] }, /addStatements\[0\].actions is \[\]/],
    [{ actions: ['s3:Get*'], resources: ['*'] }, /on resource '\*', but wildcard actions on every resource are not allowed/],
    [{ sid: 'Same', actions: ['s3:GetObject'], resources: ['x'] }, /repeats sid 'Same', but statement ids must be unique/],
  ])('fails if an added statement is %j', (statement, message) => {
    const { role } = build({ statements: [{ ...S3_READ, sid: 'Same' }] });
    expect(() => role.addStatements(statement)).toThrow(message);
  });
});

describe('WorkloadRole.fromAttributes', () => {
  const ATTRS = { roleArn: 'arn:aws:iam::111122223333:role/platform/mimir', namespace: 'lgtm', serviceAccount: 'mimir-distributed' };

  test('is a handle that creates nothing until statements are added', () => {
    const stack = testStack();
    const role = WorkloadRole.fromAttributes(stack, 'mimir', ATTRS);
    expect(role).toMatchObject({ ...ATTRS, mode: 'pod-identity', serviceAccountAnnotations: {} });
    const json = synthJson(stack);
    expect(json.resource).toBeUndefined();
  });

  test('keeps the component the role serves', () => {
    expect(WorkloadRole.fromAttributes(testStack(), 'mimir', { ...ATTRS, component: 'mimir' }).component).toBe('mimir');
  });

  test('irsa: the service account carries the role ARN', () => {
    const role = WorkloadRole.fromAttributes(testStack(), 'mimir', { ...ATTRS, mode: 'irsa' });
    expect(role.serviceAccountAnnotations).toEqual({ 'eks.amazonaws.com/role-arn': ATTRS.roleArn });
  });

  test('added statements become one inline policy of the existing role, named from the ARN', () => {
    const stack = testStack();
    const role = WorkloadRole.fromAttributes(stack, 'mimir', ATTRS);
    role.addStatements(S3_READ);
    role.addStatements({ actions: ['kms:Decrypt'], resources: ['arn:aws:kms:eu-west-1:111122223333:key/k'] });
    const json = synthJson(stack);
    const policies = Object.values(resourcesOf(json, 'aws_iam_role_policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].role).toContain('element(reverse(split("/", "arn:aws:iam::111122223333:role/platform/mimir")), 0)');
    expect((Object.values(json.data!.aws_iam_policy_document)[0].statement as unknown[])).toHaveLength(2);
  });

  test.each([
    [{ roleArn: undefined }, /roleArn is undefined, but it is required/],
    [{ roleArn: 'arn:aws:iam::111122223333:user/mimir' }, /roleArn is 'arn:aws:iam::111122223333:user\/mimir', but it must be an IAM role ARN/],
    [{ namespace: '' }, /namespace is '', but it is required/],
    [{ serviceAccount: 'Mimir' }, /serviceAccount is 'Mimir', but it must be a lowercase DNS subdomain name/],
    [{ mode: 'kiam' }, /mode is 'kiam', but allowed modes are 'pod-identity', 'irsa'/],
    [{ component: 'grafana' }, /component is 'grafana', but allowed components are mimir, loki, tempo, pyroscope/],
  ])('fails if %j', (patch, message) => {
    expect(() => WorkloadRole.fromAttributes(testStack(), 'mimir', { ...ATTRS, ...patch } as never)).toThrow(message);
  });
});
