import { X509Certificate } from 'crypto';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { SessionStore } from '../../lib/aws/session-store';
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { PyroscopeEndpoints } from '../../lib/backends/pyroscope-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { HELM_NO_CREDENTIALS } from '../../lib/compliance/rules/helm';
import { CHARTS } from '../../lib/config/charts';
import { Tier } from '../../lib/config/tier';
import { datasourceLinks, datasourceTenant } from '../../lib/grafana/datasources';
import { GrafanaHA, GrafanaHAProps } from '../../lib/grafana/grafana-ha';
import { GRAFANA_TIER_LAYOUTS } from '../../lib/grafana/grafana-values';
import { pemCertificates, rdsCaBundle } from '../../lib/grafana/rds-ca';
import { valueAt } from '../../lib/helm/values';
import { ExternalSecretsOperator } from '../../lib/secrets/external-secrets-operator';
import { warningsOf } from '../support/annotations';
import { verdicts } from '../support/compliance';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { SynthesizedStack, resourcesOf, synthJson } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;

const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];
const TENANTS = ['platform', 'payments'];
const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0123abcd-AbCdEf';
const TOKEN_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:lgtm-test-sessions-auth-XyZ123';
const SSO_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:grafana-sso-QwErTy';
const CERT = 'arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012';
const DB_HOST = 'lgtm-test-grafana.abc123.eu-west-1.rds.amazonaws.com';
const CACHE_HOST = 'master.lgtm-test-sessions.abc123.euw1.cache.amazonaws.com';

const metrics = MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80', tenants: TENANTS });
const logs = LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' });
const traces = TempoEndpoints.external({
  otlpGrpcUrl: 'tempo-distributor.lgtm.svc.cluster.local:4317',
  otlpHttpUrl: 'http://tempo-distributor.lgtm.svc.cluster.local:4318',
  queryUrl: 'http://tempo-query-frontend.lgtm.svc.cluster.local:3200',
});
const profiles = PyroscopeEndpoints.external({ url: 'http://pyroscope-query-frontend.lgtm.svc.cluster.local:4040' });

const SSO = {
  authUrl: 'https://idp.example.com/oauth2/authorize',
  tokenUrl: 'https://idp.example.com/oauth2/token',
  apiUrl: 'https://idp.example.com/oauth2/userinfo',
  clientId: 'grafana',
  clientSecretArn: SSO_SECRET,
  roleAttributePath: "contains(groups[*], 'grafana-admins') && 'Admin' || 'Viewer'",
};

interface Built {
  readonly stack: TerraformStack;
  readonly grafana: GrafanaHA;
  readonly values: Values;
}

/** A GrafanaHA with every backend, an HTTPS ingress and SSO, over `overrides`. */
function build(overrides: Partial<GrafanaHAProps> = {}, tier: Tier = 'microservices', production = false): Built {
  const stack = testStack();
  const secrets = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1', production });
  const grafana = new GrafanaHA(stack, 'grafana', {
    tier,
    production,
    cluster: FAKE_CLUSTER,
    region: 'eu-west-1',
    database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: DB_HOST, masterSecretArn: DB_SECRET }),
    sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: CACHE_HOST, authSecretArn: TOKEN_SECRET }),
    secrets,
    tenants: TENANTS,
    metrics,
    logs,
    traces,
    profiles,
    ingress: { host: 'grafana.example.com', certificateArn: CERT },
    sso: SSO,
    ...overrides,
  });
  return { stack, grafana, values: grafana.release.values as Values };
}

/** The values as Helm receives them: the helm_release's YAML after Terraform renders `$${` to `${`. */
function renderedValues(json: SynthesizedStack): Values {
  const release = Object.values(resourcesOf(json, 'helm_release')).find((r) => r.chart === 'grafana')!;
  return parse(((release.values as string[])[0]).replace(/\$\$\{/g, '${')) as Values;
}

function extraObjects(values: Values, kind?: string): Values[] {
  return (values.extraObjects as Values[]).filter((o) => kind === undefined || o.kind === kind);
}

/** The Helm tpl wrapper {{`...`}} removed: the text the cluster receives. */
function untpl(text: string): string {
  return text.replace(/^\{\{`([\s\S]*)`\}\}$/, '$1');
}

describe.each(TIERS.flatMap((tier) => [false, true].map((production) => [tier, production] as const)))('GrafanaHA %s (production %s)', (tier, production) => {
  const built = () => build({}, tier, production);

  test('runs 2 pods (3 in production) that autoscale from there, with a budget and spread over zones', () => {
    const { values, grafana } = built();
    const replicas = production ? 3 : 2;
    expect(grafana.replicas).toBe(replicas);
    expect(values.replicas).toBe(replicas);
    expect(values.autoscaling).toMatchObject({ enabled: true, minReplicas: replicas, maxReplicas: GRAFANA_TIER_LAYOUTS[tier].maxReplicas });
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.resources.requests.cpu).toBe(GRAFANA_TIER_LAYOUTS[tier].resources.cpu);
    const zone = (values.topologySpreadConstraints as Values[]).find((c) => c.topologyKey === 'topology.kubernetes.io/zone')!;
    expect(zone).toMatchObject({
      maxSkew: 1,
      whenUnsatisfiable: production ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'grafana' } },
    });
    expect(values.persistence).toEqual({ enabled: false });
  });

  test('keeps its state in PostgreSQL over verify-full TLS against the RDS CAs of the region, and its cache in the session store over TLS', () => {
    const { values } = built();
    const ini = values['grafana.ini'];
    expect(ini.database).toEqual({
      type: 'postgres',
      host: `${DB_HOST}:5432`,
      name: 'grafana',
      user: 'grafana',
      password: '$__file{/etc/grafana/secrets/database/quoted_password}',
      ssl_mode: 'verify-full',
      ca_cert_path: '/etc/grafana/rds-ca/ca.pem',
    });
    expect(ini.remote_cache).toEqual({
      type: 'redis',
      connstr: `addr=${CACHE_HOST}:6379,password=$__file{/etc/grafana/secrets/session-store/token},db=0,pool_size=100,ssl=true`,
    });
    const ca = extraObjects(values, 'ConfigMap')[0];
    expect(ca.metadata).toEqual({ name: 'grafana-database-ca', namespace: 'lgtm' });
    expect(ca.data['ca.pem']).toBe(rdsCaBundle('eu-west-1'));
    expect(pemCertificates(ca.data['ca.pem']).map((p) => new X509Certificate(p).subject)).toEqual(
      expect.arrayContaining([expect.stringContaining('CN=Amazon RDS eu-west-1 Root CA RSA2048 G1')]),
    );
    expect(values.extraConfigmapMounts).toEqual([{ name: 'database-ca', mountPath: '/etc/grafana/rds-ca', configMap: 'grafana-database-ca', readOnly: true }]);
  });

  test('clusters unified alerting over memberlist on the headless Service, with one secret_key for every pod', () => {
    const json = synthJson(built().stack);
    const values = renderedValues(json);
    expect(values.headlessService).toBe(true);
    expect(values['grafana.ini'].unified_alerting).toMatchObject({
      enabled: true,
      ha_peers: 'grafana-headless.lgtm.svc.cluster.local:9094',
      // What Helm receives once Terraform has rendered the plan; Grafana expands ${POD_IP} itself.
      ha_advertise_address: '${POD_IP}:9094',
    });
    expect(values['grafana.ini'].security.secret_key).toBe('$__env{GRAFANA_SECRET_KEY}');
    expect(values.envValueFrom).toEqual({ GRAFANA_SECRET_KEY: { secretKeyRef: { name: 'grafana-generated', key: 'secret_key' } } });
  });

  test('holds no literal secret: LGTM-HELM-2 stays quiet, and the chart\'s own leak check stays on', () => {
    const { stack, grafana, values } = built();
    expect(verdicts(stack, HELM_NO_CREDENTIALS, production)[`helm_release.${grafana.release.release.friendlyUniqueId}`]).toBe('compliant');
    expect(values.assertNoLeakedSecrets).toBe(true);
    expect(values.admin).toEqual({ existingSecret: 'grafana-generated', passwordKey: 'admin_password' });
    expect(values.adminPassword).toBeUndefined();
  });

  test('every correlation link points at a uid of the same tenant', () => {
    const list = renderedValues(synthJson(built().stack)).datasources['datasources.yaml'].datasources as Values[];
    expect(list).toHaveLength(8);
    const links = datasourceLinks(list);
    expect(links).toHaveLength(14);
    for (const link of links) {
      const target = list.find((d) => d.uid === link.to);
      expect(target).toBeDefined();
      expect(datasourceTenant(target)).toBe(datasourceTenant(list.find((d) => d.uid === link.from)));
    }
  });

  test('the ExternalSecrets name only the platform\'s secret ARNs, and the operator\'s role can read only those', () => {
    const { stack, values } = built();
    const remote = extraObjects(values, 'ExternalSecret').flatMap((e) => (e.spec.data ?? []).map((d: Values) => d.remoteRef));
    expect(remote).toEqual([{ key: DB_SECRET, property: 'password' }, { key: TOKEN_SECRET }, { key: SSO_SECRET }]);
    expect(extraObjects(values, 'SecretStore')).toEqual([{
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'grafana-secrets-manager', namespace: 'lgtm' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } },
    }]);
    const json = synthJson(stack);
    const policy = Object.entries(json.data?.aws_iam_policy_document ?? {}).find(([id]) => id.startsWith('eso_role_permissions'))![1];
    const statements = policy.statement as { actions: string[]; resources: string[] }[];
    expect(statements.flatMap((s) => s.resources).sort()).toEqual([DB_SECRET, SSO_SECRET, TOKEN_SECRET].sort());
    expect(statements.find((s) => s.resources.includes(SSO_SECRET))!.actions).toEqual(['secretsmanager:GetSecretValue']);
    expect([...new Set(statements.flatMap((s) => s.actions))].sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  test('an HTTPS-only internal ALB with the certificate, TLS policy, IP targets and the VPC as its allowed CIDR', () => {
    const { values } = built();
    expect(values.ingress).toEqual({
      enabled: true,
      ingressClassName: 'alb',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internal',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
        'alb.ingress.kubernetes.io/healthcheck-path': '/api/health',
        'alb.ingress.kubernetes.io/inbound-cidrs': '10.0.0.0/16',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        'alb.ingress.kubernetes.io/certificate-arn': CERT,
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      },
      hosts: ['grafana.example.com'],
      path: '/',
      pathType: 'Prefix',
      tls: [],
    });
    expect(values['grafana.ini'].server).toEqual({ root_url: 'https://grafana.example.com/' });
    expect(values['grafana.ini'].security.cookie_secure).toBe(true);
  });

  test('synthesizes with every validation (the values check against the pinned chart included)', () => {
    const { stack, grafana } = built();
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(grafana.release.pin).toEqual(CHARTS.grafana);
  });
});

describe('GrafanaHA secrets', () => {
  test('LGTM-HELM-2 fires when a values override writes the database password in clear', () => {
    const { stack, grafana } = build({ values: { 'grafana.ini': { database: { password: 'hunter2-in-the-plan' } } } });
    expect(verdicts(stack, HELM_NO_CREDENTIALS)[`helm_release.${grafana.release.release.friendlyUniqueId}`]).toBe(
      'non-compliant: grafana.ini.database.password: literal credential',
    );
  });

  test('the database password reaches the pod quoted for the PostgreSQL connection string, through an ESO template', () => {
    const { values } = build();
    const db = extraObjects(values, 'ExternalSecret').find((e) => e.metadata.name === 'grafana-database')!;
    expect(db.spec.refreshInterval).toBe('5m');
    expect(db.spec.target.template.engineVersion).toBe('v2');
    // Helm's tpl would run ESO's template itself: it reaches the cluster wrapped as a raw string.
    const template = untpl(db.spec.target.template.data.quoted_password);
    expect(template).toBe(String.raw`'{{ .password | replace "\\" "\\\\" | replace "'" "\\'" }}'`);
    // What that template makes of a password with every character libpq treats specially.
    const render = (password: string) => `'${password.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    expect(render(String.raw`a'b\c d`)).toBe(String.raw`'a\'b\\c d'`);
    expect(values.extraSecretMounts).toContainEqual({
      name: 'database-password', mountPath: '/etc/grafana/secrets/database', secretName: 'grafana-database', readOnly: true, defaultMode: 0o440,
    });
  });

  test('the admin password and secret_key are generated in the cluster, never in the plan', () => {
    const { values, grafana } = build();
    const generated = extraObjects(values).filter((o) => o.metadata.name === 'grafana-generated');
    expect(generated.map((o) => o.kind)).toEqual(['Password', 'ExternalSecret']);
    expect(generated[0].spec.secretKeys).toEqual(['admin_password', 'secret_key']);
    expect(generated[1].spec.refreshInterval).toBe('0');
    expect(grafana.adminPassword).toEqual({ secretName: 'grafana-generated', key: 'admin_password' });
  });

  test('the SSO client secret comes from its ARN alone; a customer KMS key is decrypted only through Secrets Manager', () => {
    const kms = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { stack, values } = build({ sso: { ...SSO, clientSecretProperty: 'client_secret', clientSecretKmsKeyArn: kms } });
    const sso = extraObjects(values, 'ExternalSecret').find((e) => e.metadata.name === 'grafana-sso')!;
    expect(sso.spec.data).toEqual([{ secretKey: 'client_secret', remoteRef: { key: SSO_SECRET, property: 'client_secret' } }]);
    expect(values['grafana.ini']['auth.generic_oauth']).toMatchObject({
      enabled: true,
      client_id: 'grafana',
      client_secret: '$__file{/etc/grafana/secrets/sso/client_secret}',
      scopes: 'openid email profile',
      role_attribute_path: SSO.roleAttributePath,
      role_attribute_strict: true,
      use_pkce: true,
    });
    const policy = Object.entries(synthJson(stack).data?.aws_iam_policy_document ?? {}).find(([id]) => id.startsWith('eso_role_permissions'))![1];
    expect(policy.statement).toContainEqual({
      actions: ['kms:Decrypt'],
      effect: 'Allow',
      resources: [kms],
      condition: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['secretsmanager.*.amazonaws.com'] }],
    });
  });

  test('without SSO there is no SSO secret, grant or mount', () => {
    const { values, stack } = build({ sso: undefined });
    expect(extraObjects(values, 'ExternalSecret').map((e) => e.metadata.name)).toEqual(['grafana-database', 'grafana-session-store', 'grafana-generated']);
    expect(values['grafana.ini']['auth.generic_oauth']).toBeUndefined();
    expect((values.extraSecretMounts as Values[]).map((m) => m.name)).toEqual(['database-password', 'session-store-token']);
    const policy = Object.entries(synthJson(stack).data?.aws_iam_policy_document ?? {}).find(([id]) => id.startsWith('eso_role_permissions'))![1];
    expect((policy.statement as { resources: string[] }[]).flatMap((s) => s.resources)).not.toContain(SSO_SECRET);
  });

  test('rotation: the synced secrets refresh every secretsRefreshInterval, and the chart\'s liveness probe on /api/health (which checks the database) is kept', () => {
    const { values } = build({ secretsRefreshInterval: '2m' });
    const synced = extraObjects(values, 'ExternalSecret').filter((e) => e.metadata.name !== 'grafana-generated');
    expect(synced.map((e) => e.spec.refreshInterval)).toEqual(['2m', '2m', '2m']);
    expect(values.livenessProbe).toBeUndefined();
  });

  test('the release waits for the operator (its CRDs and webhook) and for what dependsOn lists', () => {
    const stack = testStack();
    const marker = new S3Bucket(stack, 'marker', {});
    const secrets = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' });
    const grafana = new GrafanaHA(stack, 'grafana', {
      tier: 'monolithic',
      cluster: FAKE_CLUSTER,
      region: 'eu-west-1',
      database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: DB_HOST, masterSecretArn: DB_SECRET }),
      sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: CACHE_HOST, authSecretArn: TOKEN_SECRET }),
      secrets,
      tenants: TENANTS,
      dependsOn: [marker],
    });
    const release = resourcesOf(synthJson(stack), 'helm_release')[grafana.release.release.friendlyUniqueId];
    expect(release.depends_on).toEqual([`aws_s3_bucket.${marker.friendlyUniqueId}`, `helm_release.${secrets.release.release.friendlyUniqueId}`]);
  });

  test('a database known only at apply is written as a Terraform reference, and every other ${ is escaped', () => {
    const stack = testStack();
    const endpoint = new TerraformVariable(stack, 'db_endpoint', { type: 'string' });
    const grafana = new GrafanaHA(stack, 'grafana', {
      tier: 'monolithic',
      cluster: FAKE_CLUSTER,
      region: 'eu-west-1',
      database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: endpoint.stringValue, masterSecretArn: DB_SECRET }),
      sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: CACHE_HOST, authSecretArn: TOKEN_SECRET }),
      secrets: new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' }),
      tenants: TENANTS,
      metrics,
      logs,
      traces,
    });
    const release = resourcesOf(synthJson(stack), 'helm_release')[grafana.release.release.friendlyUniqueId];
    const text = (release.values as string[])[0];
    expect(text).toContain('host: ${var.db_endpoint}:5432');
    // Every ${ that is not escaped ($${) is a Terraform reference.
    const unescaped = [...text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)].map((m) => m[1]);
    expect(unescaped).toEqual(['var.db_endpoint']);
  });
});

describe('GrafanaHA data sources and ingress', () => {
  test('data sources exist only for the backends given', () => {
    const { values, grafana } = build({ logs: undefined, profiles: undefined });
    const list = values.datasources['datasources.yaml'].datasources as Values[];
    expect(list.map((d) => d.uid)).toEqual(['mimir-platform', 'tempo-platform', 'mimir-payments', 'tempo-payments']);
    expect(grafana.datasources.map((d) => d.type)).toEqual(['prometheus', 'tempo', 'prometheus', 'tempo']);
    expect(valueAt(list[1], 'jsonData.tracesToLogsV2')).toBeUndefined();
    expect(valueAt(list[1], 'jsonData.tracesToProfiles')).toBeUndefined();
  });

  test('without ingress there is no Ingress and no public URL', () => {
    const { values, grafana } = build({ ingress: undefined, sso: undefined });
    expect(values.ingress).toEqual({ enabled: false });
    expect(grafana.publicUrl).toBeUndefined();
    expect(grafana.url).toBe('http://grafana.lgtm.svc.cluster.local:80');
  });

  test('an internet-facing ALB admits only the CIDRs listed', () => {
    const { values } = build({ ingress: { host: 'grafana.example.com', certificateArn: CERT, scheme: 'internet-facing', allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'] } });
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internet-facing');
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/inbound-cidrs']).toBe('203.0.113.0/24,198.51.100.0/24');
  });

  test('outside production an ingress without a certificate listens on HTTP and warns', () => {
    const { values, grafana } = build({ ingress: { host: 'grafana.example.com' }, sso: undefined });
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTP":80}]');
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/certificate-arn']).toBeUndefined();
    expect(warningsOf(grafana).join('\n')).toMatch(/ingress has no certificateArn/);
  });

  test('production warns when the ALB admits the whole internet', () => {
    const { grafana } = build({ ingress: { host: 'grafana.example.com', certificateArn: CERT, scheme: 'internet-facing', allowedCidrs: ['0.0.0.0/0'] } }, 'microservices', true);
    expect(warningsOf(grafana).join('\n')).toMatch(/ingress.allowedCidrs has 0.0.0.0\/0/);
  });

  test('a values override is merged last and checked like the construct\'s own values', () => {
    const { values } = build({ values: { resources: { limits: { memory: '4Gi' } } } });
    expect(values.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } });
    expect(() => build({ values: { replicaz: 3 } })).toThrow(/replicaz/);
  });

  test('a databaseCaBundle replaces the RDS bundle', () => {
    const bundle = rdsCaBundle('us-east-1')!;
    const { values } = build({ databaseCaBundle: bundle });
    expect(extraObjects(values, 'ConfigMap')[0].data['ca.pem']).toBe(bundle);
  });

  test('a namespace moves every object and the memberlist peers', () => {
    const { values, grafana } = build({ namespace: 'observability' });
    expect(grafana.namespace).toBe('observability');
    expect(values['grafana.ini'].unified_alerting.ha_peers).toBe('grafana-headless.observability.svc.cluster.local:9094');
    expect(new Set(extraObjects(values).map((o) => o.metadata.namespace))).toEqual(new Set(['observability']));
  });

  test('unresolved tokens are skipped by the validation', () => {
    const stack = testStack();
    const cert = new TerraformVariable(stack, 'cert', { type: 'string' });
    const cidr = new TerraformVariable(stack, 'cidr', { type: 'string' });
    expect(() => new GrafanaHA(stack, 'grafana', {
      tier: 'monolithic',
      production: true,
      cluster: FAKE_CLUSTER,
      region: 'eu-west-1',
      database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: DB_HOST, masterSecretArn: DB_SECRET }),
      sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: CACHE_HOST, authSecretArn: TOKEN_SECRET }),
      secrets: new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1', production: true }),
      tenants: TENANTS,
      ingress: { certificateArn: cert.stringValue, allowedCidrs: [cidr.stringValue] },
    })).not.toThrow();
  });
});

describe('GrafanaHA validation', () => {
  test('fails if two data sources share a uid (a values override included)', () => {
    const duplicate = { name: 'Other', type: 'prometheus', uid: 'mimir-platform', access: 'proxy', url: 'http://other:9090' };
    const list = [...build().grafana.datasources, duplicate];
    expect(() => build({ values: { datasources: { 'datasources.yaml': { apiVersion: 1, datasources: list } } } })).toThrow(
      "GrafanaHA 'test/grafana': datasources has uid 'mimir-platform' 2 times, but data source uids must be unique",
    );
  });

  test('fails if metricsScrapeIntervalSeconds is not a positive integer', () => {
    expect(() => build({ metricsScrapeIntervalSeconds: 0 })).toThrow("GrafanaHA 'test/grafana': metricsScrapeIntervalSeconds is 0, but it must be a positive integer of seconds");
  });

  test('fails if replicas is 0', () => {
    expect(() => build({ replicas: 0 })).toThrow("GrafanaHA 'test/grafana': replicas is 0, but it must be a positive integer");
  });

  test('fails if production runs a single pod', () => {
    expect(() => build({ replicas: 1 }, 'microservices', true)).toThrow(/replicas is 1, but production needs at least 2/);
  });

  test('fails if production has an ingress without a certificate', () => {
    expect(() => build({ ingress: { host: 'grafana.example.com' }, sso: undefined }, 'microservices', true)).toThrow(
      "GrafanaHA 'test/grafana': ingress.certificateArn is undefined, but production serves Grafana over HTTPS only; give an ACM certificate ARN for ingress.host",
    );
  });

  test('fails if a CIDR is invalid', () => {
    expect(() => build({ ingress: { certificateArn: CERT, allowedCidrs: ['10.0.0.0/33'] }, sso: undefined })).toThrow(
      "ingress.allowedCidrs[0] is '10.0.0.0/33', but the prefix length must be 0-32",
    );
    expect(() => build({ ingress: { certificateArn: CERT, allowedCidrs: ['10.0.0.1/16'] }, sso: undefined })).toThrow(/allowedCidrs\[0\] is '10.0.0.1\/16', but the address has host bits set/);
    expect(() => build({ ingress: { certificateArn: CERT, allowedCidrs: [] }, sso: undefined })).toThrow(/allowedCidrs is \[\], but it must list at least one IPv4 CIDR/);
  });

  test('fails if the certificate ARN is not an ACM certificate, or of another region', () => {
    expect(() => build({ ingress: { host: 'grafana.example.com', certificateArn: 'arn:aws:iam::111122223333:server-certificate/grafana' } })).toThrow(
      "ingress.certificateArn is 'arn:aws:iam::111122223333:server-certificate/grafana', but it must be an ACM certificate ARN",
    );
    expect(() => build({ ingress: { host: 'grafana.example.com', certificateArn: CERT.replace('eu-west-1', 'us-east-1') } })).toThrow(
      "ingress.certificateArn is in us-east-1, but the ALB is in 'eu-west-1'",
    );
  });

  test('fails if an internet-facing ALB lists no CIDRs', () => {
    expect(() => build({ ingress: { host: 'grafana.example.com', certificateArn: CERT, scheme: 'internet-facing' } })).toThrow(/ingress.allowedCidrs is undefined, but an internet-facing ALB needs/);
  });

  test('fails if a tenant id is invalid, repeated, missing or not served by the Mimir', () => {
    expect(() => build({ tenants: ['platform', 'bad tenant'] })).toThrow(/tenants\[1\] is 'bad tenant', but 1-150 characters/);
    expect(() => build({ tenants: ['platform', 'platform'] })).toThrow(/tenants lists 'platform' twice/);
    expect(() => build({ tenants: [] })).toThrow(/tenants is \[\], but at least one tenant id is required/);
    expect(() => build({ tenants: ['platform', 'search'] })).toThrow("tenants has 'search', but metrics (the Mimir) serves only [\"platform\",\"payments\"]");
  });

  test('fails if SSO is half configured, not https, its secret is no Secrets Manager ARN, or there is no host', () => {
    const { clientSecretArn: _, ...noSecret } = SSO;
    expect(() => build({ sso: noSecret as typeof SSO })).toThrow(
      'sso has no clientSecretArn, but generic OAuth needs all of authUrl, tokenUrl, apiUrl, clientId, clientSecretArn (or no sso at all)',
    );
    expect(() => build({ sso: { ...SSO, tokenUrl: 'http://idp.example.com/token' } })).toThrow(/sso.tokenUrl is 'http:\/\/idp.example.com\/token', but it must be an https:\/\/ URL/);
    expect(() => build({ sso: { ...SSO, clientSecretArn: 'client-secret-in-clear' } })).toThrow(/sso.clientSecretArn is 'client-secret-in-clear', but it must be a Secrets Manager secret ARN/);
    expect(() => build({ sso: { ...SSO, scopes: ['openid email'] } })).toThrow(/sso.scopes has 'openid email'/);
    expect(() => build({ ingress: { certificateArn: CERT } })).toThrow(/sso is set, but ingress.host is undefined/);
  });

  test('fails if the region has no vendored RDS CA and no databaseCaBundle is given, or the bundle is not one', () => {
    expect(() => build({ region: 'us-gov-west-1', ingress: undefined, sso: undefined })).toThrow(/region is 'us-gov-west-1', but the vendored RDS CA bundle covers only af-south-1, .*; pass databaseCaBundle/);
    expect(() => build({ databaseCaBundle: 'not a certificate' })).toThrow('databaseCaBundle is not a usable CA bundle: it holds no PEM certificate');
    const stack = testStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    expect(() => new GrafanaHA(stack, 'grafana', {
      tier: 'monolithic',
      cluster: FAKE_CLUSTER,
      region: region.stringValue,
      database: GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: DB_HOST, masterSecretArn: DB_SECRET }),
      sessionStore: SessionStore.fromAttributes(stack, 'sessions', { endpoint: CACHE_HOST, authSecretArn: TOKEN_SECRET }),
      secrets: new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' }),
      tenants: TENANTS,
    })).toThrow(/region is known only at apply, so the RDS CAs .* pass databaseCaBundle/);
  });

  test('fails if the tier, region, namespace or refresh interval is invalid', () => {
    expect(() => build({ tier: 'huge' as Tier })).toThrow("tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices");
    expect(() => build({ region: 'europe' })).toThrow("region is 'europe', but it must be an AWS region code such as eu-west-1");
    expect(() => build({ namespace: 'Grafana' })).toThrow(/namespace is 'Grafana', but it must be a lowercase DNS label/);
    expect(() => build({ secretsRefreshInterval: '0' })).toThrow(/secretsRefreshInterval is '0', but it must be a Go duration/);
  });

  test('fails if a values override turns off the chart\'s leak check or the autoscaler', () => {
    expect(() => build({ values: { assertNoLeakedSecrets: false } })).toThrow(/values.assertNoLeakedSecrets is false/);
    expect(() => build({ values: { autoscaling: { enabled: false } } })).toThrow(/values.autoscaling.enabled is false/);
  });

  test('lists every problem in one error', () => {
    expect(() => build({ replicas: 0, tenants: ['a b'], ingress: { certificateArn: 'x', allowedCidrs: ['nope'] } })).toThrow(
      /replicas is 0.*tenants\[0\] is 'a b'.*ingress.certificateArn is 'x'.*ingress.allowedCidrs\[0\] is 'nope'.*sso is set, but ingress.host is undefined/,
    );
  });
});
