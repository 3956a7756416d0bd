import { WorkloadPolicyStatement } from '../i-workload-role';

/**
 * What reading one Secrets Manager secret takes: GetSecretValue and DescribeSecret on that secret
 * only, and, when the secret is encrypted with a customer KMS key, Decrypt on that key through
 * Secrets Manager only (an AWS-managed key needs no grant).
 */
export function secretReadStatements(secretArn: string, kmsKeyArn?: string): WorkloadPolicyStatement[] {
  return [
    { actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secretArn] },
    ...(kmsKeyArn === undefined
      ? []
      : [{
        actions: ['kms:Decrypt'],
        resources: [kmsKeyArn],
        conditions: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['secretsmanager.*.amazonaws.com'] }],
      }]),
  ];
}
