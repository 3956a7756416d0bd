import { Testing } from 'cdktf';
import { buildEnvironments } from '../../stacks/app';
import { VALID_ENV } from '../support/environments';
import { synthJson } from '../support/synth';

const [{ platform, observability }] = buildEnvironments(Testing.app(), [VALID_ENV]);
const json = synthJson(observability);

describe('ObservabilityStack', () => {
  test('reads the platform stack\'s cluster through a data source', () => {
    expect(json.data?.aws_eks_cluster?.cluster).toMatchObject({ name: platform.outputs.clusterName });
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
