import { LokiEndpoints } from '../backends/loki-endpoints';
import { MimirEndpoints } from '../backends/mimir-endpoints';
import { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import { TempoEndpoints } from '../backends/tempo-endpoints';
import { AlloyBlock, AlloyComponent, AlloyConfig, AlloyReference, AlloyValue, block, call, concat, raw } from './alloy-config';

/** Where the collector listens for applications (container and Service ports). */
export const ALLOY_PORTS = {
  /** OTLP over gRPC (`otelcol.receiver.otlp` `grpc`). */
  otlpGrpc: 4317,
  /** OTLP over HTTP (`otelcol.receiver.otlp` `http`). */
  otlpHttp: 4318,
  /** Pyroscope pushes (`pyroscope.receive_http`: `/ingest` and `/push.v1.PusherService/Push`), Pyroscope's own port. */
  profiles: 4040,
} as const;

/** The label every pipeline routes on: the Kubernetes namespace of the pod the data comes from. */
export const NAMESPACE_LABEL = 'namespace';

/** The OTLP resource attribute the OTLP pipeline routes on. */
export const NAMESPACE_ATTRIBUTE = 'k8s.namespace.name';

/** What the collector gathers; each source needs the backend of its signal. */
export interface AlloyCollectOptions {
  /**
   * Tail the logs of every container on the node from its files (`loki.source.file` over
   * `/var/log/pods`, CRI format). Needs `logs`.
   * @default - true when `logs` is given
   */
  readonly podLogs?: boolean;
  /**
   * Kubernetes events of the whole cluster, collected by one pod of the DaemonSet at a time (Alloy
   * clustering). Needs `logs`.
   * @default - true when `logs` is given
   */
  readonly events?: boolean;
  /**
   * Scrape the pods of the node that opt in with the `prometheus.io/scrape: "true"` annotation
   * (`prometheus.io/port`, `prometheus.io/path`, `prometheus.io/scheme` honoured). Needs `metrics`.
   * @default - true when `metrics` is given
   */
  readonly podMetrics?: boolean;
  /**
   * Scrape the node's own kubelet (`/metrics`) and cAdvisor (`/metrics/cadvisor`). Needs `metrics`.
   * @default - true when `metrics` is given
   */
  readonly kubelet?: boolean;
  /**
   * Receive OTLP from applications on ports 4317 (gRPC) and 4318 (HTTP): metrics, logs and traces,
   * each to its backend. Needs `metrics`, `logs` or `traces`.
   * @default - true when `metrics`, `logs` or `traces` is given
   */
  readonly otlp?: boolean;
  /**
   * Receive profiles that applications push (Pyroscope SDKs) on port 4040. Needs `profiles`.
   * @default - true when `profiles` is given
   */
  readonly profilesPush?: boolean;
}

/** The resolved sources: every option decided. */
export type AlloySources = Required<AlloyCollectOptions>;

/** Where one tenant's data goes and which namespaces are its. */
export interface TenantRoute {
  /** The tenant id (the X-Scope-OrgID value). */
  readonly tenant: string;
  /** The tenant as an Alloy identifier: the label of its components. */
  readonly label: string;
  /**
   * `keep`: only these namespaces are the tenant's; `drop`: everything except these (the default
   * tenant, which also gets data without a namespace). An empty `drop` keeps everything.
   */
  readonly match: { readonly keep: readonly string[] } | { readonly drop: readonly string[] };
}

/** Everything the pipeline is built from, resolved and validated by the construct. */
export interface AlloyPipelineOptions {
  /** Name of the cluster: the `cluster` label and `k8s.cluster.name` attribute of everything sent. */
  readonly clusterName: string;
  /** One route per tenant that receives data; exactly one of them drops (the default tenant). */
  readonly routes: readonly TenantRoute[];
  /** Mimir, for scrapes and OTLP metrics; without it no metrics pipeline is built. */
  readonly metrics?: MimirEndpoints;
  /** Loki, for pod logs, events and OTLP logs. */
  readonly logs?: LokiEndpoints;
  /** Tempo, for OTLP traces. */
  readonly traces?: TempoEndpoints;
  /** Pyroscope, for pushed profiles. */
  readonly profiles?: PyroscopeEndpoints;
  /** The sources that run (each only with its backend). */
  readonly sources: AlloySources;
  /** Scrape interval in seconds. */
  readonly scrapeIntervalSeconds: number;
}

/** The in-cluster credentials a pod's service account gets, for the kubelet scrapes. */
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The node this pod runs on: the chart sets K8S_NODE_NAME from spec.nodeName (containers/_agent.yaml). */
const NODE_NAME = call('sys.env', 'K8S_NODE_NAME');

/** The namespaces of a route as one anchored relabel regex (Prometheus anchors it): `a|b`. */
function namespaceRegex(namespaces: readonly string[]): AlloyValue {
  return raw(namespaces.join('|'));
}

/** A relabel rule that keeps or drops by namespace, or undefined when the route takes everything. */
function routeRule(route: TenantRoute): AlloyBlock | undefined {
  if ('keep' in route.match) {
    return block({ source_labels: [NAMESPACE_LABEL], regex: namespaceRegex(route.match.keep), action: 'keep' });
  }
  return route.match.drop.length === 0 ? undefined : block({ source_labels: [NAMESPACE_LABEL], regex: namespaceRegex(route.match.drop), action: 'drop' });
}

/**
 * The OTTL conditions (otelcol.processor.filter drops what matches any) that leave a route only its
 * namespaces. A missing attribute is nil, and nil is "not equal" to every string (pkg/ottl
 * LANGUAGE.md, comparison rules): data without a namespace passes the default tenant's filter only.
 */
function routeConditions(route: TenantRoute): string[] {
  const attr = `resource.attributes["${NAMESPACE_ATTRIBUTE}"]`;
  if ('keep' in route.match) return [route.match.keep.map((ns) => `${attr} != "${ns}"`).join(' and ')];
  return route.match.drop.map((ns) => `${attr} == "${ns}"`);
}

/** `output { metrics = [...] logs = [...] traces = [...] }`, leaving out empty signals. */
function output(targets: { metrics?: AlloyReference[]; logs?: AlloyReference[]; traces?: AlloyReference[] }): AlloyBlock {
  const nonEmpty = (list?: AlloyReference[]) => (list && list.length > 0 ? list : undefined);
  return block({ metrics: nonEmpty(targets.metrics), logs: nonEmpty(targets.logs), traces: nonEmpty(targets.traces) });
}

/** The sinks of one tenant: what its sources forward to, per signal. */
interface TenantSinks {
  readonly route: TenantRoute;
  /** Where scraped samples go (the tenant's relabel, or its remote_write). */
  readonly metrics?: AlloyReference;
  /** Where log entries with a `namespace` label go. */
  readonly logs?: AlloyReference;
  /** Where pushed profiles go. */
  readonly profiles?: AlloyReference;
  /** Where the tenant's OTLP goes after routing, per signal. */
  readonly otlp: { metrics?: AlloyReference; logs?: AlloyReference; traces?: AlloyReference };
}

/**
 * The collector's configuration: one write pipeline per tenant (each write carrying that tenant's
 * X-Scope-OrgID), the sources of the node fanned out to every tenant's router, and each router
 * keeping only its tenant's namespaces (the default tenant keeps the rest). Built sinks first, so
 * every reference points at a component that is already there.
 */
export function alloyPipeline(options: AlloyPipelineOptions): AlloyConfig {
  const { metrics, logs, traces, profiles, sources } = options;
  const config = new AlloyConfig({
    header: 'Generated by cdktf-lgtm (AlloyDaemonSet); edit the construct, not this file.\nOne write per tenant and signal; namespaces are routed to their tenant, the rest to the default tenant.',
  });
  const externalLabels = { cluster: options.clusterName };
  const otlp = sources.otlp;

  const sinks: TenantSinks[] = options.routes.map((route) => {
    const rule = routeRule(route);
    const tenant = route.tenant;
    const sink: { metrics?: AlloyReference; logs?: AlloyReference; profiles?: AlloyReference; otlp: TenantSinks['otlp'] } = { otlp: {} };
    if (metrics) {
      const write = config.add('prometheus.remote_write', route.label, {
        endpoint: block({ url: metrics.remoteWriteUrl, headers: { [metrics.tenantHeader]: tenant } }),
        external_labels: externalLabels,
      }, { comment: `Metrics of tenant ${tenant} to Mimir.` });
      sink.metrics = rule
        ? config.add('prometheus.relabel', route.label, { forward_to: [write.ref('receiver')], rule }).ref('receiver')
        : write.ref('receiver');
      if (otlp) sink.otlp.metrics = config.add('otelcol.exporter.prometheus', route.label, { forward_to: [write.ref('receiver')] }).ref('input');
    }
    if (logs) {
      const write = config.add('loki.write', route.label, {
        endpoint: block({ url: logs.pushUrl, tenant_id: tenant }),
        external_labels: externalLabels,
      }, { comment: `Logs of tenant ${tenant} to Loki (tenant_id sets ${logs.tenantHeader}).` });
      sink.logs = rule ? config.add('loki.relabel', route.label, { forward_to: [write.ref('receiver')], rule }).ref('receiver') : write.ref('receiver');
      if (otlp) {
        // Loki's native OTLP endpoint keeps resource attributes as labels and structured metadata.
        sink.otlp.logs = config.add('otelcol.exporter.otlphttp', route.label, {
          client: block({ endpoint: logs.url, headers: { [logs.tenantHeader]: tenant } }),
          logs_endpoint: logs.otlpUrl,
        }).ref('input');
      }
    }
    if (traces && otlp) {
      sink.otlp.traces = config.add('otelcol.exporter.otlp', route.label, {
        client: block({
          endpoint: traces.otlpGrpcUrl,
          headers: { [traces.tenantHeader]: tenant },
          tls: block({ insecure: traces.otlpGrpcInsecure }),
        }),
      }, { comment: `Traces of tenant ${tenant} to Tempo.` }).ref('input');
    }
    if (profiles) {
      const write = config.add('pyroscope.write', route.label, {
        endpoint: block({ url: profiles.pushUrl, headers: { [profiles.tenantHeader]: tenant } }),
        external_labels: externalLabels,
      }, { comment: `Profiles of tenant ${tenant} to Pyroscope.` });
      sink.profiles = rule
        ? config.add('pyroscope.relabel', route.label, { forward_to: [write.ref('receiver')], rule }).ref('receiver')
        : write.ref('receiver');
    }
    return { route, ...sink };
  });

  const metricsIn = sinks.flatMap((s) => (s.metrics ? [s.metrics] : []));
  const logsIn = sinks.flatMap((s) => (s.logs ? [s.logs] : []));
  const profilesIn = sinks.flatMap((s) => (s.profiles ? [s.profiles] : []));
  const scrapeInterval = `${options.scrapeIntervalSeconds}s`;

  if (sources.podLogs || sources.podMetrics) {
    config.add('discovery.kubernetes', 'pods', {
      role: 'pod',
      selectors: block({ role: 'pod', field: concat('spec.nodeName=', NODE_NAME) }),
    }, { comment: 'The pods of this node only: every node has its own collector.' });
  }
  const pods = config.find('discovery.kubernetes', 'pods');

  if (sources.podMetrics && pods) {
    const targets = config.add('discovery.relabel', 'pod_metrics', {
      targets: pods.ref('targets'),
      rule: [
        block({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' }),
        block({ source_labels: ['__meta_kubernetes_pod_phase'], regex: raw('Pending|Succeeded|Failed|Completed'), action: 'drop' }),
        block({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], regex: raw('(.+)'), target_label: '__metrics_path__' }),
        block({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'], regex: raw('(https?)'), target_label: '__scheme__' }),
        block({
          source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
          regex: raw('(.+?)(?::\\d+)?;(\\d+)'),
          replacement: '$1:$2',
          target_label: '__address__',
        }),
        // job is <namespace>/<component> (else <namespace>/<app name>), as the Mimir, Loki and Tempo
        // mixins expect, so alerts `by (job)` tell an ingester from a distributor.
        block({
          source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_label_app_kubernetes_io_name'],
          regex: raw('(.+);(.+)'),
          replacement: '$1/$2',
          target_label: 'job',
        }),
        block({
          source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_label_app_kubernetes_io_component'],
          regex: raw('(.+);(.+)'),
          replacement: '$1/$2',
          target_label: 'job',
        }),
        block({ source_labels: ['__meta_kubernetes_namespace'], target_label: NAMESPACE_LABEL }),
        block({ source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' }),
        block({ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' }),
      ],
    }, { comment: 'Pods that opt in with the prometheus.io/scrape annotation.' });
    config.add('prometheus.scrape', 'pods', {
      targets: targets.ref('output'),
      forward_to: metricsIn,
      job_name: 'kubernetes-pods',
      scrape_interval: scrapeInterval,
    });
  }

  if (sources.kubelet) {
    const nodes = config.add('discovery.kubernetes', 'nodes', {
      role: 'node',
      selectors: block({ role: 'node', field: concat('metadata.name=', NODE_NAME) }),
    }, { comment: "This node's kubelet, reached on its own address (RBAC nodes/metrics, no API-server proxy)." });
    const targets = config.add('discovery.relabel', 'nodes', {
      targets: nodes.ref('targets'),
      rule: block({ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' }),
    });
    for (const [label, path, job] of [
      ['kubelet', '/metrics', 'integrations/kubernetes/kubelet'],
      ['cadvisor', '/metrics/cadvisor', 'integrations/kubernetes/cadvisor'],
    ] as const) {
      config.add('prometheus.scrape', label, {
        targets: targets.ref('output'),
        forward_to: metricsIn,
        job_name: job,
        metrics_path: path,
        scheme: 'https',
        scrape_interval: scrapeInterval,
        bearer_token_file: `${SA_DIR}/token`,
        // The kubelet's serving certificate is its own, not one the cluster CA signed for this name.
        tls_config: block({ ca_file: `${SA_DIR}/ca.crt`, insecure_skip_verify: true }),
      });
    }
  }

  if (sources.podLogs && pods) {
    const targets = config.add('discovery.relabel', 'pod_logs', {
      targets: pods.ref('targets'),
      rule: [
        block({ source_labels: ['__meta_kubernetes_namespace'], target_label: NAMESPACE_LABEL }),
        block({ source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' }),
        block({ source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' }),
        block({ source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_container_name'], separator: '/', target_label: 'job' }),
        // The kubelet writes /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log.
        block({
          source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'],
          separator: '/',
          target_label: '__path__',
          replacement: '/var/log/pods/*$1/*.log',
        }),
      ],
    });
    const process = config.add('loki.process', 'pod_logs', {
      forward_to: logsIn,
      'stage.cri': block(),
      // loki.source.file labels every entry with its file; one stream per file and restart is noise.
      'stage.label_drop': block({ values: ['filename'] }),
    });
    config.add('loki.source.file', 'pods', {
      targets: targets.ref('output'),
      forward_to: [process.ref('receiver')],
      file_match: block({ enabled: true }),
    }, { comment: "The node's container logs, from the files (alloy.mounts.varlog)." });
  }

  if (sources.events) {
    config.add('loki.source.kubernetes_events', 'cluster', {
      job_name: 'integrations/kubernetes/eventhandler',
      log_format: 'logfmt',
      forward_to: logsIn,
      // Watching all namespaces is one clustering key: exactly one pod of the DaemonSet owns it.
      clustering: block({ enabled: true }),
    }, { comment: 'Events of the whole cluster, collected once: by the one clustered pod that owns them.' });
  }

  if (otlp) {
    // Per tenant: a filter keeping only its namespaces, or the exporters directly (a default tenant
    // that every namespace maps to).
    const routed = { metrics: [] as AlloyReference[], logs: [] as AlloyReference[], traces: [] as AlloyReference[] };
    for (const sink of sinks) {
      const conditions = routeConditions(sink.route).map(raw);
      const targets = { metrics: sink.otlp.metrics ? [sink.otlp.metrics] : [], logs: sink.otlp.logs ? [sink.otlp.logs] : [], traces: sink.otlp.traces ? [sink.otlp.traces] : [] };
      if (conditions.length === 0) {
        routed.metrics.push(...targets.metrics);
        routed.logs.push(...targets.logs);
        routed.traces.push(...targets.traces);
        continue;
      }
      const filter = config.add('otelcol.processor.filter', sink.route.label, {
        error_mode: 'ignore',
        metric_conditions: targets.metrics.length > 0 ? block({ conditions }) : undefined,
        log_conditions: targets.logs.length > 0 ? block({ conditions }) : undefined,
        trace_conditions: targets.traces.length > 0 ? block({ conditions }) : undefined,
        output: output(targets),
      }, { comment: `OTLP of tenant ${sink.route.tenant}: drops what is not its namespaces'.` });
      const input = filter.ref('input');
      if (targets.metrics.length > 0) routed.metrics.push(input);
      if (targets.logs.length > 0) routed.logs.push(input);
      if (targets.traces.length > 0) routed.traces.push(input);
    }
    const signals = { metrics: metrics !== undefined, logs: logs !== undefined, traces: traces !== undefined };
    const to = (c: AlloyComponent) => output({
      metrics: signals.metrics ? [c.ref('input')] : [],
      logs: signals.logs ? [c.ref('input')] : [],
      traces: signals.traces ? [c.ref('input')] : [],
    });
    const batch = config.add('otelcol.processor.batch', 'otlp', { output: output(routed) });
    const attributes = config.add('otelcol.processor.k8sattributes', 'otlp', {
      // Only what the chart's RBAC lets it read: pods, namespaces, replicasets (no batch/jobs, so no
      // k8s.cronjob.*); the deployment name comes from the ReplicaSet's name (Alloy's default).
      extract: block({
        metadata: [
          'k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.statefulset.name',
          'k8s.daemonset.name', 'k8s.job.name', 'k8s.node.name',
        ],
      }),
      // The Service keeps OTLP on the node (internalTrafficPolicy Local): only this node's pods send here.
      filter: block({ node: NODE_NAME }),
      // The sending pod is the one that opened the connection, whatever the data claims.
      pod_association: block({ source: block({ from: 'connection' }) }),
      output: to(batch),
    }, { comment: 'Before batching: the connection a pod opened is only known per request.' });
    // A client's own k8s.namespace.name would choose its tenant (k8sattributes never overwrites an
    // attribute that is set), so it is removed and set again from the sending pod.
    const statements = [raw(`delete_key(attributes, "${NAMESPACE_ATTRIBUTE}")`), raw(`set(attributes["k8s.cluster.name"], "${options.clusterName}")`)];
    const transform = config.add('otelcol.processor.transform', 'otlp', {
      error_mode: 'ignore',
      metric_statements: signals.metrics ? block({ context: 'resource', statements }) : undefined,
      log_statements: signals.logs ? block({ context: 'resource', statements }) : undefined,
      trace_statements: signals.traces ? block({ context: 'resource', statements }) : undefined,
      output: to(attributes),
    });
    const limiter = config.add('otelcol.processor.memory_limiter', 'otlp', {
      check_interval: '1s',
      limit_percentage: 80,
      spike_limit_percentage: 20,
      output: to(transform),
    }, { comment: "Refuses data before the container's memory limit is reached, so the collector is not OOM-killed." });
    config.add('otelcol.receiver.otlp', 'apps', {
      grpc: block({ endpoint: `0.0.0.0:${ALLOY_PORTS.otlpGrpc}` }),
      http: block({ endpoint: `0.0.0.0:${ALLOY_PORTS.otlpHttp}` }),
      output: to(limiter),
    }, { comment: 'OTLP from the applications of this node (the Service routes to the local pod).' });
  }

  if (sources.profilesPush) {
    config.add('pyroscope.receive_http', 'apps', {
      http: block({ listen_address: '0.0.0.0', listen_port: ALLOY_PORTS.profiles }),
      forward_to: profilesIn,
    }, { comment: "Profiles pushed by SDKs, routed by the profile's own namespace label." });
  }
  return config;
}
