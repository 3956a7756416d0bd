import { ChartName } from '../../../lib/config/charts';
import { HELM_MULTI_TENANCY, HELM_NO_CREDENTIALS } from '../../../lib/compliance/rules/helm';
import { ChartRelease } from '../../../lib/helm/chart-release';
import { HelmValues } from '../../../lib/helm/values';
import { testStack } from '../../support/stack';
import { verdicts } from '../../support/compliance';

function release(chart: ChartName, baseValues: HelmValues, values?: HelmValues) {
  const stack = testStack();
  const r = new ChartRelease(stack, 'backend', { chart, baseValues, values });
  return { stack, address: `helm_release.${r.release.friendlyUniqueId}` };
}

describe('LGTM-HELM-1 multi-tenancy', () => {
  test.each<[ChartName, HelmValues]>([
    ['loki', {}],
    ['loki', { loki: { auth_enabled: true } }],
    ['mimir-distributed', {}],
    ['tempo', { tempo: { multitenancyEnabled: true } }],
    ['tempo-distributed', { multitenancyEnabled: true }],
  ])('LGTM-HELM-1 stays quiet on %s with %j', (chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'compliant' });
  });

  test('LGTM-HELM-1 fires when a user override turns Loki auth off', () => {
    const { stack, address } = release('loki', { loki: { auth_enabled: true } }, { loki: { auth_enabled: false } });
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'non-compliant: loki.auth_enabled is false' });
  });

  test("LGTM-HELM-1 fires on Tempo's chart default (multi-tenancy off)", () => {
    const { stack, address } = release('tempo', {});
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({ [address]: 'non-compliant: tempo.multitenancyEnabled is unset (chart default false)' });
  });

  test('LGTM-HELM-1 fires when Mimir multi-tenancy is turned off', () => {
    const { stack, address } = release('mimir-distributed', { mimir: { structuredConfig: { multitenancy_enabled: false } } });
    expect(verdicts(stack, HELM_MULTI_TENANCY)[address]).toBe('non-compliant: mimir.structuredConfig.multitenancy_enabled is false');
  });

  test('does not look at charts without tenants', () => {
    const { stack } = release('grafana', {});
    expect(verdicts(stack, HELM_MULTI_TENANCY)).toEqual({});
  });
});

describe('LGTM-HELM-2 no credentials in values', () => {
  test.each<[string, ChartName, HelmValues]>([
    ['S3 through the workload role (no keys), credentials in Secrets', 'loki', {
      loki: { storage: { type: 's3', s3: { region: 'eu-west-1', accessKeyId: null, secretAccessKey: '' } } },
      serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/loki' } },
    }],
    ['Grafana reading its secrets from files, env and existing Secrets', 'grafana', {
      admin: { existingSecret: 'grafana-admin', userKey: 'user', passwordKey: 'password' },
      'grafana.ini': { database: { password: '$__file{/etc/secrets/db/password}' }, security: { secret_key: '$__env{GF_SECRET_KEY}' } },
      envValueFrom: { GF_DATABASE_PASSWORD: { secretKeyRef: { name: 'grafana-db', key: 'password' } } },
    }],
    ['the load balancer controller bound to its role', 'aws-load-balancer-controller', { clusterName: 'lgtm-test', serviceAccount: { create: true, name: 'aws-load-balancer-controller' } }],
  ])('LGTM-HELM-2 stays quiet on %s', (_, chart, values) => {
    const { stack, address } = release(chart, values);
    expect(verdicts(stack, HELM_NO_CREDENTIALS)).toEqual({ [address]: 'compliant' });
  });

  test('LGTM-HELM-2 fires on an S3 access key pair in Loki values', () => {
    const { stack, address } = release('loki', { loki: { storage: { s3: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: '${var.secret}' } } } });
    expect(verdicts(stack, HELM_NO_CREDENTIALS)[address]).toBe(
      'non-compliant: loki.storage.s3.accessKeyId: static AWS credentials; loki.storage.s3.secretAccessKey: static AWS credentials',
    );
  });

  test('LGTM-HELM-2 fires on AWS keys in a container environment, even from a Secret', () => {
    const { stack, address } = release('grafana', { env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' } }, {
      extraContainers: [{ name: 'sidecar', env: [{ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws', key: 'secret' } } }] }],
    });
    expect(verdicts(stack, HELM_NO_CREDENTIALS)[address]).toBe(
      'non-compliant: env.AWS_ACCESS_KEY_ID: static AWS credentials; extraContainers[0].env[0] (AWS_SECRET_ACCESS_KEY): static AWS credentials',
    );
  });

  test("LGTM-HELM-2 fires when the load balancer controller is given keys from a Secret (envSecretName)", () => {
    const stack = testStack();
    const r = new ChartRelease(stack, 'lbc', {
      chart: 'aws-load-balancer-controller',
      baseValues: { clusterName: 'lgtm-test', envSecretName: 'aws-secret' },
      allowUnknownValues: [{ path: 'envSecretName', reason: 'the chart reads it; its values.yaml only mentions it in a comment' }],
    });
    expect(verdicts(stack, HELM_NO_CREDENTIALS)[`helm_release.${r.release.friendlyUniqueId}`]).toBe(
      'non-compliant: envSecretName: static AWS credentials from a Secret',
    );
  });

  test('LGTM-HELM-2 fires on a literal password in Grafana\'s configuration', () => {
    const { stack, address } = release('grafana', { 'grafana.ini': { database: { password: 'hunter2' }, security: { secret_key: 'abc' } } });
    expect(verdicts(stack, HELM_NO_CREDENTIALS)[address]).toBe(
      'non-compliant: grafana.ini.database.password: literal credential; grafana.ini.security.secret_key: literal credential',
    );
  });

  test('looks at every chart', () => {
    expect(HELM_NO_CREDENTIALS.charts).toBe('*');
  });
});
