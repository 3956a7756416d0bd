import { BUCKET_OWNER, BUCKET_PURPOSES, ComponentBucket } from '../../lib/aws/component-bucket';

describe('ComponentBucket', () => {
  test('fromAttributes builds a handle for an existing bucket, deriving the owner and the ARN', () => {
    const bucket = ComponentBucket.fromAttributes({ purpose: 'loki-chunks', name: 'acme-logs', region: 'eu-west-1' });
    expect(bucket).toMatchObject({ component: 'loki', purpose: 'loki-chunks', name: 'acme-logs', arn: 'arn:aws:s3:::acme-logs', region: 'eu-west-1' });
    expect(bucket.objectsArn).toBe('arn:aws:s3:::acme-logs/*');
    expect(bucket.kmsKeyArn).toBeUndefined();
  });

  test('fromAttributes keeps an explicit ARN (other partitions) and KMS key', () => {
    const bucket = ComponentBucket.fromAttributes({
      purpose: 'tempo-traces', name: 't', region: 'cn-north-1', arn: 'arn:aws-cn:s3:::t', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k',
    });
    expect(bucket).toMatchObject({ arn: 'arn:aws-cn:s3:::t', kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/k', component: 'tempo' });
  });

  test('fails if the purpose is unknown', () => {
    expect(() => ComponentBucket.fromAttributes({ purpose: 'mimir' as never, name: 'x', region: 'eu-west-1' }))
      .toThrow(/purpose is 'mimir', but allowed purposes are mimir-blocks, mimir-ruler/);
  });

  test('every bucket key maps to a purpose with an owner', () => {
    for (const purpose of Object.values(BUCKET_PURPOSES)) expect(BUCKET_OWNER[purpose]).toEqual(purpose.split('-')[0]);
  });
});
