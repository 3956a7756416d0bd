import { Rule, check, show } from '../private/validate';
import { DEFAULT_QUERIES_PER_SECOND, SECONDS_PER_DAY } from './capacity-figures';

/** Days each signal is kept, at least 1 (24 hours). */
export interface LoadRetention {
  /**
   * Days of metrics (Mimir blocks), at least 1.
   * @default 30
   */
  readonly metrics?: number;
  /**
   * Days of logs, at least 1.
   * @default 30
   */
  readonly logs?: number;
  /**
   * Days of traces, at least 1.
   * @default 30
   */
  readonly traces?: number;
  /**
   * Days of profiles, at least 1.
   * @default 30
   */
  readonly profiles?: number;
}

/**
 * The load an environment carries, over all its tenants: what sizing (`sizeFor`) turns into
 * replicas, requests, volumes and S3 bytes, and the cost estimate into dollars. Metrics, logs and
 * traces are required (every tier deploys their backends); profiles may be 0.
 */
export interface LoadProfile {
  /**
   * Active series (before replication) over all tenants: the series that received a sample in the
   * last hour. Required, above 0, also when `samplesPerSecond` is given (it sizes the ingesters,
   * store-gateways and compactors).
   */
  readonly activeSeries: number;
  /**
   * Seconds between two samples of a series (the scrape interval); with `activeSeries` it gives the
   * samples per second.
   * @default 15
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Samples per second ingested, when it is known better than `activeSeries / scrapeIntervalSeconds`
   * (OTLP pushes, recording rules).
   * @default - activeSeries / scrapeIntervalSeconds
   */
  readonly samplesPerSecond?: number;
  /** Log volume ingested per day, in GB (10^9 bytes) before compression. */
  readonly logsGbPerDay: number;
  /** Spans ingested per day. */
  readonly spansPerDay: number;
  /**
   * Profiles ingested per second (one profile is one pprof push of one process).
   * @default 0
   */
  readonly profilesPerSecond?: number;
  /**
   * Days each signal is kept; each at least 1 (24 hours).
   * @default - 30 days each
   */
  readonly retentionDays?: LoadRetention;
  /**
   * Tenants sharing the load (X-Scope-OrgID values). Informational for sizing: per-tenant limits
   * are the backends' `tenantLimits`.
   * @default 1
   */
  readonly tenants?: number;
  /**
   * Queries per second over all signals' query paths (dashboards, rules, Explore).
   * @default 5 (small.yaml's figure for about 1M series)
   */
  readonly queriesPerSecond?: number;
}

/** A {@link LoadProfile} after validation, with every default filled in and the rates derived. */
export interface ResolvedLoad {
  /** Active series before replication. */
  readonly activeSeries: number;
  /** Samples per second. */
  readonly samplesPerSecond: number;
  /** Raw log bytes per second, averaged over a day. */
  readonly logBytesPerSecond: number;
  /** Raw log GB per day. */
  readonly logsGbPerDay: number;
  /** Spans per second, averaged over a day. */
  readonly spansPerSecond: number;
  /** Spans per day. */
  readonly spansPerDay: number;
  /** Profiles per second. */
  readonly profilesPerSecond: number;
  /** Days kept per signal. */
  readonly retentionDays: Required<LoadRetention>;
  /** Tenants. */
  readonly tenants: number;
  /** Queries per second. */
  readonly queriesPerSecond: number;
}

const RETENTION_KEYS: readonly (keyof LoadRetention)[] = ['metrics', 'logs', 'traces', 'profiles'];
const PROFILE_KEYS: readonly (keyof LoadProfile)[] = [
  'activeSeries', 'scrapeIntervalSeconds', 'samplesPerSecond', 'logsGbPerDay', 'spansPerDay', 'profilesPerSecond', 'retentionDays', 'tenants', 'queriesPerSecond',
];
/** Days kept when a load does not say. */
export const DEFAULT_LOAD_RETENTION_DAYS = 30;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** How an error quotes a value that should be a number: `Infinity` and `NaN` as themselves (JSON would print null). */
export function showNumber(v: unknown): string {
  return typeof v === 'number' ? String(v) : show(v);
}

/**
 * Validates a load and derives its rates. Throws one error, prefixed with `label`, naming every bad
 * field, its value and what is allowed: negative or non-finite numbers, 0 where a load is required,
 * a retention shorter than 24 hours, a field that is not one of LoadProfile's.
 */
export function resolveLoad(profile: LoadProfile, label = 'LoadProfile'): ResolvedLoad {
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    check(label, [{ when: true, message: `the load is ${show(profile)}, but it must be an object of LoadProfile fields` }]);
  }
  const rules: Rule[] = [];
  const required = (field: keyof LoadProfile, unit: string) => {
    const v = profile[field];
    rules.push({ when: !finite(v) || v <= 0, message: `${field} is ${showNumber(v)}, but it must be a finite number above 0 (${unit})` });
  };
  const optional = (field: keyof LoadProfile, unit: string, positive: boolean) => {
    const v = profile[field];
    if (v === undefined) return;
    rules.push({ when: !finite(v) || (positive ? v <= 0 : v < 0), message: `${field} is ${showNumber(v)}, but it must be a finite number ${positive ? 'above 0' : 'of at least 0'} (${unit})` });
  };
  rules.push(...Object.keys(profile).filter((k) => !PROFILE_KEYS.includes(k as keyof LoadProfile)).map((k) => ({
    when: true, message: `${k} is not a field of LoadProfile; known fields are ${PROFILE_KEYS.join(', ')}`,
  })));
  required('activeSeries', 'series');
  optional('scrapeIntervalSeconds', 'seconds', true);
  optional('samplesPerSecond', 'samples per second', true);
  required('logsGbPerDay', 'GB per day');
  required('spansPerDay', 'spans per day');
  optional('profilesPerSecond', 'profiles per second', false);
  optional('queriesPerSecond', 'queries per second', true);
  const tenants = profile.tenants;
  rules.push({ when: tenants !== undefined && (!Number.isInteger(tenants) || tenants < 1), message: `tenants is ${showNumber(tenants)}, but it must be an integer of at least 1` });
  // null is refused like any other non-object (`?? {}` would have taken it for the defaults).
  const retention = profile.retentionDays === undefined ? {} : profile.retentionDays;
  const retentionIsObject = retention !== null && typeof retention === 'object' && !Array.isArray(retention);
  rules.push({ when: !retentionIsObject, message: `retentionDays is ${show(retention)}, but it must be an object of signal: days` });
  if (retentionIsObject) {
    rules.push(...Object.keys(retention).filter((k) => !RETENTION_KEYS.includes(k as keyof LoadRetention)).map((k) => ({
      when: true, message: `retentionDays.${k} is not a signal; allowed are ${RETENTION_KEYS.join(', ')}`,
    })));
    for (const key of RETENTION_KEYS) {
      const days = retention[key];
      if (days === undefined) continue;
      // Every backend compacts and deletes in whole blocks of a day or more; below 24 h nothing is ever kept as configured.
      rules.push({ when: !finite(days) || days < 1, message: `retentionDays.${key} is ${showNumber(days)}, but a retention must be a finite number of days of at least 1 (24 hours)` });
    }
  }
  check(label, rules);

  const interval = profile.scrapeIntervalSeconds ?? 15;
  const days = (key: keyof LoadRetention) => (retentionIsObject ? retention[key] : undefined) ?? DEFAULT_LOAD_RETENTION_DAYS;
  return {
    activeSeries: profile.activeSeries,
    samplesPerSecond: profile.samplesPerSecond ?? profile.activeSeries / interval,
    logBytesPerSecond: (profile.logsGbPerDay * 1e9) / SECONDS_PER_DAY,
    logsGbPerDay: profile.logsGbPerDay,
    spansPerSecond: profile.spansPerDay / SECONDS_PER_DAY,
    spansPerDay: profile.spansPerDay,
    profilesPerSecond: profile.profilesPerSecond ?? 0,
    retentionDays: { metrics: days('metrics'), logs: days('logs'), traces: days('traces'), profiles: days('profiles') },
    tenants: tenants ?? 1,
    queriesPerSecond: profile.queriesPerSecond ?? DEFAULT_QUERIES_PER_SECOND,
  };
}
