import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { EnvironmentConfig } from '../../stacks/environment-config';
import { buildEnvironments } from '../../stacks/app';
import { VALID_ENV, VALID_PROD_ENV } from '../support/environments';
import { synthJson } from '../support/synth';

function platformOf(patch: Partial<EnvironmentConfig>) {
  return synthJson(buildEnvironments(Testing.app(), [{ ...VALID_ENV, ...patch }])[0].platform);
}

describe('EnvironmentStack', () => {
  test('uses a local state file per stack in the project directory by default', () => {
    // Terraform runs in cdktf.out/stacks/<stack>/.
    expect(platformOf({}).terraform?.backend).toEqual({ local: { path: '../../../terraform.test-platform.tfstate' } });
  });

  test('puts local state in a directory relative to the project', () => {
    expect(platformOf({ state: { type: 'local', directory: 'state' } }).terraform?.backend).toEqual({
      local: { path: '../../../state/terraform.test-platform.tfstate' },
    });
  });

  test('puts local state in the chosen directory', () => {
    expect(platformOf({ state: { type: 'local', directory: '/var/state' } }).terraform?.backend).toEqual({
      local: { path: '/var/state/terraform.test-platform.tfstate' },
    });
  });

  test('selects an encrypted, locked S3 backend when the environment asks for it', () => {
    const backend = platformOf({ state: { type: 's3', bucket: 'acme-tf-state', dynamodbTable: 'tf-locks' } }).terraform?.backend;
    expect(backend).toEqual({
      s3: {
        bucket: 'acme-tf-state',
        key: 'cdktf-lgtm/test-platform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        dynamodb_table: 'tf-locks',
        use_lockfile: true,
      },
    });
  });

  test('configures the AWS provider for the region with default tags', () => {
    const aws = platformOf({ region: 'us-east-2', tags: { team: 'obs' } }).provider?.aws[0];
    expect(aws).toEqual({
      region: 'us-east-2',
      default_tags: [{ tags: { team: 'obs', 'lgtm:environment': 'test', 'lgtm:stack': 'test-platform', 'managed-by': 'cdktf-lgtm' } }],
    });
  });

  test('carries a compliance check in the environment\'s mode', () => {
    const [dev] = buildEnvironments(Testing.app(), [VALID_ENV]);
    const [prod] = buildEnvironments(Testing.app(), [VALID_PROD_ENV]);
    expect([dev.platform.compliance.mode, dev.observability.compliance.mode]).toEqual(['warning', 'warning']);
    expect([prod.platform.compliance.mode, prod.platform.compliance.production]).toEqual(['error', true]);
  });

  test('fails the synth of a production stack on a compliance finding', () => {
    const [{ platform }] = buildEnvironments(Testing.app(), [VALID_PROD_ENV]);
    new KmsKey(platform, 'key', { enableKeyRotation: false, lifecycle: { preventDestroy: true } });
    expect(() => synthJson(platform)).toThrow(/\[test-platform\] LGTM-KMS-1 \(medium\) aws_kms_key.key/);
  });

  test('only warns on the same finding in a dev stack', () => {
    const [{ platform }] = buildEnvironments(Testing.app(), [VALID_ENV]);
    const key = new KmsKey(platform, 'key', { enableKeyRotation: false });
    expect(() => synthJson(platform)).not.toThrow();
    const warnings = key.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data);
    expect(warnings).toEqual([expect.stringMatching(/^LGTM-KMS-1 /)]);
  });
});
