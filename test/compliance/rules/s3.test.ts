import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { TerraformStack } from 'cdktf';
import {
  COMPONENT_TAG, S3_KMS_ENCRYPTION, S3_LIFECYCLE, S3_ONE_COMPONENT, S3_OWNER_ENFORCED, S3_PUBLIC_ACCESS_BLOCK, S3_TLS_ONLY,
} from '../../../lib/compliance/rules/s3';
import { bareStack, verdicts } from '../../support/compliance';

type Part = 'pab' | 'sse' | 'tls' | 'ownership' | 'lifecycle';

/** A bucket with every companion resource the S3 rules want, minus `without`. */
function goodBucket(stack: TerraformStack, without: Part[] = [], tags?: Record<string, string>): S3Bucket {
  const b = new S3Bucket(stack, 'data', { bucket: 'lgtm-test-data', tags });
  if (!without.includes('pab')) {
    new S3BucketPublicAccessBlock(stack, 'pab', {
      bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
  }
  if (!without.includes('sse')) {
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/lgtm' } }],
    });
  }
  if (!without.includes('tls')) {
    const doc = new DataAwsIamPolicyDocument(stack, 'tls-doc', {
      statement: [{
        effect: 'Deny', actions: ['s3:*'], resources: [b.arn, `${b.arn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      }],
    });
    new S3BucketPolicy(stack, 'policy', { bucket: b.id, policy: doc.json });
  }
  if (!without.includes('ownership')) {
    new S3BucketOwnershipControls(stack, 'ownership', { bucket: b.bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  }
  if (!without.includes('lifecycle')) {
    new S3BucketLifecycleConfiguration(stack, 'lifecycle', {
      bucket: b.id, rule: [{ id: 'expire', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 30 }] }],
    });
  }
  return b;
}

const BUCKET = 'aws_s3_bucket.data';

describe('LGTM-S3-1 public access block', () => {
  test('LGTM-S3-1 stays quiet with all four flags on', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_PUBLIC_ACCESS_BLOCK)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-1 fires without a public access block', () => {
    const stack = bareStack();
    goodBucket(stack, ['pab']);
    expect(verdicts(stack, S3_PUBLIC_ACCESS_BLOCK)).toEqual({ [BUCKET]: 'non-compliant: no aws_s3_bucket_public_access_block' });
  });

  test('LGTM-S3-1 fires when a flag is off, naming it', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['pab']);
    new S3BucketPublicAccessBlock(stack, 'pab', { bucket: b.id, blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true });
    expect(verdicts(stack, S3_PUBLIC_ACCESS_BLOCK)).toEqual({
      [BUCKET]: 'non-compliant: block_public_policy, restrict_public_buckets not true',
    });
  });

  test('links a block to its bucket by the literal bucket name too', () => {
    const stack = bareStack();
    goodBucket(stack, ['pab']);
    new S3BucketPublicAccessBlock(stack, 'pab', {
      bucket: 'lgtm-test-data', blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    expect(verdicts(stack, S3_PUBLIC_ACCESS_BLOCK)).toEqual({ [BUCKET]: 'compliant' });
  });

  test("does not count another bucket's block", () => {
    const stack = bareStack();
    goodBucket(stack, ['pab']);
    const other = new S3Bucket(stack, 'other', {});
    new S3BucketPublicAccessBlock(stack, 'pab', {
      bucket: other.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    expect(verdicts(stack, S3_PUBLIC_ACCESS_BLOCK)[BUCKET]).toBe('non-compliant: no aws_s3_bucket_public_access_block');
  });
});

describe('LGTM-S3-2 SSE-KMS', () => {
  test('LGTM-S3-2 stays quiet with aws:kms', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_KMS_ENCRYPTION)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-2 fires without an encryption configuration', () => {
    const stack = bareStack();
    goodBucket(stack, ['sse']);
    expect(verdicts(stack, S3_KMS_ENCRYPTION)).toEqual({ [BUCKET]: 'non-compliant: no aws_s3_bucket_server_side_encryption_configuration' });
  });

  test('LGTM-S3-2 fires on SSE-S3 (AES256)', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['sse']);
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', { bucket: b.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    expect(verdicts(stack, S3_KMS_ENCRYPTION)).toEqual({ [BUCKET]: 'non-compliant: sse_algorithm is AES256, not aws:kms' });
  });
});

describe('LGTM-S3-3 TLS-only policy', () => {
  test('LGTM-S3-3 stays quiet with a Deny on aws:SecureTransport false (policy document)', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_TLS_ONLY)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-3 stays quiet with the same statement as a JSON string', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['tls']);
    new S3BucketPolicy(stack, 'policy', {
      bucket: b.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [b.arn], Condition: { Bool: { 'aws:SecureTransport': false } } }],
      }),
    });
    expect(verdicts(stack, S3_TLS_ONLY)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-3 fires without a bucket policy', () => {
    const stack = bareStack();
    goodBucket(stack, ['tls']);
    expect(verdicts(stack, S3_TLS_ONLY)).toEqual({ [BUCKET]: 'non-compliant: no aws_s3_bucket_policy' });
  });

  test('LGTM-S3-3 fires when the policy has no TLS deny', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['tls']);
    const doc = new DataAwsIamPolicyDocument(stack, 'doc', {
      statement: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: [`${b.arn}/*`], principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111122223333:root'] }] }],
    });
    new S3BucketPolicy(stack, 'policy', { bucket: b.id, policy: doc.json });
    expect(verdicts(stack, S3_TLS_ONLY)).toEqual({ [BUCKET]: 'non-compliant: no Deny statement on aws:SecureTransport = false' });
  });

  test('LGTM-S3-3 fires when the policy cannot be read at synth', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['tls']);
    new S3BucketPolicy(stack, 'policy', { bucket: b.id, policy: '${jsonencode({})}' });
    expect(verdicts(stack, S3_TLS_ONLY)[BUCKET]).toMatch(/cannot be read at synth/);
  });
});

describe('LGTM-S3-4 owner-enforced ownership', () => {
  test('LGTM-S3-4 stays quiet with BucketOwnerEnforced', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_OWNER_ENFORCED)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-4 fires without ownership controls', () => {
    const stack = bareStack();
    goodBucket(stack, ['ownership']);
    expect(verdicts(stack, S3_OWNER_ENFORCED)).toEqual({ [BUCKET]: 'non-compliant: no aws_s3_bucket_ownership_controls' });
  });

  test('LGTM-S3-4 fires on ObjectWriter', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['ownership']);
    new S3BucketOwnershipControls(stack, 'ownership', { bucket: b.id, rule: { objectOwnership: 'ObjectWriter' } });
    expect(verdicts(stack, S3_OWNER_ENFORCED)).toEqual({ [BUCKET]: 'non-compliant: object_ownership is ObjectWriter, not BucketOwnerEnforced' });
  });
});

describe('LGTM-S3-5 lifecycle', () => {
  test('LGTM-S3-5 stays quiet with an enabled rule', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_LIFECYCLE)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-5 fires without a lifecycle configuration', () => {
    const stack = bareStack();
    goodBucket(stack, ['lifecycle']);
    expect(verdicts(stack, S3_LIFECYCLE)).toEqual({ [BUCKET]: 'non-compliant: no aws_s3_bucket_lifecycle_configuration' });
  });

  test('LGTM-S3-5 fires when every rule is disabled', () => {
    const stack = bareStack();
    const b = goodBucket(stack, ['lifecycle']);
    new S3BucketLifecycleConfiguration(stack, 'lifecycle', { bucket: b.id, rule: [{ id: 'x', status: 'Disabled', filter: [{ prefix: '' }] }] });
    expect(verdicts(stack, S3_LIFECYCLE)).toEqual({ [BUCKET]: 'non-compliant: no lifecycle rule has status Enabled' });
  });
});

describe('LGTM-S3-6 one component per bucket', () => {
  /** A role (tagged with `component` unless it is undefined) whose role policy grants s3 access to `target`. */
  function role(stack: TerraformStack, id: string, component: string | undefined, target: string) {
    const r = new IamRole(stack, `${id}-role`, { assumeRolePolicy: '{}', tags: component ? { [COMPONENT_TAG]: component } : undefined });
    const doc = new DataAwsIamPolicyDocument(stack, `${id}-doc`, {
      statement: [{ actions: ['s3:GetObject', 's3:PutObject'], resources: [target] }],
    });
    new IamRolePolicy(stack, `${id}-policy`, { role: r.id, policy: doc.json });
  }

  test('LGTM-S3-6 stays quiet when one role is granted the bucket', () => {
    const stack = bareStack();
    const b = goodBucket(stack);
    role(stack, 'mimir', undefined, `${b.arn}/*`);
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-6 stays quiet when two roles of the owning component are granted the bucket', () => {
    const stack = bareStack();
    const b = goodBucket(stack, [], { [COMPONENT_TAG]: 'mimir' });
    role(stack, 'compactor', 'mimir', `${b.arn}/*`);
    role(stack, 'store-gateway', 'mimir', b.arn);
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'compliant' });
  });

  test('LGTM-S3-6 fires when two components\' roles are granted the bucket', () => {
    const stack = bareStack();
    const b = goodBucket(stack);
    role(stack, 'mimir', 'mimir', `${b.arn}/*`);
    role(stack, 'loki', 'loki', b.arn);
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'non-compliant: granted to loki, mimir' });
  });

  test('LGTM-S3-6 fires when two untagged roles are granted the bucket, by reference or literal ARN', () => {
    const stack = bareStack();
    const b = goodBucket(stack);
    role(stack, 'mimir', undefined, `${b.arn}/*`);
    role(stack, 'loki', undefined, 'arn:aws:s3:::lgtm-test-data/*');
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'non-compliant: granted to aws_iam_role.loki-role, aws_iam_role.mimir-role' });
  });

  test("LGTM-S3-6 fires when another component's role is granted a bucket tagged with its owner", () => {
    const stack = bareStack();
    const b = goodBucket(stack, [], { [COMPONENT_TAG]: 'tempo' });
    role(stack, 'pyroscope', 'pyroscope', `${b.arn}/*`);
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'non-compliant: belongs to tempo but is granted to pyroscope' });
  });

  test('does not apply to a bucket no role is granted', () => {
    const stack = bareStack();
    goodBucket(stack);
    expect(verdicts(stack, S3_ONE_COMPONENT)).toEqual({ [BUCKET]: 'not-applicable' });
  });

  test('ignores a role granted another bucket, and Deny statements', () => {
    const stack = bareStack();
    const b = goodBucket(stack);
    role(stack, 'mimir', undefined, `${b.arn}/*`);
    const other = new S3Bucket(stack, 'other', {});
    role(stack, 'loki', undefined, `${other.arn}/*`);
    const denier = new IamRole(stack, 'denier', { assumeRolePolicy: '{}' });
    new IamRolePolicy(stack, 'deny', { role: denier.name, policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: b.arn }] }) });
    expect(verdicts(stack, S3_ONE_COMPONENT)[BUCKET]).toBe('compliant');
  });
});
