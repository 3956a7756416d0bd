import { DATA_ENGINES, GRAFANA_DB_INSTANCE_CLASSES } from '../../lib/config/data-versions';

describe('the pinned data engines', () => {
  test('PostgreSQL: a major version and its parameter group family agree', () => {
    expect(DATA_ENGINES.postgres.parameterGroupFamily).toBe(`postgres${DATA_ENGINES.postgres.engineVersion.split('.')[0]}`);
  });

  test('Valkey and Redis: major.minor versions with their families', () => {
    expect(DATA_ENGINES.valkey.engineVersion).toMatch(/^\d+\.\d+$/);
    expect(DATA_ENGINES.valkey.parameterGroupFamily).toBe(`valkey${DATA_ENGINES.valkey.engineVersion.split('.')[0]}`);
    expect(DATA_ENGINES.redis.parameterGroupFamily).toBe(`redis${DATA_ENGINES.redis.engineVersion.split('.')[0]}`);
  });

  test('memcached is at least 1.6.12, the first version with in-transit encryption', () => {
    const [major, minor, patch] = DATA_ENGINES.memcached.engineVersion.split('.').map(Number);
    expect(major * 10000 + minor * 100 + patch).toBeGreaterThanOrEqual(10612);
  });
});

describe('GRAFANA_DB_INSTANCE_CLASSES', () => {
  test('lists unique RDS instance classes only', () => {
    expect(new Set(GRAFANA_DB_INSTANCE_CLASSES).size).toBe(GRAFANA_DB_INSTANCE_CLASSES.length);
    for (const c of GRAFANA_DB_INSTANCE_CLASSES) expect(c).toMatch(/^db\.[a-z0-9]+\.[a-z0-9]+$/);
  });
});
