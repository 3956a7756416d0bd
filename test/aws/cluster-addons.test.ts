import { ClusterAddons, ClusterAddonsProps } from '../../lib/aws/cluster-addons';
import { FAKE_CLUSTER } from '../support/handles';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';

function build(props: Partial<ClusterAddonsProps> = {}) {
  const stack = testStack();
  const addons = new ClusterAddons(stack, 'addons', { cluster: FAKE_CLUSTER, ...props });
  return { stack, addons, json: synthJson(stack) };
}

const identity = { roleArn: 'arn:aws:iam::111122223333:role/lbc', namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', serviceAccountAnnotations: {} };

const storageClasses = (json: ReturnType<typeof synthJson>) => Object.values(resourcesOf(json, 'kubernetes_storage_class_v1'));

describe('ClusterAddons', () => {
  test('the default StorageClass: gp3 through the EBS CSI driver, encrypted, bound in the pod\'s zone, expandable', () => {
    const { json, addons } = build();
    expect(storageClasses(json)).toEqual([{
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      storage_provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' },
      reclaim_policy: 'Delete',
      volume_binding_mode: 'WaitForFirstConsumer',
      allow_volume_expansion: true,
    }]);
    expect(addons.storageClassName).toBe('gp3');
  });

  test('production retains volumes whose claim is deleted', () => {
    expect(storageClasses(build({ production: true }).json)[0].reclaim_policy).toBe('Retain');
  });

  test('takes a name and an explicit reclaim policy', () => {
    const sc = storageClasses(build({ storageClassName: 'lgtm-gp3', reclaimPolicy: 'Retain' }).json)[0];
    expect(sc).toMatchObject({ metadata: { name: 'lgtm-gp3' }, reclaim_policy: 'Retain' });
  });

  test('creates no AWS resource', () => {
    const { json } = build({ loadBalancerController: { identity, region: 'eu-west-1' } });
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(['helm_release', 'kubernetes_storage_class_v1']);
  });

  test('no load balancer controller unless its settings are given', () => {
    const { json, addons } = build();
    expect(resourcesOf(json, 'helm_release')).toEqual({});
    expect(addons.loadBalancerController).toBeUndefined();
    expect(addons.ready).toEqual([addons.storageClass]);
  });

  test('installs the AWS Load Balancer Controller with the given settings', () => {
    const { json, addons } = build({ loadBalancerController: { identity, region: 'eu-west-1' } });
    const releases = Object.values(resourcesOf(json, 'helm_release'));
    expect(releases.map((r) => [r.name, r.namespace])).toEqual([['aws-load-balancer-controller', 'kube-system']]);
    expect(addons.loadBalancerController?.ingressClassName).toBe('alb');
    // Workloads wait for the StorageClass and for the controller's webhook.
    expect(addons.ready).toEqual([addons.storageClass, addons.loadBalancerController!.release.release]);
  });

  test('production carries over to the controller: one replica is refused', () => {
    expect(() => build({ production: true, loadBalancerController: { identity, region: 'eu-west-1', replicas: 1 } })).toThrow(/replicas is 1, but production needs at least 2/);
    expect(() => build({ loadBalancerController: { identity, region: 'eu-west-1', replicas: 1 } })).not.toThrow();
  });

  test('skips the name check for an unresolved token', () => {
    const stack = testStack();
    const first = new ClusterAddons(stack, 'a', { cluster: FAKE_CLUSTER });
    expect(() => new ClusterAddons(stack, 'b', { cluster: FAKE_CLUSTER, storageClassName: first.storageClass.metadata.name })).not.toThrow();
  });

  test.each<[string, Partial<ClusterAddonsProps>, RegExp]>([
    ['the StorageClass name is not a DNS name', { storageClassName: 'GP3 fast' }, /^ClusterAddons 'test\/addons': storageClassName is 'GP3 fast', but it must be a lowercase DNS subdomain name/],
    ['the reclaim policy is unknown', { reclaimPolicy: 'Recycle' as never }, /reclaimPolicy is 'Recycle', but allowed policies are 'Delete', 'Retain'/],
  ])('fails if %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
