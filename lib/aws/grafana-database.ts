import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { DATA_ENGINES, GRAFANA_DB_INSTANCE_CLASSES, POSTGRES_MAJOR_VERSIONS } from '../config/data-versions';
import { IEksCluster } from './i-eks-cluster';
import { LOG_RETENTION_DAYS } from './network';
import { GrafanaDatabaseAttributes, IGrafanaDatabase } from './i-grafana-database';
import { IWorkloadRole } from './i-workload-role';
import { secretReadStatements } from './private/secret-grants';
import { clientSecurityGroupRules, nodeOnlySecurityGroup } from './private/node-only-security-group';
import { HOST_NAME, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, SECRET_ARN, check, known, notPort, notPositiveInteger, requiredFields, show } from '../private/validate';

/** Props of {@link GrafanaDatabase}. */
export interface GrafanaDatabaseProps {
  /** The cluster whose nodes may connect; the database lives in its network's private subnets. */
  readonly cluster: IEksCluster;
  /** Environment name; the instance is `<namePrefix>-<environment>-grafana`. */
  readonly environment: string;
  /**
   * First part of resource names.
   * @default 'lgtm'
   */
  readonly namePrefix?: string;
  /**
   * Turns on the production protections: Multi-AZ, deletion protection, at least 7 days of
   * backups, Performance Insights, a final snapshot and `prevent_destroy`.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Instance class, one of GRAFANA_DB_INSTANCE_CLASSES.
   * @default - 'db.m7g.large' in production, 'db.t4g.small' otherwise
   */
  readonly instanceClass?: string;
  /**
   * Initial storage in GiB (gp3; 20 is the RDS minimum).
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper bound of storage autoscaling in GiB; must be at least `allocatedStorageGiB`.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * Standby in a second availability zone. Refused as false in production.
   * @default - same as `production`
   */
  readonly multiAz?: boolean;
  /**
   * Days of automated backups (1-35); production needs at least 7.
   * @default - 14 in production, 1 otherwise
   */
  readonly backupRetentionDays?: number;
  /**
   * Performance Insights (7 days of retention, the free tier).
   * @default - same as `production`
   */
  readonly performanceInsights?: boolean;
  /**
   * Take a final snapshot (`<identifier>-final`) when the instance is destroyed. Its name is fixed
   * (a changing name would be a diff on every plan), so a second destroy of an instance of the same
   * name fails until the earlier snapshot is deleted; refused as false in production.
   * @default - same as `production`
   */
  readonly finalSnapshot?: boolean;
  /**
   * Customer KMS key ARN for storage, the master secret and Performance Insights.
   * @default - the AWS-managed keys
   */
  readonly kmsKeyArn?: string;
  /**
   * Name of the database Grafana uses.
   * @default 'grafana'
   */
  readonly databaseName?: string;
  /**
   * Master user name; its password is generated and rotated by RDS in Secrets Manager.
   * @default 'grafana'
   */
  readonly username?: string;
  /**
   * Engine version.
   * @default - DATA_ENGINES.postgres.engineVersion (the major version; RDS picks the minor)
   */
  readonly engineVersion?: string;
  /**
   * Days CloudWatch keeps the exported PostgreSQL and upgrade logs; one of CloudWatch's retention
   * values. The log groups are created here, before the instance, so RDS does not create them
   * without retention.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Security groups admitted to the database (Grafana's own pod security group, `PodSecurityGroup`).
   * The cluster security group is carried by every pod, so the default lets any pod connect.
   * @default - the cluster's node security group
   */
  readonly clientSecurityGroupIds?: string[];
  /**
   * IAM database authentication: database users mapped to IAM (`rds_iam`) can sign in with a
   * 15-minute token instead of a password. Grafana itself keeps the master secret.
   * @default true
   */
  readonly iamAuthentication?: boolean;
  /**
   * Enhanced Monitoring interval in seconds (0, 1, 5, 10, 15, 30 or 60): OS metrics of the host,
   * sent by RDS through a monitoring role this construct creates. 0 turns it off.
   * @default - 60 in production, 0 otherwise
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Customer KMS key ARN of the exported-log groups. Its key policy must let the CloudWatch Logs
   * service principal of the region use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
}

const PG_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
const RESERVED_USERS = ['postgres', 'rdsadmin', 'admin', 'rds_superuser', 'rdsrepladmin'];
const MONITORING_INTERVALS: readonly number[] = [0, 1, 5, 10, 15, 30, 60];

/**
 * Grafana's database: RDS for PostgreSQL in the private subnets, encrypted, reachable on 5432 only
 * from `clientSecurityGroupIds` (Grafana's pod security group in an `LgtmPlatform`; by default the
 * cluster security group), TLS forced by its parameter group, never public. The master password is
 * generated and kept by RDS in Secrets Manager (`masterSecretArn`); nothing secret is in Terraform.
 * In production: Multi-AZ, deletion protection, backups of at least 7 days, a final snapshot,
 * Performance Insights and `prevent_destroy`.
 */
export class GrafanaDatabase extends Construct implements IGrafanaDatabase {
  /** A handle for a PostgreSQL database the user runs elsewhere; creates nothing. Validated once. */
  public static fromAttributes(scope: Construct, id: string, attrs: GrafanaDatabaseAttributes): IGrafanaDatabase {
    const handle = {
      endpoint: attrs.endpoint,
      port: attrs.port ?? 5432,
      databaseName: attrs.databaseName ?? 'grafana',
      username: attrs.username ?? 'grafana',
      masterSecretArn: attrs.masterSecretArn,
      kmsKeyArn: attrs.kmsKeyArn,
    };
    check(`GrafanaDatabase.fromAttributes '${scope.node.path}/${id}'`, [
      ...requiredFields(attrs, ['endpoint', 'masterSecretArn']),
      { when: known(attrs.endpoint) && typeof attrs.endpoint === 'string' && attrs.endpoint !== '' && !HOST_NAME.test(attrs.endpoint), message: `endpoint is ${show(attrs.endpoint)}, but it must be a host name without scheme or port` },
      { when: notPort(handle.port), message: `port is ${show(handle.port)}, but it must be an integer of 1-65535` },
      { when: known(attrs.databaseName) && !PG_IDENTIFIER.test(handle.databaseName), message: `databaseName is ${show(attrs.databaseName)}, but it must be 1-63 lowercase letters, digits or underscores, starting with a letter` },
      { when: known(attrs.username) && !PG_IDENTIFIER.test(handle.username), message: `username is ${show(attrs.username)}, but it must be a lowercase PostgreSQL identifier` },
      { when: known(attrs.masterSecretArn) && typeof attrs.masterSecretArn === 'string' && attrs.masterSecretArn !== '' && !SECRET_ARN.test(attrs.masterSecretArn), message: `masterSecretArn is ${show(attrs.masterSecretArn)}, but it must be a Secrets Manager secret ARN` },
      { when: known(attrs.kmsKeyArn) && !KMS_KEY_ARN.test(attrs.kmsKeyArn!), message: `kmsKeyArn is ${show(attrs.kmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
    ]);
    return { ...handle, grantSecretRead: (role) => role.addStatements(...secretReadStatements(handle.masterSecretArn, handle.kmsKeyArn)) };
  }

  /** The RDS instance. */
  public readonly instance: DbInstance;
  /** Host name of the instance. */
  public readonly endpoint: string;
  /** PostgreSQL port. */
  public readonly port: number;
  /** Name of Grafana's database. */
  public readonly databaseName: string;
  /** Master user name. */
  public readonly username: string;
  /** ARN of the RDS-managed Secrets Manager secret holding `username` and `password`. */
  public readonly masterSecretArn: string;
  /** Security group of the database. */
  public readonly securityGroupId: string;
  /** ARN of the customer KMS key of the storage and the master secret, when one is used. */
  public readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: GrafanaDatabaseProps) {
    super(scope, id);
    const production = props.production ?? false;
    const namePrefix = props.namePrefix ?? 'lgtm';
    const identifier = `${namePrefix}-${props.environment}-grafana`;
    const instanceClass = props.instanceClass ?? (production ? 'db.m7g.large' : 'db.t4g.small');
    const allocated = props.allocatedStorageGiB ?? 20;
    const maxAllocated = props.maxAllocatedStorageGiB ?? 100;
    const multiAz = props.multiAz ?? production;
    const backupDays = props.backupRetentionDays ?? (production ? 14 : 1);
    const performanceInsights = props.performanceInsights ?? production;
    const finalSnapshot = props.finalSnapshot ?? production;
    const databaseName = props.databaseName ?? 'grafana';
    const username = props.username ?? 'grafana';
    const subnets = props.cluster.network.privateSubnetIds;
    const engineVersion = props.engineVersion ?? DATA_ENGINES.postgres.engineVersion;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const clients = props.clientSecurityGroupIds ?? [props.cluster.nodeSecurityGroupId];
    const monitoringInterval = props.monitoringIntervalSeconds ?? (production ? 60 : 0);
    // The parameter group family follows the major version, so an upgrade moves both together.
    const family = known(engineVersion) ? `postgres${engineVersion.split('.')[0]}` : DATA_ENGINES.postgres.parameterGroupFamily;

    check(`GrafanaDatabase '${this.node.path}'`, [
      ...clientSecurityGroupRules(props.clientSecurityGroupIds, clients),
      { when: known(logRetentionDays) && !LOG_RETENTION_DAYS.includes(logRetentionDays), message: `logRetentionDays is ${show(logRetentionDays)}, but CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')}` },
      {
        when: known(instanceClass) && !(GRAFANA_DB_INSTANCE_CLASSES as readonly string[]).includes(instanceClass),
        message: `instanceClass is ${show(instanceClass)}, but allowed classes are ${GRAFANA_DB_INSTANCE_CLASSES.join(', ')}`,
      },
      {
        when: [namePrefix, props.environment].every(known) && !/^[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]$/.test(identifier),
        message: `the instance identifier '${identifier}' (from namePrefix ${show(namePrefix)} and environment ${show(props.environment)}) is invalid: RDS allows 1-63 lowercase letters, digits and single dashes, starting with a letter`,
      },
      { when: known(props.allocatedStorageGiB) && (notPositiveInteger(allocated) || allocated < 20 || allocated > 65536), message: `allocatedStorageGiB is ${allocated}, but gp3 storage must be an integer of 20-65536` },
      { when: known(props.maxAllocatedStorageGiB) && known(allocated) && (!Number.isInteger(maxAllocated) || maxAllocated < allocated), message: `maxAllocatedStorageGiB is ${maxAllocated}, but it must be an integer of at least allocatedStorageGiB (${allocated})` },
      { when: known(backupDays) && (!Number.isInteger(backupDays) || backupDays < 1 || backupDays > 35), message: `backupRetentionDays is ${backupDays}, but it must be an integer of 1-35` },
      { when: production && known(backupDays) && backupDays < 7, message: `backupRetentionDays is ${backupDays}, but production needs at least 7` },
      { when: production && props.multiAz === false, message: 'multiAz is false, but production databases must be Multi-AZ' },
      { when: production && props.finalSnapshot === false, message: 'finalSnapshot is false, but production databases keep a final snapshot when destroyed' },
      { when: production && props.performanceInsights === false, message: 'performanceInsights is false, but production databases keep Performance Insights on' },
      { when: known(props.databaseName) && !PG_IDENTIFIER.test(databaseName), message: `databaseName is ${show(databaseName)}, but it must be 1-63 lowercase letters, digits or underscores, starting with a letter` },
      { when: known(props.username) && (!PG_IDENTIFIER.test(username) || RESERVED_USERS.includes(username)), message: `username is ${show(username)}, but it must be a lowercase PostgreSQL identifier and not one of ${RESERVED_USERS.join(', ')}` },
      { when: known(props.kmsKeyArn) && !KMS_KEY_ARN.test(props.kmsKeyArn!), message: `kmsKeyArn is ${show(props.kmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: known(props.logKmsKeyArn) && !KMS_KEY_ARN.test(props.logKmsKeyArn!), message: `logKmsKeyArn is ${show(props.logKmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
      { when: known(monitoringInterval) && !MONITORING_INTERVALS.includes(monitoringInterval), message: `monitoringIntervalSeconds is ${show(monitoringInterval)}, but RDS accepts only ${MONITORING_INTERVALS.join(', ')}` },
      { when: props.iamAuthentication !== undefined && typeof props.iamAuthentication !== 'boolean', message: `iamAuthentication is ${show(props.iamAuthentication)}, but it must be true or false` },
      {
        when: known(props.engineVersion) && !(typeof engineVersion === 'string' && /^\d+(\.\d+)?$/.test(engineVersion) && POSTGRES_MAJOR_VERSIONS.includes(engineVersion.split('.')[0])),
        message: `engineVersion is ${show(engineVersion)}, but it must be a PostgreSQL major (e.g. '18') or major.minor version of ${POSTGRES_MAJOR_VERSIONS.join(', ')} (POSTGRES_MAJOR_VERSIONS)`,
      },
      { when: subnets.length < 2, message: `cluster.network.privateSubnetIds has ${subnets.length} subnet(s), but an RDS subnet group needs subnets in at least 2 availability zones` },
    ]);
    if (production && instanceClass.startsWith('db.t')) {
      Annotations.of(this).addWarning(`instanceClass ${instanceClass} is burstable: sustained load in production can exhaust its CPU credits`);
    }

    const subnetGroup = new DbSubnetGroup(this, 'subnets', {
      name: identifier,
      description: `Private subnets of the Grafana database of ${props.environment}`,
      subnetIds: subnets,
    });
    const parameters = new DbParameterGroup(this, 'parameters', {
      // A prefix, not a name: create_before_destroy needs the replacement to have a name of its own.
      namePrefix: `${identifier}-${family}-`,
      family,
      description: 'Grafana database: TLS required',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        // Keep a record of connections; cheap, and the first thing asked in an incident.
        { name: 'log_connections', value: '1' },
      ],
      // A major upgrade (a new family) creates the new group before dropping the old.
      lifecycle: { createBeforeDestroy: true },
    });
    const group = nodeOnlySecurityGroup(this, props.cluster, `${identifier}-db`, 5432, 'Grafana PostgreSQL', clients);

    // RDS exports to /aws/rds/instance/<id>/<log>; created first, the groups get a retention instead
    // of "never expire".
    const logGroups = LOG_EXPORTS.map((log) => new CloudwatchLogGroup(this, `logs-${log}`, {
      name: `/aws/rds/instance/${identifier}/${log}`,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      // The connection log of the database: a plan must not drop it.
      lifecycle: production ? { preventDestroy: true } : undefined,
    }));
    const monitoringRole = monitoringInterval > 0 ? this.monitoringRole(identifier) : undefined;
    this.instance = new DbInstance(this, 'instance', {
      identifier,
      engine: 'postgres',
      engineVersion,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      instanceClass,
      storageType: 'gp3',
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: databaseName,
      username,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [group.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      multiAz,
      deletionProtection: production,
      backupRetentionPeriod: backupDays,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: !finalSnapshot,
      // Fixed, not time-stamped: a changing name would show as a diff on every plan.
      finalSnapshotIdentifier: finalSnapshot ? `${identifier}-final` : undefined,
      deleteAutomatedBackups: !production,
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
      performanceInsightsKmsKeyId: performanceInsights ? props.kmsKeyArn : undefined,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? true,
      monitoringInterval,
      monitoringRoleArn: monitoringRole?.arn,
      dependsOn: [...logGroups, ...(monitoringRole ? [monitoringRole.attachment] : [])],
      applyImmediately: !production,
      lifecycle: production ? { preventDestroy: true } : undefined,
    });
    this.endpoint = this.instance.address;
    this.port = 5432;
    this.databaseName = databaseName;
    this.username = username;
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.securityGroupId = group.id;
    this.kmsKeyArn = props.kmsKeyArn;
  }

  /**
   * The Enhanced Monitoring role: trusted by RDS only for this instance of this account (the RDS
   * user guide's confused-deputy conditions, "Setting up and enabling Enhanced Monitoring").
   */
  private monitoringRole(identifier: string): { arn: string; attachment: IamRolePolicyAttachment } {
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');
    const trust = new DataAwsIamPolicyDocument(this, 'monitoring-trust', {
      statement: [{
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['monitoring.rds.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
          { test: 'StringLike', variable: 'aws:SourceArn', values: [`arn:${partition.partition}:rds:${region.region}:${account.accountId}:db:${identifier}`] },
        ],
      }],
    });
    const role = new IamRole(this, 'monitoring-role', { namePrefix: `${identifier}-mon-`.slice(0, 38), assumeRolePolicy: trust.json, description: `RDS Enhanced Monitoring of ${identifier}` });
    const attachment = new IamRolePolicyAttachment(this, 'monitoring-policy', {
      role: role.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });
    return { arn: role.arn, attachment };
  }

  /** Lets `role` read the RDS-managed master secret (and decrypt it through Secrets Manager). */
  public grantSecretRead(role: IWorkloadRole): void {
    role.addStatements(...secretReadStatements(this.masterSecretArn, this.kmsKeyArn));
  }
}
