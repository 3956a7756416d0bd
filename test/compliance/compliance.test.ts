import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Compliance } from '../../lib/compliance/compliance';
import { OWNER_TAG_RULE as ownerTag } from '../support/compliance';
import { ResourceRule } from '../../lib/compliance/rule';
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

  test('fails on an id that is neither built in nor of the user-rule form, listing the built-in ones', () => {
    const s = stack();
    expect(() => Compliance.suppress(s, 'AwsSolutions-S1', REASON)).toThrow(
      /Compliance.suppress 'app': ruleId is "AwsSolutions-S1", but it is not a rule; built-in rule ids: LGTM-S3-1, LGTM-S3-2, .*LGTM-KMS-1, .*LGTM-HELM-5, LGTM-TEN-1; a rule of your own has an id of the form <PREFIX>-<AREA>-<n>/,
    );
  });

  // A typo of a built-in id is caught at the call, not at synth.
  test.each([['LGTM-KMS-9'], ['LGTM-KMS1'], ['lgtm-kms-1'], ['LGTM-KMS-1 '], ['']])('fails at the call on the near-built-in id %j', (id) => {
    const s = stack();
    expect(() => Compliance.suppress(new KmsKey(s, 'key', {}), id, REASON)).toThrow(
      `Compliance.suppress 'app/key': ruleId is ${JSON.stringify(id)}, but it is not a rule; built-in rule ids: LGTM-S3-1, `,
    );
  });

  test('fails on something that is not a construct, listing the known rule ids', () => {
    expect(() => Compliance.suppress({ node: 'x' } as unknown as IConstruct, 'LGTM-S3-1', REASON)).toThrow(
      /Compliance.suppress: a Object \(\{"node":"x"\}\) is not a construct; .*built-in rule ids: LGTM-S3-1, /,
    );
    expect(() => Compliance.suppress('app/bucket' as unknown as IConstruct, 'LGTM-S3-1', REASON)).toThrow(
      /Compliance.suppress: string "app\/bucket" is not a construct/,
    );
  });
});

describe('Compliance.suppress with rules of your own', () => {
  /** A stack with a rotated KMS key and no owner tag: exactly one ACME-TAGS-1 finding. */
  function keyStack(rules?: ResourceRule[], mode: 'error' | 'warning' = 'error') {
    const s = stack();
    const key = new KmsKey(s, 'key', { enableKeyRotation: true });
    const check = Compliance.of(s, { mode, rules });
    return { s, key, check };
  }

  test("accepts the user rule's id at the call and moves its finding to the suppressed list", () => {
    const { s, key, check } = keyStack([ownerTag]);
    Compliance.suppress(key, 'ACME-TAGS-1', 'shared key, owned by the platform team by default');
    const report = check.evaluate(s);
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([expect.objectContaining({ ruleId: 'ACME-TAGS-1', address: 'aws_kms_key.key', suppressedAt: 'app/key' })]);
    expect(() => Testing.synth(s, true)).not.toThrow();
  });

  test('the same finding fails the synth without the suppression', () => {
    const { s } = keyStack([ownerTag]);
    expect(() => Testing.synth(s, true)).toThrow(/ACME-TAGS-1 \(low\) aws_kms_key\.key at 'app\/key': tag owner is missing/);
  });

  test("fails the synth if a suppression names a rule the stack's check does not run, naming the known ids", () => {
    const { s, key } = keyStack([ownerTag]);
    Compliance.suppress(key, 'ACME-TAGS-2', REASON);
    expect(() => Testing.synth(s, true)).toThrow(
      /Compliance.suppress on 'app\/key' names rule 'ACME-TAGS-2', but the compliance check of stack 'app' runs no rule with that id; .*\(known rule ids: LGTM-S3-1, .*LGTM-TEN-1, ACME-TAGS-1\)/,
    );
  });

  test('fails the synth in warning mode too if a suppression names an unknown rule', () => {
    const { s, key } = keyStack(undefined, 'warning');
    Compliance.suppress(key, 'ACME-TAGS-1', REASON);
    expect(() => Testing.synth(s, true)).toThrow(/Compliance.suppress on 'app\/key' names rule 'ACME-TAGS-1', but the compliance check of stack 'app' runs no rule/);
  });

  test('checks only suppressions inside the stack', () => {
    const { s } = keyStack();
    const other = new TerraformStack(s.node.scope as Construct, 'other');
    Compliance.suppress(other, 'ACME-TAGS-1', REASON);
    expect(() => Testing.synth(s, true)).not.toThrow();
  });
});
