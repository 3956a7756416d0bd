import { TerraformVariable } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { LokiEndpoints } from '../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../lib/backends/mimir-endpoints';
import { TempoEndpoints } from '../../lib/backends/tempo-endpoints';
import { ALLOY_TIERS } from '../../lib/collector/alloy-values';
import { HELM_NO_CREDENTIALS, HELM_RULES } from '../../lib/compliance/rules/helm';
import { CHARTS } from '../../lib/config/charts';
import { Tier } from '../../lib/config/tier';
import { warningsOf } from '../support/annotations';
import { verdicts } from '../support/compliance';
import { FAKE_CLUSTER } from '../support/handles';
import { chartSourceDir } from '../support/paths';
import { testStack } from '../support/stack';
import { resourcesOf, synthJson } from '../support/synth';
import { attribute, blocksOf, componentsOf, parseAlloy, plain, plainBody } from './support/alloy-parser';
import {
  NAMESPACE_TENANTS, TENANTS, build, component, externalBackends, forwardsOf, graphProblems, writesReached,
} from './support/collector';

const TIERS: readonly Tier[] = ['monolithic', 'simple-scalable', 'microservices'];
/** The tenant labels of the test tenants: `team-a` is not an identifier. */
const LABEL: Record<string, string> = { platform: 'platform', 'team-a': 'team_a', payments: 'payments' };

describe('AlloyDaemonSet', () => {
  describe.each(TIERS)('tier %s', (tier) => {
    const { stack, alloy, values, content, components } = build({ tier });
    const backends = externalBackends();

    test('is the pinned alloy chart as a DaemonSet that runs on every node and rolls out a bounded share of nodes at a time', () => {
      expect(alloy.release.pin).toEqual(CHARTS.alloy);
      expect(alloy.release.releaseName).toBe('alloy');
      expect(alloy.release.namespace).toBe('lgtm');
      expect(values.controller.type).toBe('daemonset');
      expect(values.controller.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: ALLOY_TIERS[tier].maxUnavailable } });
      expect(values.controller.podDisruptionBudget).toBeUndefined();
      expect(values.controller.tolerations).toEqual([{ operator: 'Exists' }]);
    });

    test('opts its own pods into the pod scrape at the chart\'s listen port, so its write failures reach the health alerts', () => {
      expect(values.controller.podAnnotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '12345', 'prometheus.io/path': '/metrics' });
    });

    test('takes its resources from the tier table, with a memory limit and no CPU limit', () => {
      expect(values.alloy.resources).toEqual(ALLOY_TIERS[tier].resources);
      expect(values.alloy.resources.limits.cpu).toBeUndefined();
    });

    test('exposes OTLP and profile pushes on a node-local Service, and mounts the node\'s logs and its own state', () => {
      expect(values.alloy.extraPorts).toEqual([
        { name: 'otlp-grpc', port: 4317, targetPort: 4317, protocol: 'TCP' },
        { name: 'otlp-http', port: 4318, targetPort: 4318, protocol: 'TCP' },
        { name: 'profiles', port: 4040, targetPort: 4040, protocol: 'TCP' },
      ]);
      expect(values.service).toEqual({ enabled: true, internalTrafficPolicy: 'Local' });
      expect(values.alloy.mounts).toEqual({ varlog: true, extra: [{ name: 'alloy-state', mountPath: '/var/lib/alloy/data' }] });
      expect(values.alloy.storagePath).toBe('/var/lib/alloy/data');
      expect(values.controller.volumes.extra).toEqual([{ name: 'alloy-state', hostPath: { path: '/var/lib/alloy/lgtm-alloy', type: 'DirectoryOrCreate' } }]);
      expect(values.alloy.enableReporting).toBe(false);
    });

    test('needs no AWS identity: the chart\'s own service account, no IRSA annotation', () => {
      expect(values.serviceAccount).toBeUndefined();
    });

    test('its RBAC reads what its components need and never a Secret or ConfigMap', () => {
      const all = [...values.rbac.rules, ...values.rbac.clusterRules] as { resources?: string[]; verbs: string[] }[];
      // Pod and node discovery, events, the kubelet, and k8sattributes (pods, namespaces, ReplicaSets).
      expect(all.flatMap((r) => r.resources ?? []).sort()).toEqual(['events', 'namespaces', 'nodes', 'nodes/metrics', 'pods', 'replicasets']);
      expect(all.flatMap((r) => r.verbs).every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
      const used = new Set(components.map((c) => c.name));
      expect(['discovery.kubernetes', 'loki.source.kubernetes_events', 'otelcol.processor.k8sattributes'].every((n) => used.has(n))).toBe(true);
      // Components that would need more (Secrets, ConfigMaps, operator CRDs) are not used.
      expect([...used].filter((n) => n.startsWith('remote.kubernetes') || n.startsWith('prometheus.operator') || n === 'loki.source.kubernetes' || n === 'loki.source.podlogs')).toEqual([]);
    });

    test('renders a configuration that parses, with every component from Alloy 1.18 and every reference defined', () => {
      expect(graphProblems(components)).toEqual([]);
      expect(components.length).toBeGreaterThan(20);
      expect(content).toBe(alloy.configText);
    });

    test('leaves nothing for Helm tpl or Terraform to expand', () => {
      expect(content).not.toMatch(/\{\{|\$\{|%\{/);
    });

    test('writes every tenant\'s data with its X-Scope-OrgID to the given endpoints', () => {
      for (const tenant of TENANTS) {
        const label = LABEL[tenant];
        expect(plainBody(component(components, 'prometheus.remote_write', label).body).endpoint).toEqual([
          { url: backends.metrics.remoteWriteUrl, headers: { [backends.metrics.tenantHeader]: tenant } },
        ]);
        expect(plainBody(component(components, 'loki.write', label).body).endpoint).toEqual([{ url: backends.logs.pushUrl, tenant_id: tenant }]);
        expect(plainBody(component(components, 'otelcol.exporter.otlphttp', label).body)).toEqual({
          client: [{ endpoint: backends.logs.url, headers: { [backends.logs.tenantHeader]: tenant } }],
          logs_endpoint: backends.logs.otlpUrl,
        });
        expect(plainBody(component(components, 'otelcol.exporter.otlp', label).body)).toEqual({
          client: [{ endpoint: backends.traces.otlpGrpcUrl, headers: { [backends.traces.tenantHeader]: tenant }, tls: [{ insecure: true }] }],
        });
        expect(plainBody(component(components, 'pyroscope.write', label).body).endpoint).toEqual([
          { url: backends.profiles.pushUrl, headers: { [backends.profiles.tenantHeader]: tenant } },
        ]);
      }
    });

    test('has no write without a tenant: every exporter is one of the tenants\' ', () => {
      const writes = components.filter((c) => ['prometheus.remote_write', 'loki.write', 'otelcol.exporter.otlp', 'otelcol.exporter.otlphttp', 'pyroscope.write'].includes(c.name));
      expect(writes).toHaveLength(TENANTS.length * 5);
      for (const w of writes) expect(Object.values(LABEL)).toContain(w.label);
    });

    test('labels everything it sends with the cluster', () => {
      for (const name of ['prometheus.remote_write', 'loki.write', 'pyroscope.write']) {
        for (const c of components.filter((x) => x.name === name)) expect(plain(attribute(c.body, 'external_labels'))).toEqual({ cluster: FAKE_CLUSTER.clusterName });
      }
      expect(content).toContain(`set(attributes["k8s.cluster.name"], "${FAKE_CLUSTER.clusterName}")`);
    });

    test('passes the alloy chart\'s values check and the stack\'s validations', () => {
      const json = synthJson(stack);
      const releases = Object.values(resourcesOf(json, 'helm_release'));
      expect(releases).toHaveLength(1);
      expect(releases[0]).toMatchObject({ chart: 'alloy', version: CHARTS.alloy.version, name: 'alloy', namespace: 'lgtm' });
      const synthesized = parse((releases[0].values as string[])[0]);
      expect(synthesized.alloy.configMap.content).toBe(content);
    });
  });

  test('the graph check catches an unknown component, a duplicate and a dangling reference', () => {
    const bad = componentsOf(parseAlloy([
      'loki.write "a" {}',
      'loki.write "a" {}',
      'otelcol.connector.routing "r" {}',
      'loki.relabel "b" {',
      '  forward_to = [loki.write.missing.receiver, loki.write.a.receiver]',
      '  x          = constants.hostname',
      '}',
      '',
    ].join('\n')));
    expect(graphProblems(bad)).toEqual([
      'unknown component otelcol.connector.routing',
      'defined twice: loki.write.a',
      'loki.relabel.b references undefined loki.write.missing.receiver',
    ]);
  });

  describe('tenancy', () => {
    const { alloy, components } = build();
    const expected = (tenant: string) => {
      const label = LABEL[tenant];
      return {
        logs: [`loki.write.${label}`],
        metrics: [`prometheus.remote_write.${label}`],
        otlp: [`otelcol.exporter.otlp.${label}`, `otelcol.exporter.otlphttp.${label}`, `prometheus.remote_write.${label}`],
        profiles: [`pyroscope.write.${label}`],
      };
    };
    const reached = (namespace: string | undefined) => ({
      logs: writesReached(components, 'loki.source.file.pods', namespace),
      metrics: writesReached(components, 'prometheus.scrape.pods', namespace),
      otlp: writesReached(components, 'otelcol.receiver.otlp.apps', namespace),
      profiles: writesReached(components, 'pyroscope.receive_http.apps', namespace),
    });

    test.each(Object.entries(NAMESPACE_TENANTS))('namespace %s reaches only tenant %s, for every signal', (namespace, tenant) => {
      expect(reached(namespace)).toEqual(expected(tenant));
    });

    test.each(['default', 'kube-system', 'lgtm'])('an unmapped namespace (%s) reaches only the default tenant: nothing is dropped', (namespace) => {
      expect(reached(namespace)).toEqual(expected('platform'));
    });

    test('data without a namespace (kubelet, cluster-scoped events, OTLP from outside a pod) reaches the default tenant', () => {
      expect(reached(undefined)).toEqual(expected('platform'));
      expect(writesReached(components, 'prometheus.scrape.kubelet', undefined)).toEqual(['prometheus.remote_write.platform']);
      expect(writesReached(components, 'loki.source.kubernetes_events.cluster', undefined)).toEqual(['loki.write.platform']);
    });

    test('events and cAdvisor series of a namespace go to its tenant', () => {
      expect(writesReached(components, 'loki.source.kubernetes_events.cluster', 'shop')).toEqual(['loki.write.team_a']);
      expect(writesReached(components, 'prometheus.scrape.cadvisor', 'checkout')).toEqual(['prometheus.remote_write.payments']);
    });

    test('the routes name each tenant\'s namespaces, and the default tenant drops the others', () => {
      expect(alloy.defaultTenant).toBe('platform');
      expect(alloy.routes).toEqual([
        { tenant: 'platform', label: 'platform', match: { drop: ['billing', 'checkout', 'shop'] } },
        { tenant: 'team-a', label: 'team_a', match: { keep: ['shop'] } },
        { tenant: 'payments', label: 'payments', match: { keep: ['billing', 'checkout'] } },
      ]);
    });

    test('OTLP is routed on the sending pod\'s namespace, not on what the client claims', () => {
      const transform = plainBody(component(components, 'otelcol.processor.transform', 'otlp').body);
      for (const signal of ['metric_statements', 'log_statements', 'trace_statements']) {
        expect(transform[signal]).toEqual([{ context: 'resource', statements: [
          'delete_key(attributes, "k8s.namespace.name")',
          `set(attributes["k8s.cluster.name"], "${FAKE_CLUSTER.clusterName}")`,
        ] }]);
      }
      const attributes = plainBody(component(components, 'otelcol.processor.k8sattributes', 'otlp').body);
      expect(attributes.pod_association).toEqual([{ source: [{ from: 'connection' }] }]);
      expect(attributes.filter).toEqual([{ node: { call: 'sys.env', args: ['K8S_NODE_NAME'] } }]);
      // memory limiter, then the namespace fix-up and k8sattributes (the connection is known per request), then batching.
      expect(forwardsOf(component(components, 'otelcol.receiver.otlp', 'apps'))).toEqual(['otelcol.processor.memory_limiter.otlp.input']);
      expect(forwardsOf(component(components, 'otelcol.processor.memory_limiter', 'otlp'))).toEqual(['otelcol.processor.transform.otlp.input']);
      expect(forwardsOf(component(components, 'otelcol.processor.transform', 'otlp'))).toEqual(['otelcol.processor.k8sattributes.otlp.input']);
      expect(forwardsOf(component(components, 'otelcol.processor.k8sattributes', 'otlp'))).toEqual(['otelcol.processor.batch.otlp.input']);
    });

    test('a default tenant that no other tenant takes namespaces from gets everything, without a filter', () => {
      const { components: all, alloy: single } = build({ tenants: ['platform'], namespaceTenants: undefined, metrics: MimirEndpoints.external({ url: 'http://mimir.lgtm.svc', tenants: ['platform'] }) });
      expect(single.routes).toEqual([{ tenant: 'platform', label: 'platform', match: { drop: [] } }]);
      expect(all.some((c) => ['otelcol.processor.filter', 'prometheus.relabel', 'loki.relabel', 'pyroscope.relabel'].includes(c.name))).toBe(false);
      expect(writesReached(all, 'otelcol.receiver.otlp.apps', 'anything')).toEqual([
        'otelcol.exporter.otlp.platform', 'otelcol.exporter.otlphttp.platform', 'prometheus.remote_write.platform',
      ]);
    });

    test('defaultTenant chooses the tenant of unmapped namespaces', () => {
      const { components: all, alloy: other } = build({ defaultTenant: 'payments' });
      expect(other.defaultTenant).toBe('payments');
      expect(writesReached(all, 'loki.source.file.pods', 'kube-system')).toEqual(['loki.write.payments']);
      expect(writesReached(all, 'loki.source.file.pods', 'checkout')).toEqual(['loki.write.payments']);
      expect(writesReached(all, 'loki.source.file.pods', 'shop')).toEqual(['loki.write.team_a']);
      expect(all.some((c) => c.name === 'loki.write' && c.label === 'platform')).toBe(false);
    });

    test('warns about tenants that receive nothing', () => {
      const { alloy: partial } = build({ namespaceTenants: { shop: 'team-a' } });
      expect(warningsOf(partial)).toEqual([expect.stringMatching(/tenants 'payments' receive no telemetry/)]);
      expect(warningsOf(build().alloy)).toEqual([]);
    });
  });

  describe('service account', () => {
    /** The ClusterRole rules of the pinned chart's defaults (rbac.rules and rbac.clusterRules). */
    const chartRules = (): { apiGroups?: string[]; resources?: string[]; nonResourceURLs?: string[]; verbs: string[] }[] => {
      const chartValues = parse(fs.readFileSync(path.join(chartSourceDir('alloy', CHARTS.alloy.version), 'values.yaml'), 'utf8'));
      return [...chartValues.rbac.rules, ...chartValues.rbac.clusterRules];
    };
    const allows = (group: string, resource: string, verb: string) =>
      chartRules().some((r) => (r.apiGroups ?? []).includes(group) && (r.resources ?? []).includes(resource) && r.verbs.includes(verb));

    test.each([
      ['', 'pods', 'discovery.kubernetes (pods) and k8sattributes'],
      ['', 'nodes', 'discovery.kubernetes (node)'],
      ['', 'nodes/metrics', 'the kubelet and cAdvisor scrapes, on the node\'s own address'],
      ['', 'events', 'loki.source.kubernetes_events'],
      ['', 'namespaces', 'k8sattributes'],
      ['apps', 'replicasets', 'k8sattributes (deployment names)'],
    ])('the chart\'s RBAC lets it list and watch %s/%s, for %s', (group, resource) => {
      for (const verb of ['get', 'list', 'watch']) expect(allows(group, resource, verb)).toBe(true);
    });

    test('the kubelet is not reached through the API server proxy, which the chart does not grant', () => {
      expect(allows('', 'nodes/proxy', 'get')).toBe(false);
      const { content } = build();
      expect(content).not.toContain('/proxy/');
    });
  });

  describe('events once per cluster', () => {
    test('one events source, clustered, watching every namespace, with clustering on in the chart', () => {
      const { values, components } = build();
      const events = components.filter((c) => c.name === 'loki.source.kubernetes_events');
      expect(events).toHaveLength(1);
      expect(plainBody(events[0].body)).toMatchObject({ clustering: [{ enabled: true }] });
      // No `namespaces`: all namespaces are one clustering key, which exactly one pod owns.
      expect(attribute(events[0].body, 'namespaces')).toBeUndefined();
      expect(values.alloy.clustering).toEqual({ enabled: true });
    });

    test('nothing else is clustered: every other source is node-local', () => {
      const { components } = build();
      expect(components.filter((c) => blocksOf(c.body, 'clustering').length > 0).map((c) => c.name)).toEqual(['loki.source.kubernetes_events']);
      for (const id of ['pods', 'nodes']) {
        const selectors = plainBody(component(components, 'discovery.kubernetes', id).body).selectors as { field: unknown }[];
        expect(JSON.stringify(selectors[0].field)).toContain('K8S_NODE_NAME');
      }
    });

    test('without logs there are no events and no clustering', () => {
      const { values, components } = build({ logs: undefined });
      expect(components.some((c) => c.name.startsWith('loki.'))).toBe(false);
      expect(values.alloy.clustering).toEqual({ enabled: false });
      expect(values.alloy.mounts.varlog).toBe(false);
    });
  });

  describe('sources', () => {
    test('pod logs are tailed from the node\'s files in CRI format, without the per-file label', () => {
      const { components } = build();
      expect(plainBody(component(components, 'loki.source.file', 'pods').body)).toMatchObject({ file_match: [{ enabled: true }] });
      const process = plainBody(component(components, 'loki.process', 'pod_logs').body);
      expect(Object.keys(process)).toEqual(['forward_to', 'stage.cri', 'stage.label_drop']);
      expect(process['stage.label_drop']).toEqual([{ values: ['filename'] }]);
      const rules = blocksOf(component(components, 'discovery.relabel', 'pod_logs').body, 'rule').map(plainBody);
      expect(rules).toContainEqual({
        source_labels: ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name'], separator: '/', target_label: '__path__', replacement: '/var/log/pods/*$1/*.log',
      });
    });

    test('pods opt in to scraping with prometheus.io annotations; the kubelet and cAdvisor are scraped on the node', () => {
      const { components } = build();
      const rules = blocksOf(component(components, 'discovery.relabel', 'pod_metrics').body, 'rule').map(plainBody);
      expect(rules[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
      expect(rules).toContainEqual({
        source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], regex: '(.+?)(?::\\d+)?;(\\d+)', replacement: '$1:$2', target_label: '__address__',
      });
      expect(plainBody(component(components, 'prometheus.scrape', 'cadvisor').body)).toMatchObject({
        metrics_path: '/metrics/cadvisor', scheme: 'https', bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      });
    });

    test('only metrics: no log, trace or profile components, no log mount, OTLP for metrics only', () => {
      const { values, components } = build({ logs: undefined, traces: undefined, profiles: undefined });
      expect(components.map((c) => c.name).filter((n) => /^(loki|pyroscope)\.|otlphttp|exporter\.otlp$/.test(n))).toEqual([]);
      expect(values.alloy.extraPorts.map((p: { port: number }) => p.port)).toEqual([4317, 4318]);
      expect(plainBody(component(components, 'otelcol.receiver.otlp', 'apps').body).output).toEqual([{ metrics: [{ ref: 'otelcol.processor.memory_limiter.otlp.input' }] }]);
      expect(graphProblems(components)).toEqual([]);
    });

    test('only profiles: the push receiver and nothing else', () => {
      const { values, components, alloy } = build({ metrics: undefined, logs: undefined, traces: undefined });
      expect([...new Set(components.map((c) => c.name))].sort()).toEqual(['pyroscope.receive_http', 'pyroscope.relabel', 'pyroscope.write']);
      expect(values.alloy.extraPorts).toEqual([{ name: 'profiles', port: 4040, targetPort: 4040, protocol: 'TCP' }]);
      expect(alloy.endpoints).toEqual({ otlpGrpcUrl: undefined, otlpHttpUrl: undefined, profilesUrl: 'http://alloy.lgtm.svc.cluster.local:4040' });
    });

    test('collect turns sources off', () => {
      const { values, components, alloy } = build({ collect: { podLogs: false, events: false, kubelet: false, otlp: false } });
      const names = components.map((c) => `${c.name}.${c.label}`);
      expect(names).toEqual(expect.arrayContaining(['prometheus.scrape.pods', 'pyroscope.receive_http.apps']));
      expect(names.filter((n) => /loki\.source|kubelet|cadvisor|otelcol/.test(n))).toEqual([]);
      expect(values.alloy.mounts.varlog).toBe(false);
      expect(alloy.sources).toEqual({ podLogs: false, events: false, podMetrics: true, kubelet: false, otlp: false, profilesPush: true });
    });

    test('the scrape interval is the prop\'s', () => {
      const { components } = build({ scrapeIntervalSeconds: 15 });
      expect(plain(attribute(component(components, 'prometheus.scrape', 'kubelet').body, 'scrape_interval'))).toBe('15s');
    });
  });

  describe('endpoints and options', () => {
    test('applications send to the Service of the release, in its namespace', () => {
      expect(build({ namespace: 'telemetry' }).alloy.endpoints).toEqual({
        otlpGrpcUrl: 'alloy.telemetry.svc.cluster.local:4317',
        otlpHttpUrl: 'http://alloy.telemetry.svc.cluster.local:4318',
        profilesUrl: 'http://alloy.telemetry.svc.cluster.local:4040',
      });
    });

    test('tolerations, priority class and the values override reach the chart, the override last', () => {
      const { values } = build({
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
        priorityClassName: 'observability-critical',
        values: { alloy: { resources: { limits: { memory: '3Gi' } } } },
      });
      expect(values.controller.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }]);
      expect(values.controller.priorityClassName).toBe('observability-critical');
      expect(values.alloy.resources.limits.memory).toBe('3Gi');
      expect(values.alloy.resources.requests).toEqual(ALLOY_TIERS.microservices.resources.requests);
    });

    test('a backend URL known only at apply is written as a token and resolved by Terraform', () => {
      const stack = testStack();
      const url = new TerraformVariable(stack, 'loki_url', { type: 'string' }).stringValue;
      const { content } = build({ logs: LokiEndpoints.external({ url }) }, stack);
      expect(content).toContain(`url       = "${url}/loki/api/v1/push"`);
      const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0];
      expect((release.values as string[])[0]).toContain('url       = "${var.loki_url}/loki/api/v1/push"');
    });

    test('a cluster name known only at apply labels the data through a token', () => {
      const stack = testStack();
      const name = new TerraformVariable(stack, 'cluster_name', { type: 'string' }).stringValue;
      const { content } = build({ cluster: { ...FAKE_CLUSTER, clusterName: name } }, stack);
      expect(content).toContain(`external_labels = { cluster = "${name}" }`);
      // The OTTL statement cannot be a raw string around a token: it is quoted, the token kept whole.
      expect(content).toContain(`"set(attributes[\\"k8s.cluster.name\\"], \\"${name}\\")"`);
      const release = Object.values(resourcesOf(synthJson(stack), 'helm_release'))[0];
      expect((release.values as string[])[0]).toContain('cluster = "${var.cluster_name}"');
    });

    test('the Helm compliance rules find nothing: no credential in the values, and no backend chart to check', () => {
      const { stack, alloy } = build({ production: true });
      for (const rule of HELM_RULES) {
        expect(Object.values(verdicts(stack, rule, true)).filter((v) => v.startsWith('non-compliant'))).toEqual([]);
      }
      expect(verdicts(stack, HELM_NO_CREDENTIALS, true)[`helm_release.${alloy.release.release.friendlyUniqueId}`]).toBe('compliant');
    });

    test('production accepts in-cluster backends over plain HTTP', () => {
      expect(() => build({ production: true })).not.toThrow();
    });

    test('the rendered configuration, for review', () => {
      expect(build().content).toMatchSnapshot();
    });
  });

  describe('fails if', () => {
    test('a namespace is mapped to a tenant the environment lacks', () => {
      expect(() => build({ namespaceTenants: { shop: 'team-b' } })).toThrow(
        /AlloyDaemonSet 'test\/collector': namespaceTenants.shop is 'team-b', but the environment's tenants are 'platform', 'team-a', 'payments'/,
      );
    });

    test('there is no backend to send to', () => {
      expect(() => build({ metrics: undefined, logs: undefined, traces: undefined, profiles: undefined })).toThrow(
        /metrics, logs, traces and profiles are all unset, but a collector needs at least one backend/,
      );
    });

    test.each(['Shop', 'shop_1', '-shop', 'a'.repeat(64), ''])('a namespace is not a namespace name (%j)', (namespace) => {
      expect(() => build({ namespaceTenants: { [namespace]: 'team-a' } })).toThrow(/namespaceTenants has namespace .*, but a namespace is a lowercase DNS label/);
    });

    test.each(['team/a', '', '..', 'x'.repeat(151), '__mimir_cluster'])('a tenant id is invalid (%j)', (tenant) => {
      expect(() => build({ tenants: [tenant], namespaceTenants: undefined, metrics: undefined })).toThrow(/tenants\[0\] is .*, but/);
    });

    test('there are no tenants, or a tenant twice', () => {
      expect(() => build({ tenants: [] })).toThrow(/at least one tenant id is required/);
      expect(() => build({ tenants: ['a', 'a'], namespaceTenants: undefined, metrics: undefined })).toThrow(/tenant ids must be unique/);
    });

    test('a tenant id is a token', () => {
      const stack = testStack();
      const tenant = new TerraformVariable(stack, 'tenant', { type: 'string' }).stringValue;
      expect(() => build({ tenants: [tenant], namespaceTenants: undefined, metrics: undefined }, stack)).toThrow(/tenants\[0\] is a token, but tenant ids must be known at synth/);
    });

    test('the default tenant is not one of the tenants', () => {
      expect(() => build({ defaultTenant: 'nobody' })).toThrow(/defaultTenant is 'nobody', but it must be one of tenants/);
    });

    test('two tenants become the same Alloy label', () => {
      expect(() => build({ tenants: ['team-a', 'team_a'], namespaceTenants: { shop: 'team_a' }, metrics: undefined })).toThrow(
        /tenants 'team-a' and 'team_a' both become the Alloy label 'team_a'/,
      );
    });

    test('Mimir does not serve a tenant the collector writes', () => {
      expect(() => build({ metrics: MimirEndpoints.external({ url: 'http://mimir.lgtm.svc', tenants: ['platform'] }) })).toThrow(
        /writes tenant 'team-a' to metrics, but that Mimir serves only 'platform'/,
      );
    });

    test('a source is asked for without its backend', () => {
      expect(() => build({ logs: undefined, collect: { podLogs: true } })).toThrow(/collect.podLogs is true, but logs is not set/);
      expect(() => build({ collect: { pods: true } as never })).toThrow(/collect.pods is not a source/);
    });

    test('a backend is not an endpoints handle', () => {
      expect(() => build({ logs: { pushUrl: 'http://loki' } as never })).toThrow(/logs is .*, but it must be a LokiEndpoints/);
    });

    test('the values override would undo the design', () => {
      expect(() => build({ values: { service: { internalTrafficPolicy: 'Cluster' } } })).toThrow(/internalTrafficPolicy is 'Cluster', but it must stay 'Local'/);
      expect(() => build({ values: { controller: { type: 'deployment' } } })).toThrow(/controller.type is 'deployment', but the collector is a DaemonSet/);
      expect(() => build({ values: { alloy: { configMap: { content: 'x' } } } })).toThrow(/configMap.content is set/);
      expect(() => build({ values: { alloy: { clustering: { enabled: false } } } })).toThrow(/without clustering every node would send every event/);
    });

    test('production would send telemetry in clear text outside the cluster', () => {
      expect(() => build({ production: true, logs: LokiEndpoints.external({ url: 'http://logs.example.com' }) })).toThrow(
        /logs.pushUrl is 'http:\/\/logs.example.com\/loki\/api\/v1\/push', but production sends no telemetry in clear text/,
      );
      const traces = TempoEndpoints.external({ otlpGrpcUrl: 'tempo.example.com:4317', otlpHttpUrl: 'https://tempo.example.com', queryUrl: 'https://tempo.example.com', otlpGrpcInsecure: true });
      expect(() => build({ production: true, traces })).toThrow(/traces.otlpGrpcInsecure is true for 'tempo.example.com:4317'/);
      expect(() => build({ traces })).not.toThrow();
    });

    test('the tier, scrape interval or priority class is invalid', () => {
      expect(() => build({ tier: 'huge' as Tier })).toThrow(/tier is 'huge', but allowed tiers are monolithic, simple-scalable, microservices/);
      expect(() => build({ scrapeIntervalSeconds: 0 })).toThrow(/scrapeIntervalSeconds is 0, but it must be a positive integer/);
      expect(() => build({ priorityClassName: 'Not_A_Name' })).toThrow(/priorityClassName is 'Not_A_Name'/);
    });

    test('the namespace of the release is invalid', () => {
      expect(() => build({ namespace: 'Bad' })).toThrow(/namespace is 'Bad'/);
    });
  });
});
