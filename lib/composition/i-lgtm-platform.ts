import { LgtmComponent } from '../aws/component-bucket';
import { ILgtmBuckets } from '../aws/i-lgtm-buckets';
import { IEksCluster } from '../aws/i-eks-cluster';
import { IGrafanaDatabase } from '../aws/i-grafana-database';
import { ISessionStore } from '../aws/i-session-store';
import { IWorkloadRole } from '../aws/i-workload-role';
import { MemcachedEndpoint } from '../aws/memcached-endpoint';
import type { IPodSecurityGroup } from '../aws/pod-security-group';

/**
 * What the observability side takes from a platform: typed handles only, so it works the same on
 * an `LgtmPlatform` of this app, one in another stack (cdktf passes the attributes across stacks),
 * or a platform assembled by hand from `fromAttributes` handles of resources made elsewhere.
 */
export interface ILgtmPlatform {
  /** AWS region of the platform. */
  readonly region: string;
  /** The EKS cluster the backends run on. */
  readonly cluster: IEksCluster;
  /** One bucket per component purpose. */
  readonly buckets: ILgtmBuckets;
  /**
   * One IAM role per backend, each bound to that backend's service account: a backend runs as
   * `roles.<component>.serviceAccount` in `roles.<component>.namespace`.
   */
  readonly roles: Readonly<Record<LgtmComponent, IWorkloadRole>>;
  /**
   * The AWS Load Balancer Controller's role (kube-system/aws-load-balancer-controller).
   * @default - none: the controller is not installed by this library (the cluster already runs one)
   */
  readonly loadBalancerControllerRole?: IWorkloadRole;
  /** Grafana's PostgreSQL database. */
  readonly grafanaDatabase: IGrafanaDatabase;
  /** Grafana's session store. */
  readonly sessionStore: ISessionStore;
  /**
   * A managed memcached for the backends' query caches.
   * @default - none: the charts' in-cluster memcached
   */
  readonly memcached?: MemcachedEndpoint;
  /**
   * Grafana's own pod security group, the only one the database and session store admit:
   * `LgtmObservability` gives it to Grafana's pods with a SecurityGroupPolicy before they start.
   * @default - none: the data stores admit what the platform allowed (the cluster security group)
   */
  readonly grafanaPodSecurityGroup?: IPodSecurityGroup;
}
