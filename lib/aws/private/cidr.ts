/** An IPv4 CIDR block parsed into numbers: the network address and the prefix length. */
export interface Ipv4Cidr {
  /** The block as written. */
  readonly text: string;
  /** The network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** The prefix length, 0-32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Parses `text` as an IPv4 CIDR block. Returns why it is not one (bad octet, prefix over 32, or
 * host bits set, which AWS rejects for subnets), or the parsed block.
 */
export function parseCidr(text: string): Ipv4Cidr | string {
  const m = CIDR.exec(text);
  if (!m) return 'it must be an IPv4 CIDR block such as 10.0.0.0/16';
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return 'each address octet must be 0-255';
  if (prefix > 32) return 'the prefix length must be 0-32';
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % size(prefix) !== 0) {
    return `the address has host bits set; the network address of /${prefix} is ${formatAddress(base - (base % size(prefix)))}`;
  }
  return { text, base, prefix };
}

/** The dotted-quad form of a 32-bit address. */
export function formatAddress(base: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.');
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner.prefix) <= outer.base + size(outer.prefix);
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
}

/** The `index`-th block of length `prefix` inside `parent` (like Terraform's `cidrsubnet`). */
export function subdivide(parent: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr {
  const base = parent.base + index * size(prefix);
  return { text: `${formatAddress(base)}/${prefix}`, base, prefix };
}
