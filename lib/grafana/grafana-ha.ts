import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { IEksCluster } from '../aws/i-eks-cluster';
import type { IGrafanaDatabase } from '../aws/i-grafana-database';
import type { ISessionStore } from '../aws/i-session-store';
import type { IWorkloadRole } from '../aws/i-workload-role';
import { parseCidr } from '../aws/private/cidr';
import type { LokiEndpoints } from '../backends/loki-endpoints';
import type { MimirEndpoints } from '../backends/mimir-endpoints';
import type { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import type { TempoEndpoints } from '../backends/tempo-endpoints';
import { TIERS, Tier, isTier } from '../config/tier';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { releaseOptions } from '../helm/release-options';
import { HelmValues, deepMerge, isPlainObject, valueAt } from '../helm/values';
import { AWS_REGION, DNS_LABEL, GO_DURATION, HOST_NAME, HTTP_URL, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, Rule, SECRET_ARN, check, known, notPositiveInteger, show, tenantIdProblem } from '../private/validate';
import { externalSecretManifest, generatedSecretManifests, secretStoreManifest } from '../secrets/external-secret';
import { GrafanaDatasource, datasourceProblems, datasourcesProvisioning, tenantDatasources } from './datasources';
import { ProvisionedDashboard, dashboardDatasourceUids, dashboardValues, lgtmDashboards } from './dashboards';
import {
  GRAFANA_PRODUCTION_REPLICAS, GRAFANA_RELEASE_NAME, GRAFANA_SSL_POLICY, GRAFANA_TIER_LAYOUTS, GrafanaIngressValues, GrafanaSsoValues, grafanaValues,
} from './grafana-values';
import { mapStrings, terraformLiteral } from './private/templating';
import { caBundleProblem, rdsCaBundle, rdsCaRegions } from './rds-ca';

/** Where the ALB that fronts Grafana is reachable from. */
export type GrafanaIngressScheme =
  /** In the VPC's private subnets: reachable from the VPC and what is routed to it (VPN, peering). */
  | 'internal'
  /** In the public subnets, with a public DNS name: reachable from `allowedCidrs` on the internet. */
  | 'internet-facing';

/** How users reach Grafana: an ALB made by the AWS Load Balancer Controller from an Ingress. */
export interface GrafanaIngressOptions {
  /**
   * ACM certificate ARN for the HTTPS listener (in `region`). With it the ALB listens on 443 only and
   * has no plain HTTP listener. Required in production.
   * @default - none: an HTTP-only listener on port 80 (refused in production)
   */
  readonly certificateArn?: string;
  /**
   * Whether the ALB is internal or internet-facing. Changing it replaces the load balancer.
   * @default 'internal'
   */
  readonly scheme?: GrafanaIngressScheme;
  /**
   * IPv4 CIDRs that may connect to the ALB (`inbound-cidrs`). Required when internet-facing, so the
   * internet is never opened by default (give ['0.0.0.0/0'] to mean it).
   * @default - the cluster VPC's CIDR when internal
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * DNS name users open (the certificate must cover it). Grafana builds its links and the SSO
   * redirect URL from it; required with `sso`.
   * @default - none: the Ingress answers any Host header and Grafana knows no public URL
   */
  readonly host?: string;
  /**
   * Ingress class of the AWS Load Balancer Controller (`LoadBalancerController.ingressClassName`).
   * @default 'alb'
   */
  readonly ingressClassName?: string;
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3 and 1.2)
   */
  readonly sslPolicy?: string;
}

/** Sign-in through an OAuth 2.0 / OpenID Connect identity provider (Grafana's generic OAuth). */
export interface GrafanaSsoOptions {
  /**
   * Name on the login button.
   * @default 'SSO'
   */
  readonly name?: string;
  /** The provider's authorization endpoint (https). */
  readonly authUrl: string;
  /** The provider's token endpoint (https). */
  readonly tokenUrl: string;
  /** The provider's user info endpoint (https), which returns the claims Grafana maps. */
  readonly apiUrl: string;
  /** The OAuth client id registered for Grafana (redirect URI `https://<host>/login/generic_oauth`). */
  readonly clientId: string;
  /**
   * ARN of the Secrets Manager secret holding the client secret; the External Secrets Operator's
   * role is granted GetSecretValue on it alone.
   */
  readonly clientSecretArn: string;
  /**
   * The field of the secret's JSON value that holds the client secret.
   * @default - the whole secret string
   */
  readonly clientSecretProperty?: string;
  /**
   * ARN of the customer KMS key the client secret is encrypted with (the role may then decrypt
   * through Secrets Manager only).
   * @default - the AWS-managed key, which needs no grant
   */
  readonly clientSecretKmsKeyArn?: string;
  /**
   * OAuth scopes requested.
   * @default ['openid', 'email', 'profile']
   */
  readonly scopes?: readonly string[];
  /**
   * JMESPath over the user info (or ID token) that yields the Grafana role, such as
   * `contains(groups[*], 'grafana-admins') && 'Admin' || 'Viewer'`. With it, a user it maps to no
   * valid role is refused (`role_attribute_strict`).
   * @default - none: every SSO user gets the organization's default role (Viewer)
   */
  readonly roleAttributePath?: string;
  /**
   * Create a Grafana user on a first SSO login.
   * @default true
   */
  readonly allowSignUp?: boolean;
}

/** The part of {@link ExternalSecretsOperator} Grafana's secrets need. */
export interface GrafanaSecretsOperator {
  /** The operator controller's role: granted exactly the secrets Grafana uses. */
  readonly role: IWorkloadRole;
  /** What a release carrying ESO objects waits for (the operator's CRDs and webhook). */
  readonly ready: readonly ITerraformDependable[];
}

/** Which dashboards {@link GrafanaHA} provisions. */
export interface GrafanaDashboardsOptions {
  /**
   * The tenant the stack's own metrics are collected into (the collector's default tenant).
   * @default - the first of `tenants`
   */
  readonly stackTenant?: string;
}

/** Props of {@link GrafanaHA}. */
export interface GrafanaHAProps extends ChartReleaseOptions {
  /** Sizes the pods and how far the autoscaler may go (GRAFANA_TIER_LAYOUTS). */
  readonly tier: Tier;
  /**
   * Turns on the production rules: 3 pods spread strictly over zones, an HTTPS-only ingress with a
   * certificate, at least 2 pods.
   * @default false
   */
  readonly production?: boolean;
  /** The cluster Grafana runs on; the ingress allows its VPC by default. */
  readonly cluster: IEksCluster;
  /** AWS region of the secrets, the database and the certificate. */
  readonly region: string;
  /** Grafana's PostgreSQL database (`platform.database`): users, dashboards, alert state, sessions. */
  readonly database: IGrafanaDatabase;
  /** The session store (`platform.sessionStore`): Grafana's remote cache, over TLS with its AUTH token. */
  readonly sessionStore: ISessionStore;
  /** The External Secrets Operator that syncs Grafana's secrets; its role is granted them here. */
  readonly secrets: GrafanaSecretsOperator;
  /** Tenant ids (X-Scope-OrgID values): each gets its own data sources, correlated within the tenant. */
  readonly tenants: readonly string[];
  /**
   * Mimir: one Prometheus data source per tenant, exemplars to that tenant's Tempo.
   * @default - no metrics data sources
   */
  readonly metrics?: MimirEndpoints;
  /**
   * Loki: one data source per tenant, trace ids to that tenant's Tempo.
   * @default - no log data sources
   */
  readonly logs?: LokiEndpoints;
  /**
   * Tempo: one data source per tenant, linked to that tenant's logs, metrics and profiles.
   * @default - no trace data sources
   */
  readonly traces?: TempoEndpoints;
  /**
   * Pyroscope: one data source per tenant.
   * @default - no profile data sources
   */
  readonly profiles?: PyroscopeEndpoints;
  /**
   * Seconds between two scrapes of the metrics in `metrics` (`AlloyDaemonSet.scrapeIntervalSeconds`),
   * the Mimir data sources' minimum interval, so rate panels never span too few samples.
   * @default - unset: Grafana assumes 15 s
   */
  readonly metricsScrapeIntervalSeconds?: number;
  /**
   * An ALB in front of Grafana (AWS Load Balancer Controller).
   * @default - no Ingress: reach Grafana with `kubectl port-forward svc/grafana 3000:80`
   */
  readonly ingress?: GrafanaIngressOptions;
  /**
   * Sign-in through an OAuth 2.0 / OIDC provider; needs `ingress.host`.
   * @default - only Grafana's own users (the admin, from the generated Secret)
   */
  readonly sso?: GrafanaSsoOptions;
  /**
   * Pods, the autoscaler's minimum.
   * @default - 3 in production, otherwise the tier's (2)
   */
  readonly replicas?: number;
  /**
   * PEM bundle of the CAs that sign the database's certificate (a database that is not RDS, or a
   * region the vendored RDS bundle lacks). Public certificates only.
   * @default - the RDS root CAs of `region`, from the RDS global bundle vendored in this library
   */
  readonly databaseCaBundle?: string;
  /**
   * How often the operator reads the database password and the session store token again (a Go
   * duration), so a rotated secret reaches the pods' files; Grafana reads them when it starts.
   * @default '5m'
   */
  readonly secretsRefreshInterval?: string;
  /**
   * The dashboards provisioned: a *Stack health* folder (Mimir, Loki, Tempo, Pyroscope, the
   * collector) on `stackTenant`'s Mimir data source, and a *Services* folder with one RED dashboard
   * per tenant from Tempo's span metrics (exemplars on); `false` for none. Needs `metrics`.
   * @default - both folders when `metrics` is set, the stack's health on the first of `tenants`
   */
  readonly dashboards?: GrafanaDashboardsOptions | false;
  /**
   * What the release also waits for (the load balancer controller: `LgtmObservability.ready`); it
   * always waits for `secrets.ready`.
   * @default - only `secrets.ready`
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The ACM certificate ARN of an HTTPS listener. */
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
/** A Go duration as ESO reads `refreshInterval`. */
/** An OAuth scope: printable, no space or comma (Grafana splits the list on both). */
const OAUTH_SCOPE = /^[!#-+\--~]+$/;
/** ELB security policy names. */
const SSL_POLICY = /^ELBSecurityPolicy-[A-Za-z0-9-]+$/;

/** The names of what the release installs besides Grafana, fixed so other tooling can find them. */
export const GRAFANA_OBJECT_NAMES = {
  /** The SecretStore (AWS Secrets Manager, the operator's own credentials). */
  store: 'grafana-secrets-manager',
  /** Secret `quoted_password`: the database password, quoted for a PostgreSQL connection string. */
  database: 'grafana-database',
  /** Secret `token`: the session store's AUTH token. */
  sessionStore: 'grafana-session-store',
  /** Secret `client_secret`: the SSO client secret. */
  sso: 'grafana-sso',
  /** Secret `admin_password` and `secret_key`, generated in the cluster once. */
  generated: 'grafana-generated',
  /** ConfigMap `ca.pem`: the database CA bundle. */
  caConfigMap: 'grafana-database-ca',
} as const;

/**
 * Grafana in high availability from the pinned grafana chart: 2 pods (3 in production) that
 * autoscale, spread over zones, with a PodDisruptionBudget; users, dashboards and alert state in
 * PostgreSQL (`database`, TLS verify-full against the RDS CAs), the remote cache in the session
 * store (TLS, AUTH token), unified alerting clustered over memberlist on a headless Service, one
 * `secret_key` for all pods. Data sources for every tenant and backend given, with fixed uids,
 * correlated within each tenant (lib/grafana/datasources.ts).
 *
 * No secret passes through Terraform: the External Secrets Operator syncs the database password,
 * the AUTH token and the SSO client secret from Secrets Manager, and generates the admin password
 * and `secret_key` in the cluster once (objects in the chart's `extraObjects`); Grafana reads them
 * from files and the environment when it starts. Rotation: the operator refreshes the synced
 * Secrets every `secretsRefreshInterval` and the kubelet updates the mounted files, but Grafana
 * reads them only at start; after the RDS password rotates, a pod whose new database connection is
 * refused fails its liveness probe (/api/health checks the database) and restarts with the new
 * password. Rotate the session store's token with `ROTATE` and restart Grafana before `SET`.
 */
export class GrafanaHA extends Construct {
  /** The Helm release (its `values` are the final, frozen values, as Terraform renders them). */
  public readonly release: ChartRelease;
  /** Kubernetes namespace of Grafana. */
  public readonly namespace: string;
  /** Pods (the autoscaler's minimum). */
  public readonly replicas: number;
  /** The provisioned data sources (as Grafana reads them). */
  public readonly datasources: readonly GrafanaDatasource[];
  /** The provisioned dashboards and their folders. */
  public readonly dashboards: readonly ProvisionedDashboard[];
  /** Grafana's in-cluster URL (its Service). */
  public readonly url: string;
  /** The URL users open, when `ingress.host` is set. */
  public readonly publicUrl?: string;
  /** Where the admin's password is: `kubectl -n <namespace> get secret <name> -o jsonpath='{.data.<key>}' | base64 -d`. */
  public readonly adminPassword: { readonly secretName: string; readonly key: string };

  constructor(scope: Construct, id: string, props: GrafanaHAProps) {
    super(scope, id);
    const label = `GrafanaHA '${this.node.path}'`;
    const production = props.production ?? false;
    const tier = isTier(props.tier) ? props.tier : 'monolithic';
    const layout = GRAFANA_TIER_LAYOUTS[tier];
    const replicas = props.replicas ?? (production ? GRAFANA_PRODUCTION_REPLICAS : layout.replicas);
    const namespace = props.namespace ?? 'lgtm';
    const tenants: readonly string[] = Array.isArray(props.tenants) ? props.tenants : [];
    const ingress = props.ingress;
    const scheme = ingress?.scheme ?? 'internal';
    const allowedCidrs = ingress?.allowedCidrs ?? (scheme === 'internal' && props.cluster?.network ? [props.cluster.network.vpcCidrBlock] : undefined);
    const refreshInterval = props.secretsRefreshInterval ?? '5m';
    const caBundle = props.databaseCaBundle ?? (known(props.region) ? rdsCaBundle(props.region) : undefined);

    check(label, [
      ...coreRules(props, { tier: props.tier, replicas, namespace, tenants, production, refreshInterval }),
      ...databaseRules(props, caBundle),
      ...(ingress === undefined ? [] : ingressRules(ingress, { production, scheme, allowedCidrs, region: props.region })),
      ...(props.sso === undefined ? [] : ssoRules(props.sso, ingress)),
      ...endpointRules(props, tenants),
      {
        when: notPositiveInteger(props.metricsScrapeIntervalSeconds),
        message: `metricsScrapeIntervalSeconds is ${show(props.metricsScrapeIntervalSeconds)}, but it must be a positive integer of seconds`,
      },
    ]);

    const names = GRAFANA_OBJECT_NAMES;
    const datasources = tenantDatasources({
      tenants, metrics: props.metrics, logs: props.logs, traces: props.traces, profiles: props.profiles, metricsScrapeIntervalSeconds: props.metricsScrapeIntervalSeconds,
    });
    // On by default wherever there is a Mimir to read: without one no dashboard has data.
    const dashboardOptions = props.dashboards === false || (props.dashboards === undefined && props.metrics === undefined) ? undefined : props.dashboards ?? {};
    const stackTenant = dashboardOptions?.stackTenant ?? tenants[0];
    check(label, [
      {
        when: dashboardOptions !== undefined && !tenants.includes(stackTenant),
        message: `dashboards.stackTenant is ${show(stackTenant)}, but the environment's tenants are ${tenants.map(show).join(', ')}`,
      },
      { when: dashboardOptions !== undefined && props.metrics === undefined, message: 'dashboards are on, but metrics (Mimir) is not set: every dashboard reads span or stack metrics; set dashboards: false' },
    ]);
    const dashboards: ProvisionedDashboard[] = dashboardOptions === undefined ? [] : lgtmDashboards(tenants, stackTenant);
    // Every panel reads a data source provisioned here, of the dashboard's own tenant.
    const provisioned = new Set(datasources.map((d) => d.uid));
    check(label, dashboards.flatMap((d) => dashboardDatasourceUids(d.dashboard).map((uid) => ({
      when: !provisioned.has(uid),
      message: `dashboard ${show(d.dashboard.uid)} reads data source ${show(uid)}, but the provisioned data sources are ${[...provisioned].map(show).join(', ')}`,
    }))));
    const sso = props.sso;
    const extraObjects: Record<string, unknown>[] = [
      secretStoreManifest({ name: names.store, namespace, region: props.region }),
      withTemplate(
        externalSecretManifest({
          name: names.database,
          namespace,
          storeName: names.store,
          refreshInterval,
          data: [{ secretKey: 'password', remoteRef: { key: props.database.masterSecretArn, property: 'password' } }],
        }),
        // Grafana writes the password into a libpq connection string unquoted (sqlstore
        // database_config.go: ` password=%s`); an RDS-generated password may hold a quote, a
        // backslash or a space, so it is quoted and escaped the way libpq reads a value.
        { quoted_password: String.raw`'{{ .password | replace "\\" "\\\\" | replace "'" "\\'" }}'` },
      ),
      externalSecretManifest({
        name: names.sessionStore,
        namespace,
        storeName: names.store,
        refreshInterval,
        data: [{ secretKey: 'token', remoteRef: { key: props.sessionStore.authSecretArn } }],
      }),
      ...(sso ? [externalSecretManifest({
        name: names.sso,
        namespace,
        storeName: names.store,
        refreshInterval,
        data: [{ secretKey: 'client_secret', remoteRef: sso.clientSecretProperty === undefined ? { key: sso.clientSecretArn } : { key: sso.clientSecretArn, property: sso.clientSecretProperty } }],
      })] : []),
      ...generatedSecretManifests({ name: names.generated, namespace, keys: ['admin_password', 'secret_key'], length: 40 }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: names.caConfigMap, namespace }, data: { 'ca.pem': caBundle } },
    ];

    const ingressValues: GrafanaIngressValues | undefined = ingress === undefined ? undefined : {
      className: ingress.ingressClassName ?? 'alb',
      scheme,
      certificateArn: ingress.certificateArn,
      allowedCidrs: allowedCidrs ?? [],
      host: ingress.host,
      sslPolicy: ingress.sslPolicy ?? GRAFANA_SSL_POLICY,
    };
    const ssoValues: GrafanaSsoValues | undefined = sso === undefined ? undefined : {
      name: sso.name ?? 'SSO',
      authUrl: sso.authUrl,
      tokenUrl: sso.tokenUrl,
      apiUrl: sso.apiUrl,
      clientId: sso.clientId,
      scopes: sso.scopes ?? ['openid', 'email', 'profile'],
      roleAttributePath: sso.roleAttributePath,
      allowSignUp: sso.allowSignUp ?? true,
    };
    const values = grafanaValues({
      layout,
      production,
      replicas,
      namespace,
      databaseHost: `${props.database.endpoint}:${props.database.port}`,
      databaseName: props.database.databaseName,
      databaseUser: props.database.username,
      sessionStoreAddress: `${props.sessionStore.endpoint}:${props.sessionStore.port}`,
      datasources: datasourcesProvisioning(datasources),
      ingress: ingressValues,
      sso: ssoValues,
      generatedSecret: names.generated,
      secrets: { database: names.database, sessionStore: names.sessionStore, sso: sso ? names.sso : undefined },
      caConfigMap: names.caConfigMap,
      extraObjects,
    });
    const withDashboards = dashboards.length === 0 ? values : { ...values, ...dashboardValues(dashboards) };
    // Terraform renders every string of the release: Grafana's own `${...}` must reach it literally.
    const baseValues = mapStrings(withDashboards, terraformLiteral) as HelmValues;

    // Checked once the values exist (so after the props): the final values, a values override
    // included, must still provision consistent data sources.
    const finalValues = deepMerge(baseValues, isPlainObject(props.values) ? props.values : undefined);
    const finalDatasources = valueAt(isPlainObject(finalValues.datasources) ? finalValues.datasources['datasources.yaml'] : undefined, 'datasources');
    check(label, datasourceProblems(Array.isArray(finalDatasources) ? finalDatasources : []).map((message) => ({ when: true, message })));

    // The operator reads exactly these secrets, nothing else of the account.
    props.database.grantSecretRead(props.secrets.role);
    props.sessionStore.grantSecretRead(props.secrets.role);
    if (sso) {
      props.secrets.role.addStatements(
        { actions: ['secretsmanager:GetSecretValue'], resources: [sso.clientSecretArn] },
        ...(sso.clientSecretKmsKeyArn === undefined ? [] : [{
          actions: ['kms:Decrypt'],
          resources: [sso.clientSecretKmsKeyArn],
          conditions: [{ test: 'StringLike', variable: 'kms:ViaService', values: ['secretsmanager.*.amazonaws.com'] }],
        }]),
      );
    }

    this.release = new ChartRelease(this, 'release', {
      chart: 'grafana',
      releaseName: GRAFANA_RELEASE_NAME,
      ...releaseOptions(props, namespace, [...(props.dependsOn ?? []), ...props.secrets.ready]),
      baseValues,
    });

    if (production && allowedCidrs?.includes('0.0.0.0/0')) {
      Annotations.of(this).addWarning(`${label}: ingress.allowedCidrs has 0.0.0.0/0: Grafana's login page is open to the internet`);
    }
    if (ingress !== undefined && ingress.certificateArn === undefined) {
      Annotations.of(this).addWarning(`${label}: ingress has no certificateArn: the ALB listens on plain HTTP, and passwords and session cookies cross the network in clear`);
    }

    this.namespace = namespace;
    this.replicas = replicas;
    this.datasources = datasources;
    this.dashboards = dashboards;
    this.url = `http://${GRAFANA_RELEASE_NAME}.${namespace}.svc.cluster.local:80`;
    this.publicUrl = ingress?.host ? `${ingress.certificateArn ? 'https' : 'http'}://${ingress.host}` : undefined;
    this.adminPassword = { secretName: names.generated, key: 'admin_password' };
  }
}

/** `manifest` (an ExternalSecret) writing its Secret through an ESO v2 template with these keys. */
function withTemplate(manifest: Record<string, unknown>, data: Record<string, string>): Record<string, unknown> {
  const spec = manifest.spec as Record<string, unknown>;
  const target = spec.target as Record<string, unknown>;
  return { ...manifest, spec: { ...spec, target: { ...target, template: { engineVersion: 'v2', type: 'Opaque', data } } } };
}

interface Resolved {
  readonly tier: unknown;
  readonly replicas: number;
  readonly namespace: string;
  readonly tenants: readonly string[];
  readonly production: boolean;
  readonly refreshInterval: string;
}

function coreRules(props: GrafanaHAProps, r: Resolved): Rule[] {
  const dupes = r.tenants.filter((t, i) => r.tenants.indexOf(t) !== i);
  return [
    { when: !isTier(r.tier), message: `tier is ${show(r.tier)}, but allowed tiers are ${TIERS.join(', ')}` },
    { when: props.region === undefined || props.region === '', message: `region is ${show(props.region)}, but it is required` },
    { when: known(props.region) && props.region !== '' && !AWS_REGION.test(props.region), message: `region is ${show(props.region)}, but it must be an AWS region code such as eu-west-1` },
    { when: notPositiveInteger(r.replicas) || r.replicas === undefined, message: `replicas is ${show(r.replicas)}, but it must be a positive integer` },
    {
      when: r.production && Number.isInteger(r.replicas) && r.replicas < 2,
      message: `replicas is ${r.replicas}, but production needs at least 2 so Grafana and its alerting survive the loss of a pod`,
    },
    { when: known(r.namespace) && !DNS_LABEL.test(r.namespace), message: `namespace is ${show(r.namespace)}, but it must be a lowercase DNS label of at most 63 characters` },
    { when: !Array.isArray(props.tenants) || props.tenants.length === 0, message: `tenants is ${show(props.tenants)}, but at least one tenant id is required (data sources are per tenant)` },
    ...r.tenants.map((t, i) => ({ t, i, why: known(t) ? tenantIdProblem(t) : undefined })).filter((x) => x.why).map((x) => ({
      when: true,
      message: `tenants[${x.i}] is ${show(x.t)}, but ${x.why}`,
    })),
    { when: dupes.length > 0, message: `tenants lists ${show(dupes[0])} twice, but tenant ids must be unique` },
    { when: !props.secrets?.role || !Array.isArray(props.secrets?.ready), message: 'secrets is missing its role or ready, but Grafana\'s secrets come only through the External Secrets Operator (an ExternalSecretsOperator)' },
    {
      when: known(r.refreshInterval) && (typeof r.refreshInterval !== 'string' || !GO_DURATION.test(r.refreshInterval) || r.refreshInterval === '0'),
      message: `secretsRefreshInterval is ${show(r.refreshInterval)}, but it must be a Go duration such as '5m' or '1h' (not '0': a rotated password would never reach the pods)`,
    },
    { when: props.values !== undefined && !isPlainObject(props.values), message: `values is ${show(props.values)}, but it must be an object of Helm values (merged over the construct's)` },
    {
      when: isPlainObject(props.values) && valueAt(props.values, 'assertNoLeakedSecrets') === false,
      message: "values.assertNoLeakedSecrets is false, but the chart's check that grafana.ini holds no literal password stays on; use $__file{} or $__env{} references",
    },
    {
      when: isPlainObject(props.values) && valueAt(props.values, 'autoscaling.enabled') === false,
      message: 'values.autoscaling.enabled is false, but Grafana scales between replicas and the tier\'s maximum; set replicas instead',
    },
  ];
}

function databaseRules(props: GrafanaHAProps, caBundle: string | undefined): Rule[] {
  const db = props.database;
  const store = props.sessionStore;
  return [
    { when: db === undefined || db === null, message: 'database is undefined, but Grafana in HA keeps its state in PostgreSQL (platform.database or GrafanaDatabase.fromAttributes)' },
    { when: store === undefined || store === null, message: 'sessionStore is undefined, but Grafana in HA needs a shared remote cache (platform.sessionStore or SessionStore.fromAttributes)' },
    { when: known(db?.masterSecretArn) && !SECRET_ARN.test(db.masterSecretArn), message: `database.masterSecretArn is ${show(db?.masterSecretArn)}, but it must be a Secrets Manager secret ARN` },
    { when: known(store?.authSecretArn) && !SECRET_ARN.test(store.authSecretArn), message: `sessionStore.authSecretArn is ${show(store?.authSecretArn)}, but it must be a Secrets Manager secret ARN` },
    {
      when: props.databaseCaBundle === undefined && known(props.region) && AWS_REGION.test(props.region ?? '') && caBundle === undefined,
      message: `region is ${show(props.region)}, but the vendored RDS CA bundle covers only ${rdsCaRegions().join(', ')}; pass databaseCaBundle (the region's bundle from the RDS User Guide) so the database's certificate can still be verified`,
    },
    {
      when: props.databaseCaBundle === undefined && props.region !== undefined && !known(props.region),
      message: "region is known only at apply, so the RDS CAs of the database's region cannot be chosen at synth; pass databaseCaBundle (rdsCaBundle('<region>'))",
    },
    ...(props.databaseCaBundle === undefined || !known(props.databaseCaBundle) ? [] : [{
      when: typeof props.databaseCaBundle !== 'string' || caBundleProblem(props.databaseCaBundle) !== undefined,
      message: `databaseCaBundle is not a usable CA bundle: ${typeof props.databaseCaBundle === 'string' ? caBundleProblem(props.databaseCaBundle) : 'it must be PEM text'}`,
    }]),
  ];
}

function ingressRules(
  ingress: GrafanaIngressOptions,
  r: { production: boolean; scheme: string; allowedCidrs: readonly string[] | undefined; region: string },
): Rule[] {
  const cert = ingress.certificateArn;
  const certRegion = typeof cert === 'string' ? ACM_CERTIFICATE_ARN.exec(cert)?.[1] : undefined;
  const cidrs = r.allowedCidrs;
  return [
    {
      when: r.production && cert === undefined,
      message: 'ingress.certificateArn is undefined, but production serves Grafana over HTTPS only; give an ACM certificate ARN for ingress.host',
    },
    {
      when: known(cert) && cert !== undefined && (typeof cert !== 'string' || !ACM_CERTIFICATE_ARN.test(cert)),
      message: `ingress.certificateArn is ${show(cert)}, but it must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:111122223333:certificate/<uuid>`,
    },
    {
      when: certRegion !== undefined && known(r.region) && certRegion !== r.region,
      message: `ingress.certificateArn is in ${certRegion}, but the ALB is in ${show(r.region)}; an ALB takes certificates of its own region only`,
    },
    { when: r.scheme !== 'internal' && r.scheme !== 'internet-facing', message: `ingress.scheme is ${show(r.scheme)}, but allowed schemes are 'internal', 'internet-facing'` },
    {
      when: r.scheme === 'internet-facing' && ingress.allowedCidrs === undefined,
      message: "ingress.allowedCidrs is undefined, but an internet-facing ALB needs the CIDRs it admits listed (['0.0.0.0/0'] to open it to everyone)",
    },
    { when: cidrs !== undefined && (!Array.isArray(cidrs) || cidrs.length === 0), message: `ingress.allowedCidrs is ${show(cidrs)}, but it must list at least one IPv4 CIDR` },
    ...(Array.isArray(cidrs) ? cidrs : []).map((c, i) => ({ c, i, parsed: known(c) ? (typeof c === 'string' ? parseCidr(c) : 'it must be a string') : undefined }))
      .filter((x) => typeof x.parsed === 'string')
      .map((x) => ({ when: true, message: `ingress.allowedCidrs[${x.i}] is ${show(x.c)}, but ${x.parsed}` })),
    { when: known(ingress.host) && ingress.host !== undefined && (typeof ingress.host !== 'string' || !HOST_NAME.test(ingress.host)), message: `ingress.host is ${show(ingress.host)}, but it must be a DNS name without scheme or port` },
    {
      when: known(ingress.ingressClassName) && ingress.ingressClassName !== undefined && !DNS_LABEL.test(ingress.ingressClassName),
      message: `ingress.ingressClassName is ${show(ingress.ingressClassName)}, but it must be an IngressClass name (the load balancer controller's is 'alb')`,
    },
    {
      when: known(ingress.sslPolicy) && ingress.sslPolicy !== undefined && !SSL_POLICY.test(ingress.sslPolicy),
      message: `ingress.sslPolicy is ${show(ingress.sslPolicy)}, but it must be an ELB security policy name such as ${GRAFANA_SSL_POLICY}`,
    },
  ];
}

function ssoRules(sso: GrafanaSsoOptions, ingress: GrafanaIngressOptions | undefined): Rule[] {
  const required = ['authUrl', 'tokenUrl', 'apiUrl', 'clientId', 'clientSecretArn'] as const;
  const missing = required.filter((f) => sso[f] === undefined || sso[f] === null || sso[f] === '');
  const scopes = sso.scopes;
  return [
    {
      when: missing.length > 0,
      message: `sso has no ${missing.join(', ')}, but generic OAuth needs all of ${required.join(', ')} (or no sso at all)`,
    },
    ...(['authUrl', 'tokenUrl', 'apiUrl'] as const).filter((f) => known(sso[f]) && sso[f] !== undefined && sso[f] !== '').map((f) => ({
      when: typeof sso[f] !== 'string' || !HTTP_URL.test(sso[f]) || !sso[f].startsWith('https://'),
      message: `sso.${f} is ${show(sso[f])}, but it must be an https:// URL without credentials or query`,
    })),
    {
      when: known(sso.clientSecretArn) && sso.clientSecretArn !== undefined && sso.clientSecretArn !== '' && !SECRET_ARN.test(sso.clientSecretArn),
      message: `sso.clientSecretArn is ${show(sso.clientSecretArn)}, but it must be a Secrets Manager secret ARN (the client secret never goes through Terraform)`,
    },
    {
      when: known(sso.clientSecretKmsKeyArn) && sso.clientSecretKmsKeyArn !== undefined && !KMS_KEY_ARN.test(sso.clientSecretKmsKeyArn),
      message: `sso.clientSecretKmsKeyArn is ${show(sso.clientSecretKmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}`,
    },
    { when: scopes !== undefined && (!Array.isArray(scopes) || scopes.length === 0), message: `sso.scopes is ${show(scopes)}, but it must list at least one scope` },
    ...(Array.isArray(scopes) ? scopes : []).filter((s) => known(s) && (typeof s !== 'string' || !OAUTH_SCOPE.test(s))).map((s) => ({
      when: true,
      message: `sso.scopes has ${show(s)}, but a scope is printable text without spaces or commas`,
    })),
    {
      when: sso.roleAttributePath !== undefined && (typeof sso.roleAttributePath !== 'string' || sso.roleAttributePath.trim() === ''),
      message: `sso.roleAttributePath is ${show(sso.roleAttributePath)}, but it must be a JMESPath expression, or left out`,
    },
    {
      when: ingress?.host === undefined,
      message: 'sso is set, but ingress.host is undefined; the identity provider redirects users back to https://<host>/login/generic_oauth',
    },
  ];
}

function endpointRules(props: GrafanaHAProps, tenants: readonly string[]): Rule[] {
  const served = props.metrics?.tenants;
  const notServed = Array.isArray(served) && served.every((t) => known(t)) ? tenants.filter((t) => !served.includes(t)) : [];
  return [
    {
      when: notServed.length > 0,
      message: `tenants has ${notServed.map(show).join(', ')}, but metrics (the Mimir) serves only ${show(served)}; a data source for a tenant the backend does not serve shows nothing`,
    },
  ];
}
