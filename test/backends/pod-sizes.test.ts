import { TerraformStack, TerraformVariable } from 'cdktf';
import { BucketPurpose, ComponentBucket } from '../../lib/aws/component-bucket';
import { defaultServiceAccount } from '../../lib/aws/component-identities';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { WorkloadRole } from '../../lib/aws/workload-role';
import { LokiCluster, LokiClusterProps } from '../../lib/backends/loki-cluster';
import { LOKI_TIERS } from '../../lib/backends/loki-values';
import { MimirCluster, MimirClusterProps } from '../../lib/backends/mimir-cluster';
import { MIMIR_TIER_LAYOUTS } from '../../lib/backends/mimir-values';
import { PyroscopeCluster, PyroscopeClusterProps } from '../../lib/backends/pyroscope-cluster';
import { PYROSCOPE_TIERS } from '../../lib/backends/pyroscope-values';
import { TempoCluster, TempoClusterProps } from '../../lib/backends/tempo-cluster';
import { TEMPO_TIERS } from '../../lib/backends/tempo-values';
import { Tier } from '../../lib/config/tier';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';

// The `resources` and `volumes` props of the four backends: what an environment's sizing passes.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const ROLE_ARN = 'arn:aws:iam::111122223333:role/lgtm-test';
const TENANTS = ['platform', 'payments'];

function buckets(): ILgtmBuckets {
  const b = (purpose: BucketPurpose, expirationDays?: number) => ComponentBucket.fromAttributes({ purpose, name: `lgtm-test-${purpose}`, region: 'eu-west-1', expirationDays });
  return {
    mimirBlocks: b('mimir-blocks', 372), mimirRuler: b('mimir-ruler'), mimirAlertmanager: b('mimir-alertmanager'),
    lokiChunks: b('loki-chunks', 37), lokiRuler: b('loki-ruler'), tempoTraces: b('tempo-traces', 21), pyroscopeData: b('pyroscope-data', 37),
  };
}

const base = (stack: TerraformStack, component: 'mimir' | 'loki' | 'tempo' | 'pyroscope', serviceAccount: string) => ({
  buckets: buckets(),
  role: WorkloadRole.fromAttributes(stack, `role-${component}`, { roleArn: ROLE_ARN, namespace: 'lgtm', serviceAccount, component }),
  region: 'eu-west-1',
  cluster: FAKE_CLUSTER,
  tenants: TENANTS,
});

const plain = (v: unknown): Values => JSON.parse(JSON.stringify(v));

function mimir(props: Partial<MimirClusterProps> = {}, stack = testStack()): Values {
  return plain(new MimirCluster(stack, 'mimir', { tier: 'microservices', ...base(stack, 'mimir', 'mimir-distributed'), ...props }).release.values);
}

function loki(props: Partial<LokiClusterProps> = {}, stack = testStack()): Values {
  return plain(new LokiCluster(stack, 'loki', { tier: 'microservices', ...base(stack, 'loki', 'loki'), ...props }).release.values);
}

function tempo(props: Partial<TempoClusterProps> = {}, stack = testStack()): Values {
  const tier: Tier = props.tier ?? 'microservices';
  return plain(new TempoCluster(stack, 'tempo', { tier, ...base(stack, 'tempo', defaultServiceAccount('tempo', tier)), ...props }).release.values);
}

function pyroscope(props: Partial<PyroscopeClusterProps> = {}, stack = testStack()): Values {
  return plain(new PyroscopeCluster(stack, 'pyroscope', { tier: 'microservices', ...base(stack, 'pyroscope', 'pyroscope'), ...props }).release.values);
}

// Deliberately wrong input, as a JavaScript caller or JSON configuration could pass it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bad = (v: unknown): any => v;

describe('MimirCluster resources and volumes', () => {
  test('resources replace the layout\'s requests of the components given; a limit only when given', () => {
    const values = mimir({ resources: { ingester: { cpu: '4', memory: '10Gi', memoryLimit: '15Gi' }, querier: { cpu: '1500m', memory: '3Gi' } } });
    expect(values.ingester.resources).toEqual({ requests: { cpu: '4', memory: '10Gi' }, limits: { memory: '15Gi' } });
    expect(values.querier.resources).toEqual({ requests: { cpu: '1500m', memory: '3Gi' } });
    expect(values.distributor.resources).toEqual({ requests: { ...MIMIR_TIER_LAYOUTS.microservices.requests.distributor } });
  });

  test('volumes replace the layout\'s volume sizes of the components given', () => {
    const values = mimir({ volumes: { ingester: '120Gi', alertmanager: '2Gi' } });
    expect(values.ingester.persistentVolume).toEqual({ enabled: true, storageClass: 'gp3', size: '120Gi' });
    expect(values.alertmanager.persistentVolume.size).toBe('2Gi');
    expect(values.store_gateway.persistentVolume.size).toBe(MIMIR_TIER_LAYOUTS.microservices.volumes.storeGateway);
    expect(values.compactor.persistentVolume.size).toBe(MIMIR_TIER_LAYOUTS.microservices.volumes.compactor);
  });

  test('without resources and volumes the values are the same as with empty ones', () => {
    expect(mimir({ resources: {}, volumes: {} })).toEqual(mimir());
  });

  test('skips unresolved tokens', () => {
    const stack = testStack();
    const cpu = new TerraformVariable(stack, 'cpu', { type: 'string' }).stringValue;
    const size = new TerraformVariable(stack, 'size', { type: 'string' }).stringValue;
    expect(() => mimir({ resources: { ingester: { cpu, memory: '8Gi' } }, volumes: { ingester: size } }, stack)).not.toThrow();
  });

  test('fails if resources is not an object', () => {
    expect(() => mimir({ resources: bad(['ingester']) })).toThrow(/resources is \["ingester"\], but it must be an object of component/);
  });
  test('fails if resources names an unknown component', () => {
    expect(() => mimir({ resources: bad({ ingestor: { cpu: '1', memory: '1Gi' } }) })).toThrow(/resources.ingestor is given, but it is not a Mimir component; allowed are distributor, ingester/);
  });
  test('fails if a component\'s resources is not an object', () => {
    expect(() => mimir({ resources: bad({ ingester: '4Gi' }) })).toThrow(/resources.ingester is '4Gi', but it must be an object of cpu, memory and optionally memoryLimit/);
  });
  test('fails if a component\'s resources has an unknown field', () => {
    expect(() => mimir({ resources: bad({ ingester: { cpu: '1', memory: '1Gi', cpuLimit: '2' } }) })).toThrow(/resources.ingester.cpuLimit is not a field; allowed are cpu, memory, memoryLimit/);
  });
  test('fails if cpu is not a CPU quantity, or is 0 or missing', () => {
    expect(() => mimir({ resources: { ingester: { cpu: '2 cores', memory: '8Gi' } } })).toThrow(/resources.ingester.cpu is '2 cores', but it must be a CPU quantity above 0/);
    expect(() => mimir({ resources: { ingester: { cpu: '0m', memory: '8Gi' } } })).toThrow(/resources.ingester.cpu is '0m'/);
    expect(() => mimir({ resources: bad({ ingester: { memory: '8Gi' } }) })).toThrow(/resources.ingester.cpu is undefined/);
  });
  test('fails if memory is not a memory quantity', () => {
    expect(() => mimir({ resources: { ingester: { cpu: '2', memory: '8GB' } } })).toThrow(/resources.ingester.memory is '8GB', but it must be a memory quantity above 0 such as 512Mi or 4Gi/);
  });
  test('fails if memoryLimit is not a memory quantity', () => {
    expect(() => mimir({ resources: { ingester: { cpu: '2', memory: '8Gi', memoryLimit: 'lots' } } })).toThrow(/resources.ingester.memoryLimit is 'lots', but it must be a memory quantity/);
  });
  test('fails if memoryLimit is below the memory request', () => {
    expect(() => mimir({ resources: { ingester: { cpu: '2', memory: '8Gi', memoryLimit: '8000Mi' } } })).toThrow(/resources.ingester.memoryLimit is '8000Mi', but it must be at least the memory request \('8Gi'\)/);
  });
  test('fails if volumes is not an object', () => {
    expect(() => mimir({ volumes: bad('50Gi') })).toThrow(/volumes is '50Gi', but it must be an object of component: size/);
  });
  test('fails if volumes names a component without a volume', () => {
    expect(() => mimir({ volumes: bad({ querier: '10Gi' }) })).toThrow(/volumes.querier is given, but only ingester, storeGateway, compactor, alertmanager have a persistent volume/);
  });
  test('fails if a volume is not a storage quantity', () => {
    expect(() => mimir({ volumes: { ingester: '100' + 'GiB' } })).toThrow(/volumes.ingester is '100GiB', but it must be a storage quantity above 0 such as 20Gi/);
    expect(() => mimir({ volumes: { ingester: '0Gi' } })).toThrow(/volumes.ingester is '0Gi'/);
  });
});

describe('LokiCluster resources and volumes', () => {
  const layout = LOKI_TIERS.microservices.components;

  test('resources replace the layout\'s; without memoryLimit the layout\'s limit stands, raised to the request', () => {
    const values = loki({
      resources: {
        ingester: { cpu: '2', memory: '6Gi' },
        querier: { cpu: '2', memory: '3Gi' },
        distributor: { cpu: '750m', memory: '768Mi', memoryLimit: '2Gi' },
      },
    });
    expect(values.ingester.resources).toEqual({ requests: { cpu: '2', memory: '6Gi' }, limits: { memory: layout.ingester!.memoryLimit } });
    expect(values.querier.resources).toEqual({ requests: { cpu: '2', memory: '3Gi' }, limits: { memory: '3Gi' } });
    expect(values.distributor.resources).toEqual({ requests: { cpu: '750m', memory: '768Mi' }, limits: { memory: '2Gi' } });
    expect(values.compactor.resources).toEqual({ requests: { cpu: layout.compactor!.cpu, memory: layout.compactor!.memory }, limits: { memory: layout.compactor!.memoryLimit } });
  });

  test('volumes replace the layout\'s volume of each workload given, in the chart\'s key of that workload', () => {
    expect(loki({ volumes: { ingester: '80Gi' } }).ingester.persistence.claims[0].size).toBe('80Gi');
    expect(loki({ volumes: { ingester: '80Gi' } }).compactor.persistence.claims[0].size).toBe(layout.compactor!.volume);
    expect(loki({ tier: 'simple-scalable', volumes: { write: '40Gi' } }).write.persistence).toEqual({ volumeClaimsEnabled: true, size: '40Gi', storageClass: 'gp3' });
    expect(loki({ tier: 'monolithic', volumes: { singleBinary: '30Gi' } }).singleBinary.persistence).toEqual({ enabled: true, size: '30Gi', storageClass: 'gp3' });
  });

  test('without resources and volumes the values are the same as with empty ones', () => {
    expect(loki({ resources: {}, volumes: {} })).toEqual(loki());
  });

  test('fails if resources names a workload the tier does not run', () => {
    expect(() => loki({ resources: { write: { cpu: '1', memory: '1Gi' } } })).toThrow(/resources.write is given, but tier 'microservices' \(deploymentMode Distributed\) runs distributor/);
  });
  test('fails if volumes names a workload without a volume', () => {
    expect(() => loki({ volumes: { querier: '10Gi' } })).toThrow(/volumes.querier is given, but tier 'microservices' \(deploymentMode Distributed\) has a persistent volume only for ingester, compactor/);
  });
  test('fails if a quantity is bad', () => {
    expect(() => loki({ resources: { ingester: { cpu: '-1', memory: '4Gi' } } })).toThrow(/resources.ingester.cpu is '-1'/);
    expect(() => loki({ volumes: { ingester: 'big' } })).toThrow(/volumes.ingester is 'big'/);
  });
});

describe('TempoCluster resources and volumes', () => {
  test('monolithic: the single binary\'s resources and volume', () => {
    const values = tempo({ tier: 'monolithic', resources: { singleBinary: { cpu: '1', memory: '3Gi', memoryLimit: '4Gi' } }, volumes: { singleBinary: '25Gi' } });
    expect(values.tempo.resources).toEqual({ requests: { cpu: '1', memory: '3Gi' }, limits: { memory: '4Gi' } });
    expect(values.persistence.size).toBe('25Gi');
  });

  test('distributed: resources and volumes of the components given, the layout for the others', () => {
    const values = tempo({ resources: { ingester: { cpu: '2', memory: '6Gi' } }, volumes: { ingester: '40Gi' } });
    expect(values.ingester.resources).toEqual({ requests: { cpu: '2', memory: '6Gi' } });
    expect(values.ingester.persistence.size).toBe('40Gi');
    const q = TEMPO_TIERS.microservices.workloads.querier!;
    expect(values.querier.resources).toEqual({ requests: { cpu: q.cpu, memory: q.memory } });
  });

  test('without resources and volumes the values are the same as with empty ones', () => {
    expect(tempo({ resources: {}, volumes: {} })).toEqual(tempo());
    expect(tempo({ tier: 'monolithic', resources: {}, volumes: {} })).toEqual(tempo({ tier: 'monolithic' }));
  });

  test('fails if resources names a workload the tier does not run', () => {
    expect(() => tempo({ tier: 'monolithic', resources: { ingester: { cpu: '1', memory: '1Gi' } } })).toThrow(/resources.ingester is given, but tier 'monolithic' runs singleBinary/);
    expect(() => tempo({ resources: { metricsGenerator: { cpu: '1', memory: '1Gi' } } })).toThrow(/resources.metricsGenerator is given, but tier 'microservices' runs .*\(the metrics-generator only with metrics\)/);
  });
  test('fails if volumes names a workload without a volume', () => {
    expect(() => tempo({ volumes: { querier: '10Gi' } })).toThrow(/volumes.querier is given, but tier 'microservices' has a persistent volume only for ingester/);
  });
  test('fails if memoryLimit is below the request', () => {
    expect(() => tempo({ resources: { ingester: { cpu: '1', memory: '4Gi', memoryLimit: '2Gi' } } })).toThrow(/resources.ingester.memoryLimit is '2Gi', but it must be at least the memory request/);
  });
});

describe('PyroscopeCluster resources and volumes', () => {
  test('microservices: resources and volumes of the components given', () => {
    const values = pyroscope({ resources: { ingester: { cpu: '2', memory: '10Gi' } }, volumes: { compactor: '60Gi' } });
    const c = values.pyroscope.components;
    // The layout's 16Gi limit stands: it is above the request.
    expect(c.ingester.resources).toEqual({ requests: { cpu: '2', memory: '10Gi' }, limits: { memory: PYROSCOPE_TIERS.microservices.components.ingester!.memoryLimit } });
    expect(c.compactor.persistence).toEqual({ enabled: true, size: '60Gi' });
    expect(c['store-gateway'].persistence.size).toBe(PYROSCOPE_TIERS.microservices.components.storeGateway!.volume);
  });

  test('monolithic: the single binary\'s resources and volume', () => {
    const values = pyroscope({ tier: 'monolithic', resources: { singleBinary: { cpu: '1', memory: '2Gi' } }, volumes: { singleBinary: '40Gi' } });
    expect(values.pyroscope.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } });
    expect(values.pyroscope.persistence).toMatchObject({ enabled: true, size: '40Gi' });
  });

  test('without resources and volumes the values are the same as with empty ones', () => {
    expect(pyroscope({ resources: {}, volumes: {} })).toEqual(pyroscope());
  });

  test('fails if resources names a workload the tier does not run', () => {
    expect(() => pyroscope({ tier: 'monolithic', resources: { ingester: { cpu: '1', memory: '1Gi' } } })).toThrow(/resources.ingester is given, but tier 'monolithic' \(single-binary\) runs singleBinary/);
  });
  test('fails if volumes names a workload without a volume', () => {
    expect(() => pyroscope({ volumes: { distributor: '10Gi' } })).toThrow(/volumes.distributor is given, but tier 'microservices' \(microservices\) has a persistent volume only for ingester, storeGateway, compactor/);
  });
});
