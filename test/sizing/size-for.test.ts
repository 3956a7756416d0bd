import { TIERS } from '../../lib/config/tier';
import { MIMIR_TIER_LAYOUTS } from '../../lib/backends/mimir-values';
import { LOKI_TIERS } from '../../lib/backends/loki-values';
import { MIMIR_BYTES_PER_SAMPLE } from '../../lib/sizing/capacity-figures';
import { LoadProfile } from '../../lib/sizing/load-profile';
import { StackSizing, sizeFor } from '../../lib/sizing/size-for';

import { REFERENCE_LOAD } from './reference-load';

/** Every number of a sizing, by path, for comparing two of them. */
function sizes(s: StackSizing): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of ['mimir', 'loki', 'tempo', 'pyroscope'] as const) {
    for (const [c, w] of Object.entries(s[b].components)) {
      for (const [k, v] of Object.entries(w!)) if (typeof v === 'number') out.set(`${b}.${c}.${k}`, v);
    }
    out.set(`${b}.s3Bytes`, s[b].s3Bytes);
  }
  out.set('requests.cpu', s.requests.cpuMillis);
  out.set('requests.memory', s.requests.memoryMib);
  out.set('volumes', s.volumesGib);
  return out;
}

describe('sizeFor', () => {
  test('sizes the reference load on microservices from the published figures', () => {
    const s = sizeFor(REFERENCE_LOAD, 'microservices');
    // M1: 66.7k samples/s over 25k per distributor core: 2.67 cores over the 2 HA distributors.
    expect(s.load.samplesPerSecond).toBeCloseTo(66_666.67, 1);
    expect(s.mimir.components.distributor).toMatchObject({ replicas: 2, cpuMillis: 1350, basis: 'load' });
    // M1: 3M in-memory series (RF 3) over 300k per core: 10 cores over 3 ingesters.
    expect(s.mimir.components.ingester).toMatchObject({ replicas: 3, cpuMillis: 3350 });
    expect(s.mimir.components.ingester!.memoryLimitMib).toBeGreaterThan(s.mimir.components.ingester!.memoryMib);
    expect(s.warnings).toEqual([]);
  });

  test('metrics S3 bytes are samples x 2 bytes (M1) over the retention', () => {
    const s = sizeFor(REFERENCE_LOAD, 'microservices');
    expect(MIMIR_BYTES_PER_SAMPLE).toBe(2);
    expect(s.mimir.s3Bytes).toBeCloseTo((1_000_000 / 15) * 30 * 86_400 * 2, -3);
    expect(sizeFor({ ...REFERENCE_LOAD, retentionDays: { metrics: 365 } }, 'microservices').mimir.s3Bytes / 1e12).toBeCloseTo(4.2, 1);
  });

  test.each(TIERS)('replicas never drop below the %s layout or the replication factor', (tier) => {
    const tiny: LoadProfile = { activeSeries: 1, logsGbPerDay: 0.001, spansPerDay: 1 };
    const s = sizeFor(tiny, tier);
    for (const [c, n] of Object.entries(MIMIR_TIER_LAYOUTS[tier].replicas)) {
      expect(s.mimir.components[c as keyof typeof s.mimir.components]!.replicas).toBeGreaterThanOrEqual(n);
    }
    for (const [c, size] of Object.entries(LOKI_TIERS[tier].components)) {
      expect(s.loki.components[c as keyof typeof s.loki.components]!.replicas).toBeGreaterThanOrEqual(size!.replicas);
    }
    expect(s.mimir.components.ingester!.replicas).toBeGreaterThanOrEqual(s.mimir.replicationFactor);
  });

  const loads: [string, (l: LoadProfile) => LoadProfile][] = [
    ['activeSeries', (l) => ({ ...l, activeSeries: l.activeSeries * 2 })],
    ['logsGbPerDay', (l) => ({ ...l, logsGbPerDay: l.logsGbPerDay * 2 })],
    ['spansPerDay', (l) => ({ ...l, spansPerDay: l.spansPerDay * 2 })],
    ['profilesPerSecond', (l) => ({ ...l, profilesPerSecond: (l.profilesPerSecond ?? 1) * 2 })],
    ['queriesPerSecond', (l) => ({ ...l, queriesPerSecond: (l.queriesPerSecond ?? 5) * 2 })],
    ['retentionDays', (l) => ({ ...l, retentionDays: { metrics: 60, logs: 60, traces: 60, profiles: 60 } })],
  ];
  describe.each(TIERS)('on %s', (tier) => {
    test.each(loads)('doubling %s (repeatedly) never lowers any size', (_, double) => {
      let load: LoadProfile = REFERENCE_LOAD;
      let before = sizes(sizeFor(load, tier));
      for (let i = 0; i < 6; i++) {
        load = double(load);
        const after = sizes(sizeFor(load, tier));
        for (const [key, value] of before) expect([key, after.get(key)! >= value]).toEqual([key, true]);
        before = after;
      }
    });
  });

  test('a large load grows replicas past the tier layout, at zone multiples', () => {
    const s = sizeFor({ ...REFERENCE_LOAD, activeSeries: 20_000_000 }, 'microservices');
    expect(s.mimir.components.ingester!.replicas).toBeGreaterThan(3);
    expect(s.mimir.components.ingester!.replicas % 3).toBe(0);
  });

  test('warns when monolithic Loki gets more than ~20 GB/day', () => {
    expect(sizeFor(REFERENCE_LOAD, 'monolithic').warnings.join('\n')).toMatch(/loki: 100 GB\/day/);
  });

  describe('bad input', () => {
    test.each<[string, LoadProfile, RegExp]>([
      ['a negative number', { ...REFERENCE_LOAD, logsGbPerDay: -1 }, /logsGbPerDay is -1, but it must be a finite number above 0/],
      ['a non-finite number', { ...REFERENCE_LOAD, spansPerDay: Infinity }, /spansPerDay is null, but it must be a finite number above 0/],
      ['NaN', { ...REFERENCE_LOAD, activeSeries: NaN }, /activeSeries is null/],
      ['zero where a load is required', { ...REFERENCE_LOAD, activeSeries: 0 }, /activeSeries is 0, but it must be a finite number above 0/],
      ['a negative optional load', { ...REFERENCE_LOAD, profilesPerSecond: -2 }, /profilesPerSecond is -2/],
      ['a retention shorter than 24h', { ...REFERENCE_LOAD, retentionDays: { logs: 0.5 } }, /retentionDays.logs is 0.5, but a retention must be .* at least 1 \(24 hours\)/],
      ['an unknown signal', { ...REFERENCE_LOAD, retentionDays: { metric: 3 } as never }, /retentionDays.metric is not a signal/],
      ['an unknown field', { ...REFERENCE_LOAD, activeSeriez: 3 } as never, /activeSeriez is not a field of LoadProfile/],
      ['a fractional tenant count', { ...REFERENCE_LOAD, tenants: 1.5 }, /tenants is 1.5, but it must be an integer of at least 1/],
    ])('fails on %s, naming the field', (_, load, message) => {
      expect(() => sizeFor(load, 'microservices')).toThrow(message);
    });

    test('fails on an unknown tier', () => {
      expect(() => sizeFor(REFERENCE_LOAD, 'huge' as never)).toThrow(/tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/);
    });
  });
});
