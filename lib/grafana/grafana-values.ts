import type { Tier } from '../config/tier';
import type { HelmValues } from '../helm/values';
import { helmTplLiteral, mapStrings } from './private/templating';

/** Kubernetes resources of one Grafana pod. */
export interface GrafanaResources {
  /** CPU request; the HorizontalPodAutoscaler scales on utilization of it. */
  readonly cpu: string;
  /** Memory request. */
  readonly memory: string;
  /** Memory limit (the chart then sets GOMEMLIMIT from it). */
  readonly memoryLimit: string;
}

/** How Grafana is sized in one tier. */
export interface GrafanaTierLayout {
  /** Pods, the HorizontalPodAutoscaler's minimum; production runs at least {@link GRAFANA_PRODUCTION_REPLICAS}. */
  readonly replicas: number;
  /** The HorizontalPodAutoscaler's maximum. */
  readonly maxReplicas: number;
  /** Resources of each pod. */
  readonly resources: GrafanaResources;
}

/**
 * Grafana per tier. Every tier runs at least 2 pods (unified alerting and sessions are shared through
 * the database, the session store and memberlist, so any pod serves any user); the tiers differ in
 * pod size and how far the autoscaler may go, following the backends' size.
 */
export const GRAFANA_TIER_LAYOUTS: Readonly<Record<Tier, GrafanaTierLayout>> = {
  monolithic: { replicas: 2, maxReplicas: 4, resources: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi' } },
  'simple-scalable': { replicas: 2, maxReplicas: 6, resources: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' } },
  microservices: { replicas: 2, maxReplicas: 10, resources: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' } },
};

/** Pods in production unless `replicas` says otherwise: one per availability zone. */
export const GRAFANA_PRODUCTION_REPLICAS = 3;

/** The release name: the chart's fullname (and so every object's name) is `grafana`. */
export const GRAFANA_RELEASE_NAME = 'grafana';

/** Where each secret is mounted in the Grafana container (read with `$__file{}` at start). */
export const GRAFANA_SECRET_PATHS = {
  /** The database password, quoted for the PostgreSQL connection string. */
  databasePassword: '/etc/grafana/secrets/database/quoted_password',
  /** The session store's AUTH token. */
  sessionStoreToken: '/etc/grafana/secrets/session-store/token',
  /** The SSO client secret. */
  ssoClientSecret: '/etc/grafana/secrets/sso/client_secret',
  /** The RDS CA bundle (a ConfigMap: public certificates). */
  databaseCa: '/etc/grafana/rds-ca/ca.pem',
} as const;

/** Port of Grafana's unified alerting memberlist (the chart's `gossip` container port). */
export const GRAFANA_GOSSIP_PORT = 9094;

/** The ALB listener TLS policy: TLS 1.3 and 1.2 with forward-secret ciphers only. */
export const GRAFANA_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** The Ingress as the construct resolved it, for {@link grafanaValues}. */
export interface GrafanaIngressValues {
  readonly className: string;
  readonly scheme: string;
  readonly certificateArn?: string;
  readonly allowedCidrs: readonly string[];
  readonly host?: string;
  readonly sslPolicy: string;
}

/** Generic OAuth as the construct resolved it, for {@link grafanaValues}. */
export interface GrafanaSsoValues {
  readonly name: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly apiUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly roleAttributePath?: string;
  readonly allowSignUp: boolean;
}

/** Everything {@link grafanaValues} needs, resolved by GrafanaHA. */
export interface GrafanaValuesContext {
  readonly layout: GrafanaTierLayout;
  readonly production: boolean;
  readonly replicas: number;
  readonly namespace: string;
  /** `host:port` of PostgreSQL. */
  readonly databaseHost: string;
  readonly databaseName: string;
  readonly databaseUser: string;
  /** `host:port` of the session store. */
  readonly sessionStoreAddress: string;
  /** The data sources provisioning file. */
  readonly datasources: Record<string, unknown>;
  readonly ingress?: GrafanaIngressValues;
  readonly sso?: GrafanaSsoValues;
  /** The generated Secret with `admin_password` and `secret_key`. */
  readonly generatedSecret: string;
  /** The synced Secrets: database (`quoted_password`), session store (`token`), SSO (`client_secret`). */
  readonly secrets: { readonly database: string; readonly sessionStore: string; readonly sso?: string };
  /** The ConfigMap with the database CA bundle (`ca.pem`). */
  readonly caConfigMap: string;
  /** Kubernetes objects the release installs beside Grafana (ESO objects, the CA ConfigMap). */
  readonly extraObjects: readonly Record<string, unknown>[];
}

/** The chart's selector labels of the release's pods (templates/_helpers.tpl `grafana.selectorLabels`). */
export function grafanaSelectorLabels(): Record<string, string> {
  return { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': GRAFANA_RELEASE_NAME };
}

/**
 * The values of the pinned grafana chart (11.6.1) for Grafana in HA, as Helm reads them (GrafanaHA
 * escapes them for Terraform): the sections the chart renders through `tpl` (grafana.ini strings,
 * data sources, extraObjects) carry any literal `{{` as a template string constant. Every credential
 * is a `$__file{}` / `$__env{}` reference or a secretKeyRef to a Secret the External Secrets Operator
 * writes; nothing secret is here.
 */
export function grafanaValues(ctx: GrafanaValuesContext): HelmValues {
  const tpl = <T>(v: T): T => mapStrings(v, helmTplLiteral) as T;
  const { layout, replicas, namespace, ingress, sso } = ctx;
  const https = ingress?.certificateArn !== undefined;
  const rootUrl = ingress?.host ? `${https ? 'https' : 'http'}://${ingress.host}/` : undefined;
  const selector = { matchLabels: grafanaSelectorLabels() };
  const mount = (name: string, path: string, secretName: string) => ({
    name,
    mountPath: path.slice(0, path.lastIndexOf('/')),
    secretName,
    readOnly: true,
    // 0440: the pod's fsGroup (472, the chart's securityContext) reads, nobody else.
    defaultMode: 0o440,
  });
  return {
    replicas,
    // memberlist peers find each other through the headless Service's DNS name.
    headlessService: true,
    // With autoscaling on the chart leaves spec.replicas to the HPA (templates/deployment.yaml).
    autoscaling: { enabled: true, minReplicas: replicas, maxReplicas: Math.max(layout.maxReplicas, replicas), targetCPU: '60', targetMemory: '' },
    podDisruptionBudget: { maxUnavailable: 1 },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        // Production refuses to stack pods in one zone; elsewhere it only prefers not to.
        whenUnsatisfiable: ctx.production ? 'DoNotSchedule' : 'ScheduleAnyway',
        labelSelector: selector,
        // Counts only the pods of the current ReplicaSet, so a rolling update is not held up by old ones.
        matchLabelKeys: ['pod-template-hash'],
      },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector, matchLabelKeys: ['pod-template-hash'] },
    ],
    resources: {
      requests: { cpu: layout.resources.cpu, memory: layout.resources.memory },
      limits: { memory: layout.resources.memoryLimit },
    },
    // Grafana calls no Kubernetes API (the sidecars are off).
    automountServiceAccountToken: false,
    persistence: { enabled: false },
    // The chart refuses a literal password, secret_key or client_secret in grafana.ini (the default).
    assertNoLeakedSecrets: true,
    admin: { existingSecret: ctx.generatedSecret, passwordKey: 'admin_password' },
    // The admin's name is no secret; the chart would otherwise read it from the Secret too.
    env: { GF_SECURITY_ADMIN_USER: 'admin' },
    envValueFrom: { GRAFANA_SECRET_KEY: { secretKeyRef: { name: ctx.generatedSecret, key: 'secret_key' } } },
    extraSecretMounts: [
      mount('database-password', GRAFANA_SECRET_PATHS.databasePassword, ctx.secrets.database),
      mount('session-store-token', GRAFANA_SECRET_PATHS.sessionStoreToken, ctx.secrets.sessionStore),
      ...(ctx.secrets.sso ? [mount('sso-client-secret', GRAFANA_SECRET_PATHS.ssoClientSecret, ctx.secrets.sso)] : []),
    ],
    extraConfigmapMounts: [
      { name: 'database-ca', mountPath: GRAFANA_SECRET_PATHS.databaseCa.slice(0, GRAFANA_SECRET_PATHS.databaseCa.lastIndexOf('/')), configMap: ctx.caConfigMap, readOnly: true },
    ],
    'grafana.ini': tpl({
      analytics: { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
      server: rootUrl ? { root_url: rootUrl } : {},
      database: {
        type: 'postgres',
        host: ctx.databaseHost,
        name: ctx.databaseName,
        user: ctx.databaseUser,
        password: `$__file{${GRAFANA_SECRET_PATHS.databasePassword}}`,
        // The server's certificate is checked against the RDS CAs and its name against `host`.
        ssl_mode: 'verify-full',
        ca_cert_path: GRAFANA_SECRET_PATHS.databaseCa,
      },
      // Grafana expands $__file{} inside the value (pkg/setting/expanders.go), so the token never
      // leaves its Secret; ssl=true verifies the server against the image's public roots.
      remote_cache: {
        type: 'redis',
        connstr: `addr=${ctx.sessionStoreAddress},password=$__file{${GRAFANA_SECRET_PATHS.sessionStoreToken}},db=0,pool_size=100,ssl=true`,
      },
      security: {
        // One key for every pod: it encrypts data source secrets in the shared database.
        secret_key: '$__env{GRAFANA_SECRET_KEY}',
        cookie_secure: https,
        cookie_samesite: 'lax',
        disable_gravatar: true,
      },
      users: { allow_sign_up: false },
      unified_alerting: {
        enabled: true,
        ha_peers: `${GRAFANA_RELEASE_NAME}-headless.${namespace}.svc.cluster.local:${GRAFANA_GOSSIP_PORT}`,
        ha_listen_address: `0.0.0.0:${GRAFANA_GOSSIP_PORT}`,
        // The chart sets POD_IP from status.podIP; Grafana expands ${POD_IP} when it reads the file.
        ha_advertise_address: `\${POD_IP}:${GRAFANA_GOSSIP_PORT}`,
        ha_peer_timeout: '15s',
      },
      ...(sso ? {
        'auth.generic_oauth': {
          enabled: true,
          name: sso.name,
          client_id: sso.clientId,
          client_secret: `$__file{${GRAFANA_SECRET_PATHS.ssoClientSecret}}`,
          scopes: sso.scopes.join(' '),
          auth_url: sso.authUrl,
          token_url: sso.tokenUrl,
          api_url: sso.apiUrl,
          use_pkce: true,
          use_refresh_token: true,
          allow_sign_up: sso.allowSignUp,
          ...(sso.roleAttributePath ? { role_attribute_path: sso.roleAttributePath, role_attribute_strict: true } : {}),
        },
      } : {}),
    }),
    datasources: { 'datasources.yaml': tpl(ctx.datasources) },
    ingress: ingress ? ingressValues(ingress) : { enabled: false },
    // grafana 11.6.1 templates/extra-manifests.yaml: `tpl (. | toYaml) $` (tag grafana-11.6.1, b151768f).
    extraObjects: tpl([...ctx.extraObjects]),
  };
}

function ingressValues(ingress: GrafanaIngressValues): HelmValues {
  const https = ingress.certificateArn !== undefined;
  return {
    enabled: true,
    ingressClassName: ingress.className,
    // Annotation names of the AWS Load Balancer Controller v3.5.0 (docs/guide/ingress/annotations.md).
    annotations: {
      'alb.ingress.kubernetes.io/scheme': ingress.scheme,
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
      'alb.ingress.kubernetes.io/healthcheck-path': '/api/health',
      'alb.ingress.kubernetes.io/inbound-cidrs': ingress.allowedCidrs.join(','),
      ...(https ? {
        // HTTPS only: no plain HTTP listener at all; ssl-redirect turns any HTTP listener a later
        // change adds into a redirect.
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        'alb.ingress.kubernetes.io/certificate-arn': ingress.certificateArn,
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/ssl-policy': ingress.sslPolicy,
      } : {
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80}]',
      }),
    },
    // The chart's default host is chart-example.local; none means any Host header.
    hosts: ingress.host ? [ingress.host] : [],
    path: '/',
    pathType: 'Prefix',
    tls: [],
  };
}
