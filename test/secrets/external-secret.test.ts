import { TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { GrafanaDatabase } from '../../lib/aws/grafana-database';
import { ChartRelease } from '../../lib/helm/chart-release';
import {
  ExternalSecretOptions, GeneratedSecretOptions, SecretStoreOptions, externalSecretManifest, generatedSecretManifests, secretStoreManifest,
} from '../../lib/secrets/external-secret';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-grafana-AbCdEf';
const STORE: SecretStoreOptions = { name: 'aws', namespace: 'grafana', region: 'eu-west-1' };
const SYNCED: ExternalSecretOptions = {
  name: 'grafana-db',
  namespace: 'grafana',
  storeName: 'aws',
  data: [
    { secretKey: 'GF_DATABASE_USER', remoteRef: { key: DB_SECRET, property: 'username' } },
    { secretKey: 'GF_DATABASE_PASSWORD', remoteRef: { key: DB_SECRET, property: 'password' } },
  ],
};
const GENERATED: GeneratedSecretOptions = { name: 'grafana-generated', namespace: 'grafana', keys: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_SECRET_KEY'] };

describe('secretStoreManifest', () => {
  test("a namespaced AWS Secrets Manager store with no auth: the controller's own role", () => {
    expect(secretStoreManifest(STORE)).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: 'aws', namespace: 'grafana' },
      spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } } },
    });
  });

  test.each<[string, Partial<SecretStoreOptions>, RegExp]>([
    ['the name is not a DNS name', { name: 'AWS Store' }, /secretStoreManifest 'grafana\/AWS Store': name is 'AWS Store', but it must be a lowercase DNS subdomain name/],
    ['the name is missing', { name: '' }, /name is '', but it is required/],
    ['the namespace is not a DNS label', { namespace: 'my.ns' }, /namespace is 'my.ns', but it must be a lowercase DNS label/],
    ['the namespace is missing', { namespace: undefined }, /namespace is undefined, but it is required/],
    ['the region is not a region', { region: 'EU' }, /region is 'EU', but it must be an AWS region code such as eu-west-1/],
    ['the region is missing', { region: '' }, /region is '', but it is required/],
  ])('fails if %s', (_, patch, message) => {
    expect(() => secretStoreManifest({ ...STORE, ...patch } as SecretStoreOptions)).toThrow(message);
  });
});

describe('externalSecretManifest', () => {
  test('writes the Secret of the same name from Secrets Manager through the store, every hour', () => {
    expect(externalSecretManifest(SYNCED)).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'grafana-db', namespace: 'grafana' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'SecretStore', name: 'aws' },
        target: { name: 'grafana-db', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
        data: [
          { secretKey: 'GF_DATABASE_USER', remoteRef: { key: DB_SECRET, property: 'username' } },
          { secretKey: 'GF_DATABASE_PASSWORD', remoteRef: { key: DB_SECRET, property: 'password' } },
        ],
      },
    });
  });

  test('a secret by name, its whole value, another interval', () => {
    const manifest = externalSecretManifest({ ...SYNCED, refreshInterval: '15m', data: [{ secretKey: 'TOKEN', remoteRef: { key: 'lgtm/prod/alerting-token' } }] });
    expect(manifest.spec).toMatchObject({ refreshInterval: '15m', data: [{ secretKey: 'TOKEN', remoteRef: { key: 'lgtm/prod/alerting-token' } }] });
    expect(JSON.stringify(manifest)).not.toContain('property');
  });

  test("does not share the caller's objects", () => {
    const data = [{ secretKey: 'A', remoteRef: { key: 'a' } }];
    const manifest = externalSecretManifest({ ...SYNCED, data });
    data.push({ secretKey: 'B', remoteRef: { key: 'b' } });
    expect((manifest.spec as { data: unknown[] }).data).toHaveLength(1);
  });

  test('an ARN known only at apply (a database built in the stack) is not checked, and Terraform fills it in', () => {
    const stack = testStack();
    const db = new GrafanaDatabase(stack, 'db', { cluster: FAKE_CLUSTER, environment: 'prod' });
    const objects = [
      secretStoreManifest(STORE),
      externalSecretManifest({ ...SYNCED, data: [{ secretKey: 'GF_DATABASE_PASSWORD', remoteRef: { key: db.masterSecretArn, property: 'password' } }] }),
      ...generatedSecretManifests(GENERATED),
    ];
    // A consumer's chart takes them as extraObjects; the values check accepts them there.
    new ChartRelease(stack, 'grafana', { chart: 'grafana', namespace: 'grafana', baseValues: { extraObjects: objects } });
    const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0] as { values: string[] };
    const extraObjects = parse(release.values[0]).extraObjects;
    expect(extraObjects.map((o: { kind: string }) => o.kind)).toEqual(['SecretStore', 'ExternalSecret', 'Password', 'ExternalSecret']);
    expect(extraObjects[1].spec.data[0].remoteRef.key).toBe('${aws_db_instance.db_instance_5A659807.master_user_secret[0].secret_arn}');
  });

  test('names known only at apply are not checked', () => {
    const stack = testStack();
    const name = new TerraformVariable(stack, 'name', { type: 'string' }).stringValue;
    expect(() => externalSecretManifest({ ...SYNCED, name, storeName: name })).not.toThrow();
  });

  test.each<[string, Partial<ExternalSecretOptions>, RegExp]>([
    ['the name is not a DNS name', { name: 'Grafana_DB' }, /externalSecretManifest 'grafana\/Grafana_DB': name is 'Grafana_DB', but it must be a lowercase DNS subdomain name/],
    ['the namespace is not a DNS label', { namespace: '-grafana' }, /namespace is '-grafana', but it must be a lowercase DNS label/],
    ['the store name is not a DNS name', { storeName: 'AWS' }, /storeName is 'AWS', but it must be the name of a SecretStore: a lowercase DNS subdomain name/],
    ['the store name is missing', { storeName: '' }, /storeName is '', but it is required/],
    ['data is empty', { data: [] }, /data is \[\], but at least one \{ secretKey, remoteRef \} is required/],
    ['a secret key is not an environment variable name', { data: [{ secretKey: 'admin-password', remoteRef: { key: 'a' } }] }, /data\[0\].secretKey is 'admin-password', but it must be an environment variable name: a letter or '_', then letters, digits or '_'/],
    ['a secret key starts with a digit', { data: [{ secretKey: '1PASSWORD', remoteRef: { key: 'a' } }] }, /data\[0\].secretKey is '1PASSWORD'/],
    ['a secret key is missing', { data: [{ remoteRef: { key: 'a' } } as never] }, /data\[0\].secretKey is undefined, but it must be an environment variable name/],
    ['a secret key is given twice', { data: [{ secretKey: 'A', remoteRef: { key: 'a' } }, { secretKey: 'A', remoteRef: { key: 'b' } }] }, /data has secretKey 'A' twice, but each key of the Secret must be given once/],
    ['a key is an ARN of another service', { data: [{ secretKey: 'A', remoteRef: { key: 'arn:aws:ssm:eu-west-1:111122223333:parameter/a' } }] }, /data\[0\].remoteRef.key is 'arn:aws:ssm:eu-west-1:111122223333:parameter\/a', but it must be a Secrets Manager secret ARN \(arn:aws:secretsmanager:<region>:<account>:secret:<name>\) or a secret name of 1-512 letters, digits and \/_\+=.@-/],
    ['a key is a name with a space', { data: [{ secretKey: 'A', remoteRef: { key: 'grafana db' } }] }, /data\[0\].remoteRef.key is 'grafana db', but it must be a Secrets Manager secret ARN/],
    ['a key is longer than 512 characters', { data: [{ secretKey: 'A', remoteRef: { key: 'a'.repeat(513) } }] }, /data\[0\].remoteRef.key is 'a{513}', but it must be/],
    ['a key is missing', { data: [{ secretKey: 'A', remoteRef: { key: '' } }] }, /data\[0\].remoteRef.key is '', but it is required/],
    ['a property is empty', { data: [{ secretKey: 'A', remoteRef: { key: 'a', property: '' } }] }, /data\[0\].remoteRef.property is '', but it must be a field of the secret's JSON value such as 'password'/],
    ['a property is a Helm template', { data: [{ secretKey: 'A', remoteRef: { key: 'a', property: '{{ .Values.x }}' } }] }, /data\[0\].remoteRef.property is '\{\{ .Values.x \}\}', but .*no '\{\{'/],
    ['the refresh interval is not a Go duration', { refreshInterval: '1 hour' }, /refreshInterval is '1 hour', but it must be a Go duration such as '1h', '30m' or '1h30m', or '0' to read once/],
    ['the refresh interval has days', { refreshInterval: '1d' }, /refreshInterval is '1d'/],
  ])('fails if %s', (_, patch, message) => {
    expect(() => externalSecretManifest({ ...SYNCED, ...patch } as ExternalSecretOptions)).toThrow(message);
  });

  test('lists every broken rule at once', () => {
    expect(() => externalSecretManifest({ ...SYNCED, storeName: 'AWS', refreshInterval: 'soon' })).toThrow(/storeName is 'AWS'.*; refreshInterval is 'soon'/);
  });
});

describe('generatedSecretManifests', () => {
  test('a Password generator and an ExternalSecret that reads it once, into an immutable Secret that outlives it', () => {
    expect(generatedSecretManifests(GENERATED)).toEqual([
      {
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'Password',
        metadata: { name: 'grafana-generated', namespace: 'grafana' },
        spec: { length: 32, symbols: 0, noUpper: false, allowRepeat: true, secretKeys: ['GF_SECURITY_ADMIN_PASSWORD', 'GF_SECURITY_SECRET_KEY'] },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'grafana-generated', namespace: 'grafana' },
        spec: {
          refreshInterval: '0',
          target: { name: 'grafana-generated', creationPolicy: 'Orphan', deletionPolicy: 'Retain', immutable: true },
          dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'grafana-generated' } } }],
        },
      },
    ]);
  });

  test('no store: nothing is read from AWS, nothing reaches Terraform but the names', () => {
    const [, externalSecret] = generatedSecretManifests(GENERATED);
    expect(externalSecret.spec).not.toHaveProperty('secretStoreRef');
    expect(externalSecret.spec).not.toHaveProperty('data');
  });

  test('a longer value', () => {
    expect(generatedSecretManifests({ ...GENERATED, length: 64 })[0].spec).toMatchObject({ length: 64 });
  });

  test("does not share the caller's keys", () => {
    const keys = ['A'];
    const [generator] = generatedSecretManifests({ ...GENERATED, keys });
    keys.push('B');
    expect((generator.spec as { secretKeys: string[] }).secretKeys).toEqual(['A']);
  });

  test.each<[string, Partial<GeneratedSecretOptions>, RegExp]>([
    ['the name is not a DNS name', { name: 'Generated!' }, /generatedSecretManifests 'grafana\/Generated!': name is 'Generated!', but it must be a lowercase DNS subdomain name/],
    ['the namespace is not a DNS label', { namespace: 'a'.repeat(64) }, /namespace is 'a{64}', but it must be a lowercase DNS label/],
    ['keys is empty', { keys: [] }, /keys is \[\], but at least one key is required/],
    ['a key is not an environment variable name', { keys: ['secret-key'] }, /keys\[0\] is 'secret-key', but it must be an environment variable name/],
    ['a key is given twice', { keys: ['A', 'B', 'A'] }, /keys has 'A' twice, but each key of the Secret must be given once/],
    ['the length is too short', { length: 8 }, /length is 8, but it must be an integer of 16-128/],
    ['the length is too long', { length: 256 }, /length is 256, but it must be an integer of 16-128/],
    ['the length is not an integer', { length: 20.5 }, /length is 20.5, but it must be an integer of 16-128/],
  ])('fails if %s', (_, patch, message) => {
    expect(() => generatedSecretManifests({ ...GENERATED, ...patch })).toThrow(message);
  });
});
