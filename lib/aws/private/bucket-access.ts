import type { ComponentBucket, LgtmComponent } from '../component-bucket';
import type { ILgtmBuckets } from '../i-lgtm-buckets';
import { WorkloadPolicyStatement } from '../i-workload-role';

/**
 * S3 actions each component needs, from each project's own IAM example: Loki
 * (docs setup/install/helm/deployment-guides/aws.md) and Mimir/Pyroscope (Thanos objstore S3 client:
 * list, get, put, delete) need List/Get/Put/Delete; Tempo's "Amazon S3 permissions" page adds
 * object tagging. Incomplete multipart uploads are left to the bucket's abort rule rather than
 * granting s3:AbortMultipartUpload.
 */
export const COMPONENT_OBJECT_ACTIONS: Readonly<Record<LgtmComponent, readonly string[]>> = {
  mimir: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  loki: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
  tempo: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging', 's3:PutObjectTagging'],
  pyroscope: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
};

/** The buckets of one component in a bucket set. */
export function bucketsOf(component: LgtmComponent, buckets: ILgtmBuckets): ComponentBucket[] {
  switch (component) {
    case 'mimir': return [buckets.mimirBlocks, buckets.mimirRuler, buckets.mimirAlertmanager];
    case 'loki': return [buckets.lokiChunks, buckets.lokiRuler];
    case 'tempo': return [buckets.tempoTraces];
    case 'pyroscope': return [buckets.pyroscopeData];
  }
}

/**
 * The least-privilege statements of one component's role on its own buckets. `withSids` names them
 * (ComponentIdentities' own policy); grants added to a role later carry no sid, so they never clash.
 */
export function componentStatements(component: LgtmComponent, buckets: readonly ComponentBucket[], withSids = true): WorkloadPolicyStatement[] {
  const sid = (name: string) => (withSids ? name : undefined);
  const statements: WorkloadPolicyStatement[] = [
    { sid: sid('ListOwnBuckets'), actions: ['s3:ListBucket'], resources: buckets.map((b) => b.arn) },
    { sid: sid('ReadWriteOwnObjects'), actions: [...COMPONENT_OBJECT_ACTIONS[component]], resources: buckets.map((b) => b.objectsArn) },
  ];
  const keys = [...new Set(buckets.map((b) => b.kmsKeyArn).filter((k): k is string => k !== undefined))];
  if (keys.length > 0) {
    statements.push({
      sid: sid('UseBucketKeyViaS3'),
      // SSE-KMS with bucket keys: GenerateDataKey on write, Decrypt on read.
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: keys,
      conditions: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [...new Set(buckets.map((b) => `s3.${b.region}.amazonaws.com`))] }],
    });
  }
  return statements;
}

