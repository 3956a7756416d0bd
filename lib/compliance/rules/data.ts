import { isTrue } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, nonCompliant } from '../rule';

/** Terraform types that hold data which a destroy would lose. */
export const DATA_HOLDING_TYPES: readonly string[] = [
  'aws_s3_bucket', 'aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_replication_group', 'aws_elasticache_cluster',
  'aws_kms_key', 'aws_efs_file_system', 'aws_dynamodb_table', 'aws_ebs_volume',
];

/** LGTM-DATA-1: in production, nothing that holds data can be destroyed by a plan. */
export const DATA_PREVENT_DESTROY: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-DATA-1',
  rationale: 'In production a bucket, database, cache with data or KMS key has lifecycle.prevent_destroy, no force_destroy and no skip_final_snapshot, so no plan can wipe it.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  resourceTypes: DATA_HOLDING_TYPES,
  check(resource, stack) {
    if (!stack.production) return NOT_APPLICABLE;
    // memcached keeps nothing worth keeping; Redis / Valkey clusters do.
    if (resource.type === 'aws_elasticache_cluster' && resource.config.engine === 'memcached') return NOT_APPLICABLE;
    const lifecycle = (resource.config.lifecycle ?? {}) as Record<string, unknown>;
    const problems = [
      !isTrue(lifecycle.prevent_destroy) && 'lifecycle.prevent_destroy is not true',
      isTrue(resource.config.force_destroy) && 'force_destroy is true',
      isTrue(resource.config.skip_final_snapshot) && 'skip_final_snapshot is true',
    ].filter((p): p is string => typeof p === 'string');
    return problems.length === 0 ? COMPLIANT : nonCompliant(`${problems.join(', ')} in production`);
  },
};

/** The data-durability rules. */
export const DATA_RULES: readonly ResourceRule[] = [DATA_PREVENT_DESTROY];
