import { Tier } from '../config/tier';
import { HelmValues } from '../helm/values';
import { ALLOY_PORTS, AlloySources } from './alloy-pipeline';

/** Requests and limits of the Alloy container on each node. */
export interface AlloyResources {
  /** CPU and memory the scheduler reserves on every node. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /**
   * Memory limit (no CPU limit: throttling a collector drops data). The OTLP memory limiter works
   * in percent of it, so it must be set.
   */
  readonly limits: { readonly memory: string };
}

/** The collector's size and rollout in one tier. */
export interface AlloyTierLayout {
  /** Container resources on every node. */
  readonly resources: AlloyResources;
  /**
   * Nodes whose collector may be down at once during a rollout (DaemonSet RollingUpdate; a
   * percentage is rounded up, so at least one node moves at a time).
   */
  readonly maxUnavailable: number | string;
}

/**
 * The collector per tier, one table: a DaemonSet pod per node, sized for the node's telemetry
 * (scrapes, log tailing, OTLP), larger in the tiers that run larger nodes and more pods per node.
 */
export const ALLOY_TIERS: Readonly<Record<Tier, AlloyTierLayout>> = {
  monolithic: {
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    maxUnavailable: 1,
  },
  'simple-scalable': {
    resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    maxUnavailable: '10%',
  },
  microservices: {
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    maxUnavailable: '10%',
  },
};

/** A Kubernetes toleration (core/v1 Toleration). */
export interface AlloyToleration {
  /**
   * The taint key; with `operator: 'Exists'` and no key, every taint is tolerated.
   * @default - every key
   */
  readonly key?: string;
  /**
   * `Exists` (any value) or `Equal` (`value`).
   * @default 'Equal'
   */
  readonly operator?: 'Exists' | 'Equal';
  /**
   * The taint value, for `Equal`.
   * @default - none
   */
  readonly value?: string;
  /**
   * The taint effect tolerated.
   * @default - every effect
   */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /**
   * Seconds a `NoExecute` taint is tolerated before eviction.
   * @default - for ever
   */
  readonly tolerationSeconds?: number;
}

/** Tolerate every taint: a node without a collector is a node without telemetry. */
export const TOLERATE_EVERY_TAINT: readonly AlloyToleration[] = [{ operator: 'Exists' }];

/** Where the collector keeps its state (WAL, log positions, event positions) inside the container. */
export const ALLOY_STORAGE_PATH = '/var/lib/alloy/data';

/** Inputs of {@link alloyValues}. */
export interface AlloyValuesOptions {
  /** The tier: resources and rollout from {@link ALLOY_TIERS}. */
  readonly tier: Tier;
  /** The rendered Alloy configuration. */
  readonly content: string;
  /** The sources that run: they decide ports, mounts and clustering. */
  readonly sources: AlloySources;
  /** The release's namespace and name, which name the state directory on the node. */
  readonly namespace: string;
  readonly releaseName: string;
  /** Tolerations of the pods. */
  readonly tolerations: readonly AlloyToleration[];
  /** PriorityClass of the pods, if any. */
  readonly priorityClassName?: string;
}

/**
 * The alloy chart's values (1.11.1) for the collector DaemonSet: the configuration, the ports
 * applications send to, host mounts for logs and state, clustering for the once-per-cluster events,
 * resources and rollout from {@link ALLOY_TIERS}. No AWS identity: the chart's service account with
 * its own RBAC (discovery, events, nodes/metrics) is all it needs.
 */
/**
 * The annotations that opt an Alloy pod into the collector's pod scrape: its HTTP server (the
 * chart's `alloy.listenPort`, 12345) serves /metrics.
 */
export const ALLOY_SCRAPE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': '12345',
  'prometheus.io/path': '/metrics',
};

export function alloyValues(options: AlloyValuesOptions): HelmValues {
  const layout = ALLOY_TIERS[options.tier];
  const { sources } = options;
  const ports = [
    ...(sources.otlp
      ? [
        { name: 'otlp-grpc', port: ALLOY_PORTS.otlpGrpc, targetPort: ALLOY_PORTS.otlpGrpc, protocol: 'TCP' },
        { name: 'otlp-http', port: ALLOY_PORTS.otlpHttp, targetPort: ALLOY_PORTS.otlpHttp, protocol: 'TCP' },
      ]
      : []),
    ...(sources.profilesPush ? [{ name: 'profiles', port: ALLOY_PORTS.profiles, targetPort: ALLOY_PORTS.profiles, protocol: 'TCP' }] : []),
  ];
  return {
    controller: {
      type: 'daemonset',
      // Its own metrics too (write failures, dropped entries): the stack-health alerts read them.
      podAnnotations: { ...ALLOY_SCRAPE_ANNOTATIONS },
      // No PodDisruptionBudget (a DaemonSet pod is not evicted to drain a node); a bounded rollout instead.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: layout.maxUnavailable } },
      tolerations: options.tolerations.map((t) => ({ ...t })),
      ...(options.priorityClassName ? { priorityClassName: options.priorityClassName } : {}),
      volumes: {
        // State on the node, so a restarted pod resumes its log positions and replays its WAL
        // instead of re-reading every log file (the chart's default /tmp/alloy dies with the pod).
        extra: [{ name: 'alloy-state', hostPath: { path: `/var/lib/alloy/${options.namespace}-${options.releaseName}`, type: 'DirectoryOrCreate' } }],
      },
    },
    // Least privilege on every node: the chart's default rules also let Alloy read every Secret and
    // ConfigMap of the cluster (for remote.kubernetes.*), PodMonitors, rules and more, none of which
    // this collector uses. It discovers pods and its node, reads events, scrapes the kubelet, and
    // k8sattributes (which routes OTLP to tenants) reads pods, namespaces and ReplicaSets.
    rbac: {
      rules: [
        { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
        ...(sources.events ? [{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }] : []),
      ],
      clusterRules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        ...(sources.kubelet ? [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }] : []),
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
    },
    alloy: {
      configMap: { content: options.content },
      // Clustering gives the events to one pod; nothing else opts in (every other source is node-local).
      clustering: { enabled: sources.events },
      enableReporting: false,
      storagePath: ALLOY_STORAGE_PATH,
      mounts: {
        varlog: sources.podLogs,
        extra: [{ name: 'alloy-state', mountPath: ALLOY_STORAGE_PATH }],
      },
      extraPorts: ports,
      resources: {
        requests: { ...layout.resources.requests },
        limits: { ...layout.resources.limits },
      },
    },
    service: {
      enabled: true,
      // Applications reach the collector of their own node: k8sattributes watches only this node's
      // pods, and no OTLP crosses nodes.
      internalTrafficPolicy: 'Local',
    },
  };
}
