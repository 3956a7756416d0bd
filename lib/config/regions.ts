/** An AWS partition: the ARN prefix (`arn:<partition>:...`) of every resource in its regions. */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

/**
 * Every AWS region code and its partition. Source: the `partitions[].regions` of botocore 1.43.11
 * `data/endpoints.json` (read 2026-12-01), the table the AWS SDKs resolve endpoints from. A new
 * region is one line here; a region not listed is refused by EnvironmentConfig and LgtmPlatform.
 */
export const AWS_REGIONS: Readonly<Record<string, AwsPartition>> = {
  'af-south-1': 'aws', 'ap-east-1': 'aws', 'ap-east-2': 'aws', 'ap-northeast-1': 'aws', 'ap-northeast-2': 'aws',
  'ap-northeast-3': 'aws', 'ap-south-1': 'aws', 'ap-south-2': 'aws', 'ap-southeast-1': 'aws', 'ap-southeast-2': 'aws',
  'ap-southeast-3': 'aws', 'ap-southeast-4': 'aws', 'ap-southeast-5': 'aws', 'ap-southeast-6': 'aws', 'ap-southeast-7': 'aws',
  'ca-central-1': 'aws', 'ca-west-1': 'aws', 'eu-central-1': 'aws', 'eu-central-2': 'aws', 'eu-north-1': 'aws',
  'eu-south-1': 'aws', 'eu-south-2': 'aws', 'eu-west-1': 'aws', 'eu-west-2': 'aws', 'eu-west-3': 'aws',
  'il-central-1': 'aws', 'me-central-1': 'aws', 'me-south-1': 'aws', 'mx-central-1': 'aws', 'sa-east-1': 'aws',
  'us-east-1': 'aws', 'us-east-2': 'aws', 'us-west-1': 'aws', 'us-west-2': 'aws',
  'cn-north-1': 'aws-cn', 'cn-northwest-1': 'aws-cn',
  'us-gov-east-1': 'aws-us-gov', 'us-gov-west-1': 'aws-us-gov',
  'us-iso-east-1': 'aws-iso', 'us-iso-west-1': 'aws-iso',
  'us-isob-east-1': 'aws-iso-b', 'us-isob-west-1': 'aws-iso-b',
  'eu-isoe-west-1': 'aws-iso-e',
  'us-isof-east-1': 'aws-iso-f', 'us-isof-south-1': 'aws-iso-f',
  'eusc-de-east-1': 'aws-eusc',
};

/** True when `region` is a region code of {@link AWS_REGIONS}. */
export function isAwsRegion(region: unknown): region is string {
  return typeof region === 'string' && Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
}

/**
 * The partition of `region`: from the table, else from its shape (`cn-` is aws-cn, `us-gov-` is
 * aws-us-gov), else 'aws'. Never throws: validation refuses unknown regions where it matters.
 */
export function partitionOf(region: string | undefined): AwsPartition {
  if (typeof region !== 'string') return 'aws';
  if (Object.prototype.hasOwnProperty.call(AWS_REGIONS, region)) return AWS_REGIONS[region];
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
