import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KMS_ROTATION } from '../../../lib/compliance/rules/kms';
import { bareStack, verdicts } from '../../support/compliance';

describe('LGTM-KMS-1 key rotation', () => {
  test('LGTM-KMS-1 stays quiet on a rotating symmetric key', () => {
    const stack = bareStack();
    new KmsKey(stack, 'key', { enableKeyRotation: true });
    expect(verdicts(stack, KMS_ROTATION)).toEqual({ 'aws_kms_key.key': 'compliant' });
  });

  test('LGTM-KMS-1 fires on a symmetric key without rotation', () => {
    const stack = bareStack();
    new KmsKey(stack, 'key', { customerMasterKeySpec: 'SYMMETRIC_DEFAULT' });
    expect(verdicts(stack, KMS_ROTATION)).toEqual({ 'aws_kms_key.key': 'non-compliant: enable_key_rotation is not true' });
  });

  test('does not apply to asymmetric keys, which cannot rotate', () => {
    const stack = bareStack();
    new KmsKey(stack, 'key', { customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' });
    expect(verdicts(stack, KMS_ROTATION)).toEqual({ 'aws_kms_key.key': 'not-applicable' });
  });
});
