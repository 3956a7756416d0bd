import { MANIFESTS_CHART } from '../lib/helm/manifest-release';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { formatFinding } from '../lib/compliance/report';
import { HelmValues, deepMerge, isPlainObject } from '../lib/helm/values';
import { CostEstimate, CostInput, estimateCost } from '../lib/sizing/cost';
import { SYSTEM_DEPLOYMENTS, SYSTEM_PER_NODE } from '../lib/sizing/node-plan';
import { cpuMillis, memoryMib } from '../lib/sizing/quantity';
import { DEFAULT_ROOT_VOLUME_GIB, PlatformCostFacts, costInputForSizing } from '../lib/sizing/sizing-cost';
import { EnvironmentStacks, buildEnvironments } from '../stacks/app';
import { EnvironmentConfig, ResolvedEnvironment } from '../stacks/environment-config';
import { ENVIRONMENTS } from '../stacks/environments';
import { StackSummary, synthesizeApp } from '../stacks/synth-summary';
import { environmentsOrUsage } from './report-args';

type Block = Record<string, unknown>;
/** A synthesized stack's Terraform JSON. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
}

/** One workload of a Helm release, found in its values: wherever a `resources` block is. */
export interface WorkloadView {
  /** Values path of the workload (`ingester`, `loki.ingester`; `.` for the release's root). */
  readonly path: string;
  /** `replicas` or `replicaCount` beside it; undefined: the chart's default (a DaemonSet: one per node). */
  readonly replicas?: number;
  /** CPU and memory requests. */
  readonly requests: { readonly cpu?: string; readonly memory?: string };
  /** Memory limit. */
  readonly memoryLimit?: string;
  /** Persistent volume per pod. */
  readonly volume?: string;
  /** memcached memory per pod in MB (`allocatedMemory`), for caches. */
  readonly allocatedMemoryMb?: number;
}

/** One Helm release as synthesized. */
export interface ReleaseView {
  /** Terraform address. */
  readonly address: string;
  /** Release name. */
  readonly name: string;
  /** Chart name. */
  readonly chart: string;
  /** Chart version. */
  readonly version: string;
  /** Namespace. */
  readonly namespace: string;
  /** Its values, the YAML documents merged in order. */
  readonly values: HelmValues;
  /** Its workloads, in values order. */
  readonly workloads: readonly WorkloadView[];
}

/** What one environment synthesized: its config, its stacks' summaries and JSON, its releases. */
export interface EnvironmentReport {
  /** The validated environment. */
  readonly env: ResolvedEnvironment;
  /** Summaries of its stacks (resources by type, compliance). */
  readonly stacks: readonly StackSummary[];
  /** Terraform JSON of the platform stack. */
  readonly platform: TerraformJson;
  /** Terraform JSON of the observability stack. */
  readonly observability: TerraformJson;
  /** Every helm_release of its stacks. */
  readonly releases: readonly ReleaseView[];
}

/**
 * Synthesizes `environments` into a temporary directory the way `npm run synth` does and reads
 * back what each wrote. Throws with every synth error when one fails.
 */
export function synthesizeReports(environments: readonly EnvironmentConfig[]): EnvironmentReport[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-plan-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    let built: EnvironmentStacks[] = [];
    const summary = synthesizeApp(app, (a) => { built = buildEnvironments(a, environments); });
    const errors = [...summary.errors, ...summary.stacks.flatMap((s) => s.errors.map((e) => `${s.name}: ${e}`))];
    if (errors.length > 0) throw new Error(`synth failed:\n  - ${errors.join('\n  - ')}`);
    const read = (id: string): TerraformJson => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'));
    return built.map(({ platform, observability }) => {
      const ids = [platform.node.id, observability.node.id];
      const json = ids.map(read);
      return {
        env: platform.env,
        stacks: summary.stacks.filter((s) => ids.includes(s.name)),
        platform: json[0],
        observability: json[1],
        releases: json.flatMap((j) => releasesOf(j)),
      };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A bucket's name, or its prefix and `*` when S3 completes the name at apply (`bucket_prefix`). */
export function bucketLabel(b: Readonly<Record<string, unknown>>): string {
  return b.bucket !== undefined ? String(b.bucket) : `${String(b.bucket_prefix)}*`;
}

/** Every helm_release of a stack, with its values parsed and its workloads found. */
export function releasesOf(json: TerraformJson): ReleaseView[] {
  return Object.entries(json.resource?.helm_release ?? {}).map(([id, r]) => {
    const docs = (Array.isArray(r.values) ? r.values : []) as string[];
    const values = docs.flatMap((d) => parseAllDocuments(d).map((doc) => doc.toJSON() as unknown))
      .filter(isPlainObject).reduce<HelmValues>((a, v) => deepMerge(a, v as HelmValues), {});
    // A ManifestRelease installs the chart shipped in the package (a cdktf asset path): name it, and
    // take the workloads from the Deployments and StatefulSets among its objects.
    const manifests = r.repository === undefined && String(r.chart).startsWith('assets/');
    return {
      address: `helm_release.${id}`, name: String(r.name),
      chart: manifests ? MANIFESTS_CHART.name : String(r.chart),
      version: manifests ? MANIFESTS_CHART.version : String(r.version ?? 'unpinned'),
      namespace: String(r.namespace ?? 'default'), values, workloads: manifests ? objectWorkloadsOf(values) : workloadsOf(values),
    };
  });
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** The workloads among a ManifestRelease's objects: each Deployment or StatefulSet, its first container's resources. */
export function objectWorkloadsOf(values: HelmValues): WorkloadView[] {
  const objects = Array.isArray(values.objects) ? values.objects.filter(isPlainObject) : [];
  return objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => {
    const spec = isPlainObject(o.spec) ? o.spec : {};
    const name = isPlainObject(o.metadata) ? String(o.metadata.name) : '?';
    const pod = isPlainObject(spec.template) && isPlainObject(spec.template.spec) ? spec.template.spec : {};
    const container = Array.isArray(pod.containers) && isPlainObject(pod.containers[0]) ? pod.containers[0] : {};
    const [workload] = workloadsOf({ replicas: spec.replicas, resources: container.resources } as HelmValues);
    return { ...workload, path: `${String(o.kind)}/${name}` };
  });
}

/** The workloads of a values tree: every object with a `resources` block or a memcached `allocatedMemory`, unless turned off. */
export function workloadsOf(values: HelmValues, at: string[] = []): WorkloadView[] {
  const out: WorkloadView[] = [];
  const off = values.enabled === false || values.replicas === 0 || values.replicaCount === 0;
  const resources = isPlainObject(values.resources) ? values.resources : undefined;
  if (!off && (resources || typeof values.allocatedMemory === 'number')) {
    const requests = resources && isPlainObject(resources.requests) ? resources.requests : {};
    const limits = resources && isPlainObject(resources.limits) ? resources.limits : {};
    const pv = [values.persistentVolume, values.persistence].find((p) => isPlainObject(p) && p.enabled !== false && (p.size !== undefined || Array.isArray(p.claims)));
    const claims = isPlainObject(pv) && Array.isArray(pv.claims) && isPlainObject(pv.claims[0]) ? pv.claims[0] : undefined;
    const replicas = typeof values.replicas === 'number' ? values.replicas : typeof values.replicaCount === 'number' ? values.replicaCount : undefined;
    out.push({
      path: at.length === 0 ? '.' : at.join('.'),
      ...(replicas === undefined ? {} : { replicas }),
      requests: { ...(str(requests.cpu) ? { cpu: str(requests.cpu) } : {}), ...(str(requests.memory) ? { memory: str(requests.memory) } : {}) },
      ...(str(limits.memory) ? { memoryLimit: str(limits.memory) } : {}),
      ...(isPlainObject(pv) && str(pv.size) ? { volume: str(pv.size) } : claims && str(claims.size) ? { volume: str(claims.size) } : {}),
      ...(typeof values.allocatedMemory === 'number' ? { allocatedMemoryMb: values.allocatedMemory } : {}),
    });
  }
  if (off) return out;
  for (const [key, child] of Object.entries(values)) {
    // An exporter (memcachedExporter) is a sidecar in its parent's pods, not a workload of its own.
    if (key === 'resources' || /Exporter$/.test(key) || !isPlainObject(child)) continue;
    out.push(...workloadsOf(child, [...at, key]));
  }
  return out;
}

const resourcesOf = (json: TerraformJson, type: string): Block[] => Object.values(json.resource?.[type] ?? {});
const first = (v: unknown): Block => (Array.isArray(v) && isPlainObject(v[0]) ? v[0] as Block : isPlainObject(v) ? v as Block : {});

/** The node groups of a platform: instance types and sizes per group. */
export function nodeGroupsOf(json: TerraformJson): { name: string; instanceTypes: string[]; min: number; desired: number; max: number; amiType: string }[] {
  return Object.entries(json.resource?.aws_eks_node_group ?? {}).map(([id, g]) => {
    const s = first(g.scaling_config);
    return {
      name: String(g.node_group_name_prefix ?? g.node_group_name ?? id), instanceTypes: (g.instance_types as string[]) ?? [],
      min: Number(s.min_size), desired: Number(s.desired_size), max: Number(s.max_size), amiType: String(g.ami_type ?? ''),
    };
  });
}

/** What the platform bills, read from its Terraform JSON. */
export function platformFacts(report: EnvironmentReport): PlatformCostFacts {
  const p = report.platform;
  const groups = nodeGroupsOf(p);
  const template = first(resourcesOf(p, 'aws_launch_template')[0]?.block_device_mappings);
  const root = Number(first(template.ebs).volume_size) || DEFAULT_ROOT_VOLUME_GIB;
  const db = resourcesOf(p, 'aws_db_instance')[0];
  const caches = [
    ...Object.entries(p.resource?.aws_elasticache_replication_group ?? {}).map(([id, g]) => ({
      name: id.startsWith('sessions') ? 'session store' : id.split('_')[0], engine: String(g.engine ?? 'redis'), nodeType: String(g.node_type),
      nodes: Number(g.num_cache_clusters ?? (Number(g.num_node_groups ?? 1) * (Number(g.replicas_per_node_group ?? 0) + 1))),
    })),
    ...Object.entries(p.resource?.aws_elasticache_cluster ?? {}).map(([id, c]) => ({
      name: id.split('_')[0], engine: String(c.engine ?? 'memcached'), nodeType: String(c.node_type), nodes: Number(c.num_cache_nodes ?? 1),
    })),
  ];
  return {
    region: report.env.region,
    nodes: { instanceType: groups[0]?.instanceTypes[0] ?? 'unknown', count: groups.reduce((a, g) => a + g.desired, 0), rootVolumeGib: root },
    ...(db ? { database: { instanceClass: String(db.instance_class), multiAz: db.multi_az === true || db.multi_az === 'true', storageGib: Number(db.allocated_storage) } } : {}),
    caches,
    natGateways: resourcesOf(p, 'aws_nat_gateway').length,
    // The RDS-managed master password is a Secrets Manager secret too.
    secrets: resourcesOf(p, 'aws_secretsmanager_secret').length + (db && (db.manage_master_user_password === true || db.manage_master_user_password === 'true') ? 1 : 0),
    kmsKeys: resourcesOf(p, 'aws_kms_key').length,
  };
}

const BACKEND_CHARTS: Readonly<Record<string, 'mimir' | 'loki' | 'tempo' | 'pyroscope'>> = {
  'mimir-distributed': 'mimir', 'loki': 'loki', 'tempo': 'tempo', 'tempo-distributed': 'tempo', 'pyroscope': 'pyroscope',
};

/**
 * The monthly estimate of a synthesized environment: compute shared out by the CPU requests of each
 * release as synthesized, volumes from their values, the platform from its Terraform JSON; S3 bytes
 * and traffic from the environment's load (without one they are listed as not estimated).
 * Throws for a region the price table lacks.
 */
export function environmentCost(report: EnvironmentReport): CostEstimate {
  const facts = platformFacts(report);
  const nodes = facts.nodes.count;
  const sized: CostInput | undefined = report.env.sizing ? costInputForSizing(report.env.sizing, facts) : undefined;
  const components: Record<string, { cpuMillis: number; volumesGib: number; s3Bytes: number }> = {};
  for (const r of report.releases) {
    const name = BACKEND_CHARTS[r.chart] ?? r.name;
    const c = components[name] ?? { cpuMillis: 0, volumesGib: 0, s3Bytes: 0 };
    for (const w of r.workloads) {
      const pods = w.replicas ?? (r.values.controller && isPlainObject(r.values.controller) && r.values.controller.type === 'daemonset' ? nodes : 1);
      c.cpuMillis += pods * safe(() => cpuMillis(w.requests.cpu ?? '0'));
      c.volumesGib += pods * safe(() => memoryMib(w.volume ?? '0Gi') / 1024);
    }
    c.s3Bytes = sized?.components[name]?.s3Bytes ?? 0;
    components[name] = c;
  }
  components.system = { cpuMillis: nodes * SYSTEM_PER_NODE.cpuMillis + SYSTEM_DEPLOYMENTS.cpuMillis, volumesGib: 0, s3Bytes: 0 };
  const estimate = estimateCost({
    region: facts.region, nodes: facts.nodes, components, database: facts.database, caches: facts.caches, natGateways: facts.natGateways,
    natGbPerMonth: sized?.natGbPerMonth ?? 0, interAzGbPerMonth: sized?.interAzGbPerMonth ?? 0,
    s3PutsPerMonth: sized?.s3PutsPerMonth ?? 0, s3GetsPerMonth: sized?.s3GetsPerMonth ?? 0, secrets: facts.secrets, kmsKeys: facts.kmsKeys,
  });
  if (sized) return estimate;
  return { ...estimate, unpriced: [...estimate.unpriced, 'S3 storage and requests, NAT data and inter-AZ traffic: not estimated, the environment has no load (EnvironmentConfig.load)'] };
}

function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return 0;
  }
}

/** A workload as one line: `ingester: 3 x (cpu 1, mem 4Gi, limit 8Gi, pv 20Gi)`. */
function workloadLine(w: WorkloadView): string {
  const parts = [
    w.requests.cpu ? `cpu ${w.requests.cpu}` : '', w.requests.memory ? `mem ${w.requests.memory}` : '',
    w.memoryLimit ? `limit ${w.memoryLimit}` : '', w.volume ? `pv ${w.volume}` : '', w.allocatedMemoryMb !== undefined ? `cache ${w.allocatedMemoryMb} MB` : '',
  ].filter(Boolean);
  return `${w.path}: ${w.replicas ?? 'chart default'} x (${parts.join(', ') || 'no requests'})`;
}

/** The readable plan of one synthesized environment. */
export function formatPlan(report: EnvironmentReport): string {
  const { env, platform } = report;
  const lines: string[] = [];
  lines.push(`# ${env.name}: ${env.region}, tier ${env.tier}${env.production ? ', production' : ''}`);
  lines.push('', '## Stacks');
  for (const s of report.stacks) lines.push(`- ${s.name}: ${s.resourceCount} resources, ${s.dataSourceCount} data sources, ${s.helmReleases.length} Helm releases`);

  lines.push('', '## AWS resources');
  const bucketIds = Object.entries(platform.resource?.aws_s3_bucket ?? {});
  const expiration = new Map<string, number>();
  for (const l of resourcesOf(platform, 'aws_s3_bucket_lifecycle_configuration')) {
    const rule = (l.rule as Block[] | undefined)?.find((r) => typeof first(r.expiration).days === 'number');
    if (rule) expiration.set(String(l.bucket), Number(first(rule.expiration).days));
  }
  for (const c of resourcesOf(platform, 'aws_eks_cluster')) lines.push(`- EKS cluster ${String(c.name)}, Kubernetes ${String(c.version)}`);
  for (const g of nodeGroupsOf(platform)) lines.push(`- node group ${g.name}: ${g.instanceTypes.join(', ')} (${g.amiType}), min ${g.min} / desired ${g.desired} / max ${g.max}`);
  if (env.nodePlan) {
    const { x86, graviton, gravitonSavingUsd } = env.nodePlan;
    lines.push(`- node sizing from the load: ${x86.count} x ${x86.instanceType} ($${x86.monthlyUsd.toFixed(2)}/month); Graviton ${graviton.count} x ${graviton.instanceType} ($${graviton.monthlyUsd.toFixed(2)}/month, saves $${gravitonSavingUsd.toFixed(2)})`);
  }
  for (const [id, b] of bucketIds) {
    const days = expiration.get(`\${aws_s3_bucket.${id}.id}`);
    lines.push(`- S3 bucket ${bucketLabel(b)}: ${days === undefined ? 'no expiration' : `objects expire after ${days} days`}`);
  }
  for (const d of resourcesOf(platform, 'aws_db_instance')) {
    lines.push(`- RDS ${String(d.engine)} ${String(d.engine_version ?? '')}: ${String(d.instance_class)}, Multi-AZ ${String(d.multi_az ?? false)}, ${String(d.allocated_storage)} GiB, backups ${String(d.backup_retention_period)} days`);
  }
  for (const g of resourcesOf(platform, 'aws_elasticache_replication_group')) {
    lines.push(`- ElastiCache ${String(g.engine)} ${String(g.engine_version ?? '')}: ${String(g.node_type)} x ${String(g.num_cache_clusters ?? '?')}, Multi-AZ ${String(g.multi_az_enabled ?? false)}`);
  }
  for (const c of resourcesOf(platform, 'aws_elasticache_cluster')) lines.push(`- ElastiCache ${String(c.engine)}: ${String(c.node_type)} x ${String(c.num_cache_nodes)}`);
  lines.push(`- NAT gateways: ${resourcesOf(platform, 'aws_nat_gateway').length}; KMS keys: ${resourcesOf(platform, 'aws_kms_key').length}; Secrets Manager secrets: ${resourcesOf(platform, 'aws_secretsmanager_secret').length}`);
  for (const s of report.stacks) lines.push(`- ${s.name} resource types: ${s.resources.map((k) => `${k.type} ${k.count}`).join(', ')}`);

  lines.push('', '## Helm releases');
  for (const r of report.releases) {
    lines.push(`- ${r.name}: chart ${r.chart} ${r.version}, namespace ${r.namespace}`);
    for (const w of r.workloads) lines.push(`    ${workloadLine(w)}`);
  }

  lines.push('', '## Tenants', `- ${env.tenants.join(', ')}`);
  for (const [ns, t] of Object.entries(env.namespaceTenants ?? {})) lines.push(`  namespace ${ns} -> ${t}`);

  lines.push('', '## Compliance findings');
  const findings = report.stacks.flatMap((s) => (s.compliance?.findings ?? []).map((f) => `${s.name}: ${formatFinding(f)}`));
  lines.push(...(findings.length === 0 ? ['- none'] : findings.map((f) => `- ${f}`)));

  lines.push('', '## Monthly cost');
  try {
    const cost = environmentCost(report);
    lines.push(...Object.entries(cost.byComponent).map(([c, usd]) => `- ${c}: $${usd.toFixed(2)}`));
    lines.push(`- total: $${cost.totalUsd.toFixed(2)} (prices of ${cost.priceDate}, npm run cost ${env.name} for the lines)`);
    lines.push(...cost.unpriced.map((u) => `- not in the total: ${u}`));
  } catch (e) {
    lines.push(`- not estimated: ${(e as Error).message}`);
  }
  return lines.join('\n');
}

/** `npm run plan [env ...]`: prints the plan of each named environment (all without a name). */
export function main(argv: readonly string[] = process.argv.slice(2), out: { write(t: string): unknown } = process.stdout, err: { write(t: string): unknown } = process.stderr): number {
  const selected = environmentsOrUsage(argv, ENVIRONMENTS, 'plan', 'the plan summary', err);
  if (selected === undefined) return 2;
  for (const report of synthesizeReports(selected)) out.write(`${formatPlan(report)}\n\n`);
  return 0;
}

if (require.main === module) process.exitCode = main();
