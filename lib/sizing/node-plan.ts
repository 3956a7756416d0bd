import { check, show } from '../private/validate';
import { NODE_PACKING } from './capacity-figures';
import { showNumber } from './load-profile';
import { HOURS_PER_MONTH, INSTANCE_SHAPES, pricesFor } from './price-table';
import { StackSizing } from './size-for';

/** What every node runs besides the workloads (kube-proxy, the VPC CNI, the EBS CSI node, the Pod Identity agent): our estimate (U). */
export const SYSTEM_PER_NODE = { cpuMillis: 200, memoryMib: 512 } as const;
/** Cluster add-ons that are Deployments (CoreDNS, load balancer controller, External Secrets): our estimate (U). */
export const SYSTEM_DEPLOYMENTS = { cpuMillis: 600, memoryMib: 1024 } as const;

/** One way to run the requests: a count of one instance type. */
export interface NodeOption {
  /** EC2 instance type. */
  readonly instanceType: string;
  /** Nodes, over all zones. */
  readonly count: number;
  /** Graviton (arm64). */
  readonly graviton: boolean;
  /** USD a month on demand (730 h). */
  readonly monthlyUsd: number;
}

/** Node groups for a sizing: the x86 choice, the Graviton one, and the monthly difference. */
export interface NodePlan {
  /** The cheapest x86 option (what the node groups get: the default AMI is x86_64). */
  readonly x86: NodeOption;
  /** The cheapest Graviton option; every Grafana image is multi-arch. */
  readonly graviton: NodeOption;
  /** `x86.monthlyUsd - graviton.monthlyUsd`: what Graviton saves a month. */
  readonly gravitonSavingUsd: number;
  /** Requests to place, workloads and system, in millicores and MiB (DaemonSets excluded). */
  readonly requests: { readonly cpuMillis: number; readonly memoryMib: number };
  /** Requests of what runs on every node, in millicores and MiB. */
  readonly perNode: { readonly cpuMillis: number; readonly memoryMib: number };
}

/** Options of {@link planNodes}. */
export interface PlanNodesOptions {
  /**
   * Availability zones: at least one node in each (an EBS volume only attaches in its zone).
   * @default 3
   */
  readonly zones?: number;
  /**
   * Instance types to choose from.
   * @default - every priced type of INSTANCE_SHAPES in the region
   */
  readonly instanceTypes?: readonly string[];
}

/**
 * Node groups for `sizing` in `region`: for each instance type, the nodes whose allocatable share
 * (80% packing, sizing.md §6) holds every request plus the per-node DaemonSets, at least one per
 * zone, and no fewer than the largest pod needs; the cheapest x86 and the cheapest Graviton option.
 * Throws for a region without prices.
 */
export function planNodes(sizing: StackSizing, region: string, options: PlanNodesOptions = {}): NodePlan {
  const prices = pricesFor(region);
  const zones = options.zones ?? 3;
  check('planNodes', [{ when: !Number.isInteger(zones) || zones < 1, message: `zones is ${showNumber(zones)}, but it must be an integer of at least 1` }]);
  const requests = {
    cpuMillis: sizing.requests.cpuMillis + SYSTEM_DEPLOYMENTS.cpuMillis,
    memoryMib: sizing.requests.memoryMib + SYSTEM_DEPLOYMENTS.memoryMib,
  };
  const perNode = {
    cpuMillis: sizing.collectorPerNode.cpuMillis + SYSTEM_PER_NODE.cpuMillis,
    memoryMib: sizing.collectorPerNode.memoryMib + SYSTEM_PER_NODE.memoryMib,
  };
  const pods = [sizing.mimir, sizing.loki, sizing.tempo, sizing.pyroscope].flatMap((b) => Object.values(b.components)).concat(sizing.grafana);
  const largest = { cpuMillis: Math.max(...pods.map((w) => w!.cpuMillis)), memoryMib: Math.max(...pods.map((w) => w!.memoryMib)) };
  const candidates = (options.instanceTypes ?? Object.keys(INSTANCE_SHAPES)).filter((t) => prices.ec2Hour[t] !== undefined && INSTANCE_SHAPES[t] !== undefined);
  const options_ = candidates.flatMap((instanceType): NodeOption[] => {
    const shape = INSTANCE_SHAPES[instanceType];
    const cpu = shape.vcpu * 1000 * NODE_PACKING - perNode.cpuMillis;
    const mem = shape.memoryGib * 1024 * NODE_PACKING - perNode.memoryMib;
    if (cpu < largest.cpuMillis || mem < largest.memoryMib) return [];
    const count = Math.max(zones, Math.ceil(requests.cpuMillis / cpu), Math.ceil(requests.memoryMib / mem));
    return [{ instanceType, count, graviton: shape.graviton, monthlyUsd: round2(count * prices.ec2Hour[instanceType].usd * HOURS_PER_MONTH) }];
  });
  // On a tie, the better-sourced price (P before S, U), then fewer nodes.
  const mark = (o: NodeOption) => 'PSU'.indexOf(prices.ec2Hour[o.instanceType].mark);
  const cheapest = (graviton: boolean) => options_.filter((o) => o.graviton === graviton)
    .sort((a, b) => a.monthlyUsd - b.monthlyUsd || mark(a) - mark(b) || a.count - b.count || a.instanceType.localeCompare(b.instanceType))[0];
  const x86 = cheapest(false);
  const graviton = cheapest(true);
  check('planNodes', [
    { when: x86 === undefined || graviton === undefined, message: `instanceTypes ${show(candidates)} in ${region} have no x86 and Graviton type that fits the largest pod (${largest.cpuMillis}m, ${largest.memoryMib}Mi)` },
  ]);
  return { x86, graviton, gravitonSavingUsd: round2(x86.monthlyUsd - graviton.monthlyUsd), requests, perNode };
}

/** Rounds to cents. */
export function round2(usd: number): number {
  return Math.round(usd * 100) / 100;
}
