import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildEnvironments } from '../../stacks/app';
import { VALID_ENV } from '../support/environments';
import { synthApp } from '../support/synth';

const app = Testing.app();
const [{ platform, observability }] = buildEnvironments(app, [VALID_ENV]);
const synthesized = synthApp(app);
const json = synthesized[observability.node.id];
const platformJson = synthesized[platform.node.id];

describe('ObservabilityStack', () => {
  test('reads the platform stack\'s cluster through a data source fed by the platform\'s state', () => {
    const name = (json.data?.aws_eks_cluster?.cluster as { name: string }).name;
    const [, remote, output] = /^\$\{data\.terraform_remote_state\.([^.]+)\.outputs\.([^}]+)\}$/.exec(name)!;
    expect(platformJson.output?.[output].value).toMatch(/^\$\{aws_eks_cluster\.eks_cluster_[0-9A-F]+\.name\}$/);
    // The observability stack reads the very state file the platform stack writes.
    const state = json.data?.terraform_remote_state?.[remote] as { backend: string; config: { path: string } };
    expect(state.backend).toBe('local');
    expect(state.config.path).toBe((platformJson.terraform?.backend as { local: { path: string } }).local.path);
  });

  test('installs the default StorageClass on the platform\'s cluster', () => {
    expect(Object.keys(json.resource?.kubernetes_storage_class_v1 ?? {})).toHaveLength(1);
  });

  test('installs the AWS Load Balancer Controller for the platform\'s cluster, VPC and controller role', () => {
    const releases = Object.values(json.resource?.helm_release ?? {}) as { name: string; namespace: string; values: string[] }[];
    const lbc = releases.find((r) => r.name === 'aws-load-balancer-controller')!;
    expect(lbc.namespace).toBe('kube-system');
    const values = parse(lbc.values[0]);
    const fromPlatform = /^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.([^}]+)\}$/;
    const output = (v: string) => platformJson.output?.[fromPlatform.exec(v)![1]].value;
    expect(output(values.clusterName)).toMatch(/^\$\{aws_eks_cluster\.eks_cluster_[0-9A-F]+\.name\}$/);
    expect(output(values.vpcId)).toMatch(/^\$\{aws_vpc\.network_vpc_[0-9A-F]+\.id\}$/);
    expect(values.region).toBe('eu-west-1');
    // The service account the platform's pod identity association binds to the controller's role.
    const association = Object.values(platformJson.resource?.aws_eks_pod_identity_association ?? {})
      .find((a) => (a as { namespace: string }).namespace === 'kube-system') as { service_account: string; role_arn: string };
    expect(association.role_arn).toMatch(/aws_iam_role\.eks_lb-controller-role_/);
    expect(values.serviceAccount).toEqual({ create: true, name: association.service_account, annotations: {} });
    // Load balancers the controller creates carry the environment's tags like Terraform's resources.
    expect(values.defaultTags).toMatchObject({ 'lgtm:environment': VALID_ENV.name, 'managed-by': 'cdktf-lgtm' });
  });

  const exec = {
    api_version: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['eks', 'get-token', '--cluster-name', '${data.aws_eks_cluster.cluster.name}', '--region', 'eu-west-1'],
  };
  const cluster = {
    host: '${data.aws_eks_cluster.cluster.endpoint}',
    cluster_ca_certificate: '${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}',
  };

  test('configures the kubernetes provider from the cluster with exec auth, no static token', () => {
    expect(json.provider?.kubernetes).toEqual([{ ...cluster, exec: [exec] }]);
  });

  test('configures the helm provider from the cluster with exec auth, no static token', () => {
    expect(json.provider?.helm).toEqual([{ kubernetes: { ...cluster, exec } }]);
  });
});
