import { TerraformVariable } from 'cdktf';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { testStack } from '../support/stack';

describe('MimirEndpoints', () => {
  test('external: every API under the root URL, and the tenant header', () => {
    const endpoints = MimirEndpoints.external({ url: 'https://mimir.example.com/' });
    expect(endpoints).toMatchObject({
      url: 'https://mimir.example.com',
      remoteWriteUrl: 'https://mimir.example.com/api/v1/push',
      otlpUrl: 'https://mimir.example.com/otlp/v1/metrics',
      queryUrl: 'https://mimir.example.com/prometheus',
      rulerUrl: 'https://mimir.example.com/prometheus/config/v1/rules',
      alertmanagerUrl: 'https://mimir.example.com/alertmanager',
      tenantHeader: 'X-Scope-OrgID',
    });
  });

  test('external: a URL with a port and a path prefix, and per-API URLs where a proxy maps them elsewhere', () => {
    const endpoints = MimirEndpoints.external({
      url: 'http://mimir-gateway.metrics.svc:8080/mimir',
      remoteWriteUrl: 'https://push.example.com/api/v1/push',
      queryUrl: 'https://query.example.com/prometheus',
    });
    expect(endpoints.remoteWriteUrl).toBe('https://push.example.com/api/v1/push');
    expect(endpoints.queryUrl).toBe('https://query.example.com/prometheus');
    expect(endpoints.otlpUrl).toBe('http://mimir-gateway.metrics.svc:8080/mimir/otlp/v1/metrics');
  });

  test.each([
    ['the URL has no scheme', { url: 'mimir.example.com' }, /url is 'mimir\.example\.com', but it must be an http:\/\/ or https:\/\/ URL/],
    ['the URL is another scheme', { url: 'grpc://mimir:9095' }, /url is 'grpc:\/\/mimir:9095', but it must be an http/],
    ['the URL has a query', { url: 'https://mimir.example.com/?tenant=a' }, /url is .*, but it must be an http:\/\/ or https:\/\/ URL without credentials or query/],
    ['the URL carries credentials', { url: 'https://admin:secret@mimir.example.com' }, /url is .*, but it must be an http:\/\/ or https:\/\/ URL without credentials/],
    ['the port is out of range', { url: 'http://mimir:99999' }, /url has port 99999, but a port is 1-65535/],
    ['the URL is missing', { url: '' }, /url is '', but it is required/],
    ['an API URL is not http', { url: 'https://m.example.com', otlpUrl: 'm.example.com/otlp' }, /otlpUrl is 'm\.example\.com\/otlp', but it must be an http/],
  ])('fails if %s', (_, attrs, message) => {
    expect(() => MimirEndpoints.external(attrs)).toThrow(message);
  });

  test('tenants: unknown unless given; given, a frozen copy', () => {
    expect(MimirEndpoints.external({ url: 'https://mimir.example.com' }).tenants).toBeUndefined();
    const tenants = ['platform', 'payments'];
    const endpoints = MimirEndpoints.external({ url: 'https://mimir.example.com', tenants });
    tenants.push('billing');
    expect(endpoints.tenants).toEqual(['platform', 'payments']);
    expect(Object.isFrozen(endpoints.tenants)).toBe(true);
  });

  test.each([
    ['a tenant id is invalid', ['platform', 'team/a'], /tenants\[1\] is 'team\/a', but 1-150 characters/],
    ['the tenants are not a list', 'platform' as never, /tenants is 'platform', but it must be a list of tenant ids/],
  ])('fails if %s', (_, tenants, message) => {
    expect(() => MimirEndpoints.external({ url: 'https://mimir.example.com', tenants })).toThrow(message);
  });

  test('a URL known only at apply time is not checked', () => {
    const stack = testStack();
    const url = new TerraformVariable(stack, 'mimir_url', { type: 'string' }).stringValue;
    expect(MimirEndpoints.external({ url }).remoteWriteUrl).toBe(`${url}/api/v1/push`);
  });
});
