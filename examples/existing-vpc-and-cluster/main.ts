// A cdktf app of your own that runs the Grafana LGTM stack on an EKS cluster and VPC you already
// have: LgtmPlatform adds the buckets, workload roles, database and session store to them, and
// LgtmObservability installs the in-cluster parts and the four backends through kubernetes
// and helm providers pointed at the cluster. Replace the placeholder ids below with your own.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Compliance, EksClusterAttributes, LgtmObservability, LgtmPlatform, Tier } from 'cdktf-lgtm';

const REGION = 'eu-west-1';
const ENVIRONMENT = 'shared';
const TIER: Tier = 'simple-scalable';
/** The tenants (X-Scope-OrgID values) the backends serve. */
const TENANTS = ['platform', 'payments'];
const TAGS = { project: 'lgtm', environment: ENVIRONMENT, 'managed-by': 'cdktf' };

/** Your cluster, as `aws eks describe-cluster` shows it, and the VPC it runs in (the cluster's network). */
const CLUSTER: EksClusterAttributes = {
  clusterName: 'platform-eu-west-1',
  endpoint: 'https://EXAMPLE0123456789ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthorityData: 'RVhBTVBMRSBDRVJUSUZJQ0FURSBBVVRIT1JJVFkgREFUQQ==',
  oidcIssuerUrl: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF0123456789',
  // The EKS cluster security group (resourcesVpcConfig.clusterSecurityGroupId), which managed nodes carry.
  nodeSecurityGroupId: 'sg-0123456789abcdef0',
  network: {
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    privateSubnetIds: ['subnet-0a000000000000001', 'subnet-0a000000000000002', 'subnet-0a000000000000003'],
    publicSubnetIds: ['subnet-0b000000000000001', 'subnet-0b000000000000002', 'subnet-0b000000000000003'],
  },
};

/** One stack: the cluster exists, so its providers are known at plan time and need no second stack. */
class LgtmStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: REGION, defaultTags: [{ tags: TAGS }] });

    // A short-lived token per Terraform run from the deployer's AWS credentials (needs the AWS CLI).
    const clusterCaCertificate = Fn.base64decode(CLUSTER.certificateAuthorityData);
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', CLUSTER.clusterName, '--region', REGION],
    };
    new KubernetesProvider(this, 'kubernetes', { host: CLUSTER.endpoint, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { host: CLUSTER.endpoint, clusterCaCertificate, exec } });

    // Findings are warnings outside production; `production: true` makes them fail the synth.
    Compliance.of(this, { production: false });

    const platform = new LgtmPlatform(this, 'platform', {
      environment: ENVIRONMENT,
      region: REGION,
      tier: TIER,
      cluster: { existing: CLUSTER },
      // S3 bucket names are global: a suffix of your own (e.g. the account id) keeps them unique.
      buckets: { nameSuffix: '111122223333' },
      // A week of backups: the compliance rule LGTM-RDS-3 asks for 7 days (the default outside production is 1).
      grafanaDatabase: { backupRetentionDays: 7 },
    });
    // Mimir, Loki, Tempo (span metrics into Mimir) and Pyroscope on the platform's buckets and roles.
    const observability = new LgtmObservability(this, 'observability', { platform, tier: TIER, tenants: TENANTS, tags: TAGS });
    new TerraformOutput(this, 'mimir_remote_write_url', { value: observability.mimir.endpoints.remoteWriteUrl });
    new TerraformOutput(this, 'loki_push_url', { value: observability.loki.endpoints.pushUrl });
  }
}

const app = new App();
new LgtmStack(app, 'lgtm');
app.synth();
