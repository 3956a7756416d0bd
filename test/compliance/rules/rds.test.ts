import { DbInstance, DbInstanceConfig } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { RdsCluster, RdsClusterConfig } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { Token } from 'cdktf';
import {
  RDS_BACKUPS, RDS_DELETION_PROTECTION, RDS_ENCRYPTED, RDS_FORCE_TLS, RDS_MULTI_AZ, RDS_NOT_PUBLIC,
} from '../../../lib/compliance/rules/rds';
import { bareStack, verdicts } from '../../support/compliance';

const DB = 'aws_db_instance.db';

/** A PostgreSQL instance that meets every RDS rule, with `patch` applied. */
function db(patch: Partial<DbInstanceConfig> = {}, forceSsl: string | null = '1') {
  const stack = bareStack();
  const params = new DbParameterGroup(stack, 'params', {
    name: 'lgtm-grafana', family: 'postgres16',
    parameter: forceSsl === null ? [] : [{ name: 'rds.force_ssl', value: forceSsl }],
  });
  new DbInstance(stack, 'db', {
    engine: 'postgres', engineVersion: '16.4', instanceClass: 'db.t4g.medium', allocatedStorage: 20,
    storageEncrypted: true, publiclyAccessible: false, backupRetentionPeriod: 7, deletionProtection: true, multiAz: true,
    manageMasterUserPassword: true, username: 'grafana', parameterGroupName: params.name,
    ...patch,
  });
  return stack;
}

/** An Aurora PostgreSQL cluster with `instances` instances. */
function cluster(patch: Partial<RdsClusterConfig> = {}, instances = 2) {
  const stack = bareStack();
  const params = new RdsClusterParameterGroup(stack, 'params', {
    family: 'aurora-postgresql16', parameter: [{ name: 'rds.force_ssl', value: '1' }],
  });
  const c = new RdsCluster(stack, 'cluster', {
    engine: 'aurora-postgresql', storageEncrypted: true, backupRetentionPeriod: 14, deletionProtection: true,
    manageMasterUserPassword: true, masterUsername: 'grafana', dbClusterParameterGroupName: params.name,
    ...patch,
  });
  for (let i = 0; i < instances; i++) {
    new RdsClusterInstance(stack, `instance-${i}`, { clusterIdentifier: c.id, instanceClass: 'db.r6g.large', engine: 'aurora-postgresql' });
  }
  return stack;
}

describe('LGTM-RDS-1 storage encryption', () => {
  test('LGTM-RDS-1 stays quiet when storage is encrypted', () => {
    expect(verdicts(db(), RDS_ENCRYPTED)).toEqual({ [DB]: 'compliant' });
    expect(verdicts(cluster(), RDS_ENCRYPTED)).toEqual({ 'aws_rds_cluster.cluster': 'compliant' });
  });

  test('LGTM-RDS-1 fires on an unencrypted instance or cluster', () => {
    expect(verdicts(db({ storageEncrypted: false }), RDS_ENCRYPTED)).toEqual({ [DB]: 'non-compliant: storage_encrypted is not true' });
    expect(verdicts(cluster({ storageEncrypted: undefined }), RDS_ENCRYPTED)).toEqual({
      'aws_rds_cluster.cluster': 'non-compliant: storage_encrypted is not true',
    });
  });
});

describe('LGTM-RDS-2 not public', () => {
  test('LGTM-RDS-2 stays quiet on a private instance', () => {
    expect(verdicts(db(), RDS_NOT_PUBLIC)).toEqual({ [DB]: 'compliant' });
  });

  test('LGTM-RDS-2 fires on a publicly accessible instance', () => {
    expect(verdicts(db({ publiclyAccessible: true }), RDS_NOT_PUBLIC)).toEqual({ [DB]: 'non-compliant: publicly_accessible is true' });
  });
});

describe('LGTM-RDS-3 backups', () => {
  test('LGTM-RDS-3 stays quiet with 7 days of backups', () => {
    expect(verdicts(db(), RDS_BACKUPS)).toEqual({ [DB]: 'compliant' });
  });

  test.each([[6], [0], [undefined]])('LGTM-RDS-3 fires with backup_retention_period %p', (days) => {
    expect(verdicts(db({ backupRetentionPeriod: days }), RDS_BACKUPS)).toEqual({
      [DB]: `non-compliant: backup_retention_period is ${days ?? 'unset'}, but it must be at least 7`,
    });
  });
});

test('LGTM-RDS-3 skips a retention known only at apply', () => {
  expect(verdicts(db({ backupRetentionPeriod: Token.asNumber('${var.backup_days}') }), RDS_BACKUPS)).toEqual({ [DB]: 'not-applicable' });
});

describe('LGTM-RDS-4 deletion protection in production', () => {
  test('LGTM-RDS-4 stays quiet with deletion protection in production', () => {
    expect(verdicts(db(), RDS_DELETION_PROTECTION, true)).toEqual({ [DB]: 'compliant' });
  });

  test('LGTM-RDS-4 fires without deletion protection in production', () => {
    expect(verdicts(db({ deletionProtection: false }), RDS_DELETION_PROTECTION, true)).toEqual({
      [DB]: 'non-compliant: deletion_protection is not true in production',
    });
  });

  test('does not apply outside production', () => {
    expect(verdicts(db({ deletionProtection: false }), RDS_DELETION_PROTECTION, false)).toEqual({ [DB]: 'not-applicable' });
  });
});

describe('LGTM-RDS-5 Multi-AZ in production', () => {
  test('LGTM-RDS-5 stays quiet on a Multi-AZ instance and a two-instance cluster', () => {
    expect(verdicts(db(), RDS_MULTI_AZ, true)).toEqual({ [DB]: 'compliant' });
    expect(verdicts(cluster(), RDS_MULTI_AZ, true)).toEqual({ 'aws_rds_cluster.cluster': 'compliant' });
  });

  test('LGTM-RDS-5 fires on a single-AZ instance or a one-instance cluster in production', () => {
    expect(verdicts(db({ multiAz: false }), RDS_MULTI_AZ, true)).toEqual({ [DB]: 'non-compliant: multi_az is not true in production' });
    expect(verdicts(cluster({}, 1), RDS_MULTI_AZ, true)).toEqual({
      'aws_rds_cluster.cluster': 'non-compliant: the cluster has 1 instance(s), but failover needs at least 2',
    });
  });

  test('does not apply outside production', () => {
    expect(verdicts(db({ multiAz: false }), RDS_MULTI_AZ, false)).toEqual({ [DB]: 'not-applicable' });
  });
});

describe('LGTM-RDS-6 forced TLS', () => {
  test('LGTM-RDS-6 stays quiet when the parameter group sets rds.force_ssl = 1', () => {
    expect(verdicts(db(), RDS_FORCE_TLS)).toEqual({ [DB]: 'compliant' });
    expect(verdicts(cluster(), RDS_FORCE_TLS)).toEqual({ 'aws_rds_cluster.cluster': 'compliant' });
  });

  test('LGTM-RDS-6 fires when rds.force_ssl is 0 or not set', () => {
    expect(verdicts(db({}, '0'), RDS_FORCE_TLS)).toEqual({
      [DB]: 'non-compliant: aws_db_parameter_group.params sets rds.force_ssl to 0, not 1',
    });
    expect(verdicts(db({}, null), RDS_FORCE_TLS)).toEqual({
      [DB]: 'non-compliant: aws_db_parameter_group.params sets rds.force_ssl to nothing, not 1',
    });
  });

  test('LGTM-RDS-6 fires on the default parameter group', () => {
    expect(verdicts(db({ parameterGroupName: undefined }), RDS_FORCE_TLS)).toEqual({
      [DB]: 'non-compliant: no parameter group of this stack sets rds.force_ssl',
    });
  });

  test('finds a parameter group named literally', () => {
    expect(verdicts(db({ parameterGroupName: 'lgtm-grafana' }), RDS_FORCE_TLS)).toEqual({ [DB]: 'compliant' });
  });

  test('wants require_secure_transport on MySQL', () => {
    const stack = bareStack();
    const params = new DbParameterGroup(stack, 'params', { family: 'mysql8.0', parameter: [{ name: 'require_secure_transport', value: 'ON' }] });
    new DbInstance(stack, 'db', { engine: 'mysql', instanceClass: 'db.t4g.micro', parameterGroupName: params.name });
    expect(verdicts(stack, RDS_FORCE_TLS)).toEqual({ [DB]: 'compliant' });
  });
});
