import { BUCKET_OWNER, BUCKET_PURPOSES, ComponentBucket } from '../../lib/aws/component-bucket';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { synthJson } from '../support/synth';

describe('ComponentBucket', () => {
  test('fromAttributes builds a handle for an existing bucket, deriving the owner and the ARN', () => {
    const bucket = ComponentBucket.fromAttributes({ purpose: 'loki-chunks', name: 'acme-logs', region: 'eu-west-1' });
    expect(bucket).toMatchObject({ component: 'loki', purpose: 'loki-chunks', name: 'acme-logs', arn: 'arn:aws:s3:::acme-logs', region: 'eu-west-1' });
    expect(bucket.objectsArn).toBe('arn:aws:s3:::acme-logs/*');
    expect(bucket.kmsKeyArn).toBeUndefined();
  });

  test('fromAttributes keeps an explicit ARN (other partitions) and KMS key', () => {
    const bucket = ComponentBucket.fromAttributes({
      purpose: 'tempo-traces', name: 'traces-t', region: 'cn-north-1', arn: 'arn:aws-cn:s3:::traces-t', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k',
    });
    expect(bucket).toMatchObject({ arn: 'arn:aws-cn:s3:::traces-t', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k', component: 'tempo' });
  });

  test('fails if the purpose is unknown', () => {
    expect(() => ComponentBucket.fromAttributes({ purpose: 'mimir' as never, name: 'x', region: 'eu-west-1' }))
      .toThrow(/purpose is 'mimir', but allowed purposes are mimir-blocks, mimir-ruler/);
  });

  test('every bucket key maps to a purpose with an owner', () => {
    for (const purpose of Object.values(BUCKET_PURPOSES)) expect(BUCKET_OWNER[purpose]).toEqual(purpose.split('-')[0]);
  });
});

describe('ComponentBucket.grantReadWrite', () => {
  test('lets a role list the bucket and use its objects with its owner component\'s actions, and its key through S3', () => {
    const stack = testStack();
    const role = new WorkloadRole(stack, 'tempo', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'tempo' });
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/k';
    ComponentBucket.fromAttributes({ purpose: 'tempo-traces', name: 'lgtm-dev-tempo-traces', region: 'eu-west-1', kmsKeyArn: key }).grantReadWrite(role);
    const doc = Object.values(synthJson(stack).data!.aws_iam_policy_document).find((d) => JSON.stringify(d).includes('s3:ListBucket'))!;
    expect(doc.statement).toEqual([
      { effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::lgtm-dev-tempo-traces'] },
      {
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
        resources: ['arn:aws:s3:::lgtm-dev-tempo-traces/*'],
      },
      {
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
      },
    ]);
  });

  test('two grants on one role do not clash (no statement ids)', () => {
    const stack = testStack();
    const role = new WorkloadRole(stack, 'loki', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'loki' });
    for (const purpose of ['loki-chunks', 'loki-ruler'] as const) {
      ComponentBucket.fromAttributes({ purpose, name: `lgtm-dev-${purpose}`, region: 'eu-west-1' }).grantReadWrite(role);
    }
    expect(() => synthJson(stack)).not.toThrow();
  });

  test.each([
    [{ name: 'Bad_Name' }, /name is 'Bad_Name', but only lowercase letters/],
    [{ region: 'europe' }, /region is 'europe', but it must be an AWS region code/],
    [{ name: undefined }, /name is undefined, but it is required/],
    [{ arn: 'arn:aws:s3:::b/c' }, /arn is 'arn:aws:s3:::b\/c', but it must be a bucket ARN/],
    [{ expirationDays: 0 }, /expirationDays is 0, but it must be a positive integer/],
  ])('fromAttributes fails if %j', (patch, message) => {
    expect(() => ComponentBucket.fromAttributes({ purpose: 'loki-chunks', name: 'lgtm-dev-loki', region: 'eu-west-1', ...patch } as never)).toThrow(message);
  });
});

describe('ComponentBucket partitions (issue 15)', () => {
  test.each([
    ['eu-west-1', 'arn:aws:s3:::b-1-2'],
    ['cn-northwest-1', 'arn:aws-cn:s3:::b-1-2'],
    ['us-gov-east-1', 'arn:aws-us-gov:s3:::b-1-2'],
  ])('the default ARN in %s is %s', (region, arn) => {
    expect(ComponentBucket.fromAttributes({ purpose: 'loki-chunks', name: 'b-1-2', region }).arn).toBe(arn);
  });
});
