import { SECONDS_PER_DAY } from './capacity-figures';
import { CostComponent, CostInput, DAYS_PER_MONTH } from './cost';
import { SYSTEM_DEPLOYMENTS, SYSTEM_PER_NODE } from './node-plan';
import { StackSizing, backendTotals } from './size-for';

/** What the platform bills besides the nodes: read from a synthesized platform stack or given. */
export interface PlatformCostFacts {
  /** AWS region. */
  readonly region: string;
  /** Nodes: instance type, count, root volume per node in GiB. */
  readonly nodes: { readonly instanceType: string; readonly count: number; readonly rootVolumeGib: number };
  /** Grafana's database. */
  readonly database?: { readonly instanceClass: string; readonly multiAz: boolean; readonly storageGib: number };
  /** ElastiCache clusters. */
  readonly caches: readonly { readonly name: string; readonly engine: string; readonly nodeType: string; readonly nodes: number }[];
  /** NAT gateways. */
  readonly natGateways: number;
  /** Secrets Manager secrets (the RDS-managed master password counts). */
  readonly secrets: number;
  /** KMS customer managed keys. */
  readonly kmsKeys: number;
}

/** GB a month through NAT when nothing better is known (U, sizing.md §6: 100 GB). */
export const DEFAULT_NAT_GB_PER_MONTH = 100;
/** Average S3 object a backend writes: Loki's chunk_target_size, 1.5 MB, taken for every backend (U). */
export const S3_OBJECT_BYTES = 1.5e6;
/** GETs per PUT: queries and compactions read objects more often than they are written (U, our assumption). */
export const S3_GETS_PER_PUT = 10;
/** Root volume of a node when the launch template does not say, GiB (U, sizing.md §6: 50). */
export const DEFAULT_ROOT_VOLUME_GIB = 50;

/**
 * The cost input of a sized stack on a platform: compute shared out by CPU requests, volumes and S3
 * bytes per backend, S3 requests and inter-AZ traffic from the bytes written a month (each backend's
 * stored bytes per day, replicated RF - 1 times across zones; U: the wire format is not published).
 */
export function costInputForSizing(sizing: StackSizing, platform: PlatformCostFacts): CostInput {
  const backends = { mimir: sizing.mimir, loki: sizing.loki, tempo: sizing.tempo, pyroscope: sizing.pyroscope };
  const components: Record<string, CostComponent> = {};
  let writtenPerMonth = 0;
  let replicatedPerMonth = 0;
  for (const [name, b] of Object.entries(backends)) {
    const t = backendTotals(b);
    components[name] = { cpuMillis: t.cpuMillis, volumesGib: t.volumesGib, s3Bytes: b.s3Bytes };
    const perMonth = (b.s3Bytes / b.retentionDays) * DAYS_PER_MONTH;
    writtenPerMonth += perMonth;
    replicatedPerMonth += perMonth * (b.replicationFactor - 1);
  }
  components.grafana = { cpuMillis: sizing.grafana.replicas * sizing.grafana.cpuMillis, volumesGib: 0, s3Bytes: 0 };
  components.system = {
    cpuMillis: platform.nodes.count * (sizing.collectorPerNode.cpuMillis + SYSTEM_PER_NODE.cpuMillis) + SYSTEM_DEPLOYMENTS.cpuMillis,
    volumesGib: 0, s3Bytes: 0,
  };
  const puts = writtenPerMonth / S3_OBJECT_BYTES;
  return {
    region: platform.region,
    nodes: platform.nodes,
    components,
    database: platform.database,
    caches: platform.caches,
    natGateways: platform.natGateways,
    natGbPerMonth: DEFAULT_NAT_GB_PER_MONTH,
    interAzGbPerMonth: replicatedPerMonth / 1e9,
    s3PutsPerMonth: puts,
    s3GetsPerMonth: puts * S3_GETS_PER_PUT,
    secrets: platform.secrets,
    kmsKeys: platform.kmsKeys,
  };
}

/** Seconds per day, re-exported for callers that derive daily rates. */
export { SECONDS_PER_DAY };
