import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { BucketPurpose, ComponentBucket } from '../../lib/aws/component-bucket';
import { IEksCluster } from '../../lib/aws/i-eks-cluster';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { IWorkloadRole, WorkloadRoleAttributes } from '../../lib/aws/i-workload-role';
import { MemcachedEndpoint } from '../../lib/aws/memcached-endpoint';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { Tier } from '../../lib/config/tier';
import { MimirCluster, MimirClusterProps } from '../../lib/backends/mimir-cluster';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { MIMIR_TIER_LAYOUTS } from '../../lib/backends/mimir-values';
import { s3Endpoint } from '../../lib/backends/private/storage';
import { warningsOf } from '../support/annotations';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const ROLE_ARN = 'arn:aws:iam::111122223333:role/lgtm-test-mimir';
const COMPONENT_SECTIONS = ['distributor', 'ingester', 'querier', 'query_frontend', 'query_scheduler', 'store_gateway', 'compactor', 'ruler', 'alertmanager', 'gateway'];
const CACHES = ['results-cache', 'chunks-cache', 'index-cache', 'metadata-cache'];
const RINGS = ['distributor.ring', 'ingester.ring', 'store_gateway.sharding_ring', 'compactor.sharding_ring', 'ruler.ring', 'alertmanager.sharding_ring'];

function bucket(purpose: BucketPurpose, expirationDays?: number): ComponentBucket {
  return ComponentBucket.fromAttributes({ purpose, name: `lgtm-test-${purpose}`, region: 'eu-west-1', expirationDays });
}

/** The platform's buckets, Mimir's blocks expiring after `blocksExpiry` days (365 + 7 by default). */
function buckets(blocksExpiry = 372, overrides: Partial<ILgtmBuckets> = {}): ILgtmBuckets {
  return {
    mimirBlocks: bucket('mimir-blocks', blocksExpiry),
    mimirRuler: bucket('mimir-ruler'),
    mimirAlertmanager: bucket('mimir-alertmanager'),
    lokiChunks: bucket('loki-chunks', 37),
    lokiRuler: bucket('loki-ruler'),
    tempoTraces: bucket('tempo-traces', 21),
    pyroscopeData: bucket('pyroscope-data', 37),
    ...overrides,
  };
}

function role(stack: TerraformStack, attrs: Partial<WorkloadRoleAttributes> = {}): IWorkloadRole {
  return WorkloadRole.fromAttributes(stack, `role-${attrs.component ?? 'mimir'}`, {
    roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount: 'mimir-distributed', component: 'mimir', ...attrs,
  });
}

interface Built {
  readonly stack: TerraformStack;
  readonly mimir: MimirCluster;
  /** The release's frozen, final values. */
  readonly values: Values;
}

/** A MimirCluster in a fresh stack, built from the platform's handles plus `props`. */
function build(props: Partial<MimirClusterProps> = {}, roleAttrs: Partial<WorkloadRoleAttributes> = {}): Built {
  const stack = testStack();
  const mimir = new MimirCluster(stack, 'mimir', {
    tier: 'microservices',
    buckets: buckets(),
    role: role(stack, roleAttrs),
    region: 'eu-west-1',
    cluster: FAKE_CLUSTER,
    tenants: ['platform', 'payments'],
    ...props,
  });
  return { stack, mimir, values: mimir.release.values as Values };
}

/** The value at a dotted path (`a.b.c`) of a values tree. */
function at(values: Values, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Values | undefined)?.[k], values);
}

describe('MimirCluster', () => {
  describe('tiers', () => {
    // The chart has no monolithic and no read-write mode: every tier runs every component.
    const LAYOUT: Record<Tier, { replicas: number[]; rf: number; zoneAware: boolean }> = {
      //                 distributor ingester querier query_frontend query_scheduler store_gateway compactor ruler alertmanager gateway
      monolithic: { replicas: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], rf: 1, zoneAware: false },
      'simple-scalable': { replicas: [2, 3, 2, 1, 1, 3, 1, 1, 1, 2], rf: 3, zoneAware: true },
      microservices: { replicas: [2, 3, 2, 2, 2, 3, 1, 2, 3, 2], rf: 3, zoneAware: true },
    };

    test.each(Object.entries(LAYOUT))('%s: replicas per component, replication factor and zone awareness', (tier, expected) => {
      const { values, mimir } = build({ tier: tier as Tier });
      expect(COMPONENT_SECTIONS.map((s) => values[s].replicas)).toEqual(expected.replicas);
      expect(values.mimir.structuredConfig.ingester.ring.replication_factor).toBe(expected.rf);
      expect(values.mimir.structuredConfig.store_gateway.sharding_ring.replication_factor).toBe(expected.rf);
      expect(mimir.replicationFactor).toBe(expected.rf);
      expect(values.ingester.zoneAwareReplication.enabled).toBe(expected.zoneAware);
      expect(values.store_gateway.zoneAwareReplication.enabled).toBe(expected.zoneAware);
      expect(values.rollout_operator).toEqual({ enabled: expected.zoneAware });
    });

    test('zone-aware tiers pin one zone to each availability zone of the cluster, for ingesters and store-gateways', () => {
      const { values, mimir } = build({ tier: 'microservices', production: true });
      for (const section of ['ingester', 'store_gateway']) {
        const zones = values[section].zoneAwareReplication.zones;
        expect(zones.map((z: Values) => [z.name, z.nodeSelector])).toEqual([
          ['zone-a', { 'topology.kubernetes.io/zone': 'eu-west-1a' }],
          ['zone-b', { 'topology.kubernetes.io/zone': 'eu-west-1b' }],
          ['zone-c', { 'topology.kubernetes.io/zone': 'eu-west-1c' }],
        ]);
        // A list replaces the chart's default list: the chart's default keys of an entry are written again.
        expect(zones[0]).toMatchObject({ extraAffinity: {}, storageClass: 'gp3', noDownscale: false, prepareDownscale: true });
      }
      expect(mimir.zones.map((z) => z.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    });

    test('monolithic is not zone-aware: no zones written, no rollout-operator', () => {
      const { values, mimir } = build({ tier: 'monolithic' });
      expect(values.ingester.zoneAwareReplication).toEqual({ enabled: false });
      expect(values.store_gateway.zoneAwareReplication).toEqual({ enabled: false });
      expect(mimir.zones).toEqual([]);
    });

    test('as many zones as the replication factor; Alertmanager replicates to no more pods than it has', () => {
      const { values } = build({ tier: 'simple-scalable', replicationFactor: 2, replicas: { ingester: 4, storeGateway: 2 } });
      expect(values.ingester.zoneAwareReplication.zones.map((z: Values) => z.name)).toEqual(['zone-a', 'zone-b']);
      expect(values.mimir.structuredConfig.ingester.ring.replication_factor).toBe(2);
      expect(values.mimir.structuredConfig.alertmanager.sharding_ring.replication_factor).toBe(1);
    });

    test('replica overrides replace the tier layout, per component', () => {
      const { values, mimir } = build({ tier: 'microservices', replicas: { querier: 6, ingester: 6 } });
      expect(values.querier.replicas).toBe(6);
      expect(values.ingester.replicas).toBe(6);
      expect(values.distributor.replicas).toBe(2);
      expect(mimir.replicas.querier).toBe(6);
    });

    test('warns when zone-aware replicas are not a multiple of the zones (the chart rounds up per zone)', () => {
      const { mimir } = build({ tier: 'microservices', replicas: { ingester: 4 } });
      expect(warningsOf(mimir)).toEqual([expect.stringMatching(/replicas\.ingester is 4, not a multiple of the 3 zones; the chart starts 2 per zone \(6 in all\)/)]);
      expect(warningsOf(build({ tier: 'microservices', replicas: { ingester: 6 } }).mimir)).toEqual([]);
    });

    test('dev is small, microservices has the requests of the chart small.yaml', () => {
      expect(build({ tier: 'monolithic' }).values.ingester.resources).toEqual({ requests: { cpu: '200m', memory: '1Gi' } });
      const micro = build({ tier: 'microservices' }).values;
      expect(micro.ingester.resources).toEqual({ requests: { cpu: '3500m', memory: '8Gi' } });
      expect(micro.distributor.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' } });
      expect(micro.store_gateway.resources).toEqual({ requests: { cpu: '1', memory: '1536Mi' } });
      // Every component gets requests from the table.
      for (const tier of ['monolithic', 'simple-scalable', 'microservices'] as const) {
        const values = build({ tier }).values;
        for (const s of COMPONENT_SECTIONS) expect(values[s].resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      }
    });
  });

  describe('storage, identity and tenancy', () => {
    test('stores in its three buckets over the regional S3 endpoint, never in MinIO', () => {
      const { values } = build();
      const config = values.mimir.structuredConfig;
      expect(config.common.storage).toEqual({ backend: 's3', s3: { endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' } });
      expect(config.blocks_storage.s3).toEqual({ bucket_name: 'lgtm-test-mimir-blocks' });
      expect(config.ruler_storage.s3).toEqual({ bucket_name: 'lgtm-test-mimir-ruler' });
      expect(config.alertmanager_storage.s3).toEqual({ bucket_name: 'lgtm-test-mimir-alertmanager' });
      expect(values.minio).toEqual({ enabled: false });
    });

    test('no access keys anywhere in the values: AWS access comes from the role', () => {
      const text = JSON.stringify(build({}, { mode: 'irsa' }).values);
      expect(text).not.toMatch(/access_key|secret_access|AWS_ACCESS_KEY|rootPassword|rootUser/i);
    });

    test('China regions use the amazonaws.com.cn endpoint', () => {
      expect(s3Endpoint('cn-north-1')).toBe('s3.cn-north-1.amazonaws.com.cn');
      expect(build({ region: 'cn-north-1' }).values.mimir.structuredConfig.common.storage.s3.endpoint).toBe('s3.cn-north-1.amazonaws.com.cn');
    });

    test('classic ingester architecture: no Kafka, ingest storage off with the nulls the chart README lists', () => {
      const { values } = build();
      const config = values.mimir.structuredConfig;
      expect(values.kafka).toEqual({ enabled: false });
      expect(config.ingest_storage).toEqual({ enabled: false, kafka: { address: null, topic: null, auto_create_topic_default_partitions: null } });
      expect(config.distributor.remote_timeout).toBeNull();
      expect(config.ingester.push_grpc_method_enabled).toBeNull();
      // The nulls reach the chart as YAML nulls.
      const release = Object.values(resourcesOf(synthJson(build().stack), 'helm_release'))[0] as { values: string[] };
      expect(parse(release.values[0]).mimir.structuredConfig.ingester.push_grpc_method_enabled).toBeNull();
    });

    test("runs as the role's service account in its namespace; Pod Identity needs no annotation", () => {
      const { values, mimir } = build({}, { namespace: 'metrics' });
      expect(values.serviceAccount).toEqual({ create: true, name: 'mimir-distributed', annotations: {} });
      expect(mimir.release.namespace).toBe('metrics');
    });

    test('IRSA: the service account carries the role ARN', () => {
      expect(build({}, { mode: 'irsa' }).values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    });

    test('multi-tenant, explicitly; every tenant in the runtime overrides, with its limits', () => {
      const { values } = build({
        tenantLimits: { payments: { ingestionRate: 50000, ingestionBurstSize: 500000, maxGlobalSeriesPerUser: 2000000, maxQueryLookbackDays: 90 } },
      });
      expect(values.mimir.structuredConfig.multitenancy_enabled).toBe(true);
      expect(values.runtimeConfig).toEqual({
        overrides: {
          platform: {},
          payments: { ingestion_rate: 50000, ingestion_burst_size: 500000, max_global_series_per_user: 2000000, max_query_lookback: '90d' },
        },
      });
    });

    test('tenant federation is off unless asked for', () => {
      expect(build().values.mimir.structuredConfig.tenant_federation).toEqual({ enabled: false });
      expect(build({ tenantFederation: true }).values.mimir.structuredConfig.tenant_federation).toEqual({ enabled: true });
    });

    test('retention: one year by default, in the compactor limits; or as given', () => {
      const dflt = build();
      expect(dflt.values.mimir.structuredConfig.limits.compactor_blocks_retention_period).toBe('365d');
      // Exemplars on: the link from a metric to the trace that produced it (Mimir keeps none by default).
      expect(dflt.values.mimir.structuredConfig.limits.max_global_exemplars_per_user).toBe(100000);
      expect(dflt.mimir.retentionDays).toBe(365);
      const short = build({ retentionDays: 30 });
      expect(short.values.mimir.structuredConfig.limits.compactor_blocks_retention_period).toBe('30d');
      expect(short.mimir.retentionDays).toBe(30);
    });
  });

  describe('volumes, disruption budgets, rings and caches', () => {
    test('ingesters, store-gateways, compactor and Alertmanager keep data on gp3 volumes sized by tier', () => {
      const { values } = build({ tier: 'microservices', production: true });
      expect(values.ingester.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '50Gi' });
      expect(values.store_gateway.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '10Gi' });
      expect(values.compactor.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '20Gi' });
      expect(values.alertmanager.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '1Gi' });
      expect(build({ tier: 'monolithic' }).values.ingester.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '10Gi' });
    });

    test('another StorageClass, also for every zone', () => {
      const { values } = build({ storageClassName: 'io2-encrypted' });
      expect(values.ingester.persistentVolume.storageClass).toBe('io2-encrypted');
      expect(values.ingester.zoneAwareReplication.zones.map((z: Values) => z.storageClass)).toEqual(['io2-encrypted', 'io2-encrypted', 'io2-encrypted']);
    });

    test('a disruption budget of one pod for every component', () => {
      const { values } = build();
      for (const s of COMPONENT_SECTIONS) expect(values[s].podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    });

    test('rings gossip over memberlist by default', () => {
      const config = build().values.mimir.structuredConfig;
      for (const ring of RINGS) expect(at(config, `${ring}.kvstore`)).toEqual({ store: 'memberlist' });
    });

    test('rings in Consul or etcd when asked', () => {
      const consul = build({ ring: { kind: 'consul', address: 'consul.consul.svc:8500' } }).values.mimir.structuredConfig;
      for (const ring of RINGS) expect(at(consul, `${ring}.kvstore`)).toEqual({ store: 'consul', consul: { host: 'consul.consul.svc:8500' } });
      const etcd = build({ ring: { kind: 'etcd', endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } }).values.mimir.structuredConfig;
      for (const ring of RINGS) expect(at(etcd, `${ring}.kvstore`)).toEqual({ store: 'etcd', etcd: { endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } });
    });

    test('monolithic runs no caches; the other tiers run the chart memcached caches, sized by tier', () => {
      const mono = build({ tier: 'monolithic' }).values;
      for (const c of CACHES) expect(mono[c]).toEqual({ enabled: false });
      const simple = build({ tier: 'simple-scalable' }).values;
      // toMatchObject: the caches' scrape opt-in is asserted in test/backends/self-metrics.test.ts.
      expect(simple['chunks-cache']).toMatchObject({ enabled: true, replicas: 1, allocatedMemory: 1024 });
      const micro = build({ tier: 'microservices' }).values;
      expect(CACHES.map((c) => micro[c])).toMatchObject([
        { enabled: true, replicas: 2, allocatedMemory: 512 },
        { enabled: true, replicas: 2, allocatedMemory: 4096 },
        { enabled: true, replicas: 2, allocatedMemory: 1024 },
        { enabled: true, replicas: 2, allocatedMemory: 512 },
      ]);
      expect(MIMIR_TIER_LAYOUTS.monolithic.caches).toBeUndefined();
    });

    test('a memcached of its own replaces the chart caches, over TLS with the host as server name', () => {
      const memcached = MemcachedEndpoint.external({ address: 'lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com' });
      const { values } = build({ memcached });
      for (const c of CACHES) expect(values[c]).toEqual({ enabled: false });
      const config = values.mimir.structuredConfig;
      const client = { addresses: 'dns+lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com:11211', tls_enabled: true, tls_server_name: 'lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com' };
      expect(config.blocks_storage.bucket_store.chunks_cache).toEqual({ backend: 'memcached', memcached: { ...client, timeout: '750ms' } });
      expect(config.blocks_storage.bucket_store.index_cache).toEqual({ backend: 'memcached', memcached: { ...client, timeout: '750ms' } });
      expect(config.blocks_storage.bucket_store.metadata_cache).toEqual({ backend: 'memcached', memcached: client });
      expect(config.frontend).toEqual({ cache_results: true, results_cache: { backend: 'memcached', memcached: { ...client, timeout: '500ms' } } });
      expect(config.ruler_storage).toEqual({ s3: { bucket_name: 'lgtm-test-mimir-ruler' }, cache: { backend: 'memcached', memcached: { ...client, timeout: '500ms' } } });
    });

    test('a memcached without TLS gets no TLS settings', () => {
      const memcached = MemcachedEndpoint.external({ address: 'memcached.cache.svc', port: 11212, tls: false });
      const chunks = build({ tier: 'monolithic', memcached }).values.mimir.structuredConfig.blocks_storage.bucket_store.chunks_cache;
      expect(chunks.memcached).toEqual({ addresses: 'dns+memcached.cache.svc:11212', timeout: '750ms' });
    });
  });

  describe('the release', () => {
    test('the pinned chart in the role namespace, after what dependsOn names; synth validates', () => {
      const stack = testStack();
      const addons = new S3Bucket(stack, 'addons-marker', { bucket: 'lgtm-test-marker' });
      new MimirCluster(stack, 'mimir', {
        tier: 'microservices', production: true, buckets: buckets(), role: role(stack), region: 'eu-west-1',
        cluster: FAKE_CLUSTER, tenants: ['platform', 'payments'], retentionDays: 365, dependsOn: [addons],
      });
      const releases = Object.values(resourcesOf(synthJson(stack), 'helm_release'));
      expect(releases).toHaveLength(1);
      expect(releases[0]).toMatchObject({
        name: 'mimir-distributed',
        repository: 'https://grafana.github.io/helm-charts',
        chart: 'mimir-distributed',
        version: '6.0.6',
        namespace: 'lgtm',
        atomic: true,
        depends_on: [expect.stringMatching(/^aws_s3_bucket\.addons-marker/)],
      });
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    test('the release values are frozen, and the props are not changed', () => {
      const replicas = Object.freeze({ querier: 4 });
      const tenants = Object.freeze(['platform', 'payments']);
      const { mimir } = build({ replicas, tenants });
      expect(Object.isFrozen(mimir.release.values)).toBe(true);
      expect(replicas).toEqual({ querier: 4 });
    });

    test('the user values merge last', () => {
      const { values } = build({ values: { ingester: { replicas: 9 }, mimir: { structuredConfig: { limits: { max_label_names_per_series: 40 } } } } });
      expect(values.ingester.replicas).toBe(9);
      expect(values.ingester.persistentVolume.enabled).toBe(true);
      expect(values.mimir.structuredConfig.limits).toEqual({ compactor_blocks_retention_period: '365d', max_global_exemplars_per_user: 100000, max_label_names_per_series: 40 });
    });

    test('a values key the pinned chart does not have fails, naming the nearest one', () => {
      expect(() => build({ values: { ingestor: { replicas: 3 } } })).toThrow(/mimir-distributed 6\.0\.6 does not have.*ingestor\.replicas.*ingester/s);
    });

    test('a region known only at apply time is not checked, and is written as a reference', () => {
      const stack = testStack();
      const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
      const mimir = new MimirCluster(stack, 'mimir', {
        tier: 'monolithic', buckets: buckets(), role: role(stack), region, cluster: FAKE_CLUSTER, tenants: ['platform'],
      });
      expect((mimir.release.values as Values).mimir.structuredConfig.common.storage.s3.region).toBe(region);
      const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
      expect(release.values[0]).toContain('endpoint: s3.${var.region}.amazonaws.com');
    });
  });

  describe('endpoints', () => {
    test("the gateway Service of the release (mimir-distributed-gateway, port 80) in the role's namespace", () => {
      const { mimir } = build({}, { namespace: 'metrics' });
      expect(mimir.endpoints).toBeInstanceOf(MimirEndpoints);
      expect(mimir.endpoints).toMatchObject({
        url: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80',
        remoteWriteUrl: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80/api/v1/push',
        otlpUrl: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80/otlp/v1/metrics',
        queryUrl: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80/prometheus',
        rulerUrl: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80/prometheus/config/v1/rules',
        alertmanagerUrl: 'http://mimir-distributed-gateway.metrics.svc.cluster.local:80/alertmanager',
        tenantHeader: 'X-Scope-OrgID',
      });
      expect(build().values.gateway.enabled).toBe(true);
    });

    test('carry the tenants, so a producer writing per tenant (Tempo) can be checked against them', () => {
      expect(build({ tenants: ['platform', 'payments'] }).mimir.endpoints.tenants).toEqual(['platform', 'payments']);
      expect(build({ tenants: ['billing'] }).mimir.endpoints.tenants).toEqual(['billing']);
    });

    test('follow a renamed release prefix or gateway port in the values override', () => {
      expect(build({ values: { fullnameOverride: 'metrics' } }).mimir.endpoints.url).toBe('http://metrics-gateway.lgtm.svc.cluster.local:80');
      expect(build({ values: { nameOverride: 'prom' } }).mimir.endpoints.url).toBe('http://mimir-distributed-prom-gateway.lgtm.svc.cluster.local:80');
      expect(build({ values: { gateway: { service: { port: 8080 } } } }).mimir.endpoints.url).toBe('http://mimir-distributed-gateway.lgtm.svc.cluster.local:8080');
      expect(build({ values: { gateway: { service: { nameOverride: 'mimir' } } } }).mimir.endpoints.url).toBe('http://mimir.lgtm.svc.cluster.local:80');
    });
  });

  describe('validation', () => {
    test('fails if ingesters are fewer than the replication factor', () => {
      expect(() => build({ replicas: { ingester: 2 } })).toThrow(/^MimirCluster 'test\/mimir': .*ingester replicas are 2, but replicationFactor 3 needs at least 3/);
    });

    test('fails if the replication factor is under 3 in production', () => {
      expect(() => build({ production: true, replicationFactor: 2 })).toThrow(/replicationFactor is 2, but production needs at least 3/);
    });

    test('fails if monolithic is used in production without raising the replication factor', () => {
      expect(() => build({ tier: 'monolithic', production: true })).toThrow(/replicationFactor is 1, but production needs at least 3/);
    });

    test.each([
      ['0', 0, /retentionDays is 0, but it must be a positive integer/],
      ['negative', -30, /retentionDays is -30, but it must be a positive integer/],
      ['fractional', 1.5, /retentionDays is 1\.5, but it must be a positive integer/],
      ['as long as the bucket expiry', 372, /retentionDays is 372, but the 'mimir-blocks' bucket expires objects after 372 days/],
      ['longer than the bucket expiry', 400, /retentionDays is 400, but the 'mimir-blocks' bucket expires objects after 372 days/],
    ])('fails if the retention is %s', (_, retentionDays, message) => {
      expect(() => build({ retentionDays })).toThrow(message);
    });

    test('fails if a tenant limit names a tenant not served', () => {
      expect(() => build({ tenantLimits: { billing: { ingestionRate: 1000 } } })).toThrow(/tenantLimits has tenant 'billing', but tenants lists only 'platform', 'payments'/);
    });

    test.each([
      ['the ingestion rate is 0', { ingestionRate: 0 }, /tenantLimits\.payments\.ingestionRate is 0, but it must be a positive number/],
      ['the burst is negative', { ingestionBurstSize: -1 }, /tenantLimits\.payments\.ingestionBurstSize is -1, but it must be a positive integer/],
      ['the series limit is fractional', { maxGlobalSeriesPerUser: 1.5 }, /tenantLimits\.payments\.maxGlobalSeriesPerUser is 1\.5, but it must be a positive integer/],
      ['the lookback is 0 days', { maxQueryLookbackDays: 0 }, /tenantLimits\.payments\.maxQueryLookbackDays is 0, but it must be a positive integer/],
      ['a limit is unknown', { maxSeries: 10 } as never, /tenantLimits\.payments\.maxSeries is not a limit; allowed are ingestionRate/],
    ])('fails if %s', (_, limits, message) => {
      expect(() => build({ tenantLimits: { payments: limits } })).toThrow(message);
    });

    test('fails if the values override runs the release as another service account than the role\'s', () => {
      expect(() => build({ values: { serviceAccount: { name: 'default' } } })).toThrow(
        /values\.serviceAccount\.name is 'default', but the release must run as role\.serviceAccount 'mimir-distributed'/,
      );
      expect(() => build({ values: { serviceAccount: { name: 'mimir-distributed' } } })).not.toThrow();
    });

    test("fails if given Loki's role", () => {
      expect(() => build({}, { component: 'loki', serviceAccount: 'loki' })).toThrow(/role is the 'loki' role, but mimir needs its own \(platform\.roles\.mimir\)/);
    });

    test.each([
      ['a list', ['ingester'], /values is \["ingester"\], but it must be an object of Helm values/],
      ['a string', 'replicas: 3', /values is 'replicas: 3', but it must be an object of Helm values/],
    ])('fails if the values override is %s', (_, values, message) => {
      expect(() => build({ values: values as never })).toThrow(message);
    });

    test.each([
      ['a Consul address has no port', { kind: 'consul', address: 'consul.consul.svc' }, /ring\.address is 'consul\.consul\.svc', but it must be host:port/],
      ['etcd has no endpoints', { kind: 'etcd', endpoints: [] }, /ring\.endpoints is \[\], but etcd needs at least one host:port/],
      ['an etcd endpoint is a URL', { kind: 'etcd', endpoints: ['http://etcd:2379'] }, /ring\.endpoints has 'http:\/\/etcd:2379', but each must be host:port/],
      ['the ring kind is unknown', { kind: 'zookeeper' }, /ring\.kind is 'zookeeper', but allowed kinds are 'memberlist', 'consul', 'etcd'/],
    ])('fails if %s', (_, ring, message) => {
      expect(() => build({ ring: ring as never })).toThrow(message);
    });

    test.each([
      ['a replica count is 0', { querier: 0 }, /replicas\.querier is 0, but it must be a positive integer/],
      ['a replica count is fractional', { distributor: 1.5 }, /replicas\.distributor is 1\.5, but it must be a positive integer/],
      ['a component is unknown', { ingestor: 3 } as never, /replicas\.ingestor is not a Mimir component; allowed are distributor, ingester/],
    ])('fails if %s', (_, replicas, message) => {
      expect(() => build({ replicas })).toThrow(message);
    });

    test('fails if zone-aware store-gateways are fewer than the zones', () => {
      expect(() => build({ replicas: { storeGateway: 2 } })).toThrow(/replicas\.storeGateway is 2, but zone-aware store-gateways need at least one per zone \(3\)/);
    });

    test('fails if the cluster has fewer availability zones than copies', () => {
      const twoZones: IEksCluster = { ...FAKE_CLUSTER, network: { ...FAKE_CLUSTER.network, availabilityZones: ['eu-west-1a', 'eu-west-1b'] } };
      expect(() => build({ cluster: twoZones })).toThrow(/replicationFactor is 3, but the cluster's network has 2 availability zone\(s\)/);
      expect(() => build({ cluster: twoZones, replicationFactor: 2, replicas: { storeGateway: 2, ingester: 2 } })).not.toThrow();
    });

    test("fails if a Mimir bucket slot holds another component's bucket", () => {
      expect(() => build({ buckets: buckets(372, { mimirRuler: bucket('loki-ruler') }) })).toThrow(/buckets\.mimirRuler is the 'loki-ruler' bucket, but Mimir needs its 'mimir-ruler' bucket there/);
    });

    test('fails if the StorageClass name is not a Kubernetes name', () => {
      expect(() => build({ storageClassName: 'GP3 Fast' })).toThrow(/storageClassName is 'GP3 Fast', but it must be a StorageClass name/);
    });

    test('fails if the values override turns the gateway off (the endpoints are its Service)', () => {
      expect(() => build({ values: { gateway: { enabled: false } } })).toThrow(/values\.gateway\.enabled is false, but the endpoints are the gateway Service's/);
    });

    test('fails if the tier is unknown, or a tenant id is invalid', () => {
      expect(() => build({ tier: 'single-binary' as Tier })).toThrow(/tier is 'single-binary', but allowed tiers are monolithic, simple-scalable, microservices/);
      expect(() => build({ tenants: ['team/a'] })).toThrow(/tenants\[0\] is 'team\/a', but 1-150 characters/);
    });

    test('reports every problem at once', () => {
      expect(() => build({ retentionDays: 0, replicas: { querier: 0 }, tenantLimits: { billing: {} } }))
        .toThrow(/retentionDays is 0.*; replicas\.querier is 0.*; tenantLimits has tenant 'billing'/);
    });
  });
});
