import { EnvironmentConfig } from '../../stacks/environment-config';

/** A valid environment to derive bad ones from in tests. */
export const VALID_ENV: EnvironmentConfig = {
  name: 'test',
  region: 'eu-west-1',
  tier: 'monolithic',
  tenants: ['team-a'],
};

/**
 * A valid production environment: production needs a restricted API endpoint, and backends that
 * keep 3 copies over zones (the microservices tier), and state in S3.
 */
export const VALID_PROD_ENV: EnvironmentConfig = {
  ...VALID_ENV,
  tier: 'microservices',
  production: true,
  state: { type: 's3', bucket: 'lgtm-test-terraform-state' },
  cluster: { publicAccessCidrs: ['203.0.113.0/24'] },
};
