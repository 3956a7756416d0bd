import { HTTP_URL, Rule, check, known, show } from '../private/validate';
import { TENANT_HEADER } from './backend-props';

/** Attributes of a Pyroscope run elsewhere, for {@link PyroscopeEndpoints.external}. */
export interface PyroscopeEndpointsAttributes {
  /**
   * Root URL of a Pyroscope that takes both pushes and queries (a single binary, or a proxy in
   * front of a cluster): scheme, host, optional port and path prefix. A trailing `/` is dropped.
   * @default - none: `pushUrl` and `queryUrl` are then both required
   */
  readonly url?: string;
  /**
   * Root of the push API (the distributors), where it is not `url`.
   * @default - `url`
   */
  readonly pushUrl?: string;
  /**
   * Root of the query API (the query-frontends), where it is not `url`.
   * @default - `url`
   */
  readonly queryUrl?: string;
}

// The API paths clients append themselves: Connect push and query services, the legacy ingest.
const API_PATH = /\/(push|querier)\.v1\.|\/ingest\/?$/;

/**
 * Where clients reach a Pyroscope: the typed handle Alloy (push) and Grafana (query) take, and the
 * only way a consumer finds it. Built by `PyroscopeCluster` from the Services its chart deploys, or
 * with {@link PyroscopeEndpoints.external} for a Pyroscope run elsewhere. Every request carries the
 * tenant in {@link PyroscopeEndpoints.tenantHeader}: multi-tenancy is always on.
 */
export class PyroscopeEndpoints {
  /** A handle for a Pyroscope run elsewhere (another cluster, a proxy, Grafana Cloud), validated once. */
  public static external(attrs: PyroscopeEndpointsAttributes): PyroscopeEndpoints {
    const trim = (u: string | undefined) => (typeof u === 'string' && known(u) ? u.replace(/\/+$/, '') : u);
    const url = trim(attrs?.url);
    const pushUrl = trim(attrs?.pushUrl) ?? url;
    const queryUrl = trim(attrs?.queryUrl) ?? url;
    const given = (v: unknown) => v !== undefined && v !== null && v !== '';
    const urls: [string, string | undefined][] = [['url', url], ['pushUrl', attrs?.pushUrl], ['queryUrl', attrs?.queryUrl]];
    const rules: Rule[] = [
      {
        when: !given(url) && (!given(attrs?.pushUrl) || !given(attrs?.queryUrl)),
        message: `url is ${show(url)}, but it is required unless both pushUrl and queryUrl are given`,
      },
      ...urls.filter(([, v]) => given(v) && known(v)).flatMap(([field, v]) => {
        const port = typeof v === 'string' ? /^https?:\/\/[^/:]+:(\d+)/.exec(v)?.[1] : undefined;
        return [
          {
            when: typeof v !== 'string' || !HTTP_URL.test(v),
            message: `${field} is ${show(v)}, but it must be an http(s) URL of Pyroscope's API root such as https://profiles.example.com (no query, no credentials)`,
          },
          { when: port !== undefined && (Number(port) < 1 || Number(port) > 65535), message: `${field} has port ${port}, but a port is 1-65535` },
          {
            when: typeof v === 'string' && API_PATH.test(v),
            message: `${field} is ${show(v)}, but it must be the API root: Alloy and Grafana add the /push.v1.*, /querier.v1.* and /ingest paths to it`,
          },
        ];
      }),
    ];
    check('PyroscopeEndpoints.external', rules);
    return new PyroscopeEndpoints(pushUrl!, queryUrl!);
  }

  /** The HTTP header that carries the tenant id on every request (`X-Scope-OrgID`). */
  public readonly tenantHeader: string = TENANT_HEADER;

  private constructor(
    /**
     * Root of the push API, without a trailing slash: the `url` of an Alloy `pyroscope.write`
     * endpoint, which adds `/push.v1.PusherService/Push` itself.
     */
    public readonly pushUrl: string,
    /** Root of the query API, without a trailing slash: the URL of a Grafana Pyroscope data source. */
    public readonly queryUrl: string,
  ) {}
}
