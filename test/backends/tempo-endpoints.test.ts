import { TerraformVariable, Token } from 'cdktf';
import { TempoEndpoints, TempoEndpointsAttributes } from '../../lib/backends/tempo-endpoints';
import { testStack } from '../support/stack';

const ATTRS: TempoEndpointsAttributes = {
  otlpGrpcUrl: 'tempo.example.com:4317',
  otlpHttpUrl: 'https://tempo.example.com:4318',
  queryUrl: 'https://tempo.example.com',
};

describe('TempoEndpoints', () => {
  test('external: the three URLs as given, TLS on gRPC by default, and the tenant header', () => {
    expect({ ...TempoEndpoints.external(ATTRS) }).toEqual({
      otlpGrpcUrl: 'tempo.example.com:4317',
      otlpHttpUrl: 'https://tempo.example.com:4318',
      queryUrl: 'https://tempo.example.com',
      otlpGrpcInsecure: false,
      tenantHeader: 'X-Scope-OrgID',
    });
  });

  test('external: a path prefix is kept, a trailing slash is not; a plaintext gRPC endpoint says so', () => {
    const endpoints = TempoEndpoints.external({
      otlpGrpcUrl: '10.0.1.15:4317',
      otlpHttpUrl: 'http://proxy.internal:8080/otlp/',
      queryUrl: 'http://proxy.internal:8080/tempo/',
      otlpGrpcInsecure: true,
    });
    expect(endpoints.otlpHttpUrl).toBe('http://proxy.internal:8080/otlp');
    expect(endpoints.queryUrl).toBe('http://proxy.internal:8080/tempo');
    expect(endpoints.otlpGrpcUrl).toBe('10.0.1.15:4317');
    expect(endpoints.otlpGrpcInsecure).toBe(true);
  });

  test('external: URLs known only at apply time are taken as they are', () => {
    const url = new TerraformVariable(testStack(), 'tempo_url', { type: 'string' }).stringValue;
    const endpoints = TempoEndpoints.external({ otlpGrpcUrl: url, otlpHttpUrl: url, queryUrl: url });
    expect(Token.isUnresolved(endpoints.otlpGrpcUrl)).toBe(true);
    expect(endpoints.queryUrl).toBe(url);
  });

  test.each<[string, Partial<TempoEndpointsAttributes>, RegExp]>([
    ['the gRPC endpoint is missing', { otlpGrpcUrl: '' }, /^TempoEndpoints\.external: otlpGrpcUrl is '', but it is required/],
    ['the gRPC endpoint has a scheme', { otlpGrpcUrl: 'http://tempo:4317' }, /otlpGrpcUrl is 'http:\/\/tempo:4317', but it must be host:port without a scheme, as OTLP gRPC exporters take it/],
    ['the gRPC endpoint has no port', { otlpGrpcUrl: 'tempo.example.com' }, /otlpGrpcUrl is 'tempo\.example\.com', but it must be host:port/],
    ['the gRPC port is out of range', { otlpGrpcUrl: 'tempo:70000' }, /otlpGrpcUrl has port 70000, but a port is 1-65535/],
    ['the HTTP URL has no scheme', { otlpHttpUrl: 'tempo.example.com:4318' }, /otlpHttpUrl is 'tempo\.example\.com:4318', but it must be an http:\/\/ or https:\/\/ URL/],
    ['the HTTP URL is the traces path', { otlpHttpUrl: 'https://tempo.example.com/v1/traces' }, /otlpHttpUrl is 'https:\/\/tempo\.example\.com\/v1\/traces', but it must be the receiver's base URL: OTLP\/HTTP exporters append \/v1\/traces/],
    ['the HTTP port is out of range', { otlpHttpUrl: 'http://tempo:99999' }, /otlpHttpUrl has port 99999, but a port is 1-65535/],
    ['the query URL is missing', { queryUrl: '' }, /queryUrl is '', but it is required/],
    ['the query URL carries credentials', { queryUrl: 'https://admin:secret@tempo.example.com' }, /queryUrl is .*, but it must be an http:\/\/ or https:\/\/ URL without credentials or query/],
    ['the query URL has a query', { queryUrl: 'https://tempo.example.com/?orgId=1' }, /queryUrl is .*, but it must be an http/],
    ['the query URL is an API path', { queryUrl: 'https://tempo.example.com/api/search' }, /queryUrl is 'https:\/\/tempo\.example\.com\/api\/search', but it must be the root of Tempo's API/],
    ['the plaintext flag is not a boolean', { otlpGrpcInsecure: 'yes' as never }, /otlpGrpcInsecure is 'yes', but it must be true or false/],
  ])('fails if %s', (_, attrs, message) => {
    expect(() => TempoEndpoints.external({ ...ATTRS, ...attrs })).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(() => TempoEndpoints.external({ otlpGrpcUrl: '', otlpHttpUrl: '', queryUrl: '' }))
      .toThrow(/otlpGrpcUrl is '', but it is required; otlpHttpUrl is '', but it is required; queryUrl is '', but it is required/);
  });
});
