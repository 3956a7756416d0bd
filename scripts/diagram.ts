import * as fs from 'fs';
import * as path from 'path';
import { isPlainObject, valueAt } from '../lib/helm/values';
import { ENVIRONMENTS } from '../stacks/environments';
import { EnvironmentReport, ReleaseView, bucketLabel, nodeGroupsOf, synthesizeReports } from './plan';
import { environmentsOrUsage } from './report-args';

type Role = 'collector' | 'gateway' | 'backend' | 'grafana' | 'other';
const BACKENDS: Readonly<Record<string, string>> = {
  'mimir-distributed': 'mimir', 'loki': 'loki', 'tempo': 'tempo', 'tempo-distributed': 'tempo', 'pyroscope': 'pyroscope',
};
const DATASOURCE_TYPES: Readonly<Record<string, string>> = { prometheus: 'mimir', loki: 'loki', tempo: 'tempo', 'grafana-pyroscope-datasource': 'pyroscope' };

/** What a release is in the picture: read from its chart, or a gateway/proxy by its name. */
function roleOf(r: ReleaseView): Role {
  if (BACKENDS[r.chart]) return 'backend';
  // The collector is the alloy DaemonSet; alloy as a Deployment (the rules loader) is not one per node.
  if (r.chart === 'alloy') return valueAt(r.values, 'controller.type') === 'deployment' ? 'other' : 'collector';
  if (r.chart === 'grafana') return 'grafana';
  if (/gateway|proxy/.test(r.name) || /gateway|proxy|nginx/.test(r.chart)) return 'gateway';
  return 'other';
}

const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
const label = (s: string) => s.replace(/"/g, "'");

/** The correlation links of Grafana's data sources: `from -> to` by backend, each with the jsonData key that makes it. */
export function correlationLinks(grafana: ReleaseView | undefined): { from: string; to: string; via: string }[] {
  if (!grafana) return [];
  const sources: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isPlainObject(v)) {
      if (typeof v.uid === 'string' && typeof v.type === 'string' && isPlainObject(v.jsonData)) sources.push(v);
      else Object.values(v).forEach(walk);
    }
  };
  walk(grafana.values);
  const backendOfUid = new Map(sources.map((s) => [s.uid as string, DATASOURCE_TYPES[s.type as string] ?? (s.type as string)]));
  const links = new Map<string, { from: string; to: string; via: string }>();
  for (const s of sources) {
    const from = backendOfUid.get(s.uid as string)!;
    const find = (v: unknown, key: string) => {
      if (Array.isArray(v)) v.forEach((x) => find(x, key));
      else if (isPlainObject(v)) {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'datasourceUid' && typeof x === 'string' && backendOfUid.has(x)) {
            const to = backendOfUid.get(x)!;
            links.set(`${from}|${to}|${key}`, { from, to, via: key });
          } else find(x, key);
        }
      }
    };
    for (const [key, v] of Object.entries(s.jsonData as Record<string, unknown>)) find(v, key);
  }
  return [...links.values()].sort((a, b) => `${a.from}${a.to}${a.via}`.localeCompare(`${b.from}${b.to}${b.via}`));
}

/** A Mermaid flowchart of one synthesized environment: what runs, where it stores, how it links. */
export function formatDiagram(report: EnvironmentReport): string {
  const { env, platform } = report;
  const out: string[] = ['flowchart LR'];
  const clusterName = Object.values(platform.resource?.aws_eks_cluster ?? {}).map((c) => String(c.name))[0] ?? `${env.name} cluster`;
  const groups = nodeGroupsOf(platform);
  const nodes = groups.reduce((a, g) => a + g.desired, 0);
  out.push(`  subgraph cluster["EKS ${label(clusterName)}: ${nodes} x ${groups[0]?.instanceTypes[0] ?? '?'} in ${groups.length} node groups"]`);
  const byRole = (role: Role) => report.releases.filter((r) => roleOf(r) === role);
  for (const r of byRole('collector')) out.push(`    ${id(r.name)}["${label(r.name)} collector (${r.chart} ${r.version}), one per node"]`);
  for (const r of byRole('gateway')) out.push(`    ${id(r.name)}["${label(r.name)} gateway (${r.chart} ${r.version})"]`);
  for (const r of byRole('backend')) {
    out.push(`    subgraph ${id(BACKENDS[r.chart])}["${BACKENDS[r.chart]}: ${r.chart} ${r.version}"]`);
    for (const w of r.workloads) out.push(`      ${id(`${BACKENDS[r.chart]}_${w.path}`)}["${label(w.path.split('.').pop()!)} x${w.replicas ?? '?'}"]`);
    out.push('    end');
  }
  for (const r of byRole('grafana')) {
    const replicas = r.workloads.find((w) => w.path === '.')?.replicas;
    out.push(`    ${id(r.name)}["Grafana x${replicas ?? '?'} (${r.chart} ${r.version})"]`);
  }
  for (const r of byRole('other')) out.push(`    ${id(r.name)}["${label(r.name)} (${r.chart} ${r.version})"]`);
  out.push('  end');

  for (const [bid, b] of Object.entries(platform.resource?.aws_s3_bucket ?? {})) out.push(`  ${id(`bucket_${bid}`)}[("S3 ${label(bucketLabel(b))}")]`);
  for (const [did, d] of Object.entries(platform.resource?.aws_db_instance ?? {})) out.push(`  ${id(`db_${did}`)}[("RDS ${label(String(d.engine))} ${label(String(d.instance_class))}${d.multi_az ? ' Multi-AZ' : ''}")]`);
  for (const [cid, c] of Object.entries(platform.resource?.aws_elasticache_replication_group ?? {})) out.push(`  ${id(`cache_${cid}`)}[("ElastiCache ${label(String(c.engine))} ${label(String(c.node_type))}")]`);

  const backends = byRole('backend').map((r) => BACKENDS[r.chart]);
  const gateways = byRole('gateway').map((r) => id(r.name));
  // The collector writes to the backends directly with its tenants' headers; the gateway is the door
  // for clients outside the stack, and sets the header itself.
  for (const c of byRole('collector')) for (const b of backends) out.push(`  ${id(c.name)} -- writes --> ${id(b)}`);
  if (gateways.length > 0) out.push('  remote(["remote clusters and VPCs"])');
  for (const g of gateways) {
    out.push(`  remote -- authenticated --> ${g}`);
    for (const b of backends) out.push(`  ${g} -- X-Scope-OrgID --> ${id(b)}`);
  }
  for (const [bid, b] of Object.entries(platform.resource?.aws_s3_bucket ?? {})) {
    const owner = backends.find((name) => bucketLabel(b).includes(name));
    if (owner) out.push(`  ${id(owner)} --> ${id(`bucket_${bid}`)}`);
  }
  for (const g of byRole('grafana')) {
    for (const b of backends) out.push(`  ${id(g.name)} -- queries --> ${id(b)}`);
    for (const did of Object.keys(platform.resource?.aws_db_instance ?? {})) out.push(`  ${id(g.name)} --> ${id(`db_${did}`)}`);
    for (const cid of Object.keys(platform.resource?.aws_elasticache_replication_group ?? {})) out.push(`  ${id(g.name)} -- sessions --> ${id(`cache_${cid}`)}`);
  }
  for (const l of correlationLinks(byRole('grafana')[0])) out.push(`  ${id(l.from)} -. ${l.via} .-> ${id(l.to)}`);
  return out.join('\n');
}

/** Where `npm run diagram` writes: `<outdir>/diagrams/<env>.mmd`, outdir CDKTF_OUTDIR or cdktf.out. */
export function diagramFile(envName: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.CDKTF_OUTDIR ?? 'cdktf.out', 'diagrams', `${envName}.mmd`);
}

/** `npm run diagram [env ...]`: writes the Mermaid flowchart of each named environment (all without a name). */
export function main(argv: readonly string[] = process.argv.slice(2), out: { write(t: string): unknown } = process.stdout, err: { write(t: string): unknown } = process.stderr): number {
  const selected = environmentsOrUsage(argv, ENVIRONMENTS, 'diagram', 'the Mermaid diagram', err);
  if (selected === undefined) return 2;
  for (const report of synthesizeReports(selected)) {
    const file = diagramFile(report.env.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${formatDiagram(report)}\n`);
    out.write(`${report.env.name}: wrote ${file}\n`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main();
