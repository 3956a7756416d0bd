import { IWorkloadRole } from './i-workload-role';

/**
 * Grafana's PostgreSQL database: the handle GrafanaHA takes. Built by `GrafanaDatabase`, or for a
 * database the user runs elsewhere with `GrafanaDatabase.fromAttributes`.
 */
export interface IGrafanaDatabase {
  /** Host name of the database (no scheme, no port). */
  readonly endpoint: string;
  /** PostgreSQL port. */
  readonly port: number;
  /** Name of Grafana's database. */
  readonly databaseName: string;
  /** User Grafana connects as. */
  readonly username: string;
  /** ARN of the Secrets Manager secret holding `username` and `password` (the RDS-managed master secret). */
  readonly masterSecretArn: string;
  /**
   * ARN of the customer KMS key the secret is encrypted with.
   * @default - none: the AWS-managed key, which needs no grant
   */
  readonly kmsKeyArn?: string;
  /** Lets `role` read the database secret (and decrypt it through Secrets Manager). */
  grantSecretRead(role: IWorkloadRole): void;
}

/** An existing database, for `GrafanaDatabase.fromAttributes`. */
export interface GrafanaDatabaseAttributes {
  /** Host name of the database (no scheme, no port). */
  readonly endpoint: string;
  /**
   * PostgreSQL port.
   * @default 5432
   */
  readonly port?: number;
  /**
   * Name of Grafana's database.
   * @default 'grafana'
   */
  readonly databaseName?: string;
  /**
   * User Grafana connects as.
   * @default 'grafana'
   */
  readonly username?: string;
  /** ARN of the Secrets Manager secret holding `username` and `password`. */
  readonly masterSecretArn: string;
  /**
   * ARN of the customer KMS key the secret is encrypted with.
   * @default - the AWS-managed key
   */
  readonly kmsKeyArn?: string;
}
