import { Tier, isTier, TIERS } from '../config/tier';
import { LOKI_TIERS, LokiComponent } from '../backends/loki-values';
import { MIMIR_TIER_LAYOUTS, MimirComponent } from '../backends/mimir-values';
import { PYROSCOPE_TIERS, PyroscopeComponent } from '../backends/pyroscope-values';
import { TEMPO_TIERS, TempoWorkload } from '../backends/tempo-values';
import { ALLOY_TIERS } from '../collector/alloy-values';
import { GRAFANA_TIER_LAYOUTS } from '../grafana/grafana-values';
import { check, show } from '../private/validate';
import * as F from './capacity-figures';
import { LoadProfile, ResolvedLoad, resolveLoad } from './load-profile';
import { MIB_PER_GB, cpuMillis, memoryMib } from './quantity';

/** The size of one workload: pods, and what each pod requests. */
export interface ComponentSizing {
  /** Pods (zone-aware workloads: in total over their zones). */
  readonly replicas: number;
  /** CPU request per pod, in millicores. */
  readonly cpuMillis: number;
  /** Memory request per pod, in MiB. */
  readonly memoryMib: number;
  /** Memory limit per pod, in MiB: the request plus Mimir's 50% for peaks (M1). */
  readonly memoryLimitMib: number;
  /** Persistent volume per pod, in GiB; undefined when the workload has none. */
  readonly volumeGib?: number;
  /** Which figure sized it: `load` (a published figure, see capacity-figures.ts) or `tier` (the tier's layout). */
  readonly basis: 'load' | 'tier';
}

/** The size of one memcached cache of a chart. */
export interface CacheSizing {
  /** memcached pods. */
  readonly replicas: number;
  /** Memory for items per pod, in MB (the charts' `allocatedMemory`). */
  readonly allocatedMb: number;
  /** Memory request per pod, in MiB (1.2 x allocatedMemory, the chart's rule). */
  readonly memoryMib: number;
  /** CPU request per pod, in millicores. */
  readonly cpuMillis: number;
}

/** The size of one backend: its workloads, its caches and what it keeps in S3. */
export interface BackendSizing<C extends string> {
  /** Every workload the tier runs. */
  readonly components: Readonly<Partial<Record<C, ComponentSizing>>>;
  /** The chart's memcached caches (the tier's; no per-load figure is published, M1 says to scale on evictions). */
  readonly caches: Readonly<Record<string, CacheSizing>>;
  /** Days kept. */
  readonly retentionDays: number;
  /** Bytes in S3 at the end of the retention (one copy: compactors deduplicate replicas). */
  readonly s3Bytes: number;
  /** Copies of every write the ingesters keep. */
  readonly replicationFactor: number;
}

/** What `sizeFor` gives: every backend sized, Grafana and the collector, and the totals. */
export interface StackSizing {
  /** The tier sized for. */
  readonly tier: Tier;
  /** The load, validated, with its rates. */
  readonly load: ResolvedLoad;
  /** Metrics. */
  readonly mimir: BackendSizing<MimirComponent>;
  /** Logs. */
  readonly loki: BackendSizing<LokiComponent>;
  /** Traces. */
  readonly tempo: BackendSizing<TempoWorkload>;
  /** Profiles. */
  readonly pyroscope: BackendSizing<PyroscopeComponent>;
  /** Grafana (its tier layout: its load is people, not telemetry). */
  readonly grafana: ComponentSizing;
  /** The collector: one pod per node (a DaemonSet), so counted per node by `planNodes`. */
  readonly collectorPerNode: ComponentSizing;
  /** Requests of every Deployment and StatefulSet (not the collector), in millicores and MiB. */
  readonly requests: { readonly cpuMillis: number; readonly memoryMib: number };
  /** Persistent volumes in all, in GiB. */
  readonly volumesGib: number;
  /** S3 bytes of all backends at the end of their retention. */
  readonly s3Bytes: number;
  /** What a reader should know: the load exceeds what the tier's layout can do. */
  readonly warnings: readonly string[];
}

/** What a workload needs in all, from a published figure. */
interface Need {
  readonly cores: number;
  readonly memoryGb: number;
  /** Disk in all, GB, before the 50% for peaks. */
  readonly diskGb?: number;
}

/** How one workload is sized. */
interface Spec {
  /** The tier layout's size: its replicas are the HA minimum; the rest applies without a `need`. */
  readonly floor: { readonly replicas: number; readonly cpu: string; readonly memory: string; readonly memoryLimit?: string; readonly volume?: string };
  /** What the load needs; undefined: no published figure, the tier layout stands. */
  readonly need?: Need;
  /** Largest pod, from the source's own pod sizes; replicas grow beyond it. */
  readonly cap?: { readonly cores: number; readonly memoryGb: number };
  /**
   * Largest volume per pod, in GB before the 50% for peaks, from the source's per-pod figure (M1:
   * 300 GB a compactor; an ingester's disk at its CPU cap). More disk than this adds pods instead of
   * growing every pod's volume; undefined: the volume holds the whole need over the HA minimum.
   */
  readonly diskCapGb?: number;
  /** Replicas never below this (the replication factor). */
  readonly minReplicas?: number;
  /** Replicas a multiple of this (zone-aware workloads: one per zone). */
  readonly multipleOf?: number;
  /** Keep the tier's replicas (single binaries): the pod grows instead. */
  readonly fixedReplicas?: boolean;
}

// Largest pod where the source gives none (U, our assumption: a quarter of an 8xlarge node).
const DEFAULT_CAP = { cores: 4, memoryGb: 16 };
const CPU_STEP = 50;
const MEMORY_STEP = 64;
/** GB (10^9 bytes) in `n` GiB. */
const gib = (n: number) => (n * 1024) / MIB_PER_GB;
const up = (value: number, step: number) => Math.ceil(value / step - 1e-9) * step;

/**
 * One workload's size. Every step is a non-decreasing function of the need (max, ceil, clamp), so
 * more load never gives fewer pods, smaller requests or smaller volumes: per-pod requests grow up to
 * the cap while the pods stay at the HA minimum, then the pods grow at the cap.
 */
function sizeWorkload(spec: Spec): ComponentSizing {
  const { floor, need } = spec;
  const multiple = Math.max(1, spec.multipleOf ?? 1);
  const ha = up(Math.max(floor.replicas, spec.minReplicas ?? 1), multiple);
  const floorVolume = floor.volume === undefined ? undefined : Math.ceil(memoryMib(floor.volume) / 1024);
  if (need === undefined) {
    const memory = memoryMib(floor.memory);
    return {
      replicas: ha, cpuMillis: cpuMillis(floor.cpu), memoryMib: memory,
      memoryLimitMib: floor.memoryLimit === undefined ? up(memory * F.PEAK_FACTOR, MEMORY_STEP) : memoryMib(floor.memoryLimit),
      ...(floorVolume === undefined ? {} : { volumeGib: floorVolume }),
      basis: 'tier',
    };
  }
  const cap = spec.fixedReplicas ? { cores: Infinity, memoryGb: Infinity } : spec.cap ?? DEFAULT_CAP;
  const cpuNeed = need.cores * 1000;
  const memNeed = need.memoryGb * MIB_PER_GB;
  // Disk in all (GiB, with the 50% for peaks) and the largest volume of one pod (never below the tier's volume).
  const diskTotalGib = need.diskGb === undefined ? undefined : (need.diskGb * F.PEAK_FACTOR * 1e9) / 2 ** 30;
  const diskCapGib = spec.fixedReplicas || spec.diskCapGb === undefined ? Infinity : Math.max(floorVolume ?? 0, Math.ceil((spec.diskCapGb * F.PEAK_FACTOR * 1e9) / 2 ** 30 - 1e-9));
  const byDisk = diskTotalGib === undefined || diskCapGib === Infinity ? 0 : Math.ceil(diskTotalGib / diskCapGib - 1e-9);
  const replicas = spec.fixedReplicas ? ha : up(Math.max(ha, Math.ceil(cpuNeed / (cap.cores * 1000) - 1e-9), Math.ceil(memNeed / (cap.memoryGb * MIB_PER_GB) - 1e-9), byDisk), multiple);
  const perPod = (total: number, min: number, max: number, step: number) => up(Math.min(Math.max(total / ha, min), max), step);
  const cpu = perPod(cpuNeed, F.MIN_POD.cpuMillis, cap.cores * 1000, CPU_STEP);
  const memory = perPod(memNeed, F.MIN_POD.memoryMib, cap.memoryGb * MIB_PER_GB, MEMORY_STEP);
  // Each pod's volume grows with the need up to the cap, then the pods grow (replicas x volume >= the need).
  const diskGib = diskTotalGib === undefined ? undefined : Math.ceil(Math.min(diskTotalGib / ha, diskCapGib) - 1e-9);
  const volume = floorVolume === undefined && diskGib === undefined ? undefined : Math.max(floorVolume ?? 0, diskGib ?? 0);
  return {
    replicas, cpuMillis: cpu, memoryMib: memory, memoryLimitMib: up(memory * F.PEAK_FACTOR, MEMORY_STEP),
    ...(volume === undefined ? {} : { volumeGib: volume }),
    basis: 'load',
  };
}

function sizeAll<C extends string>(specs: Partial<Record<C, Spec>>): Partial<Record<C, ComponentSizing>> {
  return Object.fromEntries(Object.entries(specs).map(([c, s]) => [c, sizeWorkload(s as Spec)])) as Partial<Record<C, ComponentSizing>>;
}

const sum = (...needs: (Need | undefined)[]): Need => ({
  cores: needs.reduce((a, n) => a + (n?.cores ?? 0), 0),
  memoryGb: needs.reduce((a, n) => a + (n?.memoryGb ?? 0), 0),
  diskGb: needs.some((n) => n?.diskGb !== undefined) ? needs.reduce((a, n) => a + (n?.diskGb ?? 0), 0) : undefined,
});

function mimirSizing(load: ResolvedLoad, tier: Tier): BackendSizing<MimirComponent> {
  const layout = MIMIR_TIER_LAYOUTS[tier];
  const rf = tier === 'monolithic' ? 1 : 3;
  const zones = rf > 1 ? rf : 1;
  const retention = load.retentionDays.metrics;
  // M1: one copy of 2 bytes per sample after the compactor's deduplication.
  const s3Bytes = load.samplesPerSecond * retention * F.SECONDS_PER_DAY * F.MIMIR_BYTES_PER_SAMPLE;
  const inMemorySeries = load.activeSeries * rf;
  const qps = load.queriesPerSecond;
  const floor = (c: MimirComponent) => ({ replicas: layout.replicas[c], ...layout.requests[c], volume: (layout.volumes as Record<string, string>)[c] });
  // small.yaml's pods (M2) are the largest pod of each component: more load adds pods, as in large.yaml.
  const cap = (cores: number, memoryGib: number) => ({ cores, memoryGb: gib(memoryGib) });
  const querier: Need = { cores: qps / F.MIMIR_QUERIER_QPS_PER_CORE, memoryGb: qps / F.MIMIR_QUERIER_QPS_PER_CORE };
  const compactors = Math.ceil(load.activeSeries / F.MIMIR_COMPACTOR_SERIES);
  const specs: Partial<Record<MimirComponent, Spec>> = {
    distributor: { floor: floor('distributor'), cap: cap(2, 4), need: { cores: load.samplesPerSecond / F.MIMIR_DISTRIBUTOR_SAMPLES_PER_CORE, memoryGb: load.samplesPerSecond / F.MIMIR_DISTRIBUTOR_SAMPLES_PER_CORE } },
    ingester: {
      // M1: 5 GB of disk per core's worth (300k in-memory series), so a pod at the 3.5-core cap needs 3.5 x 5 GB.
      floor: floor('ingester'), cap: cap(3.5, 8), diskCapGb: 3.5 * F.MIMIR_INGESTER_DISK_GB_PER_UNIT, minReplicas: rf, multipleOf: zones,
      need: {
        cores: inMemorySeries / F.MIMIR_INGESTER_SERIES_PER_UNIT,
        memoryGb: (inMemorySeries / F.MIMIR_INGESTER_SERIES_PER_UNIT) * F.MIMIR_INGESTER_GB_PER_UNIT,
        diskGb: (inMemorySeries / F.MIMIR_INGESTER_SERIES_PER_UNIT) * F.MIMIR_INGESTER_DISK_GB_PER_UNIT,
      },
    },
    querier: { floor: floor('querier'), cap: cap(2, 4), need: querier },
    queryFrontend: { floor: floor('queryFrontend'), cap: cap(2, 2), need: { cores: qps / F.MIMIR_QUERY_FRONTEND_QPS_PER_CORE, memoryGb: qps / F.MIMIR_QUERY_FRONTEND_QPS_PER_CORE } },
    queryScheduler: { floor: floor('queryScheduler'), need: { cores: qps / F.MIMIR_QUERY_SCHEDULER_QPS_PER_CORE, memoryGb: (qps / F.MIMIR_QUERY_SCHEDULER_QPS_PER_CORE) * 0.1 } },
    storeGateway: {
      floor: floor('storeGateway'), cap: cap(1, 1.5), multipleOf: zones,
      // M1: index-headers are 0.1% of the blocks, kept on every store-gateway replica (RF).
      need: { cores: qps / F.MIMIR_STORE_GATEWAY_QPS_PER_CORE, memoryGb: qps / F.MIMIR_STORE_GATEWAY_QPS_PER_CORE, diskGb: (s3Bytes / 1e9) * F.MIMIR_INDEX_HEADER_FRACTION * rf },
    },
    compactor: {
      floor: floor('compactor'), cap: { cores: F.MIMIR_COMPACTOR.cores, memoryGb: F.MIMIR_COMPACTOR.memoryGb }, diskCapGb: F.MIMIR_COMPACTOR.diskGb,
      // M1's 300 GB scratch is for a compactor of 20M series; a smaller load needs that share of it.
      need: { cores: compactors * F.MIMIR_COMPACTOR.cores, memoryGb: compactors * F.MIMIR_COMPACTOR.memoryGb, diskGb: F.MIMIR_COMPACTOR.diskGb * (load.activeSeries / F.MIMIR_COMPACTOR_SERIES) },
    },
    ruler: { floor: floor('ruler'), cap: cap(1, 2), need: querier },
    // No alert load is modelled (M1 sizes Alertmanager by notifications/s and firing alerts): the smallest pod.
    alertmanager: { floor: floor('alertmanager'), need: { cores: 0, memoryGb: 0 } },
    gateway: { floor: floor('gateway') },
  };
  return { components: sizeAll(specs), caches: caches(layout.caches), retentionDays: retention, s3Bytes, replicationFactor: rf };
}

function caches(table: Readonly<Record<string, { readonly replicas: number; readonly allocatedMemory?: number; readonly allocatedMemoryMb?: number; readonly memoryMb?: number }>> | undefined): Record<string, CacheSizing> {
  return Object.fromEntries(Object.entries(table ?? {}).map(([name, c]) => {
    const allocatedMb = c.allocatedMemory ?? c.allocatedMemoryMb ?? c.memoryMb ?? 0;
    return [name, { replicas: c.replicas, allocatedMb, memoryMib: Math.ceil(allocatedMb * F.MEMCACHED_REQUEST_FACTOR), cpuMillis: F.MIN_POD.cpuMillis }];
  }));
}

function lokiSizing(load: ResolvedLoad, tier: Tier, warnings: string[]): BackendSizing<LokiComponent> {
  const layout = LOKI_TIERS[tier];
  const rf = tier === 'monolithic' ? 1 : 3;
  const retention = load.retentionDays.logs;
  const share = load.logsGbPerDay / 1000 / F.LOKI_ROW_TB_PER_DAY;
  const row = (c: keyof typeof F.LOKI_SMALL_ROW): Need => {
    const r = F.LOKI_SMALL_ROW[c];
    return { cores: r.cores * r.pods * share, memoryGb: gib(r.memoryGib * r.pods * share) };
  };
  const rowCap = (c: keyof typeof F.LOKI_SMALL_ROW) => ({ cores: F.LOKI_SMALL_ROW[c].cores, memoryGb: gib(F.LOKI_SMALL_ROW[c].memoryGib) });
  const floor = (c: LokiComponent) => layout.components[c]!;
  const needs: Partial<Record<LokiComponent, Need>> = {
    distributor: row('distributor'), ingester: row('ingester'), querier: row('querier'), queryFrontend: row('queryFrontend'),
    queryScheduler: row('queryScheduler'), indexGateway: row('indexGateway'), compactor: row('compactor'),
  };
  const caps: Partial<Record<LokiComponent, Spec['cap']>> = {
    distributor: rowCap('distributor'), ingester: rowCap('ingester'), querier: rowCap('querier'), queryFrontend: rowCap('queryFrontend'),
    queryScheduler: rowCap('queryScheduler'), indexGateway: rowCap('indexGateway'), compactor: rowCap('compactor'),
    // The simple-scalable targets bundle components: their largest pod is their largest member's.
    write: rowCap('ingester'), read: rowCap('querier'), backend: rowCap('compactor'),
  };
  // The targets of simple-scalable and the single binary run several components: their needs add up.
  needs.write = sum(needs.distributor, needs.ingester);
  needs.read = sum(needs.querier, needs.queryFrontend);
  needs.backend = sum(needs.compactor, needs.indexGateway, needs.queryScheduler);
  needs.singleBinary = sum(needs.write, needs.read, needs.backend);
  if (tier === 'monolithic' && load.logsGbPerDay > F.LOKI_MONOLITHIC_MAX_GB_PER_DAY) {
    warnings.push(`loki: ${load.logsGbPerDay} GB/day of logs is more than the ~${F.LOKI_MONOLITHIC_MAX_GB_PER_DAY} GB/day Loki's monolithic mode fits (Loki deployment-modes docs); use simple-scalable or microservices`);
  }
  const specs = Object.fromEntries(Object.keys(layout.components).map((c) => {
    const component = c as LokiComponent;
    const zoneAware = rf > 1 && (component === 'ingester' || component === 'write');
    return [component, {
      floor: floor(component), need: component === 'gateway' || component === 'ruler' ? undefined : needs[component], cap: caps[component],
      minReplicas: zoneAware ? rf : undefined, multipleOf: zoneAware ? rf : undefined, fixedReplicas: component === 'singleBinary',
    } satisfies Spec];
  })) as Partial<Record<LokiComponent, Spec>>;
  const s3Bytes = (load.logsGbPerDay * 1e9 * retention) / F.LOKI_COMPRESSION_RATIO;
  const table = layout.caches ? { chunks: layout.caches.chunks, results: layout.caches.results } : undefined;
  return { components: sizeAll(specs), caches: caches(table), retentionDays: retention, s3Bytes, replicationFactor: rf };
}

function tempoSizing(load: ResolvedLoad, tier: Tier, warnings: string[]): BackendSizing<TempoWorkload> {
  const layout = TEMPO_TIERS[tier];
  const rf = tier === 'monolithic' ? 1 : 3;
  const retention = load.retentionDays.traces;
  const mbps = (load.spansPerSecond * F.TEMPO_BYTES_PER_SPAN_INGESTED) / 1e6;
  const pods = (c: keyof typeof F.TEMPO_MB_PER_SECOND_PER_POD) => mbps / F.TEMPO_MB_PER_SECOND_PER_POD[c];
  const needs: Partial<Record<TempoWorkload, Need>> = {
    distributor: { cores: pods('distributor') * F.TEMPO_POD.distributor.cores, memoryGb: pods('distributor') * F.TEMPO_POD.distributor.memoryGb },
    ingester: { cores: pods('ingester') * F.TEMPO_POD.ingester.cores, memoryGb: pods('ingester') * F.TEMPO_POD.ingester.memoryGb },
    // T1: queriers take "by query" CPU: 1 core each (U) and 4 GB (T1, low end).
    querier: { cores: pods('querier'), memoryGb: pods('querier') * 4 },
    compactor: { cores: pods('compactor') * F.TEMPO_POD.compactor.cores, memoryGb: pods('compactor') * F.TEMPO_POD.compactor.memoryGb },
  };
  needs.singleBinary = sum(needs.distributor, needs.ingester, needs.querier, needs.compactor);
  const caps: Partial<Record<TempoWorkload, Spec['cap']>> = { ...F.TEMPO_POD, querier: { cores: 1, memoryGb: 4 } };
  if (tier === 'monolithic' && mbps > F.TEMPO_MB_PER_SECOND_PER_POD.ingester) {
    warnings.push(`tempo: ${mbps.toFixed(2)} MB/s of spans is more than one ingester takes (${F.TEMPO_MB_PER_SECOND_PER_POD.ingester} MB/s, Tempo sizing docs); use simple-scalable or microservices`);
  }
  const specs = Object.fromEntries(Object.entries(layout.workloads).map(([c, size]) => {
    const w = c as TempoWorkload;
    const zoneAware = rf > 1 && w === 'ingester';
    return [w, { floor: size!, need: needs[w], cap: caps[w], minReplicas: zoneAware ? rf : undefined, multipleOf: zoneAware ? rf : undefined, fixedReplicas: w === 'singleBinary' } satisfies Spec];
  })) as Partial<Record<TempoWorkload, Spec>>;
  const s3Bytes = load.spansPerDay * retention * F.TEMPO_BYTES_PER_SPAN_STORED;
  return { components: sizeAll(specs), caches: caches(layout.cache ? { cache: layout.cache } : undefined), retentionDays: retention, s3Bytes, replicationFactor: rf };
}

function pyroscopeSizing(load: ResolvedLoad, tier: Tier): BackendSizing<PyroscopeComponent> {
  const layout = PYROSCOPE_TIERS[tier];
  const rf = tier === 'monolithic' ? 1 : 3;
  const retention = load.retentionDays.profiles;
  // No per-load figure is published (sizing.md §4): the tier's layout (P1 for microservices) stands.
  const specs = Object.fromEntries(Object.entries(layout.components).map(([c, size]) => [c, { floor: size! } satisfies Spec])) as Partial<Record<PyroscopeComponent, Spec>>;
  const s3Bytes = load.profilesPerSecond * retention * F.SECONDS_PER_DAY * F.PYROSCOPE_BYTES_PER_PROFILE_STORED;
  return { components: sizeAll(specs), caches: {}, retentionDays: retention, s3Bytes, replicationFactor: rf };
}

/** Requests of every pod of a backend (workloads and caches), in millicores and MiB, and its volumes in GiB. */
export function backendTotals(backend: BackendSizing<string>): { cpuMillis: number; memoryMib: number; volumesGib: number } {
  const workloads = Object.values(backend.components) as ComponentSizing[];
  const cacheList = Object.values(backend.caches);
  return {
    cpuMillis: workloads.reduce((a, w) => a + w.replicas * w.cpuMillis, 0) + cacheList.reduce((a, c) => a + c.replicas * c.cpuMillis, 0),
    memoryMib: workloads.reduce((a, w) => a + w.replicas * w.memoryMib, 0) + cacheList.reduce((a, c) => a + c.replicas * c.memoryMib, 0),
    volumesGib: workloads.reduce((a, w) => a + w.replicas * (w.volumeGib ?? 0), 0),
  };
}

/**
 * Sizes every backend of `tier` for `profile`: per workload its replicas, CPU and memory requests,
 * memory limit and volume; the caches; S3 bytes at the end of each retention. Workloads with a
 * published figure (capacity-figures.ts) are sized from the load; the others keep the tier's
 * layout. Replicas never drop below the tier's layout (its HA minimums) or the replication factor,
 * and more of any load never gives a smaller size. Throws on a bad load, naming the field.
 */
export function sizeFor(profile: LoadProfile, tier: Tier): StackSizing {
  check('sizeFor', [{ when: !isTier(tier), message: `tier is ${show(tier)}, but allowed tiers are ${TIERS.join(', ')}` }]);
  const load = resolveLoad(profile, 'sizeFor: LoadProfile');
  const warnings: string[] = [];
  const mimir = mimirSizing(load, tier);
  const loki = lokiSizing(load, tier, warnings);
  const tempo = tempoSizing(load, tier, warnings);
  const pyroscope = pyroscopeSizing(load, tier);
  const g = GRAFANA_TIER_LAYOUTS[tier];
  const grafana = sizeWorkload({ floor: { replicas: g.replicas, ...g.resources } });
  const alloy = ALLOY_TIERS[tier].resources;
  const collectorPerNode = sizeWorkload({ floor: { replicas: 1, ...alloy.requests, memoryLimit: alloy.limits.memory } });
  const totals = [mimir, loki, tempo, pyroscope].map((b) => backendTotals(b));
  return {
    tier, load, mimir, loki, tempo, pyroscope, grafana, collectorPerNode,
    requests: {
      cpuMillis: totals.reduce((a, t) => a + t.cpuMillis, 0) + grafana.replicas * grafana.cpuMillis,
      memoryMib: totals.reduce((a, t) => a + t.memoryMib, 0) + grafana.replicas * grafana.memoryMib,
    },
    volumesGib: totals.reduce((a, t) => a + t.volumesGib, 0),
    s3Bytes: mimir.s3Bytes + loki.s3Bytes + tempo.s3Bytes + pyroscope.s3Bytes,
    warnings,
  };
}
