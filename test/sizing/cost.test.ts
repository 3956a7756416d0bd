import { estimateCost, formatCost } from '../../lib/sizing/cost';
import { LoadProfile } from '../../lib/sizing/load-profile';
import { planNodes } from '../../lib/sizing/node-plan';
import { pricesFor } from '../../lib/sizing/price-table';
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
});
