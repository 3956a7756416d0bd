import * as fs from 'fs';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { BucketPurpose, ComponentBucket } from '../../lib/aws/component-bucket';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { IWorkloadRole, WorkloadRoleAttributes } from '../../lib/aws/i-workload-role';
import { MemcachedEndpoint } from '../../lib/aws/memcached-endpoint';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { PyroscopeCluster, PyroscopeClusterProps } from '../../lib/backends/pyroscope-cluster';
import { PyroscopeEndpoints } from '../../lib/backends/pyroscope-endpoints';
import { PYROSCOPE_CHART_COMPONENTS, PYROSCOPE_TIERS, PyroscopeComponent } from '../../lib/backends/pyroscope-values';
import { HELM_NO_CREDENTIALS } from '../../lib/compliance/rules/helm';
import { HELM_NO_IN_CHART_STORAGE } from '../../lib/compliance/rules/backends';
import { CHARTS } from '../../lib/config/charts';
import { findUnknownValues } from '../../lib/helm/values-check';
import { Tier } from '../../lib/config/tier';
import { warningsOf } from '../support/annotations';
import { verdicts } from '../support/compliance';
import { FAKE_CLUSTER } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const ROLE_ARN = 'arn:aws:iam::111122223333:role/lgtm-test-pyroscope';
const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];
const RINGS = [
  'ingester.lifecycler.ring', 'distributor.ring', 'store_gateway.sharding_ring', 'compactor.sharding_ring', 'query_scheduler.ring', 'overrides_exporter.ring',
];

function bucket(purpose: BucketPurpose, expirationDays?: number, region = 'eu-west-1'): ComponentBucket {
  return ComponentBucket.fromAttributes({ purpose, name: `lgtm-test-${purpose}`, region, expirationDays });
}

/** The platform's buckets, as existing buckets; Pyroscope's data expires after 37 days (30 + 7). */
function buckets(overrides: Partial<ILgtmBuckets> = {}): ILgtmBuckets {
  return {
    mimirBlocks: bucket('mimir-blocks', 372), mimirRuler: bucket('mimir-ruler'), mimirAlertmanager: bucket('mimir-alertmanager'),
    lokiChunks: bucket('loki-chunks', 37), lokiRuler: bucket('loki-ruler'), tempoTraces: bucket('tempo-traces', 21),
    pyroscopeData: bucket('pyroscope-data', 37),
    ...overrides,
  };
}

function role(stack: TerraformStack, attrs: Partial<WorkloadRoleAttributes> = {}): IWorkloadRole {
  return WorkloadRole.fromAttributes(stack, `role-${attrs.component ?? 'pyroscope'}`, {
    roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount: 'pyroscope', component: 'pyroscope', ...attrs,
  });
}

/** A PyroscopeCluster in a fresh stack; `values` are the release's final values (a plain copy). */
function build(props: Partial<PyroscopeClusterProps> = {}, roleAttrs: Partial<WorkloadRoleAttributes> = {}) {
  const stack = testStack();
  const pyroscope = new PyroscopeCluster(stack, 'pyroscope', {
    tier: 'microservices',
    buckets: buckets(),
    role: role(stack, roleAttrs),
    region: 'eu-west-1',
    cluster: FAKE_CLUSTER,
    tenants: ['platform', 'payments'],
    ...props,
  });
  const values: Values = JSON.parse(JSON.stringify(pyroscope.release.values));
  return { stack, pyroscope, values };
}

/** The value at a dotted path (`a.b.c`) of a values tree. */
function at(values: Values, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v as Values | undefined)?.[k], values);
}

/** The pinned chart's own values.yaml. */
function chartValues(): Values {
  const pin = CHARTS.pyroscope;
  return parse(fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8'));
}

/** Pods per chart component of a release, as the chart's `pyroscope.components` helper resolves them. */
function chartReplicas(values: Values): Record<string, number> {
  if (!values.architecture.microservices.enabled) return { all: values.pyroscope.replicaCount };
  const v1 = chartValues().architecture.microservices.v1;
  // The helper merges `pyroscope.components.<name>` over the v1 layout, for names the layout has only.
  return Object.fromEntries(Object.keys(v1).map((name) => [name, values.pyroscope.components?.[name]?.replicaCount ?? v1[name].replicaCount]));
}

describe('PyroscopeCluster', () => {
  describe('tiers', () => {
    // The mapping, pinned: a change here changes what runs in every environment of that tier.
    const MAPPING: Record<Tier, { architecture: string; microservices: boolean; replicas: Record<string, number>; rf: number }> = {
      'monolithic': { architecture: 'single-binary', microservices: false, replicas: { all: 1 }, rf: 1 },
      'simple-scalable': {
        architecture: 'microservices',
        microservices: true,
        replicas: {
          'distributor': 2, 'ingester': 3, 'querier': 2, 'query-frontend': 1, 'query-scheduler': 1,
          'store-gateway': 2, 'compactor': 1, 'tenant-settings': 1, 'ad-hoc-profiles': 1,
        },
        rf: 3,
      },
      'microservices': {
        architecture: 'microservices',
        microservices: true,
        replicas: {
          'distributor': 2, 'ingester': 3, 'querier': 3, 'query-frontend': 2, 'query-scheduler': 2,
          'store-gateway': 3, 'compactor': 3, 'tenant-settings': 1, 'ad-hoc-profiles': 1,
        },
        rf: 3,
      },
    };

    test.each(TIERS)('%s: architecture, the pods of every component and the replication factor', (tier) => {
      const { pyroscope, values } = build({ tier });
      expect(values.architecture.microservices.enabled).toBe(MAPPING[tier].microservices);
      expect(pyroscope.architecture).toBe(MAPPING[tier].architecture);
      expect(chartReplicas(values)).toEqual(MAPPING[tier].replicas);
      expect(values.pyroscope.structuredConfig.ingester.lifecycler.ring.replication_factor).toBe(MAPPING[tier].rf);
      expect(pyroscope.replicationFactor).toBe(MAPPING[tier].rf);
    });

    test('monolithic writes no component, so the chart falls back to its single binary (the `all` target)', () => {
      const { values, pyroscope } = build({ tier: 'monolithic' });
      expect(values.pyroscope.components).toBeUndefined();
      expect(pyroscope.replicas).toEqual({ singleBinary: 1 });
    });

    test("every component written is one of the chart's microservices layout, and every one of them is written", () => {
      const v1 = Object.keys(chartValues().architecture.microservices.v1).sort();
      for (const tier of ['simple-scalable', 'microservices'] as const) {
        expect(Object.keys(build({ tier }).values.pyroscope.components).sort()).toEqual(v1);
      }
      const names = Object.entries(PYROSCOPE_CHART_COMPONENTS).filter(([c]) => c !== 'singleBinary').map(([, n]) => n).sort();
      expect(names).toEqual(v1);
    });

    test('requests and memory limits come from the tier table; dev stays small, microservices has the chart sizes', () => {
      expect(build({ tier: 'monolithic' }).values.pyroscope.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } });
      const micro = build().values.pyroscope.components;
      expect(micro.ingester.resources).toEqual({ requests: { cpu: '1', memory: '8Gi' }, limits: { memory: '16Gi' } });
      // The chart's own microservices sizes (values.yaml architecture.microservices.v1).
      const v1 = chartValues().architecture.microservices.v1;
      for (const c of ['ingester', 'store-gateway', 'compactor', 'querier', 'distributor']) {
        expect(micro[c].resources.requests.memory).toBe(v1[c].resources.requests.memory);
        expect(micro[c].resources.limits.memory).toBe(v1[c].resources.limits.memory);
      }
      for (const tier of ['simple-scalable', 'microservices'] as const) {
        const components = build({ tier }).values.pyroscope.components;
        for (const [c, size] of Object.entries(PYROSCOPE_TIERS[tier].components)) {
          expect(components[PYROSCOPE_CHART_COMPONENTS[c as PyroscopeComponent]].resources.requests).toEqual({ cpu: size!.cpu, memory: size!.memory });
        }
      }
    });

    test('replicas can be set per component of the tier', () => {
      const { values, pyroscope } = build({ replicas: { querier: 5, ingester: 6 } });
      expect(chartReplicas(values)).toMatchObject({ querier: 5, ingester: 6, distributor: 2 });
      expect(pyroscope.replicas).toMatchObject({ querier: 5, ingester: 6, distributor: 2 });
      expect(build({ tier: 'monolithic', replicationFactor: 3, replicas: { singleBinary: 3 } }).values.pyroscope.replicaCount).toBe(3);
    });
  });

  describe('replication and zones', () => {
    test('the store-gateways keep as many copies as the replication factor, at most one per store-gateway, in the config and in the flag the chart sets', () => {
      const micro = build().values;
      expect(micro.pyroscope.structuredConfig.store_gateway.sharding_ring.replication_factor).toBe(3);
      const simple = build({ tier: 'simple-scalable' }).values;
      expect(simple.pyroscope.structuredConfig.store_gateway.sharding_ring.replication_factor).toBe(2);
      // The chart passes the factor to queriers and store-gateways as a flag, which beats the config file.
      const v1 = chartValues().architecture.microservices.v1;
      const flag = 'store-gateway.sharding-ring.replication-factor';
      expect(v1.querier.extraArgs[flag]).toBe('3');
      expect(v1['store-gateway'].extraArgs[flag]).toBe('3');
      for (const c of ['querier', 'store-gateway']) expect(simple.pyroscope.components[c].extraArgs).toEqual({ [flag]: '2' });
      expect(build({ tier: 'monolithic' }).values.pyroscope.structuredConfig.store_gateway.sharding_ring.replication_factor).toBe(1);
    });

    test('a replication factor as given', () => {
      const { values } = build({ replicationFactor: 2, replicas: { ingester: 2 } });
      expect(values.pyroscope.structuredConfig.ingester.lifecycler.ring.replication_factor).toBe(2);
    });

    test('with copies, ingesters and store-gateways spread over zones by the pods\' own labels; without, no spread', () => {
      const { values } = build();
      for (const c of ['ingester', 'store-gateway']) {
        expect(values.pyroscope.components[c].topologySpreadConstraints).toEqual([{
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'pyroscope', 'app.kubernetes.io/instance': 'pyroscope', 'app.kubernetes.io/component': c } },
        }]);
      }
      expect(values.pyroscope.components.querier.topologySpreadConstraints).toBeUndefined();
      expect(build({ tier: 'monolithic' }).values.pyroscope.topologySpreadConstraints).toBeUndefined();
      const spread = build({ tier: 'monolithic', replicationFactor: 3, replicas: { singleBinary: 3 } }).values.pyroscope.topologySpreadConstraints;
      expect(spread[0].labelSelector.matchLabels['app.kubernetes.io/component']).toBe('all');
      expect(build({ values: { pyroscope: { nameOverride: 'profiles' } } }).values.pyroscope.components.ingester.topologySpreadConstraints[0].labelSelector.matchLabels)
        .toMatchObject({ 'app.kubernetes.io/name': 'profiles' });
    });

    test('a disruption budget of one pod, which the chart gives every component', () => {
      expect(build().values.pyroscope.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
      expect(build({ tier: 'monolithic' }).values.pyroscope.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    });

    test('rings gossip over memberlist by default', () => {
      const config = build().values.pyroscope.structuredConfig;
      for (const ring of RINGS) expect(at(config, `${ring}.kvstore`)).toEqual({ store: 'memberlist' });
    });

    test('rings in Consul or etcd when asked', () => {
      const consul = build({ ring: { kind: 'consul', address: 'consul.consul.svc:8500' } }).values.pyroscope.structuredConfig;
      for (const ring of RINGS) expect(at(consul, `${ring}.kvstore`)).toEqual({ store: 'consul', consul: { host: 'consul.consul.svc:8500' } });
      const etcd = build({ ring: { kind: 'etcd', endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } }).values.pyroscope.structuredConfig;
      for (const ring of RINGS) expect(at(etcd, `${ring}.kvstore`)).toEqual({ store: 'etcd', etcd: { endpoints: ['etcd-0.etcd:2379', 'etcd-1.etcd:2379'] } });
    });
  });

  describe('storage', () => {
    test.each(TIERS)('%s: the Pyroscope bucket over the regional S3 endpoint, no keys anywhere', (tier) => {
      const { values } = build({ tier });
      expect(values.pyroscope.structuredConfig.storage).toEqual({
        backend: 's3',
        s3: { bucket_name: 'lgtm-test-pyroscope-data', region: 'eu-west-1', endpoint: 's3.eu-west-1.amazonaws.com' },
      });
      expect(JSON.stringify(values)).not.toMatch(/access_key|secret_access|AWS_ACCESS_KEY|rootPassword|rootUser/i);
    });

    test('China regions use the amazonaws.com.cn endpoint', () => {
      const cn = { ...buckets(), pyroscopeData: bucket('pyroscope-data', 37, 'cn-north-1') };
      expect(build({ region: 'cn-north-1', buckets: cn }).values.pyroscope.structuredConfig.storage.s3.endpoint).toBe('s3.cn-north-1.amazonaws.com.cn');
    });

    test.each(TIERS)("%s: neither the chart's MinIO nor its Alloy (nor its legacy agent)", (tier) => {
      const { values } = build({ tier });
      expect(values.minio).toEqual({ enabled: false });
      expect(values.alloy).toEqual({ enabled: false });
      expect(values.agent).toEqual({ enabled: false });
      // The pinned chart turns its Alloy on by default: leaving it unset would deploy it.
      expect(chartValues().alloy.enabled).toBe(true);
    });

    test('persistent gp3 volumes for the single binary, and for ingesters, store-gateways and compactors', () => {
      const mono = build({ tier: 'monolithic' }).values.pyroscope;
      expect(mono.persistence).toEqual({ enabled: true, size: '20Gi', storageClassName: 'gp3' });
      const { values } = build();
      expect(values.pyroscope.persistence).toEqual({ storageClassName: 'gp3' });
      expect(values.pyroscope.components.ingester.persistence).toEqual({ enabled: true, size: '50Gi' });
      expect(values.pyroscope.components['store-gateway'].persistence).toEqual({ enabled: true, size: '20Gi' });
      expect(values.pyroscope.components.compactor.persistence).toEqual({ enabled: true, size: '30Gi' });
      // Stateless components keep the chart's emptyDir.
      expect(values.pyroscope.components.distributor.persistence).toBeUndefined();
      // Profiles are written on that volume: the chart mounts it at /data.
      expect(values.pyroscope.structuredConfig.pyroscopedb).toEqual({ data_path: '/data' });
      // The chart's StatefulSets are without volumes unless told (values.yaml persistence.enabled false).
      expect(chartValues().pyroscope.persistence.enabled).toBe(false);
    });

    test('another StorageClass when asked, for every volume', () => {
      expect(build({ storageClassName: 'io2' }).values.pyroscope.persistence.storageClassName).toBe('io2');
      expect(build({ tier: 'monolithic', storageClassName: 'io2' }).values.pyroscope.persistence.storageClassName).toBe('io2');
    });

    test('retention: the compactor deletes blocks after retentionDays, 30 by default', () => {
      const { pyroscope, values } = build();
      expect(pyroscope.retentionDays).toBe(30);
      expect(values.pyroscope.structuredConfig.limits.compactor_blocks_retention_period).toBe('30d');
      const short = build({ tier: 'monolithic', retentionDays: 14 });
      expect(short.values.pyroscope.structuredConfig.limits.compactor_blocks_retention_period).toBe('14d');
      expect(short.pyroscope.retentionDays).toBe(14);
    });
  });

  describe('identity and tenancy', () => {
    test.each(TIERS)("%s: runs in the role's namespace as its service account; IRSA annotates it with the role", (tier) => {
      const { pyroscope, values } = build({ tier }, { mode: 'irsa', namespace: 'profiles' });
      expect(pyroscope.release.namespace).toBe('profiles');
      expect(values.pyroscope.serviceAccount).toEqual({ create: true, name: 'pyroscope', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } });
    });

    test('Pod Identity: a service account of another name, no annotation', () => {
      const { values } = build({}, { serviceAccount: 'profiles-sa' });
      expect(values.pyroscope.serviceAccount).toEqual({ create: true, name: 'profiles-sa', annotations: {} });
    });

    test.each(TIERS)('%s: multi-tenant (Pyroscope\'s default is off)', (tier) => {
      expect(build({ tier }).values.pyroscope.structuredConfig.multitenancy_enabled).toBe(true);
    });

    test('tenant federation is not a Pyroscope feature: a warning says it is ignored', () => {
      expect(warningsOf(build({ tenantFederation: true }).pyroscope)).toEqual([expect.stringMatching(/tenantFederation is true, but Pyroscope 1\.20 has no cross-tenant queries/)]);
      expect(warningsOf(build().pyroscope)).toEqual([]);
    });

    test('a managed memcached changes nothing (Pyroscope 1.20 has no query cache)', () => {
      const memcached = MemcachedEndpoint.external({ address: 'cache.example.internal' });
      expect(build({ memcached }).values).toEqual(build().values);
    });
  });

  describe('endpoints', () => {
    test('monolithic: the single binary\'s Service (pyroscope, port 4040) for push and query', () => {
      const { pyroscope } = build({ tier: 'monolithic' }, { namespace: 'profiles' });
      expect(pyroscope.endpoints).toBeInstanceOf(PyroscopeEndpoints);
      expect({ ...pyroscope.endpoints }).toEqual({
        pushUrl: 'http://pyroscope.profiles.svc.cluster.local:4040',
        queryUrl: 'http://pyroscope.profiles.svc.cluster.local:4040',
        tenantHeader: 'X-Scope-OrgID',
      });
    });

    test.each(['simple-scalable', 'microservices'] as const)('%s: push to the distributors, query the query-frontends', (tier) => {
      expect({ ...build({ tier }).pyroscope.endpoints }).toEqual({
        pushUrl: 'http://pyroscope-distributor.lgtm.svc.cluster.local:4040',
        queryUrl: 'http://pyroscope-query-frontend.lgtm.svc.cluster.local:4040',
        tenantHeader: 'X-Scope-OrgID',
      });
    });

    test("the chart's port and cluster domain are what the URLs assume", () => {
      const chart = chartValues();
      expect(chart.pyroscope.service.port).toBe(4040);
      expect(chart.pyroscope.cluster_domain).toBe('.cluster.local.');
      expect(chart.architecture.deployUnifiedServices).toBe(false);
    });

    test('follow a name, port, cluster-domain or unified-Services override of the values', () => {
      expect(build({ values: { pyroscope: { fullnameOverride: 'profiles' } } }).pyroscope.endpoints.pushUrl).toBe('http://profiles-distributor.lgtm.svc.cluster.local:4040');
      expect(build({ values: { pyroscope: { nameOverride: 'prof' } } }).pyroscope.endpoints.queryUrl).toBe('http://pyroscope-prof-query-frontend.lgtm.svc.cluster.local:4040');
      expect(build({ tier: 'monolithic', values: { pyroscope: { service: { port: 8080 } } } }).pyroscope.endpoints.pushUrl).toBe('http://pyroscope.lgtm.svc.cluster.local:8080');
      expect(build({ values: { pyroscope: { components: { distributor: { service: { port: 9000 } } } } } }).pyroscope.endpoints.pushUrl)
        .toBe('http://pyroscope-distributor.lgtm.svc.cluster.local:9000');
      expect(build({ values: { pyroscope: { cluster_domain: '.example.internal.' } } }).pyroscope.endpoints.queryUrl).toBe('http://pyroscope-query-frontend.lgtm.svc.example.internal:4040');
      expect({ ...build({ values: { architecture: { deployUnifiedServices: true } } }).pyroscope.endpoints }).toMatchObject({
        pushUrl: 'http://pyroscope-write.lgtm.svc.cluster.local:80',
        queryUrl: 'http://pyroscope-read.lgtm.svc.cluster.local:80',
      });
    });
  });

  describe('the release', () => {
    test.each(TIERS)('%s: the pinned chart in the role\'s namespace, after what dependsOn names; synth validates', (tier) => {
      const stack = testStack();
      const marker = new S3Bucket(stack, 'marker', { bucket: 'lgtm-test-marker' });
      new PyroscopeCluster(stack, 'pyroscope', {
        tier, production: tier !== 'monolithic', buckets: buckets(), role: role(stack), region: 'eu-west-1', cluster: FAKE_CLUSTER, tenants: ['platform'], dependsOn: [marker],
      });
      expect(() => Testing.synth(stack, true)).not.toThrow();
      const releases = Object.values(resourcesOf(synthJson(stack), 'helm_release'));
      expect(releases).toHaveLength(1);
      expect(releases[0]).toMatchObject({
        name: 'pyroscope', chart: 'pyroscope', version: '1.20.3', repository: 'https://grafana.github.io/helm-charts', namespace: 'lgtm', atomic: true,
      });
      expect(releases[0].depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket\.marker/)]);
      const rendered = parse((releases[0].values as string[])[0]);
      expect(rendered.architecture.microservices.enabled).toBe(tier !== 'monolithic');
      expect(rendered.pyroscope.serviceAccount.name).toBe('pyroscope');
    });

    test("the StorageClass key the chart reads without declaring it is allowed, beside the user's own entries", () => {
      const { pyroscope } = build({ allowUnknownValues: [{ path: 'pyroscope.extraVolumeClaims', reason: 'read by a fork of the chart we run' }] });
      expect(pyroscope.release.allowUnknownValues.map((a) => a.path)).toEqual(['pyroscope.extraVolumeClaims', 'pyroscope.persistence.storageClassName']);
      // The user's entry matches nothing: only that one gets a warning.
      expect(warningsOf(pyroscope)).toEqual([expect.stringMatching(/allowUnknownValues entry 'pyroscope\.extraVolumeClaims' matches no value/)]);
      // Without the entry the key index refuses it: values.yaml does not declare it.
      expect(findUnknownValues(CHARTS.pyroscope, pyroscope.release.values).map((u) => u.path)).toEqual(['pyroscope.persistence.storageClassName']);
      expect(chartValues().pyroscope.persistence).not.toHaveProperty('storageClassName');
    });

    test('the release values are frozen, and the props are not changed', () => {
      const replicas = Object.freeze({ querier: 4 });
      const values = Object.freeze({ pyroscope: Object.freeze({ extraArgs: Object.freeze({ 'log.level': 'warn' }) }) });
      const { pyroscope } = build({ replicas, values });
      expect(Object.isFrozen(pyroscope.release.values)).toBe(true);
      expect(replicas).toEqual({ querier: 4 });
      expect(values).toEqual({ pyroscope: { extraArgs: { 'log.level': 'warn' } } });
    });

    test('the user values merge last', () => {
      const { values } = build({
        values: { pyroscope: { extraArgs: { 'log.level': 'warn' }, components: { querier: { replicaCount: 7 } }, structuredConfig: { limits: { max_query_length: '7d' } } } },
      });
      expect(values.pyroscope.extraArgs).toEqual({ 'log.level': 'warn' });
      expect(values.pyroscope.components.querier.replicaCount).toBe(7);
      expect(values.pyroscope.components.querier.resources.requests).toEqual({ cpu: '1', memory: '256Mi' });
      expect(values.pyroscope.structuredConfig.limits).toEqual({ compactor_blocks_retention_period: '30d', max_query_length: '7d' });
    });

    test('a values key the pinned chart does not have fails, naming the nearest one', () => {
      expect(() => build({ values: { pyroscope: { replicaCont: 2 } } })).toThrow(/pyroscope 1\.20\.3 does not have.*pyroscope\.replicaCont.*replicaCount/s);
    });

    test('the compliance rules on credentials and in-chart storage stay quiet, in production too', () => {
      for (const tier of TIERS) {
        const { stack, pyroscope } = build({ tier, production: tier !== 'monolithic' });
        const address = `helm_release.${pyroscope.release.release.friendlyUniqueId}`;
        for (const rule of [HELM_NO_CREDENTIALS, HELM_NO_IN_CHART_STORAGE]) {
          expect(verdicts(stack, rule, tier !== 'monolithic')).toEqual({ [address]: 'compliant' });
        }
      }
    });

    test('values known only at apply time are not validated, and are written as references', () => {
      const stack = testStack();
      const days = new TerraformVariable(stack, 'days', { type: 'number' }).numberValue;
      const region = new TerraformVariable(stack, 'region', { type: 'string' }).stringValue;
      const pyroscope = new PyroscopeCluster(stack, 'pyroscope', {
        tier: 'monolithic', buckets: buckets(), role: role(stack), region, cluster: FAKE_CLUSTER, tenants: ['platform'], retentionDays: days,
      });
      expect((pyroscope.release.values as Values).pyroscope.structuredConfig.storage.s3.region).toBe(region);
      const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
      expect(release.values[0]).toContain('endpoint: s3.${var.region}.amazonaws.com');
      expect(release.values[0]).toMatch(/compactor_blocks_retention_period: \$\{var\.days\}d/);
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<PyroscopeClusterProps>, RegExp]>([
      ['ingesters are fewer than the replication factor', { replicas: { ingester: 2 } }, /ingester replicas are 2, but replicationFactor 3 needs at least 3/],
      ['the single binary is fewer than the replication factor', { tier: 'monolithic', replicationFactor: 2 }, /ingester replicas are 1, but replicationFactor 2 needs at least 2/],
      ['the replication factor is under 3 in production', { production: true, replicationFactor: 2, replicas: { ingester: 3 } }, /replicationFactor is 2, but production needs at least 3/],
      ['monolithic is used in production without raising the replication factor', { tier: 'monolithic', production: true }, /replicationFactor is 1, but production needs at least 3/],
      ['the retention is 0', { retentionDays: 0 }, /retentionDays is 0, but it must be a positive integer/],
      ['the retention is as long as the bucket\'s expiry', { retentionDays: 37 }, /retentionDays is 37, but the 'pyroscope-data' bucket expires objects after 37 days/],
      ['the retention is longer than the bucket\'s expiry', { retentionDays: 60 }, /retentionDays is 60, but the 'pyroscope-data' bucket expires objects after 37 days/],
      ['the values override is a string', { values: 'replicas: 3' as never }, /values is 'replicas: 3', but it must be an object of Helm values/],
      ['the values override is a list', { values: ['pyroscope'] as never }, /values is \["pyroscope"\], but it must be an object of Helm values/],
      ['the replicas are not an object', { replicas: 3 as never }, /replicas is 3, but it must be an object of replicas per component/],
      ['a replica count is 0', { replicas: { querier: 0 } }, /replicas\.querier is 0, but it must be a positive integer/],
      ['a replica count is fractional', { replicas: { distributor: 1.5 } }, /replicas\.distributor is 1\.5, but it must be a positive integer/],
      ['a component is unknown', { replicas: { ingestor: 3 } as never }, /replicas\.ingestor is not a Pyroscope component; allowed are singleBinary, distributor, ingester/],
      ['a component of the other architecture is given', { tier: 'monolithic', replicas: { ingester: 3 } }, /replicas\.ingester is given, but tier 'monolithic' \(single-binary\) runs singleBinary/],
      ['the single binary is given in microservices', { replicas: { singleBinary: 1 } }, /replicas\.singleBinary is given, but tier 'microservices' \(microservices\) runs distributor, ingester/],
      ['the data bucket is another purpose', { buckets: buckets({ pyroscopeData: bucket('tempo-traces', 21) }) }, /buckets\.pyroscopeData is the 'tempo-traces' bucket, but Pyroscope needs its 'pyroscope-data' bucket there/],
      ['the data bucket is missing', { buckets: buckets({ pyroscopeData: undefined as never }) }, /buckets\.pyroscopeData is undefined, but Pyroscope needs its 'pyroscope-data' bucket there/],
      ['the region is not the bucket\'s', { region: 'us-east-1' }, /region is 'us-east-1', but the 'pyroscope-data' bucket is in 'eu-west-1'/],
      ['the StorageClass name is invalid', { storageClassName: 'GP3 Fast' }, /storageClassName is 'GP3 Fast', but it must be a StorageClass name/],
      ['the consul address has no port', { ring: { kind: 'consul', address: 'consul.local' } }, /ring\.address is 'consul\.local', but it must be host:port/],
      ['no tenant is given', { tenants: [] }, /tenants is \[\], but at least one tenant id is required/],
      ['a tenant id is invalid', { tenants: ['team/a'] }, /tenants\[0\] is 'team\/a', but 1-150 characters/],
      ['the tier is unknown', { tier: 'huge' as Tier }, /tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/],
    ])('fails if %s', (_, props, message) => {
      expect(() => build(props)).toThrow(message);
    });

    test("fails if given Mimir's role", () => {
      expect(() => build({}, { component: 'mimir', serviceAccount: 'mimir-distributed' })).toThrow(/role is the 'mimir' role, but pyroscope needs its own \(platform\.roles\.pyroscope\)/);
    });

    test('names the construct path and reports every problem at once', () => {
      expect(() => build({ retentionDays: 0, replicas: { querier: 0 } })).toThrow(
        /^PyroscopeCluster 'test\/pyroscope': retentionDays is 0, but it must be a positive integer; .*replicas\.querier is 0/,
      );
    });
  });
});
