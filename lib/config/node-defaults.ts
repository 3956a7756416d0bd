import { Tier } from './tier';

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

/** Node group sizes used when an environment does not set `nodes`. */
export const TIER_NODE_DEFAULTS: Readonly<Record<Tier, NodeGroupSize>> = {
  // At least one node per zone: node groups are per zone, and an EBS volume only attaches in its own.
  monolithic: { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 6 },
  'simple-scalable': { instanceTypes: ['m6i.2xlarge'], min: 3, desired: 3, max: 9 },
  microservices: { instanceTypes: ['m6i.4xlarge'], min: 6, desired: 6, max: 24 },
};
