import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { CHARTS } from '../../lib/config/charts';
import { deepMerge } from '../../lib/helm/values';
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT, ExternalSecretsOperator, ExternalSecretsOperatorProps } from '../../lib/secrets/external-secrets-operator';
import { FAKE_CLUSTER } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { SynthesizedStack, resourcesOf, synthJson } from '../support/synth';

const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-grafana-AbCdEf';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CHART_DIR = chartSourceDir('external-secrets', CHARTS['external-secrets'].version);

/** An operator whose role was granted the Grafana database's master secret (a role needs a grant to synth). */
function build(props: Partial<ExternalSecretsOperatorProps> = {}) {
  const stack = testStack();
  const operator = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1', ...props });
  const database = GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: 'db.example.com', masterSecretArn: DB_SECRET });
  database.grantSecretRead(operator.role);
  const json = synthJson(stack);
  return { stack, operator, json, release: releaseOf(json), values: valuesOf(json) };
}

function releaseOf(json: SynthesizedStack): Record<string, unknown> {
  const releases = Object.values(resourcesOf(json, 'helm_release'));
  expect(releases).toHaveLength(1);
  return releases[0];
}

function valuesOf(json: SynthesizedStack) {
  return parse((releaseOf(json).values as string[])[0]);
}

/** The statements of the role's permission policy, as synthesized. */
function permissions(json: SynthesizedStack): unknown {
  const docs = Object.entries(json.data?.aws_iam_policy_document ?? {}).filter(([k]) => k.startsWith('eso_role_permissions'));
  expect(docs).toHaveLength(1);
  return docs[0][1].statement;
}

describe('ExternalSecretsOperator', () => {
  test('the pinned chart in its own namespace, waiting for Helm (atomic)', () => {
    const { release, operator } = build();
    expect(release).toMatchObject({
      name: 'external-secrets',
      repository: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
      namespace: 'external-secrets',
      create_namespace: true,
      atomic: true,
    });
    expect(operator.namespace).toBe('external-secrets');
    expect(operator.region).toBe('eu-west-1');
  });

  test('installs the CRDs, the webhook and the certificate controller, and elects one leader', () => {
    const { values } = build();
    expect(values).toMatchObject({ installCRDs: true, leaderElect: true, webhook: { create: true }, certController: { create: true, replicaCount: 1 } });
  });

  test('namespace editors and admins get no SecretStore or ExternalSecret rights', () => {
    expect(build().values.rbac).toEqual({ aggregateToEdit: false, aggregateToAdmin: false });
  });

  test('modest resources for each of the three workloads', () => {
    const { values } = build();
    expect(values.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(values.webhook.resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(values.certController.resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  });

  test('outside production: one controller and one webhook pod, no budgets', () => {
    const { values } = build();
    expect(values.replicaCount).toBe(1);
    expect(values.webhook.replicaCount).toBe(1);
    expect(values.podDisruptionBudget).toEqual({ enabled: false });
    expect(values.webhook.podDisruptionBudget).toEqual({ enabled: false });
    expect(values.topologySpreadConstraints).toEqual([]);
  });

  test('production: two controller and two webhook pods over zones, each pair with a budget', () => {
    const { values } = build({ production: true });
    const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }];
    expect(values).toMatchObject({
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      topologySpreadConstraints: spread,
      webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 }, topologySpreadConstraints: spread },
      certController: { replicaCount: 1 },
    });
  });

  test('replicas sets both the controller and the webhook', () => {
    const { values } = build({ production: true, replicas: 3 });
    expect([values.replicaCount, values.webhook.replicaCount]).toEqual([3, 3]);
  });

  test("the final values are valid for the chart's own values.schema.json (Helm checks it at install)", () => {
    for (const production of [false, true]) {
      const defaults = parse(fs.readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'));
      const schema = JSON.parse(fs.readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8'));
      const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
      const valid = validate(deepMerge(defaults, build({ production }).values));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  test('the user values are merged last and checked against the chart like its own', () => {
    expect(build({ values: { log: { level: 'debug' } } }).values.log).toEqual({ level: 'debug' });
    expect(() => build({ values: { webhok: { replicaCount: 3 } } })).toThrow(/webhok.replicaCount: not a key of the chart \(did you mean webhook.replicaCount\?\)/);
  });

  describe('its role', () => {
    test('pod identity: bound to the controller service account, which needs no annotation', () => {
      const { json, values, operator } = build();
      expect(Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'))).toEqual([
        expect.objectContaining({ cluster_name: 'lgtm-test', namespace: 'external-secrets', service_account: 'external-secrets' }),
      ]);
      expect(values.serviceAccount).toEqual({ create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: {} });
      expect(operator.role).toMatchObject({ namespace: 'external-secrets', serviceAccount: 'external-secrets', mode: 'pod-identity' });
    });

    test('irsa: trusted for system:serviceaccount:external-secrets:external-secrets, which carries the role ARN', () => {
      const { json, values } = build({ identityMode: 'irsa' });
      expect(resourcesOf(json, 'aws_eks_pod_identity_association')).toEqual({});
      const trust = Object.entries(json.data!.aws_iam_policy_document).find(([k]) => k.startsWith('eso_role_trust'))![1];
      expect(JSON.stringify(trust)).toContain('"values":["system:serviceaccount:external-secrets:external-secrets"]');
      expect(values.serviceAccount.annotations).toEqual({ 'eks.amazonaws.com/role-arn': '${aws_iam_role.eso_role_3179FAC1.arn}' });
    });

    test('a namespace of your own: the release and the binding move together', () => {
      const { json, release, operator } = build({ namespace: 'secrets' });
      expect(release.namespace).toBe('secrets');
      expect(operator.namespace).toBe('secrets');
      expect(Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'))).toEqual([
        expect.objectContaining({ namespace: 'secrets', service_account: 'external-secrets' }),
      ]);
    });

    test('has no permission until one is granted: the synth fails naming the role', () => {
      const stack = testStack();
      new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' });
      expect(permissions(JSON.parse(Testing.synth(stack)))).toEqual([]);
      expect(() => Testing.synth(stack, true)).toThrow(/WorkloadRole 'test\/eso\/role': statements is \[\], but a workload role needs at least one statement/);
    });

    test('after database.grantSecretRead(role): exactly that secret, and nothing else', () => {
      const { json } = build();
      expect(permissions(json)).toEqual([
        { effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [DB_SECRET] },
      ]);
      // One inline policy, no managed policy attached.
      expect(Object.keys(resourcesOf(json, 'aws_iam_role_policy'))).toHaveLength(1);
      expect(resourcesOf(json, 'aws_iam_role_policy_attachment')).toEqual({});
      expect(Object.values(resourcesOf(json, 'aws_iam_role'))[0]).not.toHaveProperty('managed_policy_arns');
    });

    test("a database built here: its RDS-managed secret by reference, and its key only through Secrets Manager", () => {
      const stack = testStack();
      const operator = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' });
      new GrafanaDatabase(stack, 'db', { cluster: FAKE_CLUSTER, environment: 'prod', kmsKeyArn: KEY }).grantSecretRead(operator.role);
      expect(permissions(synthJson(stack))).toEqual([
        { effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: ['${aws_db_instance.db_instance_5A659807.master_user_secret[0].secret_arn}'] },
        { effect: 'Allow', actions: ['kms:Decrypt'], resources: [KEY], condition: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['secretsmanager.*.amazonaws.com'] }] },
      ]);
    });

    test('the release waits for the role, its policy and its binding, and for what it is given', () => {
      const stack = testStack();
      const other = new TerraformVariable(stack, 'gate', {});
      const operator = new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1', dependsOn: [other] });
      GrafanaDatabase.fromAttributes(stack, 'db', { endpoint: 'db.example.com', masterSecretArn: DB_SECRET }).grantSecretRead(operator.role);
      expect(releaseOf(synthJson(stack)).depends_on).toEqual([
        'var.gate',
        'aws_iam_role.eso_role_3179FAC1',
        'aws_iam_role_policy.eso_role_policy_F8481073',
        'aws_eks_pod_identity_association.eso_role_association_BAE901B7',
      ]);
    });
  });

  test('ready is the Helm release: CRDs installed, webhook and certificate controller ready', () => {
    const { operator } = build();
    expect(operator.ready).toEqual([operator.release.release]);
  });

  test('a region known only at apply is not checked', () => {
    const stack = testStack();
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    expect(() => new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: region.stringValue })).not.toThrow();
  });

  test.each<[string, Partial<ExternalSecretsOperatorProps>, RegExp]>([
    ['the region is not a region', { region: 'Ireland' }, /ExternalSecretsOperator 'test\/eso': region is 'Ireland', but it must be an AWS region code such as eu-west-1/],
    ['the region is missing', { region: '' }, /region is '', but it is required/],
    ['the namespace is not a DNS label', { namespace: 'External_Secrets' }, /namespace is 'External_Secrets', but it must be a lowercase DNS label/],
    ['the identity mode is unknown', { identityMode: 'kiam' as never }, /identityMode is 'kiam', but allowed modes are 'pod-identity', 'irsa'/],
    ['replicas is not a positive integer', { replicas: 1.5 }, /replicas is 1.5, but it must be a positive integer/],
    ['production has one replica', { production: true, replicas: 1 }, /replicas is 1, but production needs at least 2/],
    ['the values rename the service account', { values: { serviceAccount: { name: 'eso' } } }, /values.serviceAccount.name is 'eso', but the controller must run as 'external-secrets'/],
    ['the values stop creating the service account', { values: { serviceAccount: { create: false } } }, /values.serviceAccount.create is false/],
    ['the values move the pods to another namespace', { values: { namespaceOverride: 'kube-system' } }, /values.namespaceOverride is 'kube-system', but the controller must run in namespace 'external-secrets'/],
    ['irsa on a cluster without an OIDC provider', { identityMode: 'irsa', cluster: { ...FAKE_CLUSTER, oidcProviderArn: undefined } }, /mode is 'irsa', but the cluster has no oidcProviderArn/],
  ])('fails if %s', (_, patch, message) => {
    expect(() => new ExternalSecretsOperator(testStack(), 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1', ...patch })).toThrow(message);
  });
});
