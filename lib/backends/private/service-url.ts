import { HelmValues, isPlainObject } from '../../helm/values';

/**
 * A chart's resource prefix from the final values, as Helm's standard `<chart>.fullname` helper
 * computes it (mimir-distributed and loki templates/_helpers.tpl): `fullnameOverride`, else the
 * release name when it contains the chart's name (`nameOverride` or `baseName`), else both joined;
 * cut to 63 characters without a trailing dash.
 */
export function chartFullname(baseName: string, releaseName: string, values: Readonly<HelmValues>): string {
  const trim = (s: string) => s.slice(0, 63).replace(/-$/, '');
  if (typeof values.fullnameOverride === 'string' && values.fullnameOverride !== '') return trim(values.fullnameOverride);
  const name = typeof values.nameOverride === 'string' && values.nameOverride !== '' ? values.nameOverride : baseName;
  return trim(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`);
}

/**
 * The in-cluster URL of a Service: fully qualified, so it resolves the same from every namespace,
 * with the port always written. The cluster domain follows the chart's `global.clusterDomain`.
 */
export function serviceUrl(service: string, namespace: string, port: number, values: Readonly<HelmValues> = {}): string {
  const global = isPlainObject(values.global) ? values.global : {};
  const domain = typeof global.clusterDomain === 'string' && global.clusterDomain !== '' ? global.clusterDomain : 'cluster.local';
  return `http://${service}.${namespace}.svc.${domain}:${port}`;
}
