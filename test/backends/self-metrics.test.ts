import { Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { LokiCluster } from '../../lib/backends/loki-cluster';
import { LOKI_METRICS_PORT, LOKI_TIERS } from '../../lib/backends/loki-values';
import { MimirCluster } from '../../lib/backends/mimir-cluster';
import { MIMIR_CHART_SECTIONS, MIMIR_CACHES, MIMIR_METRICS_PORT } from '../../lib/backends/mimir-values';
import { MEMCACHED_EXPORTER_PORT, scrapeAnnotations } from '../../lib/backends/private/scrape';
import { PyroscopeCluster } from '../../lib/backends/pyroscope-cluster';
import { PYROSCOPE_CHART_PORT } from '../../lib/backends/pyroscope-values';
import { TempoCluster } from '../../lib/backends/tempo-cluster';
import { TEMPO_COMPONENTS, TEMPO_METRICS_PORT } from '../../lib/backends/tempo-values';
import { AlloyDaemonSet } from '../../lib/collector/alloy-daemon-set';
import { TIERS, Tier } from '../../lib/config/tier';
import { buildEnvironments } from '../../stacks/app';
import { blocksOf, componentsOf, parseAlloy, plainBody } from '../collector/support/alloy-parser';
import { VALID_ENV } from '../support/environments';

// The stack's own pods opt in to the collector's pod scrape, so the default health alerts
// (lib/rules/default-rules.ts) have the backends' metrics to read.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

/** A pod the release runs: where in the values its annotations are, and the port it serves /metrics on. */
interface Pod { readonly at: string; readonly annotations: Record<string, string> | undefined; readonly port: number }

const values = (c: { release: { values: unknown } }): Values => JSON.parse(JSON.stringify(c.release.values));
const find = <T>(scope: IConstruct, type: new (...a: never[]) => T): T => scope.node.findAll().find((c) => c instanceof type) as T;

function stackOf(tier: Tier) {
  const app = Testing.app();
  buildEnvironments(app, [{ ...VALID_ENV, tier }]);
  return app;
}

/** Every pod of the four backends' releases that serves metrics (not the nginx gateways), with its port. */
function podsOf(app: IConstruct, tier: Tier): Pod[] {
  const m = values(find(app, MimirCluster));
  const l = values(find(app, LokiCluster));
  const tempo = find(app, TempoCluster);
  const t = values(tempo);
  const p = values(find(app, PyroscopeCluster));
  const pods: Pod[] = [];
  for (const section of Object.values(MIMIR_CHART_SECTIONS).filter((s) => s !== 'gateway')) pods.push({ at: `mimir ${section}`, annotations: m[section].podAnnotations, port: MIMIR_METRICS_PORT });
  for (const cache of MIMIR_CACHES.filter((c) => m[c].enabled)) pods.push({ at: `mimir ${cache}`, annotations: m[cache].podAnnotations, port: MEMCACHED_EXPORTER_PORT });
  for (const c of Object.keys(LOKI_TIERS[tier].components).filter((c) => c !== 'gateway')) pods.push({ at: `loki ${c}`, annotations: l[c].podAnnotations, port: LOKI_METRICS_PORT });
  for (const cache of ['chunksCache', 'resultsCache'].filter((c) => l[c].enabled)) pods.push({ at: `loki ${cache}`, annotations: l[cache].podAnnotations, port: MEMCACHED_EXPORTER_PORT });
  if (tempo.chart === 'tempo') {
    pods.push({ at: 'tempo single binary', annotations: t.podAnnotations, port: TEMPO_METRICS_PORT });
  } else {
    for (const c of TEMPO_COMPONENTS.filter((c) => t[c].enabled !== false)) pods.push({ at: `tempo ${c}`, annotations: t[c].podAnnotations, port: TEMPO_METRICS_PORT });
    for (const z of t.ingester.zoneAwareReplication.zones ?? []) pods.push({ at: `tempo ingester ${z.name}`, annotations: z.podAnnotations, port: TEMPO_METRICS_PORT });
    if (t.memcached.enabled) pods.push({ at: 'tempo memcached', annotations: t.memcached.podAnnotations, port: MEMCACHED_EXPORTER_PORT });
  }
  pods.push({ at: 'pyroscope (every component)', annotations: p.pyroscope.podAnnotations, port: PYROSCOPE_CHART_PORT });
  return pods;
}

type Labels = Record<string, string>;

/** Prometheus relabelling (keep, drop, replace) of one target, as Alloy's discovery.relabel applies it. */
function relabel(target: Labels, rules: readonly Record<string, unknown>[]): Labels | undefined {
  const labels = { ...target };
  for (const r of rules) {
    const source = ((r.source_labels as string[] | undefined) ?? []).map((l) => labels[l] ?? '').join((r.separator as string | undefined) ?? ';');
    const re = new RegExp(`^(?:${(r.regex as string | undefined) ?? '(.*)'})$`);
    const action = (r.action as string | undefined) ?? 'replace';
    const match = re.exec(source);
    if (action === 'keep' && !match) return undefined;
    if (action === 'drop' && match) return undefined;
    if (action === 'replace' && match) labels[r.target_label as string] = ((r.replacement as string | undefined) ?? '$1').replace(/\$(\d+)/g, (_, i) => match[Number(i)] ?? '');
  }
  return labels;
}

/** The discovery labels of a running pod with `annotations` (Kubernetes SD: `prometheus.io/port` -> `..._prometheus_io_port`). */
function podTarget(annotations: Record<string, string> = {}): Labels {
  const meta = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`, v]));
  return { __address__: '10.0.1.17', __metrics_path__: '/metrics', __meta_kubernetes_pod_phase: 'Running', __meta_kubernetes_namespace: 'lgtm', __meta_kubernetes_pod_name: 'p-0', ...meta };
}

describe.each(TIERS)('tier %s: the stack\'s own metrics', (tier) => {
  const app = stackOf(tier);
  const pods = podsOf(app, tier);
  const alloy = find(app, AlloyDaemonSet);
  const components = componentsOf(parseAlloy(alloy.configText));
  const podMetrics = components.find((c) => c.name === 'discovery.relabel' && c.label === 'pod_metrics')!;
  const rules = blocksOf(podMetrics.body, 'rule').map(plainBody);

  test('every backend pod that serves metrics (and every chart memcached) carries the scrape opt-in with its metrics port', () => {
    expect(pods.length).toBeGreaterThan(4);
    for (const pod of pods) expect({ [pod.at]: pod.annotations }).toEqual({ [pod.at]: expect.objectContaining(scrapeAnnotations(pod.port)) });
  });

  test('the collector\'s pod scrape selects each of them, at its metrics port and /metrics', () => {
    for (const pod of pods) {
      const target = relabel(podTarget(pod.annotations), rules);
      expect({ [pod.at]: target && { address: target.__address__, path: target.__metrics_path__ } }).toEqual({ [pod.at]: { address: `10.0.1.17:${pod.port}`, path: '/metrics' } });
    }
    // A pod that does not opt in is not scraped.
    expect(relabel(podTarget(), rules)).toBeUndefined();
  });

  test('job is <namespace>/<component>, else <namespace>/<app name>, so alerts by job tell the components apart', () => {
    const labelled = (labels: Record<string, string>) => ({
      ...podTarget({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' }),
      ...Object.fromEntries(Object.entries(labels).map(([k, v]) => [`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`, v])),
    });
    expect(relabel(labelled({ 'app.kubernetes.io/name': 'mimir', 'app.kubernetes.io/component': 'ingester' }), rules)!.job).toBe('lgtm/ingester');
    expect(relabel(labelled({ 'app.kubernetes.io/name': 'alloy' }), rules)!.job).toBe('lgtm/alloy');
    expect(relabel(labelled({}), rules)!.job).toBeUndefined();
  });

  test('the nginx gateways, which serve no /metrics, are not opted in', () => {
    expect(values(find(app, MimirCluster)).gateway.podAnnotations).toBeUndefined();
    expect(values(find(app, LokiCluster)).gateway.podAnnotations).toBeUndefined();
  });
});

test('tempo-distributed runs its memcached exporter, off in the chart, so the cache\'s evictions are scraped', () => {
  const t = values(find(stackOf('microservices'), TempoCluster));
  expect(t.memcachedExporter).toMatchObject({ enabled: true });
});
