import { MemcachedEndpoint } from '../../lib/aws/memcached-endpoint';

describe('MemcachedEndpoint', () => {
  test('external: an endpoint run elsewhere, TLS and port 11211 by default', () => {
    const endpoint = MemcachedEndpoint.external({ address: 'cache.example.internal' });
    expect(endpoint).toMatchObject({ address: 'cache.example.internal', port: 11211, tls: true });
    expect(endpoint.hostPort).toBe('cache.example.internal:11211');
  });

  test('external: custom port and plain TCP', () => {
    expect(MemcachedEndpoint.external({ address: 'm', port: 11212, tls: false })).toMatchObject({ port: 11212, tls: false });
  });

  test.each([0, 70000, 1.5])('fails if the port is %p', (port) => {
    expect(() => MemcachedEndpoint.external({ address: 'm', port })).toThrow(new RegExp(`port is ${port}, but it must be an integer of 1-65535`));
  });
});
