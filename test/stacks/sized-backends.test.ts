import { Testing } from 'cdktf';
import { buildEnvironments } from '../../stacks/app';
import { resolveEnvironment } from '../../stacks/resolve-environment';
import { EnvironmentConfig } from '../../stacks/environment-config';
import { LokiCluster } from '../../lib/backends/loki-cluster';
import { MimirCluster } from '../../lib/backends/mimir-cluster';
import { PyroscopeCluster } from '../../lib/backends/pyroscope-cluster';
import { TempoCluster } from '../../lib/backends/tempo-cluster';
import { MIMIR_CHART_SECTIONS, MimirComponent } from '../../lib/backends/mimir-values';
import { PYROSCOPE_CHART_COMPONENTS, PyroscopeComponent } from '../../lib/backends/pyroscope-values';
import { cpuMillis, memoryMib } from '../../lib/sizing/quantity';
import { BackendSizing, ComponentSizing, backendTotals } from '../../lib/sizing/size-for';
import { SYSTEM_DEPLOYMENTS } from '../../lib/sizing/node-plan';
import { ChartRelease } from '../../lib/helm/chart-release';
import { TIERS } from '../../lib/config/tier';
import { VALID_ENV } from '../support/environments';

// An environment with a `load`: the backends deploy the sizes `sizeFor` gave, so the node groups
// planned from those sizes hold what the backends request (issue 21, item 3).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const LOAD = { activeSeries: 1_000_000, logsGbPerDay: 100, spansPerDay: 50_000_000, retentionDays: { metrics: 30, logs: 14, traces: 7, profiles: 30 } };

/** What a rendered workload requests: replicas, millicores, MiB, memory limit MiB and volume GiB. */
interface Rendered { replicas: number; cpuMillis: number; memoryMib: number; memoryLimitMib?: number; volumeGib?: number }

const gib = (q: string | undefined) => (q === undefined ? undefined : memoryMib(q) / 1024);
function rendered(replicas: number, resources: Values, volume?: string): Rendered {
  return {
    replicas,
    cpuMillis: cpuMillis(String(resources.requests.cpu)),
    memoryMib: memoryMib(resources.requests.memory),
    ...(resources.limits?.memory ? { memoryLimitMib: memoryMib(resources.limits.memory) } : {}),
    ...(volume ? { volumeGib: gib(volume) } : {}),
  };
}

function expected(s: ComponentSizing): Rendered {
  return { replicas: s.replicas, cpuMillis: s.cpuMillis, memoryMib: s.memoryMib, memoryLimitMib: s.memoryLimitMib, ...(s.volumeGib === undefined ? {} : { volumeGib: s.volumeGib }) };
}

const valuesOf = (r: ChartRelease) => JSON.parse(JSON.stringify(r.values)) as Values;

/** Every workload of each backend's release, as rendered, keyed like the sizing's components. */
function renderedWorkloads(app: ReturnType<typeof Testing.app>): Record<'mimir' | 'loki' | 'tempo' | 'pyroscope', Record<string, Rendered>> {
  const all = app.node.findAll();
  const mimir = all.find((c): c is MimirCluster => c instanceof MimirCluster)!;
  const loki = all.find((c): c is LokiCluster => c instanceof LokiCluster)!;
  const tempo = all.find((c): c is TempoCluster => c instanceof TempoCluster)!;
  const pyroscope = all.find((c): c is PyroscopeCluster => c instanceof PyroscopeCluster)!;
  const m = valuesOf(mimir.release);
  const l = valuesOf(loki.release);
  const t = valuesOf(tempo.release);
  const p = valuesOf(pyroscope.release);
  const mimirOut = Object.fromEntries((Object.entries(MIMIR_CHART_SECTIONS) as [MimirComponent, string][]).map(([c, section]) => {
    const v = m[section];
    return [c, rendered(v.replicas, v.resources, v.persistentVolume?.size)];
  }));
  const lokiOut = Object.fromEntries(Object.entries(l).filter(([, v]) => (v as Values)?.resources !== undefined && (v as Values).replicas > 0).map(([c, v]) => {
    const w = v as Values;
    return [c, rendered(w.replicas, w.resources, w.persistence?.size ?? w.persistence?.claims?.[0]?.size)];
  }));
  const tempoOut = tempo.chart === 'tempo'
    ? { singleBinary: rendered(t.replicas, t.tempo.resources, t.persistence?.size) }
    : Object.fromEntries(['distributor', 'ingester', 'querier', 'queryFrontend', 'compactor', 'metricsGenerator'].filter((c) => t[c]?.resources).map((c) => [c, rendered(t[c].replicas, t[c].resources, t[c].persistence?.size)]));
  const pyroscopeOut = pyroscope.architecture === 'single-binary'
    ? { singleBinary: rendered(p.pyroscope.replicaCount, p.pyroscope.resources, p.pyroscope.persistence?.size) }
    : Object.fromEntries((Object.entries(PYROSCOPE_CHART_COMPONENTS) as [PyroscopeComponent, string][])
    .filter(([, name]) => p.pyroscope.components?.[name] !== undefined)
    .map(([c, name]) => {
      const v = p.pyroscope.components[name];
      return [c, rendered(v.replicaCount, v.resources, v.persistence?.size)];
    }));
  return { mimir: mimirOut, loki: lokiOut, tempo: tempoOut, pyroscope: pyroscopeOut };
}

const CONFIG: EnvironmentConfig = { ...VALID_ENV, name: 'sized', region: 'us-east-1', tier: 'microservices', load: LOAD };

describe.each(TIERS)('an environment of tier %s with a load', (tier) => {
  const config: EnvironmentConfig = { ...CONFIG, tier };
  const env = resolveEnvironment(config);
  const sizing = env.sizing!;
  const app = Testing.app();
  buildEnvironments(app, [config]);
  const workloads = renderedWorkloads(app);

  test('Mimir\'s ingesters request, are limited to and keep the volume sizeFor gave', () => {
    const ingester = sizing.mimir.components.ingester!;
    expect(ingester.basis).toBe('load');
    expect(ingester.volumeGib).toBeDefined();
    expect(workloads.mimir.ingester).toEqual(expected(ingester));
  });

  test.each(['mimir', 'loki', 'tempo', 'pyroscope'] as const)('every %s workload renders the replicas, requests, limit and volume of its sizing', (backend) => {
    const components = (sizing[backend] as BackendSizing<string>).components as Record<string, ComponentSizing>;
    expect(Object.keys(workloads[backend]).sort()).toEqual(Object.keys(components).sort());
    for (const [c, s] of Object.entries(components)) expect({ [c]: workloads[backend][c] }).toEqual({ [c]: expected(s) });
  });

  test('the node plan holds what the backends\' workloads now request', () => {
    const caches = [sizing.mimir, sizing.loki, sizing.tempo, sizing.pyroscope].map((b) => {
      const t = backendTotals({ ...b, components: {} } as BackendSizing<string>);
      return { cpuMillis: t.cpuMillis, memoryMib: t.memoryMib };
    });
    const pods = Object.values(workloads).flatMap((w) => Object.values(w));
    const requested = {
      cpuMillis: pods.reduce((a, w) => a + w.replicas * w.cpuMillis, 0) + caches.reduce((a, c) => a + c.cpuMillis, 0) + sizing.grafana.replicas * sizing.grafana.cpuMillis,
      memoryMib: pods.reduce((a, w) => a + w.replicas * w.memoryMib, 0) + caches.reduce((a, c) => a + c.memoryMib, 0) + sizing.grafana.replicas * sizing.grafana.memoryMib,
    };
    expect(requested).toEqual(sizing.requests);
    expect(env.nodePlan!.requests).toEqual({ cpuMillis: requested.cpuMillis + SYSTEM_DEPLOYMENTS.cpuMillis, memoryMib: requested.memoryMib + SYSTEM_DEPLOYMENTS.memoryMib });
  });
});

describe('an environment without a load', () => {
  test('the backends deploy their tier layouts: no limits added to Mimir', () => {
    const app = Testing.app();
    buildEnvironments(app, [{ ...CONFIG, load: undefined }]);
    const mimir = app.node.findAll().find((c): c is MimirCluster => c instanceof MimirCluster)!;
    expect(valuesOf(mimir.release).ingester.resources).toEqual({ requests: { cpu: '3500m', memory: '8Gi' } });
  });
});
