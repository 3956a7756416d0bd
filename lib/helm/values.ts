/** Helm values: a YAML-able tree of plain objects, arrays and scalars. */
export type HelmValues = { [key: string]: unknown };

/** True for a plain object (not an array, null, class instance or token). */
export function isPlainObject(value: unknown): value is HelmValues {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep-merges `override` onto `base` the way Helm merges values files: objects merge key by key,
 * anything else (arrays, scalars, null) in the override replaces the base. Neither input is
 * mutated; the result shares no objects with them.
 */
export function deepMerge(base: HelmValues, override: HelmValues | undefined): HelmValues {
  const out: HelmValues = cloneValues(base);
  if (!override) return out;
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : cloneValue(value);
  }
  return out;
}

/** A deep copy of a values tree. */
export function cloneValues(values: HelmValues): HelmValues {
  return cloneValue(values) as HelmValues;
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) {
    const out: HelmValues = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
    return out;
  }
  return value;
}

/** Freezes a values tree all the way down, so a handle can expose it without being changed. */
export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || isPlainObject(value)) {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The value at a dotted path of a values tree, or undefined. */
export function valueAt(tree: unknown, path: string): unknown {
  let node: unknown = tree;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
