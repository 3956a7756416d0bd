/** Millicores of a Kubernetes CPU quantity (`500m`, `2`, `1.5`). Throws on any other form. */
export function cpuMillis(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) throw new Error(`cpuMillis: '${quantity}' is not a CPU quantity such as 500m or 2`);
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

const MEMORY_UNITS: Readonly<Record<string, number>> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };

/** MiB of a Kubernetes memory quantity in binary units (`512Mi`, `8Gi`). Throws on any other form. */
export function memoryMib(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  if (!m) throw new Error(`memoryMib: '${quantity}' is not a memory quantity such as 512Mi or 8Gi`);
  return Number(m[1]) * MEMORY_UNITS[m[2]];
}

/** The CPU quantity of `millis`: `2` for whole cores, `1500m` otherwise. */
export function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

/** The memory quantity of `mib`: `8Gi` for whole GiB, `1536Mi` otherwise. */
export function memoryQuantity(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** MiB in one GB (10^9 bytes), the unit of the published capacity figures. */
export const MIB_PER_GB = 1e9 / (1024 * 1024);
