/**
 * Port of the memcached exporter sidecar the charts run beside each memcached (prom/memcached-exporter's
 * default `--web.listen-address=:9150`; the charts' `http-metrics` port of their memcached pods).
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
