import { TIERS } from '../../lib/config/tier';
import { MIMIR_TIER_LAYOUTS } from '../../lib/backends/mimir-values';
import { LOKI_TIERS } from '../../lib/backends/loki-values';
import { PYROSCOPE_TIERS } from '../../lib/backends/pyroscope-values';
import { TEMPO_TIERS } from '../../lib/backends/tempo-values';
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
    for (const [c, size] of Object.entries(TEMPO_TIERS[tier].workloads)) {
      expect([c, s.tempo.components[c as keyof typeof s.tempo.components]!.replicas >= size!.replicas]).toEqual([c, true]);
    }
    for (const [c, size] of Object.entries(PYROSCOPE_TIERS[tier].components)) {
      expect([c, s.pyroscope.components[c as keyof typeof s.pyroscope.components]!.replicas >= size!.replicas]).toEqual([c, true]);
    }
    expect(s.mimir.components.ingester!.replicas).toBeGreaterThanOrEqual(s.mimir.replicationFactor);
    // Zone-aware ingesters of every backend hold the replication factor's copies.
    if (tier !== 'monolithic') {
      expect(s.loki.components[tier === 'microservices' ? 'ingester' : 'write']!.replicas).toBeGreaterThanOrEqual(s.loki.replicationFactor);
      if (s.tempo.components.ingester) expect(s.tempo.components.ingester.replicas).toBeGreaterThanOrEqual(s.tempo.replicationFactor);
    }
  });

  test('volumes grow up to the per-pod figure, then pods are added (M1: 300 GB a compactor), not every pod\'s volume', () => {
    for (const activeSeries of [20_000_000, 100_000_000]) {
      const s = sizeFor({ ...REFERENCE_LOAD, activeSeries }, 'microservices');
      // M1: 5 GB of ingester disk per 300k in-memory series (RF 3), +50% for peaks, in GiB.
      const ingesterNeedGib = ((activeSeries * 3) / 300_000) * 5 * 1.5 * 1e9 / 2 ** 30;
      const ingester = s.mimir.components.ingester!;
      expect(ingester.replicas * ingester.volumeGib!).toBeGreaterThanOrEqual(ingesterNeedGib);
      // At most the tier's 50Gi floor per pod: before the fix every pod got need / 3 (466 GiB at 20M, 2,329 GiB at 100M).
      expect(ingester.volumeGib).toBe(50);
      const compactor = s.mimir.components.compactor!;
      expect(compactor.replicas).toBe(Math.ceil(activeSeries / 20_000_000));
      expect(compactor.volumeGib).toBeLessThanOrEqual(Math.ceil(300 * 1.5 * 1e9 / 2 ** 30));
      expect(compactor.replicas * compactor.volumeGib!).toBeGreaterThanOrEqual(300 * (activeSeries / 20_000_000) * 1.5 * 1e9 / 2 ** 30);
    }
  });

  // Each load dimension, how it grows by a factor, and a size that must grow with it: the growth
  // really reaches sizeFor (a dimension sizeFor ignored, or a step that stops growing, fails here).
  // Besides doubling, a ramp by 1.37 reaches the step points (a replica added, a volume capped) that
  // exact doublings from one base step over.
  const scale = (r: LoadProfile['retentionDays'], f: number) => Object.fromEntries(Object.entries(r ?? {}).map(([k, d]) => [k, d! * f]));
  const loads: [string, (l: LoadProfile, f: number) => LoadProfile, string][] = [
    ['activeSeries', (l, f) => ({ ...l, activeSeries: l.activeSeries * f }), 'mimir.s3Bytes'],
    ['samplesPerSecond', (l, f) => ({ ...l, samplesPerSecond: (l.samplesPerSecond ?? l.activeSeries / 15) * f }), 'mimir.s3Bytes'],
    ['scrapeIntervalSeconds (divided)', (l, f) => ({ ...l, scrapeIntervalSeconds: (l.scrapeIntervalSeconds ?? 15) / f }), 'mimir.s3Bytes'],
    ['logsGbPerDay', (l, f) => ({ ...l, logsGbPerDay: l.logsGbPerDay * f }), 'loki.s3Bytes'],
    ['spansPerDay', (l, f) => ({ ...l, spansPerDay: l.spansPerDay * f }), 'tempo.s3Bytes'],
    ['profilesPerSecond', (l, f) => ({ ...l, profilesPerSecond: (l.profilesPerSecond ?? 1) * f }), 'pyroscope.s3Bytes'],
    ['queriesPerSecond', (l, f) => ({ ...l, queriesPerSecond: (l.queriesPerSecond ?? 5) * f }), 'requests.cpu'],
    ['retentionDays', (l, f) => ({ ...l, retentionDays: scale(l.retentionDays, f) }), 'mimir.s3Bytes'],
  ];
  describe.each(TIERS)('on %s', (tier) => {
    test.each(loads)('growing %s (doubling, and by 1.37) never lowers any size', (_, grow, grows) => {
      for (const [factor, steps] of [[2, 6], [1.37, 14]] as const) {
        let load: LoadProfile = REFERENCE_LOAD;
        let before = sizes(sizeFor(load, tier));
        const first = before.get(grows)!;
        for (let i = 0; i < steps; i++) {
          const next = grow(load, factor);
          expect(next).not.toEqual(load);
          load = next;
          const after = sizes(sizeFor(load, tier));
          for (const [key, value] of before) expect([factor, i, key, after.get(key)! >= value]).toEqual([factor, i, key, true]);
          before = after;
        }
        expect(before.get(grows)!).toBeGreaterThan(first);
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
      ['a non-finite number', { ...REFERENCE_LOAD, spansPerDay: Infinity }, /spansPerDay is Infinity, but it must be a finite number above 0/],
      ['NaN', { ...REFERENCE_LOAD, activeSeries: NaN }, /activeSeries is NaN, but it must be a finite number above 0/],
      ['a string', { ...REFERENCE_LOAD, logsGbPerDay: '100' as never }, /logsGbPerDay is '100', but it must be a finite number above 0/],
      ['zero logs', { ...REFERENCE_LOAD, logsGbPerDay: 0 }, /logsGbPerDay is 0, but it must be a finite number above 0 \(GB per day\)/],
      ['zero spans', { ...REFERENCE_LOAD, spansPerDay: 0 }, /spansPerDay is 0, but it must be a finite number above 0/],
      ['zero samples per second', { ...REFERENCE_LOAD, samplesPerSecond: 0 }, /samplesPerSecond is 0, but it must be a finite number above 0/],
      ['a negative scrape interval', { ...REFERENCE_LOAD, scrapeIntervalSeconds: -15 }, /scrapeIntervalSeconds is -15/],
      ['non-finite queries per second', { ...REFERENCE_LOAD, queriesPerSecond: -Infinity }, /queriesPerSecond is -Infinity/],
      ['a retention of 0', { ...REFERENCE_LOAD, retentionDays: { metrics: 0 } }, /retentionDays.metrics is 0, but a retention must be/],
      ['a non-finite retention', { ...REFERENCE_LOAD, retentionDays: { traces: NaN } }, /retentionDays.traces is NaN/],
      ['a null retention', { ...REFERENCE_LOAD, retentionDays: null as never }, /retentionDays is null, but it must be an object/],
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
