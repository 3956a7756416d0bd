/**
 * Port of the memcached exporter sidecar the charts run beside each memcached: each chart starts it
 * with `--web.listen-address=0.0.0.0:9150` on `containerPort: 9150` named `http-metrics`
 * (mimir-distributed templates/memcached/_memcached-statefulset.tpl; loki 18.11.0 the same path;
 * tempo-distributed 2.26.2 templates/memcached/statefulset-memcached.yaml, only while
 * `memcachedExporter.enabled`, false by default there).
 */
export const MEMCACHED_EXPORTER_PORT = 9150;

/**
 * Pod annotations that opt a pod in to the collector's `kubernetes-pods` scrape
 * (lib/collector/alloy-pipeline.ts keeps pods with `prometheus.io/scrape: "true"` and scrapes
 * `prometheus.io/port` at `prometheus.io/path`): how the stack's own metrics reach Mimir, where the
 * default health alerts (lib/rules/default-rules.ts) read them. Annotation values are strings.
 */
export function scrapeAnnotations(port: number, path = '/metrics'): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': path };
}
