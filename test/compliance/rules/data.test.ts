import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { ElasticacheCluster } from '@cdktf/provider-aws/lib/elasticache-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { DATA_PREVENT_DESTROY } from '../../../lib/compliance/rules/data';
import { bareStack, verdicts } from '../../support/compliance';

const PROTECTED = { preventDestroy: true };

describe('LGTM-DATA-1 prod could destroy data', () => {
  test('LGTM-DATA-1 stays quiet on protected buckets, databases and keys in production', () => {
    const stack = bareStack();
    new S3Bucket(stack, 'bucket', { lifecycle: PROTECTED });
    new DbInstance(stack, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres', skipFinalSnapshot: false, lifecycle: PROTECTED });
    new KmsKey(stack, 'key', { enableKeyRotation: true, lifecycle: PROTECTED });
    expect(verdicts(stack, DATA_PREVENT_DESTROY, true)).toEqual({
      'aws_s3_bucket.bucket': 'compliant', 'aws_db_instance.db': 'compliant', 'aws_kms_key.key': 'compliant',
    });
  });

  test('LGTM-DATA-1 fires without prevent_destroy in production', () => {
    const stack = bareStack();
    new KmsKey(stack, 'key', { enableKeyRotation: true });
    expect(verdicts(stack, DATA_PREVENT_DESTROY, true)).toEqual({ 'aws_kms_key.key': 'non-compliant: lifecycle.prevent_destroy is not true in production' });
  });

  test('LGTM-DATA-1 fires on force_destroy and skip_final_snapshot even with prevent_destroy', () => {
    const stack = bareStack();
    new S3Bucket(stack, 'bucket', { forceDestroy: true, lifecycle: PROTECTED });
    new DbInstance(stack, 'db', { instanceClass: 'db.t4g.micro', engine: 'postgres', skipFinalSnapshot: true, lifecycle: PROTECTED });
    expect(verdicts(stack, DATA_PREVENT_DESTROY, true)).toEqual({
      'aws_s3_bucket.bucket': 'non-compliant: force_destroy is true in production',
      'aws_db_instance.db': 'non-compliant: skip_final_snapshot is true in production',
    });
  });

  test('does not apply outside production, nor to memcached', () => {
    const stack = bareStack();
    new S3Bucket(stack, 'bucket', { forceDestroy: true });
    expect(verdicts(stack, DATA_PREVENT_DESTROY, false)).toEqual({ 'aws_s3_bucket.bucket': 'not-applicable' });
    const prod = bareStack();
    new ElasticacheCluster(prod, 'memcached', { clusterId: 'lgtm-chunks', engine: 'memcached', nodeType: 'cache.t4g.small', numCacheNodes: 2 });
    expect(verdicts(prod, DATA_PREVENT_DESTROY, true)).toEqual({ 'aws_elasticache_cluster.memcached': 'not-applicable' });
  });
});
