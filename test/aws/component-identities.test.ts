import * as fs from 'fs';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { ComponentBucket } from '../../lib/aws/component-bucket';
import { ILgtmBuckets } from '../../lib/aws/i-lgtm-buckets';
import { ComponentIdentities, ComponentIdentitiesProps, defaultServiceAccount } from '../../lib/aws/component-identities';
import { LgtmBuckets } from '../../lib/aws/lgtm-buckets';
import { CHARTS, ChartName } from '../../lib/config/charts';
import { FAKE_CLUSTER } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abc';

function external(kmsKeyArn?: string): ILgtmBuckets {
  const b = (purpose: Parameters<typeof ComponentBucket.fromAttributes>[0]['purpose']) =>
    ComponentBucket.fromAttributes({ purpose, name: `acme-${purpose}`, region: 'eu-west-1', kmsKeyArn });
  return {
    mimirBlocks: b('mimir-blocks'), mimirRuler: b('mimir-ruler'), mimirAlertmanager: b('mimir-alertmanager'),
    lokiChunks: b('loki-chunks'), lokiRuler: b('loki-ruler'), tempoTraces: b('tempo-traces'), pyroscopeData: b('pyroscope-data'),
  };
}

function build(props: Partial<ComponentIdentitiesProps> = {}) {
  const stack = testStack();
  const identities = new ComponentIdentities(stack, 'identities', { cluster: FAKE_CLUSTER, buckets: external(), tier: 'microservices', ...props });
  return { stack, identities, json: synthJson(stack) };
}

interface Statement { sid?: string; actions: string[]; resources: string[]; condition?: unknown[] }

function permissions(json: ReturnType<typeof synthJson>, component: string): Statement[] {
  return Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.startsWith(`identities_${component}_permissions`))![1].statement as Statement[];
}

function values(chart: ChartName) {
  const pin = CHARTS[chart];
  return parse(fs.readFileSync(path.join(chartSourceDir(pin.chart, pin.version), 'values.yaml'), 'utf8'));
}

describe('ComponentIdentities', () => {
  test('one pod identity association per component, each for its own service account', () => {
    const { json } = build();
    const associations = Object.values(resourcesOf(json, 'aws_eks_pod_identity_association'))
      .map((a) => `${a.namespace}/${a.service_account}`).sort();
    expect(associations).toEqual(['lgtm/loki', 'lgtm/mimir-distributed', 'lgtm/pyroscope', 'lgtm/tempo-distributed']);
  });

  test('each role says which component it serves, so a backend can refuse another\'s role', () => {
    const { identities } = build();
    expect([identities.mimir, identities.loki, identities.tempo, identities.pyroscope].map((r) => r.component)).toEqual(['mimir', 'loki', 'tempo', 'pyroscope']);
  });

  test('mimir may list and read/write/delete only its three buckets', () => {
    const { json } = build();
    expect(permissions(json, 'mimir')).toEqual([
      { sid: 'ListOwnBuckets', effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::acme-mimir-blocks', 'arn:aws:s3:::acme-mimir-ruler', 'arn:aws:s3:::acme-mimir-alertmanager'] },
      { sid: 'ReadWriteOwnObjects', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: ['arn:aws:s3:::acme-mimir-blocks/*', 'arn:aws:s3:::acme-mimir-ruler/*', 'arn:aws:s3:::acme-mimir-alertmanager/*'] },
    ]);
  });

  test('loki gets its chunks and ruler buckets, pyroscope its data bucket', () => {
    const { json } = build();
    expect(permissions(json, 'loki')[0].resources).toEqual(['arn:aws:s3:::acme-loki-chunks', 'arn:aws:s3:::acme-loki-ruler']);
    expect(permissions(json, 'pyroscope')[1]).toMatchObject({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: ['arn:aws:s3:::acme-pyroscope-data/*'] });
  });

  test('tempo also gets object tagging, as its S3 permissions page requires', () => {
    const { json } = build();
    expect(permissions(json, 'tempo')[1]).toEqual({
      sid: 'ReadWriteOwnObjects', effect: 'Allow',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
      resources: ['arn:aws:s3:::acme-tempo-traces/*'],
    });
  });

  test('no role can touch another component\'s bucket', () => {
    const { json } = build();
    for (const c of ['mimir', 'loki', 'tempo', 'pyroscope']) {
      const resources = permissions(json, c).flatMap((s) => s.resources);
      for (const r of resources) expect(r).toMatch(new RegExp(`^arn:aws:s3:::acme-${c}-`));
    }
  });

  test('with a customer key: kms:Decrypt and GenerateDataKey on that key, only via S3', () => {
    const { json } = build({ buckets: external(KEY) });
    expect(permissions(json, 'loki')[2]).toEqual({
      sid: 'UseBucketKeyViaS3', effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [KEY],
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'] }],
    });
  });

  test('takes the handles of LgtmBuckets', () => {
    const stack = testStack();
    const buckets = new LgtmBuckets(stack, 'buckets', { environment: 'prod' });
    new ComponentIdentities(stack, 'identities', { cluster: FAKE_CLUSTER, buckets, tier: 'monolithic' });
    const json = synthJson(stack);
    expect(permissions(json, 'tempo')[0].resources).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.buckets_tempo-traces_bucket_\w+\.arn\}$/)]);
  });

  test('irsa: annotations carry the role ARN, trust is for exactly the service account', () => {
    const { identities, json } = build({ mode: 'irsa' });
    expect(Object.keys(identities.loki.serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
    expect(resourcesOf(json, 'aws_eks_pod_identity_association')).toEqual({});
    const trust = Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.startsWith('identities_loki_trust'))![1];
    expect(JSON.stringify(trust)).toContain('system:serviceaccount:lgtm:loki');
  });

  test('custom namespaces, service accounts and role names', () => {
    const { identities, json } = build({ serviceAccounts: { mimir: { namespace: 'metrics', serviceAccount: 'mimir' } }, roleNamePrefix: 'lgtm-prod' });
    expect(identities.mimir).toMatchObject({ namespace: 'metrics', serviceAccount: 'mimir' });
    expect(identities.loki).toMatchObject({ namespace: 'lgtm', serviceAccount: 'loki' });
    expect(Object.values(resourcesOf(json, 'aws_iam_role')).map((r) => r.name).sort()).toEqual(['lgtm-prod-loki', 'lgtm-prod-mimir', 'lgtm-prod-pyroscope', 'lgtm-prod-tempo']);
  });

  test('no IAM users or access keys', () => {
    const { json } = build();
    expect(resourcesOf(json, 'aws_iam_user')).toEqual({});
    expect(resourcesOf(json, 'aws_iam_access_key')).toEqual({});
  });

  test('fails if a component is given another component\'s bucket', () => {
    const buckets = { ...external(), lokiRuler: external().mimirRuler };
    expect(() => build({ buckets })).toThrow(/buckets: loki is given the 'mimir-ruler' bucket, which belongs to mimir/);
  });

  test('fails if roleNamePrefix makes a role name longer than 64 characters', () => {
    expect(() => build({ roleNamePrefix: 'r'.repeat(55) })).toThrow(/^ComponentIdentities 'test\/identities': roleNamePrefix is 'r{55}', but .*at most 54/);
  });

  test('skips the role name check for an unresolved token', () => {
    const stack = testStack();
    const prefix = new TerraformVariable(stack, 'prefix', { type: 'string' }).stringValue;
    expect(() => new ComponentIdentities(stack, 'identities', { cluster: FAKE_CLUSTER, buckets: external(), tier: 'monolithic', roleNamePrefix: prefix })).not.toThrow();
  });
});

describe('defaultServiceAccount matches the pinned charts', () => {
  test('Tempo: the tempo chart when monolithic, tempo-distributed otherwise', () => {
    expect(defaultServiceAccount('tempo', 'monolithic')).toBe('tempo');
    expect(defaultServiceAccount('tempo', 'simple-scalable')).toBe('tempo-distributed');
    expect(defaultServiceAccount('tempo', 'microservices')).toBe('tempo-distributed');
  });

  // The default is `<fullname>` only when the chart creates the account and leaves its name unset.
  test.each<[ChartName, (v: Record<string, any>) => unknown]>([
    ['mimir-distributed', (v) => v.serviceAccount],
    ['loki', (v) => v.serviceAccount],
    ['tempo', (v) => v.serviceAccount],
    ['tempo-distributed', (v) => v.serviceAccount],
    ['pyroscope', (v) => v.pyroscope.serviceAccount],
  ])('%s creates its service account and leaves the name to the fullname template', (chart, pick) => {
    const sa = pick(values(chart)) as { create: boolean; name: unknown };
    expect(sa.create).toBe(true);
    expect(sa.name ?? '').toBe('');
  });

  test('mimir-distributed: ruler and Alertmanager share the main service account by default', () => {
    const v = values('mimir-distributed');
    expect(v.ruler.serviceAccount.create).toBe(false);
    expect(v.alertmanager.serviceAccount.create).toBe(false);
  });

  test('loki: no S3 component creates its own service account by default', () => {
    const v = values('loki');
    for (const c of ['singleBinary', 'write', 'read', 'backend', 'ingester', 'querier', 'compactor', 'indexGateway', 'ruler', 'distributor']) {
      expect(v[c]?.serviceAccount?.create ?? false).toBe(false);
    }
  });
});
