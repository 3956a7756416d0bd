import { ComplianceMode } from '../lib/compliance/rule';
import type { LgtmGatewayOptions } from '../lib/composition/lgtm-observability';
import { LgtmPlatformProps } from '../lib/composition/lgtm-platform';
import { LoadProfile } from '../lib/sizing/load-profile';
import { NodePlan } from '../lib/sizing/node-plan';
import { StackSizing } from '../lib/sizing/size-for';

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
  /**
   * Why a production environment keeps its state in local files (at least 10 characters). Production
   * refuses local state without one: the state holds the session store's AUTH token and every
   * resource id, and a local file is neither encrypted, locked nor backed up.
   * @default - none: production needs the S3 backend
   */
  readonly productionReason?: string;
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

/**
 * One deployable environment: everything that differs between dev, staging and prod. Its platform
 * fields are those of `LgtmPlatform` (network, cluster, buckets, database, ...); `name` is the
 * platform's `environment`. Adding an environment is adding one of these to stacks/environments.ts.
 */
export interface EnvironmentConfig extends Omit<LgtmPlatformProps, 'environment'> {
  /**
   * Short name, used in stack ids and resource names: lowercase letters, digits and dashes,
   * starting with a letter, at most 20 characters (S3 bucket names are derived from it).
   */
  readonly name: string;
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
   * Tenant ids (X-Scope-OrgID values) this environment serves. Ids follow the Mimir/Loki rules:
   * 1-150 characters of `0-9 a-z A-Z ! - _ . * ' ( )`, not `.` or `..`, not `__mimir_cluster`.
   */
  readonly tenants: readonly string[];
  /**
   * Which Kubernetes namespace's telemetry belongs to which tenant; namespaces not listed go to the
   * first tenant. Each tenant must be one of `tenants`.
   * @default - every namespace to the first tenant
   */
  readonly namespaceTenants?: Readonly<Record<string, string>>;
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
  /**
   * The load the environment carries (series, logs, spans, profiles, retention, queries). With it,
   * the backends' replicas, the node groups and the buckets' retention are sized from it
   * (`sizeFor`, `planNodes`); `nodes` and `retentionDays`, when set, still win.
   * @default - the tier's defaults (TIER_NODE_DEFAULTS and each backend's tier layout)
   */
  readonly load?: LoadProfile;
  /**
   * The tenant gateway (lib/tenancy): who may push and query from outside the cluster, as which
   * tenant, how they authenticate, and its load balancer. Production needs one (LGTM-TEN-1).
   * @default - no gateway: only the collector and Grafana reach the backends
   */
  readonly gateway?: LgtmGatewayOptions;
}

/** An {@link EnvironmentConfig} after validation, with every default filled in. */
export interface ResolvedEnvironment extends EnvironmentConfig {
  readonly production: boolean;
  readonly compliance: ComplianceMode;
  readonly namePrefix: string;
  readonly state: StateBackendConfig;
  readonly tags: Readonly<Record<string, string>>;
  /** The sizes of `load` for the tier; undefined without a load. */
  readonly sizing?: StackSizing;
  /** The node groups for `sizing`, x86 and Graviton with the price difference; undefined without a load. */
  readonly nodePlan?: NodePlan;
}

/** The tags every stack of an environment puts on its resources, besides the environment's own. */
export function stackTags(environment: string, stack: string): Readonly<Record<string, string>> {
  return { 'lgtm:environment': environment, 'lgtm:stack': stack, 'managed-by': 'cdktf-lgtm' };
}
