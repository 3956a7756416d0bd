import { HelmValues } from '../../helm/values';
import { RingStore } from '../backend-props';

/** The S3 endpoint of a region (China regions are under amazonaws.com.cn). */
export function s3Endpoint(region: string): string {
  return region.startsWith('cn-') ? `s3.${region}.amazonaws.com.cn` : `s3.${region}.amazonaws.com`;
}

/**
 * The `kvstore` block of a hash ring: Mimir, Loki, Tempo and Pyroscope share dskit's ring
 * configuration, so one ring store renders the same in each.
 */
export function kvstore(ring: RingStore): HelmValues {
  switch (ring.kind) {
    case 'consul': return { store: 'consul', consul: { host: ring.address } };
    case 'etcd': return { store: 'etcd', etcd: { endpoints: [...ring.endpoints] } };
    default: return { store: 'memberlist' };
  }
}
