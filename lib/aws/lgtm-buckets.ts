import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { BUCKET_PURPOSES, ComponentBucket } from './component-bucket';
import { BucketKey, ILgtmBuckets } from './i-lgtm-buckets';
import { KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, Rule, check, known, notPositiveInteger, show } from '../private/validate';
import { s3BucketNameProblem } from './private/bucket-name';

/** The buckets whose objects expire with the backend's retention (ruler and Alertmanager state never expires). */
export type DataBucketKey = 'mimirBlocks' | 'lokiChunks' | 'tempoTraces' | 'pyroscopeData';

/** Retention in days per data bucket. */
export type RetentionDays = Partial<Record<DataBucketKey, number>>;

/**
 * Retention the backends are configured with when nothing else is said: Mimir 1 year, Loki 30 days,
 * Tempo 14 days, Pyroscope 30 days (the sizing reference points of this library).
 */
export const DEFAULT_BACKEND_RETENTION_DAYS: Readonly<Record<DataBucketKey, number>> = {
  mimirBlocks: 365,
  lokiChunks: 30,
  tempoTraces: 14,
  pyroscopeData: 30,
};

/** Days the bucket keeps objects beyond the backend's retention by default. */
export const DEFAULT_BUCKET_RETENTION_MARGIN_DAYS = 7;

const DATA_BUCKETS = Object.keys(DEFAULT_BACKEND_RETENTION_DAYS) as DataBucketKey[];

/** Props of {@link LgtmBuckets}. */
export interface LgtmBucketsProps {
  /** Environment name, the middle part of every bucket name (`<namePrefix>-<environment>-<purpose>`). */
  readonly environment: string;
  /**
   * First part of every bucket name.
   * @default 'lgtm'
   */
  readonly namePrefix?: string;
  /**
   * Appended to every bucket name (`...-<purpose>-<nameSuffix>`); with `uniqueNames` (the default)
   * it ends the prefix S3 completes instead.
   * @default - no suffix
   */
  readonly nameSuffix?: string;
  /**
   * Let Terraform complete each name (`bucket_prefix`: `<namePrefix>-<environment>-<purpose>-`,
   * cut to 37 characters when longer, plus 26 characters unique to this apply), because S3 names are global across all AWS accounts:
   * a fixed name can be taken already (BucketAlreadyExists) or squatted by someone who guesses it.
   * False keeps the fixed names `<namePrefix>-<environment>-<purpose>[-<nameSuffix>]` of earlier
   * releases, which an environment created with them must keep (a new name replaces the bucket).
   * @default true
   */
  readonly uniqueNames?: boolean;
  /**
   * Exact names for some or all buckets, e.g. the names of an environment created before
   * `uniqueNames`; they win over `uniqueNames` and `nameSuffix`.
   * @default - the names `uniqueNames` gives
   */
  readonly names?: Partial<Record<BucketKey, string>>;
  /**
   * Turns on the production protections: `prevent_destroy` on every bucket, no `force_destroy`,
   * versioning on by default.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Let `terraform destroy` delete buckets that still hold objects. Dangerous: it deletes the
   * data. Refused when `production` is true.
   * @default - true outside production (dev buckets are disposable), false in production
   */
  readonly forceDestroy?: boolean;
  /**
   * ARN of a customer-managed KMS key for SSE-KMS. The workload roles are then allowed to use it.
   * @default - the AWS-managed `aws/s3` key
   */
  readonly kmsKeyArn?: string;
  /**
   * How long each backend keeps data (its compactor's retention). Only used to check and derive
   * the bucket retention; the backend constructs configure the backends themselves.
   * @default - DEFAULT_BACKEND_RETENTION_DAYS
   */
  readonly backendRetentionDays?: RetentionDays;
  /**
   * Days after which S3 expires objects of each data bucket: a safety net behind the backend's own
   * retention, so it must be longer than `backendRetentionDays` (an object S3 expires first is a
   * hole in the backend's index). Ruler and Alertmanager buckets never expire objects.
   * @default - backendRetentionDays + 7 for each data bucket
   */
  readonly retentionDays?: RetentionDays;
  /**
   * Keep overwritten and deleted objects for `noncurrentVersionExpirationDays`, to recover from a
   * bad compaction or an accidental delete. Costs the storage of recently deleted blocks.
   * @default - true in production, false otherwise
   */
  readonly versioning?: boolean;
  /**
   * Days a noncurrent object version is kept when `versioning` is on.
   * @default 7
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which incomplete multipart uploads are aborted (the Tempo docs recommend one day).
   * @default 1
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/**
 * One S3 bucket per purpose of every LGTM backend (Mimir blocks, ruler and Alertmanager; Loki
 * chunks and ruler; Tempo traces; Pyroscope data), never shared. Each bucket blocks all public
 * access, disables ACLs, encrypts with SSE-KMS and bucket keys, denies requests without TLS 1.2+,
 * aborts incomplete uploads and expires data after the backend's retention plus a margin.
 * Exposes a typed {@link ComponentBucket} per purpose, e.g. `buckets.mimirBlocks.name`.
 */
export class LgtmBuckets extends Construct implements ILgtmBuckets {
  /** The Mimir blocks bucket. */
  public readonly mimirBlocks: ComponentBucket;
  /** The Mimir ruler bucket. */
  public readonly mimirRuler: ComponentBucket;
  /** The Mimir Alertmanager bucket. */
  public readonly mimirAlertmanager: ComponentBucket;
  /** The Loki chunks bucket. */
  public readonly lokiChunks: ComponentBucket;
  /** The Loki ruler bucket. */
  public readonly lokiRuler: ComponentBucket;
  /** The Tempo traces bucket. */
  public readonly tempoTraces: ComponentBucket;
  /** The Pyroscope data bucket. */
  public readonly pyroscopeData: ComponentBucket;
  /** Every bucket handle, by key. */
  public readonly all: Readonly<Record<BucketKey, ComponentBucket>>;
  /** The S3 bucket resources, by key, for settings this construct does not expose. */
  public readonly resources: Readonly<Record<BucketKey, S3Bucket>>;
  /** Bucket retention (days) applied to each data bucket. */
  public readonly retentionDays: Readonly<Record<DataBucketKey, number>>;

  constructor(scope: Construct, id: string, props: LgtmBucketsProps) {
    super(scope, id);
    const production = props.production ?? false;
    const namePrefix = props.namePrefix ?? 'lgtm';
    const forceDestroy = props.forceDestroy ?? !production;
    const versioning = props.versioning ?? production;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 7;
    const abortDays = props.abortIncompleteMultipartUploadDays ?? 1;
    const backend = { ...DEFAULT_BACKEND_RETENTION_DAYS, ...props.backendRetentionDays };
    const retention = Object.fromEntries(DATA_BUCKETS.map((k) => [
      k, props.retentionDays?.[k] ?? backend[k] + DEFAULT_BUCKET_RETENTION_MARGIN_DAYS,
    ])) as Record<DataBucketKey, number>;
    const uniqueNames = props.uniqueNames ?? true;
    const explicit = props.names ?? {};
    const fixedName = (k: BucketKey) => [namePrefix, props.environment, BUCKET_PURPOSES[k], props.nameSuffix].filter((p) => p !== undefined && p !== '').join('-');
    // S3 takes a bucket_prefix of at most 37 characters (63 minus Terraform's 26-character suffix): a
    // longer one is cut there; the unique suffix still keeps every name apart.
    const prefixOf = (k: BucketKey) => {
      const full = `${fixedName(k)}-`;
      return full.length <= 37 ? full : `${full.slice(0, 36).replace(/[-.]+$/, '')}-`;
    };
    const names = Object.fromEntries((Object.keys(BUCKET_PURPOSES) as BucketKey[]).map((k) => [
      k, explicit[k] ?? fixedName(k),
    ])) as Record<BucketKey, string>;
    const prefixed = (k: BucketKey) => uniqueNames && explicit[k] === undefined;

    const nameParts = [namePrefix, props.environment, props.nameSuffix];
    const rules: Rule[] = [
      { when: production && props.forceDestroy === true, message: 'forceDestroy is true, but production buckets must not be force-destroyed' },
      { when: known(props.kmsKeyArn) && !KMS_KEY_ARN.test(props.kmsKeyArn!), message: `kmsKeyArn is ${show(props.kmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: notPositiveInteger(props.noncurrentVersionExpirationDays), message: `noncurrentVersionExpirationDays is ${props.noncurrentVersionExpirationDays}, but it must be a positive integer` },
      { when: notPositiveInteger(props.abortIncompleteMultipartUploadDays), message: `abortIncompleteMultipartUploadDays is ${props.abortIncompleteMultipartUploadDays}, but it must be a positive integer` },
      ...DATA_BUCKETS.flatMap((k) => [
        { when: notPositiveInteger(props.backendRetentionDays?.[k]), message: `backendRetentionDays.${k} is ${props.backendRetentionDays?.[k]}, but it must be a positive integer` },
        { when: notPositiveInteger(props.retentionDays?.[k]), message: `retentionDays.${k} is ${props.retentionDays?.[k]}, but it must be a positive integer` },
        {
          when: known(retention[k]) && known(backend[k]) && retention[k] > 0 && backend[k] > 0 && retention[k] <= backend[k],
          message: `retentionDays.${k} is ${retention[k]}, but it must be longer than backendRetentionDays.${k} (${backend[k]}) so S3 never expires data the backend still indexes`,
        },
      ]),
      { when: props.uniqueNames !== undefined && typeof props.uniqueNames !== 'boolean', message: `uniqueNames is ${show(props.uniqueNames)}, but it must be true or false` },
      ...Object.keys(explicit).filter((k) => !Object.prototype.hasOwnProperty.call(BUCKET_PURPOSES, k)).map((k) => ({
        when: true, message: `names has '${k}', but the buckets are ${Object.keys(BUCKET_PURPOSES).join(', ')}`,
      })),
      ...(Object.entries(explicit) as [BucketKey, string][]).filter(([, n]) => known(n)).map(([k, n]) => ({
        when: typeof n !== 'string' || s3BucketNameProblem(n) !== undefined,
        message: `names.${k} is ${show(n)}, but ${typeof n === 'string' ? s3BucketNameProblem(n) : 'it must be a string'}`,
      })),
      { when: new Set(Object.values(names).filter((n) => known(n))).size !== Object.values(names).filter((n) => known(n)).length, message: `names gives two buckets the same name (${show(names)}), but each bucket needs its own` },
      // Only check names built from known parts; a token part is resolved at apply time.
      ...(nameParts.every((p) => p === undefined || known(p))
        ? (Object.keys(names) as BucketKey[]).filter((k) => explicit[k] === undefined).map((k) => {
          const why = s3BucketNameProblem(names[k]);
          return {
            when: why !== undefined,
            message: `bucket name '${names[k]}' (${k}, from namePrefix ${show(namePrefix)}, environment ${show(props.environment)}${props.nameSuffix ? ` and nameSuffix ${show(props.nameSuffix)}` : ''}) is invalid: ${why}`,
          };
        })
        : []),
    ];
    check(`LgtmBuckets '${this.node.path}'`, rules);
    if (production && !versioning) {
      Annotations.of(this).addWarning('versioning is off in production: a bad compaction or an accidental delete cannot be undone');
    }

    this.retentionDays = retention;
    const handles = {} as Record<BucketKey, ComponentBucket>;
    const resources = {} as Record<BucketKey, S3Bucket>;
    for (const key of Object.keys(BUCKET_PURPOSES) as BucketKey[]) {
      const purpose = BUCKET_PURPOSES[key];
      const scopeOf = new Construct(this, purpose);
      const bucket = new S3Bucket(scopeOf, 'bucket', {
        ...(prefixed(key) ? { bucketPrefix: prefixOf(key) } : { bucket: names[key] }),
        forceDestroy,
        lifecycle: production ? { preventDestroy: true } : undefined,
        tags: { 'lgtm:purpose': purpose },
      });
      const publicAccess = new S3BucketPublicAccessBlock(scopeOf, 'public-access', {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      new S3BucketOwnershipControls(scopeOf, 'ownership', {
        bucket: bucket.id,
        rule: { objectOwnership: 'BucketOwnerEnforced' },
      });
      new S3BucketServerSideEncryptionConfigurationA(scopeOf, 'encryption', {
        bucket: bucket.id,
        rule: [{
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          // Bucket keys cut KMS requests (and their cost) by orders of magnitude for small objects.
          bucketKeyEnabled: true,
        }],
      });
      const denyAll = (sid: string, test: string, variable: string, value: string) => ({
        sid,
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['s3:*'],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test, variable, values: [value] }],
      });
      const tlsOnly = new DataAwsIamPolicyDocument(scopeOf, 'tls-only', {
        statement: [
          denyAll('DenyInsecureTransport', 'Bool', 'aws:SecureTransport', 'false'),
          denyAll('DenyOutdatedTls', 'NumericLessThan', 's3:TlsVersion', '1.2'),
        ],
      });
      // After the public access block, so the policy is never evaluated on an unprotected bucket.
      new S3BucketPolicy(scopeOf, 'policy', { bucket: bucket.id, policy: tlsOnly.json, dependsOn: [publicAccess] });

      const versioningResource = versioning
        ? new S3BucketVersioningA(scopeOf, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } })
        : undefined;
      const expireDays = (DATA_BUCKETS as string[]).includes(key) ? retention[key as DataBucketKey] : undefined;
      const lifecycleRules: S3BucketLifecycleConfigurationRule[] = [{
        id: expireDays ? 'expire-after-retention' : 'abort-incomplete-uploads',
        status: 'Enabled',
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
        expiration: expireDays ? [{ days: expireDays }] : undefined,
        noncurrentVersionExpiration: versioning ? [{ noncurrentDays }] : undefined,
      }];
      if (versioning) {
        lifecycleRules.push({
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ expiredObjectDeleteMarker: true }],
        });
      }
      new S3BucketLifecycleConfiguration(scopeOf, 'lifecycle', {
        bucket: bucket.id,
        rule: lifecycleRules,
        // The provider docs: a lifecycle configuration on a versioned bucket must wait for versioning.
        dependsOn: versioningResource ? [versioningResource] : undefined,
      });

      resources[key] = bucket;
      handles[key] = ComponentBucket.fromAttributes({
        purpose, name: bucket.bucket, arn: bucket.arn, region: bucket.region, kmsKeyArn: props.kmsKeyArn, expirationDays: expireDays,
      });
    }
    this.all = handles;
    this.resources = resources;
    this.mimirBlocks = handles.mimirBlocks;
    this.mimirRuler = handles.mimirRuler;
    this.mimirAlertmanager = handles.mimirAlertmanager;
    this.lokiChunks = handles.lokiChunks;
    this.lokiRuler = handles.lokiRuler;
    this.tempoTraces = handles.tempoTraces;
    this.pyroscopeData = handles.pyroscopeData;
  }
}
