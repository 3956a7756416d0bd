import { Testing } from 'cdktf';
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
