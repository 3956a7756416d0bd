import type { ComponentBucket } from './component-bucket';

/**
 * One bucket per purpose of every backend: the set a platform provides and `ComponentIdentities`
 * and the backends take. `LgtmBuckets` implements it; build one from existing buckets with
 * `ComponentBucket.fromAttributes`.
 */
export interface ILgtmBuckets {
  /** Mimir blocks. */
  readonly mimirBlocks: ComponentBucket;
  /** Mimir ruler. */
  readonly mimirRuler: ComponentBucket;
  /** Mimir Alertmanager. */
  readonly mimirAlertmanager: ComponentBucket;
  /** Loki chunks. */
  readonly lokiChunks: ComponentBucket;
  /** Loki ruler. */
  readonly lokiRuler: ComponentBucket;
  /** Tempo traces. */
  readonly tempoTraces: ComponentBucket;
  /** Pyroscope data. */
  readonly pyroscopeData: ComponentBucket;
}

/** The key of each purpose in {@link ILgtmBuckets}. */
export type BucketKey = keyof ILgtmBuckets;
