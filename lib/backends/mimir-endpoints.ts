import { HTTP_URL, check, known, show, tenantIdProblem } from '../private/validate';
import { TENANT_HEADER } from './backend-props';

/** Attributes of a Mimir run elsewhere, for {@link MimirEndpoints.external}. */
export interface MimirEndpointsAttributes {
  /**
   * Root URL every Mimir API path hangs off (`http://` or `https://`, no query): the gateway, or
   * the auth proxy in front of it. A trailing `/` is dropped.
   */
  readonly url: string;
  /**
   * Prometheus remote-write URL, where it is not `<url>/api/v1/push`.
   * @default - `<url>/api/v1/push`
   */
  readonly remoteWriteUrl?: string;
  /**
   * OTLP metrics URL, where it is not `<url>/otlp/v1/metrics`.
   * @default - `<url>/otlp/v1/metrics`
   */
  readonly otlpUrl?: string;
  /**
   * Root of the Prometheus query API, where it is not `<url>/prometheus`.
   * @default - `<url>/prometheus`
   */
  readonly queryUrl?: string;
  /**
   * Root of the ruler's rule-group API, where it is not `<url>/prometheus/config/v1/rules`.
   * @default - `<url>/prometheus/config/v1/rules`
   */
  readonly rulerUrl?: string;
  /**
   * Root of the Alertmanager (UI and API), where it is not `<url>/alertmanager`.
   * @default - `<url>/alertmanager`
   */
  readonly alertmanagerUrl?: string;
  /**
   * Tenant ids the Mimir serves, so a producer that writes per tenant (Tempo's span metrics) can be
   * checked against them.
   * @default - unknown: producers cannot check their tenants against this Mimir
   */
  readonly tenants?: readonly string[];
}


/**
 * Where Mimir's APIs are: the only way a consumer (Grafana, Alloy, Tempo's metrics generator) finds
 * a Mimir. Built by `MimirCluster` (its `endpoints`, the chart's gateway Service), or with
 * {@link MimirEndpoints.external} for a Mimir run elsewhere. Every request must carry the tenant in
 * {@link MimirEndpoints.tenantHeader}.
 */
export class MimirEndpoints {
  /** A handle for a Mimir run elsewhere (or behind an auth proxy), validated once. */
  public static external(attrs: MimirEndpointsAttributes): MimirEndpoints {
    const url = typeof attrs.url === 'string' && known(attrs.url) ? attrs.url.replace(/\/+$/, '') : attrs.url;
    const urls: [string, string | undefined][] = [
      ['url', url],
      ['remoteWriteUrl', attrs.remoteWriteUrl],
      ['otlpUrl', attrs.otlpUrl],
      ['queryUrl', attrs.queryUrl],
      ['rulerUrl', attrs.rulerUrl],
      ['alertmanagerUrl', attrs.alertmanagerUrl],
    ];
    const tenants = attrs.tenants;
    const tenantList: readonly unknown[] = Array.isArray(tenants) ? tenants : [];
    check('MimirEndpoints.external', [
      { when: url === undefined || url === null || url === '', message: `url is ${show(url)}, but it is required` },
      ...urls.filter(([, v]) => v !== undefined && v !== null && v !== '' && known(v)).flatMap(([field, v]) => {
        const port = typeof v === 'string' ? /^https?:\/\/[^/:]+:(\d+)/.exec(v)?.[1] : undefined;
        return [
          {
            when: typeof v !== 'string' || !HTTP_URL.test(v),
            message: `${field} is ${show(v)}, but it must be an http:// or https:// URL without credentials or query, such as https://mimir.example.com`,
          },
          { when: port !== undefined && (Number(port) < 1 || Number(port) > 65535), message: `${field} has port ${port}, but a port is 1-65535` },
        ];
      }),
      { when: tenants !== undefined && !Array.isArray(tenants), message: `tenants is ${show(tenants)}, but it must be a list of tenant ids` },
      ...tenantList.map((t, i) => ({ t, i, why: known(t) ? tenantIdProblem(t) : undefined })).filter((x) => x.why).map((x) => ({
        when: true,
        message: `tenants[${x.i}] is ${show(x.t)}, but ${x.why}`,
      })),
    ]);
    return new MimirEndpoints(
      url,
      attrs.remoteWriteUrl ?? `${url}/api/v1/push`,
      attrs.otlpUrl ?? `${url}/otlp/v1/metrics`,
      attrs.queryUrl ?? `${url}/prometheus`,
      attrs.rulerUrl ?? `${url}/prometheus/config/v1/rules`,
      attrs.alertmanagerUrl ?? `${url}/alertmanager`,
      tenants === undefined ? undefined : Object.freeze([...tenants]),
    );
  }

  /** The header that carries the tenant id on every request (`X-Scope-OrgID`). */
  public readonly tenantHeader: string = TENANT_HEADER;

  private constructor(
    /** Root URL every Mimir API path hangs off. */
    public readonly url: string,
    /** Prometheus remote-write URL (`.../api/v1/push`). */
    public readonly remoteWriteUrl: string,
    /** OTLP metrics URL (`.../otlp/v1/metrics`), for OTLP exporters. */
    public readonly otlpUrl: string,
    /** Root of the Prometheus query API (`.../prometheus`): a Grafana Prometheus data source's URL. */
    public readonly queryUrl: string,
    /** Root of the ruler's rule-group API (`.../prometheus/config/v1/rules`). */
    public readonly rulerUrl: string,
    /** Root of the Alertmanager (`.../alertmanager`; its API is below, at `/api/v2`). */
    public readonly alertmanagerUrl: string,
    /** Tenant ids the Mimir serves, when known (a `MimirCluster`'s `tenants`); undefined when not. */
    public readonly tenants?: readonly string[],
  ) {}
}
