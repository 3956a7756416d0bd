import { check } from '../private/validate';
import { showNumber } from './load-profile';
import { SECONDS_PER_DAY } from './capacity-figures';
import { round2 } from './node-plan';
import { HOURS_PER_MONTH, PRICE_TABLE_DATE, Price, PriceMark, pricesFor } from './price-table';

/** One workload group's share of the cluster, for the compute, volume and S3 lines. */
export interface CostComponent {
  /** CPU requests of its pods, in millicores: its share of the nodes' cost. */
  readonly cpuMillis: number;
  /** Persistent volumes, in GiB. */
  readonly volumesGib: number;
  /** Bytes in S3. */
  readonly s3Bytes: number;
}

/** What a monthly estimate is computed from: what runs, in which region. */
export interface CostInput {
  /** AWS region; it must be in the price table. */
  readonly region: string;
  /** The node groups: one instance type (the first of the groups) and the node count. */
  readonly nodes: { readonly instanceType: string; readonly count: number; readonly rootVolumeGib: number };
  /** Workload groups by name (mimir, loki, ..., system): compute is shared out by CPU requests. */
  readonly components: Readonly<Record<string, CostComponent>>;
  /** Grafana's database. */
  readonly database?: { readonly instanceClass: string; readonly multiAz: boolean; readonly storageGib: number };
  /** ElastiCache: the session store and the managed memcached, each a node type and count. */
  readonly caches: readonly { readonly name: string; readonly engine: string; readonly nodeType: string; readonly nodes: number }[];
  /** NAT gateways. */
  readonly natGateways: number;
  /** GB a month through the NAT gateways (image pulls, AWS APIs; S3 goes through the gateway endpoint). */
  readonly natGbPerMonth: number;
  /** GB a month between zones (replication of writes), counted once; billed in each direction. */
  readonly interAzGbPerMonth: number;
  /** S3 PUT (and LIST) requests a month. */
  readonly s3PutsPerMonth: number;
  /** S3 GET requests a month. */
  readonly s3GetsPerMonth: number;
  /** Secrets Manager secrets. */
  readonly secrets: number;
  /** KMS customer managed keys. */
  readonly kmsKeys: number;
}

/** One line of an estimate. */
export interface CostLine {
  /** What it is for: `mimir`, `platform`, `grafana`, ... */
  readonly component: string;
  /** What is billed: `EC2 m6i.2xlarge (share)`, `S3 storage`, ... */
  readonly item: string;
  /** The quantity billed, in words. */
  readonly quantity: string;
  /** USD a month. */
  readonly usd: number;
  /** How sure the price is (the weakest of the prices used). */
  readonly mark: PriceMark;
}

/** A monthly estimate. */
export interface CostEstimate {
  /** The region priced. */
  readonly region: string;
  /** The date of the price table. */
  readonly priceDate: string;
  /** Every priced line. */
  readonly lines: readonly CostLine[];
  /** What is not in the total because the table has no price for it. */
  readonly unpriced: readonly string[];
  /** USD per component. */
  readonly byComponent: Readonly<Record<string, number>>;
  /** USD a month: the sum of the lines. */
  readonly totalUsd: number;
}

const GB = 1e9;
const WEAKEST: readonly PriceMark[] = ['U', 'S', 'P'];
const weakest = (...prices: Price[]): PriceMark => WEAKEST.find((m) => prices.some((x) => x.mark === m)) ?? 'P';

/**
 * The monthly on-demand cost of `input` from the pinned price table. Throws for a region the table
 * does not have; an item the region's table lacks (an instance class) is listed in `unpriced`, never
 * priced at 0.
 */
export function estimateCost(input: CostInput): CostEstimate {
  const prices = pricesFor(input.region);
  const nonNegative = (field: string, v: number) => ({ when: typeof v !== 'number' || !Number.isFinite(v) || v < 0, message: `${field} is ${showNumber(v)}, but it must be a finite number of at least 0` });
  check('estimateCost', [
    nonNegative('nodes.count', input.nodes.count), nonNegative('nodes.rootVolumeGib', input.nodes.rootVolumeGib),
    nonNegative('natGateways', input.natGateways), nonNegative('natGbPerMonth', input.natGbPerMonth),
    nonNegative('interAzGbPerMonth', input.interAzGbPerMonth), nonNegative('s3PutsPerMonth', input.s3PutsPerMonth), nonNegative('s3GetsPerMonth', input.s3GetsPerMonth),
    nonNegative('secrets', input.secrets), nonNegative('kmsKeys', input.kmsKeys),
    ...(input.database ? [nonNegative('database.storageGib', input.database.storageGib)] : []),
    ...input.caches.map((c, i) => nonNegative(`caches[${i}].nodes`, c.nodes)),
    ...Object.entries(input.components).flatMap(([c, v]) => [nonNegative(`components.${c}.cpuMillis`, v.cpuMillis), nonNegative(`components.${c}.volumesGib`, v.volumesGib), nonNegative(`components.${c}.s3Bytes`, v.s3Bytes)]),
  ]);
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const add = (component: string, item: string, quantity: string, usd: number, ...used: Price[]) => {
    lines.push({ component, item, quantity, usd: round2(usd), mark: weakest(...used) });
  };

  add('platform', 'EKS cluster', `${HOURS_PER_MONTH} h`, prices.eksClusterHour.usd * HOURS_PER_MONTH, prices.eksClusterHour);
  const ec2 = prices.ec2Hour[input.nodes.instanceType];
  const totalCpu = Object.values(input.components).reduce((a, c) => a + c.cpuMillis, 0);
  if (ec2 === undefined) {
    unpriced.push(`EC2 ${input.nodes.instanceType} x ${input.nodes.count} (no ${input.region} price in the table)`);
  } else {
    const nodesUsd = input.nodes.count * ec2.usd * HOURS_PER_MONTH;
    for (const [name, c] of Object.entries(input.components)) {
      const share = totalCpu > 0 ? c.cpuMillis / totalCpu : 0;
      add(name, `EC2 ${input.nodes.instanceType} (${(share * 100).toFixed(1)}% of ${input.nodes.count} nodes by CPU requests)`, `${(share * input.nodes.count).toFixed(2)} nodes`, nodesUsd * share, ec2);
    }
  }
  add('platform', 'EBS gp3 node root volumes', `${input.nodes.count * input.nodes.rootVolumeGib} GB`, input.nodes.count * input.nodes.rootVolumeGib * prices.ebsGp3GbMonth.usd, prices.ebsGp3GbMonth);
  for (const [name, c] of Object.entries(input.components)) {
    // EBS volumes are provisioned in GiB and each provisioned GiB is billed as one "GB-month", as the
    // root volumes above and sizing.md §6 ("EBS gp3 1,112 GB (roots 9x50, PVs ...) x 0.08") count them.
    if (c.volumesGib > 0) add(name, 'EBS gp3 persistent volumes', `${c.volumesGib} GB`, c.volumesGib * prices.ebsGp3GbMonth.usd, prices.ebsGp3GbMonth);
    if (c.s3Bytes > 0) add(name, 'S3 Standard storage', `${(c.s3Bytes / GB).toFixed(1)} GB`, (c.s3Bytes / GB) * prices.s3GbMonth.usd, prices.s3GbMonth);
  }
  add('platform', 'S3 requests', `${Math.round(input.s3PutsPerMonth)} PUT, ${Math.round(input.s3GetsPerMonth)} GET`,
    (input.s3PutsPerMonth / 1000) * prices.s3PutPer1000.usd + (input.s3GetsPerMonth / 1000) * prices.s3GetPer1000.usd, prices.s3PutPer1000, prices.s3GetPer1000);

  if (input.database) {
    const d = input.database;
    const rds = prices.rdsHour[d.instanceClass];
    if (rds === undefined) unpriced.push(`RDS ${d.instanceClass}${d.multiAz ? ' Multi-AZ' : ''} (no ${input.region} price in the table)`);
    else add('grafana', `RDS PostgreSQL ${d.instanceClass}${d.multiAz ? ' Multi-AZ' : ''}`, `${HOURS_PER_MONTH} h`, (d.multiAz ? rds.multiAz : rds.singleAz).usd * HOURS_PER_MONTH, d.multiAz ? rds.multiAz : rds.singleAz);
    // Multi-AZ bills the standby's copy of the storage too (AWS RDS guide, sizing.md §5).
    const copies = d.multiAz ? 2 : 1;
    if (prices.rdsGp3GbMonth === undefined) unpriced.push(`RDS gp3 storage ${d.storageGib} GB (no ${input.region} price in the table)`);
    else add('grafana', 'RDS gp3 storage', `${d.storageGib} GB x ${copies}`, d.storageGib * copies * prices.rdsGp3GbMonth.usd, prices.rdsGp3GbMonth);
  }
  for (const c of input.caches) {
    const price = prices.elasticacheHour[`${c.engine}:${c.nodeType}`];
    if (price === undefined) unpriced.push(`ElastiCache ${c.engine} ${c.nodeType} x ${c.nodes} for ${c.name} (no ${input.region} price in the table)`);
    else add(c.name === 'session store' ? 'grafana' : 'platform', `ElastiCache ${c.engine} ${c.nodeType} (${c.name})`, `${c.nodes} nodes`, c.nodes * price.usd * HOURS_PER_MONTH, price);
  }
  add('platform', 'NAT gateway hours', `${input.natGateways} x ${HOURS_PER_MONTH} h`, input.natGateways * prices.natHour.usd * HOURS_PER_MONTH, prices.natHour);
  add('platform', 'NAT data processed', `${input.natGbPerMonth} GB`, input.natGbPerMonth * prices.natGb.usd, prices.natGb);
  add('platform', 'Inter-AZ replication traffic', `${input.interAzGbPerMonth.toFixed(0)} GB x 2 directions`, input.interAzGbPerMonth * 2 * prices.interAzGbEachWay.usd, prices.interAzGbEachWay);
  add('platform', 'Secrets Manager', `${input.secrets} secrets`, input.secrets * prices.secretMonth.usd, prices.secretMonth);
  add('platform', 'KMS keys', `${input.kmsKeys} keys`, input.kmsKeys * prices.kmsKeyMonth.usd, prices.kmsKeyMonth);

  const byComponent: Record<string, number> = {};
  for (const l of lines) byComponent[l.component] = round2((byComponent[l.component] ?? 0) + l.usd);
  return { region: input.region, priceDate: PRICE_TABLE_DATE, lines, unpriced, byComponent, totalUsd: round2(lines.reduce((a, l) => a + l.usd, 0)) };
}

/** Seconds in a billing month (730 h). */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** Days in a billing month (730 h). */
export const DAYS_PER_MONTH = SECONDS_PER_MONTH / SECONDS_PER_DAY;

/** A cost estimate as a fixed-width table: a line per component and item, totals per component, the total. */
export function formatCost(estimate: CostEstimate, title: string): string {
  const rows = estimate.lines.map((l) => [l.component, l.item, l.quantity, l.usd.toFixed(2), l.mark]);
  const header = ['component', 'item', 'quantity', 'USD/month', 'price'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [
    `${title}: monthly estimate, ${estimate.region}, prices of ${estimate.priceDate} (P primary, S secondary, U unverified: lib/sizing/price-table.ts)`,
    fmt(header),
    ...rows.map(fmt),
    '',
    ...Object.entries(estimate.byComponent).map(([c, usd]) => `  ${c.padEnd(12)} ${usd.toFixed(2).padStart(10)}`),
    `  ${'total'.padEnd(12)} ${estimate.totalUsd.toFixed(2).padStart(10)} USD/month`,
    ...(estimate.unpriced.length > 0 ? ['  not in the total (no price in the table):', ...estimate.unpriced.map((u) => `    - ${u}`)] : []),
  ].join('\n');
}
