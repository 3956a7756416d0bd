import { TerraformVariable, Testing } from 'cdktf';
import { GrafanaDatabase, GrafanaDatabaseProps } from '../../lib/aws/grafana-database';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { DATA_ENGINES, GRAFANA_DB_INSTANCE_CLASSES } from '../../lib/config/data-versions';
import { FAKE_CLUSTER, FAKE_NETWORK } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function build(props: Partial<GrafanaDatabaseProps> = {}) {
  const stack = testStack();
  const db = new GrafanaDatabase(stack, 'db', { cluster: FAKE_CLUSTER, environment: 'prod', ...props });
  const json = synthJson(stack);
  return { stack, db, json, instance: Object.values(resourcesOf(json, 'aws_db_instance'))[0] };
}

describe('GrafanaDatabase', () => {
  test('PostgreSQL at the pinned major version, encrypted gp3, never public', () => {
    const { instance } = build();
    expect(instance).toMatchObject({
      identifier: 'lgtm-prod-grafana',
      engine: 'postgres',
      engine_version: DATA_ENGINES.postgres.engineVersion,
      storage_type: 'gp3',
      storage_encrypted: true,
      publicly_accessible: false,
      db_name: 'grafana',
      username: 'grafana',
    });
    expect(DATA_ENGINES.postgres).toEqual({ engineVersion: '18', parameterGroupFamily: 'postgres18' });
  });

  test('the master password is managed by RDS in Secrets Manager; no password in Terraform', () => {
    const { instance, stack, db } = build();
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.password).toBeUndefined();
    expect(instance.password_wo).toBeUndefined();
    expect(Testing.synth(stack)).not.toMatch(/"password"/);
    expect(db.masterSecretArn).toMatch(/TfToken/);
  });

  test('lives in the private subnets through its own subnet group', () => {
    const { json, instance } = build();
    const groups = Object.values(resourcesOf(json, 'aws_db_subnet_group'));
    expect(groups).toEqual([expect.objectContaining({ subnet_ids: FAKE_NETWORK.privateSubnetIds })]);
    expect(instance.db_subnet_group_name).toMatch(/^\$\{aws_db_subnet_group\.db_subnets_\w+\.name\}$/);
  });

  test('security group admits only the cluster nodes, on 5432, and nothing else', () => {
    const { json, instance } = build();
    const groups = Object.entries(resourcesOf(json, 'aws_security_group'));
    expect(groups).toHaveLength(1);
    expect(groups[0][1]).toMatchObject({ vpc_id: FAKE_NETWORK.vpcId });
    expect(groups[0][1].ingress).toBeUndefined();
    expect(groups[0][1].egress).toBeUndefined();
    expect(Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([expect.objectContaining({
      from_port: 5432, to_port: 5432, ip_protocol: 'tcp', referenced_security_group_id: 'sg-0123456789abcdef0',
    })]);
    expect(JSON.stringify(json)).not.toContain('0.0.0.0/0');
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
    expect(instance.vpc_security_group_ids).toEqual([`\${aws_security_group.${groups[0][0]}.id}`]);
  });

  test('the parameter group forces TLS', () => {
    const { json, instance } = build();
    const [id, group] = Object.entries(resourcesOf(json, 'aws_db_parameter_group'))[0];
    expect(group.family).toBe('postgres18');
    expect(group.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(instance.parameter_group_name).toBe(`\${aws_db_parameter_group.${id}.name}`);
  });

  test('outside production: single-AZ, small, 1 day of backups, no deletion protection, no final snapshot', () => {
    const { instance } = build();
    expect(instance).toMatchObject({
      instance_class: 'db.t4g.small', multi_az: false, deletion_protection: false, backup_retention_period: 1,
      performance_insights_enabled: false,
      // A fixed final snapshot name would collide on the second destroy of a dev database.
      skip_final_snapshot: true,
    });
    expect(instance.final_snapshot_identifier).toBeUndefined();
    expect(build({ finalSnapshot: true }).instance).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: 'lgtm-prod-grafana-final' });
    expect(instance.lifecycle).toBeUndefined();
  });

  describe('production protections', () => {
    const prod = () => build({ production: true }).instance;
    test('Multi-AZ', () => expect(prod().multi_az).toBe(true));
    test('deletion protection', () => expect(prod().deletion_protection).toBe(true));
    test('backups kept at least 7 days', () => expect(prod().backup_retention_period).toBeGreaterThanOrEqual(7));
    test('a final snapshot, not skipped', () => expect(prod()).toMatchObject({ skip_final_snapshot: false, final_snapshot_identifier: 'lgtm-prod-grafana-final' }));
    test('Performance Insights', () => expect(prod()).toMatchObject({ performance_insights_enabled: true, performance_insights_retention_period: 7 }));
    test('prevent_destroy', () => expect(prod().lifecycle).toEqual({ prevent_destroy: true }));
    test('automated backups kept after deletion', () => expect(prod().delete_automated_backups).toBe(false));
  });

  test('an older engine version brings its own parameter group family', () => {
    const { json, instance } = build({ engineVersion: '17.6' });
    expect(instance.engine_version).toBe('17.6');
    expect(Object.values(resourcesOf(json, 'aws_db_parameter_group'))[0]).toMatchObject({ family: 'postgres17', name_prefix: 'lgtm-prod-grafana-postgres17-' });
  });

  test('a customer KMS key encrypts storage, the master secret and Performance Insights', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
    const { instance } = build({ production: true, kmsKeyArn: key });
    expect(instance).toMatchObject({ kms_key_id: key, master_user_secret_kms_key_id: key, performance_insights_kms_key_id: key });
  });

  test('exposes endpoint, port, database name, username and master secret ARN', () => {
    const { db } = build({ databaseName: 'dashboards', username: 'grafana_owner' });
    expect(db).toMatchObject({ port: 5432, databaseName: 'dashboards', username: 'grafana_owner' });
    expect(db.endpoint).toMatch(/TfToken/);
  });

  test('warns about burstable classes in production', () => {
    const { db } = build({ production: true, instanceClass: 'db.t4g.medium' });
    expect(db.node.metadata.map((m) => m.data)).toContainEqual(expect.stringMatching(/db\.t4g\.medium is burstable/));
  });

  test.each<[string, Partial<GrafanaDatabaseProps>, RegExp]>([
    ['the instance class is not in the allowed list', { instanceClass: 'db.x2g.16xlarge' }, new RegExp(`instanceClass is 'db\\.x2g\\.16xlarge', but allowed classes are ${GRAFANA_DB_INSTANCE_CLASSES.slice(0, 3).join(', ').replace(/\./g, '\\.')}`)],
    ['the instance class is not an RDS class', { instanceClass: 'm6i.large' }, /instanceClass is 'm6i\.large'/],
    ['production backups are shorter than 7 days', { production: true, backupRetentionDays: 3 }, /backupRetentionDays is 3, but production needs at least 7/],
    ['backups are 0 days', { backupRetentionDays: 0 }, /backupRetentionDays is 0, but it must be an integer of 1-35/],
    ['production is single-AZ', { production: true, multiAz: false }, /multiAz is false, but production databases must be Multi-AZ/],
    ['production drops the final snapshot', { production: true, finalSnapshot: false }, /finalSnapshot is false, but production databases keep a final snapshot when destroyed/],
    ['production turns off Performance Insights', { production: true, performanceInsights: false }, /performanceInsights is false/],
    ['storage is below the gp3 minimum', { allocatedStorageGiB: 10 }, /allocatedStorageGiB is 10, but gp3 storage must be an integer of 20-65536/],
    ['max storage is below allocated storage', { allocatedStorageGiB: 50, maxAllocatedStorageGiB: 40 }, /maxAllocatedStorageGiB is 40, but it must be an integer of at least allocatedStorageGiB \(50\)/],
    ['the database name is not an identifier', { databaseName: 'grafana-db' }, /databaseName is 'grafana-db'/],
    ['the username is reserved', { username: 'postgres' }, /username is 'postgres', but .* not one of postgres, rdsadmin/],
    ['the identifier would be invalid', { environment: 'Prod' }, /the instance identifier 'lgtm-Prod-grafana' \(from namePrefix 'lgtm' and environment 'Prod'\) is invalid/],
    ['the network has fewer than 2 private subnets', { cluster: { ...FAKE_CLUSTER, network: { ...FAKE_NETWORK, privateSubnetIds: ['subnet-a'] } } }, /privateSubnetIds has 1 subnet\(s\), but an RDS subnet group needs subnets in at least 2 availability zones/],
    ['the engine version is not a PostgreSQL version', { engineVersion: 'latest' }, /engineVersion is 'latest', but it must be a PostgreSQL major/],
    ['the engine version is too old', { engineVersion: '12.22' }, /engineVersion is '12\.22'/],
    ['the KMS key is not an ARN', { kmsKeyArn: 'key-1' }, /kmsKeyArn is 'key-1'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ instanceClass: 'db.huge' })).toThrow(/^GrafanaDatabase 'test\/db': instanceClass/);
  });

  test('skips checks of values that are unresolved tokens', () => {
    const stack = testStack();
    const str = (id: string) => new TerraformVariable(stack, id, { type: 'string' }).stringValue;
    const num = (id: string) => new TerraformVariable(stack, id, { type: 'number' }).numberValue;
    expect(() => new GrafanaDatabase(stack, 'db', {
      cluster: FAKE_CLUSTER, environment: str('env'), instanceClass: str('class'), backupRetentionDays: num('backups'),
      allocatedStorageGiB: num('storage'), maxAllocatedStorageGiB: num('max'), kmsKeyArn: str('key'), databaseName: str('db-name'), engineVersion: str('version'),
    })).not.toThrow();
  });
});

describe('GrafanaDatabase handles', () => {
  const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-abc-123';
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const roleIn = (stack: ReturnType<typeof testStack>) =>
    new WorkloadRole(stack, 'grafana', { cluster: FAKE_CLUSTER, namespace: 'lgtm', serviceAccount: 'grafana' });
  const grafanaPolicy = (json: ReturnType<typeof synthJson>) =>
    Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.startsWith('grafana_permissions'))![1].statement;

  test('grantSecretRead lets a role read the master secret, and decrypt it only through Secrets Manager', () => {
    const stack = testStack();
    const db = new GrafanaDatabase(stack, 'db', { cluster: FAKE_CLUSTER, environment: 'prod', kmsKeyArn: KEY });
    db.grantSecretRead(roleIn(stack));
    expect(grafanaPolicy(synthJson(stack))).toEqual([
      { effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: ['${aws_db_instance.db_instance_5A659807.master_user_secret[0].secret_arn}'] },
      { effect: 'Allow', actions: ['kms:Decrypt'], resources: [KEY], condition: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['secretsmanager.*.amazonaws.com'] }] },
    ]);
  });

  test('fromAttributes: a database run elsewhere, with defaults, and its grant', () => {
    const stack = testStack();
    const db = GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: 'grafana.abc.eu-west-1.rds.amazonaws.com', masterSecretArn: SECRET });
    expect(db).toMatchObject({ port: 5432, databaseName: 'grafana', username: 'grafana', masterSecretArn: SECRET });
    db.grantSecretRead(roleIn(stack));
    expect(grafanaPolicy(synthJson(stack))).toEqual([
      { effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [SECRET] },
    ]);
  });

  test.each([
    [{ endpoint: undefined }, /endpoint is undefined, but it is required/],
    [{ endpoint: 'postgres://grafana.example.com:5432' }, /endpoint is 'postgres:\/\/grafana.example.com:5432', but it must be a host name without scheme or port/],
    [{ port: 0 }, /port is 0, but it must be an integer of 1-65535/],
    [{ databaseName: 'Grafana-DB' }, /databaseName is 'Grafana-DB'/],
    [{ masterSecretArn: 'arn:aws:ssm:eu-west-1:111122223333:parameter/x' }, /masterSecretArn is .*, but it must be a Secrets Manager secret ARN/],
    [{ kmsKeyArn: 'my-key' }, /kmsKeyArn is 'my-key', but it must be a KMS key ARN/],
  ])('fromAttributes fails if %j', (patch, message) => {
    expect(() => GrafanaDatabase.fromAttributes(testStack(), 'db', { endpoint: 'db.example.com', masterSecretArn: SECRET, ...patch } as never)).toThrow(message);
  });
});

describe('GrafanaDatabase log groups', () => {
  test('creates the exported log groups with a retention before the instance (RDS would create them without one)', () => {
    const { json, instance } = build({ logRetentionDays: 90 });
    const groups = resourcesOf(json, 'aws_cloudwatch_log_group');
    expect(Object.values(groups).map((g) => [g.name, g.retention_in_days]).sort()).toEqual([
      ['/aws/rds/instance/lgtm-prod-grafana/postgresql', 90],
      ['/aws/rds/instance/lgtm-prod-grafana/upgrade', 90],
    ]);
    expect(instance.depends_on).toEqual(expect.arrayContaining(Object.keys(groups).map((k) => `aws_cloudwatch_log_group.${k}`)));
    expect(Object.values(resourcesOf(build().json, 'aws_cloudwatch_log_group'))[0].retention_in_days).toBe(365);
  });

  test('fails if the retention is not one CloudWatch accepts', () => {
    expect(() => build({ logRetentionDays: 10 })).toThrow(/logRetentionDays is 10, but CloudWatch accepts only 1, 3, 5/);
  });
});

describe('GrafanaDatabase: clients, IAM authentication, Enhanced Monitoring, log protection (issue 15)', () => {
  const POD_SG = 'sg-0aaaaaaaaaaaaaaaa';
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  test('admits only the given client security groups, at the same rule address', () => {
    const { json } = build({ clientSecurityGroupIds: [POD_SG] });
    const rules = resourcesOf(json, 'aws_vpc_security_group_ingress_rule');
    expect(Object.keys(rules)).toHaveLength(1);
    expect(Object.keys(rules)[0]).toMatch(/from-nodes/);
    expect(Object.values(rules)[0]).toMatchObject({ referenced_security_group_id: POD_SG, from_port: 5432 });
    expect(Object.values(resourcesOf(build().json, 'aws_vpc_security_group_ingress_rule'))[0].referenced_security_group_id).toBe(FAKE_CLUSTER.nodeSecurityGroupId);
  });

  test.each([
    ['no client is admitted', { clientSecurityGroupIds: [] }, /clientSecurityGroupIds is \[\], but at least one security group must be admitted/],
    ['a client is not a security group id', { clientSecurityGroupIds: ['grafana'] }, /clientSecurityGroupIds has 'grafana', but each must be a security group id/],
    ['the monitoring interval is not one RDS takes', { monitoringIntervalSeconds: 45 }, /monitoringIntervalSeconds is 45, but RDS accepts only 0, 1, 5, 10, 15, 30, 60/],
    ['iamAuthentication is a string', { iamAuthentication: 'true' as never }, /iamAuthentication is 'true', but it must be true or false/],
    ['the log key is an alias', { logKmsKeyArn: 'alias/logs' }, /logKmsKeyArn is 'alias\/logs'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('IAM database authentication is on by default', () => {
    expect(build().instance.iam_database_authentication_enabled).toBe(true);
    expect(build({ iamAuthentication: false }).instance.iam_database_authentication_enabled).toBe(false);
  });

  test('production gets Enhanced Monitoring through a role RDS may assume only for this instance and account', () => {
    const { json, instance } = build({ production: true });
    expect(instance.monitoring_interval).toBe(60);
    expect(String(instance.monitoring_role_arn)).toMatch(/aws_iam_role\.db_monitoring-role/);
    const trust = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([k]) => k.includes('monitoring-trust'))![1] as { statement: { condition: unknown[]; principals: unknown[] }[] };
    expect(trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }]);
    expect(trust.statement[0].condition).toEqual([
      expect.objectContaining({ test: 'StringEquals', variable: 'aws:SourceAccount' }),
      expect.objectContaining({ test: 'StringLike', variable: 'aws:SourceArn', values: [expect.stringMatching(/:rds:.*:db:lgtm-prod-grafana$/)] }),
    ]);
    const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).map((a) => String(a.policy_arn));
    expect(attached[0]).toMatch(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
  });

  test('outside production there is no monitoring role unless an interval is asked for', () => {
    expect(build().instance.monitoring_interval).toBe(0);
    expect(resourcesOf(build().json, 'aws_iam_role')).toEqual({});
    expect(build({ monitoringIntervalSeconds: 30 }).instance.monitoring_interval).toBe(30);
  });

  test('Performance Insights and the log groups use the customer keys; the log groups are kept from destroy in production', () => {
    const { json, instance } = build({ production: true, kmsKeyArn: KEY, logKmsKeyArn: KEY });
    expect(instance.performance_insights_kms_key_id).toBe(KEY);
    const groups = Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'));
    expect(groups.map((g) => g.kms_key_id)).toEqual([KEY, KEY]);
    expect(groups.map((g) => g.lifecycle)).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
    expect(Object.values(resourcesOf(build().json, 'aws_cloudwatch_log_group')).map((g) => g.lifecycle)).toEqual([undefined, undefined]);
  });
});

describe('GrafanaDatabase engine versions (issue 15)', () => {
  test('fails if the PostgreSQL major is not in POSTGRES_MAJOR_VERSIONS', () => {
    expect(() => build({ engineVersion: '19' })).toThrow(/engineVersion is '19', but it must be a PostgreSQL major .* of 14, 15, 16, 17, 18/);
    expect(() => build({ engineVersion: '16.4' })).not.toThrow();
  });
});
