import { EnvironmentConfig } from '../../lib/config/environment-config';

/** A valid environment to derive bad ones from in tests. */
export const VALID_ENV: EnvironmentConfig = {
  name: 'test',
  region: 'eu-west-1',
  tier: 'monolithic',
  tenants: ['team-a'],
};
