import { check, show } from '../private/validate';

/** How sure a price is, as reference/sizing.md marks it. */
export type PriceMark =
  /** Read in the primary source named. */
  | 'P'
  /** A secondary source (a third-party page or code). */
  | 'S'
  /** Unverified: recall or assumption of the fact sheet. */
  | 'U';

/** One price, in USD, with how it is known. */
export interface Price {
  /** USD per unit. */
  readonly usd: number;
  /** How sure it is. */
  readonly mark: PriceMark;
}

/** An EC2 instance type: its size and whether it is Graviton (arm64). */
export interface InstanceShape {
  /** vCPUs. */
  readonly vcpu: number;
  /** Memory, GiB. */
  readonly memoryGib: number;
  /** True for Graviton (every Grafana image is multi-arch). */
  readonly graviton: boolean;
}

/** Sizes of the EC2 types the tables price (AWS instance type pages: m = 4 GiB per vCPU, r = 8). */
export const INSTANCE_SHAPES: Readonly<Record<string, InstanceShape>> = Object.freeze(Object.fromEntries(
  (['m6i', 'm7i', 'm6g', 'm7g', 'r6i', 'r6g', 'r7g'] as const).flatMap((family) => ([['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16]] as const)
    .map(([size, vcpu]) => [`${family}.${size}`, { vcpu, memoryGib: vcpu * (family.startsWith('r') ? 8 : 4), graviton: family.endsWith('g') }])),
));

/** On-demand prices of one region, per hour unless the name says otherwise. */
export interface RegionPrices {
  /** EKS cluster, standard support, per hour. */
  readonly eksClusterHour: Price;
  /** EC2 Linux on-demand per hour, by instance type. */
  readonly ec2Hour: Readonly<Record<string, Price>>;
  /** EBS gp3 per GB-month (baseline IOPS and throughput). */
  readonly ebsGp3GbMonth: Price;
  /** S3 Standard per GB-month (first 50 TB). */
  readonly s3GbMonth: Price;
  /** S3 PUT/COPY/POST/LIST per 1,000 requests. */
  readonly s3PutPer1000: Price;
  /** S3 GET per 1,000 requests. */
  readonly s3GetPer1000: Price;
  /** RDS PostgreSQL per hour by instance class: Single-AZ and Multi-AZ. */
  readonly rdsHour: Readonly<Record<string, { readonly singleAz: Price; readonly multiAz: Price }>>;
  /** RDS gp3 storage per GB-month (Multi-AZ bills both copies). */
  readonly rdsGp3GbMonth?: Price;
  /** ElastiCache per node-hour, by `<engine>:<node type>` (`valkey:cache.t4g.small`). */
  readonly elasticacheHour: Readonly<Record<string, Price>>;
  /** NAT gateway per hour. */
  readonly natHour: Price;
  /** NAT gateway per GB processed. */
  readonly natGb: Price;
  /** Data between availability zones, per GB in each direction. */
  readonly interAzGbEachWay: Price;
  /** Secrets Manager per secret-month. */
  readonly secretMonth: Price;
  /** KMS customer managed key per key-month. */
  readonly kmsKeyMonth: Price;
}

/** The date of the price table: when reference/sizing.md was read into it. Prices change; re-read it. */
export const PRICE_TABLE_DATE = '2026-12-01';

/** Hours in a month, as AWS bills a month (730). */
export const HOURS_PER_MONTH = 730;

const p = (usd: number, mark: PriceMark): Price => ({ usd, mark });

// Every figure from ../shared/reference/sizing.md §5 with its mark. Sources there: EC2 us-east-1 [A1]
// aws/karpenter-provider-aws zz_generated.pricing_aws.go (generated 2026-01-19 from the AWS Pricing
// API); EKS [A2] AWS Containers blog (2024-04-01); the rest as marked in §5. Left out, because the
// fact sheet has no figure: eu-west-1 RDS and ElastiCache, eu-west-1 r7g.xlarge, RDS db.m7g/db.t4g.small,
// ElastiCache m7g, and every EC2 size the fact sheet does not list (m7i.large, the 4xlarge sizes, ...):
// no price is derived or extrapolated here. An estimate using one lists it as unpriced, never as 0;
// node planning only chooses among priced types.
const EC2_US_EAST_1: Record<string, Price> = {
  'm6i.large': p(0.096, 'P'), 'm6i.xlarge': p(0.192, 'P'), 'm6i.2xlarge': p(0.384, 'P'),
  'm7i.xlarge': p(0.2016, 'P'), 'm7i.2xlarge': p(0.4032, 'P'),
  'r6i.xlarge': p(0.252, 'P'), 'r6i.2xlarge': p(0.504, 'P'),
  'm6g.large': p(0.077, 'P'), 'm6g.xlarge': p(0.154, 'P'), 'm6g.2xlarge': p(0.308, 'P'),
  'm7g.large': p(0.0816, 'P'), 'm7g.xlarge': p(0.1632, 'P'), 'm7g.2xlarge': p(0.3264, 'P'),
  'r6g.xlarge': p(0.2016, 'P'), 'r7g.xlarge': p(0.2142, 'P'),
};
const EC2_EU_WEST_1: Record<string, Price> = {
  'm6i.large': p(0.107, 'S'), 'm6i.xlarge': p(0.214, 'S'), 'm6i.2xlarge': p(0.428, 'S'),
  'm7i.xlarge': p(0.2247, 'U'), 'm7i.2xlarge': p(0.4494, 'U'),
  'r6i.xlarge': p(0.282, 'U'), 'r6i.2xlarge': p(0.564, 'U'),
  'm6g.large': p(0.086, 'S'), 'm6g.xlarge': p(0.172, 'S'), 'm6g.2xlarge': p(0.344, 'S'),
  'm7g.large': p(0.0912, 'S'), 'm7g.xlarge': p(0.1824, 'S'), 'm7g.2xlarge': p(0.3648, 'S'),
  'r6g.xlarge': p(0.2254, 'S'),
};

/** The pinned price table: every region the cost estimate knows. */
export const PRICES: Readonly<Record<string, RegionPrices>> = Object.freeze({
  'us-east-1': {
    eksClusterHour: p(0.10, 'P'),
    ec2Hour: EC2_US_EAST_1,
    ebsGp3GbMonth: p(0.08, 'S'),
    s3GbMonth: p(0.023, 'S'),
    s3PutPer1000: p(0.005, 'S'),
    s3GetPer1000: p(0.0004, 'S'),
    rdsHour: { 'db.t4g.medium': { singleAz: p(0.065, 'S'), multiAz: p(0.130, 'S') }, 'db.m6g.large': { singleAz: p(0.159, 'U'), multiAz: p(0.318, 'U') }, 'db.r6g.large': { singleAz: p(0.225, 'U'), multiAz: p(0.450, 'U') } },
    rdsGp3GbMonth: p(0.115, 'S'),
    elasticacheHour: {
      'redis:cache.t4g.small': p(0.032, 'U'), 'redis:cache.t4g.medium': p(0.065, 'U'), 'redis:cache.m6g.large': p(0.149, 'U'), 'redis:cache.r6g.large': p(0.206, 'U'),
      'valkey:cache.t4g.small': p(0.0256, 'U'), 'valkey:cache.t4g.medium': p(0.052, 'U'), 'valkey:cache.m6g.large': p(0.1192, 'U'), 'valkey:cache.r6g.large': p(0.1648, 'U'),
    },
    natHour: p(0.045, 'S'),
    natGb: p(0.045, 'S'),
    interAzGbEachWay: p(0.01, 'S'),
    secretMonth: p(0.40, 'S'),
    kmsKeyMonth: p(1.00, 'S'),
  },
  'eu-west-1': {
    eksClusterHour: p(0.10, 'U'),
    ec2Hour: EC2_EU_WEST_1,
    ebsGp3GbMonth: p(0.088, 'U'),
    s3GbMonth: p(0.023, 'U'),
    s3PutPer1000: p(0.005, 'U'),
    s3GetPer1000: p(0.0004, 'U'),
    rdsHour: {},
    elasticacheHour: {},
    natHour: p(0.048, 'S'),
    natGb: p(0.048, 'S'),
    interAzGbEachWay: p(0.01, 'U'),
    secretMonth: p(0.40, 'U'),
    kmsKeyMonth: p(1.00, 'U'),
  },
} satisfies Record<string, RegionPrices>);

/** The prices of `region`; throws, listing the regions the table has, when it has none for it. */
export function pricesFor(region: string): RegionPrices {
  const prices = Object.prototype.hasOwnProperty.call(PRICES, region) ? PRICES[region] : undefined;
  check('pricesFor', [{
    when: prices === undefined,
    message: `region is ${show(region)}, but the price table (${PRICE_TABLE_DATE}) has prices for ${Object.keys(PRICES).join(', ')} only; add the region's prices to lib/sizing/price-table.ts with their sources`,
  }]);
  return prices!;
}
