/**
 * A VPC the platform runs in: the handle every construct that needs subnets takes. Built by
 * `Network`, or from an existing VPC with `Network.fromAttributes`.
 */
export interface INetwork {
  /** VPC id. */
  readonly vpcId: string;
  /** The VPC's primary IPv4 CIDR block. */
  readonly vpcCidrBlock: string;
  /** Availability zones the subnets span, in the order of the subnet lists. */
  readonly availabilityZones: string[];
  /** Private subnets (one per zone) for nodes and data services. */
  readonly privateSubnetIds: string[];
  /** Public subnets (one per zone) for internet-facing load balancers. */
  readonly publicSubnetIds: string[];
}

/** An existing VPC and its subnets, for `Network.fromAttributes`. */
export interface NetworkAttributes {
  /** VPC id. */
  readonly vpcId: string;
  /** The VPC's primary IPv4 CIDR block. */
  readonly vpcCidrBlock: string;
  /** Availability zones of the subnets, in the order of the subnet lists. */
  readonly availabilityZones: string[];
  /** Private subnet ids, one per zone. */
  readonly privateSubnetIds: string[];
  /** Public subnet ids, one per zone. */
  readonly publicSubnetIds: string[];
}
