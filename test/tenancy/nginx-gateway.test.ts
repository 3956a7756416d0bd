// The tenant gateway's generated configuration in a real nginx on loopback, in front of an upstream
// that records what reaches it. Needs nginx (Debian's package; .ci/run installs it). Outside CI a
// machine without nginx skips these tests, saying so; in CI a missing nginx fails the suite.
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { PyroscopeEndpoints } from '../../lib/backends/pyroscope-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { GatewayIdentity, TenantLimits } from '../../lib/tenancy/gateway-identity';
import { GatewayBackends, NginxAuth, nginxConfig } from '../../lib/tenancy/nginx-config';
import { RealNginx, RecordingUpstream, basic, findNginx, freePort, grpcRequest, htpasswdLine, request } from './support/real-nginx';

const NGINX = findNginx();
if (!NGINX) {
  if (process.env.CI) throw new Error('nginx is not installed, but CI must run the real-nginx gateway tests (.ci/run installs nginx-light)');
  console.warn('\n*** SKIPPED: test/tenancy/nginx-gateway.test.ts needs nginx (apt-get install nginx-light); the gateway was NOT tested against a real nginx ***\n');
}
const describeNginx = NGINX ? describe : describe.skip;

const TENANTS = ['team-a', 'team-b', 'team-c', 'team-d'];
const IDENTITIES: GatewayIdentity[] = [
  { name: 'alice', tenant: 'team-a' },
  { name: 'bob', tenant: 'team-b' },
  { name: 'carol', tenant: 'team-c' },
  { name: 'dave', tenant: 'team-d' },
  { name: 'auditor', readTenants: ['team-a', 'team-b'] },
];
const PASSWORDS: Record<string, string> = { alice: 'alice-pw-1', bob: 'bob-pw-2', carol: 'carol-pw-3', auditor: 'auditor-pw-4', mallory: 'mallory-pw-5', dave: 'dave-pw-6' };
const LIMITS: Record<string, TenantLimits> = {
  'team-b': { requestsPerSecond: 1000, maxBodyBytes: 1000 },
  'team-d': { requestsPerSecond: 1, burst: 0 },
};

interface RouteCase {
  readonly path: string;
  readonly method: string;
  readonly write: boolean;
  /** Where the upstream must see the request. */
  readonly upstreamPath: string;
}

function backendsOn(upstream: RecordingUpstream): GatewayBackends {
  const base = `http://127.0.0.1:${upstream.httpPort}`;
  return {
    metrics: MimirEndpoints.external({ url: `${base}/mimir` }),
    logs: LokiEndpoints.external({ url: `${base}/loki-root` }),
    traces: TempoEndpoints.external({
      otlpGrpcUrl: `127.0.0.1:${upstream.grpcPort}`,
      otlpHttpUrl: `${base}/tempo-otlp`,
      queryUrl: `${base}/tempo-query`,
      otlpGrpcInsecure: true,
    }),
    profiles: PyroscopeEndpoints.external({ url: `${base}/pyro` }),
  };
}

const ROUTES: readonly RouteCase[] = [
  { path: '/api/v1/push', method: 'POST', write: true, upstreamPath: '/mimir/api/v1/push' },
  { path: '/otlp/v1/metrics', method: 'POST', write: true, upstreamPath: '/mimir/otlp/v1/metrics' },
  { path: '/prometheus/api/v1/query?query=up', method: 'GET', write: false, upstreamPath: '/mimir/prometheus/api/v1/query?query=up' },
  { path: '/alertmanager/api/v2/alerts', method: 'GET', write: false, upstreamPath: '/mimir/alertmanager/api/v2/alerts' },
  { path: '/loki/api/v1/push', method: 'POST', write: true, upstreamPath: '/loki-root/loki/api/v1/push' },
  { path: '/otlp/v1/logs', method: 'POST', write: true, upstreamPath: '/loki-root/otlp/v1/logs' },
  { path: '/loki/api/v1/query_range?query=%7Bjob%3D%22x%22%7D', method: 'GET', write: false, upstreamPath: '/loki-root/loki/api/v1/query_range?query=%7Bjob%3D%22x%22%7D' },
  { path: '/otlp/v1/traces', method: 'POST', write: true, upstreamPath: '/tempo-otlp/v1/traces' },
  { path: '/tempo/api/search?tags=', method: 'GET', write: false, upstreamPath: '/tempo-query/api/search?tags=' },
  { path: '/push.v1.PusherService/Push', method: 'POST', write: true, upstreamPath: '/pyro/push.v1.PusherService/Push' },
  { path: '/ingest?name=app', method: 'POST', write: true, upstreamPath: '/pyro/ingest?name=app' },
  { path: '/querier.v1.QuerierService/LabelNames', method: 'POST', write: false, upstreamPath: '/pyro/querier.v1.QuerierService/LabelNames' },
  { path: '/pyroscope/render?query=x', method: 'GET', write: false, upstreamPath: '/pyro/pyroscope/render?query=x' },
];

const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** Ports of one nginx instance. */
interface Ports {
  http: number;
  grpc: number;
  health: number;
}

async function startGateway(upstream: RecordingUpstream, auth: (nginx: RealNginx) => NginxAuth, identities = IDENTITIES): Promise<{ nginx: RealNginx; ports: Ports }> {
  const nginx = new RealNginx(NGINX!.bin);
  const ports = { http: await freePort(), grpc: await freePort(), health: await freePort() };
  const config = nginxConfig({
    backends: backendsOn(upstream),
    tenants: TENANTS,
    identities,
    auth: auth(nginx),
    limits: LIMITS,
    httpPort: ports.http,
    grpcPort: ports.grpc,
    healthPort: ports.health,
    runtimeDir: `${nginx.dir}/run`,
    nginxVersion: NGINX!.version,
  });
  await nginx.start(config, ports.health);
  return { nginx, ports };
}

/** The X-Scope-OrgID values the upstream saw on its last request (every occurrence). */
function tenantHeadersOf(upstream: RecordingUpstream): string[] {
  const last = upstream.received[upstream.received.length - 1];
  const out: string[] = [];
  for (let i = 0; i < last.rawHeaders.length; i += 2) {
    if (last.rawHeaders[i].toLowerCase() === 'x-scope-orgid') out.push(last.rawHeaders[i + 1]);
  }
  return out;
}

describeNginx('TenantGateway nginx configuration, basic auth, in a real nginx', () => {
  const upstream = new RecordingUpstream();
  let nginx: RealNginx;
  let ports: Ports;

  beforeAll(async () => {
    await upstream.start();
    ({ nginx, ports } = await startGateway(upstream, (n) => ({
      mode: 'basic',
      // mallory has a valid htpasswd entry but no identity: the file alone grants nothing.
      htpasswdPath: n.writeFile('htpasswd', `${Object.entries(PASSWORDS).map(([u, p]) => htpasswdLine(u, p)).join('\n')}\n`),
    })));
  });
  afterAll(async () => {
    await nginx?.stop();
    await upstream.stop();
  });

  it('passes nginx -t', () => {
    const config = nginxConfig({
      backends: backendsOn(upstream), tenants: TENANTS, identities: IDENTITIES, auth: { mode: 'basic', htpasswdPath: `${nginx.dir}/htpasswd` },
      httpPort: 18080, grpcPort: 14317, healthPort: 18081, runtimeDir: `${nginx.dir}/run`, nginxVersion: NGINX!.version,
    });
    expect(nginx.test(config)).toBeUndefined();
  });

  it.each(ROUTES.map((r) => [r.path, r] as const))('%s: a forged X-Scope-OrgID reaches the upstream as the authenticated tenant only', async (_p, route) => {
    const forgeries: Record<string, string | string[]>[] = [
      { 'X-Scope-OrgID': 'team-b' },
      { 'x-scope-orgid': 'team-b|team-c' },
      { 'X-Scope-OrgID': ['team-b', 'team-c'] },
      { X_Scope_OrgID: 'team-b' },
    ];
    for (const forged of forgeries) {
      const before = upstream.received.length;
      const r = await request({ port: ports.http, path: route.path, method: route.method, headers: { Authorization: basic('alice', PASSWORDS.alice), ...forged }, body: route.method === 'POST' ? 'x' : undefined });
      expect(r.status).toBe(200);
      expect(upstream.received.length).toBe(before + 1);
      const seen = upstream.received[upstream.received.length - 1];
      expect(seen.url).toBe(route.upstreamPath);
      expect(tenantHeadersOf(upstream)).toEqual(['team-a']);
      expect(seen.headers.authorization).toBeUndefined();
      expect(seen.headers['x_scope_orgid']).toBeUndefined();
    }
  });

  it.each(ROUTES.map((r) => [r.path, r] as const))('%s: no credentials, a wrong password or an htpasswd user without an identity get 401 and reach nothing', async (_p, route) => {
    const attempts: (Record<string, string> | undefined)[] = [
      undefined,
      { Authorization: basic('alice', 'wrong') },
      { Authorization: basic('alice', PASSWORDS.bob) },
      { Authorization: basic('mallory', PASSWORDS.mallory) },
      { Authorization: basic('nobody', 'x') },
      { Authorization: 'Bearer abc' },
    ];
    for (const headers of attempts) {
      const before = upstream.received.length;
      const r = await request({ port: ports.http, path: route.path, method: route.method, headers: { ...headers, 'X-Scope-OrgID': 'team-a' } });
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Basic realm="lgtm"/);
      expect(upstream.received.length).toBe(before);
    }
  });

  it('a user of one tenant never produces another tenant\'s header, on any route', async () => {
    for (const user of ['alice', 'bob', 'carol']) {
      const tenant = IDENTITIES.find((i) => i.name === user)!.tenant!;
      for (const route of ROUTES) {
        for (const other of TENANTS.filter((t) => t !== tenant)) {
          const r = await request({ port: ports.http, path: route.path, method: route.method, headers: { Authorization: basic(user, PASSWORDS[user]), 'X-Scope-OrgID': other } });
          expect(r.status).toBe(200);
          expect(tenantHeadersOf(upstream)).toEqual([tenant]);
        }
      }
    }
  }, 120_000);

  it('a federated reader gets exactly its listed tenants on query routes, and 403 on every push route', async () => {
    for (const route of ROUTES) {
      const before = upstream.received.length;
      const r = await request({ port: ports.http, path: route.path, method: route.method, headers: { Authorization: basic('auditor', PASSWORDS.auditor), 'X-Scope-OrgID': 'team-c' } });
      if (route.write) {
        expect([route.path, r.status]).toEqual([route.path, 403]);
        expect(upstream.received.length).toBe(before);
      } else {
        expect([route.path, r.status]).toEqual([route.path, 200]);
        expect(tenantHeadersOf(upstream)).toEqual(['team-a|team-b']);
      }
    }
  });

  it('OTLP over gRPC carries the authenticated tenant, never the forged one', async () => {
    const before = upstream.received.length;
    const status = await grpcRequest(ports.grpc, TRACE_EXPORT, { authorization: basic('bob', PASSWORDS.bob), 'x-scope-orgid': 'team-a' });
    expect(status).toBe(200);
    expect(upstream.received.length).toBe(before + 1);
    const seen = upstream.received[upstream.received.length - 1];
    expect(seen.url).toBe(TRACE_EXPORT);
    expect(tenantHeadersOf(upstream)).toEqual(['team-b']);
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('OTLP over gRPC without credentials or as a federated reader reaches nothing', async () => {
    const before = upstream.received.length;
    expect(await grpcRequest(ports.grpc, TRACE_EXPORT, { 'x-scope-orgid': 'team-a' })).toBe(401);
    expect(await grpcRequest(ports.grpc, TRACE_EXPORT, { authorization: basic('alice', 'wrong') })).toBe(401);
    expect(await grpcRequest(ports.grpc, TRACE_EXPORT, { authorization: basic('auditor', PASSWORDS.auditor) })).toBe(403);
    expect(upstream.received.length).toBe(before);
  });

  it('a body above the tenant\'s limit gets 413 and reaches nothing; the same body of another tenant passes', async () => {
    const body = 'x'.repeat(2000);
    const before = upstream.received.length;
    const bob = await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { Authorization: basic('bob', PASSWORDS.bob) }, body });
    expect(bob.status).toBe(413);
    expect(upstream.received.length).toBe(before);
    const small = await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { Authorization: basic('bob', PASSWORDS.bob) }, body: 'x'.repeat(999) });
    expect(small.status).toBe(200);
    const alice = await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { Authorization: basic('alice', PASSWORDS.alice) }, body });
    expect(alice.status).toBe(200);
  });

  it('a tenant above its request rate gets 429; other tenants are not limited by it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { Authorization: basic('dave', PASSWORDS.dave) }, body: 'x' })).status);
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1)).toContain(429);
    for (let i = 0; i < 3; i++) {
      expect((await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { Authorization: basic('carol', PASSWORDS.carol) }, body: 'x' })).status).toBe(200);
    }
  });

  it('unknown paths are 404 and reach nothing', async () => {
    const before = upstream.received.length;
    const r = await request({ port: ports.http, path: '/api/v1/admin/tsdb/delete_series', method: 'POST', headers: { Authorization: basic('alice', PASSWORDS.alice) } });
    expect(r.status).toBe(404);
    expect(upstream.received.length).toBe(before);
  });
});

describeNginx('TenantGateway nginx configuration, trusted identity header, in a real nginx', () => {
  const upstream = new RecordingUpstream();
  const instances: RealNginx[] = [];
  afterAll(async () => {
    for (const n of instances) await n.stop();
    await upstream.stop();
  });
  beforeAll(() => upstream.start());

  it('from the trusted network: the header\'s identity decides the tenant; a missing or unknown identity gets 401', async () => {
    const { nginx, ports } = await startGateway(upstream, () => ({ mode: 'trusted-header', header: 'X-Forwarded-Email', trustedCidrs: ['127.0.0.0/8'] }), [
      { name: 'alice@example.com', tenant: 'team-a' },
      { name: 'auditor@example.com', readTenants: ['team-a', 'team-b'] },
    ]);
    instances.push(nginx);
    const ok = await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { 'X-Forwarded-Email': 'alice@example.com', 'X-Scope-OrgID': 'team-b' }, body: 'x' });
    expect(ok.status).toBe(200);
    expect(tenantHeadersOf(upstream)).toEqual(['team-a']);
    expect(upstream.received[upstream.received.length - 1].headers['x-forwarded-email']).toBeUndefined();
    const read = await request({ port: ports.http, path: '/prometheus/api/v1/query', headers: { 'X-Forwarded-Email': 'auditor@example.com' } });
    expect(read.status).toBe(200);
    expect(tenantHeadersOf(upstream)).toEqual(['team-a|team-b']);
    const before = upstream.received.length;
    expect((await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { 'X-Scope-OrgID': 'team-a' } })).status).toBe(401);
    expect((await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { 'X-Forwarded-Email': 'mallory@example.com' } })).status).toBe(401);
    expect((await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { 'X-Forwarded-Email': 'auditor@example.com' } })).status).toBe(403);
    expect(upstream.received.length).toBe(before);
  });

  it('from any other network the header is not believed: 403, nothing reaches the upstream', async () => {
    const { nginx, ports } = await startGateway(upstream, () => ({ mode: 'trusted-header', header: 'X-Forwarded-Email', trustedCidrs: ['10.9.0.0/16'] }), [
      { name: 'alice@example.com', tenant: 'team-a' },
    ]);
    instances.push(nginx);
    const before = upstream.received.length;
    const r = await request({ port: ports.http, path: '/api/v1/push', method: 'POST', headers: { 'X-Forwarded-Email': 'alice@example.com' }, body: 'x' });
    expect(r.status).toBe(403);
    expect(upstream.received.length).toBe(before);
  });
});
