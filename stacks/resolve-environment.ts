import { COMPLIANCE_MODES } from '../lib/compliance/rule';
import { TIERS, isTier } from '../lib/config/tier';
import { MIN_REASON_LENGTH, show, tenantIdProblem } from '../lib/private/validate';
import { isAwsRegion } from '../lib/config/regions';
import { LgtmComponent } from '../lib/aws/component-bucket';
import type { LgtmGatewayOptions } from '../lib/composition/lgtm-observability';
import {
  LgtmPlatformBucketsOptions, LgtmPlatformClusterOptions, LgtmPlatformDatabaseOptions, LgtmPlatformMemcachedOptions,
  LgtmPlatformNetworkOptions, LgtmPlatformSessionStoreOptions,
} from '../lib/composition/lgtm-platform';
import { NodeGroupSize } from '../lib/config/node-defaults';
import { resolveLoad } from '../lib/sizing/load-profile';
import { NodePlan, planNodes } from '../lib/sizing/node-plan';
import { PRICES } from '../lib/sizing/price-table';
import { StackSizing, sizeFor } from '../lib/sizing/size-for';
import { EnvironmentConfig, LocalStateBackendConfig, ResolvedEnvironment, S3StateBackendConfig, stackTags } from './environment-config';

const ENV_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$|^[a-z]$/;

const STACK_TAG_KEYS: readonly string[] = Object.keys(stackTags('', ''));

// Every key an EnvironmentConfig (and each of its objects) takes: a JavaScript caller's typo such as
// `retentionDays: { lokii: 30 }` must fail, not vanish. Typed as records of the interfaces' keys, so
// a field added to a type without being added here fails the typecheck. `existing` objects are
// checked by fromAttributes.
type Keys<T> = Record<keyof Required<T>, true>;
const KEYS = {
  '': {
    name: true, region: true, tier: true, production: true, compliance: true, namePrefix: true, tenants: true, namespaceTenants: true, nodes: true,
    network: true, cluster: true, workloadIdentity: true, retentionDays: true, buckets: true, grafanaDatabase: true,
    sessionStore: true, managedMemcached: true, loadBalancerController: true, state: true, tags: true, load: true, gateway: true, grafanaPodSecurityGroup: true,
  } satisfies Keys<EnvironmentConfig>,
  nodes: { instanceTypes: true, min: true, desired: true, max: true } satisfies Keys<NodeGroupSize>,
  network: { existing: true, cidrBlock: true, zoneCount: true, natGateways: true } satisfies Keys<LgtmPlatformNetworkOptions>,
  cluster: { existing: true, adminPrincipalArns: true, publicEndpoint: true, publicAccessCidrs: true } satisfies Keys<LgtmPlatformClusterOptions>,
  retentionDays: { mimir: true, loki: true, tempo: true, pyroscope: true } satisfies Keys<Record<LgtmComponent, number>>,
  buckets: { nameSuffix: true, kmsKeyArn: true, uniqueNames: true, names: true } satisfies Keys<LgtmPlatformBucketsOptions>,
  grafanaDatabase: { instanceClass: true, allocatedStorageGiB: true, backupRetentionDays: true, maxAllocatedStorageGiB: true } satisfies Keys<LgtmPlatformDatabaseOptions>,
  sessionStore: { engine: true, nodeType: true, nodes: true } satisfies Keys<LgtmPlatformSessionStoreOptions>,
  managedMemcached: { enabled: true, nodeType: true, nodes: true } satisfies Keys<LgtmPlatformMemcachedOptions>,
  state: { type: true, directory: true, productionReason: true, bucket: true, keyPrefix: true, region: true, dynamodbTable: true } satisfies Keys<LocalStateBackendConfig & S3StateBackendConfig>,
  // Its values (identities, auth, limits, load balancer) are validated by TenantGateway.
  gateway: { identities: true, auth: true, limits: true, defaultLimits: true, loadBalancer: true, replicas: true, namespace: true } satisfies Keys<LgtmGatewayOptions>,
};
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(KEYS).map(([k, v]) => [k, Object.keys(v)]));

/** `field.key is set, but ...` for every key of `config` (and its known objects) that is not known. */
function unknownKeys(config: EnvironmentConfig): string[] {
  const problems: string[] = [];
  for (const [field, known] of Object.entries(KNOWN_KEYS)) {
    const value = field === '' ? config : (config as unknown as Record<string, unknown>)[field];
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const at = field === '' ? key : `${field}.${key}`;
      problems.push(`${at} is set, but it is not a field of ${field === '' ? 'EnvironmentConfig' : field}; known fields are ${known.join(', ')}`);
    }
  }
  return problems;
}
const EC2_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/;
/**
 * Validates one environment and fills in its defaults. Throws one error listing every problem,
 * each naming the field, the value and what is allowed.
 */
export function resolveEnvironment(config: EnvironmentConfig): ResolvedEnvironment {
  const label = `EnvironmentConfig '${config.name}'`;
  const problems: string[] = unknownKeys(config);
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push(`${field} is ${show(value)}, but ${allowed}`);
  };

  check(typeof config.name === 'string' && ENV_NAME.test(config.name), 'name', config.name,
    'it must be 1-20 lowercase letters, digits or dashes, starting with a letter and not ending with a dash');
  check(isAwsRegion(config.region), 'region', config.region,
    'it must be an AWS region code such as us-east-1 or eu-west-2 (lib/config/regions.ts lists them)');
  check(isTier(config.tier), 'tier', config.tier, `allowed tiers are ${TIERS.join(', ')}`);
  const namePrefix = config.namePrefix ?? 'lgtm';
  check(NAME_PREFIX.test(namePrefix), 'namePrefix', namePrefix,
    'it must be 1-16 lowercase letters, digits or dashes, starting with a letter and not ending with a dash');

  if (!Array.isArray(config.tenants) || config.tenants.length === 0) {
    problems.push(`tenants is ${show(config.tenants)}, but at least one tenant id is required`);
  } else {
    config.tenants.forEach((id, i) => {
      const why = tenantIdProblem(id);
      if (why) problems.push(`tenants[${i}] is ${show(id)}, but ${why}`);
    });
    const dupes = config.tenants.filter((id, i) => config.tenants.indexOf(id) !== i);
    check(dupes.length === 0, 'tenants', dupes, 'tenant ids must be unique');
  }

  if (config.nodes) {
    const { min, desired, max, instanceTypes } = config.nodes;
    check(Array.isArray(instanceTypes) && instanceTypes.length > 0, 'nodes.instanceTypes', instanceTypes,
      'at least one instance type is required');
    check(Number.isInteger(min) && min >= 1, 'nodes.min', min, 'it must be an integer of at least 1');
    check(Number.isInteger(max) && max >= min, 'nodes.max', max, `it must be an integer of at least nodes.min (${min})`);
    check(Number.isInteger(desired) && desired >= min && desired <= max, 'nodes.desired', desired,
      `it must be an integer between nodes.min (${min}) and nodes.max (${max})`);
  }

  // Types a JavaScript caller or a JSON file can get wrong: '30' for 30, 'true' for true.
  const expect = (field: string, value: unknown, type: 'positive integer' | 'boolean' | 'string') => {
    if (value === undefined) return;
    const ok = type === 'boolean' ? typeof value === 'boolean'
      : type === 'string' ? typeof value === 'string'
        : typeof value === 'number' && Number.isInteger(value) && value > 0;
    check(ok, field, value, `it must be a ${type}`);
  };
  expect('production', config.production, 'boolean');
  expect('loadBalancerController', config.loadBalancerController, 'boolean');
  expect('grafanaPodSecurityGroup', config.grafanaPodSecurityGroup, 'boolean');
  for (const [component, days] of Object.entries(config.retentionDays ?? {})) expect(`retentionDays.${component}`, days, 'positive integer');
  expect('network.zoneCount', config.network?.zoneCount, 'positive integer');
  expect('cluster.publicEndpoint', config.cluster?.publicEndpoint, 'boolean');
  expect('grafanaDatabase.allocatedStorageGiB', config.grafanaDatabase?.allocatedStorageGiB, 'positive integer');
  expect('grafanaDatabase.backupRetentionDays', config.grafanaDatabase?.backupRetentionDays, 'positive integer');
  expect('grafanaDatabase.instanceClass', config.grafanaDatabase?.instanceClass, 'string');
  expect('sessionStore.nodes', config.sessionStore?.nodes, 'positive integer');
  expect('sessionStore.nodeType', config.sessionStore?.nodeType, 'string');
  expect('managedMemcached.enabled', config.managedMemcached?.enabled, 'boolean');
  expect('managedMemcached.nodes', config.managedMemcached?.nodes, 'positive integer');
  for (const [key, value] of Object.entries(config.tags ?? {})) expect(`tags.${key}`, value, 'string');
  expect('grafanaDatabase.maxAllocatedStorageGiB', config.grafanaDatabase?.maxAllocatedStorageGiB, 'positive integer');
  expect('managedMemcached.nodeType', config.managedMemcached?.nodeType, 'string');
  // Instance and node types of the form the services offer: family.size, with the service's prefix.
  (Array.isArray(config.nodes?.instanceTypes) ? config.nodes!.instanceTypes : []).forEach((t, i) =>
    check(typeof t === 'string' && EC2_TYPE.test(t), `nodes.instanceTypes[${i}]`, t, 'it must be an EC2 instance type of the form family.size, such as m6i.xlarge'));
  const typed = (field: string, value: unknown, pattern: RegExp, example: string) => {
    if (typeof value === 'string') check(pattern.test(value), field, value, `it must be of the form ${example}`);
  };
  typed('grafanaDatabase.instanceClass', config.grafanaDatabase?.instanceClass, /^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'db.family.size, such as db.m7g.large');
  typed('sessionStore.nodeType', config.sessionStore?.nodeType, /^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'cache.family.size, such as cache.m7g.large');
  typed('managedMemcached.nodeType', config.managedMemcached?.nodeType, /^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'cache.family.size, such as cache.t4g.medium');
  if (config.sessionStore?.engine !== undefined) {
    check(config.sessionStore.engine === 'valkey' || config.sessionStore.engine === 'redis', 'sessionStore.engine', config.sessionStore.engine, "allowed engines are 'valkey', 'redis'");
  }
  // Storage autoscaling stops at maxAllocatedStorageGiB (100 unless set), which RDS needs above the allocation.
  const allocated = config.grafanaDatabase?.allocatedStorageGiB;
  const maxAllocated = config.grafanaDatabase?.maxAllocatedStorageGiB;
  if (typeof allocated === 'number' && (maxAllocated === undefined || typeof maxAllocated === 'number')) {
    check(allocated <= (maxAllocated ?? 100), maxAllocated === undefined ? 'grafanaDatabase.allocatedStorageGiB' : 'grafanaDatabase.maxAllocatedStorageGiB',
      maxAllocated ?? allocated,
      maxAllocated === undefined ? 'storage autoscaling stops at 100 GiB unless grafanaDatabase.maxAllocatedStorageGiB is set to at least the allocation'
        : `storage autoscaling needs a limit of at least grafanaDatabase.allocatedStorageGiB (${allocated})`);
  }
  // AWS tag limits (Tagging AWS resources, "Tag naming limits"): 50 user tags per resource, keys up
  // to 128 and values up to 256 characters, no `aws:` prefix. The stack adds its own three.
  const tags = Object.entries(config.tags ?? {});
  check(tags.length <= 50 - STACK_TAG_KEYS.length, 'tags', `${tags.length} tags`, `at most ${50 - STACK_TAG_KEYS.length} are allowed (AWS allows 50 per resource; the stack adds ${STACK_TAG_KEYS.join(', ')})`);
  for (const [key, value] of tags) {
    check(!/^aws:/i.test(key), `tags.${key}`, key, "the 'aws:' prefix is reserved by AWS");
    check(key.length >= 1 && key.length <= 128, `tags.${key}`, key, 'a tag key has 1-128 characters');
    check(typeof value !== 'string' || value.length <= 256, `tags.${key}`, value, 'a tag value has at most 256 characters');
    check(!STACK_TAG_KEYS.includes(key), `tags.${key}`, value, `the stack sets ${key} itself`);
  }

  if (config.compliance !== undefined) {
    check(COMPLIANCE_MODES.includes(config.compliance), 'compliance', config.compliance,
      `allowed modes are ${COMPLIANCE_MODES.map((m) => `'${m}'`).join(', ')}`);
  }

  const state = config.state ?? { type: 'local' as const };
  if (state.type === 's3') {
    check(typeof state.bucket === 'string' && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(state.bucket),
      'state.bucket', state.bucket, 'it must be a valid S3 bucket name');
    if (state.region !== undefined) {
      check(isAwsRegion(state.region), 'state.region', state.region, 'it must be an AWS region code such as us-east-1 (lib/config/regions.ts lists them)');
    }
    if (state.keyPrefix !== undefined) {
      check(typeof state.keyPrefix === 'string' && /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(state.keyPrefix) && !state.keyPrefix.split('/').some((p) => p === '.' || p === '..'),
        'state.keyPrefix', state.keyPrefix, "it must be a relative S3 key path of safe characters (letters, digits, ! _ . * ' ( ) -) without a leading or trailing '/', '.' or '..' segments");
    }
    if (state.dynamodbTable !== undefined) {
      check(typeof state.dynamodbTable === 'string' && /^[A-Za-z0-9_.-]{3,255}$/.test(state.dynamodbTable), 'state.dynamodbTable', state.dynamodbTable,
        'it must be a DynamoDB table name: 3-255 letters, digits, _ . -');
    }
  } else {
    check(state.type === 'local', 'state.type', (state as { type: unknown }).type, "allowed types are 'local', 's3'");
    const directory = state.type === 'local' ? state.directory : undefined;
    if (directory !== undefined) {
      // Relative to the project: it may not climb out of it (state files of one project stay in it).
      check(typeof directory === 'string' && directory.trim() !== '' && !/[\0\n]/.test(directory)
        && (directory.startsWith('/') || !directory.split('/').includes('..')), 'state.directory', directory,
        "it must be an absolute path, or a path inside the project without '..' segments");
    }
    const reason = state.type === 'local' ? state.productionReason : undefined;
    check(!config.production || (typeof reason === 'string' && reason.trim().length >= MIN_REASON_LENGTH), 'state.type', state.type,
      `production keeps its state in the encrypted, locked S3 backend (state: { type: 's3', bucket }); or give state.productionReason (at least ${MIN_REASON_LENGTH} characters) to keep local files on purpose`);
  }

  if (config.load !== undefined) {
    try {
      resolveLoad(config.load, 'load');
    } catch (e) {
      // resolveLoad names each field; here they are fields of `load`.
      problems.push(...(e as Error).message.replace(/^load: /, '').split('; ').map((m) => `load.${m}`));
    }
  }

  if (problems.length > 0) {
    throw new Error(`${label} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  const sized = config.load === undefined ? undefined : sizeEnvironment(config);
  return {
    ...config,
    production: config.production ?? false,
    compliance: config.compliance ?? (config.production ? 'error' : 'warning'),
    namePrefix,
    state,
    tags: config.tags ?? {},
    ...(sized === undefined ? {} : {
      sizing: sized.sizing,
      nodePlan: sized.nodePlan,
      // Explicit settings win over the sizes of the load.
      nodes: config.nodes ?? sized.nodes,
      retentionDays: { ...sized.retentionDays, ...config.retentionDays },
    }),
  };
}

/**
 * The sizes of an environment's load: every backend (`sizeFor`), node groups of the cheapest x86
 * type with headroom (`planNodes`; min and desired the count, max twice it for rollouts and
 * scale-out) and the buckets' retention in whole days. A region the price table lacks is planned
 * with us-east-1's prices: they rank the instance types the same way; the cost estimate refuses it.
 */
function sizeEnvironment(config: EnvironmentConfig): { sizing: StackSizing; nodePlan: NodePlan; nodes: NodeGroupSize; retentionDays: Record<LgtmComponent, number> } {
  const sizing = sizeFor(config.load!, config.tier);
  const zones = config.network?.zoneCount ?? 3;
  const nodePlan = planNodes(sizing, Object.prototype.hasOwnProperty.call(PRICES, config.region) ? config.region : 'us-east-1', { zones });
  const count = nodePlan.x86.count;
  const r = sizing.load.retentionDays;
  return {
    sizing,
    nodePlan,
    nodes: { instanceTypes: [nodePlan.x86.instanceType], min: count, desired: count, max: count * 2 },
    retentionDays: { mimir: Math.ceil(r.metrics), loki: Math.ceil(r.logs), tempo: Math.ceil(r.traces), pyroscope: Math.ceil(r.profiles) },
  };
}

/** Validates every environment and that their names are unique. */
export function resolveEnvironments(configs: readonly EnvironmentConfig[]): ResolvedEnvironment[] {
  const resolved = configs.map(resolveEnvironment);
  const seen = new Set<string>();
  // Resource names are `<namePrefix>-<name>-...`: 'lgtm' + 'a-b' and 'lgtm-a' + 'b' would collide.
  const names = new Map<string, string>();
  for (const env of resolved) {
    if (seen.has(env.name)) {
      throw new Error(`EnvironmentConfig name '${env.name}' is used twice; environment names must be unique`);
    }
    seen.add(env.name);
    const base = `${env.namePrefix}-${env.name}`;
    const other = names.get(base);
    if (other !== undefined) {
      throw new Error(`EnvironmentConfig '${env.name}': namePrefix '${env.namePrefix}' and name '${env.name}' give resource names '${base}-...', as environment '${other}' does; change one so every environment's names are its own`);
    }
    names.set(base, env.name);
  }
  return resolved;
}
