import { AWS_REGION, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, check, known, notPositiveInteger, requiredFields, show } from '../private/validate';
import { partitionOf } from '../config/regions';
import { IWorkloadRole } from './i-workload-role';
import { ILgtmBuckets } from './i-lgtm-buckets';
import { componentStatements } from './private/bucket-access';
import { s3BucketNameProblem } from './private/bucket-name';

/** An LGTM backend that keeps its data in S3. */
export type LgtmComponent =
  /** Grafana Mimir (metrics). */
  | 'mimir'
  /** Grafana Loki (logs). */
  | 'loki'
  /** Grafana Tempo (traces). */
  | 'tempo'
  /** Grafana Pyroscope (profiles). */
  | 'pyroscope';

/** Every LGTM backend that keeps data in S3. */
export const LGTM_COMPONENTS: readonly LgtmComponent[] = ['mimir', 'loki', 'tempo', 'pyroscope'];

/** What one bucket holds; each purpose has its own bucket, never shared. */
export type BucketPurpose =
  /** Mimir TSDB blocks (`blocks_storage`). */
  | 'mimir-blocks'
  /** Mimir ruler rule groups (`ruler_storage`). */
  | 'mimir-ruler'
  /** Mimir Alertmanager configuration and state (`alertmanager_storage`). */
  | 'mimir-alertmanager'
  /** Loki chunks and TSDB index (`loki.storage.bucketNames.chunks`). */
  | 'loki-chunks'
  /** Loki ruler rule groups (`loki.storage.bucketNames.ruler`). */
  | 'loki-ruler'
  /** Tempo trace blocks (`storage.trace.s3.bucket`). */
  | 'tempo-traces'
  /** Pyroscope profile blocks (`storage.s3.bucket_name`). */
  | 'pyroscope-data';

/** Which component owns each bucket purpose. */
export const BUCKET_OWNER: Readonly<Record<BucketPurpose, LgtmComponent>> = {
  'mimir-blocks': 'mimir',
  'mimir-ruler': 'mimir',
  'mimir-alertmanager': 'mimir',
  'loki-chunks': 'loki',
  'loki-ruler': 'loki',
  'tempo-traces': 'tempo',
  'pyroscope-data': 'pyroscope',
};

/** Attributes of an existing bucket, for {@link ComponentBucket.fromAttributes}. */
export interface ComponentBucketAttributes {
  /** What the bucket holds; its owner component follows from it. */
  readonly purpose: BucketPurpose;
  /** Bucket name. */
  readonly name: string;
  /** AWS region of the bucket. */
  readonly region: string;
  /**
   * Bucket ARN.
   * @default - `arn:<partition>:s3:::<name>`, the partition of `region` (aws, aws-cn, aws-us-gov)
   */
  readonly arn?: string;
  /**
   * ARN of the customer KMS key the bucket encrypts with; the component's role is then allowed to
   * use it.
   * @default - none: the AWS-managed key, which needs no IAM permission
   */
  readonly kmsKeyArn?: string;
  /**
   * Days after which the bucket's lifecycle expires objects; a backend's own retention must be
   * shorter, or S3 deletes data the backend still indexes.
   * @default - none: objects never expire
   */
  readonly expirationDays?: number;
}

/**
 * The handle of one component's bucket: what a backend puts in its storage configuration and what
 * its workload role is scoped to. Built by `LgtmBuckets`, or for an existing bucket with
 * {@link ComponentBucket.fromAttributes}.
 */
export class ComponentBucket {
  /** A handle for a bucket created elsewhere (or by `LgtmBuckets`), validated once. */
  public static fromAttributes(attrs: ComponentBucketAttributes): ComponentBucket {
    check('ComponentBucket.fromAttributes', [
      ...requiredFields(attrs, ['purpose', 'name', 'region']),
      {
        when: attrs.purpose !== undefined && !Object.prototype.hasOwnProperty.call(BUCKET_OWNER, attrs.purpose),
        message: `purpose is ${show(attrs.purpose)}, but allowed purposes are ${Object.keys(BUCKET_OWNER).join(', ')}`,
      },
      { when: known(attrs.name) && typeof attrs.name === 'string' && attrs.name !== '' && s3BucketNameProblem(attrs.name) !== undefined, message: `name is ${show(attrs.name)}, but ${s3BucketNameProblem(String(attrs.name))}` },
      { when: known(attrs.region) && typeof attrs.region === 'string' && attrs.region !== '' && !AWS_REGION.test(attrs.region), message: `region is ${show(attrs.region)}, but it must be an AWS region code such as eu-west-1` },
      { when: known(attrs.arn) && !/^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/.test(attrs.arn!), message: `arn is ${show(attrs.arn)}, but it must be a bucket ARN such as arn:aws:s3:::my-bucket` },
      { when: known(attrs.kmsKeyArn) && !KMS_KEY_ARN.test(attrs.kmsKeyArn!), message: `kmsKeyArn is ${show(attrs.kmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: notPositiveInteger(attrs.expirationDays), message: `expirationDays is ${show(attrs.expirationDays)}, but it must be a positive integer` },
    ]);
    return new ComponentBucket(attrs.purpose, attrs.name, attrs.arn ?? `arn:${partitionOf(attrs.region)}:s3:::${attrs.name}`, attrs.region, attrs.kmsKeyArn, attrs.expirationDays);
  }

  /** The component that owns the bucket. */
  public readonly component: LgtmComponent;

  private constructor(
    /** What the bucket holds. */
    public readonly purpose: BucketPurpose,
    /** Bucket name. */
    public readonly name: string,
    /** Bucket ARN. */
    public readonly arn: string,
    /** AWS region of the bucket. */
    public readonly region: string,
    /** ARN of the customer KMS key, when the bucket uses one. */
    public readonly kmsKeyArn?: string,
    /** Days after which S3 expires the bucket's objects, when it does. */
    public readonly expirationDays?: number,
  ) {
    this.component = BUCKET_OWNER[purpose];
  }

  /** ARN pattern of every object in the bucket (`<arn>/*`). */
  public get objectsArn(): string {
    return `${this.arn}/*`;
  }

  /**
   * Lets `role` list the bucket and read, write and delete its objects (the actions its owner
   * component needs), and use the bucket's customer KMS key through S3. A bucket serves one
   * component: grant it only to that component's role (compliance rule LGTM-S3-6 checks).
   */
  public grantReadWrite(role: IWorkloadRole): void {
    role.addStatements(...componentStatements(this.component, [this], false));
  }
}

/** Bucket keys and their purposes, in a fixed order (it decides construct order, not ids). */
export const BUCKET_PURPOSES: Readonly<Record<keyof ILgtmBuckets, BucketPurpose>> = {
  mimirBlocks: 'mimir-blocks',
  mimirRuler: 'mimir-ruler',
  mimirAlertmanager: 'mimir-alertmanager',
  lokiChunks: 'loki-chunks',
  lokiRuler: 'loki-ruler',
  tempoTraces: 'tempo-traces',
  pyroscopeData: 'pyroscope-data',
};
