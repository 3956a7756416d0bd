import * as fs from 'fs';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { BucketPurpose, ComponentBucket } from '../../lib/aws/component-bucket';
import { IEksCluster } from '../../lib/aws/i-eks-cluster';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { IWorkloadRole, WorkloadIdentityMode } from '../../lib/aws/i-workload-role';
import { MemcachedEndpoint } from '../../lib/aws/memcached-endpoint';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { BACKEND_RULES } from '../../lib/compliance/rules/backends';
import { HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS } from '../../lib/compliance/rules/helm';
import { LokiCluster, LokiClusterProps } from '../../lib/backends/loki-cluster';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { LOKI_SCHEMA_FROM, LOKI_TIERS } from '../../lib/backends/loki-values';
import { CHARTS } from '../../lib/config/charts';
import { Tier } from '../../lib/config/tier';
import { warningsOf } from '../support/annotations';
import { verdicts } from '../support/compliance';
import { FAKE_CLUSTER, FAKE_NETWORK } from '../support/handles';
import { lokiSchemaErrors } from '../support/loki-schema';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/lgtm-test-loki';
const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];

/** The platform's buckets, as existing buckets; Loki's chunks expire after 37 days (30 + 7). */
function buckets(overrides: Partial<Record<BucketPurpose, Partial<Parameters<typeof ComponentBucket.fromAttributes>[0]>>> = {}): ILgtmBuckets {
  const b = (purpose: BucketPurpose, expirationDays?: number) =>
    ComponentBucket.fromAttributes({ purpose, name: `lgtm-test-${purpose}`, region: 'eu-west-1', expirationDays, ...overrides[purpose] });
  return {
    mimirBlocks: b('mimir-blocks', 372), mimirRuler: b('mimir-ruler'), mimirAlertmanager: b('mimir-alertmanager'),
    lokiChunks: b('loki-chunks', 37), lokiRuler: b('loki-ruler'), tempoTraces: b('tempo-traces', 21), pyroscopeData: b('pyroscope-data', 37),
  };
}

function role(stack: TerraformStack, mode: WorkloadIdentityMode = 'irsa', component: 'loki' | 'mimir' = 'loki'): IWorkloadRole {
  return WorkloadRole.fromAttributes(stack, `${component}-role`, { roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount: component, component, mode });
}

type Props = Partial<LokiClusterProps> & { readonly roleMode?: WorkloadIdentityMode };

/** A LokiCluster in a fresh stack; `values` are the release's final (frozen) values. */
function build(props: Props = {}) {
  const stack = testStack();
  const { roleMode, ...rest } = props;
  const loki = new LokiCluster(stack, 'loki', {
    tier: 'microservices',
    buckets: buckets(),
    role: role(stack, roleMode),
    region: 'eu-west-1',
    cluster: FAKE_CLUSTER,
    tenants: ['platform', 'payments'],
    ...rest,
  });
  // JSON round trip: plain objects, so toEqual compares values and not frozen-ness.
  const values = JSON.parse(JSON.stringify(loki.release.values));
  return { stack, loki, values };
}

function chartValues() {
  const pin = CHARTS.loki;
  return parse(fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8'));
}

const DISTRIBUTED = ['distributor', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'compactor', 'ruler'];
const SCALABLE = ['write', 'read', 'backend'];
const WORKLOADS = ['singleBinary', ...SCALABLE, ...DISTRIBUTED, 'gateway'];

describe('LokiCluster', () => {
  describe('tiers', () => {
    // The mapping, pinned: a change here changes what runs in every environment of that tier.
    const MAPPING: Record<Tier, { mode: string; replicas: Record<string, number> }> = {
      'monolithic': {
        mode: 'Monolithic',
        replicas: { singleBinary: 1, write: 0, read: 0, backend: 0, distributor: 0, ingester: 0, querier: 0, queryFrontend: 0, queryScheduler: 0, indexGateway: 0, compactor: 0, ruler: 0, gateway: 1 },
      },
      'simple-scalable': {
        mode: 'SimpleScalable',
        replicas: { singleBinary: 0, write: 3, read: 3, backend: 3, distributor: 0, ingester: 0, querier: 0, queryFrontend: 0, queryScheduler: 0, indexGateway: 0, compactor: 0, ruler: 0, gateway: 2 },
      },
      'microservices': {
        mode: 'Distributed',
        replicas: { singleBinary: 0, write: 0, read: 0, backend: 0, distributor: 2, ingester: 3, querier: 2, queryFrontend: 2, queryScheduler: 2, indexGateway: 2, compactor: 1, ruler: 1, gateway: 2 },
      },
    };

    test.each(TIERS)('%s: deployment mode and replicas of every workload, the other modes at zero', (tier) => {
      const { loki, values } = build({ tier });
      expect(values.deploymentMode).toBe(MAPPING[tier].mode);
      expect(loki.deploymentMode).toBe(MAPPING[tier].mode);
      expect(Object.fromEntries(WORKLOADS.map((w) => [w, values[w].replicas]))).toEqual(MAPPING[tier].replicas);
    });

    test.each(TIERS)("%s: passes the chart's own mode checks (templates/validate.yaml)", (tier) => {
      const { values } = build({ tier });
      const positive = (keys: string[]) => keys.some((k) => values[k].replicas > 0);
      const monolithic = values.singleBinary.replicas > 0;
      // No two modes at once outside the chart's transition modes.
      expect([monolithic, positive(SCALABLE), positive(DISTRIBUTED)].filter(Boolean)).toHaveLength(1);
      expect(['Monolithic', 'SimpleScalable', 'Distributed']).toContain(values.deploymentMode);
      expect(values.loki.schemaConfig.configs.length).toBeGreaterThan(0);
    });

    test.each(TIERS)("%s: valid against the chart's values.schema.json", (tier) => {
      expect(lokiSchemaErrors(build({ tier }).values)).toEqual([]);
    });

    test('valid against the schema with every option set', () => {
      const { values } = build({
        production: true,
        memcached: MemcachedEndpoint.external({ address: 'cache.example.internal' }),
        ring: { kind: 'etcd', endpoints: ['etcd-0.etcd:2379'] },
        tenantFederation: true,
        tenantLimits: { payments: { ingestionRateMb: 8, ingestionBurstSizeMb: 12, maxGlobalStreamsPerUser: 20000, maxQueryLookbackDays: 14 } },
        replicas: { querier: 4, ingester: 6 },
        storageClassName: 'gp3-encrypted',
      });
      expect(lokiSchemaErrors(values)).toEqual([]);
    });

    test('the tier table holds resource requests, and dev stays small', () => {
      const { values } = build({ tier: 'monolithic' });
      expect(values.singleBinary.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
      expect(build().values.ingester.resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } });
      // Every workload a tier runs has requests; the tier table is the one source of sizes.
      for (const tier of TIERS) {
        for (const [component, size] of Object.entries(LOKI_TIERS[tier].components)) {
          expect(build({ tier }).values[component].resources.requests).toEqual({ cpu: size!.cpu, memory: size!.memory });
        }
      }
    });

    test('simple-scalable is the chart\'s deprecated mode: a warning says so', () => {
      expect(warningsOf(build({ tier: 'simple-scalable' }).stack)).toEqual([expect.stringMatching(/SimpleScalable mode, which the chart deprecates \(removed in Loki 4\)/)]);
      expect(warningsOf(build({ tier: 'microservices' }).stack)).toEqual([]);
    });

    test('replicas can be set per workload of the tier', () => {
      const { values } = build({ replicas: { querier: 4, gateway: 3, ingester: 6 } });
      expect([values.querier.replicas, values.gateway.replicas, values.ingester.replicas, values.distributor.replicas]).toEqual([4, 3, 6, 2]);
      expect(build({ tier: 'simple-scalable', replicas: { write: 6 } }).values.write.replicas).toBe(6);
    });
  });

  describe('replication and zones', () => {
    test('microservices: ingesters zone-aware over the cluster\'s three zones, replication factor 3', () => {
      const { loki, values } = build();
      expect(values.loki.commonConfig.replication_factor).toBe(3);
      expect(loki.replicationFactor).toBe(3);
      expect(values.ingester.zoneAwareReplication).toEqual({
        enabled: true,
        zoneA: { nodeSelector: { 'topology.kubernetes.io/zone': FAKE_NETWORK.availabilityZones[0] } },
        zoneB: { nodeSelector: { 'topology.kubernetes.io/zone': FAKE_NETWORK.availabilityZones[1] } },
        zoneC: { nodeSelector: { 'topology.kubernetes.io/zone': FAKE_NETWORK.availabilityZones[2] } },
      });
    });

    test('zone-aware ingesters roll one zone at a time: rollout-operator on, update strategy OnDelete', () => {
      const { values } = build();
      expect(values.rollout_operator).toEqual({ enabled: true });
      expect(values.ingester.strategy).toEqual({ type: 'OnDelete' });
    });

    test('replication factor 1: no zones, no rollout-operator', () => {
      const { values } = build({ replicationFactor: 1, replicas: { ingester: 1 } });
      expect(values.loki.commonConfig.replication_factor).toBe(1);
      expect(values.ingester.zoneAwareReplication).toEqual({ enabled: false });
      expect(values.rollout_operator).toBeUndefined();
      expect(values.ingester.strategy).toBeUndefined();
    });

    test('monolithic keeps one copy by default, simple-scalable three; zone awareness only in microservices', () => {
      expect(build({ tier: 'monolithic' }).values.loki.commonConfig.replication_factor).toBe(1);
      const scalable = build({ tier: 'simple-scalable' }).values;
      expect(scalable.loki.commonConfig.replication_factor).toBe(3);
      expect(scalable.ingester.zoneAwareReplication).toEqual({ enabled: false });
      expect(scalable.rollout_operator).toBeUndefined();
    });

    test('simple-scalable spreads the write target (the WAL) over zones', () => {
      expect(build({ tier: 'simple-scalable' }).values.write.topologySpreadConstraints).toEqual([
        expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }),
      ]);
    });

    test("the chart's replica comment: zone-aware ingester replicas are the total, a third per zone", () => {
      // ingester.replicas in the pinned values.yaml documents how the chart splits the count.
      const text = fs.readFileSync(path.join(chartSourceDir('loki', CHARTS.loki.version), 'values.yaml'), 'utf8');
      expect(text).toMatch(/when zoneAwareReplication\.enabled is true, the total\s+# number of replicas will match this value with each zone having 1\/3rd of the total replicas/);
    });

    test('disruption budgets of one pod for every workload with more than one replica', () => {
      const { values } = build();
      for (const w of ['distributor', 'ingester', 'querier', 'queryFrontend', 'queryScheduler', 'indexGateway', 'gateway']) {
        expect(values[w].podDisruptionBudget).toEqual({ maxUnavailable: 1 });
      }
      expect(values.compactor.podDisruptionBudget).toBeUndefined();
      expect(build({ tier: 'simple-scalable' }).values.write.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    });
  });

  describe('storage', () => {
    test('S3: the chunks and ruler buckets, the region, and no keys anywhere', () => {
      const { values } = build();
      expect(values.loki.storage).toEqual({
        type: 's3',
        bucketNames: { chunks: 'lgtm-test-loki-chunks', ruler: 'lgtm-test-loki-ruler' },
        s3: { region: 'eu-west-1' },
      });
      const text = JSON.stringify(values);
      expect(text).not.toMatch(/accessKeyId|secretAccessKey|access_key_id|secret_access_key|rootPassword/);
    });

    test('schema: TSDB v13 on s3, index loki_index_ every 24h, from a fixed date', () => {
      expect(build().values.loki.schemaConfig).toEqual({
        configs: [{ from: '2024-04-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'loki_index_', period: '24h' } }],
      });
      expect(LOKI_SCHEMA_FROM).toBe('2024-04-01');
    });

    test('the schema date does not move with the synth date', () => {
      jest.useFakeTimers({ now: new Date('2031-07-15T12:00:00Z') });
      try {
        expect(build().values.loki.schemaConfig.configs[0].from).toBe('2024-04-01');
      } finally {
        jest.useRealTimers();
      }
    });

    test('no MinIO (the chart\'s deprecation escape hatch stays untouched)', () => {
      const { values } = build();
      expect(values.minio).toEqual({ enabled: false });
      expect(values.ignoreMinioDeprecation).toBeUndefined();
    });

    test('persistent volumes of gp3 for the WAL and the compactor in every tier', () => {
      expect(build({ tier: 'monolithic' }).values.singleBinary.persistence).toEqual({ enabled: true, size: '10Gi', storageClass: 'gp3' });
      const scalable = build({ tier: 'simple-scalable' }).values;
      expect(scalable.write.persistence).toEqual({ volumeClaimsEnabled: true, size: '10Gi', storageClass: 'gp3' });
      expect(scalable.backend.persistence).toEqual({ volumeClaimsEnabled: true, size: '10Gi', storageClass: 'gp3' });
      const { values } = build();
      expect(values.ingester.persistence).toEqual({
        enabled: true, inMemory: false, claims: [{ name: 'data', accessModes: ['ReadWriteOnce'], size: '20Gi', storageClass: 'gp3' }],
      });
      expect(values.compactor.persistence.claims[0]).toMatchObject({ name: 'data', storageClass: 'gp3' });
      // The WAL and the compactor's markers are on that volume (mounted at /var/loki).
      expect(values.loki.structuredConfig.ingester.wal.dir).toBe('/var/loki/wal');
      expect(values.loki.structuredConfig.compactor.working_directory).toBe('/var/loki/compactor');
    });

    test.each(['monolithic', 'simple-scalable', 'microservices'] as Tier[])('tier %s: the ruler runs, on the ruler bucket, with its API on for Alloy to load rules', (tier) => {
      const { values } = build({ tier });
      expect(values.loki.storage.bucketNames.ruler).toBeDefined();
      expect(values.loki.structuredConfig.ruler).toEqual({ enable_api: true });
      // The chart renders the ruler's config only with ruler.enabled (its default: true); the ruler
      // target is part of singleBinary and backend, and its own workload in Distributed mode.
      expect(values.ruler?.enabled).not.toBe(false);
      if (tier === 'microservices') expect(values.ruler.replicas).toBeGreaterThan(0);
    });

    test("with an alertmanager, the ruler sends alerts to Mimir's Alertmanager", () => {
      const alertmanager = MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80' });
      const { values } = build({ alertmanager });
      expect(values.loki.structuredConfig.ruler).toEqual({ enable_api: true, alertmanager_url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80/alertmanager' });
    });

    test('fails if alertmanager is not a MimirEndpoints', () => {
      expect(() => build({ alertmanager: 'http://am' as never })).toThrow(/alertmanager is 'http:\/\/am', but it must be a MimirEndpoints/);
    });

    test('another StorageClass when asked', () => {
      const { values } = build({ storageClassName: 'io2' });
      expect(values.ingester.persistence.claims[0].storageClass).toBe('io2');
      expect(values.compactor.persistence.claims[0].storageClass).toBe('io2');
    });

    test('retention: compactor deletes after retentionDays, 30 by default', () => {
      const { loki, values } = build();
      expect(loki.retentionDays).toBe(30);
      expect(values.loki.structuredConfig.limits_config.retention_period).toBe('720h');
      expect(values.loki.structuredConfig.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 's3' });
      expect(build({ retentionDays: 14 }).values.loki.structuredConfig.limits_config.retention_period).toBe('336h');
    });
  });

  describe('identity and tenancy', () => {
    test('runs in the role\'s namespace as its service account; IRSA annotates it with the role', () => {
      const { loki, values } = build();
      expect(loki.release.namespace).toBe('lgtm');
      expect(values.serviceAccount).toEqual({ create: true, name: 'loki', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } });
    });

    test('Pod Identity: the same service account, no annotation', () => {
      expect(build({ roleMode: 'pod-identity' }).values.serviceAccount).toEqual({ create: true, name: 'loki', annotations: {} });
    });

    test('multi-tenant, no queries across tenants by default', () => {
      const { values } = build();
      expect(values.loki.auth_enabled).toBe(true);
      expect(values.loki.structuredConfig.querier).toEqual({ multi_tenant_queries_enabled: false });
    });

    test('tenant federation turns on queries across tenants', () => {
      expect(build({ tenantFederation: true }).values.loki.structuredConfig.querier).toEqual({ multi_tenant_queries_enabled: true });
    });

    test('every tenant in the runtime overrides, with its limits in Loki\'s names', () => {
      const { values } = build({
        tenantLimits: { payments: { ingestionRateMb: 8, ingestionBurstSizeMb: 12, maxGlobalStreamsPerUser: 20000, maxQueryLookbackDays: 14 } },
      });
      expect(values.loki.runtimeConfig).toEqual({
        overrides: {
          platform: {},
          payments: { ingestion_rate_mb: 8, ingestion_burst_size_mb: 12, max_global_streams_per_user: 20000, max_query_lookback: '336h' },
        },
      });
    });
  });

  describe('ring and caches', () => {
    test('memberlist by default', () => {
      expect(build().values.loki.structuredConfig.common).toEqual({ ring: { kvstore: { store: 'memberlist' } } });
    });

    test('consul or etcd when given', () => {
      expect(build({ ring: { kind: 'consul', address: 'consul.consul.svc:8500' } }).values.loki.structuredConfig.common.ring.kvstore)
        .toEqual({ store: 'consul', consul: { host: 'consul.consul.svc:8500' } });
      expect(build({ ring: { kind: 'etcd', endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } }).values.loki.structuredConfig.common.ring.kvstore)
        .toEqual({ store: 'etcd', etcd: { endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } });
    });

    test('monolithic: no caches', () => {
      const { values } = build({ tier: 'monolithic' });
      expect([values.chunksCache, values.resultsCache, values.memcached]).toEqual([{ enabled: false }, { enabled: false }, { enabled: false }]);
    });

    test.each<[Tier, number, number, number, number]>([
      ['simple-scalable', 1, 2048, 1, 512],
      ['microservices', 2, 4096, 2, 1024],
    ])('%s: the chart\'s chunk and results caches, sized by tier', (tier, chunkPods, chunkMb, resultPods, resultMb) => {
      const { values } = build({ tier });
      // toMatchObject: the caches' scrape opt-in is asserted in test/backends/self-metrics.test.ts.
      expect(values.chunksCache).toMatchObject({ enabled: true, replicas: chunkPods, allocatedMemory: chunkMb });
      expect(values.resultsCache).toMatchObject({ enabled: true, replicas: resultPods, allocatedMemory: resultMb });
      expect(values.memcached).toEqual({ enabled: true });
      expect(values.loki.structuredConfig.chunk_store_config).toBeUndefined();
    });

    test('a managed memcached replaces the chart\'s caches: chunk and results caches point at it, over TLS', () => {
      const { values } = build({ memcached: MemcachedEndpoint.external({ address: 'cache.example.internal' }) });
      expect([values.chunksCache, values.resultsCache, values.memcached]).toEqual([{ enabled: false }, { enabled: false }, { enabled: false }]);
      const client = (timeout: string) => ({ addresses: 'cache.example.internal:11211', tls_enabled: true, timeout, consistent_hash: true });
      expect(values.loki.structuredConfig.chunk_store_config).toEqual({ chunk_cache_config: { memcached_client: client('2000ms') } });
      expect(values.loki.structuredConfig.query_range).toEqual({ cache_results: true, results_cache: { cache: { memcached_client: client('500ms') } } });
    });
  });

  describe('endpoints', () => {
    test("the chart's gateway Service in the release's namespace (loki-gateway, port 80)", () => {
      const { loki } = build();
      expect({ ...loki.endpoints }).toEqual({
        url: 'http://loki-gateway.lgtm.svc.cluster.local:80',
        pushUrl: 'http://loki-gateway.lgtm.svc.cluster.local:80/loki/api/v1/push',
        otlpUrl: 'http://loki-gateway.lgtm.svc.cluster.local:80/otlp/v1/logs',
        queryUrl: 'http://loki-gateway.lgtm.svc.cluster.local:80',
        tenantHeader: 'X-Scope-OrgID',
      });
    });

    test('the pinned chart deploys the gateway by default, on port 80, in every mode', () => {
      const chart = chartValues();
      expect(chart.gateway.enabled).toBe(true);
      expect(chart.gateway.service.port).toBe(80);
      expect(chart.global.clusterDomain).toBe('cluster.local');
      for (const tier of TIERS) expect(build({ tier }).values.gateway.enabled).toBeUndefined();
    });

    test('the endpoints follow a name or port override of the values', () => {
      expect(build({ values: { fullnameOverride: 'logs' } }).loki.endpoints.pushUrl).toBe('http://logs-gateway.lgtm.svc.cluster.local:80/loki/api/v1/push');
      expect(build({ values: { nameOverride: 'logs' } }).loki.endpoints.url).toBe('http://loki-logs-gateway.lgtm.svc.cluster.local:80');
      expect(build({ values: { gateway: { service: { port: 8080 } } } }).loki.endpoints.queryUrl).toBe('http://loki-gateway.lgtm.svc.cluster.local:8080');
    });
  });

  describe('the release', () => {
    test('the pinned chart in the role\'s namespace, waiting for what dependsOn names', () => {
      const stack = testStack();
      const marker = new S3Bucket(stack, 'marker', { bucket: 'lgtm-test-marker' });
      new LokiCluster(stack, 'loki', {
        tier: 'monolithic', buckets: buckets(), role: role(stack), region: 'eu-west-1', cluster: FAKE_CLUSTER, tenants: ['platform'], dependsOn: [marker],
      });
      // synthJson runs Testing.synth(stack, true): the stack's validations pass.
      const releases = Object.values(resourcesOf(synthJson(stack), 'helm_release'));
      expect(releases).toHaveLength(1);
      expect(releases[0]).toMatchObject({
        name: 'loki', chart: 'loki', version: '18.11.0', repository: 'https://grafana-community.github.io/helm-charts', namespace: 'lgtm', atomic: true,
      });
      expect(releases[0].depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket\.marker/)]);
      expect(parse((releases[0].values as string[])[0]).deploymentMode).toBe('Monolithic');
    });

    test('the user\'s values merge last', () => {
      const { values } = build({ values: { querier: { replicas: 5 }, loki: { structuredConfig: { limits_config: { max_line_size: '512KB' } } } } });
      expect(values.querier.replicas).toBe(5);
      expect(values.querier.resources.requests).toEqual({ cpu: '1', memory: '1Gi' });
      expect(values.loki.structuredConfig.limits_config).toEqual({ retention_period: '720h', max_line_size: '512KB' });
    });

    test('the Helm compliance rules stay quiet on a production cluster, and on every tier outside production', () => {
      const rules = [HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS, ...BACKEND_RULES];
      const address = (loki: LokiCluster) => `helm_release.${loki.release.release.friendlyUniqueId}`;
      const prod = build({ production: true });
      for (const rule of rules) expect(verdicts(prod.stack, rule, true)).toEqual({ [address(prod.loki)]: 'compliant' });
      for (const tier of TIERS) {
        const { stack, loki } = build({ tier });
        for (const rule of rules) expect(verdicts(stack, rule, false)[address(loki)]).toMatch(/^(compliant|not-applicable)$/);
      }
    });

    test('a key the chart does not have fails (the pinned key index)', () => {
      expect(() => build({ values: { ingestor: { replicas: 3 } } })).toThrow(/loki 18\.11\.0 does not have.*ingestor/s);
    });

    test('values known only at apply time are not validated', () => {
      const stack = testStack();
      const num = new TerraformVariable(stack, 'days', { type: 'number' }).numberValue;
      const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
      const loki = new LokiCluster(stack, 'loki', {
        tier: 'monolithic', buckets: buckets(), role: role(stack), region, cluster: FAKE_CLUSTER, tenants: ['platform'], retentionDays: num,
      });
      expect(loki.release.values.loki).toMatchObject({ storage: { s3: { region } } });
      expect((loki.release.values.loki as { structuredConfig: { limits_config: { retention_period: string } } }).structuredConfig.limits_config.retention_period).toMatch(/d$/);
    });
  });

  describe('validation', () => {
    test.each<[string, Props, RegExp]>([
      ['ingesters are below the replication factor (simple-scalable write)', { tier: 'simple-scalable', replicas: { write: 2 } }, /ingester replicas are 2, but replicationFactor 3 needs at least 3/],
      ['ingesters are below the replication factor (monolithic)', { tier: 'monolithic', replicationFactor: 2 }, /ingester replicas are 1, but replicationFactor 2 needs at least 2/],
      ['production has a replication factor under 3', { production: true, replicationFactor: 2 }, /replicationFactor is 2, but production needs at least 3/],
      ['retention is 0', { retentionDays: 0 }, /retentionDays is 0, but it must be a positive integer/],
      ['retention is negative', { retentionDays: -5 }, /retentionDays is -5, but it must be a positive integer/],
      ['retention is not shorter than the bucket expiry', { retentionDays: 37 }, /retentionDays is 37, but the 'loki-chunks' bucket expires objects after 37 days/],
      ['a limit names a tenant not served', { tenantLimits: { ghost: { ingestionRateMb: 1 } } }, /tenantLimits has tenant 'ghost', but tenants lists only 'platform', 'payments'/],
      ['a rate limit is negative', { tenantLimits: { payments: { ingestionRateMb: -1 } } }, /tenantLimits\['payments'\]\.ingestionRateMb is -1, but it must be a positive number/],
      ['a stream limit is fractional', { tenantLimits: { payments: { maxGlobalStreamsPerUser: 10.5 } } }, /maxGlobalStreamsPerUser is 10\.5, but it must be a positive integer/],
      ['a lookback is zero', { tenantLimits: { platform: { maxQueryLookbackDays: 0 } } }, /tenantLimits\['platform'\]\.maxQueryLookbackDays is 0, but it must be a positive integer/],
      ['the burst is below the rate', { tenantLimits: { payments: { ingestionRateMb: 10, ingestionBurstSizeMb: 5 } } }, /ingestionBurstSizeMb is 5, but it must be at least ingestionRateMb \(10\)/],
      ['the values override is not an object', { values: 'replicas: 3' as never }, /values is 'replicas: 3', but it must be an object of Helm values/],
      ['the values override runs the release as another service account', { values: { serviceAccount: { name: 'logs' } } }, /values\.serviceAccount\.name is 'logs', but the release must run as role\.serviceAccount 'loki'/],
      ['the consul address has no port', { ring: { kind: 'consul', address: 'consul.local' } }, /ring\.address is 'consul\.local', but it must be host:port/],
      ['etcd has no endpoints', { ring: { kind: 'etcd', endpoints: [] } }, /ring\.endpoints is \[\], but etcd needs at least one host:port/],
      ['an etcd endpoint is not host:port', { ring: { kind: 'etcd', endpoints: ['http://etcd:2379'] } }, /ring\.endpoints has 'http:\/\/etcd:2379', but each must be host:port/],
      ['a replica count is zero', { replicas: { querier: 0 } }, /replicas\.querier is 0, but it must be a positive integer/],
      ['a replica count is fractional', { replicas: { distributor: 1.5 } }, /replicas\.distributor is 1\.5, but it must be a positive integer/],
      ['a replica count names a workload of another mode', { tier: 'monolithic', replicas: { ingester: 3 } }, /replicas\.ingester is given, but tier 'monolithic' \(deploymentMode Monolithic\) runs singleBinary, gateway/],
      ['zone-aware ingesters are not a multiple of 3', { replicas: { ingester: 4 } }, /replicas\.ingester is 4, but zone-aware ingesters run in the chart's 3 zones of equal size \(it would run 3 x 2\)/],
      ['the cluster has two zones for zone-aware ingesters', { cluster: { ...FAKE_CLUSTER, network: { ...FAKE_NETWORK, availabilityZones: ['eu-west-1a', 'eu-west-1b'] } } as IEksCluster }, /cluster\.network\.availabilityZones has 2 zone\(s\), but zone-aware ingesters .* need 3/],
      ['the chunks bucket is another purpose', { buckets: { ...buckets(), lokiChunks: buckets().mimirBlocks } }, /buckets\.lokiChunks is the 'mimir-blocks' bucket, but Loki's chunks need the 'loki-chunks' bucket/],
      ['the region is not the buckets\'', { region: 'us-east-1' }, /region is 'us-east-1', but the 'loki-chunks' bucket is in 'eu-west-1'/],
      ['the StorageClass name is invalid', { storageClassName: 'GP3 Fast' }, /storageClassName is 'GP3 Fast', but it must be a StorageClass name/],
      ['the gateway is turned off', { values: { gateway: { enabled: false } } }, /values\.gateway\.enabled is false, but LokiCluster\.endpoints point at the chart's gateway Service/],
      ['no tenant is given', { tenants: [] }, /tenants is \[\], but at least one tenant id is required/],
      ['the tier is unknown', { tier: 'huge' as Tier }, /tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/],
    ])('fails if %s', (_, props, message) => {
      expect(() => build(props)).toThrow(message);
    });

    test("fails if Mimir's role is given to Loki", () => {
      const stack = testStack();
      expect(() => new LokiCluster(stack, 'loki', {
        tier: 'monolithic', buckets: buckets(), role: role(stack, 'irsa', 'mimir'), region: 'eu-west-1', cluster: FAKE_CLUSTER, tenants: ['platform'],
      })).toThrow(/role is the 'mimir' role, but loki needs its own \(platform\.roles\.loki\)/);
    });

    test('names the construct path and reports every problem at once', () => {
      expect(() => build({ retentionDays: 0, replicas: { querier: 0 } })).toThrow(
        /^LokiCluster 'test\/loki': retentionDays is 0, but it must be a positive integer; .*replicas\.querier is 0/,
      );
    });
  });
});
