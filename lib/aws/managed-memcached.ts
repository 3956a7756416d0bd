import { ElasticacheCluster } from '@cdktf/provider-aws/lib/elasticache-cluster';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { Construct } from 'constructs';
import { DATA_ENGINES } from '../config/data-versions';
import { IEksCluster } from './i-eks-cluster';
import { MemcachedEndpoint } from './memcached-endpoint';
import { nodeOnlySecurityGroup } from './private/node-only-security-group';
import { check, known, show } from '../private/validate';

/** Props of {@link ManagedMemcached}. */
export interface ManagedMemcachedProps {
  /** The cluster whose nodes may connect; the cache lives in its network's private subnets. */
  readonly cluster: IEksCluster;
  /** Environment name; the cluster is `<namePrefix>-<environment>-<name>`. */
  readonly environment: string;
  /**
   * What the cache is for, the last part of its id (Mimir wants one cluster per cache type, e.g.
   * `mimir-results`, `mimir-chunks`).
   * @default 'query-cache'
   */
  readonly name?: string;
  /**
   * First part of resource names.
   * @default 'lgtm'
   */
  readonly namePrefix?: string;
  /**
   * Node type.
   * @default 'cache.t4g.medium'
   */
  readonly nodeType?: string;
  /**
   * Number of nodes (1-40); with more than one they are spread over availability zones.
   * @default 2
   */
  readonly nodes?: number;
}

/**
 * An ElastiCache memcached cluster for the backends' query caches, in the private subnets,
 * encrypted in transit, reachable on 11211 only from the EKS nodes. Optional: the charts' own
 * in-cluster memcached is the default; the platform stack creates this only when enabled.
 * Backends take its {@link MemcachedEndpoint} (`memcached.endpoint`); their clients must use TLS.
 */
export class ManagedMemcached extends Construct {
  /** The ElastiCache cluster. */
  public readonly cacheCluster: ElasticacheCluster;
  /** Where clients connect (configuration endpoint, TLS). */
  public readonly endpoint: MemcachedEndpoint;
  /** Security group of the cache. */
  public readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: ManagedMemcachedProps) {
    super(scope, id);
    const namePrefix = props.namePrefix ?? 'lgtm';
    const name = props.name ?? 'query-cache';
    const clusterId = `${namePrefix}-${props.environment}-${name}`;
    const nodeType = props.nodeType ?? 'cache.t4g.medium';
    const nodes = props.nodes ?? 2;
    const subnets = props.cluster.network.privateSubnetIds;

    check(`ManagedMemcached '${this.node.path}'`, [
      {
        when: [namePrefix, props.environment, name].every(known) && !/^[a-z](?!.*--)[a-z0-9-]{0,48}[a-z0-9]$/.test(clusterId),
        message: `the cluster id '${clusterId}' (from namePrefix ${show(namePrefix)}, environment ${show(props.environment)} and name ${show(name)}) is invalid: ElastiCache allows 1-50 lowercase letters, digits and single dashes, starting with a letter`,
      },
      { when: known(props.nodeType) && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType), message: `nodeType is ${show(nodeType)}, but it must be an ElastiCache node type such as cache.t4g.medium` },
      { when: known(nodes) && (!Number.isInteger(nodes) || nodes < 1 || nodes > 40), message: `nodes is ${nodes}, but it must be an integer of 1-40` },
    ]);

    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnets', {
      name: clusterId,
      description: `Private subnets of memcached ${clusterId}`,
      subnetIds: subnets,
    });
    const group = nodeOnlySecurityGroup(this, props.cluster, `${clusterId}-cache`, 11211, `Memcached ${name}`);
    this.cacheCluster = new ElasticacheCluster(this, 'cluster', {
      clusterId,
      engine: 'memcached',
      engineVersion: DATA_ENGINES.memcached.engineVersion,
      nodeType,
      numCacheNodes: nodes,
      port: 11211,
      azMode: nodes > 1 ? 'cross-az' : 'single-az',
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [group.id],
      transitEncryptionEnabled: true,
    });
    this.endpoint = MemcachedEndpoint.external({ address: this.cacheCluster.clusterAddress, port: 11211, tls: true });
    this.securityGroupId = group.id;
  }
}
