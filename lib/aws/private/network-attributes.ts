import { Rule, known, requiredFields, show } from '../../private/validate';
import { NetworkAttributes } from '../i-network';
import { parseCidr } from './cidr';

const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const AVAILABILITY_ZONE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}([a-z]|-[a-z0-9]+-\d+[a-z])$/;

/**
 * The rules an existing VPC's attributes obey (Network.fromAttributes, and the network of
 * EksCluster.fromAttributes); `prefix` is prepended to field names in messages (`network.`).
 */
export function networkAttributeRules(attrs: NetworkAttributes, prefix = ''): Rule[] {
  const missing = requiredFields(attrs, ['vpcId', 'vpcCidrBlock', 'availabilityZones', 'privateSubnetIds', 'publicSubnetIds'])
    .map((r) => ({ ...r, message: `${prefix}${r.message}` }));
  if (missing.some((r) => r.when)) return missing;
  const lists = (['availabilityZones', 'privateSubnetIds', 'publicSubnetIds'] as const).filter((f) => !Array.isArray(attrs[f]));
  if (lists.length > 0) return lists.map((f) => ({ when: true, message: `${prefix}${f} is ${show(attrs[f])}, but it must be a list` }));
  const cidr = known(attrs.vpcCidrBlock) ? parseCidr(attrs.vpcCidrBlock) : undefined;
  const zones = attrs.availabilityZones.length;
  return [
    { when: known(attrs.vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(attrs.vpcId), message: `${prefix}vpcId is '${attrs.vpcId}', but it must be a VPC id such as vpc-0123456789abcdef0` },
    { when: typeof cidr === 'string', message: `${prefix}vpcCidrBlock is '${attrs.vpcCidrBlock}', but ${cidr}` },
    { when: zones === 0, message: `${prefix}availabilityZones is [], but at least one zone is required` },
    ...attrs.availabilityZones.filter((z) => known(z) && !AVAILABILITY_ZONE.test(z)).map((z) => ({
      when: true,
      message: `${prefix}availabilityZones has ${show(z)}, but a zone name looks like eu-west-1a`,
    })),
    {
      when: new Set(attrs.availabilityZones).size !== zones,
      message: `${prefix}availabilityZones is ${JSON.stringify(attrs.availabilityZones)}, but each zone may appear only once`,
    },
    { when: attrs.privateSubnetIds.length !== zones, message: `${prefix}privateSubnetIds has ${attrs.privateSubnetIds.length} ids, but there are ${zones} availability zones; give one per zone` },
    { when: attrs.publicSubnetIds.length !== zones, message: `${prefix}publicSubnetIds has ${attrs.publicSubnetIds.length} ids, but there are ${zones} availability zones; give one per zone` },
    ...[...new Set([...attrs.privateSubnetIds, ...attrs.publicSubnetIds].filter((s, i, all) => known(s) && all.indexOf(s) !== i))].map((s) => ({
      when: true,
      message: `${prefix}subnet id '${s}' is given twice, but each zone needs its own private and public subnet`,
    })),
    ...[...attrs.privateSubnetIds, ...attrs.publicSubnetIds].filter((s) => known(s) && !SUBNET_ID.test(s)).map((s) => ({
      when: true,
      message: `${prefix}subnet id '${s}' is not a subnet id such as subnet-0123456789abcdef0`,
    })),
  ];
}
