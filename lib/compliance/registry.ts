import { ComplianceRule } from './rule';
import { DATA_RULES } from './rules/data';
import { EKS_RULES } from './rules/eks';
import { REDIS_RULES } from './rules/elasticache';
import { BACKEND_RULES } from './rules/backends';
import { TENANCY_RULES } from './rules/tenancy';
import { HELM_RULES } from './rules/helm';
import { IAM_RULES } from './rules/iam';
import { KMS_RULES } from './rules/kms';
import { NETWORK_RULES } from './rules/network';
import { RDS_RULES } from './rules/rds';
import { S3_RULES } from './rules/s3';
import { SECRET_RULES } from './rules/secrets';

/** Every built-in rule, in report order. A rule is added by appending it to its area's list. */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  ...S3_RULES, ...RDS_RULES, ...REDIS_RULES, ...EKS_RULES, ...IAM_RULES, ...KMS_RULES,
  ...NETWORK_RULES, ...SECRET_RULES, ...DATA_RULES, ...HELM_RULES, ...BACKEND_RULES, ...TENANCY_RULES,
];

/** The ids of every built-in rule. */
export const COMPLIANCE_RULE_IDS: readonly string[] = COMPLIANCE_RULES.map((r) => r.id);
