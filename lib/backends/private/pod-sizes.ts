import { HelmValues, isPlainObject } from '../../helm/values';
import { Rule, known, show } from '../../private/validate';
import type { PodResources } from '../backend-props';

// Kubernetes quantities (k8s.io/apimachinery resource.Quantity), in the forms a request is written:
// CPU in cores or millicores, memory and storage in binary (Ki..Ei) or decimal (k..E) units.
const CPU = /^(\d+(\.\d+)?|\.\d+)m?$/;
const BYTES = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const UNIT: Readonly<Record<string, number>> = {
  '': 1, 'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
  'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
};
const RESOURCE_FIELDS = ['cpu', 'memory', 'memoryLimit'];

/** Bytes of a memory or storage quantity (`512Mi`, `4G`); NaN for anything else. */
export function quantityBytes(q: unknown): number {
  const m = typeof q === 'string' ? BYTES.exec(q) : null;
  return m ? Number(m[1]) * UNIT[m[3] ?? ''] : NaN;
}

const positiveCpu = (q: unknown) => typeof q === 'string' && CPU.test(q) && Number(q.replace(/m$/, '')) > 0;
const positiveBytes = (q: unknown) => quantityBytes(q) > 0;

/** What a backend's `resources` and `volumes` may name: the components of its tier, and those of them with a volume. */
export interface PodSizeScope {
  /** Components `resources` may name. */
  readonly resources: readonly string[];
  /** Components `volumes` may name. */
  readonly volumes: readonly string[];
  /** Why a component is not allowed, for messages: `tier 'monolithic' runs singleBinary, gateway`. */
  readonly runs: string;
  /** Why a volume is not allowed, for messages: `the components with a persistent volume are ...`. */
  readonly hasVolumes: string;
}

/**
 * The rules of a backend's `resources` (component: { cpu, memory, memoryLimit? }) and `volumes`
 * (component: storage quantity): objects, components the tier runs (with a volume), Kubernetes
 * quantities above zero, the memory limit not below the request. Unresolved tokens are skipped.
 */
export function podSizeRules(resources: unknown, volumes: unknown, scope: PodSizeScope): Rule[] {
  const res = isPlainObject(resources) ? resources : {};
  const vol = isPlainObject(volumes) ? volumes : {};
  return [
    { when: resources !== undefined && !isPlainObject(resources), message: `resources is ${show(resources)}, but it must be an object of component: { cpu, memory, memoryLimit? }` },
    ...Object.entries(res).flatMap(([c, r]): Rule[] => {
      const at = `resources.${c}`;
      if (!scope.resources.includes(c)) return [{ when: true, message: `${at} is given, but ${scope.runs}` }];
      if (!isPlainObject(r)) return [{ when: true, message: `${at} is ${show(r)}, but it must be an object of cpu, memory and optionally memoryLimit` }];
      const p = r as Partial<PodResources>;
      const limit = p.memoryLimit;
      return [
        ...Object.keys(r).filter((k) => !RESOURCE_FIELDS.includes(k)).map((k) => ({ when: true, message: `${at}.${k} is not a field; allowed are ${RESOURCE_FIELDS.join(', ')}` })),
        { when: p.cpu === undefined || (known(p.cpu) && !positiveCpu(p.cpu)), message: `${at}.cpu is ${show(p.cpu)}, but it must be a CPU quantity above 0 such as 500m or 2` },
        { when: p.memory === undefined || (known(p.memory) && !positiveBytes(p.memory)), message: `${at}.memory is ${show(p.memory)}, but it must be a memory quantity above 0 such as 512Mi or 4Gi` },
        { when: known(limit) && !positiveBytes(limit), message: `${at}.memoryLimit is ${show(limit)}, but it must be a memory quantity above 0 such as 1Gi` },
        {
          when: known(limit) && known(p.memory) && positiveBytes(limit) && positiveBytes(p.memory) && quantityBytes(limit) < quantityBytes(p.memory),
          message: `${at}.memoryLimit is ${show(limit)}, but it must be at least the memory request (${show(p.memory)})`,
        },
      ];
    }),
    { when: volumes !== undefined && !isPlainObject(volumes), message: `volumes is ${show(volumes)}, but it must be an object of component: size` },
    ...Object.entries(vol).map(([c, size]) => (scope.volumes.includes(c)
      ? { when: known(size) && !positiveBytes(size), message: `volumes.${c} is ${show(size)}, but it must be a storage quantity above 0 such as 20Gi` }
      : { when: true, message: `volumes.${c} is given, but ${scope.hasVolumes}` })),
  ];
}

/**
 * The `resources` values of a pod: the override's requests (and limit) when given, else the tier
 * layout's. Without an override the output is the layout's exactly. `tierLimit` is the layout's
 * memory limit; without one no limit is written unless the override gives one.
 */
export function podResources(tier: { readonly cpu: string; readonly memory: string }, tierLimit: string | undefined, override: PodResources | undefined): HelmValues {
  if (override === undefined) {
    return { requests: { cpu: tier.cpu, memory: tier.memory }, ...(tierLimit === undefined ? {} : { limits: { memory: tierLimit } }) };
  }
  const raised = tierLimit === undefined ? undefined : quantityBytes(tierLimit) >= quantityBytes(override.memory) ? tierLimit : override.memory;
  const limit = override.memoryLimit ?? raised;
  return { requests: { cpu: override.cpu, memory: override.memory }, ...(limit === undefined ? {} : { limits: { memory: limit } }) };
}
