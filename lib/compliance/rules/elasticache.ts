import { isTrue, strings } from '../private/terraform';
import { NOT_APPLICABLE, ResourceRule, SynthesizedResource, Verdict, nonCompliant, verdict } from '../rule';

// Redis OSS and Valkey hold data; memcached (engine of aws_elasticache_cluster only) does not.
function isRedis(group: SynthesizedResource): boolean {
  return group.config.engine === undefined || group.config.engine === 'redis' || group.config.engine === 'valkey';
}

function redisRule(check: (g: SynthesizedResource) => Verdict): (g: SynthesizedResource) => Verdict {
  return (g) => (isRedis(g) ? check(g) : NOT_APPLICABLE);
}

/** LGTM-REDIS-1: Redis encrypts traffic in transit, and requires it. */
export const REDIS_TRANSIT_ENCRYPTION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-REDIS-1',
  rationale: 'Redis requires TLS (transit_encryption_enabled, mode not preferred), so sessions and the AUTH token never cross the network in clear.',
  severity: 'high',
  cdkNag: ['AwsSolutions-AEC3'],
  checkov: ['CKV_AWS_30'],
  resourceTypes: ['aws_elasticache_replication_group'],
  check: redisRule((g) => {
    if (!isTrue(g.config.transit_encryption_enabled)) return nonCompliant('transit_encryption_enabled is not true');
    return verdict(g.config.transit_encryption_mode !== 'preferred', "transit_encryption_mode is 'preferred', which still accepts clear connections");
  }),
};

/** LGTM-REDIS-2: Redis encrypts data at rest. */
export const REDIS_AT_REST_ENCRYPTION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-REDIS-2',
  rationale: 'Redis encrypts its disk, snapshots and backups at rest (at_rest_encryption_enabled).',
  severity: 'high',
  cdkNag: ['AwsSolutions-AEC3'],
  checkov: ['CKV_AWS_29'],
  resourceTypes: ['aws_elasticache_replication_group'],
  check: redisRule((g) => verdict(isTrue(g.config.at_rest_encryption_enabled), 'at_rest_encryption_enabled is not true')),
};

/** LGTM-REDIS-3: Redis requires authentication (AUTH token or RBAC user groups). */
export const REDIS_AUTH: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-REDIS-3',
  rationale: 'Redis requires authentication (auth_token from Secrets Manager, or RBAC user_group_ids), so reaching the port is not enough.',
  severity: 'high',
  cdkNag: ['AwsSolutions-AEC6'],
  checkov: ['CKV_AWS_31'],
  resourceTypes: ['aws_elasticache_replication_group'],
  check: redisRule((g) => {
    const token = typeof g.config.auth_token === 'string' && g.config.auth_token.length > 0;
    return verdict(token || strings(g.config.user_group_ids).length > 0, 'neither auth_token nor user_group_ids is set');
  }),
};

/** LGTM-REDIS-4: in production, Redis fails over automatically to a replica in another zone. */
export const REDIS_FAILOVER: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-REDIS-4',
  rationale: 'In production Redis fails over on its own to a replica in another zone (automatic_failover_enabled and multi_az_enabled).',
  severity: 'medium',
  cdkNag: ['AwsSolutions-AEC4'],
  checkov: [],
  resourceTypes: ['aws_elasticache_replication_group'],
  check(g, stack) {
    if (!stack.production || !isRedis(g)) return NOT_APPLICABLE;
    const off = ['automatic_failover_enabled', 'multi_az_enabled'].filter((a) => !isTrue(g.config[a]));
    return verdict(off.length === 0, `${off.join(' and ')} not true in production`);
  },
};

/** The ElastiCache (Redis / Valkey) rules. */
export const REDIS_RULES: readonly ResourceRule[] = [REDIS_TRANSIT_ENCRYPTION, REDIS_AT_REST_ENCRYPTION, REDIS_AUTH, REDIS_FAILOVER];
