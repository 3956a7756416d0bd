import { tenantIdProblem } from '../../lib/private/validate';
import { EnvironmentConfig } from '../../stacks/environment-config';
import { resolveEnvironment, resolveEnvironments } from '../../stacks/resolve-environment';
import { VALID_ENV } from '../support/environments';

const withEnv = (patch: Partial<Record<keyof EnvironmentConfig, unknown>>) =>
  ({ ...VALID_ENV, ...patch }) as EnvironmentConfig;

describe('resolveEnvironment', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a top-level typo', { retentionDay: { loki: 30 } }, /retentionDay is set, but it is not a field of EnvironmentConfig; known fields are name, region/],
    ['a typo in retentionDays', { retentionDays: { lokii: 30 } }, /retentionDays\.lokii is set, but it is not a field of retentionDays; known fields are mimir, loki, tempo, pyroscope/],
    ['a typo in the cluster', { cluster: { publicAccessCidr: ['203.0.113.0/24'] } }, /cluster\.publicAccessCidr is set, but it is not a field of cluster/],
    ['a typo in the state backend', { state: { type: 's3', bucket: 'tf-state-bucket', keyprefix: 'x' } }, /state\.keyprefix is set, but it is not a field of state/],
  ])('fails on an unknown key: %s', (_, patch, message) => {
    expect(() => resolveEnvironment(withEnv(patch))).toThrow(message);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['an S3 key prefix with ..', { state: { type: 's3', bucket: 'tf-state-bucket', keyPrefix: 'a/../b' } }, /state\.keyPrefix is 'a\/\.\.\/b', but it must be a relative S3 key path/],
    ['an S3 key prefix with a leading slash', { state: { type: 's3', bucket: 'tf-state-bucket', keyPrefix: '/lgtm' } }, /state\.keyPrefix is '\/lgtm'/],
    ['a bad lock table name', { state: { type: 's3', bucket: 'tf-state-bucket', dynamodbTable: 'x' } }, /state\.dynamodbTable is 'x', but it must be a DynamoDB table name/],
    ['a local state directory that climbs out of the project', { state: { type: 'local', directory: '../elsewhere' } }, /state\.directory is '\.\.\/elsewhere', but it must be an absolute path, or a path inside the project/],
  ])('fails on state Terraform would reject or that leaves the project: %s', (_, patch, message) => {
    expect(() => resolveEnvironment(withEnv(patch))).toThrow(message);
  });

  test('fails if two environments would give the same resource names', () => {
    expect(() => resolveEnvironments([withEnv({ name: 'a-b' }), withEnv({ name: 'b', namePrefix: 'lgtm-a' })]))
      .toThrow(/namePrefix 'lgtm-a' and name 'b' give resource names 'lgtm-a-b-\.\.\.', as environment 'a-b' does/);
  });

  test('production needs the S3 state backend, or a reason to keep local files', () => {
    const prod = { ...VALID_ENV, tier: 'microservices' as const, production: true };
    expect(() => resolveEnvironment(prod)).toThrow(/state\.type is 'local', but production keeps its state in the encrypted, locked S3 backend/);
    expect(() => resolveEnvironment({ ...prod, state: { type: 'local', productionReason: 'short' } })).toThrow(/state\.productionReason \(at least 10 characters\)/);
    expect(resolveEnvironment({ ...prod, state: { type: 'local', productionReason: 'air-gapped lab without S3 access' } }).state.type).toBe('local');
    expect(resolveEnvironment({ ...prod, state: { type: 's3', bucket: 'tf-state-prod' } }).state.type).toBe('s3');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a retention as a string', { retentionDays: { loki: '30' } }, /retentionDays\.loki is '30', but it must be a positive integer/],
    ['production as a string', { production: 'true' }, /production is 'true', but it must be a boolean/],
    ['a zero database size', { grafanaDatabase: { allocatedStorageGiB: 0 } }, /grafanaDatabase\.allocatedStorageGiB is 0, but it must be a positive integer/],
    ['memcached switched on with a string', { managedMemcached: { enabled: 'yes' } }, /managedMemcached\.enabled is 'yes', but it must be a boolean/],
    ['a numeric tag value', { tags: { team: 7 } }, /tags\.team is 7, but it must be a string/],
    ['a reserved tag prefix', { tags: { 'aws:team': 'x' } }, /tags\.aws:team is 'aws:team', but the 'aws:' prefix is reserved by AWS/],
    ['a tag key over 128 characters', { tags: { ['k'.repeat(129)]: 'x' } }, /a tag key has 1-128 characters/],
    ['a tag value over 256 characters', { tags: { team: 'v'.repeat(257) } }, /a tag value has at most 256 characters/],
    ['a tag the stack sets itself', { tags: { 'managed-by': 'me' } }, /tags\.managed-by is 'me', but the stack sets managed-by itself/],
    ['more than 47 tags', { tags: Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, 'x'])) }, /tags is '48 tags', but at most 47 are allowed/],
  ])('fails on a value of the wrong type: %s', (_, patch, message) => {
    expect(() => resolveEnvironment(withEnv(patch))).toThrow(message);
  });

  test('fills in defaults', () => {
    const env = resolveEnvironment(VALID_ENV);
    expect(env.production).toBe(false);
    expect(env.namePrefix).toBe('lgtm');
    expect(env.state).toEqual({ type: 'local' });
    // Node sizes default per tier in LgtmPlatform, so an existing cluster gets none.
    expect(env.nodes).toBeUndefined();
    expect(env.tags).toEqual({});
  });

  test('compliance findings are errors in production and warnings elsewhere, unless set', () => {
    expect(resolveEnvironment(VALID_ENV).compliance).toBe('warning');
    expect(resolveEnvironment(withEnv({ production: true, state: { type: 's3', bucket: 'tf-state-prod' } })).compliance).toBe('error');
    expect(resolveEnvironment(withEnv({ production: true, state: { type: 's3', bucket: 'tf-state-prod' }, compliance: 'warning' })).compliance).toBe('warning');
    expect(resolveEnvironment(withEnv({ compliance: 'error' })).compliance).toBe('error');
  });

  test('fails if the compliance mode is unknown', () => {
    expect(() => resolveEnvironment(withEnv({ compliance: 'off' }))).toThrow(
      "compliance is 'off', but allowed modes are 'error', 'warning'",
    );
  });

  test('does not mutate its input', () => {
    const input = { ...VALID_ENV };
    resolveEnvironment(input);
    expect(input).toEqual(VALID_ENV);
  });

  test('fails if the tier is unknown, listing the allowed tiers', () => {
    expect(() => resolveEnvironment(withEnv({ tier: 'serverless' }))).toThrow(
      "tier is 'serverless', but allowed tiers are monolithic, simple-scalable, microservices",
    );
  });

  test.each([[''], ['Dev'], ['1dev'], ['dev_1'], ['dev-'], ['a-very-long-environment-name']])(
    'fails if the name is %j',
    (name) => {
      expect(() => resolveEnvironment(withEnv({ name }))).toThrow(/name is '.*', but it must be 1-20 lowercase/);
    },
  );

  test.each([['eu-west'], ['us_east_1'], ['EU-WEST-1'], ['eu-west-1a'], ['']])('fails if the region is %j', (region) => {
    expect(() => resolveEnvironment(withEnv({ region }))).toThrow(/region is '.*', but it must be an AWS region code/);
  });

  test.each([['us-east-1'], ['us-gov-west-1'], ['cn-north-1'], ['ap-southeast-2'], ['us-isob-east-1']])(
    'accepts the region %s',
    (region) => {
      expect(resolveEnvironment(withEnv({ region })).region).toBe(region);
    },
  );

  test('fails if there is no tenant', () => {
    expect(() => resolveEnvironment(withEnv({ tenants: [] }))).toThrow(/tenants is \[\], but at least one tenant id/);
  });

  test.each([['a/b'], ['has space'], ['.'], ['..'], ['__mimir_cluster'], ['x'.repeat(151)]])(
    'fails if a tenant id is %j',
    (id) => {
      expect(() => resolveEnvironment(withEnv({ tenants: ['ok', id] }))).toThrow(/tenants\[1\] is '.*', but/);
    },
  );

  test('fails if tenant ids repeat', () => {
    expect(() => resolveEnvironment(withEnv({ tenants: ['a', 'a'] }))).toThrow(/tenants is \["a"\], but tenant ids must be unique/);
  });

  test('fails if the name prefix is invalid', () => {
    expect(() => resolveEnvironment(withEnv({ namePrefix: 'LGTM' }))).toThrow(/namePrefix is 'LGTM'/);
  });

  test('fails if node sizes are inconsistent', () => {
    expect(() =>
      resolveEnvironment(withEnv({ nodes: { instanceTypes: ['m6i.large'], min: 3, desired: 2, max: 4 } })),
    ).toThrow(/nodes.desired is 2, but it must be an integer between nodes.min \(3\) and nodes.max \(4\)/);
    expect(() => resolveEnvironment(withEnv({ nodes: { instanceTypes: [], min: 1, desired: 1, max: 1 } }))).toThrow(
      /nodes.instanceTypes is \[\], but at least one instance type/,
    );
  });

  test('fails if the state backend is unknown or its bucket invalid', () => {
    expect(() => resolveEnvironment(withEnv({ state: { type: 'consul' } }))).toThrow(
      "state.type is 'consul', but allowed types are 'local', 's3'",
    );
    expect(() => resolveEnvironment(withEnv({ state: { type: 's3', bucket: 'Bad_Bucket' } }))).toThrow(
      /state.bucket is 'Bad_Bucket', but it must be a valid S3 bucket name/,
    );
  });

  test('reports every problem at once, naming the environment', () => {
    expect(() => resolveEnvironment(withEnv({ region: 'nowhere', tier: 'huge' }))).toThrow(
      /EnvironmentConfig 'test' is invalid:\n  - region is 'nowhere'.*\n  - tier is 'huge'/,
    );
  });
});

describe('resolveEnvironments', () => {
  test('fails if two environments share a name', () => {
    expect(() => resolveEnvironments([VALID_ENV, VALID_ENV])).toThrow("EnvironmentConfig name 'test' is used twice");
  });
});

describe('tenantIdProblem', () => {
  test("accepts every allowed character", () => {
    expect(tenantIdProblem("Team_1-a.b*c'(d)!")).toBeUndefined();
  });
});

describe('resolveEnvironment with a load', () => {
  const base = { name: 'sized', region: 'us-east-1', tier: 'microservices' as const, tenants: ['a'] };
  const load = { activeSeries: 1_000_000, logsGbPerDay: 100, spansPerDay: 50_000_000, retentionDays: { metrics: 30, logs: 14, traces: 7, profiles: 30 } };

  test('sizes node groups and retention from the load', () => {
    const env = resolveEnvironment({ ...base, load });
    expect(env.sizing?.mimir.components.ingester?.replicas).toBe(3);
    expect(env.nodes).toEqual({ instanceTypes: [env.nodePlan!.x86.instanceType], min: env.nodePlan!.x86.count, desired: env.nodePlan!.x86.count, max: env.nodePlan!.x86.count * 2 });
    expect(env.retentionDays).toEqual({ mimir: 30, loki: 14, tempo: 7, pyroscope: 30 });
  });

  test('explicit nodes and retention win over the load', () => {
    const nodes = { instanceTypes: ['m6i.xlarge'], min: 3, desired: 3, max: 3 };
    const env = resolveEnvironment({ ...base, load, nodes, retentionDays: { loki: 60 } });
    expect(env.nodes).toEqual(nodes);
    expect(env.retentionDays?.loki).toBe(60);
    expect(env.retentionDays?.tempo).toBe(7);
  });

  test('without a load nothing is sized', () => {
    const env = resolveEnvironment(base);
    expect(env.sizing).toBeUndefined();
    expect(env.nodes).toBeUndefined();
  });

  test('fails on a bad load, naming the field under load', () => {
    expect(() => resolveEnvironment({ ...base, load: { ...load, activeSeries: -5 } })).toThrow(/load\.activeSeries is -5, but it must be a finite number above 0/);
    expect(() => resolveEnvironment({ ...base, load: { ...load, retentionDays: { logs: 0.25 } } })).toThrow(/load\.retentionDays\.logs is 0\.25/);
  });
});

describe('resolveEnvironment: regions, types, storage and versions (issue 15)', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a region of the right shape that does not exist', { region: 'eu-west-9' }, /region is 'eu-west-9', but it must be an AWS region code .*regions\.ts/],
    ['a region with a typo', { region: 'us-esat-1' }, /region is 'us-esat-1'/],
    ['a state region that does not exist', { state: { type: 's3', bucket: 'tf-state-bucket', region: 'cn-south-1' } }, /state\.region is 'cn-south-1', but it must be an AWS region code/],
    ['an instance type without a size', { nodes: { instanceTypes: ['m6i'], min: 3, desired: 3, max: 3 } }, /nodes\.instanceTypes\[0\] is 'm6i', but it must be an EC2 instance type of the form family\.size/],
    ['an instance type of the wrong type', { nodes: { instanceTypes: [42], min: 3, desired: 3, max: 3 } }, /nodes\.instanceTypes\[0\] is 42, but it must be an EC2 instance type/],
    ['a database class without the db. prefix', { grafanaDatabase: { instanceClass: 'm7g.large' } }, /grafanaDatabase\.instanceClass is 'm7g\.large', but it must be of the form db\.family\.size/],
    ['a cache node type without the cache. prefix', { sessionStore: { nodeType: 't4g.small' } }, /sessionStore\.nodeType is 't4g\.small', but it must be of the form cache\.family\.size/],
    ['a memcached node type of the wrong form', { managedMemcached: { enabled: true, nodeType: 'cache.t4g' } }, /managedMemcached\.nodeType is 'cache\.t4g', but it must be of the form cache\.family\.size/],
    ['an unknown session store engine', { sessionStore: { engine: 'memcached' } }, /sessionStore\.engine is 'memcached', but allowed engines are 'valkey', 'redis'/],
    ['a storage autoscaling limit below the allocation', { grafanaDatabase: { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 150 } }, /grafanaDatabase\.maxAllocatedStorageGiB is 150, but storage autoscaling needs a limit of at least grafanaDatabase\.allocatedStorageGiB \(200\)/],
    ['an allocation above the default autoscaling limit', { grafanaDatabase: { allocatedStorageGiB: 200 } }, /grafanaDatabase\.allocatedStorageGiB is 200, but storage autoscaling stops at 100 GiB unless grafanaDatabase\.maxAllocatedStorageGiB/],
    ['a storage limit as a string', { grafanaDatabase: { maxAllocatedStorageGiB: '150' } }, /grafanaDatabase\.maxAllocatedStorageGiB is '150', but it must be a positive integer/],
    ['grafanaPodSecurityGroup as a string', { grafanaPodSecurityGroup: 'false' }, /grafanaPodSecurityGroup is 'false', but it must be a boolean/],
    ['a typo in the bucket options', { buckets: { uniqueName: false } }, /buckets\.uniqueName is set, but it is not a field of buckets/],
  ])('fails on %s, naming the field and quoting the value', (_, patch, message) => {
    expect(() => resolveEnvironment(withEnv(patch))).toThrow(message);
  });

  test('accepts every region of the table, China and GovCloud included, and the new options', () => {
    for (const region of ['eu-west-1', 'cn-northwest-1', 'us-gov-west-1', 'ap-southeast-7']) {
      expect(resolveEnvironment(withEnv({ region })).region).toBe(region);
    }
    const env = resolveEnvironment(withEnv({
      grafanaDatabase: { allocatedStorageGiB: 200, maxAllocatedStorageGiB: 400 },
      buckets: { uniqueNames: false, names: { lokiChunks: 'acme-logs' } },
      grafanaPodSecurityGroup: false,
    }));
    expect(env.grafanaDatabase?.maxAllocatedStorageGiB).toBe(400);
  });
});
