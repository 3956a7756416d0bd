/**
 * The published capacity figures sizing reads, each beside its source. Marks as in
 * ../shared/reference/sizing.md: P = read in the primary source, S = secondary, U = unverified or
 * our assumption. Sources:
 * [M1] grafana/mimir docs/sources/mimir/manage/run-production-environment/planning-capacity.md
 * [M2] grafana/mimir operations/helm/charts/mimir-distributed/small.yaml
 * [L1] grafana/loki docs/sources/setup/size/_index.md (grafana.com/docs/loki/latest/setup/size)
 * [L2] grafana/loki PR #1411 (2019-12-12), PR #4645 (2021-11-04): compression of Loki's test file
 * [T1] grafana.com/docs/tempo/latest/setup/size (Tempo 2.x)
 * [P1] grafana/pyroscope operations/pyroscope/helm/pyroscope/values-micro-services.yaml
 */

/** Mimir: 1 core and 1 GB per distributor per 25,000 samples/s (P, M1). Mimir's figures are in GB (10^9 bytes); the charts' (M2, L1) in GiB. */
export const MIMIR_DISTRIBUTOR_SAMPLES_PER_CORE = 25_000;
/** Mimir: 1 core, 2.5 GB and 5 GB of disk per 300,000 in-memory series (active x RF) on ingesters (P, M1). */
export const MIMIR_INGESTER_SERIES_PER_UNIT = 300_000;
/** Mimir: ingester memory per MIMIR_INGESTER_SERIES_PER_UNIT series, in GB (P, M1). */
export const MIMIR_INGESTER_GB_PER_UNIT = 2.5;
/** Mimir: ingester disk per MIMIR_INGESTER_SERIES_PER_UNIT series, in GB (P, M1). */
export const MIMIR_INGESTER_DISK_GB_PER_UNIT = 5;
/** Mimir: 1 core and 1 GB per 250 queries/s on query-frontends (P, M1). */
export const MIMIR_QUERY_FRONTEND_QPS_PER_CORE = 250;
/** Mimir: 1 core and 100 MB per 500 queries/s on query-schedulers (P, M1). */
export const MIMIR_QUERY_SCHEDULER_QPS_PER_CORE = 500;
/** Mimir: 1 core and 1 GB per 10 queries/s on queriers (P, M1); the ruler in internal mode the same (P, M1). */
export const MIMIR_QUERIER_QPS_PER_CORE = 10;
/** Mimir: 1 core and 1 GB per 10 queries/s on store-gateways (P, M1). */
export const MIMIR_STORE_GATEWAY_QPS_PER_CORE = 10;
/** Mimir: one compactor (1 core, 4 GB, 300 GB disk) per 20M active series (P, M1). */
export const MIMIR_COMPACTOR_SERIES = 20_000_000;
/** Mimir: a compactor's CPU in cores, memory and disk in GB (P, M1). */
export const MIMIR_COMPACTOR = { cores: 1, memoryGb: 4, diskGb: 300 } as const;
/** Mimir: bytes per sample of compacted blocks in S3, index and chunks (P, M1: "2 bytes/sample"). */
export const MIMIR_BYTES_PER_SAMPLE = 2;
/** Mimir: a store-gateway's index-header is 0.10% of the blocks it serves (P, M1); with RF 3, 1 y at 15 s: 13 GB per 1M series. */
export const MIMIR_INDEX_HEADER_FRACTION = 0.001;
/** Mimir: add 50% to memory and disk for peaks (P, M1); written as the memory limit and onto volumes. */
export const PEAK_FACTOR = 1.5;
/** Queries per second when a load does not say: small.yaml's ~5 qps for ~1M series (P, M2). Alertmanager load (P, M1: per notification/s) is not modelled. */
export const DEFAULT_QUERIES_PER_SECOND = 5;
/** Mimir chart: a memcached pod requests 1.2 x its allocatedMemory (P, chart values.yaml comment, via sizing.md §1). */
export const MEMCACHED_REQUEST_FACTOR = 1.2;

/**
 * Loki: p90 requests per pod and pods of the smallest row (< 3 TB/day) of Loki's sizing table (P, L1).
 * Sizing scales these totals linearly with the log volume (below 3 TB/day: U, sizing.md §6 "L1 scaled down").
 */
export const LOKI_ROW_TB_PER_DAY = 3;
/** Loki: the < 3 TB/day row, per pod CPU (cores) and memory (GiB), and pods (P, L1). */
export const LOKI_SMALL_ROW = {
  ingester: { cores: 2, memoryGib: 4, pods: 6 },
  distributor: { cores: 2, memoryGib: 0.5, pods: 4 },
  indexGateway: { cores: 0.5, memoryGib: 2, pods: 4 },
  querier: { cores: 1, memoryGib: 1, pods: 10 },
  queryFrontend: { cores: 1, memoryGib: 2, pods: 2 },
  queryScheduler: { cores: 1, memoryGib: 0.5, pods: 2 },
  compactor: { cores: 2, memoryGib: 10, pods: 1 },
} as const;
/** Loki: monolithic mode fits up to about 20 GB/day (P, grafana.com/docs/loki/latest/get-started/deployment-modes). */
export const LOKI_MONOLITHIC_MAX_GB_PER_DAY = 20;
/**
 * Loki: stored bytes are the raw log volume divided by this. Loki's own test file compresses 10-18x
 * (P, L2); production ratios are lower, so 5x (U, sizing.md §6 "Loki 600 GB (30 d, 5x)").
 */
export const LOKI_COMPRESSION_RATIO = 5;

/** Tempo: bytes of a span on the wire; not published (U, sizing.md §3: 1 KB/span). */
export const TEMPO_BYTES_PER_SPAN_INGESTED = 1000;
/** Tempo: bytes of a span stored in S3 (parquet); not published (U, sizing.md §3: ~0.3 KB/span). */
export const TEMPO_BYTES_PER_SPAN_STORED = 300;
/** Tempo: MB/s one pod takes (P, T1; the ranges' low end, 3 of 3-5 and 1 of 1-2, to be safe). */
export const TEMPO_MB_PER_SECOND_PER_POD = { distributor: 10, ingester: 3, querier: 1, compactor: 3 } as const;
/**
 * Tempo: CPU (cores) and memory (GB) per pod; memory the low end of 4-20 GB. Distributor and ingester
 * (P, T1). Compactor: the row is Tempo 3.0's (T2), assumed the same in 2.x (U, sizing.md §3).
 */
export const TEMPO_POD = {
  distributor: { cores: 2, memoryGb: 2 },
  ingester: { cores: 2.5, memoryGb: 4 },
  compactor: { cores: 1, memoryGb: 4 },
} as const;

/** Pyroscope: no per-load sizing is published (U, sizing.md §4); the tier layouts (P1) stand. Bytes per stored profile: our assumption (U). */
export const PYROSCOPE_BYTES_PER_PROFILE_STORED = 20_000;

/** The smallest pod sizing ever writes: enough for a Go process to start (U, our assumption). */
export const MIN_POD = { cpuMillis: 100, memoryMib: 128 } as const;

/** Node packing: requests fill at most 80% of a node's allocatable CPU and memory (U, sizing.md §6 "80% packing"). */
export const NODE_PACKING = 0.8;

/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;
