import { LgtmComponent } from '../../aws/component-bucket';
import { ComponentBucket } from '../../aws/component-bucket';
import { TIERS, isTier } from '../../config/tier';
import { isPlainObject, valueAt } from '../../helm/values';
import { AWS_REGION, DNS_LABEL, HOST_PORT, Rule, known, notPositiveInteger, show, tenantIdProblem } from '../../private/validate';
import { BackendProps } from '../backend-props';

/**
 * The rules every backend's props obey, for the backend's validation table: tier, region, tenants,
 * the role (its component, its namespace), retention against the bucket's expiration, replication
 * factor (at least 3 in production, no more than the ingesters), the ring store and the override.
 * @param retentionDays the resolved retention
 * @param ingesters the resolved ingester count the replication factor must fit in
 * @param serviceAccountPath where the chart reads its service account name in the values
 */
export function backendRules(
  props: BackendProps,
  component: LgtmComponent,
  retentionDays: number,
  dataBucket: ComponentBucket,
  replicationFactor: number,
  ingesters: number,
  serviceAccountPath = 'serviceAccount.name',
): Rule[] {
  const tenants = Array.isArray(props.tenants) ? props.tenants : [];
  const dupes = tenants.filter((t, i) => tenants.indexOf(t) !== i);
  const expiry = dataBucket?.expirationDays;
  const ring = props.ring;
  // The release must run as the account the role is bound to; an override that renames it would
  // leave the pods without S3 access (or with another workload's).
  const overriddenAccount = isPlainObject(props.values) ? valueAt(props.values, serviceAccountPath) : undefined;
  return [
    { when: !isTier(props.tier), message: `tier is ${show(props.tier)}, but allowed tiers are ${TIERS.join(', ')}` },
    { when: known(props.region) && !AWS_REGION.test(props.region), message: `region is ${show(props.region)}, but it must be an AWS region code such as eu-west-1` },
    { when: tenants.length === 0, message: `tenants is ${show(props.tenants)}, but at least one tenant id is required (multi-tenancy is always on)` },
    ...tenants.map((t, i) => ({ t, i, why: tenantIdProblem(t) })).filter((x) => x.why).map((x) => ({
      when: true,
      message: `tenants[${x.i}] is ${show(x.t)}, but ${x.why}`,
    })),
    { when: dupes.length > 0, message: `tenants lists ${show(dupes[0])} twice, but tenant ids must be unique` },
    {
      when: props.role?.component !== undefined && props.role.component !== component,
      message: `role is the ${show(props.role?.component)} role, but ${component} needs its own (platform.roles.${component}): a role reaches only its own component's buckets`,
    },
    {
      when: overriddenAccount !== undefined && overriddenAccount !== props.role?.serviceAccount,
      message: `values.${serviceAccountPath} is ${show(overriddenAccount)}, but the release must run as role.serviceAccount ${show(props.role?.serviceAccount)}, the account the role is bound to; bind a role to that account instead`,
    },
    { when: known(props.role?.namespace) && !DNS_LABEL.test(props.role.namespace), message: `role.namespace is ${show(props.role?.namespace)}, but it must be a lowercase DNS label (the release's namespace)` },
    { when: notPositiveInteger(retentionDays), message: `retentionDays is ${show(retentionDays)}, but it must be a positive integer` },
    {
      when: known(retentionDays) && known(expiry) && expiry !== undefined && Number.isInteger(retentionDays) && retentionDays >= expiry,
      message: `retentionDays is ${retentionDays}, but the '${dataBucket?.purpose}' bucket expires objects after ${expiry} days; keep data for fewer days than that, or lengthen the bucket's retention`,
    },
    { when: notPositiveInteger(replicationFactor), message: `replicationFactor is ${show(replicationFactor)}, but it must be a positive integer` },
    { when: props.production === true && replicationFactor < 3, message: `replicationFactor is ${replicationFactor}, but production needs at least 3 so a write survives the loss of a zone` },
    {
      when: Number.isInteger(ingesters) && Number.isInteger(replicationFactor) && ingesters < replicationFactor,
      message: `ingester replicas are ${ingesters}, but replicationFactor ${replicationFactor} needs at least ${replicationFactor}`,
    },
    ...(ring === undefined || ring.kind === 'memberlist' ? [] : ringRules(ring)),
    { when: ring !== undefined && !['memberlist', 'consul', 'etcd'].includes(ring.kind), message: `ring.kind is ${show((ring as { kind: unknown })?.kind)}, but allowed kinds are 'memberlist', 'consul', 'etcd'` },
    { when: props.values !== undefined && !isPlainObject(props.values), message: `values is ${show(props.values)}, but it must be an object of Helm values (merged over the construct's)` },
  ];
}


function ringRules(ring: Exclude<BackendProps['ring'], undefined>): Rule[] {
  if (ring.kind === 'consul') {
    return [{ when: known(ring.address) && !HOST_PORT.test(ring.address), message: `ring.address is ${show(ring.address)}, but it must be host:port of the Consul agent` }];
  }
  if (ring.kind === 'etcd') {
    return [
      { when: !Array.isArray(ring.endpoints) || ring.endpoints.length === 0, message: `ring.endpoints is ${show(ring.endpoints)}, but etcd needs at least one host:port` },
      ...(ring.endpoints ?? []).filter((e) => known(e) && !HOST_PORT.test(e)).map((e) => ({ when: true, message: `ring.endpoints has ${show(e)}, but each must be host:port` })),
    ];
  }
  return [];
}
