import { HTTP_URL, check, known, show } from '../private/validate';
import { TENANT_HEADER } from './backend-props';

/** Attributes of a Loki run elsewhere, for {@link LokiEndpoints.external}. */
export interface LokiEndpointsAttributes {
  /**
   * Root of Loki's HTTP API: scheme, host, optional port and optional path prefix, no trailing
   * slash needed (`https://logs.example.com`, `http://loki-gateway.logs.svc.cluster.local:8080`).
   * The push, OTLP and query paths are appended to it.
   */
  readonly url: string;
}


/**
 * Where clients reach a Loki: the typed handle Alloy (push, OTLP) and Grafana (query) take, and the
 * only way a consumer finds a backend. Built by `LokiCluster` from the Service its chart deploys,
 * or with {@link LokiEndpoints.external} for a Loki run elsewhere. Every request carries the tenant
 * in {@link LokiEndpoints.tenantHeader}: multi-tenancy is always on.
 */
export class LokiEndpoints {
  /** A handle for a Loki run elsewhere (another cluster, a managed service), validated once. */
  public static external(attrs: LokiEndpointsAttributes): LokiEndpoints {
    const url = attrs?.url;
    const port = typeof url === 'string' ? /^https?:\/\/[^/:]+:(\d+)/.exec(url)?.[1] : undefined;
    check('LokiEndpoints.external', [
      { when: url === undefined || url === null || url === '', message: `url is ${show(url)}, but it is required` },
      {
        when: known(url) && typeof url === 'string' && url !== '' && !HTTP_URL.test(url),
        message: `url is ${show(url)}, but it must be an http(s) URL of Loki's API root such as https://logs.example.com (no query, no credentials)`,
      },
      { when: port !== undefined && (Number(port) < 1 || Number(port) > 65535), message: `url has port ${port}, but a port is 1-65535` },
      {
        when: known(url) && typeof url === 'string' && /\/loki\/api\/v1(\/|$)|\/otlp(\/|$)/.test(url),
        message: `url is ${show(url)}, but it must be the API root: the /loki/api/v1 and /otlp paths are added to it`,
      },
    ]);
    return new LokiEndpoints(known(url) ? url.replace(/\/+$/, '') : url);
  }

  /** Root of Loki's HTTP API, without a trailing slash. */
  public readonly url: string;
  /** The push API (`<url>/loki/api/v1/push`), for Alloy's `loki.write` and Promtail. */
  public readonly pushUrl: string;
  /** The OTLP logs endpoint (`<url>/otlp/v1/logs`), for an OpenTelemetry exporter (`otlphttp`). */
  public readonly otlpUrl: string;
  /** The query root Grafana's Loki datasource takes (the datasource appends `/loki/api/v1/...`). */
  public readonly queryUrl: string;
  /** The HTTP header that carries the tenant id on every request (`X-Scope-OrgID`). */
  public readonly tenantHeader: string = TENANT_HEADER;

  private constructor(url: string) {
    this.url = url;
    this.pushUrl = `${url}/loki/api/v1/push`;
    this.otlpUrl = `${url}/otlp/v1/logs`;
    this.queryUrl = url;
  }
}
