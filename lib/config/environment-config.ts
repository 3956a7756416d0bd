import { ComplianceMode } from '../compliance/rule';
import { Tier } from './tier';

/** Where Terraform keeps an environment's state. */
export type StateBackendConfig =
  /** A state file per stack in the working directory (the default). */
  | LocalStateBackendConfig
  /** An S3 object per stack, encrypted, with state locking. */
  | S3StateBackendConfig;

/** Local state: one `terraform.<stack>.tfstate` file per stack. */
export interface LocalStateBackendConfig {
  readonly type: 'local';
  /**
   * Directory for the state files, relative to the stack's directory in cdktf.out.
   * @default - the cdktf default, `terraform.<stack>.tfstate` in the project directory
   */
  readonly directory?: string;
}

/** S3 state with locking; the bucket must already exist. */
export interface S3StateBackendConfig {
  readonly type: 's3';
  /** Name of an existing, versioned S3 bucket for state. */
  readonly bucket: string;
  /**
   * Key prefix; each stack writes `<keyPrefix>/<stack>.tfstate`.
   * @default 'cdktf-lgtm'
   */
  readonly keyPrefix?: string;
  /**
   * Region of the state bucket.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * A DynamoDB table for locking, for teams still on the table-based lock. Locking through an S3
   * lock file (`use_lockfile`, Terraform 1.10+) is always on.
   * @default - lock file only
   */
  readonly dynamodbTable?: string;
}

/** Size of the managed node groups of an environment's cluster. */
export interface NodeGroupSize {
  /** EC2 instance types, first preferred. */
  readonly instanceTypes: readonly string[];
  /** Minimum node count across all availability zones. */
  readonly min: number;
  /** Desired node count at creation. */
  readonly desired: number;
  /** Maximum node count across all availability zones. */
  readonly max: number;
}

/**
 * One deployable environment: everything that differs between dev, staging and prod.
 * Adding an environment is adding one of these to stacks/environments.ts.
 */
export interface EnvironmentConfig {
  /**
   * Short name, used in stack ids and resource names: lowercase letters, digits and dashes,
   * starting with a letter, at most 20 characters (S3 bucket names are derived from it).
   */
  readonly name: string;
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Deployment tier of every backend in this environment. */
  readonly tier: Tier;
  /**
   * Turns on production protections: `prevent_destroy` on data, Multi-AZ, deletion protection,
   * compliance findings as errors instead of warnings.
   * @default false
   */
  readonly production?: boolean;
  /**
   * What a compliance finding (lib/compliance) does to a synth of this environment's stacks: fail it
   * (`error`) or print a warning. Suppress a single accepted finding with `Compliance.suppress`.
   * @default - 'error' when production, otherwise 'warning'
   */
  readonly compliance?: ComplianceMode;
  /**
   * Prefix of every resource name; names are `<namePrefix>-<name>-...`, so they do not depend on
   * the AWS account.
   * @default 'lgtm'
   */
  readonly namePrefix?: string;
  /**
   * Tenant ids (X-Scope-OrgID values) this environment serves. Ids follow the Mimir/Loki rules:
   * 1-150 characters of `0-9 a-z A-Z ! - _ . * ' ( )`, not `.` or `..`, not `__mimir_cluster`.
   */
  readonly tenants: readonly string[];
  /**
   * Node group size of the cluster.
   * @default - per tier, see TIER_NODE_DEFAULTS
   */
  readonly nodes?: NodeGroupSize;
  /**
   * Terraform state backend.
   * @default { type: 'local' }
   */
  readonly state?: StateBackendConfig;
  /**
   * Tags put on every AWS resource (through the provider's default_tags).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Node group sizes used when an environment does not set `nodes`. */
export const TIER_NODE_DEFAULTS: Readonly<Record<Tier, NodeGroupSize>> = {
  monolithic: { instanceTypes: ['m6i.xlarge'], min: 2, desired: 2, max: 4 },
  'simple-scalable': { instanceTypes: ['m6i.2xlarge'], min: 3, desired: 3, max: 9 },
  microservices: { instanceTypes: ['m6i.4xlarge'], min: 6, desired: 6, max: 24 },
};

/** An {@link EnvironmentConfig} after validation, with every default filled in. */
export interface ResolvedEnvironment extends EnvironmentConfig {
  readonly production: boolean;
  readonly compliance: ComplianceMode;
  readonly namePrefix: string;
  readonly nodes: NodeGroupSize;
  readonly state: StateBackendConfig;
  readonly tags: Readonly<Record<string, string>>;
}
