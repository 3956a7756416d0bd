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
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** A Kubernetes DNS label (RFC 1123): namespaces, most object names; at most 63 characters. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes DNS subdomain name (RFC 1123): service accounts, StorageClasses; at most 253. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
