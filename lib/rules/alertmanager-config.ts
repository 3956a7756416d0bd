import { RULES_TENANT_LABEL } from '../collector/alloy-rules-pipeline';
import { HOST_PORT, Rule, SECRET_ARN, known, show } from '../private/validate';
import { externalSecretManifest } from '../secrets/external-secret';
import { PROMETHEUS_DURATION } from './rule-group';

/** A value kept in AWS Secrets Manager: never in the plan, the state or the chart values. */
export interface ReceiverSecret {
  /**
   * ARN of the Secrets Manager secret (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`);
   * the External Secrets Operator's role is granted read on exactly this secret.
   */
  readonly secretArn: string;
  /**
   * A field of the secret's JSON value.
   * @default - the whole value
   */
  readonly property?: string;
}

/** Email through an SMTP relay (Amazon SES SMTP, a company relay). */
export interface EmailReceiverConfig {
  /** Recipient address(es), comma-separated. */
  readonly to: string;
  /** Sender address. */
  readonly from: string;
  /** SMTP relay as `host:port`. */
  readonly smarthost: string;
  /** SMTP user name (not a secret). */
  readonly authUsername: string;
  /** SMTP password. */
  readonly authPassword: ReceiverSecret;
}

/** A Slack incoming webhook. */
export interface SlackReceiverConfig {
  /** The webhook URL (it is the credential). */
  readonly webhookUrl: ReceiverSecret;
  /**
   * Channel to post in, when the webhook allows overriding it.
   * @default - the webhook's channel
   */
  readonly channel?: string;
}

/** A PagerDuty service (Events API v2). */
export interface PagerDutyReceiverConfig {
  /** The integration's routing key. */
  readonly routingKey: ReceiverSecret;
}

/** An HTTP webhook (Alertmanager's webhook payload). */
export interface WebhookReceiverConfig {
  /** The URL, often with a token in it: kept as a secret. */
  readonly url: ReceiverSecret;
}

/** Where one receiver sends: exactly one of its channels is set. */
export interface AlertReceiver {
  /** Name of the receiver, unique per tenant: routes name it. Letters, digits, `-`, `_`. */
  readonly name: string;
  /**
   * Email.
   * @default - not email
   */
  readonly email?: EmailReceiverConfig;
  /**
   * Slack.
   * @default - not Slack
   */
  readonly slack?: SlackReceiverConfig;
  /**
   * PagerDuty.
   * @default - not PagerDuty
   */
  readonly pagerDuty?: PagerDutyReceiverConfig;
  /**
   * A webhook.
   * @default - not a webhook
   */
  readonly webhook?: WebhookReceiverConfig;
}

/** A route below the tenant's root: alerts whose labels equal `matchers` go to `receiver`. */
export interface AlertRoute {
  /** The receiver's name (one of the tenant's receivers). */
  readonly receiver: string;
  /** Label name → value the alert must have (all of them), e.g. `{ severity: 'critical' }`. */
  readonly matchers: Readonly<Record<string, string>>;
  /**
   * Keep matching the routes after this one (an alert can go to several receivers).
   * @default false
   */
  readonly continue?: boolean;
}

/** One tenant's Alertmanager routing. */
export interface TenantAlerting {
  /** The receivers, at least one. */
  readonly receivers: readonly AlertReceiver[];
  /** Receiver of every alert that no route matches. */
  readonly defaultReceiver: string;
  /**
   * Routes tried in order before the default receiver.
   * @default []
   */
  readonly routes?: readonly AlertRoute[];
  /**
   * Labels alerts are grouped by into one notification.
   * @default ['alertname', 'service']
   */
  readonly groupBy?: readonly string[];
  /**
   * How long a still-firing alert waits before it is notified again (a Prometheus duration).
   * @default '4h'
   */
  readonly repeatInterval?: string;
}

const CHANNELS = ['email', 'slack', 'pagerDuty', 'webhook'] as const;
const RECEIVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The secrets a receiver reads, with the field they come from. */
function receiverSecrets(r: AlertReceiver): [string, ReceiverSecret | undefined][] {
  if (r?.email) return [['email.authPassword', r.email.authPassword]];
  if (r?.slack) return [['slack.webhookUrl', r.slack.webhookUrl]];
  if (r?.pagerDuty) return [['pagerDuty.routingKey', r.pagerDuty.routingKey]];
  if (r?.webhook) return [['webhook.url', r.webhook.url]];
  return [];
}

/** Validation rules of one tenant's routing; `at` is its field (`alertmanager.team-a`). */
export function tenantAlertingRules(t: TenantAlerting, at: string): Rule[] {
  const receivers: readonly AlertReceiver[] = Array.isArray(t?.receivers) ? t.receivers : [];
  const names = receivers.map((r) => r?.name);
  const out: Rule[] = [
    { when: receivers.length === 0, message: `${at}.receivers is ${show(t?.receivers)}, but at least one receiver is required` },
    { when: !names.includes(t?.defaultReceiver), message: `${at}.defaultReceiver is ${show(t?.defaultReceiver)}, but it must be one of the receivers (${names.map(show).join(', ') || 'none'})` },
    {
      when: t?.repeatInterval !== undefined && (typeof t.repeatInterval !== 'string' || !PROMETHEUS_DURATION.test(t.repeatInterval)),
      message: `${at}.repeatInterval is ${show(t?.repeatInterval)}, but it must be a Prometheus duration such as '4h'`,
    },
    ...(t?.groupBy ?? []).map((l, i) => ({ when: l !== '...' && !LABEL_NAME.test(l), message: `${at}.groupBy[${i}] is ${show(l)}, but it must be a label name or '...'` })),
  ];
  receivers.forEach((r, i) => {
    const rat = `${at}.receivers[${i}]`;
    const set = CHANNELS.filter((c) => r?.[c] !== undefined);
    out.push(
      { when: typeof r?.name !== 'string' || !RECEIVER_NAME.test(r.name), message: `${rat}.name is ${show(r?.name)}, but it must be 1-63 letters, digits, '-' or '_'` },
      { when: names.indexOf(r?.name) !== i, message: `${rat}.name is ${show(r?.name)}, but receiver names are unique per tenant` },
      { when: set.length !== 1, message: `${rat} sets ${set.length === 0 ? 'no channel' : set.join(' and ')}, but exactly one of ${CHANNELS.join(', ')} is allowed` },
    );
    if (set.length !== 1) return;
    for (const [field, secret] of receiverSecrets(r)) {
      out.push(
        {
          when: secret === undefined || secret === null || secret.secretArn === undefined || secret.secretArn === '',
          message: `${rat}.${field} is ${show(secret)}, but the receiver needs its secret: { secretArn } of a Secrets Manager secret (never a literal value)`,
        },
        {
          when: known(secret?.secretArn) && secret?.secretArn !== '' && secret?.secretArn !== undefined && (typeof secret.secretArn !== 'string' || !SECRET_ARN.test(secret.secretArn)),
          message: `${rat}.${field}.secretArn is ${show(secret?.secretArn)}, but it must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
        },
      );
    }
    if (r.email) {
      out.push(
        { when: typeof r.email.smarthost !== 'string' || !HOST_PORT.test(r.email.smarthost), message: `${rat}.email.smarthost is ${show(r.email.smarthost)}, but it must be host:port` },
        { when: typeof r.email.to !== 'string' || !r.email.to.includes('@'), message: `${rat}.email.to is ${show(r.email.to)}, but it must be an email address` },
        { when: typeof r.email.from !== 'string' || !r.email.from.includes('@'), message: `${rat}.email.from is ${show(r.email.from)}, but it must be an email address` },
        { when: typeof r.email.authUsername !== 'string' || r.email.authUsername === '', message: `${rat}.email.authUsername is ${show(r.email.authUsername)}, but it is required with the password` },
      );
    }
  });
  (t?.routes ?? []).forEach((route, i) => {
    const rat = `${at}.routes[${i}]`;
    out.push(
      { when: !names.includes(route?.receiver), message: `${rat}.receiver is ${show(route?.receiver)}, but it must be one of the receivers (${names.map(show).join(', ')})` },
      { when: route?.matchers === undefined || Object.keys(route.matchers).length === 0, message: `${rat}.matchers is ${show(route?.matchers)}, but a route needs at least one label to match` },
      ...Object.keys(route?.matchers ?? {}).map((k) => ({ when: !LABEL_NAME.test(k), message: `${rat}.matchers has ${show(k)}, but it must be a label name` })),
    );
  });
  return out;
}

/** The Secret a tenant's receivers read (written by its ExternalSecret). */
export function receiverSecretName(tenant: string): string {
  return `alertmanager-${tenant.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/** Every Secrets Manager ARN a tenant's routing reads. */
export function receiverSecretArns(t: TenantAlerting): string[] {
  return t.receivers.flatMap((r) => receiverSecrets(r).map(([, s]) => s!.secretArn));
}

/**
 * The objects of one tenant's routing, in `namespace`: an ExternalSecret that writes the receivers'
 * Secret from Secrets Manager through the SecretStore `storeName`, and the AlertmanagerConfig that
 * reads it, labelled with the tenant for its `mimir.alerts.kubernetes`. Validate first
 * ({@link tenantAlertingRules}).
 */
export function alertmanagerManifests(tenant: string, t: TenantAlerting, namespace: string, storeName: string): Record<string, unknown>[] {
  const secretName = receiverSecretName(tenant);
  const data: { secretKey: string; remoteRef: { key: string; property?: string } }[] = [];
  const ref = (s: ReceiverSecret) => {
    const key = `RECEIVER_${data.length}`;
    data.push({ secretKey: key, remoteRef: s.property === undefined ? { key: s.secretArn } : { key: s.secretArn, property: s.property } });
    return { name: secretName, key };
  };
  const receivers = t.receivers.map((r) => {
    if (r.email) {
      const e = r.email;
      return { name: r.name, emailConfigs: [{ to: e.to, from: e.from, smarthost: e.smarthost, authUsername: e.authUsername, authPassword: ref(e.authPassword), sendResolved: true }] };
    }
    if (r.slack) {
      return { name: r.name, slackConfigs: [{ apiURL: ref(r.slack.webhookUrl), ...(r.slack.channel ? { channel: r.slack.channel } : {}), sendResolved: true }] };
    }
    if (r.pagerDuty) return { name: r.name, pagerdutyConfigs: [{ routingKey: ref(r.pagerDuty.routingKey), sendResolved: true }] };
    return { name: r.name, webhookConfigs: [{ urlSecret: ref(r.webhook!.url), sendResolved: true }] };
  });
  const labels = { [RULES_TENANT_LABEL]: tenant };
  return [
    { ...externalSecretManifest({ name: secretName, namespace, storeName, data }), metadata: { name: secretName, namespace, labels } },
    {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: { name: secretName, namespace, labels },
      spec: {
        route: {
          receiver: t.defaultReceiver,
          groupBy: [...(t.groupBy ?? ['alertname', 'service'])],
          groupWait: '30s',
          groupInterval: '5m',
          repeatInterval: t.repeatInterval ?? '4h',
          routes: (t.routes ?? []).map((r) => ({
            receiver: r.receiver,
            matchers: Object.entries(r.matchers).map(([name, value]) => ({ name, value, matchType: '=' })),
            ...(r.continue ? { continue: true } : {}),
          })),
        },
        receivers,
      },
    },
  ];
}
