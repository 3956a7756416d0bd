import { TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { LokiEndpoints } from '../../../lib/backends/loki-endpoints';
import { MimirEndpoints } from '../../../lib/backends/mimir-endpoints';
import { LgtmAlerting, LgtmAlertingProps } from '../../../lib/rules/lgtm-alerting';
import { ExternalSecretsOperator } from '../../../lib/secrets/external-secrets-operator';
import { FAKE_CLUSTER } from '../../support/handles';
import { testStack } from '../../support/stack';

export const TENANTS = ['platform', 'team-a'];
export const SLACK_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:alerts/slack-AbCdEf';
export const PAGER_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:alerts/pagerduty-AbCdEf';

export function endpoints() {
  return {
    metrics: MimirEndpoints.external({ url: 'http://mimir-distributed-gateway.lgtm.svc.cluster.local:80', tenants: TENANTS }),
    logs: LokiEndpoints.external({ url: 'http://loki-gateway.lgtm.svc.cluster.local:80' }),
  };
}

/** An LgtmAlerting on external backends (and an operator, for routing); `values` are the loader's. */
export function buildAlerting(props: Partial<LgtmAlertingProps> = {}, stack: TerraformStack = testStack()) {
  // Only with routing: an operator whose role was granted nothing fails the synth.
  const secrets = props.alertmanager ? new ExternalSecretsOperator(stack, 'eso', { cluster: FAKE_CLUSTER, region: 'eu-west-1' }) : undefined;
  const alerting = new LgtmAlerting(stack, 'alerting', { tenants: TENANTS, ...endpoints(), secrets, ...props });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const values: Record<string, any> | undefined = alerting.loader ? JSON.parse(JSON.stringify(alerting.loader.release.values)) : undefined;
  return { stack, secrets, alerting, values };
}

/** The objects a release's values carry, by kind. */
export function objectsOfKind(values: Record<string, unknown> | undefined, kind: string): Record<string, any>[] {
  const list = (values?.extraObjects ?? []) as Record<string, any>[];
  return list.filter((o) => o.kind === kind);
}

/** Round trip through the release's YAML, as Helm reads it. */
export function yamlRoundTrip<T>(value: T): T {
  return parse(JSON.stringify(value)) as T;
}
