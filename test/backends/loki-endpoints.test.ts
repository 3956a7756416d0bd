import { TerraformVariable, Token } from 'cdktf';
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { testStack } from '../support/stack';

describe('LokiEndpoints', () => {
  test('external: the push, OTLP and query URLs under the API root, and the tenant header', () => {
    expect({ ...LokiEndpoints.external({ url: 'https://logs.example.com' }) }).toEqual({
      url: 'https://logs.example.com',
      pushUrl: 'https://logs.example.com/loki/api/v1/push',
      otlpUrl: 'https://logs.example.com/otlp/v1/logs',
      queryUrl: 'https://logs.example.com',
      tenantHeader: 'X-Scope-OrgID',
    });
  });

  test('external: a port and a path prefix are kept, a trailing slash is not', () => {
    const endpoints = LokiEndpoints.external({ url: 'http://proxy.internal:8080/logs/' });
    expect(endpoints.url).toBe('http://proxy.internal:8080/logs');
    expect(endpoints.pushUrl).toBe('http://proxy.internal:8080/logs/loki/api/v1/push');
    expect(endpoints.queryUrl).toBe('http://proxy.internal:8080/logs');
  });

  test('external: a URL known only at apply time is taken as it is', () => {
    const url = new TerraformVariable(testStack(), 'loki_url', { type: 'string' }).stringValue;
    const endpoints = LokiEndpoints.external({ url });
    expect(Token.isUnresolved(endpoints.pushUrl)).toBe(true);
    expect(endpoints.pushUrl.endsWith('/loki/api/v1/push')).toBe(true);
  });

  test.each<[string, string, RegExp]>([
    ['the url is empty', '', /^LokiEndpoints\.external: url is '', but it is required/],
    ['the scheme is not http(s)', 'grpc://loki:9095', /url is 'grpc:\/\/loki:9095', but it must be an http\(s\) URL of Loki's API root/],
    ['the url has no scheme', 'loki-gateway.lgtm.svc', /url is 'loki-gateway\.lgtm\.svc', but it must be an http\(s\) URL/],
    ['the url carries credentials', 'https://user:secret@logs.example.com', /must be an http\(s\) URL of Loki's API root .*no credentials/],
    ['the url has a query', 'https://logs.example.com/?orgId=1', /must be an http\(s\) URL/],
    ['the port is out of range', 'http://loki:70000', /url has port 70000, but a port is 1-65535/],
    ['the url is the push path', 'https://logs.example.com/loki/api/v1/push', /but it must be the API root: the \/loki\/api\/v1 and \/otlp paths are added to it/],
    ['the url is the OTLP path', 'https://logs.example.com/otlp/v1/logs', /must be the API root/],
  ])('fails if %s', (_, url, message) => {
    expect(() => LokiEndpoints.external({ url })).toThrow(message);
  });
});
