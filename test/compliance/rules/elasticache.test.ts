import { ElasticacheReplicationGroup, ElasticacheReplicationGroupConfig } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import {
  REDIS_AT_REST_ENCRYPTION, REDIS_AUTH, REDIS_FAILOVER, REDIS_TRANSIT_ENCRYPTION,
} from '../../../lib/compliance/rules/elasticache';
import { bareStack, verdicts } from '../../support/compliance';

const RG = 'aws_elasticache_replication_group.redis';

/** A Redis replication group that meets every rule (AUTH token from Secrets Manager), with `patch`. */
function redis(patch: Partial<ElasticacheReplicationGroupConfig> = {}) {
  const stack = bareStack();
  const token = new SecretsmanagerSecretVersion(stack, 'token', { secretId: 'lgtm/redis', secretStringWo: '${ephemeral.random_password.x.result}' });
  new ElasticacheReplicationGroup(stack, 'redis', {
    replicationGroupId: 'lgtm-sessions', description: 'Grafana sessions', engine: 'redis', nodeType: 'cache.t4g.small',
    numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true,
    transitEncryptionEnabled: true, atRestEncryptionEnabled: 'true', authToken: token.secretString,
    ...patch,
  });
  return stack;
}

describe('LGTM-REDIS-1 in-transit encryption', () => {
  test('LGTM-REDIS-1 stays quiet with TLS required', () => {
    expect(verdicts(redis(), REDIS_TRANSIT_ENCRYPTION)).toEqual({ [RG]: 'compliant' });
  });

  test('LGTM-REDIS-1 fires without TLS, or with TLS only preferred', () => {
    expect(verdicts(redis({ transitEncryptionEnabled: false }), REDIS_TRANSIT_ENCRYPTION)).toEqual({
      [RG]: 'non-compliant: transit_encryption_enabled is not true',
    });
    expect(verdicts(redis({ transitEncryptionMode: 'preferred' }), REDIS_TRANSIT_ENCRYPTION)[RG]).toMatch(/transit_encryption_mode is 'preferred'/);
  });

  test('does not apply to memcached', () => {
    expect(verdicts(redis({ engine: 'memcached', transitEncryptionEnabled: false }), REDIS_TRANSIT_ENCRYPTION)).toEqual({ [RG]: 'not-applicable' });
  });
});

describe('LGTM-REDIS-2 at-rest encryption', () => {
  test('LGTM-REDIS-2 stays quiet with at-rest encryption', () => {
    expect(verdicts(redis(), REDIS_AT_REST_ENCRYPTION)).toEqual({ [RG]: 'compliant' });
  });

  test('LGTM-REDIS-2 fires without at-rest encryption', () => {
    expect(verdicts(redis({ atRestEncryptionEnabled: 'false' }), REDIS_AT_REST_ENCRYPTION)).toEqual({
      [RG]: 'non-compliant: at_rest_encryption_enabled is not true',
    });
  });
});

describe('LGTM-REDIS-3 AUTH', () => {
  test('LGTM-REDIS-3 stays quiet with an AUTH token or RBAC user groups', () => {
    expect(verdicts(redis(), REDIS_AUTH)).toEqual({ [RG]: 'compliant' });
    expect(verdicts(redis({ authToken: undefined, userGroupIds: ['lgtm-users'] }), REDIS_AUTH)).toEqual({ [RG]: 'compliant' });
  });

  test('LGTM-REDIS-3 fires without authentication', () => {
    expect(verdicts(redis({ authToken: undefined }), REDIS_AUTH)).toEqual({ [RG]: 'non-compliant: neither auth_token nor user_group_ids is set' });
  });
});

describe('LGTM-REDIS-4 failover in production', () => {
  test('LGTM-REDIS-4 stays quiet with automatic Multi-AZ failover in production', () => {
    expect(verdicts(redis(), REDIS_FAILOVER, true)).toEqual({ [RG]: 'compliant' });
  });

  test('LGTM-REDIS-4 fires without failover in production', () => {
    expect(verdicts(redis({ automaticFailoverEnabled: false, multiAzEnabled: false, numCacheClusters: 1 }), REDIS_FAILOVER, true)).toEqual({
      [RG]: 'non-compliant: automatic_failover_enabled and multi_az_enabled not true in production',
    });
  });

  test('does not apply outside production', () => {
    expect(verdicts(redis({ automaticFailoverEnabled: false }), REDIS_FAILOVER, false)).toEqual({ [RG]: 'not-applicable' });
  });
});
