import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { LokiEndpoints } from '../../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../../lib/backends/mimir-endpoints';
import { PyroscopeEndpoints } from '../../../lib/backends/pyroscope-endpoints';
import { TempoEndpoints } from '../../../lib/backends/tempo-endpoints';
import { AlloyDaemonSet, AlloyDaemonSetProps } from '../../../lib/collector/alloy-daemon-set';
import { FAKE_CLUSTER } from '../../support/handles';
import { REPO_ROOT } from '../../support/paths';
import { testStack } from '../../support/stack';
import { AlloyStatement, ParsedComponent, attribute, blocksOf, componentsOf, identifiersInBody, parseAlloy, plain } from './alloy-parser';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Values = Record<string, any>;

/** The environment's tenants in these tests, and which namespaces belong to which. */
export const TENANTS = ['platform', 'team-a', 'payments'];
export const NAMESPACE_TENANTS: Readonly<Record<string, string>> = { shop: 'team-a', checkout: 'payments', billing: 'payments' };

/** Backends run elsewhere, through their `.external(...)` forms. */
export function externalBackends() {
  return {
    metrics: MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80', tenants: TENANTS }),
    logs: LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' }),
    traces: TempoEndpoints.external({
      otlpGrpcUrl: 'tempo-distributor.lgtm.svc.cluster.local:4317',
      otlpHttpUrl: 'http://tempo-distributor.lgtm.svc.cluster.local:4318',
      queryUrl: 'http://tempo-query-frontend.lgtm.svc.cluster.local:3200',
      otlpGrpcInsecure: true,
    }),
    profiles: PyroscopeEndpoints.external({ url: 'http://pyroscope-distributor.lgtm.svc.cluster.local:4040' }),
  };
}

/** An AlloyDaemonSet in a fresh stack with every backend, the test tenants and namespaces, plus `props`. */
export function build(props: Partial<AlloyDaemonSetProps> = {}, stack: TerraformStack = testStack()) {
  const alloy = new AlloyDaemonSet(stack, 'collector', {
    tier: 'microservices',
    cluster: FAKE_CLUSTER,
    tenants: TENANTS,
    namespaceTenants: NAMESPACE_TENANTS,
    ...externalBackends(),
    ...props,
  });
  // JSON round trip: plain objects, so toEqual compares values and not frozen-ness.
  const values: Values = JSON.parse(JSON.stringify(alloy.release.values));
  const content: string = values.alloy.configMap.content;
  const doc = parseAlloy(content);
  return { stack, alloy, values, content, doc, components: componentsOf(doc) };
}

/** The names in the vendored component list (lib/collector/alloy-components-v1.18.1.txt). */
export function vendoredComponentNames(): Set<string> {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'lib', 'collector', 'alloy-components-v1.18.1.txt'), 'utf8');
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
}

/** Names of Alloy's standard library that a value may read besides component exports. */
const STDLIB_PREFIXES = ['constants.'];

/**
 * What is wrong with a parsed configuration as a graph: a component not in Alloy 1.18, a component
 * defined twice, a reference to a component that is not defined (or not as `<name>.<label>.<export>`).
 */
export function graphProblems(components: readonly ParsedComponent[]): string[] {
  const names = vendoredComponentNames();
  const ids = components.map((c) => `${c.name}.${c.label}`);
  return [
    ...components.filter((c) => !names.has(c.name)).map((c) => `unknown component ${c.name}`),
    ...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `defined twice: ${id}`),
    ...components.flatMap((c) => identifiersInBody(c.body)
      .filter((p) => !STDLIB_PREFIXES.some((s) => p.startsWith(s)))
      .filter((p) => !ids.some((id) => p.startsWith(`${id}.`) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.slice(id.length + 1))))
      .map((p) => `${c.name}.${c.label} references undefined ${p}`)),
  ];
}

/** The component `<name>.<label>`, or a failure naming it. */
export function component(components: readonly ParsedComponent[], name: string, label: string): ParsedComponent {
  const found = components.find((c) => c.name === name && c.label === label);
  if (!found) throw new Error(`no ${name}.${label} in the configuration`);
  return found;
}

/** The references a component forwards to (`forward_to`, or every list of an `output` block). */
export function forwardsOf(c: ParsedComponent): string[] {
  const refs = (v: unknown) => (Array.isArray(v) ? v.map((x) => (x as { ref: string }).ref) : []);
  const output = blocksOf(c.body, 'output')[0];
  if (output) return [...new Set(output.flatMap((s) => (s.kind === 'attribute' ? refs(plain(s.value)) : [])))];
  return refs(plain(attribute(c.body, 'forward_to')));
}

/** Prometheus-style relabel `keep`/`drop` on `namespace` (anchored regex), as the routers use them. */
function relabelPasses(body: readonly AlloyStatement[], namespace: string): boolean {
  return blocksOf(body, 'rule').every((rule) => {
    const source = plain(attribute(rule, 'source_labels')) as string[];
    const regex = new RegExp(`^(?:${plain(attribute(rule, 'regex')) as string})$`);
    const action = plain(attribute(rule, 'action'));
    if (source.join() !== 'namespace') throw new Error(`router rule on ${source.join()}`);
    if (action === 'keep') return regex.test(namespace);
    if (action === 'drop') return !regex.test(namespace);
    throw new Error(`router rule with action ${String(action)}`);
  });
}

/**
 * The OTTL conditions the filters use, evaluated: the data is dropped when any condition holds; a
 * condition is `==` / `!=` comparisons of the namespace attribute joined by `and`. A missing
 * attribute is nil, which equals no string.
 */
function filterPasses(body: readonly AlloyStatement[], namespace: string | undefined): boolean {
  const blocks = ['metric_conditions', 'log_conditions', 'trace_conditions'].flatMap((b) => blocksOf(body, b));
  const verdicts = blocks.map((b) => {
    const conditions = plain(attribute(b, 'conditions')) as string[];
    return !conditions.some((condition) => condition.split(' and ').every((clause) => {
      const m = /^resource\.attributes\["k8s\.namespace\.name"\] (==|!=) "([^"]*)"$/.exec(clause);
      if (!m) throw new Error(`unexpected OTTL clause ${clause}`);
      return m[1] === '==' ? namespace === m[2] : namespace !== m[2];
    }));
  });
  if (new Set(verdicts).size > 1) throw new Error('the signals of one filter disagree');
  return verdicts[0] ?? true;
}

/**
 * Follows data of `namespace` (undefined: no namespace at all) from a source component to the
 * writes it reaches, through the routers (relabel components and OTLP filters) and the other
 * components in between; returns the writes' `<name>.<label>`.
 */
export function writesReached(components: readonly ParsedComponent[], from: string, namespace: string | undefined): string[] {
  const byId = new Map(components.map((c) => [`${c.name}.${c.label}`, c]));
  const writes = ['prometheus.remote_write', 'loki.write', 'pyroscope.write', 'otelcol.exporter.otlp', 'otelcol.exporter.otlphttp'];
  const reached = new Set<string>();
  const visit = (id: string) => {
    const c = byId.get(id);
    if (!c) throw new Error(`no component ${id}`);
    if (writes.includes(c.name)) {
      reached.add(id);
      return;
    }
    if (['prometheus.relabel', 'loki.relabel', 'pyroscope.relabel'].includes(c.name) && !relabelPasses(c.body, namespace ?? '')) return;
    if (c.name === 'otelcol.processor.filter' && !filterPasses(c.body, namespace)) return;
    for (const next of forwardsOf(c)) visit(next.split('.').slice(0, -1).join('.'));
  };
  visit(from);
  return [...reached].sort();
}
