import { policyResourceTargets, policyStatements, rolePolicies } from '../private/policy';
import { blocks, isTrue, literal, tagsOf } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, StackView, SynthesizedResource, nonCompliant, verdict } from '../rule';

/**
 * The tag that names the component (`mimir`, `loki`, ...) an IAM role serves, and optionally the one
 * component a bucket belongs to. LGTM-S3-6 treats roles with the same tag as one user of a bucket;
 * an untagged role is a user of its own.
 */
export const COMPONENT_TAG = 'lgtm:component';

const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** LGTM-S3-1: every bucket has a public access block with all four flags on. */
export const S3_PUBLIC_ACCESS_BLOCK: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-1',
  rationale: 'A bucket needs an aws_s3_bucket_public_access_block with all four flags on, so no ACL or policy can make it public.',
  severity: 'high',
  cdkNag: ['AwsSolutions-S2'],
  checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const blocksOf = stack.linked(bucket, 'aws_s3_bucket_public_access_block', 'bucket');
    if (blocksOf.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block');
    const missing = PUBLIC_ACCESS_FLAGS.filter((f) => !blocksOf.some((b) => isTrue(b.config[f])));
    return verdict(missing.length === 0, `${missing.join(', ')} not true`);
  },
};

function encryptionAlgorithms(bucket: SynthesizedResource, stack: StackView): string[] {
  const configs = [
    ...stack.linked(bucket, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket').map((c) => c.config),
    // The deprecated inline block, still accepted by provider 6.
    ...blocks(bucket.config.server_side_encryption_configuration),
  ];
  return configs
    .flatMap((c) => blocks(c.rule))
    .flatMap((r) => blocks(r.apply_server_side_encryption_by_default))
    .map((d) => String(d.sse_algorithm));
}

/** LGTM-S3-2: every bucket is encrypted with KMS (SSE-KMS or DSSE-KMS). */
export const S3_KMS_ENCRYPTION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-2',
  rationale: 'Objects are encrypted with a KMS key (aws:kms), so reading them also needs kms:Decrypt and leaves a CloudTrail record.',
  severity: 'medium',
  cdkNag: ['AwsSolutions-S3'],
  checkov: ['CKV_AWS_19', 'CKV_AWS_145'],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const algorithms = encryptionAlgorithms(bucket, stack);
    if (algorithms.length === 0) return nonCompliant('no aws_s3_bucket_server_side_encryption_configuration');
    const weak = algorithms.filter((a) => a !== 'aws:kms' && a !== 'aws:kms:dsse');
    return verdict(weak.length === 0, `sse_algorithm is ${weak.join(', ')}, not aws:kms`);
  },
};

/** LGTM-S3-3: every bucket's policy denies requests that do not use TLS. */
export const S3_TLS_ONLY: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-3',
  rationale: 'The bucket policy denies every request without TLS (aws:SecureTransport false), so data never crosses the network in clear.',
  severity: 'medium',
  cdkNag: ['AwsSolutions-S10'],
  checkov: [],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const policies = [...stack.linked(bucket, 'aws_s3_bucket_policy', 'bucket').map((p) => p.config.policy), bucket.config.policy]
      .filter((p) => p !== undefined && p !== null);
    if (policies.length === 0) return nonCompliant('no aws_s3_bucket_policy');
    const statements = policies.map((p) => policyStatements(p, stack));
    if (statements.some((s) => s === undefined)) {
      return nonCompliant('the bucket policy cannot be read at synth; build it with aws_iam_policy_document or a JSON string');
    }
    const denies = statements.flat().some((s) =>
      s!.effect === 'Deny' &&
      s!.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false')));
    return verdict(denies, 'no Deny statement on aws:SecureTransport = false');
  },
};

/** LGTM-S3-4: every bucket has ACLs disabled (object ownership BucketOwnerEnforced). */
export const S3_OWNER_ENFORCED: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-4',
  rationale: 'Object ownership is BucketOwnerEnforced: ACLs are off and the bucket owner owns every object, so access is decided by policy alone.',
  severity: 'medium',
  cdkNag: [],
  checkov: ['CKV2_AWS_65'],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const controls = stack.linked(bucket, 'aws_s3_bucket_ownership_controls', 'bucket');
    if (controls.length === 0) return nonCompliant('no aws_s3_bucket_ownership_controls');
    const owners = controls.flatMap((c) => blocks(c.config.rule)).map((r) => r.object_ownership);
    return verdict(owners.includes('BucketOwnerEnforced'), `object_ownership is ${owners.join(', ') || 'unset'}, not BucketOwnerEnforced`);
  },
};

/** LGTM-S3-5: every bucket has a lifecycle configuration with an enabled rule. */
export const S3_LIFECYCLE: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-5',
  rationale: 'A lifecycle configuration with an enabled rule bounds retention and cleans up incomplete multipart uploads, so the bucket cannot grow forever.',
  severity: 'low',
  cdkNag: [],
  checkov: ['CKV2_AWS_61'],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const rules = [
      ...stack.linked(bucket, 'aws_s3_bucket_lifecycle_configuration', 'bucket').flatMap((c) => blocks(c.config.rule)),
      ...blocks(bucket.config.lifecycle_rule).map((r) => ({ status: isTrue(r.enabled) ? 'Enabled' : 'Disabled' })),
    ];
    if (rules.length === 0) return nonCompliant('no aws_s3_bucket_lifecycle_configuration');
    return verdict(rules.some((r) => r.status === 'Enabled'), 'no lifecycle rule has status Enabled');
  },
};

// Every role with its user identity (component tag, or its own address) and the resource ARNs its
// Allow statements name, read once per stack.
function roleGrants(stack: StackView): readonly { user: string; tagged: boolean; resources: string[] }[] {
  return stack.cached('s3:role-grants', () => stack.ofType('aws_iam_role').map((role) => {
    const component = tagsOf(role.config)[COMPONENT_TAG];
    const resources = rolePolicies(role, stack)
      .flatMap((p) => policyStatements(p, stack) ?? [])
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => s.resources);
    return { user: component ?? role.address, tagged: component !== undefined, resources };
  }));
}

/**
 * Who uses a bucket: the component tag of each IAM role granted it (or, for an untagged role, the
 * role's address), and the components that disagree with the bucket's own component tag.
 */
export function bucketUsers(bucket: SynthesizedResource, stack: StackView): { users: string[]; foreign: string[] } {
  const name = literal(bucket.config.bucket);
  const arn = name === undefined ? undefined : `arn:aws:s3:::${name}`;
  const grants = roleGrants(stack).filter((g) => g.resources.some((r) => policyResourceTargets(r, bucket.address, arn)));
  const owner = tagsOf(bucket.config)[COMPONENT_TAG];
  const users = [...new Set(grants.map((g) => g.user))].sort();
  const foreign = owner === undefined ? [] : [...new Set(grants.filter((g) => g.tagged && g.user !== owner).map((g) => g.user))].sort();
  return { users, foreign };
}

/** LGTM-S3-6: a bucket is used by one component: no two components' roles are granted it. */
export const S3_ONE_COMPONENT: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-S3-6',
  rationale: `A bucket serves one component (roles tagged ${COMPONENT_TAG}, or one role), so a compromised or buggy component cannot read or delete another's data.`,
  severity: 'medium',
  cdkNag: [],
  checkov: [],
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, stack) {
    const { users, foreign } = bucketUsers(bucket, stack);
    if (users.length === 0) return NOT_APPLICABLE;
    if (foreign.length > 0) return nonCompliant(`belongs to ${tagsOf(bucket.config)[COMPONENT_TAG]} but is granted to ${foreign.join(', ')}`);
    return users.length === 1 ? COMPLIANT : nonCompliant(`granted to ${users.join(', ')}`);
  },
};

/** The S3 rules. */
export const S3_RULES: readonly ResourceRule[] = [
  S3_PUBLIC_ACCESS_BLOCK, S3_KMS_ENCRYPTION, S3_TLS_ONLY, S3_OWNER_ENFORCED, S3_LIFECYCLE, S3_ONE_COMPONENT,
];
