import { Testing } from 'cdktf';
import { EnvironmentConfig } from '../../stacks/environment-config';
import { buildEnvironments } from '../../stacks/app';
import { VALID_ENV, VALID_PROD_ENV } from '../support/environments';
import { FAKE_CLUSTER } from '../support/handles';
import { resourcesOf, synthJson } from '../support/synth';

function platformOf(patch: Partial<EnvironmentConfig> = {}, base = VALID_ENV) {
  const [{ platform }] = buildEnvironments(Testing.app(), [{ ...base, ...patch }]);
  return { platform, json: synthJson(platform) };
}

const count = (json: ReturnType<typeof synthJson>, type: string) => Object.keys(resourcesOf(json, type)).length;

describe('PlatformStack', () => {
  const { platform, json } = platformOf();

  test('composes network, cluster, buckets, identities, database and session store', () => {
    expect(count(json, 'aws_vpc')).toBe(1);
    expect(count(json, 'aws_eks_cluster')).toBe(1);
    expect(count(json, 'aws_s3_bucket')).toBe(7);
    expect(count(json, 'aws_db_instance')).toBe(1);
    expect(count(json, 'aws_elasticache_replication_group')).toBe(1);
    expect(count(json, 'aws_elasticache_cluster')).toBe(0);
    expect(count(json, 'aws_iam_user')).toBe(0);
    expect(count(json, 'aws_iam_access_key')).toBe(0);
  });

  test('names the cluster and buckets from the prefix and environment', () => {
    expect(Testing.synth(platform)).toHaveResourceWithProperties({ tfResourceType: 'aws_eks_cluster' }, { name: 'lgtm-test' });
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => b.bucket_prefix)).toContain('lgtm-test-mimir-blocks-');
  });

  test('hands the observability stack typed handles, not names', () => {
    const o = platform.platform;
    expect(o.cluster).toBe(o.eksCluster);
    expect(o.buckets.mimirBlocks.name).toMatch(/TfToken/);
    expect(Object.keys(o.roles)).toEqual(['mimir', 'loki', 'tempo', 'pyroscope']);
    expect(o.loadBalancerControllerRole).toBe(o.eksCluster?.loadBalancerControllerRole);
    expect(o.memcached).toBeUndefined();
  });

  test('outputs what operators need, secrets only by ARN', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'cluster_endpoint', 'cluster_name', 'grafana_db_endpoint', 'grafana_db_secret_arn',
      'session_store_endpoint', 'session_store_secret_arn',
    ]);
  });

  test('makes the principal running Terraform cluster-admin by default (its role, not the session)', () => {
    const entry = Object.values(resourcesOf(json, 'aws_eks_access_entry'))[0];
    expect(entry.principal_arn).toBe('${data.aws_iam_session_context.deployer-role.issuer_arn}');
  });

  test('uses the admin principals the environment lists', () => {
    const admin = 'arn:aws:iam::111122223333:role/platform-admin';
    const { json: j } = platformOf({ cluster: { adminPrincipalArns: [admin] } });
    expect(Object.values(resourcesOf(j, 'aws_eks_access_entry')).map((e) => e.principal_arn)).toEqual([admin]);
    // The caller is not made an admin; its account is read only for the flow-logs role's trust.
    expect(Object.keys(j.data?.aws_caller_identity ?? {}).every((k) => k.startsWith('network_'))).toBe(true);
    expect(JSON.stringify(resourcesOf(j, 'aws_eks_access_entry'))).not.toContain('aws_caller_identity');
  });

  test('uses an existing VPC when the environment gives one', () => {
    const { json: j } = platformOf({
      network: {
        existing: {
          vpcId: 'vpc-0abc0abc0abc0abc0', vpcCidrBlock: '10.1.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'],
          privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'], publicSubnetIds: ['subnet-0cccccccccccccccc', 'subnet-0dddddddddddddddd'],
        },
      },
    });
    expect(count(j, 'aws_vpc')).toBe(0);
    expect(Object.values(resourcesOf(j, 'aws_eks_cluster'))[0].vpc_config).toMatchObject({ subnet_ids: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] });
  });

  test('uses an existing cluster when the environment gives one: no VPC, no cluster, roles bound to it', () => {
    const { platform: p, json: j } = platformOf({ cluster: { existing: { ...FAKE_CLUSTER, clusterName: 'shared' } } });
    expect([count(j, 'aws_vpc'), count(j, 'aws_eks_cluster'), count(j, 'aws_eks_node_group')]).toEqual([0, 0, 0]);
    expect(p.platform.cluster.clusterName).toBe('shared');
    expect(Object.keys(j.output ?? {})).toContain('cluster_name');
  });

  test('passes backend retention to the buckets', () => {
    const { platform: p } = platformOf({ retentionDays: { loki: 90 } });
    expect(p.platform.buckets.retentionDays.lokiChunks).toBe(97);
  });

  test('creates the managed memcached only when the environment turns it on', () => {
    const { platform: p, json: j } = platformOf({ managedMemcached: { enabled: true } });
    expect(count(j, 'aws_elasticache_cluster')).toBe(1);
    expect(p.platform.memcached?.port).toBe(11211);
  });

  test('binds backends with IRSA when the environment asks for it', () => {
    const { json: j } = platformOf({ workloadIdentity: 'irsa' });
    expect(count(j, 'aws_iam_openid_connect_provider')).toBe(1);
    expect(count(j, 'aws_eks_pod_identity_association')).toBe(0);
  });

  test('production: prevent_destroy on the data and a restricted API endpoint', () => {
    const { json: j } = platformOf({}, VALID_PROD_ENV);
    for (const type of ['aws_s3_bucket', 'aws_db_instance', 'aws_elasticache_replication_group', 'aws_kms_key']) {
      for (const r of Object.values(resourcesOf(j, type))) expect(r.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(Object.values(resourcesOf(j, 'aws_eks_cluster'))[0].vpc_config).toMatchObject({ public_access_cidrs: ['203.0.113.0/24'] });
  });

  test('fails in production without a restricted endpoint', () => {
    expect(() => platformOf({ cluster: undefined }, VALID_PROD_ENV)).toThrow(/endpoint.publicAccessCidrs is not set/);
  });
});
