import { IEksCluster } from '../../aws/i-eks-cluster';

/** The node label every managed node carries with its availability zone. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * One zone of a zone-aware component (ingesters, store-gateways), pinned to one availability
 * zone of the cluster's network: the charts' `zoneAwareReplication.zones` entries.
 */
export interface ReplicationZone {
  /** Zone name in the chart (`zone-a`, ...), part of the StatefulSet names. */
  readonly name: string;
  /** The availability zone its pods are scheduled into. */
  readonly availabilityZone: string;
  /** Node selector that pins the zone's pods to that availability zone. */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/**
 * The replication zones of a zone-aware component: one per availability zone of the cluster, in
 * order, at most `count` (the replication factor: more zones than copies buys nothing).
 */
export function replicationZones(cluster: IEksCluster, count: number): ReplicationZone[] {
  return cluster.network.availabilityZones.slice(0, count).map((az, i) => ({
    name: `zone-${String.fromCharCode(97 + i)}`,
    availabilityZone: az,
    nodeSelector: { [ZONE_LABEL]: az },
  }));
}
