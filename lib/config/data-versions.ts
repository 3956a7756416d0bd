/**
 * Engine versions of the managed data services, one line each: bumping an engine is changing a
 * line here (and, for a major version, reading that engine's upgrade notes first).
 */
export interface DataEnginePin {
  /** Engine version as the AWS API takes it (a major version lets AWS pick the newest minor). */
  readonly engineVersion: string;
  /** Parameter group family that matches the version. */
  readonly parameterGroupFamily: string;
}

/** The session store engines {@link SessionStore} can run. */
export type SessionStoreEngine =
  /** Valkey, the open-source fork ElastiCache prices about 20% below Redis OSS. */
  | 'valkey'
  /** Redis OSS, for teams that must stay on it. */
  | 'redis';

/**
 * Pinned engines. PostgreSQL 18: GA on RDS since 18.1 (AWS RDS PostgreSQL release notes and
 * extension tables; AWS Database blog "PostgreSQL 18 on Amazon Aurora and Amazon RDS", 2026). RDS
 * release notes list a PostgreSQL 19 section, but its general availability was not verified.
 * Valkey 8.2 (family valkey8, ElastiCache "Engine specific parameters"); Valkey 9.x exists on
 * ElastiCache too. Memcached 1.6.22: in-transit encryption needs 1.6.12 or later.
 */
export const DATA_ENGINES = {
  postgres: { engineVersion: '18', parameterGroupFamily: 'postgres18' },
  valkey: { engineVersion: '8.2', parameterGroupFamily: 'valkey8' },
  redis: { engineVersion: '7.1', parameterGroupFamily: 'redis7' },
  memcached: { engineVersion: '1.6.22', parameterGroupFamily: 'memcached1.6' },
} as const satisfies Record<string, DataEnginePin>;

/**
 * RDS instance classes the Grafana database may use: Graviton and current Intel classes that RDS
 * for PostgreSQL offers. Grafana's database is small (users, dashboards, alert state), so the list
 * stops at 2xlarge; a class outside it is refused with this list in the message.
 */
export const GRAFANA_DB_INSTANCE_CLASSES = [
  'db.t4g.micro', 'db.t4g.small', 'db.t4g.medium', 'db.t4g.large',
  'db.m7g.large', 'db.m7g.xlarge', 'db.m7g.2xlarge',
  'db.m6g.large', 'db.m6g.xlarge', 'db.m6g.2xlarge',
  'db.m7i.large', 'db.m7i.xlarge', 'db.m7i.2xlarge',
  'db.m6i.large', 'db.m6i.xlarge', 'db.m6i.2xlarge',
  'db.r7g.large', 'db.r7g.xlarge', 'db.r7g.2xlarge',
  'db.r6g.large', 'db.r6g.xlarge', 'db.r6g.2xlarge',
] as const;

/** One of {@link GRAFANA_DB_INSTANCE_CLASSES}. */
export type GrafanaDbInstanceClass = (typeof GRAFANA_DB_INSTANCE_CLASSES)[number];

/**
 * PostgreSQL major versions the Grafana database may run: those RDS for PostgreSQL offers in
 * standard support on 2026-12-01 (RDS "Supported PostgreSQL major versions"; 13 reached its end of
 * standard support in 2026). 19 is left out until its RDS general availability is verified.
 */
export const POSTGRES_MAJOR_VERSIONS: readonly string[] = ['14', '15', '16', '17', '18'];
