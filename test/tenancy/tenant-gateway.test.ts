import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { ExternalSecretsOperator } from '../../lib/secrets/external-secrets-operator';
import { TenantGateway, TenantGatewayProps } from '../../lib/tenancy/tenant-gateway';
import { warningsOf } from '../support/annotations';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const METRICS = MimirEndpoints.external({ url: 'http://mimir-gateway.lgtm.svc.cluster.local:80' });
const TRACES = TempoEndpoints.external({ otlpGrpcUrl: 'tempo.lgtm.svc.cluster.local:4317', otlpHttpUrl: 'http://tempo.lgtm.svc.cluster.local:4318', queryUrl: 'http://tempo.lgtm.svc.cluster.local:3200', otlpGrpcInsecure: true });
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-0000-0000-000000000000';

function build(over: Partial<TenantGatewayProps> = {}, withSecrets = true) {
  const stack = testStack();
  const secrets = withSecrets ? new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' }) : undefined;
  const gateway = new TenantGateway(stack, 'gateway', {
    cluster: FAKE_CLUSTER,
    tenants: ['team-a', 'team-b'],
    identities: [{ name: 'alice', tenant: 'team-a' }, { name: 'bob', tenant: 'team-b' }],
    auth: { mode: 'basic' },
    secrets,
    metrics: METRICS,
    traces: TRACES,
    ...over,
  });
  return { stack, gateway, secrets };
}

type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; spec?: Record<string, unknown>; data?: Record<string, string> };
const objects = (g: TenantGateway) => g.objects as unknown as Obj[];
const find = (g: TenantGateway, kind: string, name = 'tenant-gateway') => objects(g).find((o) => o.kind === kind && o.metadata.name === name);
type PodSpec = { containers: { image: string; securityContext: Record<string, unknown>; ports: { name: string }[]; volumeMounts: { name: string }[] }[]; securityContext: Record<string, unknown>; topologySpreadConstraints: { topologyKey: string; whenUnsatisfiable: string }[]; automountServiceAccountToken: boolean; volumes: { name: string; secret?: { secretName: string; optional: boolean } }[] };
const podSpec = (g: TenantGateway) => (find(g, 'Deployment')!.spec as { template: { spec: PodSpec } }).template.spec;

describe('TenantGateway', () => {
  test('outside production: 2 replicas of the pinned nginx, non-root, read-only, spread over zones, with a PDB', () => {
    const { gateway } = build();
    expect(gateway.replicas).toBe(2);
    expect(find(gateway, 'Deployment')!.spec).toMatchObject({ replicas: 2 });
    const pod = podSpec(gateway);
    expect(pod.containers[0].image).toBe('docker.io/library/nginx:1.30.0-alpine');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101 });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(find(gateway, 'PodDisruptionBudget')!.spec).toMatchObject({ maxUnavailable: 1 });
  });

  test('in production: 3 replicas that refuse to share a zone, TLS on the load balancer', () => {
    const { gateway } = build({ production: true, loadBalancer: { certificateArn: CERT } });
    expect(find(gateway, 'Deployment')!.spec).toMatchObject({ replicas: 3 });
    expect(podSpec(gateway).topologySpreadConstraints[0].whenUnsatisfiable).toBe('DoNotSchedule');
    const lb = find(gateway, 'Service', 'tenant-gateway-lb')!;
    expect(lb.metadata.annotations).toMatchObject({
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': CERT,
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': '443,4317',
      'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
    });
    expect(lb.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb', loadBalancerSourceRanges: ['10.0.0.0/16'] });
    expect((lb.spec!.ports as { port: number }[]).map((p) => p.port)).toEqual([443, 4317]);
  });

  test('warns when the load balancer has no certificate, not when it has one or there is none', () => {
    expect(warningsOf(build().gateway)).toEqual([expect.stringMatching(/plain TCP \(no loadBalancer\.certificateArn\)/)]);
    expect(warningsOf(build({ loadBalancer: { certificateArn: CERT } }).gateway)).toEqual([]);
    expect(warningsOf(build({ loadBalancer: { enabled: false } }).gateway)).toEqual([]);
  });

  test('the in-cluster Service is ClusterIP: its plaintext port is never a load balancer listener', () => {
    const { gateway } = build();
    expect(find(gateway, 'Service')!.spec).toMatchObject({ type: 'ClusterIP' });
    expect(gateway.inClusterUrl).toBe('http://tenant-gateway.lgtm-gateway.svc.cluster.local:8080');
    const lb = find(gateway, 'Service', 'tenant-gateway-lb')!;
    expect((lb.spec!.ports as { port: number }[]).map((p) => p.port)).toEqual([80, 4317]);
    expect(build({ loadBalancer: { enabled: false } }).gateway.objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
  });

  test('basic auth from Secrets Manager: a secret without a value, synced by ESO, readable by the operator only', () => {
    const { stack, gateway } = build();
    const json = synthJson(stack);
    const secret = Object.values(resourcesOf(json, 'aws_secretsmanager_secret'))[0];
    expect(secret).toMatchObject({ name: 'lgtm/lgtm-test/tenant-gateway-htpasswd', recovery_window_in_days: 0 });
    expect(resourcesOf(json, 'aws_secretsmanager_secret_version')).toEqual({});
    const external = find(gateway, 'ExternalSecret', 'tenant-gateway-htpasswd')!;
    expect(external.spec).toMatchObject({ refreshInterval: '5m', data: [{ secretKey: 'htpasswd' }] });
    // In the release's values the key is the created secret's ARN, as a Terraform reference.
    const release = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.name === 'tenant-gateway')!;
    const values = (release.values as string[])[0];
    expect(values).toMatch(/remoteRef:\n\s+key: \$\{aws_secretsmanager_secret\.gateway_htpasswd_[0-9A-F]+\.arn\}/);
    // The operator's role reads that secret, and only it.
    const statements = Object.values(json.data?.aws_iam_policy_document ?? {}).flatMap((d) => (d.statement as { actions: string[]; resources: string[] }[]) ?? []);
    const read = statements.filter((st) => st.actions.includes('secretsmanager:GetSecretValue'));
    expect(read).toHaveLength(1);
    expect(read[0].resources).toEqual([expect.stringMatching(/^\$\{aws_secretsmanager_secret\.gateway_htpasswd_[0-9A-F]+\.arn\}$/)]);
    expect(podSpec(gateway).volumes.find((v) => v.name === 'htpasswd')!.secret).toEqual({ secretName: 'tenant-gateway-htpasswd', optional: true });
    expect(gateway.config).toContain('auth_basic_user_file /etc/nginx/auth/htpasswd;');
  });

  test('basic auth from an existing Kubernetes Secret needs no operator and creates no secret', () => {
    const { stack, gateway } = build({ auth: { mode: 'basic', existingSecretName: 'team-htpasswd' } }, false);
    expect(resourcesOf(synthJson(stack), 'aws_secretsmanager_secret')).toEqual({});
    expect(find(gateway, 'ExternalSecret', 'tenant-gateway-htpasswd')).toBeUndefined();
    expect(podSpec(gateway).volumes.find((v) => v.name === 'htpasswd')!.secret!.secretName).toBe('team-htpasswd');
  });

  test('trusted-header mode: the load balancer admits the trusted networks only, no secret at all', () => {
    const { gateway } = build({ auth: { mode: 'trusted-header', header: 'X-Forwarded-Email', trustedCidrs: ['10.1.0.0/16'] } }, false);
    expect(find(gateway, 'Service', 'tenant-gateway-lb')!.spec).toMatchObject({ loadBalancerSourceRanges: ['10.1.0.0/16'] });
    expect(podSpec(gateway).volumes.map((v) => v.name)).toEqual(['config', 'runtime']);
  });

  test('a configuration change rolls the pods (checksum annotation)', () => {
    const a = find(build().gateway, 'Deployment')!.spec as { template: { metadata: { annotations: Record<string, string> } } };
    const b = find(build({ limits: { 'team-a': { requestsPerSecond: 7 } } }).gateway, 'Deployment')!.spec as typeof a;
    expect(a.template.metadata.annotations['checksum/config']).not.toBe(b.template.metadata.annotations['checksum/config']);
  });

  test.each<[string, Partial<TenantGatewayProps>, RegExp]>([
    ['a credential mapped to an unknown tenant', { identities: [{ name: 'alice', tenant: 'team-z' }] }, /identities\[0\]\.tenant is 'team-z', but it must be one of the tenants \(team-a, team-b\)/],
    ['two tenants sharing a credential', { identities: [{ name: 'alice', tenant: 'team-a' }, { name: 'alice', tenant: 'team-b' }] }, /identities\[1\]\.name is 'alice' again/],
    ['a trusted-header mode without a trusted network', { auth: { mode: 'trusted-header', header: 'X-Forwarded-Email', trustedCidrs: [] } }, /auth\.trustedCidrs is \[\], but a trusted identity header needs the networks/],
    ['a rate limit of 0', { limits: { 'team-a': { requestsPerSecond: 0 } } }, /limits\['team-a'\]\.requestsPerSecond is 0, but it must be a positive integer/],
    ['a negative rate limit', { defaultLimits: { requestsPerSecond: -1 } }, /defaultLimits\.requestsPerSecond is -1/],
    ['one replica', { replicas: 1 }, /replicas is 1, but the gateway is the only door to the backends: at least 2/],
    ['production without a certificate', { production: true }, /loadBalancer\.certificateArn is undefined, but in production the load balancer serves TLS only/],
    ['a certificate that is not an ACM ARN', { loadBalancer: { certificateArn: 'arn:aws:iam::111122223333:server-certificate/x' } }, /loadBalancer\.certificateArn is 'arn:aws:iam::111122223333:server-certificate\/x', but it must be an ACM certificate ARN/],
    ['a load balancer open to the world', { loadBalancer: { sourceCidrs: ['0.0.0.0/0'] } }, /loadBalancer\.sourceCidrs\[0\] is '0\.0\.0\.0\/0', but the gateway's load balancer is internal/],
    ['no backend', { metrics: undefined, traces: undefined }, /metrics, logs, traces and profiles are all undefined/],
    ['both an existing secret and a secret ARN', { auth: { mode: 'basic', existingSecretName: 'x', htpasswdSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-AbCdEf' } }, /auth has both existingSecretName and htpasswdSecretArn/],
    ['a misspelled auth field', { auth: { mode: 'basic', htpasswdSecretARN: 'x' } as never }, /auth\.htpasswdSecretARN is set, but it is not a field of auth; known fields are mode, htpasswdSecretArn, kmsKeyArn, existingSecretName/],
    ['a misspelled identity field', { identities: [{ name: 'alice', tenants: 'team-a' } as never] }, /identities\[0\]\.tenants is set, but it is not a field of identities\[0\]/],
    ['a misspelled limit field', { limits: { 'team-a': { requestsPerSecond: 5, maxBody: 10 } as never } }, /limits\['team-a'\]\.maxBody is set, but it is not a field/],
    ['a misspelled load balancer field', { loadBalancer: { certificate: 'x' } as never }, /loadBalancer\.certificate is set, but it is not a field of loadBalancer/],
    ['a secret ARN that is not one', { auth: { mode: 'basic', htpasswdSecretArn: 'lgtm/htpasswd' } }, /auth\.htpasswdSecretArn is 'lgtm\/htpasswd', but it must be a Secrets Manager secret ARN/],
  ])('fails on %s, naming the construct', (_name, over, message) => {
    expect(() => build(over)).toThrow(/^TenantGateway 'test\/gateway': /);
    expect(() => build(over)).toThrow(message);
  });

  test('fails on basic auth from Secrets Manager without the operator', () => {
    expect(() => build({}, false)).toThrow(/auth is basic with the htpasswd file in Secrets Manager, but secrets \(an ExternalSecretsOperator\) is undefined/);
  });
});
