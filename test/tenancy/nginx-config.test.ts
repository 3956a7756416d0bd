import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { GatewayIdentity } from '../../lib/tenancy/gateway-identity';
import { NginxConfigOptions, greaterThanPattern, nginxConfig } from '../../lib/tenancy/nginx-config';

const BASE: NginxConfigOptions = {
  backends: {
    metrics: MimirEndpoints.external({ url: 'http://mimir-gateway.lgtm.svc.cluster.local:80' }),
    logs: LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' }),
    traces: TempoEndpoints.external({ otlpGrpcUrl: 'tempo.lgtm.svc.cluster.local:4317', otlpHttpUrl: 'http://tempo.lgtm.svc.cluster.local:4318', queryUrl: 'http://tempo.lgtm.svc.cluster.local:3200', otlpGrpcInsecure: true }),
  },
  tenants: ['team-a', 'team-b'],
  identities: [{ name: 'alice', tenant: 'team-a' }, { name: 'bob', tenant: 'team-b' }],
  auth: { mode: 'basic', htpasswdPath: '/etc/nginx/auth/htpasswd' },
  httpPort: 8080,
  grpcPort: 4317,
  healthPort: 8081,
  runtimeDir: '/tmp/nginx',
  nginxVersion: '1.30.0',
};

function config(over: Partial<NginxConfigOptions> = {}): string {
  return nginxConfig({ ...BASE, ...over });
}

describe('nginxConfig', () => {
  test('X-Scope-OrgID is set only from the identity maps, on every route', () => {
    const text = config();
    const sets = [...text.matchAll(/(proxy|grpc)_set_header X-Scope-OrgID (\S+);/g)].map((m) => m[2]);
    const routes = [...text.matchAll(/^ {4}location (?!\/ )(?!= \/healthz)/gm)].length;
    expect(sets).toHaveLength(routes);
    expect(new Set(sets)).toEqual(new Set(['$gw_write_tenant', '$gw_read_tenant']));
    // The maps are the only place tenants appear, each next to its identity.
    expect(text).toContain('map $gw_identity $gw_write_tenant {\n    default "";\n    "alice" "team-a";\n    "bob" "team-b";\n  }');
  });

  test('push routes take the write tenant, query routes the read tenant', () => {
    const text = config();
    const block = (loc: string) => text.slice(text.indexOf(`location ${loc} {`), text.indexOf('\n    }\n', text.indexOf(`location ${loc} {`)));
    expect(block('= /api/v1/push')).toContain('X-Scope-OrgID $gw_write_tenant');
    expect(block('= /loki/api/v1/push')).toContain('X-Scope-OrgID $gw_write_tenant');
    expect(block('/prometheus/')).toContain('X-Scope-OrgID $gw_read_tenant');
    expect(block('/opentelemetry.proto.collector.trace.v1.TraceService/')).toContain('grpc_pass grpc://tempo.lgtm.svc.cluster.local:4317;');
  });

  test('a signal without a backend has no routes; Tempo without TLS is grpc://, with TLS grpcs://', () => {
    const text = config({ backends: { metrics: BASE.backends.metrics } });
    expect(text).not.toContain('/loki/api/v1/push');
    expect(text).not.toContain('grpc_pass');
    const tls = config({ backends: { traces: TempoEndpoints.external({ otlpGrpcUrl: 'tempo.example.com:443', otlpHttpUrl: 'https://tempo.example.com', queryUrl: 'https://tempo.example.com' }) } });
    expect(tls).toContain('grpc_pass grpcs://tempo.example.com:443;');
  });

  test('HTTP/2 is configured the way the running nginx version reads it', () => {
    expect(config({ nginxVersion: '1.30.0' })).toMatch(/listen 4317;\n {4}http2 on;/);
    expect(config({ nginxVersion: '1.22.1' })).toContain('listen 4317 http2;');
  });

  test('trusted-header mode: allow the trusted networks, deny the rest, strip the header before the backend', () => {
    const text = config({ auth: { mode: 'trusted-header', header: 'X-Forwarded-Email', trustedCidrs: ['10.20.0.0/16'] }, identities: [{ name: 'alice@example.com', tenant: 'team-a' }] });
    expect(text).toContain('map $http_x_forwarded_email $gw_identity {');
    expect(text).toContain('    allow 10.20.0.0/16;\n    deny all;');
    expect(text).toContain('proxy_set_header X-Forwarded-Email "";');
    expect(text).not.toContain('auth_basic');
  });

  test('per-tenant limits become one zone per distinct limit, and the body cap is the largest', () => {
    const text = config({ limits: { 'team-b': { requestsPerSecond: 5, burst: 0, maxBodyBytes: 1000 } }, defaultLimits: { requestsPerSecond: 50, maxBodyBytes: 2000 } });
    expect(text).toContain('limit_req_zone $gw_limit_key_1 zone=gw_limit_1:10m rate=50r/s;');
    expect(text).toContain('limit_req_zone $gw_limit_key_2 zone=gw_limit_2:10m rate=5r/s;');
    expect(text).toContain('limit_req zone=gw_limit_1 burst=50 nodelay;');
    expect(text).toContain('limit_req zone=gw_limit_2 nodelay;');
    expect(text).toContain('client_max_body_size 2000;');
  });

  test.each<[string, Partial<NginxConfigOptions>, RegExp]>([
    ['a credential mapped to an unknown tenant', { identities: [{ name: 'alice', tenant: 'team-z' }] }, /identities\[0\]\.tenant is 'team-z', but it must be one of the tenants \(team-a, team-b\)/],
    ['two tenants sharing a credential', { identities: [{ name: 'alice', tenant: 'team-a' }, { name: 'alice', tenant: 'team-b' }] }, /identities\[1\]\.name is 'alice' again \(identities\[0\]\), but a credential maps to exactly one tenant/],
    ['an identity with a tenant and read tenants', { identities: [{ name: 'x', tenant: 'team-a', readTenants: ['team-b'] }] }, /identities\[0\] \('x'\) has both tenant and readTenants/],
    ['an identity with neither', { identities: [{ name: 'x' } as GatewayIdentity] }, /has neither tenant nor readTenants/],
    ['a reader of an unknown tenant', { identities: [{ name: 'x', readTenants: ['team-a', 'nope'] }] }, /identities\[0\]\.readTenants\[1\] is 'nope'/],
    ['an identity name with a quote', { identities: [{ name: 'al"ice', tenant: 'team-a' }] }, /identities\[0\]\.name is 'al"ice', but it must be 1-128 of letters/],
    ['no identities', { identities: [] }, /identities is \[\], but at least one/],
    ['a trusted header without a trusted network', { auth: { mode: 'trusted-header', header: 'X-User', trustedCidrs: [] } }, /auth\.trustedCidrs is \[\], but a trusted identity header needs the networks of the proxy/],
    ['a trusted network of every address', { auth: { mode: 'trusted-header', header: 'X-User', trustedCidrs: ['0.0.0.0/0'] } }, /trustedCidrs\[0\] is '0\.0\.0\.0\/0', but trusting every address is the same as no authentication/],
    ['X-Scope-OrgID as the identity header', { auth: { mode: 'trusted-header', header: 'X-Scope-OrgID', trustedCidrs: ['10.0.0.0/8'] } }, /auth\.header is 'X-Scope-OrgID', but it must be a header name .* not X-Scope-OrgID/],
    ['a rate limit of 0', { limits: { 'team-a': { requestsPerSecond: 0 } } }, /limits\['team-a'\]\.requestsPerSecond is 0, but it must be a positive integer/],
    ['a negative rate limit', { defaultLimits: { requestsPerSecond: -5 } }, /defaultLimits\.requestsPerSecond is -5, but it must be a positive integer/],
    ['a limit for an unknown tenant', { limits: { 'team-z': { requestsPerSecond: 5 } } }, /limits has tenant 'team-z', but it must be one of the tenants/],
    ['a body limit of 0', { limits: { 'team-a': { requestsPerSecond: 5, maxBodyBytes: 0 } } }, /maxBodyBytes is 0, but it must be a positive integer of bytes/],
    ['ports that collide', { grpcPort: 8080 }, /httpPort 8080, grpcPort 8080 and healthPort 8081 must differ/],
  ])('fails on %s', (_name, over, message) => {
    expect(() => config(over)).toThrow(/^nginxConfig: /);
    expect(() => config(over)).toThrow(message);
  });
});

describe('greaterThanPattern', () => {
  test.each([1, 9, 10, 99, 100, 1000, 1999, 10485760, 20971520, 987654321])('matches exactly the integers above %d', (n) => {
    const re = new RegExp(`^${greaterThanPattern(n)}$`);
    const probes = [0, 1, n - 1, n, n + 1, n + 9, n * 2, n * 10, n * 10 + 1, Math.floor(n / 10), 10 ** String(n).length, 10 ** String(n).length - 1];
    for (let i = 0; i < 300; i++) probes.push(Math.floor(Math.random() * n * 3));
    for (const p of probes.filter((x) => x >= 0)) expect([p, re.test(String(p))]).toEqual([p, p > n]);
  });
});
