import { ChartName } from '../../config/charts';
import { valueAt } from '../../helm/values';
import { HelmReleaseTarget, HelmRule, NOT_APPLICABLE, verdict } from '../rule';

// Chart defaults below are read from each pinned chart's values.yaml (charts/<chart>-<version>/):
// a key the release leaves unset takes them.

/** A setting of a release: its value, or the chart's default when unset, and where it was read. */
function setting(release: HelmReleaseTarget, path: string, chartDefault: unknown): { value: unknown; shown: string } {
  const value = valueAt(release.values, path);
  return value === undefined
    ? { value: chartDefault, shown: `${path} is unset (chart default ${JSON.stringify(chartDefault)})` }
    : { value, shown: `${path} is ${JSON.stringify(value)}` };
}

const truthy = (v: unknown) => v === true || v === 'true';

// loki 18.11.0 values.yaml: deploymentMode Monolithic; singleBinary.persistence.enabled true,
// write.persistence.volumeClaimsEnabled true, ingester.persistence.enabled false.
const LOKI_WAL_VOLUME: Readonly<Record<string, { readonly path: string; readonly chartDefault: boolean }>> = {
  Monolithic: { path: 'singleBinary.persistence.enabled', chartDefault: true },
  SingleBinary: { path: 'singleBinary.persistence.enabled', chartDefault: true },
  SimpleScalable: { path: 'write.persistence.volumeClaimsEnabled', chartDefault: true },
  Distributed: { path: 'ingester.persistence.enabled', chartDefault: false },
};

function lokiMode(release: HelmReleaseTarget): string {
  return String(valueAt(release.values, 'deploymentMode') ?? 'Monolithic');
}

/** LGTM-HELM-3: in production, ingesters keep their WAL (and Mimir's TSDB) on persistent volumes. */
export const HELM_INGESTER_PERSISTENCE: HelmRule = {
  kind: 'helm',
  id: 'LGTM-HELM-3',
  rationale: 'In production ingesters keep their write-ahead log on persistent volumes, so a restarted pod replays what it had not yet flushed to S3 instead of losing it.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: ['mimir-distributed', 'loki', 'tempo', 'tempo-distributed', 'pyroscope'],
  check(release, stack) {
    if (!stack.production) return NOT_APPLICABLE;
    if (release.chart === 'mimir-distributed') {
      // mimir-distributed 6.0.6 values.yaml: ingester.persistentVolume.enabled true.
      const s = setting(release, 'ingester.persistentVolume.enabled', true);
      return verdict(truthy(s.value), s.shown);
    }
    if (release.chart === 'tempo') {
      // tempo 2.2.4 values.yaml: persistence.enabled false (the WAL then lives in an emptyDir).
      const s = setting(release, 'persistence.enabled', false);
      return verdict(truthy(s.value), s.shown);
    }
    if (release.chart === 'tempo-distributed') {
      // tempo-distributed 2.26.2 values.yaml: ingester.persistence.enabled false, inMemory false.
      const s = setting(release, 'ingester.persistence.enabled', false);
      const inMemory = setting(release, 'ingester.persistence.inMemory', false);
      return verdict(truthy(s.value) && !truthy(inMemory.value), truthy(inMemory.value) ? inMemory.shown : s.shown);
    }
    if (release.chart === 'pyroscope') {
      // pyroscope 1.20.3 values.yaml: architecture.microservices.enabled false, pyroscope.persistence.enabled false;
      // a component's own persistence block wins over the shared one.
      const micro = truthy(valueAt(release.values, 'architecture.microservices.enabled'));
      const own = micro ? valueAt(release.values, 'pyroscope.components.ingester.persistence.enabled') : undefined;
      const s = own === undefined ? setting(release, 'pyroscope.persistence.enabled', false) : { value: own, shown: `pyroscope.components.ingester.persistence.enabled is ${JSON.stringify(own)}` };
      return verdict(truthy(s.value), s.shown);
    }
    const mode = lokiMode(release);
    const volume = LOKI_WAL_VOLUME[mode];
    if (!volume) return verdict(false, `deploymentMode is ${JSON.stringify(mode)}, which has no known ingester volume`);
    const s = setting(release, volume.path, volume.chartDefault);
    return verdict(truthy(s.value), `${s.shown} (deploymentMode ${mode})`);
  },
};

/** LGTM-HELM-4: in production, writes are replicated 3 times over availability zones. */
export const HELM_ZONE_REPLICATION: HelmRule = {
  kind: 'helm',
  id: 'LGTM-HELM-4',
  rationale: 'In production every write is kept by at least 3 ingesters in different availability zones, so losing a zone (or a node) loses no data and stops no writes.',
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: ['mimir-distributed', 'loki', 'tempo', 'tempo-distributed'],
  check(release, stack) {
    if (!stack.production) return NOT_APPLICABLE;
    const problems: string[] = [];
    if (release.chart === 'tempo') {
      // Tempo's single binary forces replication factor 1 (cmd/tempo/main.go), whatever the values say.
      return verdict(false, 'the tempo chart runs one single binary with replication factor 1; use tempo-distributed');
    }
    if (release.chart === 'tempo-distributed') {
      // tempo-distributed 2.26.2 values.yaml: ingester.config.replication_factor 3,
      // ingester.zoneAwareReplication.enabled false; structuredConfig wins over the chart's key.
      const structured = valueAt(release.values, 'tempo.structuredConfig.ingester.lifecycler.ring.replication_factor');
      const rf = structured === undefined ? setting(release, 'ingester.config.replication_factor', 3) : { value: structured, shown: `tempo.structuredConfig.ingester.lifecycler.ring.replication_factor is ${JSON.stringify(structured)}` };
      const zones = setting(release, 'ingester.zoneAwareReplication.enabled', false);
      if (!(Number(rf.value) >= 3)) problems.push(rf.shown);
      if (!truthy(zones.value)) problems.push(zones.shown);
    } else if (release.chart === 'mimir-distributed') {
      // Mimir's own default (-ingester.ring.replication-factor) is 3; the chart sets none.
      const rf = setting(release, 'mimir.structuredConfig.ingester.ring.replication_factor', 3);
      // mimir-distributed 6.0.6 values.yaml: ingester.zoneAwareReplication.enabled true.
      const zones = setting(release, 'ingester.zoneAwareReplication.enabled', true);
      if (!(Number(rf.value) >= 3)) problems.push(rf.shown);
      if (!truthy(zones.value)) problems.push(zones.shown);
    } else {
      // loki 18.11.0 values.yaml: loki.commonConfig.replication_factor 3; structuredConfig wins.
      const structured = valueAt(release.values, 'loki.structuredConfig.common.replication_factor');
      const rf = structured === undefined ? setting(release, 'loki.commonConfig.replication_factor', 3) : { value: structured, shown: `loki.structuredConfig.common.replication_factor is ${JSON.stringify(structured)}` };
      if (!(Number(rf.value) >= 3)) problems.push(rf.shown);
      const mode = lokiMode(release);
      if (mode !== 'Distributed') {
        problems.push(`deploymentMode is ${JSON.stringify(mode)}, which has no zone-aware ingesters (Distributed has)`);
      } else {
        // loki 18.11.0 values.yaml: ingester.zoneAwareReplication.enabled true.
        const zones = setting(release, 'ingester.zoneAwareReplication.enabled', true);
        if (!truthy(zones.value)) problems.push(zones.shown);
      }
    }
    return verdict(problems.length === 0, problems.join('; '));
  },
};

// Whether each chart's MinIO subchart is on by default (values.yaml `minio.enabled`).
const MINIO_DEFAULT: Partial<Record<ChartName, boolean>> = {
  'mimir-distributed': true,
  loki: false,
  'tempo-distributed': false,
  pyroscope: false,
};

/** LGTM-HELM-5: no backend stores its data in the chart's own MinIO. */
export const HELM_NO_IN_CHART_STORAGE: HelmRule = {
  kind: 'helm',
  id: 'LGTM-HELM-5',
  rationale: "Backends store data in their own S3 bucket (encrypted, TLS-only, lifecycle, one role); the chart's MinIO keeps it on a pod's volume, outside every bucket control.",
  severity: 'high',
  cdkNag: [],
  checkov: [],
  charts: Object.keys(MINIO_DEFAULT) as ChartName[],
  check(release) {
    const s = setting(release, 'minio.enabled', MINIO_DEFAULT[release.chart]);
    return verdict(!truthy(s.value), s.shown);
  },
};

/** The rules over the backends' Helm values: durability and storage. */
export const BACKEND_RULES: readonly HelmRule[] = [HELM_INGESTER_PERSISTENCE, HELM_ZONE_REPLICATION, HELM_NO_IN_CHART_STORAGE];
