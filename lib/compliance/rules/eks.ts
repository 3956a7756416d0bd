import { blocks, isExpression, strings } from '../private/terraform';
import { COMPLIANT, NOT_APPLICABLE, ResourceRule, nonCompliant, verdict } from '../rule';

const REQUIRED_LOGS = ['api', 'audit', 'authenticator'];
const WORLD = ['0.0.0.0/0', '::/0'];

/** LGTM-EKS-1: Kubernetes secrets are envelope-encrypted with a KMS key. */
export const EKS_SECRETS_ENCRYPTION: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-EKS-1',
  rationale: 'Kubernetes secrets are envelope-encrypted in etcd with a KMS key (encryption_config for resources ["secrets"]).',
  severity: 'high',
  cdkNag: [],
  checkov: ['CKV_AWS_58'],
  resourceTypes: ['aws_eks_cluster'],
  check(cluster) {
    const ok = blocks(cluster.config.encryption_config).some((c) =>
      strings(c.resources).includes('secrets') && blocks(c.provider).some((p) => typeof p.key_arn === 'string' && p.key_arn.length > 0));
    return verdict(ok, 'no encryption_config with a KMS key for secrets');
  },
};

/** LGTM-EKS-2: the control plane ships api, audit and authenticator logs. */
export const EKS_CONTROL_PLANE_LOGS: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-EKS-2',
  rationale: `The control plane sends ${REQUIRED_LOGS.join(', ')} logs to CloudWatch, so every API call and who made it can be traced.`,
  severity: 'medium',
  cdkNag: ['AwsSolutions-EKS2'],
  checkov: ['CKV_AWS_37'],
  resourceTypes: ['aws_eks_cluster'],
  check(cluster) {
    const enabled = strings(cluster.config.enabled_cluster_log_types);
    const missing = REQUIRED_LOGS.filter((l) => !enabled.includes(l));
    return verdict(missing.length === 0, `enabled_cluster_log_types lacks ${missing.join(', ')}`);
  },
};

/** LGTM-EKS-3: the public API endpoint, if on, is not open to the whole internet. */
export const EKS_PUBLIC_ENDPOINT: ResourceRule = {
  kind: 'resource',
  id: 'LGTM-EKS-3',
  rationale: 'The Kubernetes API is private, or public only to listed CIDRs (never 0.0.0.0/0, the provider default when public_access_cidrs is unset).',
  severity: 'high',
  cdkNag: ['AwsSolutions-EKS1'],
  checkov: ['CKV_AWS_38', 'CKV_AWS_39'],
  resourceTypes: ['aws_eks_cluster'],
  check(cluster) {
    const vpc = blocks(cluster.config.vpc_config)[0] ?? {};
    // endpoint_public_access defaults to true in the AWS provider.
    if (vpc.endpoint_public_access === false || vpc.endpoint_public_access === 'false') return COMPLIANT;
    // CIDRs known only at apply cannot be checked here.
    if (isExpression(vpc.public_access_cidrs)) return NOT_APPLICABLE;
    const cidrs = vpc.public_access_cidrs === undefined ? ['0.0.0.0/0'] : strings(vpc.public_access_cidrs);
    const open = cidrs.filter((c) => WORLD.includes(c));
    return open.length === 0 ? COMPLIANT : nonCompliant(`the public endpoint is open to ${open.join(', ')}`);
  },
};

/** The EKS rules. */
export const EKS_RULES: readonly ResourceRule[] = [EKS_SECRETS_ENCRYPTION, EKS_CONTROL_PLANE_LOGS, EKS_PUBLIC_ENDPOINT];
