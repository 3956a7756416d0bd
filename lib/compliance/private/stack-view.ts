import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { ChartRelease } from '../../helm/chart-release';
import { ManifestRelease } from '../../helm/manifest-release';
import { show } from '../../private/validate';
import { ComplianceRule, HelmReleaseTarget, KubernetesObjectTarget, StackView, SynthesizedResource, Verdict } from '../rule';
import { literal, references, strings } from './terraform';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

// Attributes that hold a resource's own literal name, which other resources may use instead of a reference.
const NAME_ATTRIBUTES = ['bucket', 'name', 'id'];

/** A stack's synthesized resources and Helm releases, indexed for rules. */
export class SynthesizedStack implements StackView {
  public readonly resources: readonly SynthesizedResource[];
  public readonly releases: readonly HelmReleaseTarget[];
  public readonly manifests: readonly KubernetesObjectTarget[];
  private readonly byType = new Map<string, SynthesizedResource[]>();
  private readonly addresses = new Map<string, SynthesizedResource>();
  private readonly memo = new Map<string, unknown>();

  constructor(stack: TerraformStack, public readonly production: boolean) {
    const constructs = new Map<string, IConstruct>();
    const releases: HelmReleaseTarget[] = [];
    const manifests: KubernetesObjectTarget[] = [];
    for (const c of stack.node.findAll()) {
      constructs.set(c.node.path, c);
      if (c instanceof ChartRelease) {
        releases.push({
          chart: c.pin.chart,
          releaseName: c.releaseName,
          namespace: c.namespace,
          values: c.values,
          address: `${c.release.terraformResourceType}.${c.release.friendlyUniqueId}`,
          construct: c,
        });
      } else if (c instanceof ManifestRelease) {
        const address = `${c.release.terraformResourceType}.${c.release.friendlyUniqueId}`;
        for (const o of c.objects) {
          const meta = (o.metadata ?? {}) as { name?: string; namespace?: string };
          manifests.push({ kind: String(o.kind), name: String(meta.name), namespace: meta.namespace ?? c.namespace, object: o, address });
        }
      }
    }
    // The same JSON `cdktf synth` writes, so rules see references as `${type.name.attr}` strings.
    const tf = stack.toTerraform() as { resource?: Blocks; data?: Blocks };
    const resources: SynthesizedResource[] = [];
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(tf[mode] ?? {})) {
        for (const [name, config] of Object.entries(byName)) {
          const path = (config['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
          const { ['//']: _meta, ...attributes } = config;
          const prefix = mode === 'data' ? 'data.' : '';
          resources.push({
            mode,
            type,
            name,
            address: `${prefix}${type}.${name}`,
            config: attributes,
            construct: (path !== undefined && constructs.get(path)) || stack,
          });
        }
      }
    }
    for (const r of resources) {
      const key = r.mode === 'data' ? `data.${r.type}` : r.type;
      this.byType.set(key, [...(this.byType.get(key) ?? []), r]);
      this.addresses.set(r.address, r);
    }
    this.resources = resources;
    this.releases = releases;
    this.manifests = manifests;
  }

  /** The resources or releases `rule` looks at. */
  public targetsOf(rule: ComplianceRule): readonly (SynthesizedResource | HelmReleaseTarget)[] {
    if (rule.kind === 'helm') return this.releases.filter((r) => rule.charts === '*' || rule.charts.includes(r.chart));
    return rule.resourceTypes === '*' ? this.resources : rule.resourceTypes.flatMap((t) => this.ofType(t));
  }

  /** One rule's verdict on one of its targets; a rule that throws is named in the error. */
  public verdictOf(rule: ComplianceRule, target: SynthesizedResource | HelmReleaseTarget): Verdict {
    let result: unknown;
    try {
      result = rule.kind === 'helm' ? rule.check(target as HelmReleaseTarget, this) : rule.check(target as SynthesizedResource, this);
    } catch (e) {
      throw new Error(`LgtmCompliance: rule ${rule.id} failed on ${target.address}: ${(e as Error).message}`);
    }
    // A user's rule written in JavaScript, or returning a boolean, would otherwise break the report.
    if (!isVerdict(result)) {
      throw new Error(`LgtmCompliance: rule ${rule.id} returned ${show(result) ?? 'undefined'} on ${target.address}, but a check returns COMPLIANT, NOT_APPLICABLE or nonCompliant(detail)`);
    }
    return result;
  }

  public ofType(type: string): readonly SynthesizedResource[] {
    return this.byType.get(type) ?? [];
  }

  public byAddress(address: string): SynthesizedResource | undefined {
    return this.addresses.get(address);
  }

  public linked(target: SynthesizedResource, type: string, attribute: string): readonly SynthesizedResource[] {
    // One index per (type, attribute): from each address or literal name it points at to the resources.
    const index = this.cached(`linked:${type}:${attribute}`, () => {
      const map = new Map<string, SynthesizedResource[]>();
      for (const r of this.ofType(type)) {
        const value = r.config[attribute];
        const keys = new Set([...references(value), ...strings(value).filter((v) => literal(v) !== undefined).map((v) => `=${v}`)]);
        for (const key of keys) map.set(key, [...(map.get(key) ?? []), r]);
      }
      return map;
    });
    const names = NAME_ATTRIBUTES.map((a) => literal(target.config[a])).filter((n): n is string => n !== undefined);
    const found = new Set([target.address, ...names.map((n) => `=${n}`)].flatMap((k) => index.get(k) ?? []));
    return [...found];
  }

  public cached<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }
}

function isVerdict(value: unknown): value is Verdict {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { status?: unknown; detail?: unknown };
  return v.status === 'compliant' || v.status === 'not-applicable' || (v.status === 'non-compliant' && typeof v.detail === 'string');
}
