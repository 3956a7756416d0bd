import { Token } from 'cdktf';

/** One validation rule: when `when` holds, `message` explains what is wrong and what is allowed. */
export interface Rule {
  readonly when: boolean;
  readonly message: string;
}

/** True when `value` is given and is not an unresolved token (which is only known at apply time). */
export function known<T>(value: T | undefined): value is T {
  return value !== undefined && !Token.isUnresolved(value);
}

/** True when `value` is known and is not a positive integer. */
export function notPositiveInteger(value: number | undefined): boolean {
  return known(value) && (!Number.isInteger(value) || value <= 0);
}

/** Throws one error naming the construct and listing every rule that fired. */
export function check(label: string, rules: readonly Rule[]): void {
  const failed = rules.filter((r) => r.when).map((r) => r.message);
  if (failed.length > 0) throw new Error(`${label}: ${failed.join('; ')}`);
}

/** `'value'` for strings, JSON otherwise: how error messages quote a bad value. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Messages are built eagerly, also for rules that do not fire: a construct (circular) must not throw.
    const name = (value as { constructor?: { name?: string } })?.constructor?.name;
    return name ? `a ${name}` : String(value);
  }
}

/** A Kubernetes DNS label (RFC 1123): namespaces, most object names; at most 63 characters. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes DNS subdomain name (RFC 1123): service accounts, StorageClasses; at most 253. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

// One pattern per fact, shared by every construct that checks it.

/**
 * Shortest reason accepted wherever a user must say why (a compliance suppression, a values key the
 * chart reads without declaring it): long enough to be words, as in cdk-nag.
 */
export const MIN_REASON_LENGTH = 10;

/** An AWS region code in any partition: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** An EKS cluster name: 1-100 letters, digits, `-` and `_`, starting with a letter or digit. */
export const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/** An IAM role or user ARN (principals of access entries). */
export const IAM_PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** An IAM role ARN, with an optional path: `arn:aws:iam::111122223333:role/path/name`. */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** The ARN of an IAM OIDC provider. */
export const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/;

/** An EKS cluster's OIDC issuer URL: `https://oidc.eks.<region>.amazonaws.com/id/<ID>`. */
export const EKS_OIDC_ISSUER_URL = /^https:\/\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[0-9A-Za-z]+$/;

/**
 * A KMS key ARN. Not an alias: an alias cannot stand in an IAM policy's Resource, and RDS and
 * ElastiCache store the key ARN, so an alias plans a replacement on every run.
 */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-zA-Z-]+$/;

/** What a KMS key field accepts, for error messages. */
export const KMS_KEY_ARN_ALLOWED = 'it must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias: IAM policies and RDS need the key ARN)';

/** A Secrets Manager secret ARN. */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

/** A security group id. */
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** An http(s) URL without credentials, query or fragment: `https://host[:port][/path]`. */
export const HTTP_URL = /^https?:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

/** A Go duration as Kubernetes controllers read it (`1h`, `15m30s`, `0`). */
export const GO_DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/;

/** `host:port`, no scheme (OTLP gRPC endpoints, Consul and etcd addresses). */
export const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:(\d{1,5})$/;

/** A DNS host name (no scheme, no port). */
export const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** True when `value` is known and is not a TCP port (an integer of 1-65535). */
export function notPort(value: number | undefined): boolean {
  return known(value) && (!Number.isInteger(value) || value < 1 || value > 65535);
}

/**
 * Rules that each listed field of `attrs` is present (not undefined, null or an empty string):
 * imported handles are typed, but JavaScript callers and JSON configuration are not.
 */
export function requiredFields<T extends object>(attrs: T, fields: readonly (keyof T & string)[]): Rule[] {
  return fields.map((field) => {
    const value = (attrs as Record<string, unknown>)[field];
    return { when: value === undefined || value === null || value === '', message: `${field} is ${value === '' ? "''" : String(value)}, but it is required` };
  });
}

// Mimir docs configure/about-tenant-ids.md; Loki uses the same alphabet.
const TENANT_ID = /^[0-9A-Za-z!\-_.*'()]{1,150}$/;

/** Checks a tenant id against the Mimir/Loki rules; returns why it is invalid, or undefined. */
export function tenantIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || !TENANT_ID.test(id)) {
    return "1-150 characters of 0-9 a-z A-Z ! - _ . * ' ( ) are allowed";
  }
  if (id === '.' || id === '..') return "'.' and '..' are not valid tenant ids";
  if (id === '__mimir_cluster') return "'__mimir_cluster' is reserved by Mimir";
  return undefined;
}

/**
 * A rule per key of `value` that is not in `allowed`: a JavaScript caller's typo
 * (`htpasswdSecretARN`) must fail, not be ignored. `at` names the object (`auth`, `identities[0]`).
 */
export function unknownKeyRules(value: unknown, allowed: readonly string[], at: string): Rule[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value).filter((k) => !allowed.includes(k)).map((k) => ({
    when: true,
    message: `${at}.${k} is set, but it is not a field of ${at}; known fields are ${allowed.join(', ')}`,
  }));
}
