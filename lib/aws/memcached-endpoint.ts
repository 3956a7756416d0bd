/** Attributes of a memcached endpoint run elsewhere, for {@link MemcachedEndpoint.external}. */
export interface MemcachedEndpointAttributes {
  /** Host name of the cluster's configuration (discovery) endpoint, or of a single node. */
  readonly address: string;
  /**
   * TCP port.
   * @default 11211
   */
  readonly port?: number;
  /**
   * Whether clients must use TLS.
   * @default true
   */
  readonly tls?: boolean;
}

/**
 * Where a memcached cluster for query caches listens: the handle a backend takes instead of its
 * chart's in-cluster memcached. Built by `ManagedMemcached`, or with
 * {@link MemcachedEndpoint.external} for one the user runs elsewhere.
 */
export class MemcachedEndpoint {
  /** A handle for a memcached cluster: one the user runs elsewhere, or `ManagedMemcached`'s. */
  public static external(attrs: MemcachedEndpointAttributes): MemcachedEndpoint {
    const port = attrs.port ?? 11211;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`MemcachedEndpoint.external: port is ${port}, but it must be an integer of 1-65535`);
    }
    return new MemcachedEndpoint(attrs.address, port, attrs.tls ?? true);
  }

  private constructor(
    /** Host name of the configuration (discovery) endpoint. */
    public readonly address: string,
    /** TCP port. */
    public readonly port: number,
    /** Whether clients must use TLS. */
    public readonly tls: boolean,
  ) {}

  /** `host:port`, the form Mimir, Loki and Tempo take in their memcached `addresses`. */
  public get hostPort(): string {
    return `${this.address}:${this.port}`;
  }
}
