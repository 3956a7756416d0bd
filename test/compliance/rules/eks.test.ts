import { Fn, Token } from 'cdktf';
import { EksCluster, EksClusterConfig, EksClusterVpcConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { EKS_CONTROL_PLANE_LOGS, EKS_PUBLIC_ENDPOINT, EKS_SECRETS_ENCRYPTION } from '../../../lib/compliance/rules/eks';
import { bareStack, verdicts } from '../../support/compliance';

const EKS = 'aws_eks_cluster.eks';

/** A cluster that meets every EKS rule, with `patch` and `vpc` applied. */
function eks(patch: Partial<EksClusterConfig> = {}, vpc: Partial<EksClusterVpcConfig> = {}) {
  const stack = bareStack();
  new EksCluster(stack, 'eks', {
    name: 'lgtm-test', roleArn: 'arn:aws:iam::111122223333:role/eks',
    vpcConfig: { subnetIds: ['subnet-a', 'subnet-b'], endpointPrivateAccess: true, endpointPublicAccess: false, ...vpc },
    enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' } },
    ...patch,
  });
  return stack;
}

describe('LGTM-EKS-1 secrets encryption', () => {
  test('LGTM-EKS-1 stays quiet with a KMS key for secrets', () => {
    expect(verdicts(eks(), EKS_SECRETS_ENCRYPTION)).toEqual({ [EKS]: 'compliant' });
  });

  test('LGTM-EKS-1 fires without encryption_config', () => {
    expect(verdicts(eks({ encryptionConfig: undefined }), EKS_SECRETS_ENCRYPTION)).toEqual({
      [EKS]: 'non-compliant: no encryption_config with a KMS key for secrets',
    });
  });
});

describe('LGTM-EKS-2 control-plane logs', () => {
  test('LGTM-EKS-2 stays quiet with api, audit and authenticator logs', () => {
    expect(verdicts(eks({ enabledClusterLogTypes: ['api', 'audit', 'authenticator'] }), EKS_CONTROL_PLANE_LOGS)).toEqual({ [EKS]: 'compliant' });
  });

  test('LGTM-EKS-2 fires when a required log type is missing', () => {
    expect(verdicts(eks({ enabledClusterLogTypes: ['api'] }), EKS_CONTROL_PLANE_LOGS)).toEqual({
      [EKS]: 'non-compliant: enabled_cluster_log_types lacks audit, authenticator',
    });
    expect(verdicts(eks({ enabledClusterLogTypes: undefined }), EKS_CONTROL_PLANE_LOGS)[EKS]).toMatch(/lacks api, audit, authenticator/);
  });
});

describe('LGTM-EKS-3 public endpoint', () => {
  test('LGTM-EKS-3 stays quiet on a private endpoint, or a public one limited to listed CIDRs', () => {
    expect(verdicts(eks(), EKS_PUBLIC_ENDPOINT)).toEqual({ [EKS]: 'compliant' });
    expect(verdicts(eks({}, { endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }), EKS_PUBLIC_ENDPOINT)).toEqual({ [EKS]: 'compliant' });
  });

  test('LGTM-EKS-3 fires on a public endpoint open to 0.0.0.0/0', () => {
    expect(verdicts(eks({}, { endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }), EKS_PUBLIC_ENDPOINT)).toEqual({
      [EKS]: 'non-compliant: the public endpoint is open to 0.0.0.0/0',
    });
  });

  test('LGTM-EKS-3 fires on the provider defaults (public, no CIDR list)', () => {
    expect(verdicts(eks({}, { endpointPublicAccess: undefined }), EKS_PUBLIC_ENDPOINT)).toEqual({
      [EKS]: 'non-compliant: the public endpoint is open to 0.0.0.0/0',
    });
  });

  test('skips CIDRs known only at apply', () => {
    expect(verdicts(eks({}, { endpointPublicAccess: true, publicAccessCidrs: Fn.tolist(Token.asAny('${var.admin_cidrs}')) }), EKS_PUBLIC_ENDPOINT))
      .toEqual({ [EKS]: 'not-applicable' });
  });
});
