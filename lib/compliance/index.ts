export { Compliance, MIN_SUPPRESSION_REASON } from './compliance';
export { COMPLIANCE_REPORT_FILE, LgtmCompliance } from './lgtm-compliance';
export type { LgtmComplianceProps } from './lgtm-compliance';
export { COMPLIANCE_RULE_IDS, COMPLIANCE_RULES } from './registry';
export type { ComplianceFinding, ComplianceReport, SuppressedFinding } from './report';
export { COMPLIANCE_MODES, COMPLIANT, NOT_APPLICABLE, SEVERITIES, nonCompliant } from './rule';
export type {
  ComplianceMode,
  ComplianceRule,
  HelmReleaseTarget,
  KubernetesObjectTarget,
  HelmRule,
  ResourceRule,
  RuleInfo,
  Severity,
  StackView,
  SynthesizedResource,
  Verdict,
} from './rule';
