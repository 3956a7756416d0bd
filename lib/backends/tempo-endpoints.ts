import { HOST_PORT, HTTP_URL, check, known, show } from '../private/validate';
import { TENANT_HEADER } from './backend-props';

/** Attributes of a Tempo run elsewhere, for {@link TempoEndpoints.external}. */
export interface TempoEndpointsAttributes {
  /**
   * Where OTLP/gRPC exporters send spans, as `host:port` without a scheme (the form Alloy's
   * `otelcol.exporter.otlp` and the OpenTelemetry Collector's `otlp` exporter take as `endpoint`).
   */
  readonly otlpGrpcUrl: string;
  /**
   * Base URL of the OTLP/HTTP receiver (`http://` or `https://`); exporters append `/v1/traces`,
   * so leave that path out.
   */
  readonly otlpHttpUrl: string;
  /**
   * Root of Tempo's HTTP API (`/api/traces`, `/api/search` hang off it): the URL of a Grafana Tempo
   * data source. A trailing `/` is dropped.
   */
  readonly queryUrl: string;
  /**
   * Whether the gRPC endpoint speaks plaintext, so exporters must set `tls { insecure = true }`.
   * @default false
   */
  readonly otlpGrpcInsecure?: boolean;
}

/** `host:port`: a DNS name or IPv4 address and a port, no scheme, no path. */

/**
 * Where a Tempo receives and serves traces: the typed handle collectors (OTLP) and Grafana (query)
 * take. Built by `TempoCluster` from the Services its chart deploys, or with
 * {@link TempoEndpoints.external} for a Tempo run elsewhere. Every request carries the tenant in
 * {@link TempoEndpoints.tenantHeader}: multi-tenancy is always on.
 */
export class TempoEndpoints {
  /** A handle for a Tempo run elsewhere (another cluster, behind a proxy), validated once. */
  public static external(attrs: TempoEndpointsAttributes): TempoEndpoints {
    const grpc = attrs?.otlpGrpcUrl;
    const http = typeof attrs?.otlpHttpUrl === 'string' && known(attrs.otlpHttpUrl) ? attrs.otlpHttpUrl.replace(/\/+$/, '') : attrs?.otlpHttpUrl;
    const query = typeof attrs?.queryUrl === 'string' && known(attrs.queryUrl) ? attrs.queryUrl.replace(/\/+$/, '') : attrs?.queryUrl;
    const insecure = attrs?.otlpGrpcInsecure ?? false;
    const missing = (v: unknown) => v === undefined || v === null || v === '';
    const portOf = (v: unknown) => (typeof v === 'string' ? /^(?:https?:\/\/)?[^/:]+:(\d+)/.exec(v)?.[1] : undefined);
    const badPort = (v: unknown) => portOf(v) !== undefined && (Number(portOf(v)) < 1 || Number(portOf(v)) > 65535);
    const urlRules = (field: string, v: unknown, example: string) => [
      { when: missing(v), message: `${field} is ${show(v)}, but it is required` },
      {
        when: !missing(v) && known(v) && (typeof v !== 'string' || !HTTP_URL.test(v)),
        message: `${field} is ${show(v)}, but it must be an http:// or https:// URL without credentials or query, such as ${example}`,
      },
      { when: known(v) && badPort(v), message: `${field} has port ${portOf(v)}, but a port is 1-65535` },
    ];
    check('TempoEndpoints.external', [
      { when: missing(grpc), message: `otlpGrpcUrl is ${show(grpc)}, but it is required` },
      {
        when: !missing(grpc) && known(grpc) && (typeof grpc !== 'string' || !HOST_PORT.test(grpc)),
        message: `otlpGrpcUrl is ${show(grpc)}, but it must be host:port without a scheme, as OTLP gRPC exporters take it, such as tempo.example.com:4317`,
      },
      { when: known(grpc) && typeof grpc === 'string' && HOST_PORT.test(grpc) && badPort(grpc), message: `otlpGrpcUrl has port ${portOf(grpc)}, but a port is 1-65535` },
      ...urlRules('otlpHttpUrl', http, 'https://tempo.example.com:4318'),
      {
        when: known(http) && typeof http === 'string' && /\/v1\/traces$/.test(http),
        message: `otlpHttpUrl is ${show(http)}, but it must be the receiver's base URL: OTLP/HTTP exporters append /v1/traces`,
      },
      ...urlRules('queryUrl', query, 'https://tempo.example.com'),
      {
        when: known(query) && typeof query === 'string' && /^https?:\/\/[^/]+.*\/api(\/|$)/.test(query),
        message: `queryUrl is ${show(query)}, but it must be the root of Tempo's API: Grafana's Tempo data source adds the /api paths`,
      },
      { when: typeof insecure !== 'boolean', message: `otlpGrpcInsecure is ${show(insecure)}, but it must be true or false` },
    ]);
    return new TempoEndpoints(grpc, http, query, insecure);
  }

  /** The HTTP header (gRPC metadata) that carries the tenant id on every request (`X-Scope-OrgID`). */
  public readonly tenantHeader: string = TENANT_HEADER;

  private constructor(
    /** OTLP/gRPC receiver as `host:port` (no scheme), the `endpoint` of an OTLP gRPC exporter. */
    public readonly otlpGrpcUrl: string,
    /** Base URL of the OTLP/HTTP receiver; exporters append `/v1/traces`. */
    public readonly otlpHttpUrl: string,
    /** Root of Tempo's HTTP API: the URL of a Grafana Tempo data source. */
    public readonly queryUrl: string,
    /** Whether {@link TempoEndpoints.otlpGrpcUrl} speaks plaintext (exporters set `tls { insecure = true }`). */
    public readonly otlpGrpcInsecure: boolean,
  ) {}
}
