import { LoadProfile } from '../../lib/sizing/load-profile';

/** The seed's reference load: 1M active series at 15 s, 100 GB/day of logs, 50M spans/day, 30 days. */
export const REFERENCE_LOAD: LoadProfile = {
  activeSeries: 1_000_000, scrapeIntervalSeconds: 15, logsGbPerDay: 100, spansPerDay: 50_000_000,
  retentionDays: { metrics: 30, logs: 30, traces: 30, profiles: 30 },
};
