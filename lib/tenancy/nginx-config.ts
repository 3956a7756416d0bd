import type { LokiEndpoints } from '../backends/loki-endpoints';
import type { MimirEndpoints } from '../backends/mimir-endpoints';
import type { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import type { TempoEndpoints } from '../backends/tempo-endpoints';
import { TENANT_HEADER } from '../backends/backend-props';
import { parseCidr } from '../aws/private/cidr';
import { Rule, check, known, notPort, show } from '../private/validate';
import { DEFAULT_TENANT_LIMITS, GatewayIdentity, TenantLimits, gatewayIdentityRules } from './gateway-identity';

/** The backends the gateway routes to; a signal left out has no routes. */
export interface GatewayBackends {
  /** Mimir: remote write, OTLP metrics, the Prometheus query API, the Alertmanager. */
  readonly metrics?: MimirEndpoints;
  /** Loki: push, OTLP logs, the query API. */
  readonly logs?: LokiEndpoints;
  /** Tempo: OTLP over HTTP and gRPC, the query API. */
  readonly traces?: TempoEndpoints;
  /** Pyroscope: push (Connect and legacy ingest), the query API. */
  readonly profiles?: PyroscopeEndpoints;
}

/** How the gateway authenticates a request, as its configuration sees it. */
export type NginxAuth =
  /** HTTP basic auth against an htpasswd file (bcrypt, SHA-512 crypt or apr1 entries). */
  | { readonly mode: 'basic'; readonly htpasswdPath: string }
  /**
   * The identity in a header an upstream proxy (OIDC) sets, believed only from `trustedCidrs`,
   * the proxy's own network: from anywhere else the request is refused.
   */
  | { readonly mode: 'trusted-header'; readonly header: string; readonly trustedCidrs: readonly string[] };

/** Input of {@link nginxConfig}. */
export interface NginxConfigOptions {
  /** The backends to route to. */
  readonly backends: GatewayBackends;
  /** The tenants the backends serve: every identity's tenants must be among them. */
  readonly tenants: readonly string[];
  /** Who may use the gateway, and as which tenant. */
  readonly identities: readonly GatewayIdentity[];
  /** How requests are authenticated. */
  readonly auth: NginxAuth;
  /**
   * Request limits per tenant (all identities of a tenant share them).
   * @default - `defaultLimits` for every tenant
   */
  readonly limits?: Readonly<Record<string, TenantLimits>>;
  /**
   * Limits of tenants without their own, and of each federated reader.
   * @default - 100 requests/s, burst 200, 10 MiB bodies
   */
  readonly defaultLimits?: TenantLimits;
  /** Port of the HTTP routes (push and query of every signal, OTLP over HTTP). */
  readonly httpPort: number;
  /** Port of OTLP over gRPC (HTTP/2 without TLS: the load balancer terminates TLS). */
  readonly grpcPort: number;
  /** Port of `/healthz`, unauthenticated, for the kubelet's probes. */
  readonly healthPort: number;
  /** A directory nginx may write (pid file, request body buffers): an emptyDir in the pod. */
  readonly runtimeDir: string;
  /** Version of the nginx that runs the configuration (`1.30.0`): HTTP/2 is configured per version. */
  readonly nginxVersion: string;
}

/** One route of the gateway: a path, whether it writes (one tenant) or reads (federated allowed), where to. */
interface Route {
  readonly location: string;
  readonly write: boolean;
  readonly upstream: string;
}

// Variables of the generated configuration, prefixed so they cannot meet nginx's own.
const V = {
  identity: '$gw_identity',
  known: '$gw_known',
  write: '$gw_write_tenant',
  read: '$gw_read_tenant',
  limitKey: '$gw_limit_key',
  limitClass: '$gw_limit_class',
  tooLarge: '$gw_body_too_large',
};

/**
 * The gateway's nginx.conf: authenticate every request (basic auth, or a trusted identity header
 * from listed networks), map the identity to its tenant, and set X-Scope-OrgID from that mapping
 * only, replacing whatever the client sent. Unauthenticated requests get 401 and a known identity
 * without write rights (a federated reader) 403 on push routes, before any upstream is contacted;
 * per-tenant rate (429) and body-size (413) limits. Input is validated with the gateway's rules.
 */
export function nginxConfig(opts: NginxConfigOptions): string {
  const label = 'nginxConfig';
  const tenants: readonly string[] = Array.isArray(opts.tenants) ? opts.tenants : [];
  check(label, [
    ...gatewayIdentityRules(opts.identities, tenants, opts.limits, opts.defaultLimits),
    ...authRules(opts.auth),
    ...(['httpPort', 'grpcPort', 'healthPort'] as const).map((p) => ({ when: notPort(opts[p]), message: `${p} is ${show(opts[p])}, but it must be a port 1-65535` })),
    { when: new Set([opts.httpPort, opts.grpcPort, opts.healthPort]).size !== 3, message: `httpPort ${opts.httpPort}, grpcPort ${opts.grpcPort} and healthPort ${opts.healthPort} must differ` },
    { when: typeof opts.runtimeDir !== 'string' || !/^\/[A-Za-z0-9._/-]*$/.test(opts.runtimeDir), message: `runtimeDir is ${show(opts.runtimeDir)}, but it must be an absolute path of letters, digits and . _ / -` },
    { when: typeof opts.nginxVersion !== 'string' || !/^\d+\.\d+\.\d+$/.test(opts.nginxVersion), message: `nginxVersion is ${show(opts.nginxVersion)}, but it must be a version such as 1.30.0` },
    { when: !Object.values(opts.backends ?? {}).some((b) => b !== undefined), message: 'backends has no backend, but the gateway needs at least one to route to' },
  ]);

  const identities = opts.identities;
  // A limits object stands alone: its burst defaults to its rate, its body size to 10 MiB.
  const limitsOf = (tenant: string | undefined): Required<TenantLimits> => {
    const l = (tenant === undefined ? undefined : opts.limits?.[tenant]) ?? opts.defaultLimits ?? DEFAULT_TENANT_LIMITS;
    return { requestsPerSecond: l.requestsPerSecond, burst: l.burst ?? l.requestsPerSecond, maxBodyBytes: l.maxBodyBytes ?? DEFAULT_TENANT_LIMITS.maxBodyBytes };
  };
  // One limit class per distinct (rate, burst, body) triple: nginx fixes a zone's rate.
  const classes: Required<TenantLimits>[] = [];
  const classOf = (l: Required<TenantLimits>): number => {
    const i = classes.findIndex((c) => c.requestsPerSecond === l.requestsPerSecond && c.burst === l.burst && c.maxBodyBytes === l.maxBodyBytes);
    if (i >= 0) return i + 1;
    classes.push(l);
    return classes.length;
  };
  const identityClass = new Map(identities.map((id) => [id.name, classOf(limitsOf(id.tenant))]));
  const maxBody = Math.max(...classes.map((c) => c.maxBodyBytes));
  const http2Directive = versionAtLeast(opts.nginxVersion, [1, 25, 1]);
  const auth = opts.auth;
  const identityVar = auth.mode === 'basic' ? '$remote_user' : `$http_${auth.header.toLowerCase().replace(/-/g, '_')}`;

  const lines: string[] = [
    '# Generated by cdktf-lgtm (lib/tenancy/nginx-config.ts). Do not edit: change the TenantGateway props.',
    'worker_processes auto;',
    `pid ${opts.runtimeDir}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 4096; }',
    'http {',
    '  server_tokens off;',
    '  access_log /dev/stdout;',
    // Never configure real_ip: the address checked is the TCP peer's (the load balancer preserves the
    // client's), never an X-Forwarded-For a client can write.
    '  # Request buffers and the pid in a writable emptyDir: the root filesystem is read-only.',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${opts.runtimeDir}/${t};`),
    // Headers with underscores are dropped (nginx's default, stated): X_Scope_OrgID cannot slip past.
    '  underscores_in_headers off;',
    '  ignore_invalid_headers on;',
    `  client_max_body_size ${maxBody};`,
    '  proxy_http_version 1.1;',
    '  proxy_ssl_server_name on;',
    '  proxy_read_timeout 300s;',
    '  limit_req_status 429;',
    '',
    `  map ${identityVar} ${V.identity} {`,
    '    default "";',
    ...identities.map((id) => `    ${q(id.name)} ${q(id.name)};`),
    '  }',
    '  # 1 for an identity this gateway knows; anything else is unauthenticated.',
    `  map ${V.identity} ${V.known} {`,
    '    default 0;',
    ...identities.map((id) => `    ${q(id.name)} 1;`),
    '  }',
    '  # The only sources of X-Scope-OrgID: push routes take the one tenant of an identity.',
    `  map ${V.identity} ${V.write} {`,
    '    default "";',
    ...identities.filter((id) => id.tenant !== undefined).map((id) => `    ${q(id.name)} ${q(id.tenant as string)};`),
    '  }',
    '  # Query routes: the tenant, or a federated reader\'s tenants joined with |.',
    `  map ${V.identity} ${V.read} {`,
    '    default "";',
    ...identities.map((id) => `    ${q(id.name)} ${q(id.tenant ?? (id.readTenants ?? []).join('|'))};`),
    '  }',
    '  # Rate limits count per tenant (each federated reader on its own).',
    `  map ${V.identity} ${V.limitKey} {`,
    '    default "";',
    ...identities.map((id) => `    ${q(id.name)} ${q(id.tenant !== undefined ? `t:${id.tenant}` : `u:${id.name}`)};`),
    '  }',
    `  map ${V.identity} ${V.limitClass} {`,
    '    default 0;',
    ...identities.map((id) => `    ${q(id.name)} ${identityClass.get(id.name)};`),
    '  }',
    ...classes.flatMap((c, i) => [
      `  map ${V.limitClass} $gw_limit_key_${i + 1} {`,
      '    default "";',
      `    ${i + 1} ${V.limitKey};`,
      '  }',
      `  limit_req_zone $gw_limit_key_${i + 1} zone=gw_limit_${i + 1}:10m rate=${c.requestsPerSecond}r/s;`,
    ]),
    '  # 1 when the Content-Length is above the limit of the identity\'s tenant.',
    `  map "${V.limitClass}:$content_length" ${V.tooLarge} {`,
    '    default 0;',
    ...classes.map((c, i) => `    "~^${i + 1}:${greaterThanPattern(c.maxBodyBytes)}$" 1;`),
    '  }',
    '',
    '  server {',
    `    listen ${opts.httpPort};`,
    ...serverCommon(auth, classes),
    ...httpRoutes(opts.backends).flatMap((r) => location(r, 'http', auth)),
    '    location / {',
    '      return 404;',
    '    }',
    '  }',
  ];
  const grpc = grpcRoutes(opts.backends);
  if (grpc.length > 0) {
    lines.push(
      '',
      '  # OTLP over gRPC: HTTP/2 in cleartext behind the load balancer\'s TLS.',
      '  server {',
      ...(http2Directive ? [`    listen ${opts.grpcPort};`, '    http2 on;'] : [`    listen ${opts.grpcPort} http2;`]),
      ...serverCommon(auth, classes),
      ...grpc.flatMap((r) => location(r, 'grpc', auth)),
      '    location / {',
      '      return 404;',
      '    }',
      '  }',
    );
  }
  lines.push(
    '',
    '  server {',
    `    listen ${opts.healthPort};`,
    '    access_log off;',
    '    location = /healthz {',
    '      return 200 "ok\\n";',
    '    }',
    '    location / {',
    '      return 404;',
    '    }',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

function authRules(auth: NginxAuth | undefined): Rule[] {
  if (auth === null || typeof auth !== 'object') return [{ when: true, message: `auth is ${show(auth)}, but it must be { mode: 'basic', ... } or { mode: 'trusted-header', ... }` }];
  if (auth.mode === 'basic') {
    return [{ when: typeof auth.htpasswdPath !== 'string' || !/^\/[A-Za-z0-9._/-]+$/.test(auth.htpasswdPath), message: `auth.htpasswdPath is ${show(auth.htpasswdPath)}, but it must be an absolute path` }];
  }
  if (auth.mode === 'trusted-header') return trustedHeaderRules(auth.header, auth.trustedCidrs, 'auth');
  return [{ when: true, message: `auth.mode is ${show((auth as { mode: unknown }).mode)}, but it must be 'basic' or 'trusted-header'` }];
}

/** The rules of a trusted identity header and its networks (shared with the gateway's props). */
export function trustedHeaderRules(header: unknown, cidrs: unknown, at: string): Rule[] {
  const list: readonly unknown[] = Array.isArray(cidrs) ? cidrs : [];
  return [
    {
      when: known(header) && (typeof header !== 'string' || !/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(header) || header.toLowerCase() === TENANT_HEADER.toLowerCase() || header.toLowerCase() === 'authorization'),
      message: `${at}.header is ${show(header)}, but it must be a header name of letters, digits and single dashes (such as X-Forwarded-Email), not ${TENANT_HEADER} or Authorization`,
    },
    {
      when: !Array.isArray(cidrs) || cidrs.length === 0,
      message: `${at}.trustedCidrs is ${show(cidrs)}, but a trusted identity header needs the networks of the proxy that sets it: from anywhere else anyone could claim any identity`,
    },
    ...list.map((c, i) => ({ c, i, why: !known(c) ? undefined : typeof c !== 'string' ? 'it must be an IPv4 CIDR block such as 10.0.0.0/16' : parseCidr(c) }))
      .filter((x) => typeof x.why === 'string')
      .map((x) => ({ when: true, message: `${at}.trustedCidrs[${x.i}] is ${show(x.c)}, but ${String(x.why)}` })),
    ...list.map((c, i) => ({
      when: typeof c === 'string' && /\/0$/.test(c),
      message: `${at}.trustedCidrs[${i}] is '${String(c)}', but trusting every address is the same as no authentication`,
    })),
  ];
}

function serverCommon(auth: NginxAuth, classes: readonly Required<TenantLimits>[]): string[] {
  const lines: string[] = [];
  if (auth.mode === 'basic') {
    lines.push('    auth_basic "lgtm";', `    auth_basic_user_file ${auth.htpasswdPath};`);
  } else {
    lines.push(...auth.trustedCidrs.map((c) => `    allow ${c};`), '    deny all;');
  }
  // nginx refuses burst=0; leaving it out is a burst of 0.
  lines.push(...classes.map((c, i) => `    limit_req zone=gw_limit_${i + 1}${c.burst > 0 ? ` burst=${c.burst}` : ''} nodelay;`));
  return lines;
}

function location(r: Route, kind: 'http' | 'grpc', auth: NginxAuth): string[] {
  const tenant = r.write ? V.write : V.read;
  const set = kind === 'grpc' ? 'grpc_set_header' : 'proxy_set_header';
  // A location that sets any header replaces every inherited one, so each route sets them all.
  const headers = [
    `      ${set} ${TENANT_HEADER} ${tenant};`,
    // The backends need no credential, and must not see one.
    `      ${set} Authorization "";`,
    ...(auth.mode === 'trusted-header' ? [`      ${set} ${auth.header} "";`] : []),
  ];
  if (kind === 'http') headers.push('      proxy_set_header Host $proxy_host;', '      proxy_set_header X-Forwarded-For $remote_addr;', '      proxy_set_header Connection "";');
  const challenge = auth.mode === 'basic' ? ['        add_header WWW-Authenticate \'Basic realm="lgtm"\' always;'] : [];
  return [
    `    location ${r.location} {`,
    // Rewrite-phase checks run before auth_basic: an unknown identity never gets further.
    `      if (${V.known} = 0) {`,
    ...challenge,
    '        return 401;',
    '      }',
    `      if (${tenant} = "") {`,
    '        return 403;',
    '      }',
    `      if (${V.tooLarge}) {`,
    '        return 413;',
    '      }',
    ...headers,
    kind === 'grpc' ? `      grpc_pass ${r.upstream};` : `      proxy_pass ${r.upstream};`,
    '    }',
  ];
}

/** The HTTP routes of each backend: paths a client of that backend already uses. */
function httpRoutes(b: GatewayBackends): Route[] {
  const routes: Route[] = [];
  if (b.metrics) {
    routes.push(
      { location: '= /api/v1/push', write: true, upstream: b.metrics.remoteWriteUrl },
      { location: '= /otlp/v1/metrics', write: true, upstream: b.metrics.otlpUrl },
      { location: '/prometheus/', write: false, upstream: `${b.metrics.queryUrl}/` },
      { location: '/alertmanager/', write: false, upstream: `${b.metrics.alertmanagerUrl}/` },
    );
  }
  if (b.logs) {
    routes.push(
      { location: '= /loki/api/v1/push', write: true, upstream: b.logs.pushUrl },
      { location: '= /otlp/v1/logs', write: true, upstream: b.logs.otlpUrl },
      { location: '/loki/api/v1/', write: false, upstream: `${b.logs.queryUrl}/loki/api/v1/` },
    );
  }
  if (b.traces) {
    routes.push(
      { location: '= /otlp/v1/traces', write: true, upstream: `${b.traces.otlpHttpUrl}/v1/traces` },
      { location: '/tempo/', write: false, upstream: `${b.traces.queryUrl}/` },
    );
  }
  if (b.profiles) {
    routes.push(
      { location: '= /push.v1.PusherService/Push', write: true, upstream: `${b.profiles.pushUrl}/push.v1.PusherService/Push` },
      { location: '= /ingest', write: true, upstream: `${b.profiles.pushUrl}/ingest` },
      { location: '/querier.v1.QuerierService/', write: false, upstream: `${b.profiles.queryUrl}/querier.v1.QuerierService/` },
      { location: '/pyroscope/', write: false, upstream: `${b.profiles.queryUrl}/pyroscope/` },
    );
  }
  return routes;
}

function grpcRoutes(b: GatewayBackends): Route[] {
  if (!b.traces) return [];
  const scheme = b.traces.otlpGrpcInsecure ? 'grpc' : 'grpcs';
  return [{ location: '/opentelemetry.proto.collector.trace.v1.TraceService/', write: true, upstream: `${scheme}://${b.traces.otlpGrpcUrl}` }];
}

/** A regular expression of the decimal integers (no sign) greater than `n`. */
export function greaterThanPattern(n: number): string {
  const s = String(n);
  const alternatives = [`[1-9][0-9]{${s.length},}`];
  for (let i = 0; i < s.length; i++) {
    const d = Number(s[i]);
    if (d === 9) continue;
    const rest = s.length - i - 1;
    alternatives.push(`${s.slice(0, i)}[${d + 1}-9]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  return `(${alternatives.join('|')})`;
}

function versionAtLeast(version: string, min: readonly [number, number, number]): boolean {
  const v = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (v[i] !== min[i]) return v[i] > min[i];
  }
  return true;
}

/** A double-quoted nginx string: identities and tenant ids carry no quote, backslash or `$`. */
function q(s: string): string {
  return `"${s}"`;
}
