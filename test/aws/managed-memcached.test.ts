import { TerraformVariable } from 'cdktf';
import { ManagedMemcached, ManagedMemcachedProps } from '../../lib/aws/managed-memcached';
import { DATA_ENGINES } from '../../lib/config/data-versions';
import { FAKE_CLUSTER, FAKE_NETWORK } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function build(props: Partial<ManagedMemcachedProps> = {}) {
  const stack = testStack();
  const memcached = new ManagedMemcached(stack, 'memcached', { cluster: FAKE_CLUSTER, environment: 'prod', ...props });
  const json = synthJson(stack);
  return { memcached, json, cluster: Object.values(resourcesOf(json, 'aws_elasticache_cluster'))[0] };
}

describe('ManagedMemcached', () => {
  test('a memcached cluster with in-transit encryption, spread over zones', () => {
    const { cluster } = build();
    expect(cluster).toMatchObject({
      cluster_id: 'lgtm-prod-query-cache', engine: 'memcached', engine_version: DATA_ENGINES.memcached.engineVersion,
      transit_encryption_enabled: true, num_cache_nodes: 2, az_mode: 'cross-az', port: 11211,
    });
  });

  test('a single node stays in one zone', () => {
    expect(build({ nodes: 1 }).cluster.az_mode).toBe('single-az');
  });

  test('private subnet group and a security group open only to the nodes on 11211', () => {
    const { json } = build();
    expect(Object.values(resourcesOf(json, 'aws_elasticache_subnet_group'))).toEqual([expect.objectContaining({ subnet_ids: FAKE_NETWORK.privateSubnetIds })]);
    expect(Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))).toEqual([expect.objectContaining({
      from_port: 11211, to_port: 11211, ip_protocol: 'tcp', referenced_security_group_id: 'sg-0123456789abcdef0',
    })]);
    expect(JSON.stringify(json)).not.toContain('0.0.0.0/0');
  });

  test('exposes a typed TLS endpoint', () => {
    const { memcached } = build({ name: 'mimir-results' });
    expect(memcached.endpoint).toMatchObject({ port: 11211, tls: true });
    expect(memcached.endpoint.address).toMatch(/TfToken/);
    expect(memcached.endpoint.hostPort).toBe(`${memcached.endpoint.address}:11211`);
  });

  test.each<[string, Partial<ManagedMemcachedProps>, RegExp]>([
    ['nodes is 0', { nodes: 0 }, /nodes is 0, but it must be an integer of 1-40/],
    ['the node type is not an ElastiCache type', { nodeType: 't4g.medium' }, /nodeType is 't4g\.medium'/],
    ['the cluster id is longer than 50 characters', { name: 'mimir-results-cache-for-the-whole-organisation' }, /the cluster id 'lgtm-prod-mimir-results-cache-for-the-whole-organisation' .* is invalid: ElastiCache allows 1-50/],
    ['the name has capitals', { name: 'Results' }, /the cluster id 'lgtm-prod-Results'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('names the construct path in errors', () => {
    expect(() => build({ nodes: 0 })).toThrow(/^ManagedMemcached 'test\/memcached': /);
  });

  test('skips checks of values that are unresolved tokens', () => {
    const stack = testStack();
    const nodes = new TerraformVariable(stack, 'nodes', { type: 'number' }).numberValue;
    const name = new TerraformVariable(stack, 'name', { type: 'string' }).stringValue;
    expect(() => new ManagedMemcached(stack, 'memcached', { cluster: FAKE_CLUSTER, environment: 'prod', nodes, name })).not.toThrow();
  });
});
