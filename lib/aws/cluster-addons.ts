import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { IEksCluster } from './i-eks-cluster';
import { LoadBalancerController, LoadBalancerControllerOptions } from './load-balancer-controller';
import { DNS_SUBDOMAIN, check, known } from '../private/validate';

/** What happens to an EBS volume when its PersistentVolumeClaim is deleted. */
export type VolumeReclaimPolicy =
  /** The volume is deleted with the claim. */
  | 'Delete'
  /** The volume is kept (and billed) until someone deletes it: a deleted claim loses no data. */
  | 'Retain';

/** Props of {@link ClusterAddons}. */
export interface ClusterAddonsProps {
  /** The cluster; the stack's kubernetes provider must point at it. */
  readonly cluster: IEksCluster;
  /**
   * Turns on the production defaults: volumes are retained when their claim is deleted, and the
   * load balancer controller needs at least 2 replicas.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Name of the default StorageClass.
   * @default 'gp3'
   */
  readonly storageClassName?: string;
  /**
   * Reclaim policy of the default StorageClass.
   * @default - 'Retain' when production, otherwise 'Delete'
   */
  readonly reclaimPolicy?: VolumeReclaimPolicy;
  /**
   * Installs the AWS Load Balancer Controller (needs the stack's helm provider to point at the
   * cluster) with these settings; `production` defaults to this construct's.
   * @default - not installed
   */
  readonly loadBalancerController?: LoadBalancerControllerOptions;
}


/**
 * The in-cluster pieces the backends rely on, created through the kubernetes and helm providers of
 * the stack (so it belongs in a stack whose providers point at the cluster, such as the
 * observability stack): the default StorageClass, gp3 and encrypted, for the backends' StatefulSet
 * volumes, and the AWS Load Balancer Controller that gives Ingresses and Services their ALBs and NLBs.
 *
 * EKS 1.30 and later no longer mark the `gp2` StorageClass as default, so nothing has to be
 * un-defaulted. Metrics Server is an EKS add-on of {@link EksCluster}.
 */
export class ClusterAddons extends Construct {
  /** The default StorageClass. */
  public readonly storageClass: StorageClassV1;
  /** Name of the default StorageClass, for charts' `storageClassName` values. */
  public readonly storageClassName: string;
  /**
   * The AWS Load Balancer Controller. Releases that create Services should depend on it: its
   * webhook must answer before a Service can be created.
   * @default - none when `loadBalancerController` is not given
   */
  public readonly loadBalancerController?: LoadBalancerController;
  /**
   * What a workload release should wait for (`dependsOn`): the StorageClass its volumes need and
   * the load balancer controller, whose Service webhook (failure policy Fail) must answer before
   * any Service can be created.
   */
  public readonly ready: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const name = props.storageClassName ?? 'gp3';
    const reclaimPolicy = props.reclaimPolicy ?? (props.production ? 'Retain' : 'Delete');
    check(`ClusterAddons '${this.node.path}'`, [
      { when: known(name) && !DNS_SUBDOMAIN.test(name), message: `storageClassName is '${name}', but it must be a lowercase DNS subdomain name` },
      { when: reclaimPolicy !== 'Delete' && reclaimPolicy !== 'Retain', message: `reclaimPolicy is '${reclaimPolicy}', but allowed policies are 'Delete', 'Retain'` },
    ]);

    this.storageClass = new StorageClassV1(this, 'gp3', {
      metadata: { name, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storageProvisioner: 'ebs.csi.aws.com',
      // encrypted with the account's AWS managed EBS key, which the EBS CSI role needs no grant for.
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaimPolicy,
      // Bind in the zone of the pod's node, so zone-spread StatefulSets get volumes in their zones.
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    this.storageClassName = name;
    if (props.loadBalancerController) {
      this.loadBalancerController = new LoadBalancerController(this, 'load-balancer-controller', {
        production: props.production,
        ...props.loadBalancerController,
        cluster: props.cluster,
      });
    }
    this.ready = [this.storageClass, ...(this.loadBalancerController ? [this.loadBalancerController.release.release] : [])];
  }
}
