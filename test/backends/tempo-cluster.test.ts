import * as fs from 'fs';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { BucketPurpose, ComponentBucket } from '../../lib/aws/component-bucket';
import { defaultServiceAccount } from '../../lib/aws/component-identities';
import { IEksCluster } from '../../lib/aws/i-eks-cluster';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { IWorkloadRole, WorkloadRoleAttributes } from '../../lib/aws/i-workload-role';
import { MemcachedEndpoint } from '../../lib/aws/memcached-endpoint';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirCluster } from '../../lib/backends/mimir-cluster';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { s3Endpoint } from '../../lib/backends/private/storage';
import { chartFullname } from '../../lib/backends/private/service-url';
import { TempoCluster, TempoClusterProps } from '../../lib/backends/tempo-cluster';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { TEMPO_CONFIG_MARK, TEMPO_MONOLITHIC_CONFIG, TEMPO_TIERS } from '../../lib/backends/tempo-values';
import { BACKEND_RULES } from '../../lib/compliance/rules/backends';
import { HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS } from '../../lib/compliance/rules/helm';
import { LgtmPlatform } from '../../lib/composition/lgtm-platform';
import { CHARTS } from '../../lib/config/charts';
import { Tier } from '../../lib/config/tier';
import { warningsOf } from '../support/annotations';
import { verdicts } from '../support/compliance';
import { FAKE_CLUSTER, FAKE_NETWORK } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const ROLE_ARN = 'arn:aws:iam::111122223333:role/lgtm-test-tempo';
const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];
const DISTRIBUTED: readonly Tier[] = ['simple-scalable', 'microservices'];
const TENANTS = ['platform', 'payments'];
const SECTIONS = ['distributor', 'ingester', 'querier', 'queryFrontend', 'compactor', 'metricsGenerator'];

function bucket(purpose: BucketPurpose, expirationDays?: number, region = 'eu-west-1'): ComponentBucket {
  return ComponentBucket.fromAttributes({ purpose, name: `lgtm-test-${purpose}`, region, expirationDays });
}

/** The platform's buckets; Tempo's traces expire after `tracesExpiry` days (14 + 7 by default). */
function buckets(tracesExpiry = 21, overrides: Partial<ILgtmBuckets> = {}): ILgtmBuckets {
  return {
    mimirBlocks: bucket('mimir-blocks', 372),
    mimirRuler: bucket('mimir-ruler'),
    mimirAlertmanager: bucket('mimir-alertmanager'),
    lokiChunks: bucket('loki-chunks', 37),
    lokiRuler: bucket('loki-ruler'),
    tempoTraces: bucket('tempo-traces', tracesExpiry),
    pyroscopeData: bucket('pyroscope-data', 37),
    ...overrides,
  };
}

/** Tempo's role as the platform binds it for `tier` (defaultServiceAccount('tempo', tier)). */
function tempoRole(stack: TerraformStack, tier: Tier, attrs: Partial<WorkloadRoleAttributes> = {}): IWorkloadRole {
  return WorkloadRole.fromAttributes(stack, `role-${attrs.component ?? 'tempo'}`, {
    roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount: defaultServiceAccount('tempo', tier), component: 'tempo', ...attrs,
  });
}

/** A real MimirCluster's endpoints (its gateway, its tenants) in `stack`. */
function mimirOf(stack: TerraformStack, tenants: string[] = TENANTS): MimirEndpoints {
  const role = WorkloadRole.fromAttributes(stack, 'role-mimir', { roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount: 'mimir-distributed', component: 'mimir' });
  return new MimirCluster(stack, 'mimir', { tier: 'microservices', buckets: buckets(), role, region: 'eu-west-1', cluster: FAKE_CLUSTER, tenants }).endpoints;
}

interface Options {
  /** Attributes of Tempo's role over the platform's binding. */
  readonly role?: Partial<WorkloadRoleAttributes>;
  /** Span metrics to a real MimirCluster of the same stack (its tenants). */
  readonly mimirTenants?: string[];
}

/** A TempoCluster in a fresh stack, built from the platform's handles plus `props`. */
function build(props: Partial<TempoClusterProps> = {}, options: Options = {}) {
  const stack = testStack();
  const tier = props.tier ?? 'microservices';
  const metrics = options.mimirTenants ? mimirOf(stack, options.mimirTenants) : undefined;
  const tempo = new TempoCluster(stack, 'tempo', {
    tier,
    buckets: buckets(),
    role: tempoRole(stack, tier, options.role),
    region: 'eu-west-1',
    cluster: FAKE_CLUSTER,
    tenants: TENANTS,
    ...(metrics ? { metrics } : {}),
    ...props,
  });
  // JSON round trip: plain objects, so toEqual compares values and not frozen-ness.
  const values: Values = JSON.parse(JSON.stringify(tempo.release.values));
  return { stack, tempo, values, metrics };
}

/** The Tempo settings of either chart: where each lives in its values. */
function traceStorage(tier: Tier, values: Values): Values {
  return tier === 'monolithic' ? values.tempo.storage.trace : values.storage.trace;
}

function chartConfigTemplate(): string {
  const pin = CHARTS.tempo;
  return parse(fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8')).config;
}

function distributedChartValues(): Values {
  const pin = CHARTS['tempo-distributed'];
  return parse(fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8'));
}

describe('TempoCluster', () => {
  describe('tiers', () => {
    // The mapping, pinned: a change here changes what runs in every environment of that tier.
    const MAPPING: Record<Tier, { chart: string; version: string; release: string; replicas: Record<string, number>; rf: number; zones: string[]; cache?: number }> = {
      'monolithic': { chart: 'tempo', version: '2.2.4', release: 'tempo', replicas: {}, rf: 1, zones: [] },
      'simple-scalable': {
        chart: 'tempo-distributed', version: '2.26.2', release: 'tempo-distributed',
        replicas: { distributor: 2, ingester: 3, querier: 1, queryFrontend: 1, compactor: 1, metricsGenerator: 1 }, rf: 3, zones: [], cache: 1,
      },
      'microservices': {
        chart: 'tempo-distributed', version: '2.26.2', release: 'tempo-distributed',
        replicas: { distributor: 2, ingester: 3, querier: 2, queryFrontend: 2, compactor: 1, metricsGenerator: 2 }, rf: 3, zones: ['zone-a', 'zone-b', 'zone-c'], cache: 2,
      },
    };

    test.each(TIERS)('%s: chart, release name, replicas of every component, replication factor and zones', (tier) => {
      const { tempo, values } = build({ tier }, { mimirTenants: TENANTS });
      const expected = MAPPING[tier];
      expect([tempo.release.pin.chart, tempo.release.pin.version, tempo.release.releaseName, tempo.chart]).toEqual([expected.chart, expected.version, expected.release, expected.chart]);
      expect(tempo.replicas).toEqual(expected.replicas);
      expect(tempo.replicationFactor).toBe(expected.rf);
      expect(tempo.zones.map((z) => z.name)).toEqual(expected.zones);
      if (tier === 'monolithic') {
        expect(values.replicas).toBe(1);
        for (const s of SECTIONS) expect(values[s]).toBeUndefined();
      } else {
        expect(Object.fromEntries(SECTIONS.map((s) => [s, values[s].replicas]))).toEqual(expected.replicas);
        expect(values.ingester.config.replication_factor).toBe(expected.rf);
        expect(values.ingester.zoneAwareReplication.enabled).toBe(expected.zones.length > 0);
        expect(values.rollout_operator).toEqual({ enabled: expected.zones.length > 0 });
        expect(values.memcached).toMatchObject({ enabled: true, replicas: expected.cache });
      }
    });

    test('the tier table holds every request; dev is small', () => {
      expect(build({ tier: 'monolithic' }).values.tempo.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' } });
      for (const tier of DISTRIBUTED) {
        const { values } = build({ tier }, { mimirTenants: TENANTS });
        for (const s of SECTIONS) {
          const size = TEMPO_TIERS[tier].workloads[s as keyof typeof TEMPO_TIERS['microservices']['workloads']]!;
          expect(values[s].resources).toEqual({ requests: { cpu: size.cpu, memory: size.memory } });
        }
      }
      // The sizing reference's Tempo floors (reference/sizing.md).
      expect(build().values.ingester.resources.requests).toEqual({ cpu: '1500m', memory: '4Gi' });
    });

    test('microservices: ingesters zone-aware, one zone per availability zone of the cluster', () => {
      const { ingester } = build({ production: true }).values;
      const zones = ingester.zoneAwareReplication.zones;
      expect(zones.map((z: Values) => [z.name, z.nodeSelector])).toEqual([
        ['zone-a', { 'topology.kubernetes.io/zone': 'eu-west-1a' }],
        ['zone-b', { 'topology.kubernetes.io/zone': 'eu-west-1b' }],
        ['zone-c', { 'topology.kubernetes.io/zone': 'eu-west-1c' }],
      ]);
      // A list replaces the chart's default list: the chart's default keys of an entry are written again.
      expect(zones[0]).toEqual(expect.objectContaining({ extraAffinity: {}, storageClass: 'gp3', annotations: {}, podAnnotations: ingester.podAnnotations }));
    });

    test("the pinned chart supports zone-aware ingesters (experimental, rollout-operator off by default)", () => {
      const chart = distributedChartValues();
      expect(chart.ingester.zoneAwareReplication.enabled).toBe(false);
      expect(chart.ingester.zoneAwareReplication.zones.map((z: Values) => z.name)).toEqual(['zone-a', 'zone-b', 'zone-c']);
      expect(chart.rollout_operator.enabled).toBe(false);
    });

    test('replication factor 2 in microservices: not zone-aware (the chart needs 3 zones), no rollout-operator', () => {
      const { values, tempo } = build({ replicationFactor: 2 });
      expect(values.ingester.zoneAwareReplication).toEqual({ enabled: false });
      expect(values.rollout_operator).toEqual({ enabled: false });
      expect(tempo.zones).toEqual([]);
    });

    test('replica overrides replace the tier layout, per component', () => {
      const { values, tempo } = build({ replicas: { querier: 4, ingester: 6 } });
      expect([values.querier.replicas, values.ingester.replicas, values.distributor.replicas]).toEqual([4, 6, 2]);
      expect(tempo.replicas.querier).toBe(4);
    });

    test('warns when zone-aware ingesters are not a multiple of the zones (the chart rounds up per zone)', () => {
      expect(warningsOf(build({ replicas: { ingester: 4 } }).tempo)).toEqual([expect.stringMatching(/replicas\.ingester is 4, not a multiple of the 3 zones; the chart starts 2 per zone \(6 in all\)/)]);
      expect(warningsOf(build({ replicas: { ingester: 6 } }).tempo)).toEqual([]);
    });

    test('a disruption budget of one pod for every component; no autoscaler', () => {
      const { values } = build({}, { mimirTenants: TENANTS });
      for (const s of SECTIONS) {
        expect(values[s].podDisruptionBudget).toEqual({ enabled: true });
        expect(values[s].maxUnavailable).toBe(1);
        expect(values[s].autoscaling).toBeUndefined();
      }
    });
  });

  describe('identity', () => {
    test.each(TIERS)("%s: runs as the role's service account in the role's namespace, named as the chart would name it", (tier) => {
      const { tempo, values } = build({ tier }, { role: { namespace: 'traces' } });
      expect(values.serviceAccount).toEqual({ create: true, name: defaultServiceAccount('tempo', tier), annotations: {} });
      expect(tempo.release.namespace).toBe('traces');
      // Unset, the chart would name the account `<fullname>` (templates/_helpers.tpl tempo.serviceAccountName).
      expect(chartFullname('tempo', tempo.release.releaseName, {})).toBe(defaultServiceAccount('tempo', tier));
    });

    test.each(TIERS)("%s: an LgtmPlatform of the same tier binds Tempo's role to exactly that account", (tier) => {
      const stack = new TerraformStack(Testing.app(), 'test');
      new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
      const platform = new LgtmPlatform(stack, 'platform', { environment: 'dev', region: 'eu-west-1', tier, cluster: { existing: { ...FAKE_CLUSTER, clusterName: 'shared' } } });
      const tempo = new TempoCluster(stack, 'tempo', {
        tier, buckets: platform.buckets, role: platform.roles.tempo, region: platform.region, cluster: platform.cluster, tenants: TENANTS,
      });
      const account = platform.roles.tempo.serviceAccount;
      expect((tempo.release.values.serviceAccount as Values).name).toBe(account);
      expect(chartFullname('tempo', tempo.release.releaseName, tempo.release.values)).toBe(account);
      expect(tempo.release.namespace).toBe(platform.roles.tempo.namespace);
    });

    test('IRSA: the service account carries the role ARN', () => {
      expect(build({}, { role: { mode: 'irsa' } }).values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    });
  });

  describe('storage and retention', () => {
    test.each(TIERS)('%s: traces in the tempo-traces bucket over the regional S3 endpoint, never in MinIO', (tier) => {
      const { values } = build({ tier });
      expect(traceStorage(tier, values)).toMatchObject({ backend: 's3', s3: { bucket: 'lgtm-test-tempo-traces', endpoint: 's3.eu-west-1.amazonaws.com', region: 'eu-west-1' } });
      expect(traceStorage(tier, values).s3.endpoint).toBe(s3Endpoint('eu-west-1'));
      if (tier !== 'monolithic') expect(values.minio).toEqual({ enabled: false });
      expect(JSON.stringify(values)).not.toMatch(/access_key|secret_key|session_token|rootPassword/i);
    });

    test.each(TIERS)('%s: the WAL on gp3 persistent volumes sized by tier, or another StorageClass', (tier) => {
      const { values } = build({ tier }, { mimirTenants: TENANTS });
      if (tier === 'monolithic') {
        // The chart mounts the volume at /var/tempo (templates/statefulset.yaml).
        expect(values.persistence).toEqual({ enabled: true, size: '10Gi', storageClassName: 'gp3' });
        expect(values.tempo.storage.trace.wal).toEqual({ path: '/var/tempo/wal' });
        expect(values.tempo.metricsGenerator.storage.path).toMatch(/^\/var\/tempo\//);
        expect(build({ tier, storageClassName: 'io2' }).values.persistence.storageClassName).toBe('io2');
      } else {
        expect(values.ingester.persistence).toEqual({ enabled: true, inMemory: false, size: TEMPO_TIERS[tier].workloads.ingester!.volume, storageClass: 'gp3' });
        expect(values.metricsGenerator).toMatchObject({ kind: 'StatefulSet', persistence: { enabled: true, size: '10Gi', storageClass: 'gp3' } });
        const io2 = build({ tier, storageClassName: 'io2' }).values;
        expect(io2.ingester.persistence.storageClass).toBe('io2');
        if (tier === 'microservices') expect(io2.ingester.zoneAwareReplication.zones.map((z: Values) => z.storageClass)).toEqual(['io2', 'io2', 'io2']);
      }
    });

    test.each(TIERS)('%s: retention by the compactor, 14 days by default, or as given', (tier) => {
      const retention = (v: Values) => (tier === 'monolithic' ? v.tempo.retention : v.compactor.config.compaction.block_retention);
      const dflt = build({ tier });
      expect(retention(dflt.values)).toBe('336h');
      expect(dflt.tempo.retentionDays).toBe(14);
      expect(retention(build({ tier, retentionDays: 7 }).values)).toBe('168h');
    });

    test('the backend scheduler, should it replace the compactor, keeps the same retention', () => {
      expect(build().values.backendScheduler.config.provider.compaction.compaction.block_retention).toBe('336h');
    });

    test('China regions use the amazonaws.com.cn endpoint', () => {
      const cn = { region: 'cn-north-1', buckets: buckets(21, { tempoTraces: bucket('tempo-traces', 21, 'cn-north-1') }) };
      expect(build(cn).values.storage.trace.s3.endpoint).toBe('s3.cn-north-1.amazonaws.com.cn');
    });
  });

  describe('receivers and tenancy', () => {
    test.each(TIERS)('%s: OTLP gRPC 4317 and HTTP 4318', (tier) => {
      const { values } = build({ tier });
      if (tier === 'monolithic') {
        expect(values.tempo.receivers.otlp).toEqual({ protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } });
      } else {
        expect(values.traces.otlp).toEqual({ grpc: { enabled: true }, http: { enabled: true } });
      }
    });

    test.each(TIERS)('%s: multi-tenant; queries across tenants only with tenantFederation', (tier) => {
      const mono = tier === 'monolithic';
      const { values } = build({ tier });
      expect(mono ? values.tempo.multitenancyEnabled : values.multitenancyEnabled).toBe(true);
      const federation = (v: Values) => (mono ? v.tempo.queryFrontend : v.tempo.structuredConfig.query_frontend).multi_tenant_queries_enabled;
      // Tempo's own default is true (modules/frontend/config.go): written false unless asked.
      expect(federation(values)).toBe(false);
      expect(federation(build({ tier, tenantFederation: true }).values)).toBe(true);
    });
  });

  describe('span metrics', () => {
    test.each(TIERS)('%s: without metrics the metrics-generator is off', (tier) => {
      const { values, tempo } = build({ tier });
      expect((tier === 'monolithic' ? values.tempo.metricsGenerator : values.metricsGenerator)).toEqual({ enabled: false });
      expect(tier === 'monolithic' ? values.tempo.overrides : values.overrides).toBeUndefined();
      expect(tempo.spanMetrics).toBe(false);
      expect(tempo.replicas.metricsGenerator).toBeUndefined();
    });

    test.each(TIERS)("%s: to Mimir's remote-write URL, each tenant into its own Mimir tenant, every processor for every tenant", (tier) => {
      const { values, metrics, tempo } = build({ tier }, { mimirTenants: TENANTS });
      const mono = tier === 'monolithic';
      const generator = mono ? values.tempo.metricsGenerator : values.metricsGenerator;
      expect(tempo.spanMetrics).toBe(true);
      expect(generator.enabled).toBe(true);
      const remoteWrite = mono ? generator.storage.remote_write : generator.config.storage.remote_write;
      expect(remoteWrite).toEqual([{ url: metrics!.remoteWriteUrl, send_exemplars: true }]);
      expect(remoteWrite[0].url).toBe('http://mimir-distributed-gateway.lgtm.svc.cluster.local:80/api/v1/push');
      // The per-tenant X-Scope-OrgID, written explicitly; never a static header.
      if (mono) {
        expect(values.config).toMatch(/\n {4}remote_write_add_org_id_header: true /);
      } else {
        expect(generator.config.storage.remote_write_add_org_id_header).toBe(true);
      }
      expect(JSON.stringify(values)).not.toMatch(/"x-scope-orgid"\s*:/i);
      // Every tenant: the overrides' defaults, and no per-tenant entry (one would replace the defaults).
      const overrides = mono ? values.tempo.overrides : values.overrides;
      expect(overrides.defaults.metrics_generator.processors).toEqual(['service-graphs', 'span-metrics', 'local-blocks']);
      expect(mono ? values.tempo.per_tenant_overrides : values.per_tenant_overrides).toBeUndefined();
      // TraceQL metrics over S3 read only the blocks local-blocks flushes.
      const localBlocks = mono ? generator.processor.local_blocks : values.tempo.structuredConfig.metrics_generator.processor.local_blocks;
      expect(localBlocks).toEqual({ flush_to_storage: true, filter_server_spans: false });
    });

    test('the chart default of the org-id header is true (tempo-distributed values.yaml)', () => {
      expect(distributedChartValues().metricsGenerator.config.storage.remote_write_add_org_id_header).toBe(true);
    });

    test('the same tenants in another order, or a Mimir whose tenants are unknown, are accepted', () => {
      expect(() => build({}, { mimirTenants: ['payments', 'platform'] })).not.toThrow();
      expect(() => build({ metrics: MimirEndpoints.external({ url: 'https://mimir.example.com' }) })).not.toThrow();
    });
  });

  describe('the monolithic config template', () => {
    test("is the tempo chart's own template with the marked line added", () => {
      const ours = TEMPO_MONOLITHIC_CONFIG.split('\n');
      const marked = ours.filter((l) => l.includes(TEMPO_CONFIG_MARK));
      expect(marked).toEqual(['    remote_write_add_org_id_header: true # cdktf-lgtm: X-Scope-OrgID is each span\'s tenant']);
      expect(ours.filter((l) => !l.includes(TEMPO_CONFIG_MARK)).join('\n')).toBe(chartConfigTemplate());
    });

    test('the release passes it, with the cache block only for a memcached of its own', () => {
      expect(build({ tier: 'monolithic' }).values.config).toBe(TEMPO_MONOLITHIC_CONFIG);
      const memcached = MemcachedEndpoint.external({ address: 'cache.example.internal' });
      const config: string = build({ tier: 'monolithic', memcached }).values.config;
      expect(config.startsWith(TEMPO_MONOLITHIC_CONFIG)).toBe(true);
      expect(parse(config.slice(TEMPO_MONOLITHIC_CONFIG.length))).toEqual({
        cache: {
          caches: [{
            memcached: { addresses: 'dns+cache.example.internal:11211', consistent_hash: true, timeout: '500ms', tls_enabled: true, tls_server_name: 'cache.example.internal' },
            roles: ['parquet-footer', 'bloom', 'frontend-search'],
          }],
        },
      });
    });
  });

  describe('rings and caches', () => {
    const RINGS = ['ingester.lifecycler.ring', 'distributor.ring', 'compactor.ring', 'metrics_generator.ring'];
    const at = (v: Values, p: string) => p.split('.').reduce<Values | undefined>((n, k) => n?.[k], v);

    test('tempo-distributed rings gossip over memberlist by default, or live in Consul or etcd', () => {
      const config = (props: Partial<TempoClusterProps>) => build(props, { mimirTenants: TENANTS }).values.tempo.structuredConfig;
      for (const ring of RINGS) expect(at(config({}), `${ring}.kvstore`)).toEqual({ store: 'memberlist' });
      const consul = config({ ring: { kind: 'consul', address: 'consul.consul.svc:8500' } });
      for (const ring of RINGS) expect(at(consul, `${ring}.kvstore`)).toEqual({ store: 'consul', consul: { host: 'consul.consul.svc:8500' } });
      const etcd = config({ ring: { kind: 'etcd', endpoints: ['etcd-0.etcd:2379'] } });
      for (const ring of RINGS) expect(at(etcd, `${ring}.kvstore`)).toEqual({ store: 'etcd', etcd: { endpoints: ['etcd-0.etcd:2379'] } });
    });

    test('monolithic: a ring store is not used (the single binary keeps its rings in memory), and says so', () => {
      const { stack } = build({ tier: 'monolithic', ring: { kind: 'consul', address: 'consul.consul.svc:8500' } });
      expect(warningsOf(stack)).toEqual([expect.stringMatching(/ring is 'consul', but Tempo's single binary \(tier 'monolithic'\) keeps its rings in memory/)]);
      expect(warningsOf(build({ tier: 'monolithic' }).stack)).toEqual([]);
    });

    test('monolithic runs no memcached; the other tiers run the chart memcached, sized by tier', () => {
      const mono = build({ tier: 'monolithic' }).values;
      expect(mono.memcached).toBeUndefined();
      expect(mono.config).not.toContain('cache:');
      // toMatchObject: the cache's scrape opt-in is asserted in test/backends/self-metrics.test.ts.
      expect(build({ tier: 'simple-scalable' }).values.memcached).toMatchObject({ enabled: true, replicas: 1, extraArgs: ['-m', '512'], resources: { requests: { cpu: '100m', memory: '615Mi' } } });
      expect(build({ tier: 'microservices' }).values.memcached).toMatchObject({ enabled: true, replicas: 2, extraArgs: ['-m', '1024'], resources: { requests: { cpu: '100m', memory: '1229Mi' } } });
    });

    test('a memcached of its own replaces the chart memcached for the same cache roles, over TLS', () => {
      const memcached = MemcachedEndpoint.external({ address: 'lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com' });
      const { values } = build({ memcached });
      expect(values.memcached).toEqual({ enabled: false });
      expect(values.cache).toEqual({ caches: [] });
      expect(values.tempo.structuredConfig.cache).toEqual({
        caches: [{
          memcached: {
            addresses: 'dns+lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com:11211',
            consistent_hash: true,
            timeout: '500ms',
            tls_enabled: true,
            tls_server_name: 'lgtm-cache.abc123.cfg.euw1.cache.amazonaws.com',
          },
          roles: ['parquet-footer', 'bloom', 'frontend-search'],
        }],
      });
      const plain = build({ memcached: MemcachedEndpoint.external({ address: 'memcached.cache.svc', tls: false }) }).values;
      expect(plain.tempo.structuredConfig.cache.caches[0].memcached).toEqual({ addresses: 'dns+memcached.cache.svc:11211', consistent_hash: true, timeout: '500ms' });
    });
  });

  describe('endpoints', () => {
    test.each<[Tier, string, string]>([
      ['monolithic', 'tempo', 'tempo'],
      ['simple-scalable', 'tempo-distributed-distributor', 'tempo-distributed-query-frontend'],
      ['microservices', 'tempo-distributed-distributor', 'tempo-distributed-query-frontend'],
    ])("%s: the chart's Services in the role's namespace (%s, %s)", (tier, receiver, query) => {
      const { tempo } = build({ tier }, { role: { namespace: 'traces' } });
      expect(tempo.endpoints).toBeInstanceOf(TempoEndpoints);
      expect({ ...tempo.endpoints }).toEqual({
        otlpGrpcUrl: `${receiver}.traces.svc.cluster.local:4317`,
        otlpHttpUrl: `http://${receiver}.traces.svc.cluster.local:4318`,
        queryUrl: `http://${query}.traces.svc.cluster.local:3200`,
        otlpGrpcInsecure: true,
        tenantHeader: 'X-Scope-OrgID',
      });
    });

    test("the pinned chart's gateway is off: the endpoints are the distributor and query-frontend Services", () => {
      const chart = distributedChartValues();
      expect(chart.gateway.enabled).toBe(false);
      expect(chart.queryFrontend.service.httpMetricsPort).toBe(3200);
      expect(build().values.gateway).toBeUndefined();
    });

    test('follow a renamed release prefix or port in the values override', () => {
      expect(build({ values: { fullnameOverride: 'traces' } }).tempo.endpoints.queryUrl).toBe('http://traces-query-frontend.lgtm.svc.cluster.local:3200');
      expect(build({ values: { queryFrontend: { service: { httpMetricsPort: 8080 } } } }).tempo.endpoints.queryUrl).toBe('http://tempo-distributed-query-frontend.lgtm.svc.cluster.local:8080');
      const mono = build({ tier: 'monolithic', values: { nameOverride: 'traces', tempo: { receivers: { otlp: { protocols: { grpc: { endpoint: '0.0.0.0:14317' } } } } } } });
      expect(mono.tempo.endpoints.otlpGrpcUrl).toBe('tempo-traces.lgtm.svc.cluster.local:14317');
    });
  });

  describe('the release', () => {
    test.each(TIERS)('%s: the pinned chart in the role namespace, after what dependsOn names; synth validates', (tier) => {
      const stack = testStack();
      const marker = new S3Bucket(stack, 'marker', { bucket: 'lgtm-test-marker' });
      new TempoCluster(stack, 'tempo', {
        tier, buckets: buckets(), role: tempoRole(stack, tier), region: 'eu-west-1', cluster: FAKE_CLUSTER, tenants: TENANTS,
        metrics: mimirOf(stack), dependsOn: [marker],
      });
      expect(() => Testing.synth(stack, true)).not.toThrow();
      const releases = Object.values(resourcesOf(synthJson(stack), 'helm_release')).filter((r) => String(r.chart).startsWith('tempo'));
      expect(releases).toHaveLength(1);
      const pin = CHARTS[tier === 'monolithic' ? 'tempo' : 'tempo-distributed'];
      expect(releases[0]).toMatchObject({
        name: defaultServiceAccount('tempo', tier), chart: pin.chart, version: pin.version, repository: 'https://grafana-community.github.io/helm-charts', namespace: 'lgtm', atomic: true,
      });
      expect(releases[0].depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket\.marker/)]);
    });

    test('the Helm compliance rules stay quiet on a production cluster, and on every tier outside production', () => {
      const rules = [HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS, ...BACKEND_RULES];
      // A rule whose charts leave Tempo's out does not look at the release at all.
      const verdict = (stack: TerraformStack, t: TempoCluster, rule: (typeof rules)[number], production: boolean) =>
        verdicts(stack, rule, production)[`helm_release.${t.release.release.friendlyUniqueId}`] ?? 'not looked at';
      const prod = build({ production: true }, { mimirTenants: TENANTS });
      for (const rule of rules) expect(verdict(prod.stack, prod.tempo, rule, true)).toMatch(/^(compliant|not-applicable|not looked at)$/);
      for (const tier of TIERS) {
        const { stack, tempo } = build({ tier }, { mimirTenants: TENANTS });
        for (const rule of rules) expect(verdict(stack, tempo, rule, false)).toMatch(/^(compliant|not-applicable|not looked at)$/);
        // Multi-tenancy is read for both Tempo charts.
        expect(verdict(stack, tempo, HELM_MULTI_TENANCY, false)).toBe('compliant');
      }
    });

    test('the release values are frozen, and the props are not changed', () => {
      const replicas = Object.freeze({ querier: 4 });
      const { tempo } = build({ replicas, tenants: Object.freeze([...TENANTS]) });
      expect(Object.isFrozen(tempo.release.values)).toBe(true);
      expect(replicas).toEqual({ querier: 4 });
    });

    test('the user values merge last', () => {
      const { values } = build({ values: { ingester: { replicas: 9 }, tempo: { structuredConfig: { query_frontend: { max_retries: 3 } } } } });
      expect(values.ingester.replicas).toBe(9);
      expect(values.ingester.persistence.enabled).toBe(true);
      expect(values.tempo.structuredConfig.query_frontend).toEqual({ multi_tenant_queries_enabled: false, max_retries: 3 });
    });

    test('a values key the pinned chart does not have fails, naming the nearest one', () => {
      expect(() => build({ values: { ingestor: { replicas: 3 } } })).toThrow(/tempo-distributed 2\.26\.2 does not have.*ingestor\.replicas.*ingester/s);
      expect(() => build({ tier: 'monolithic', values: { tempo: { retension: '1h' } } })).toThrow(/tempo 2\.2\.4 does not have.*tempo\.retension/s);
    });

    test('values known only at apply time are not validated, and are written as references', () => {
      const stack = testStack();
      const days = new TerraformVariable(stack, 'days', { type: 'number' }).numberValue;
      const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
      const tempo = new TempoCluster(stack, 'tempo', {
        tier: 'simple-scalable', buckets: buckets(), role: tempoRole(stack, 'simple-scalable'), region, cluster: FAKE_CLUSTER, tenants: TENANTS, retentionDays: days,
      });
      expect(tempo.retentionDays).toBe(days);
      const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
      expect(release.values[0]).toContain('block_retention: ${(var.days * 24)}h');
      expect(release.values[0]).toContain('endpoint: s3.${var.region}.amazonaws.com');
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<TempoClusterProps>, RegExp]>([
      ['ingesters are below the replication factor', { replicas: { ingester: 2 } }, /^TempoCluster 'test\/tempo': .*ingester replicas are 2, but replicationFactor 3 needs at least 3/],
      ['the replication factor is under 3 in production', { production: true, replicationFactor: 2 }, /replicationFactor is 2, but production needs at least 3/],
      ['monolithic is used in production', { tier: 'monolithic', production: true }, /replicationFactor is 1, but production needs at least 3/],
      ['monolithic is given a replication factor', { tier: 'monolithic', replicationFactor: 3 }, /replicationFactor is 3, but tier 'monolithic' runs Tempo's single binary, which always keeps one copy/],
      ['retention is 0', { retentionDays: 0 }, /retentionDays is 0, but it must be a positive integer/],
      ['retention is fractional', { retentionDays: 1.5 }, /retentionDays is 1\.5, but it must be a positive integer/],
      ['retention is as long as the bucket expiry', { retentionDays: 21 }, /retentionDays is 21, but the 'tempo-traces' bucket expires objects after 21 days/],
      ['retention is longer than the bucket expiry', { retentionDays: 30 }, /retentionDays is 30, but the 'tempo-traces' bucket expires objects after 21 days/],
      ['a replica count is 0', { replicas: { querier: 0 } }, /replicas\.querier is 0, but it must be a positive integer/],
      ['a replica count is fractional', { replicas: { distributor: 1.5 } }, /replicas\.distributor is 1\.5, but it must be a positive integer/],
      ['a component is unknown', { replicas: { ingestor: 3 } as never }, /replicas\.ingestor is not a Tempo component; allowed are distributor, ingester, querier, queryFrontend, compactor, metricsGenerator/],
      ['replicas are not an object', { replicas: 3 as never }, /replicas is 3, but it must be an object of component: count/],
      ['monolithic is given replicas', { tier: 'monolithic', replicas: { querier: 2 } }, /replicas\.querier is given, but tier 'monolithic' runs the tempo chart's single binary, one pod/],
      ['metrics-generator replicas are given without metrics', { replicas: { metricsGenerator: 2 } }, /replicas\.metricsGenerator is given, but the metrics-generator runs only with metrics/],
      ['span metrics are turned on without a Mimir', { values: { metricsGenerator: { enabled: true } } }, /values\.metricsGenerator\.enabled is true, but the metrics-generator needs metrics/],
      ['span metrics are turned on without a Mimir (monolithic)', { tier: 'monolithic', values: { tempo: { metricsGenerator: { enabled: true } } } }, /values\.tempo\.metricsGenerator\.enabled is true, but the metrics-generator needs metrics/],
      ['the org-id header is turned off', { values: { metricsGenerator: { config: { storage: { remote_write_add_org_id_header: false } } } } }, /remote_write_add_org_id_header is false, but without it every tenant's span metrics reach Mimir without a tenant/],
      [
        'a static X-Scope-OrgID is set on the remote write',
        { values: { metricsGenerator: { config: { storage: { remote_write: [{ url: 'http://m/api/v1/push', headers: { 'x-scope-orgid': 'all' } }] } } } } },
        /values\.metricsGenerator\.config\.storage\.remote_write\[0\]\.headers\.x-scope-orgid sets a static X-Scope-OrgID, but it wins over each tenant's own/,
      ],
      [
        'a static X-Scope-OrgID is set in the overrides',
        { values: { overrides: { defaults: { metrics_generator: { remote_write_headers: { 'X-Scope-OrgID': 'all' } } } } } },
        /values\.overrides\.defaults\.metrics_generator\.remote_write_headers\.X-Scope-OrgID sets a static X-Scope-OrgID/,
      ],
      ['the service account is renamed', { values: { serviceAccount: { name: 'traces' } } }, /values\.serviceAccount\.name is 'traces', but the role is bound to service account 'tempo-distributed'; Tempo would run without S3 access/],
      ['the service account is not created', { values: { serviceAccount: { create: false } } }, /values\.serviceAccount\.create is false, but the release creates the role's service account/],
      ['the OTLP gRPC receiver is turned off', { values: { traces: { otlp: { grpc: { enabled: false } } } } }, /values\.traces\.otlp\.grpc\.enabled is false, but TempoCluster\.endpoints\.otlpGrpcUrl points at that receiver/],
      ['the traces bucket slot holds another bucket', { buckets: buckets(21, { tempoTraces: bucket('loki-chunks', 37) }) }, /buckets\.tempoTraces is the 'loki-chunks' bucket, but Tempo needs its 'tempo-traces' bucket there/],
      ['the region is not the bucket\'s', { region: 'us-east-1' }, /region is 'us-east-1', but the 'tempo-traces' bucket is in 'eu-west-1'/],
      ['the StorageClass name is invalid', { storageClassName: 'GP3 Fast' }, /storageClassName is 'GP3 Fast', but it must be a StorageClass name/],
      [
        'the cluster has fewer zones than copies',
        { cluster: { ...FAKE_CLUSTER, network: { ...FAKE_NETWORK, availabilityZones: ['eu-west-1a', 'eu-west-1b'] } } as IEksCluster },
        /replicationFactor is 3, but the cluster's network has 2 availability zone\(s\); zone-aware ingesters need at least one zone per copy/,
      ],
      ['metrics is a Loki', { metrics: LokiEndpoints.external({ url: 'https://logs.example.com' }) as never }, /metrics is a LokiEndpoints, but it must be a MimirEndpoints \(MimirCluster\.endpoints or MimirEndpoints\.external\(\.\.\.\)\)/],
      ['metrics is a plain object', { metrics: { remoteWriteUrl: 'http://mimir/api/v1/push' } as never }, /metrics is \{"remoteWriteUrl":"http:\/\/mimir\/api\/v1\/push"\}, but it must be a MimirEndpoints/],
      ['no tenant is given', { tenants: [] }, /tenants is \[\], but at least one tenant id is required/],
      ['a tenant id is invalid', { tenants: ['team/a'] }, /tenants\[0\] is 'team\/a', but 1-150 characters/],
      ['the tier is unknown', { tier: 'huge' as Tier }, /tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/],
    ])('fails if %s', (_, props, message) => {
      expect(() => build(props)).toThrow(message);
    });

    test("fails if given Loki's role", () => {
      expect(() => build({}, { role: { component: 'loki', serviceAccount: 'loki' } })).toThrow(/role is the 'loki' role, but tempo needs its own \(platform\.roles\.tempo\)/);
    });

    test("fails if the tenants differ from the Mimir's the span metrics go to", () => {
      expect(() => build({}, { mimirTenants: ['platform', 'billing'] })).toThrow(
        /tenants is \["platform","payments"\], but metrics \(the Mimir span metrics go to\) serves \["platform","billing"\]; each tenant's span metrics go to the same Mimir tenant, so both must list the same ids \(not in Mimir: 'payments'\) \(only in Mimir: 'billing'\)/,
      );
      const external = MimirEndpoints.external({ url: 'https://mimir.example.com', tenants: ['platform'] });
      expect(() => build({ metrics: external })).toThrow(/\(not in Mimir: 'payments'\)/);
    });

    test('names the construct path and reports every problem at once', () => {
      expect(() => build({ retentionDays: 0, replicas: { querier: 0 }, storageClassName: 'X' })).toThrow(
        /^TempoCluster 'test\/tempo': retentionDays is 0, but it must be a positive integer; .*replicas\.querier is 0.*; storageClassName is 'X'/,
      );
    });
  });
});
