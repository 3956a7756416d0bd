import { TerraformVariable } from 'cdktf';
import { LgtmBuckets, LgtmBucketsProps } from '../../lib/aws/lgtm-buckets';
import { s3BucketNameProblem } from '../../lib/aws/private/bucket-name';
import { testStack } from '../support/stack';
import { SynthesizedStack, resourcesOf, synthJson } from '../support/synth';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function build(props: Partial<LgtmBucketsProps> = {}) {
  const stack = testStack();
  const buckets = new LgtmBuckets(stack, 'buckets', { environment: 'prod', ...props });
  return { stack, buckets, json: synthJson(stack) };
}

/** The resource of `type` belonging to the bucket of `purpose`. */
function forPurpose(json: SynthesizedStack, type: string, purpose: string): Record<string, unknown> {
  const match = Object.entries(resourcesOf(json, type)).filter(([id]) => id.startsWith(`buckets_${purpose}_`));
  expect(match).toHaveLength(1);
  return match[0][1];
}

const PURPOSES = ['mimir-blocks', 'mimir-ruler', 'mimir-alertmanager', 'loki-chunks', 'loki-ruler', 'tempo-traces', 'pyroscope-data'];

describe('LgtmBuckets', () => {
  test('creates one bucket per purpose, named by S3 from the prefix <prefix>-<env>-<purpose>-', () => {
    const { json } = build();
    const buckets = Object.values(resourcesOf(json, 'aws_s3_bucket'));
    expect(buckets.map((b) => b.bucket_prefix).sort()).toEqual(PURPOSES.map((p) => `lgtm-prod-${p}-`).sort());
    expect(buckets.every((b) => b.bucket === undefined)).toBe(true);
  });

  test('uniqueNames: false keeps the fixed names of earlier releases', () => {
    const { json } = build({ uniqueNames: false });
    const names = Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => b.bucket).sort();
    expect(names).toEqual(PURPOSES.map((p) => `lgtm-prod-${p}`).sort());
  });

  test('explicit names win over the prefix, bucket by bucket, at the same addresses', () => {
    const { json } = build({ names: { mimirBlocks: 'acme-metrics-blocks' } });
    const byAddress = resourcesOf(json, 'aws_s3_bucket');
    const blocks = Object.entries(byAddress).find(([k]) => k.includes('mimir-blocks'))!;
    expect(blocks[1]).toMatchObject({ bucket: 'acme-metrics-blocks' });
    expect(blocks[1].bucket_prefix).toBeUndefined();
    expect(Object.values(byAddress).filter((b) => b.bucket_prefix !== undefined)).toHaveLength(PURPOSES.length - 1);
  });

  test.each([
    ['an explicit name is invalid', { names: { lokiChunks: 'Bad_Name' } }, /names\.lokiChunks is 'Bad_Name', but only lowercase letters/],
    ['names has an unknown key', { names: { lokiChunk: 'x-y-z' } as never }, /names has 'lokiChunk', but the buckets are mimirBlocks/],
    ['two buckets get the same name', { names: { lokiChunks: 'same-name', lokiRuler: 'same-name' } }, /names gives two buckets the same name/],
    ['uniqueNames is not a boolean', { uniqueNames: 'yes' as never }, /uniqueNames is 'yes', but it must be true or false/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a prefix longer than S3 takes with the unique suffix (37 characters) is cut, never refused', () => {
    const { json } = build({ namePrefix: 'platform', environment: 'production-eu' });
    const prefixes = Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => String(b.bucket_prefix));
    expect(prefixes).toContain('platform-production-eu-mimir-alertma-');
    expect(prefixes).toContain('platform-production-eu-tempo-traces-');
    for (const p of prefixes) expect(p.length).toBeLessThanOrEqual(37);
  });

  test('exposes a typed handle per purpose with component, name, arn and region', () => {
    const { buckets } = build();
    expect(buckets.mimirBlocks).toMatchObject({ component: 'mimir', purpose: 'mimir-blocks' });
    expect(buckets.lokiRuler).toMatchObject({ component: 'loki', purpose: 'loki-ruler' });
    expect(buckets.tempoTraces.component).toBe('tempo');
    expect(buckets.pyroscopeData.component).toBe('pyroscope');
    expect(buckets.mimirBlocks.name).toMatch(/^\$\{TfToken\[/);
    expect(buckets.mimirBlocks.arn).not.toBe(buckets.mimirRuler.arn);
    expect(buckets.mimirBlocks.objectsArn).toBe(`${buckets.mimirBlocks.arn}/*`);
    expect(buckets.mimirBlocks.kmsKeyArn).toBeUndefined();
  });

  test('applies nameSuffix and namePrefix', () => {
    const { json } = build({ namePrefix: 'obs', nameSuffix: '1111', uniqueNames: false });
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => b.bucket)).toContain('obs-prod-loki-chunks-1111');
    const prefixed = build({ namePrefix: 'obs', nameSuffix: '1111' }).json;
    expect(Object.values(resourcesOf(prefixed, 'aws_s3_bucket')).map((b) => b.bucket_prefix)).toContain('obs-prod-loki-chunks-1111-');
  });

  test.each(PURPOSES)('%s: blocks all public access, enforces bucket ownership, encrypts with SSE-KMS and bucket keys', (purpose) => {
    const { json } = build();
    expect(forPurpose(json, 'aws_s3_bucket_public_access_block', purpose)).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(forPurpose(json, 'aws_s3_bucket_ownership_controls', purpose).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(forPurpose(json, 'aws_s3_bucket_server_side_encryption_configuration', purpose).rule).toEqual([{
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' },
      bucket_key_enabled: true,
    }]);
  });

  test('uses the customer KMS key when given, and puts it on the handles', () => {
    const { json, buckets } = build({ kmsKeyArn: KEY });
    expect(forPurpose(json, 'aws_s3_bucket_server_side_encryption_configuration', 'tempo-traces').rule).toEqual([{
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY },
      bucket_key_enabled: true,
    }]);
    expect(buckets.tempoTraces.kmsKeyArn).toBe(KEY);
  });

  test('every bucket policy denies requests without TLS or with TLS older than 1.2', () => {
    const { json } = build();
    const docs = Object.entries(json.data!.aws_iam_policy_document).filter(([id]) => id.includes('tls-only'));
    expect(docs).toHaveLength(7);
    for (const [, doc] of docs) {
      expect(doc.statement).toEqual([
        expect.objectContaining({
          effect: 'Deny', actions: ['s3:*'], principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        }),
        expect.objectContaining({
          effect: 'Deny', condition: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] }],
        }),
      ]);
    }
    const policy = forPurpose(json, 'aws_s3_bucket_policy', 'loki-chunks');
    expect(policy.policy).toMatch(/data\.aws_iam_policy_document\.buckets_loki-chunks_tls-only_/);
  });

  test('data buckets expire objects after backend retention + 7 days and abort uploads after 1 day', () => {
    const { json, buckets } = build();
    const expiry = (purpose: string) => (forPurpose(json, 'aws_s3_bucket_lifecycle_configuration', purpose).rule as Record<string, unknown>[])[0];
    expect(expiry('mimir-blocks')).toMatchObject({ status: 'Enabled', expiration: [{ days: 372 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] });
    expect(expiry('loki-chunks').expiration).toEqual([{ days: 37 }]);
    expect(expiry('tempo-traces').expiration).toEqual([{ days: 21 }]);
    expect(expiry('pyroscope-data').expiration).toEqual([{ days: 37 }]);
    expect(buckets.retentionDays).toEqual({ mimirBlocks: 372, lokiChunks: 37, tempoTraces: 21, pyroscopeData: 37 });
    // The handles carry it, so a backend can refuse a retention S3 would cut short.
    expect([buckets.mimirBlocks, buckets.lokiChunks, buckets.tempoTraces, buckets.pyroscopeData].map((b) => b.expirationDays)).toEqual([372, 37, 21, 37]);
    expect([buckets.mimirRuler, buckets.mimirAlertmanager, buckets.lokiRuler].map((b) => b.expirationDays)).toEqual([undefined, undefined, undefined]);
  });

  test('ruler and Alertmanager buckets never expire objects (rules and state are not time series)', () => {
    const { json } = build();
    for (const purpose of ['mimir-ruler', 'mimir-alertmanager', 'loki-ruler']) {
      const rules = forPurpose(json, 'aws_s3_bucket_lifecycle_configuration', purpose).rule as Record<string, unknown>[];
      expect(rules).toEqual([expect.objectContaining({ abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] })]);
      expect(rules[0].expiration).toBeUndefined();
    }
  });

  test('derives bucket retention from a custom backend retention', () => {
    const { buckets } = build({ backendRetentionDays: { lokiChunks: 90 }, retentionDays: { tempoTraces: 30 } });
    expect(buckets.retentionDays).toMatchObject({ lokiChunks: 97, tempoTraces: 30 });
  });

  test('outside production: force_destroy by default, no prevent_destroy, no versioning', () => {
    const { json } = build();
    const bucket = forPurpose(json, 'aws_s3_bucket', 'mimir-blocks');
    expect(bucket.force_destroy).toBe(true);
    expect(bucket.lifecycle).toBeUndefined();
    expect(resourcesOf(json, 'aws_s3_bucket_versioning')).toEqual({});
  });

  test('production: every bucket has prevent_destroy and no force_destroy', () => {
    const { json } = build({ production: true });
    for (const bucket of Object.values(resourcesOf(json, 'aws_s3_bucket'))) {
      expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
      expect(bucket.force_destroy).toBe(false);
    }
  });

  test('production: versioning on, noncurrent versions expire after 7 days, expired delete markers removed', () => {
    const { json } = build({ production: true });
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket_versioning'))).toHaveLength(7);
    expect(forPurpose(json, 'aws_s3_bucket_versioning', 'loki-ruler').versioning_configuration).toEqual({ status: 'Enabled' });
    const lifecycle = forPurpose(json, 'aws_s3_bucket_lifecycle_configuration', 'loki-chunks');
    expect(lifecycle.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\.buckets_loki-chunks_versioning_/)]);
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: 7 }] }),
      expect.objectContaining({ id: 'remove-expired-delete-markers', expiration: [{ expired_object_delete_marker: true }] }),
    ]);
  });

  test('warns when versioning is turned off in production', () => {
    const stack = testStack();
    const buckets = new LgtmBuckets(stack, 'buckets', { environment: 'prod', production: true, versioning: false });
    expect(buckets.node.metadata.map((m) => m.data)).toContainEqual(expect.stringMatching(/versioning is off in production/));
  });

  test.each<[string, Partial<LgtmBucketsProps>, RegExp]>([
    ['retention is 0', { retentionDays: { mimirBlocks: 0 } }, /retentionDays\.mimirBlocks is 0, but it must be a positive integer/],
    ['retention is negative', { retentionDays: { lokiChunks: -5 } }, /retentionDays\.lokiChunks is -5, but it must be a positive integer/],
    ['retention is not an integer', { retentionDays: { tempoTraces: 20.5 } }, /retentionDays\.tempoTraces is 20\.5/],
    ['backend retention is 0', { backendRetentionDays: { pyroscopeData: 0 } }, /backendRetentionDays\.pyroscopeData is 0, but it must be a positive integer/],
    ['retention equals backend retention', { retentionDays: { lokiChunks: 30 } }, /retentionDays\.lokiChunks is 30, but it must be longer than backendRetentionDays\.lokiChunks \(30\)/],
    ['retention is shorter than backend retention', { backendRetentionDays: { tempoTraces: 30 }, retentionDays: { tempoTraces: 14 } }, /retentionDays\.tempoTraces is 14, but it must be longer than backendRetentionDays\.tempoTraces \(30\)/],
    ['the prefix has capitals', { namePrefix: 'LGTM' }, /bucket name 'LGTM-prod-mimir-blocks' \(mimirBlocks, from namePrefix 'LGTM', environment 'prod'\) is invalid: only lowercase/],
    ['the prefix has an underscore', { namePrefix: 'my_lgtm' }, /bucket name 'my_lgtm-prod-loki-chunks'/],
    ['the prefix has a dot', { namePrefix: 'acme.lgtm' }, /bucket name 'acme\.lgtm-prod-tempo-traces'/],
    ['the prefix starts with xn--', { namePrefix: 'xn--lgtm' }, /must not start with 'xn--'/],
    ['a derived name is longer than 63 characters', { namePrefix: 'a'.repeat(40) }, /bucket name 'a{40}-prod-mimir-alertmanager' \(mimirAlertmanager, .*\) is invalid: it is 64 characters long, but S3 allows 3-63/],
    ['the suffix makes a name too long', { nameSuffix: 'x'.repeat(40) }, /bucket name 'lgtm-prod-mimir-alertmanager-x{40}'/],
    ['force_destroy is asked for in production', { production: true, forceDestroy: true }, /forceDestroy is true, but production buckets must not be force-destroyed/],
    ['the KMS key is not a KMS ARN', { kmsKeyArn: 'alias/lgtm' }, /kmsKeyArn is 'alias\/lgtm', but it must be a KMS key ARN/],
    // An alias cannot stand in an IAM Resource, and RDS / ElastiCache would plan a replacement every run.
    ['the KMS key is an alias ARN', { kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/lgtm' }, /kmsKeyArn is 'arn:aws:kms:eu-west-1:111122223333:alias\/lgtm', but it must be a KMS key ARN .*not an alias/],
    ['noncurrent expiry is 0', { noncurrentVersionExpirationDays: 0 }, /noncurrentVersionExpirationDays is 0/],
    ['multipart abort is negative', { abortIncompleteMultipartUploadDays: -1 }, /abortIncompleteMultipartUploadDays is -1/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ retentionDays: { mimirBlocks: 0 } })).toThrow(/^LgtmBuckets 'test\/buckets': /);
  });

  test('skips checks of values that are unresolved tokens', () => {
    const stack = testStack();
    const num = (id: string) => new TerraformVariable(stack, id, { type: 'number' }).numberValue;
    const str = (id: string) => new TerraformVariable(stack, id, { type: 'string' }).stringValue;
    expect(() => new LgtmBuckets(stack, 'buckets', {
      environment: 'prod',
      nameSuffix: str('suffix'),
      kmsKeyArn: str('key'),
      retentionDays: { mimirBlocks: num('retention') },
      backendRetentionDays: { lokiChunks: num('backend') },
    })).not.toThrow();
  });
});

describe('s3BucketNameProblem', () => {
  test.each(['lgtm-prod-mimir-blocks', 'abc', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(s3BucketNameProblem(name)).toBeUndefined();
  });
  test.each(['ab', 'a'.repeat(64), '-abc', 'abc-', 'a..b', 'sthree-x', 'x-s3alias', 'A-b'])('rejects %s', (name) => {
    expect(s3BucketNameProblem(name)).toEqual(expect.any(String));
  });
});
