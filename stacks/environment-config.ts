import { ComplianceMode } from '../compliance/rule';
import type { LgtmComponent } from '../aws/component-bucket';
import type { NatGatewayMode, NetworkAttributes } from '../aws/network';
import type { SessionStoreEngine } from './data-versions';
import type { WorkloadIdentityMode } from '../aws/workload-role';
import { Tier } from './tier';

/** Where Terraform keeps an environment's state. */
export type StateBackendConfig =
  /** A state file per stack in the project directory (the default). */
  | LocalStateBackendConfig
  /** An S3 object per stack, encrypted, with state locking. */
  | S3StateBackendConfig;

/** Local state: one `terraform.<stack>.tfstate` file per stack. */
export interface LocalStateBackendConfig {
  readonly type: 'local';
  /**
   * Directory for the state files: absolute, or relative to the project directory.
   * @default - the project directory, as the CDKTF CLI does: `terraform.<stack>.tfstate`
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
   * The VPC: a new one (the default) or an existing one.
   * @default - a new /16 VPC over 3 zones, NAT per zone when production, one otherwise
   */
  readonly network?: EnvironmentNetworkConfig;
  /**
   * Access to the EKS cluster's API.
   * @default - the principal running Terraform is cluster-admin; public endpoint open to 0.0.0.0/0
   *   outside production (refused in production)
   */
  readonly cluster?: EnvironmentClusterConfig;
  /**
   * How pods get their IAM roles (backends and cluster add-ons).
   * @default 'pod-identity'
   */
  readonly workloadIdentity?: WorkloadIdentityMode;
  /**
   * Retention of each backend, in days; its bucket keeps objects a week longer.
   * @default - Mimir 365, Loki 30, Tempo 14, Pyroscope 30
   */
  readonly retentionDays?: Partial<Record<LgtmComponent, number>>;
  /**
   * Bucket naming and encryption.
   * @default - `<namePrefix>-<name>-<purpose>`, AWS-managed KMS keys
   */
  readonly buckets?: EnvironmentBucketsConfig;
  /**
   * Size of Grafana's PostgreSQL database.
   * @default - db.m7g.large, Multi-AZ, 14 days of backups when production; db.t4g.small otherwise
   */
  readonly grafanaDatabase?: EnvironmentDatabaseConfig;
  /**
   * Grafana's session store.
   * @default - Valkey; 2 nodes with failover when production, 1 otherwise
   */
  readonly sessionStore?: EnvironmentSessionStoreConfig;
  /**
   * An ElastiCache memcached cluster for the backends' query caches instead of the charts'
   * in-cluster memcached.
   * @default - none
   */
  readonly managedMemcached?: EnvironmentMemcachedConfig;
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

/** The VPC of an environment. */
export interface EnvironmentNetworkConfig {
  /**
   * Use this existing VPC and its subnets instead of creating one; the other fields are ignored.
   * @default - a new VPC
   */
  readonly existing?: NetworkAttributes;
  /**
   * CIDR block of a new VPC.
   * @default '10.0.0.0/16'
   */
  readonly cidrBlock?: string;
  /**
   * Availability zones of a new VPC (production needs at least 2).
   * @default 3
   */
  readonly zoneCount?: number;
  /**
   * NAT gateways of a new VPC.
   * @default - 'per-zone' when production, otherwise 'single'
   */
  readonly natGateways?: NatGatewayMode;
}

/** Access to an environment's EKS API. */
export interface EnvironmentClusterConfig {
  /**
   * IAM role or user ARNs made cluster-admin. Set them for stable access: the default follows
   * whoever runs Terraform, so a deploy by another role moves the admin entry to it.
   * @default - the IAM role (or user) running Terraform
   */
  readonly adminPrincipalArns?: string[];
  /**
   * Expose the API endpoint publicly (always also private).
   * @default true
   */
  readonly publicEndpoint?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint; required in production when it is public.
   * @default - ['0.0.0.0/0'] outside production
   */
  readonly publicAccessCidrs?: string[];
}

/** Bucket naming and encryption of an environment. */
export interface EnvironmentBucketsConfig {
  /**
   * Appended to every bucket name, e.g. an account id, since S3 names are global.
   * @default - none
   */
  readonly nameSuffix?: string;
  /**
   * Customer KMS key ARN for the buckets (and the database and session store).
   * @default - AWS-managed keys
   */
  readonly kmsKeyArn?: string;
}

/** Size of Grafana's database. */
export interface EnvironmentDatabaseConfig {
  /**
   * RDS instance class, from the allowed list in lib/config/data-versions.ts.
   * @default - 'db.m7g.large' when production, 'db.t4g.small' otherwise
   */
  readonly instanceClass?: string;
  /**
   * Allocated storage in GiB.
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Days of automated backups.
   * @default - 14 when production, 1 otherwise
   */
  readonly backupRetentionDays?: number;
}

/** Grafana's session store. */
export interface EnvironmentSessionStoreConfig {
  /**
   * Cache engine.
   * @default 'valkey'
   */
  readonly engine?: SessionStoreEngine;
  /**
   * ElastiCache node type.
   * @default - 'cache.m7g.large' when production, 'cache.t4g.small' otherwise
   */
  readonly nodeType?: string;
  /**
   * Nodes (one primary, the rest replicas).
   * @default - 2 when production, 1 otherwise
   */
  readonly nodes?: number;
}

/** The optional managed memcached for query caches. */
export interface EnvironmentMemcachedConfig {
  /** Create the cluster. */
  readonly enabled: boolean;
  /**
   * ElastiCache node type.
   * @default 'cache.t4g.medium'
   */
  readonly nodeType?: string;
  /**
   * Nodes.
   * @default 2
   */
  readonly nodes?: number;
}

/** Node group sizes used when an environment does not set `nodes`. */
export const TIER_NODE_DEFAULTS: Readonly<Record<Tier, NodeGroupSize>> = {
  // At least one node per zone: node groups are per zone, and an EBS volume only attaches in its own.
  monolithic: { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 },
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
