import { estimateCost, formatCost } from '../../lib/sizing/cost';
import { LoadProfile } from '../../lib/sizing/load-profile';
import { planNodes } from '../../lib/sizing/node-plan';
import * as F from '../../lib/sizing/capacity-figures';
import { CostInput } from '../../lib/sizing/cost';
import { PRICES, pricesFor } from '../../lib/sizing/price-table';
import { sizeFor } from '../../lib/sizing/size-for';
import { PlatformCostFacts, costInputForSizing } from '../../lib/sizing/sizing-cost';
import { REFERENCE_LOAD } from './reference-load';

/** The reference platform of sizing.md §6: 3 NAT gateways, db.t4g.medium Multi-AZ, a small Valkey pair. */
function costOf(load: LoadProfile, region = 'us-east-1') {
  const sizing = sizeFor(load, 'microservices');
  const plan = planNodes(sizing, region);
  const platform: PlatformCostFacts = {
    region,
    nodes: { instanceType: plan.x86.instanceType, count: plan.x86.count, rootVolumeGib: 50 },
    database: { instanceClass: 'db.t4g.medium', multiAz: true, storageGib: 20 },
    caches: [{ name: 'session store', engine: 'valkey', nodeType: 'cache.t4g.small', nodes: 2 }],
    natGateways: 3, secrets: 2, kmsKeys: 1,
  };
  return { plan, estimate: estimateCost(costInputForSizing(sizing, platform)) };
}

const EMPTY: CostInput = {
  region: 'us-east-1', nodes: { instanceType: 'm6i.2xlarge', count: 0, rootVolumeGib: 50 }, components: {}, caches: [],
  natGateways: 0, natGbPerMonth: 0, interAzGbPerMonth: 0, s3PutsPerMonth: 0, s3GetsPerMonth: 0, secrets: 0, kmsKeys: 0,
};

describe('the pinned tables match the sizing fact sheet (section 5, prices)', () => {
  test('§5 prices: every number and mark as the fact sheet has it, and nothing it lacks', () => {
    const usd = (r: Record<string, { usd: number; mark: string }>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, `${v.usd} ${v.mark}`]));
    // sizing.md lines 87-92 (us-east-1: P, A1).
    expect(usd(PRICES['us-east-1'].ec2Hour)).toEqual({
      'm6i.large': '0.096 P', 'm6i.xlarge': '0.192 P', 'm6i.2xlarge': '0.384 P', 'm7i.xlarge': '0.2016 P', 'm7i.2xlarge': '0.4032 P',
      'r6i.xlarge': '0.252 P', 'r6i.2xlarge': '0.504 P', 'm6g.large': '0.077 P', 'm6g.xlarge': '0.154 P', 'm6g.2xlarge': '0.308 P',
      'm7g.large': '0.0816 P', 'm7g.xlarge': '0.1632 P', 'm7g.2xlarge': '0.3264 P', 'r6g.xlarge': '0.2016 P', 'r7g.xlarge': '0.2142 P',
    });
    // sizing.md lines 87-92 (eu-west-1: S or U; r7g.xlarge is "U" with no number).
    expect(usd(PRICES['eu-west-1'].ec2Hour)).toEqual({
      'm6i.large': '0.107 S', 'm6i.xlarge': '0.214 S', 'm6i.2xlarge': '0.428 S', 'm7i.xlarge': '0.2247 U', 'm7i.2xlarge': '0.4494 U',
      'r6i.xlarge': '0.282 U', 'r6i.2xlarge': '0.564 U', 'm6g.large': '0.086 S', 'm6g.xlarge': '0.172 S', 'm6g.2xlarge': '0.344 S',
      'm7g.large': '0.0912 S', 'm7g.xlarge': '0.1824 S', 'm7g.2xlarge': '0.3648 S', 'r6g.xlarge': '0.2254 S',
    });
    const us = PRICES['us-east-1'];
    const eu = PRICES['eu-west-1'];
    const single = (r: typeof us) => usd({
      eks: r.eksClusterHour, ebs: r.ebsGp3GbMonth, s3: r.s3GbMonth, put: r.s3PutPer1000, get: r.s3GetPer1000, natHour: r.natHour, natGb: r.natGb,
      interAz: r.interAzGbEachWay, secret: r.secretMonth, kms: r.kmsKeyMonth, ...(r.rdsGp3GbMonth ? { rdsGp3: r.rdsGp3GbMonth } : {}),
    });
    // Lines 86, 93-95, 98, 101-104: per hour, GB-month, per 1,000 requests, per secret or key-month.
    expect(single(us)).toEqual({
      eks: '0.1 P', ebs: '0.08 S', s3: '0.023 S', put: '0.005 S', get: '0.0004 S', natHour: '0.045 S', natGb: '0.045 S', interAz: '0.01 S', secret: '0.4 S', kms: '1 S', rdsGp3: '0.115 S',
    });
    expect(single(eu)).toEqual({
      eks: '0.1 U', ebs: '0.088 U', s3: '0.023 U', put: '0.005 U', get: '0.0004 U', natHour: '0.048 S', natGb: '0.048 S', interAz: '0.01 U', secret: '0.4 U', kms: '1 U',
    });
    // Lines 96-97 (MAZ x2 for the two U classes), 99-100; eu-west-1 RDS and ElastiCache: U, no number.
    expect(Object.fromEntries(Object.entries(us.rdsHour).map(([k, v]) => [k, [v.singleAz.usd, v.multiAz.usd]]))).toEqual({
      'db.t4g.medium': [0.065, 0.13], 'db.m6g.large': [0.159, 0.318], 'db.r6g.large': [0.225, 0.45],
    });
    expect(usd(us.elasticacheHour)).toEqual({
      'redis:cache.t4g.small': '0.032 U', 'redis:cache.t4g.medium': '0.065 U', 'redis:cache.m6g.large': '0.149 U', 'redis:cache.r6g.large': '0.206 U',
      'valkey:cache.t4g.small': '0.0256 U', 'valkey:cache.t4g.medium': '0.052 U', 'valkey:cache.m6g.large': '0.1192 U', 'valkey:cache.r6g.large': '0.1648 U',
    });
    expect([eu.rdsHour, eu.elasticacheHour, eu.rdsGp3GbMonth]).toEqual([{}, {}, undefined]);
  });

  test('§1-§3 capacity figures, with their units', () => {
    // Mimir (M1, sizing.md lines 22-36): per core and GB.
    expect([F.MIMIR_DISTRIBUTOR_SAMPLES_PER_CORE, F.MIMIR_INGESTER_SERIES_PER_UNIT, F.MIMIR_INGESTER_GB_PER_UNIT, F.MIMIR_INGESTER_DISK_GB_PER_UNIT]).toEqual([25_000, 300_000, 2.5, 5]);
    expect([F.MIMIR_QUERY_FRONTEND_QPS_PER_CORE, F.MIMIR_QUERY_SCHEDULER_QPS_PER_CORE, F.MIMIR_QUERIER_QPS_PER_CORE, F.MIMIR_STORE_GATEWAY_QPS_PER_CORE]).toEqual([250, 500, 10, 10]);
    expect([F.MIMIR_COMPACTOR_SERIES, F.MIMIR_COMPACTOR, F.MIMIR_BYTES_PER_SAMPLE, F.MIMIR_INDEX_HEADER_FRACTION, F.PEAK_FACTOR]).toEqual([20_000_000, { cores: 1, memoryGb: 4, diskGb: 300 }, 2, 0.001, 1.5]);
    expect([F.DEFAULT_QUERIES_PER_SECOND, F.MEMCACHED_REQUEST_FACTOR, F.NODE_PACKING]).toEqual([5, 1.2, 0.8]);
    // Loki (L1, lines 50-58): cores, GiB, pods of the < 3 TB/day row; totals 38 CPU, 59 Gi.
    const row = Object.values(F.LOKI_SMALL_ROW);
    expect([row.reduce((a, r) => a + r.cores * r.pods, 0), row.reduce((a, r) => a + r.memoryGib * r.pods, 0)]).toEqual([38, 59]);
    expect([F.LOKI_ROW_TB_PER_DAY, F.LOKI_MONOLITHIC_MAX_GB_PER_DAY, F.LOKI_COMPRESSION_RATIO]).toEqual([3, 20, 5]);
    // Tempo (T1, lines 68-76).
    expect([F.TEMPO_MB_PER_SECOND_PER_POD, F.TEMPO_POD, F.TEMPO_BYTES_PER_SPAN_INGESTED, F.TEMPO_BYTES_PER_SPAN_STORED]).toEqual([
      { distributor: 10, ingester: 3, querier: 1, compactor: 3 },
      { distributor: { cores: 2, memoryGb: 2 }, ingester: { cores: 2.5, memoryGb: 4 }, compactor: { cores: 1, memoryGb: 4 } }, 1000, 300,
    ]);
  });
});

describe('cost', () => {
  test('the reference load on microservices in us-east-1 costs $1,000-3,000 a month', () => {
    const { plan, estimate } = costOf(REFERENCE_LOAD);
    // The breakdown, for the reader of the test log.
    console.log(`${formatCost(estimate, 'reference load, microservices')}\nGraviton: ${plan.graviton.count} x ${plan.graviton.instanceType} saves $${plan.gravitonSavingUsd}/month`);
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.totalUsd).toBeGreaterThanOrEqual(1000);
    expect(estimate.totalUsd).toBeLessThanOrEqual(3000);
    expect(estimate.totalUsd).toBeCloseTo(estimate.lines.reduce((a, l) => a + l.usd, 0), 1);
    expect(plan.gravitonSavingUsd).toBeGreaterThan(0);

    // The main lines by hand (sizing.md §5 prices, 730 h).
    const line = (item: RegExp, component = 'platform') => estimate.lines.find((l) => l.component === component && item.test(l.item))!.usd;
    expect(line(/^EKS cluster$/)).toBe(73.0); // 0.10 x 730
    expect(line(/^NAT gateway hours$/)).toBe(98.55); // 3 x 0.045 x 730
    expect(line(/^NAT data processed$/)).toBe(4.5); // 100 GB x 0.045
    expect(line(/^EBS gp3 node root volumes$/)).toBe(plan.x86.count * 50 * 0.08);
    const ec2 = estimate.lines.filter((l) => l.item.startsWith('EC2 ')).reduce((a, l) => a + l.usd, 0);
    expect(ec2).toBeCloseTo(plan.x86.count * 0.384 * 730, 1); // m6i.2xlarge 0.384/h (P, A1)
    // M1: 1M / 15 s x 2 bytes x 30 d = 345.6 GB; Loki 100 GB x 30 d / 5 = 600 GB; Tempo 50M x 30 d x 300 B = 450 GB; 0.023/GB-month.
    expect(line(/^S3 Standard storage$/, 'mimir')).toBe(7.95);
    expect(line(/^S3 Standard storage$/, 'loki')).toBe(13.8);
    expect(line(/^S3 Standard storage$/, 'tempo')).toBe(10.35);
  });

  test('persistent volumes are billed per provisioned GiB as GB-months, like the root volumes (sizing.md §6)', () => {
    const estimate = estimateCost({ ...EMPTY, nodes: { instanceType: 'm6i.2xlarge', count: 1, rootVolumeGib: 50 }, components: { mimir: { cpuMillis: 1000, volumesGib: 100, s3Bytes: 0 } } });
    // 100 GiB x 0.08, not 107.37 GB x 0.08 (the 1.0737 factor overbilled PVs by 7.4%).
    expect(estimate.lines.find((l) => l.item === 'EBS gp3 persistent volumes')!.usd).toBe(8.0);
    expect(estimate.lines.find((l) => l.item === 'EBS gp3 node root volumes')!.usd).toBe(4.0);
  });

  test('an instance type the fact sheet does not price is listed as not priced, never a derived number', () => {
    for (const region of Object.keys(PRICES)) {
      for (const t of ['m6i.4xlarge', 'm7i.4xlarge', 'm6g.4xlarge', 'm7g.4xlarge', 'm7i.large']) expect([region, t, PRICES[region].ec2Hour[t]]).toEqual([region, t, undefined]);
    }
    const estimate = estimateCost({ ...EMPTY, nodes: { instanceType: 'm6i.4xlarge', count: 6, rootVolumeGib: 50 }, components: { mimir: { cpuMillis: 1000, volumesGib: 0, s3Bytes: 0 } } });
    expect(estimate.unpriced).toContain('EC2 m6i.4xlarge x 6 (no us-east-1 price in the table)');
    expect(estimate.lines.some((l) => l.item.startsWith('EC2 '))).toBe(false);
  });

  test.each<[string, (l: LoadProfile) => LoadProfile]>([
    ['activeSeries', (l) => ({ ...l, activeSeries: l.activeSeries * 2 })],
    ['logsGbPerDay', (l) => ({ ...l, logsGbPerDay: l.logsGbPerDay * 2 })],
    ['spansPerDay', (l) => ({ ...l, spansPerDay: l.spansPerDay * 2 })],
  ])('doubling %s never lowers the cost', (_, double) => {
    let load = REFERENCE_LOAD;
    let before = costOf(load).estimate.totalUsd;
    for (let i = 0; i < 5; i++) {
      load = double(load);
      const after = costOf(load).estimate.totalUsd;
      expect(after).toBeGreaterThanOrEqual(before);
      before = after;
    }
  });

  test('eu-west-1 is priced; items without a price are listed, not priced at 0', () => {
    const { estimate } = costOf(REFERENCE_LOAD, 'eu-west-1');
    expect(estimate.unpriced.join('\n')).toMatch(/RDS db.t4g.medium Multi-AZ \(no eu-west-1 price in the table\)/);
    expect(estimate.lines.some((l) => l.usd === 0 && /RDS/.test(l.item))).toBe(false);
  });

  test('fails for a region without prices, listing the priced ones', () => {
    expect(() => pricesFor('ap-south-1')).toThrow(/region is 'ap-south-1', but the price table .* has prices for us-east-1, eu-west-1 only/);
    expect(() => costOf(REFERENCE_LOAD, 'ap-south-1')).toThrow(/ap-south-1/);
  });

  test('fails on a negative quantity, naming it', () => {
    const { estimate: _e, plan } = costOf(REFERENCE_LOAD);
    expect(() => estimateCost({
      region: 'us-east-1', nodes: { instanceType: plan.x86.instanceType, count: -1, rootVolumeGib: 50 }, components: {}, caches: [],
      natGateways: 1, natGbPerMonth: 0, interAzGbPerMonth: 0, s3PutsPerMonth: 0, s3GetsPerMonth: 0, secrets: 0, kmsKeys: 0,
    })).toThrow(/nodes.count is -1/);
  });

  test.each<[string, Partial<CostInput>, RegExp]>([
    ['NaN S3 PUTs', { s3PutsPerMonth: NaN }, /s3PutsPerMonth is NaN, but it must be a finite number of at least 0/],
    ['negative S3 GETs', { s3GetsPerMonth: -1 }, /s3GetsPerMonth is -1/],
    ['a non-finite root volume', { nodes: { instanceType: 'm6i.2xlarge', count: 1, rootVolumeGib: Infinity } }, /nodes.rootVolumeGib is Infinity/],
    ['a NaN database size', { database: { instanceClass: 'db.t4g.medium', multiAz: true, storageGib: NaN } }, /database.storageGib is NaN/],
    ['a negative cache node count', { caches: [{ name: 'session store', engine: 'valkey', nodeType: 'cache.t4g.small', nodes: -2 }] }, /caches\[0\].nodes is -2/],
  ])('fails on %s instead of a NaN or negative total, naming the field', (_, bad, message) => {
    expect(() => estimateCost({ ...EMPTY, ...bad })).toThrow(message);
  });

  test('planNodes fails on a zone count that is not a positive integer, and for a region without prices', () => {
    const sizing = sizeFor(REFERENCE_LOAD, 'microservices');
    expect(() => planNodes(sizing, 'us-east-1', { zones: 0 })).toThrow(/planNodes: zones is 0, but it must be an integer of at least 1/);
    expect(() => planNodes(sizing, 'us-east-1', { zones: NaN })).toThrow(/zones is NaN/);
    expect(() => planNodes(sizing, 'ap-south-1')).toThrow(/region is 'ap-south-1', but the price table/);
  });
});
