import { SessionStoreEngine } from '../config/data-versions';
import { IWorkloadRole } from './i-workload-role';

/**
 * Grafana's session store (Valkey or Redis OSS over TLS with an AUTH token): the handle GrafanaHA
 * takes. Built by `SessionStore`, or for one the user runs elsewhere with `SessionStore.fromAttributes`.
 */
export interface ISessionStore {
  /** Host name of the primary endpoint (TLS). */
  readonly endpoint: string;
  /** Port. */
  readonly port: number;
  /** The engine. */
  readonly engine: SessionStoreEngine;
  /** ARN of the Secrets Manager secret holding the AUTH token (the whole secret string). */
  readonly authSecretArn: string;
  /**
   * ARN of the customer KMS key the secret is encrypted with.
   * @default - none: the AWS-managed key, which needs no grant
   */
  readonly kmsKeyArn?: string;
  /** Lets `role` read the AUTH token secret (and decrypt it through Secrets Manager). */
  grantSecretRead(role: IWorkloadRole): void;
}

/** An existing session store, for `SessionStore.fromAttributes`. */
export interface SessionStoreAttributes {
  /** Host name of the primary endpoint (TLS). */
  readonly endpoint: string;
  /**
   * Port.
   * @default 6379
   */
  readonly port?: number;
  /**
   * The engine.
   * @default 'valkey'
   */
  readonly engine?: SessionStoreEngine;
  /** ARN of the Secrets Manager secret holding the AUTH token. */
  readonly authSecretArn: string;
  /**
   * ARN of the customer KMS key the secret is encrypted with.
   * @default - the AWS-managed key
   */
  readonly kmsKeyArn?: string;
}
