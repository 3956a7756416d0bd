import { HELM_INGESTER_PERSISTENCE, HELM_NO_IN_CHART_STORAGE, HELM_ZONE_REPLICATION } from '../../../lib/compliance/rules/backends';
import { ChartName } from '../../../lib/config/charts';
import { ChartRelease } from '../../../lib/helm/chart-release';
import { HelmValues } from '../../../lib/helm/values';
import { verdicts } from '../../support/compliance';
import { testStack } from '../../support/stack';

function release(chart: ChartName, baseValues: HelmValues) {
  const stack = testStack();
  const r = new ChartRelease(stack, 'backend', { chart, baseValues });
  return { stack, address: `helm_release.${r.release.friendlyUniqueId}` };
}

const MIMIR_ZONES = { ingester: { zoneAwareReplication: { enabled: true } } };

describe('LGTM-HELM-3 ingester persistence (production)', () => {
  test.each<[ChartName, HelmValues]>([
    ['mimir-distributed', {}],
    ['mimir-distributed', { ingester: { persistentVolume: { enabled: true } } }],
    ['loki', {}],
    ['loki', { deploymentMode: 'SimpleScalable' }],
    ['loki', { deploymentMode: 'Distributed', ingester: { persistence: { enabled: true } } }],
    ['tempo', { persistence: { enabled: true } }],
    ['tempo-distributed', { ingester: { persistence: { enabled: true } } }],
    ['pyroscope', { pyroscope: { persistence: { enabled: true } } }],
    ['pyroscope', { architecture: { microservices: { enabled: true } }, pyroscope: { components: { ingester: { persistence: { enabled: true } } } } }],
  ])('LGTM-HELM-3 stays quiet on %s with %j', (chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_INGESTER_PERSISTENCE, true)).toEqual({ [address]: 'compliant' });
  });

  test("LGTM-HELM-3 fires on Loki Distributed with the chart's default (ingester volumes off)", () => {
    const { stack, address } = release('loki', { deploymentMode: 'Distributed' });
    expect(verdicts(stack, HELM_INGESTER_PERSISTENCE, true)).toEqual({
      [address]: 'non-compliant: ingester.persistence.enabled is unset (chart default false) (deploymentMode Distributed)',
    });
  });

  test.each<[ChartName, HelmValues, string]>([
    ['tempo', {}, 'persistence.enabled is unset (chart default false)'],
    ['tempo-distributed', { ingester: { persistence: { enabled: true, inMemory: true } } }, 'ingester.persistence.inMemory is true'],
    ['pyroscope', {}, 'pyroscope.persistence.enabled is unset (chart default false)'],
    ['pyroscope', { architecture: { microservices: { enabled: true } }, pyroscope: { persistence: { enabled: true }, components: { ingester: { persistence: { enabled: false } } } } }, 'pyroscope.components.ingester.persistence.enabled is false'],
  ])('LGTM-HELM-3 fires on %s with %j', (chart, values, detail) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_INGESTER_PERSISTENCE, true)[address]).toBe(`non-compliant: ${detail}`);
  });

  test('LGTM-HELM-3 fires when Mimir ingesters run without volumes', () => {
    const { stack, address } = release('mimir-distributed', { ingester: { persistentVolume: { enabled: false } } });
    expect(verdicts(stack, HELM_INGESTER_PERSISTENCE, true)[address]).toBe('non-compliant: ingester.persistentVolume.enabled is false');
  });

  test('does not apply outside production', () => {
    const { stack, address } = release('loki', { deploymentMode: 'Distributed' });
    expect(verdicts(stack, HELM_INGESTER_PERSISTENCE, false)).toEqual({ [address]: 'not-applicable' });
  });
});

describe('LGTM-HELM-4 replication over zones (production)', () => {
  test.each<[ChartName, HelmValues]>([
    ['mimir-distributed', {}],
    ['mimir-distributed', { ...MIMIR_ZONES, mimir: { structuredConfig: { ingester: { ring: { replication_factor: 3 } } } } }],
    ['loki', { deploymentMode: 'Distributed' }],
    ['loki', { deploymentMode: 'Distributed', loki: { commonConfig: { replication_factor: 3 } }, ingester: { zoneAwareReplication: { enabled: true } } }],
    ['tempo-distributed', { ingester: { zoneAwareReplication: { enabled: true } } }],
  ])('LGTM-HELM-4 stays quiet on %s with %j', (chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)).toEqual({ [address]: 'compliant' });
  });

  test('LGTM-HELM-4 fires on Mimir with one copy and no zones', () => {
    const { stack, address } = release('mimir-distributed', {
      ingester: { zoneAwareReplication: { enabled: false } }, mimir: { structuredConfig: { ingester: { ring: { replication_factor: 1 } } } },
    });
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)[address]).toBe(
      'non-compliant: mimir.structuredConfig.ingester.ring.replication_factor is 1; ingester.zoneAwareReplication.enabled is false',
    );
  });

  test('LGTM-HELM-4 fires on the single-binary tempo chart (always one copy)', () => {
    const { stack, address } = release('tempo', {});
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)[address]).toBe('non-compliant: the tempo chart runs one single binary with replication factor 1; use tempo-distributed');
  });

  test("LGTM-HELM-4 fires on tempo-distributed's defaults (no zones) and a structuredConfig factor under 3", () => {
    const { stack, address } = release('tempo-distributed', { tempo: { structuredConfig: { ingester: { lifecycler: { ring: { replication_factor: 2 } } } } } });
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)[address]).toBe(
      'non-compliant: tempo.structuredConfig.ingester.lifecycler.ring.replication_factor is 2; ingester.zoneAwareReplication.enabled is unset (chart default false)',
    );
  });

  test('LGTM-HELM-4 fires on Loki outside the Distributed mode (no zone-aware ingesters)', () => {
    const { stack, address } = release('loki', { deploymentMode: 'SimpleScalable' });
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)[address]).toBe(
      'non-compliant: deploymentMode is "SimpleScalable", which has no zone-aware ingesters (Distributed has)',
    );
  });

  test('LGTM-HELM-4 fires on a Loki replication factor under 3 set in structuredConfig', () => {
    const { stack, address } = release('loki', { deploymentMode: 'Distributed', loki: { structuredConfig: { common: { replication_factor: 2 } } } });
    expect(verdicts(stack, HELM_ZONE_REPLICATION, true)[address]).toBe('non-compliant: loki.structuredConfig.common.replication_factor is 2');
  });

  test('does not apply outside production', () => {
    const { stack, address } = release('mimir-distributed', { ingester: { zoneAwareReplication: { enabled: false } } });
    expect(verdicts(stack, HELM_ZONE_REPLICATION, false)).toEqual({ [address]: 'not-applicable' });
  });
});

describe('LGTM-HELM-5 no in-chart object storage', () => {
  test.each<[ChartName, HelmValues]>([
    ['mimir-distributed', { minio: { enabled: false } }],
    ['loki', {}],
    ['tempo-distributed', {}],
    ['pyroscope', { minio: { enabled: false } }],
  ])('LGTM-HELM-5 stays quiet on %s with %j', (chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_NO_IN_CHART_STORAGE)).toEqual({ [address]: 'compliant' });
  });

  test("LGTM-HELM-5 fires on Mimir's chart default (MinIO on)", () => {
    const { stack, address } = release('mimir-distributed', {});
    expect(verdicts(stack, HELM_NO_IN_CHART_STORAGE)).toEqual({ [address]: 'non-compliant: minio.enabled is unset (chart default true)' });
  });

  test('LGTM-HELM-5 fires when Loki turns MinIO on, in dev too', () => {
    const { stack, address } = release('loki', { minio: { enabled: true } });
    expect(verdicts(stack, HELM_NO_IN_CHART_STORAGE, false)[address]).toBe('non-compliant: minio.enabled is true');
  });

  test('does not look at charts without a MinIO subchart', () => {
    expect(verdicts(release('grafana', {}).stack, HELM_NO_IN_CHART_STORAGE)).toEqual({});
  });
});
