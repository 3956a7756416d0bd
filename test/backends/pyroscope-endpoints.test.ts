import { TerraformVariable, Token } from 'cdktf';
import { PyroscopeEndpoints, PyroscopeEndpointsAttributes } from '../../lib/backends/pyroscope-endpoints';
import { testStack } from '../support/stack';

describe('PyroscopeEndpoints', () => {
  test('external: one root for push and query, and the tenant header', () => {
    expect({ ...PyroscopeEndpoints.external({ url: 'https://profiles.example.com' }) }).toEqual({
      pushUrl: 'https://profiles.example.com',
      queryUrl: 'https://profiles.example.com',
      tenantHeader: 'X-Scope-OrgID',
    });
  });

  test('external: separate push and query roots (a cluster without a proxy), a port and a path prefix kept, a trailing slash not', () => {
    const endpoints = PyroscopeEndpoints.external({
      pushUrl: 'http://pyroscope-distributor.profiles.svc:4040/',
      queryUrl: 'http://proxy.internal:8080/pyroscope/',
    });
    expect(endpoints.pushUrl).toBe('http://pyroscope-distributor.profiles.svc:4040');
    expect(endpoints.queryUrl).toBe('http://proxy.internal:8080/pyroscope');
  });

  test('external: a per-API root wins over the common one', () => {
    const endpoints = PyroscopeEndpoints.external({ url: 'https://profiles.example.com', pushUrl: 'https://ingest.example.com' });
    expect(endpoints.pushUrl).toBe('https://ingest.example.com');
    expect(endpoints.queryUrl).toBe('https://profiles.example.com');
  });

  test('external: a URL known only at apply time is taken as it is', () => {
    const url = new TerraformVariable(testStack(), 'pyroscope_url', { type: 'string' }).stringValue;
    const endpoints = PyroscopeEndpoints.external({ url });
    expect(Token.isUnresolved(endpoints.pushUrl)).toBe(true);
    expect(endpoints.queryUrl).toBe(url);
  });

  test.each<[string, PyroscopeEndpointsAttributes, RegExp]>([
    ['nothing is given', {}, /^PyroscopeEndpoints\.external: url is undefined, but it is required unless both pushUrl and queryUrl are given/],
    ['only the push root is given', { pushUrl: 'https://ingest.example.com' }, /url is undefined, but it is required unless both pushUrl and queryUrl are given/],
    ['the url is empty', { url: '' }, /url is '', but it is required/],
    ['the scheme is not http(s)', { url: 'grpc://pyroscope:9095' }, /url is 'grpc:\/\/pyroscope:9095', but it must be an http\(s\) URL of Pyroscope's API root/],
    ['the url has no scheme', { url: 'pyroscope.lgtm.svc:4040' }, /url is 'pyroscope\.lgtm\.svc:4040', but it must be an http\(s\) URL/],
    ['the url carries credentials', { url: 'https://user:secret@profiles.example.com' }, /must be an http\(s\) URL of Pyroscope's API root .*no credentials/],
    ['the url has a query', { url: 'https://profiles.example.com/?orgId=1' }, /url is .*, but it must be an http\(s\) URL/],
    ['the port is out of range', { url: 'http://pyroscope:70000' }, /url has port 70000, but a port is 1-65535/],
    ['the push root is the Connect push path', { url: 'https://p.example.com', pushUrl: 'https://p.example.com/push.v1.PusherService/Push' }, /pushUrl is .*, but it must be the API root/],
    ['the push root is the legacy ingest path', { url: 'https://p.example.com/ingest' }, /url is 'https:\/\/p\.example\.com\/ingest', but it must be the API root/],
    ['the query root is a querier path', { url: 'https://p.example.com', queryUrl: 'https://p.example.com/querier.v1.QuerierService/SelectMergeStacktraces' }, /queryUrl is .*, but it must be the API root/],
  ])('fails if %s', (_, attrs, message) => {
    expect(() => PyroscopeEndpoints.external(attrs)).toThrow(message);
  });
});
