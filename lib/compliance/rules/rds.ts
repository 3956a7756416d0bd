import { blocks, isExpression, isTrue, literal, numberOf, references } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, StackView, SynthesizedResource, nonCompliant, verdict } from '../rule';

const MIN_BACKUP_DAYS = 7;

/** LGTM-RDS-1: database storage is encrypted. */
export const RDS_ENCRYPTED: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-1',
  rationale: 'Database storage, snapshots and backups are encrypted at rest (storage_encrypted).',
  severity: 'high',
  cdkNag: ['AwsSolutions-RDS2'],
  checkov: ['CKV_AWS_16'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(db) {
    // A read replica inherits the encryption of its source.
    if (db.config.replicate_source_db !== undefined) return NOT_APPLICABLE;
    return verdict(isTrue(db.config.storage_encrypted), 'storage_encrypted is not true');
  },
};

/** LGTM-RDS-2: no database instance is publicly accessible. */
export const RDS_NOT_PUBLIC: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-2',
  rationale: 'A database is reachable only from inside the VPC (publicly_accessible not true).',
  severity: 'high',
  cdkNag: ['NIST.800.53.R5-RDSInstancePublicAccess'],
  checkov: ['CKV_AWS_17'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  check(db) {
    return verdict(!isTrue(db.config.publicly_accessible), 'publicly_accessible is true');
  },
};

/** LGTM-RDS-3: automated backups are kept for at least 7 days. */
export const RDS_BACKUPS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-3',
  rationale: `Automated backups are kept for at least ${MIN_BACKUP_DAYS} days (backup_retention_period), so a bad change can be undone point-in-time.`,
  severity: 'medium',
  cdkNag: ['AwsSolutions-RDS13'],
  checkov: ['CKV_AWS_133'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(db) {
    // A replica has no backups of its own; a value known only at apply cannot be checked here.
    if (db.config.replicate_source_db !== undefined || isExpression(db.config.backup_retention_period)) return NOT_APPLICABLE;
    const days = numberOf(db.config.backup_retention_period);
    return verdict(days !== undefined && days >= MIN_BACKUP_DAYS,
      `backup_retention_period is ${days ?? 'unset'}, but it must be at least ${MIN_BACKUP_DAYS}`);
  },
};

/** LGTM-RDS-4: in production, databases have deletion protection. */
export const RDS_DELETION_PROTECTION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-4',
  rationale: 'In production a database has deletion_protection on, so neither a plan nor a console click can delete it.',
  severity: 'high',
  cdkNag: ['AwsSolutions-RDS10'],
  checkov: ['CKV_AWS_293'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(db, stack) {
    if (!stack.production) return NOT_APPLICABLE;
    return verdict(isTrue(db.config.deletion_protection), 'deletion_protection is not true in production');
  },
};

/** LGTM-RDS-5: in production, databases are Multi-AZ. */
export const RDS_MULTI_AZ: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-5',
  rationale: 'In production a database survives the loss of an availability zone (multi_az, or a cluster with instances in two zones).',
  severity: 'medium',
  cdkNag: ['AwsSolutions-RDS3'],
  checkov: ['CKV_AWS_157'],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(db, stack) {
    if (!stack.production) return NOT_APPLICABLE;
    if (db.type === 'aws_db_instance') return verdict(isTrue(db.config.multi_az), 'multi_az is not true in production');
    // A Multi-AZ DB cluster (db_cluster_instance_class), or an Aurora cluster with a reader to fail over to.
    if (db.config.db_cluster_instance_class !== undefined) return COMPLIANT;
    const instances = stack.linked(db, 'aws_rds_cluster_instance', 'cluster_identifier').length;
    return verdict(instances >= 2, `the cluster has ${instances} instance(s), but failover needs at least 2`);
  },
};

// Parameters that refuse unencrypted connections, per engine family.
const FORCE_TLS: readonly { engines: RegExp; parameter: string; on: readonly string[] }[] = [
  { engines: /postgres|sqlserver/, parameter: 'rds.force_ssl', on: ['1', 'true'] },
  { engines: /mysql|mariadb/, parameter: 'require_secure_transport', on: ['1', 'ON', 'on', 'true'] },
];

function parameterGroup(db: SynthesizedResource, stack: StackView): SynthesizedResource | undefined {
  const [attribute, type] = db.type === 'aws_rds_cluster'
    ? ['db_cluster_parameter_group_name', 'aws_rds_cluster_parameter_group']
    : ['parameter_group_name', 'aws_db_parameter_group'];
  const value = db.config[attribute];
  const byRef = references(value).map((a) => stack.byAddress(a)).find((r) => r?.type === type);
  return byRef ?? stack.ofType(type).find((g) => literal(g.config.name) !== undefined && g.config.name === value);
}

/** LGTM-RDS-6: databases refuse connections without TLS (a parameter group that forces it). */
export const RDS_FORCE_TLS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-RDS-6',
  rationale: 'The parameter group forces TLS (rds.force_ssl = 1, require_secure_transport = ON for MySQL), so no client can connect in clear.',
  severity: 'medium',
  cdkNag: [],
  checkov: [],
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  check(db, stack) {
    const engine = String(db.config.engine ?? '');
    const rule = FORCE_TLS.find((r) => r.engines.test(engine));
    if (!rule) return NOT_APPLICABLE;
    const group = parameterGroup(db, stack);
    if (!group) return nonCompliant(`no parameter group of this stack sets ${rule.parameter}`);
    const value = blocks(group.config.parameter).find((p) => p.name === rule.parameter)?.value;
    return verdict(rule.on.includes(String(value)), `${group.address} sets ${rule.parameter} to ${value ?? 'nothing'}, not ${rule.on[0]}`);
  },
};

/** The RDS rules. */
export const RDS_RULES: readonly ResourceRule[] = [
  RDS_ENCRYPTED, RDS_NOT_PUBLIC, RDS_BACKUPS, RDS_DELETION_PROTECTION, RDS_MULTI_AZ, RDS_FORCE_TLS,
];
