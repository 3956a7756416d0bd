import { isTrue } from '../private/terraform';
import { NOT_APPLICABLE, ResourceRule, verdict } from '../rule';

/** LGTM-KMS-1: symmetric KMS keys rotate yearly. */
export const KMS_ROTATION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-KMS-1',
  rationale: 'A symmetric KMS key rotates its key material automatically (enable_key_rotation), limiting what one leaked version can decrypt.',
  severity: 'medium',
  cdkNag: ['AwsSolutions-KMS5'],
  checkov: ['CKV_AWS_7'],
  resourceTypes: ['aws_kms_key'],
  check(key) {
    // Only symmetric encryption keys support automatic rotation.
    const spec = key.config.customer_master_key_spec ?? key.config.key_spec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NOT_APPLICABLE;
    return verdict(isTrue(key.config.enable_key_rotation), 'enable_key_rotation is not true');
  },
};

/** The KMS rules. */
export const KMS_RULES: readonly ResourceRule[] = [KMS_ROTATION];
