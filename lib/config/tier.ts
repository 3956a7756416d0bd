/**
 * How each backend is laid out on the cluster.
 *
 * Where a chart has no native form of a tier, the backend construct maps it to the nearest layout
 * the chart supports and says so in its own doc comment.
 */
export type Tier =
  /** Each backend as one process (single binary / all-in-one), 1 replica: dev, tests, small prod. */
  | 'monolithic'
  /** Read, write and backend paths as separate services: mid-sized prod. */
  | 'simple-scalable'
  /** Every component as its own workload with HA replica minimums: large prod. */
  | 'microservices';

/** Every tier, in order of size. */
export const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];

/** True when `value` is one of {@link TIERS}. */
export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
