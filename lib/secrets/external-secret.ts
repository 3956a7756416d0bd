import { AWS_REGION, DNS_LABEL, DNS_SUBDOMAIN, GO_DURATION, Rule, SECRET_ARN, check, known, show } from '../private/validate';

// Builders of External Secrets Operator objects as plain Kubernetes manifests. A consumer puts them
// in its own chart's `extraObjects`, so they are applied by Helm after the operator's release has
// installed the CRDs; a `kubernetes_manifest` would need the CRDs at plan time, which a fresh
// cluster does not have. The API versions are those ESO 2.9.0 serves (config/crds/bases at the
// chart's commit): external-secrets.io v1 (v1beta1 is not served unless crds.unsafeServeV1Beta1),
// generators.external-secrets.io v1alpha1.

const ESO_API = 'external-secrets.io/v1';
const GENERATORS_API = 'generators.external-secrets.io/v1alpha1';

/** A Secrets Manager secret name: 1-512 letters, digits and `/_+=.@-` (CreateSecret `Name`). */
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A key that is also an environment variable name (`envFrom` a Secret), as the CRD caps it. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,252}$/;
/** A Go duration as metav1.Duration parses it (`1h`, `30m`, `1h30m`, `0`). */

/** Options of {@link secretStoreManifest}. */
export interface SecretStoreOptions {
  /** Name of the SecretStore (a lowercase DNS subdomain name). */
  readonly name: string;
  /** Namespace of the SecretStore: only ExternalSecrets in this namespace can use it. */
  readonly namespace: string;
  /** AWS region of the secrets (`ExternalSecretsOperator.region`). */
  readonly region: string;
}

/**
 * A namespaced SecretStore (kind `SecretStore`) for AWS Secrets Manager in `region` that uses the
 * operator controller's own credentials: the store has no `auth`, so ESO's AWS provider takes the
 * AWS SDK's default credential chain of the controller pod, i.e. `ExternalSecretsOperator.role`
 * through EKS Pod Identity or IRSA. No access keys, no role to assume. Every such store, in any
 * namespace, reads what that role was granted, and nothing else.
 */
export function secretStoreManifest(opts: SecretStoreOptions): Record<string, unknown> {
  check(`secretStoreManifest '${opts.namespace}/${opts.name}'`, [
    ...objectRules(opts),
    { when: opts.region === undefined || opts.region === '', message: `region is ${show(opts.region)}, but it is required` },
    {
      when: known(opts.region) && opts.region !== '' && (typeof opts.region !== 'string' || !AWS_REGION.test(opts.region)),
      message: `region is ${show(opts.region)}, but it must be an AWS region code such as eu-west-1`,
    },
  ]);
  return {
    apiVersion: ESO_API,
    kind: 'SecretStore',
    metadata: { name: opts.name, namespace: opts.namespace },
    spec: { provider: { aws: { service: 'SecretsManager', region: opts.region } } },
  };
}

/** One key of the Secret an ExternalSecret writes, and where its value comes from. */
export interface ExternalSecretData {
  /** Key in the Kubernetes Secret: an environment variable name (letters, digits, `_`). */
  readonly secretKey: string;
  /** The Secrets Manager secret the value is read from. */
  readonly remoteRef: {
    /** The secret's ARN (`database.masterSecretArn`) or its name. */
    readonly key: string;
    /**
     * A field of the secret's JSON value (`password` of an RDS-managed secret).
     * @default - the whole value
     */
    readonly property?: string;
  };
}

/** Options of {@link externalSecretManifest}. */
export interface ExternalSecretOptions {
  /** Name of the ExternalSecret and of the Secret it writes (a lowercase DNS subdomain name). */
  readonly name: string;
  /** Namespace of the ExternalSecret, its store and the Secret it writes. */
  readonly namespace: string;
  /** Name of the SecretStore in the same namespace (`secretStoreManifest`). */
  readonly storeName: string;
  /** The Secret's keys, at least one; each `secretKey` once. */
  readonly data: readonly ExternalSecretData[];
  /**
   * How often the values are read again from Secrets Manager (a Go duration such as `30m`), so a
   * rotated secret reaches the cluster; `0` reads once.
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/**
 * An ExternalSecret that writes the Secret `name` (owned by it: deleted with it) from Secrets
 * Manager through the SecretStore `storeName` of the same namespace. The values never pass
 * through Terraform: only the ARNs or names are in the plan and the state.
 */
export function externalSecretManifest(opts: ExternalSecretOptions): Record<string, unknown> {
  const data: readonly ExternalSecretData[] = Array.isArray(opts.data) ? opts.data : [];
  const refreshInterval = opts.refreshInterval ?? '1h';
  check(`externalSecretManifest '${opts.namespace}/${opts.name}'`, [
    ...objectRules(opts),
    { when: opts.storeName === undefined || opts.storeName === '', message: `storeName is ${show(opts.storeName)}, but it is required` },
    {
      when: known(opts.storeName) && opts.storeName !== '' && (typeof opts.storeName !== 'string' || !DNS_SUBDOMAIN.test(opts.storeName)),
      message: `storeName is ${show(opts.storeName)}, but it must be the name of a SecretStore: a lowercase DNS subdomain name`,
    },
    { when: !Array.isArray(opts.data) || opts.data.length === 0, message: `data is ${show(opts.data)}, but at least one { secretKey, remoteRef } is required` },
    ...keyRules(data.map((d) => d?.secretKey), 'data', '.secretKey'),
    ...data.flatMap((d, i) => remoteRefRules(d?.remoteRef, `data[${i}].remoteRef`)),
    {
      when: known(refreshInterval) && (typeof refreshInterval !== 'string' || !GO_DURATION.test(refreshInterval)),
      message: `refreshInterval is ${show(refreshInterval)}, but it must be a Go duration such as '1h', '30m' or '1h30m', or '0' to read once`,
    },
  ]);
  return {
    apiVersion: ESO_API,
    kind: 'ExternalSecret',
    metadata: { name: opts.name, namespace: opts.namespace },
    spec: {
      refreshInterval,
      secretStoreRef: { kind: 'SecretStore', name: opts.storeName },
      target: { name: opts.name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: data.map((d) => ({
        secretKey: d.secretKey,
        remoteRef: d.remoteRef.property === undefined ? { key: d.remoteRef.key } : { key: d.remoteRef.key, property: d.remoteRef.property },
      })),
    },
  };
}

/** Options of {@link generatedSecretManifests}. */
export interface GeneratedSecretOptions {
  /** Name of the generator, the ExternalSecret and the Secret it writes (a lowercase DNS subdomain name). */
  readonly name: string;
  /** Namespace of all three. */
  readonly namespace: string;
  /** The Secret's keys, each with its own random value: environment variable names, each once. */
  readonly keys: readonly string[];
  /**
   * Characters of each value: letters and digits, a quarter of them digits (no symbols, so a value
   * is safe in a URL, an ini file or a shell). 16-128.
   * @default 32
   */
  readonly length?: number;
}

/** Shortest and longest accepted `length` of a generated value. */
const MIN_LENGTH = 16;
const MAX_LENGTH = 128;

/**
 * Random values generated once in the cluster, never in the plan or the state: an ESO `Password`
 * generator and an ExternalSecret reading it (`refreshInterval: '0'`). The Secret `name` is
 * immutable and outlives its ExternalSecret (`creationPolicy: Orphan`), so reinstalling the
 * consumer keeps the values; a Secret deleted by hand is not recreated. To rotate, delete the
 * Secret and the ExternalSecret, then let the consumer's release recreate the ExternalSecret.
 */
export function generatedSecretManifests(opts: GeneratedSecretOptions): Record<string, unknown>[] {
  const keys: readonly string[] = Array.isArray(opts.keys) ? opts.keys : [];
  const length = opts.length ?? 32;
  check(`generatedSecretManifests '${opts.namespace}/${opts.name}'`, [
    ...objectRules(opts),
    { when: !Array.isArray(opts.keys) || opts.keys.length === 0, message: `keys is ${show(opts.keys)}, but at least one key is required` },
    ...keyRules(keys, 'keys', ''),
    {
      when: known(length) && (!Number.isInteger(length) || length < MIN_LENGTH || length > MAX_LENGTH),
      message: `length is ${show(length)}, but it must be an integer of ${MIN_LENGTH}-${MAX_LENGTH}`,
    },
  ]);
  const generator = { apiVersion: GENERATORS_API, kind: 'Password', name: opts.name };
  return [
    {
      apiVersion: GENERATORS_API,
      kind: 'Password',
      metadata: { name: opts.name, namespace: opts.namespace },
      // One independent value per key (PasswordSpec.secretKeys). Repeats allowed: without them the
      // generator refuses lengths above 43 (its digits, a quarter of the length, could not be unique).
      spec: { length, symbols: 0, noUpper: false, allowRepeat: true, secretKeys: [...keys] },
    },
    {
      apiVersion: ESO_API,
      kind: 'ExternalSecret',
      metadata: { name: opts.name, namespace: opts.namespace },
      spec: {
        // Generated once: with 0 the controller never refreshes an ExternalSecret it has synced.
        refreshInterval: '0',
        // Immutable and orphaned: a recreated ExternalSecret finds the Secret and leaves its data
        // as it is (ESO's controller tests for issue #6640 pin both behaviours).
        target: { name: opts.name, creationPolicy: 'Orphan', deletionPolicy: 'Retain', immutable: true },
        dataFrom: [{ sourceRef: { generatorRef: generator } }],
      },
    },
  ];
}

/** Name and namespace of a namespaced object. */
function objectRules(opts: { readonly name: string; readonly namespace: string }): Rule[] {
  return [
    { when: opts.name === undefined || opts.name === '', message: `name is ${show(opts.name)}, but it is required` },
    {
      when: known(opts.name) && opts.name !== '' && (typeof opts.name !== 'string' || !DNS_SUBDOMAIN.test(opts.name)),
      message: `name is ${show(opts.name)}, but it must be a lowercase DNS subdomain name (a-z, 0-9, '-', '.'; at most 253 characters)`,
    },
    { when: opts.namespace === undefined || opts.namespace === '', message: `namespace is ${show(opts.namespace)}, but it is required` },
    {
      when: known(opts.namespace) && opts.namespace !== '' && (typeof opts.namespace !== 'string' || !DNS_LABEL.test(opts.namespace)),
      message: `namespace is ${show(opts.namespace)}, but it must be a lowercase DNS label (a-z, 0-9, '-'; at most 63 characters)`,
    },
  ];
}

/** Secret keys: environment variable names, each once. */
function keyRules(keys: readonly unknown[], field: string, suffix: string): Rule[] {
  const dupes = [...new Set(keys.filter((k, i) => known(k) && keys.indexOf(k) !== i))];
  return [
    ...keys.map((k, i) => ({
      when: k === undefined || (known(k) && (typeof k !== 'string' || !ENV_NAME.test(k))),
      message: `${field}[${i}]${suffix} is ${show(k)}, but it must be an environment variable name: a letter or '_', then letters, digits or '_'`,
    })),
    ...dupes.map((k) => ({ when: true, message: `${field} has ${suffix ? `${suffix.slice(1)} ` : ''}${show(k)} twice, but each key of the Secret must be given once` })),
  ];
}

/** A remote reference: a Secrets Manager ARN or name, and optionally a property of its JSON. */
function remoteRefRules(ref: ExternalSecretData['remoteRef'] | undefined, at: string): Rule[] {
  const key = ref?.key;
  const property = ref?.property;
  return [
    { when: key === undefined || key === '', message: `${at}.key is ${show(key)}, but it is required` },
    {
      when: known(key) && key !== '' && (typeof key !== 'string' || !(SECRET_ARN.test(key) || SECRETS_MANAGER_NAME.test(key))),
      message: `${at}.key is ${show(key)}, but it must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or a secret name of 1-512 letters, digits and /_+=.@-`,
    },
    {
      // A consumer chart may render its extraObjects through Helm's tpl (grafana does).
      when: known(property) && (typeof property !== 'string' || property.trim() === '' || /\s/.test(property) || property.includes('{{')),
      message: `${at}.property is ${show(property)}, but it must be a field of the secret's JSON value such as 'password': no spaces, no '{{'`,
    },
  ];
}
