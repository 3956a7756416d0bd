import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Compliance } from '../../lib/compliance/compliance';
import { LgtmCompliance } from '../../lib/compliance/lgtm-compliance';

function stack() {
  const s = new TerraformStack(Testing.app(), 'app');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

const REASON = 'rotated by the central key team every 90 days';

describe('Compliance.of', () => {
  test('adds one LgtmCompliance aspect to the stack and returns it', () => {
    const s = stack();
    const check = Compliance.of(s, { production: true });
    expect(Aspects.of(s).all).toEqual([check]);
    expect(check).toBeInstanceOf(LgtmCompliance);
    expect(check.mode).toBe('error');
  });

  test('fails if the stack already has a compliance check', () => {
    const s = stack();
    Compliance.of(s);
    expect(() => Compliance.of(s)).toThrow("Compliance.of: stack 'app' already has a compliance check (mode 'warning'); a stack has one");
  });

  test('fails if given something that is not a stack', () => {
    const s = stack();
    expect(() => Compliance.of(new Construct(s, 'group') as TerraformStack)).toThrow("Compliance.of: construct 'app/group' is not a TerraformStack; pass the stack to check");
  });
});

describe('Compliance.suppress', () => {
  test('moves a finding of that rule on the construct to the suppressed list, with the reason', () => {
    const s = stack();
    const key = new KmsKey(s, 'key', {});
    const check = Compliance.of(s, { mode: 'error' });
    Compliance.suppress(key, 'LGTM-KMS-1', REASON);
    const report = check.evaluate(s);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([expect.objectContaining({ ruleId: 'LGTM-KMS-1', address: 'aws_kms_key.key', reason: REASON, suppressedAt: 'app/key' })]);
    expect(() => Testing.synth(s, true)).not.toThrow();
  });

  test('covers the children of the construct, and nothing else', () => {
    const s = stack();
    const group = new Construct(s, 'keys');
    new KmsKey(group, 'a', {});
    new KmsKey(new Construct(group, 'nested'), 'b', {});
    new KmsKey(s, 'outside', {});
    const check = Compliance.of(s);
    Compliance.suppress(group, 'LGTM-KMS-1', REASON);
    const report = check.evaluate(s);
    expect(report.suppressed.map((f) => [f.path, f.suppressedAt])).toEqual([['app/keys/a', 'app/keys'], ['app/keys/nested/b', 'app/keys']]);
    expect(report.findings.map((f) => f.path)).toEqual(['app/outside']);
  });

  test('suppresses only the named rule', () => {
    const s = stack();
    const bucket = new S3Bucket(s, 'bucket', {});
    const check = Compliance.of(s);
    Compliance.suppress(bucket, 'LGTM-S3-5', 'the compactor deletes blocks, not a lifecycle rule');
    const ids = check.evaluate(s).findings.map((f) => f.ruleId);
    expect(ids).toContain('LGTM-S3-1');
    expect(ids).not.toContain('LGTM-S3-5');
  });

  test.each([[''], ['   '], ['because'], ['  short    ']])('fails if the reason is %j', (reason) => {
    const s = stack();
    expect(() => Compliance.suppress(new KmsKey(s, 'key', {}), 'LGTM-KMS-1', reason)).toThrow(
      /Compliance.suppress 'app\/key': reason is .*, but a suppression needs a reason of at least 10 characters/,
    );
  });

  test('fails if there is no reason at all', () => {
    const s = stack();
    const suppress = Compliance.suppress as (c: IConstruct, id: string, reason?: string) => void;
    expect(() => suppress(new KmsKey(s, 'key', {}), 'LGTM-KMS-1')).toThrow(/reason is undefined, but a suppression needs a reason/);
  });

  test('fails on an unknown rule id, listing the known ones', () => {
    const s = stack();
    expect(() => Compliance.suppress(s, 'AwsSolutions-S1', REASON)).toThrow(
      /Compliance.suppress 'app': ruleId is "AwsSolutions-S1", but it is not a rule; known rule ids: LGTM-S3-1, LGTM-S3-2, .*LGTM-KMS-1, .*LGTM-HELM-1/,
    );
  });

  test('fails on something that is not a construct, listing the known rule ids', () => {
    expect(() => Compliance.suppress({ node: 'x' } as unknown as IConstruct, 'LGTM-S3-1', REASON)).toThrow(
      /Compliance.suppress: a Object \(\{"node":"x"\}\) is not a construct; .*known rule ids: LGTM-S3-1, /,
    );
    expect(() => Compliance.suppress('app/bucket' as unknown as IConstruct, 'LGTM-S3-1', REASON)).toThrow(
      /Compliance.suppress: string "app\/bucket" is not a construct/,
    );
  });
});
