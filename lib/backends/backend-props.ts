import { ITerraformDependable } from 'cdktf';
import { ILgtmBuckets } from '../aws/i-lgtm-buckets';
import { IEksCluster } from '../aws/i-eks-cluster';
import { IWorkloadRole } from '../aws/i-workload-role';
import { MemcachedEndpoint } from '../aws/memcached-endpoint';
import { Tier } from '../config/tier';
import { ChartReleaseOptions } from '../helm/chart-release';

/** Where the hash ring of a backend's components lives. */
export type RingStore =
  /** Gossip between the backend's own pods (memberlist): no extra service to run. */
  | { readonly kind: 'memberlist' }
  /** A Consul cluster at `address` (`host:port`). */
  | { readonly kind: 'consul'; readonly address: string }
  /** An etcd cluster at `endpoints` (`host:port` each). */
  | { readonly kind: 'etcd'; readonly endpoints: readonly string[] };

/**
 * What every LGTM backend construct (MimirCluster, LokiCluster, ...) takes: the platform's handles,
 * the tier, the tenants and the chart-release options. The release runs in `role.namespace` as
 * `role.serviceAccount`, so its pods get exactly that role's AWS access and nothing else.
 */
export interface BackendProps extends Omit<ChartReleaseOptions, 'namespace'> {
  /** How the backend is laid out; each backend documents how its chart maps the tier. */
  readonly tier: Tier;
  /**
   * Turns on the production rules: replication factor at least 3 over zones, persistent volumes.
   * @default false
   */
  readonly production?: boolean;
  /** The cluster the backend runs on: zone-aware components are pinned to its network's zones. */
  readonly cluster: IEksCluster;
  /** AWS region of the buckets. */
  readonly region: string;
  /** The platform's buckets; the backend uses only its own. */
  readonly buckets: ILgtmBuckets;
  /**
   * The backend's workload role (`platform.roles.<component>`): the release runs as its service
   * account in its namespace. A role of another component is refused.
   */
  readonly role: IWorkloadRole;
  /**
   * Tenant ids (X-Scope-OrgID values) the backend serves; multi-tenancy is always on. Ids follow the
   * Mimir/Loki rules: 1-150 characters of `0-9 a-z A-Z ! - _ . * ' ( )`, not `.` or `..`.
   */
  readonly tenants: readonly string[];
  /**
   * Days the backend keeps data, enforced by its compactor; must be shorter than the bucket's
   * expiration (`bucket.expirationDays`).
   * @default - the backend's default (DEFAULT_BACKEND_RETENTION_DAYS)
   */
  readonly retentionDays?: number;
  /**
   * Copies of every write the ingesters keep. Production refuses fewer than 3.
   * @default - 1 when monolithic, otherwise 3
   */
  readonly replicationFactor?: number;
  /**
   * Where the hash rings live.
   * @default { kind: 'memberlist' }
   */
  readonly ring?: RingStore;
  /**
   * A managed memcached (the platform's `memcached`) for the query caches, instead of the chart's
   * in-cluster memcached.
   * @default - the chart's memcached caches in simple-scalable and microservices, none when monolithic
   */
  readonly memcached?: MemcachedEndpoint;
  /**
   * StorageClass of the persistent volumes (ingester WAL and data, and the scratch space of the
   * components that need one, such as compactors).
   * @default 'gp3' (ClusterAddons' default StorageClass)
   */
  readonly storageClassName?: string;
  /**
   * Queries across tenants (`a|b` in X-Scope-OrgID). Off by default: a tenant sees only its own data.
   * @default false
   */
  readonly tenantFederation?: boolean;
  /**
   * What the release waits for: pass `LgtmObservability.ready` (or `ClusterAddons.ready`), since the
   * load balancer controller's webhook must answer before any Service can be created.
   * @default - none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The HTTP header that carries the tenant id on every request to a backend. */
export const TENANT_HEADER = 'X-Scope-OrgID';

/**
 * What one pod of a backend's component requests, in place of the tier layout's size: from a
 * sizing (`sizeFor`) or set by hand.
 */
export interface PodResources {
  /** CPU request, a Kubernetes CPU quantity (`500m`, `2`). */
  readonly cpu: string;
  /** Memory request, a Kubernetes memory quantity (`512Mi`, `4Gi`). */
  readonly memory: string;
  /**
   * Memory limit, at least `memory`. Where the tier layout sets a limit (Loki, Pyroscope), that limit
   * stands, raised to `memory` when it is below it; where it sets none (Mimir, Tempo), none is set.
   * @default - the tier layout's limit, at least `memory`; none where the layout has none
   */
  readonly memoryLimit?: string;
}
