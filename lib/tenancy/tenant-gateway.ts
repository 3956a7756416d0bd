import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import type { IEksCluster } from '../aws/i-eks-cluster';
import { parseCidr } from '../aws/private/cidr';
import { secretReadStatements } from '../aws/private/secret-grants';
import type { LokiEndpoints } from '../backends/loki-endpoints';
import type { MimirEndpoints } from '../backends/mimir-endpoints';
import type { PyroscopeEndpoints } from '../backends/pyroscope-endpoints';
import type { TempoEndpoints } from '../backends/tempo-endpoints';
import { IMAGES, imageRef } from '../config/images';
import { KubernetesObject, ManifestRelease } from '../helm/manifest-release';
import { DNS_LABEL, KMS_KEY_ARN, KMS_KEY_ARN_ALLOWED, Rule, SECRET_ARN, check, known, show, tenantIdProblem, unknownKeyRules } from '../private/validate';
import { externalSecretManifest, secretStoreManifest } from '../secrets/external-secret';
import type { ExternalSecretsOperator } from '../secrets/external-secrets-operator';
import { GatewayIdentity, TenantLimits, gatewayIdentityRules } from './gateway-identity';
import { nginxConfig, trustedHeaderRules } from './nginx-config';
import { PolicyPeer } from './policy-peer';

/** How the gateway authenticates its clients. */
export type TenantGatewayAuth = TenantGatewayBasicAuth | TenantGatewayTrustedHeaderAuth;

/**
 * HTTP basic auth: an htpasswd file (one `user:hash` line per identity; bcrypt `htpasswd -B`, or
 * `openssl passwd -6`) kept in Secrets Manager and synced into the cluster by the External Secrets
 * Operator, or a Kubernetes Secret you manage. nginx reads the file per request, so adding or
 * rotating a password needs no deploy; mapping a new user to a tenant (`identities`) does.
 */
export interface TenantGatewayBasicAuth {
  /** Basic auth. */
  readonly mode: 'basic';
  /**
   * An existing Secrets Manager secret whose value is the htpasswd file, synced through `secrets`.
   * @default - a secret is created (named from the cluster, without a value: put the file in it)
   */
  readonly htpasswdSecretArn?: string;
  /**
   * Customer KMS key of that secret (or of the one created), for the operator's decrypt grant.
   * @default - the AWS managed key
   */
  readonly kmsKeyArn?: string;
  /**
   * A Kubernetes Secret in the gateway's namespace with the htpasswd file under the key
   * `htpasswd`, managed outside this library (the prerequisite where there is no External Secrets
   * Operator). Excludes `htpasswdSecretArn`.
   * @default - synced from Secrets Manager
   */
  readonly existingSecretName?: string;
}

/**
 * The identity in a header an upstream proxy sets after its own login (OIDC: oauth2-proxy's
 * `X-Forwarded-Email`, an ALB's `X-Amzn-Oidc-Identity`), believed only from that proxy's networks.
 */
export interface TenantGatewayTrustedHeaderAuth {
  /** Trusted identity header. */
  readonly mode: 'trusted-header';
  /** The header that carries the identity (`X-Forwarded-Email`). */
  readonly header: string;
  /** Networks of the proxy that sets the header (IPv4 CIDRs); every other source gets 403. */
  readonly trustedCidrs: readonly string[];
}

/** The load balancer the gateway is reached through from other clusters and VPCs. */
export interface TenantGatewayLoadBalancer {
  /**
   * Create an internal Network Load Balancer (AWS Load Balancer Controller, IP targets, client
   * addresses preserved); without one the gateway is a ClusterIP Service.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * ACM certificate of the TLS listeners (443 for HTTP, 4317 for OTLP/gRPC). Required in production.
   * @default - plain TCP on 80 and 4317 (not in production)
   */
  readonly certificateArn?: string;
  /**
   * Networks allowed to connect (the load balancer's security group).
   * @default - the trusted networks in trusted-header mode, otherwise the cluster's VPC
   */
  readonly sourceCidrs?: readonly string[];
}

/** Props of {@link TenantGateway}. */
export interface TenantGatewayProps {
  /** The cluster it runs on (its VPC is the default source network). */
  readonly cluster: IEksCluster;
  /** The tenants of the backends: every identity's tenants must be among them. */
  readonly tenants: readonly string[];
  /** Who may use the gateway and as which tenant; each name once. */
  readonly identities: readonly GatewayIdentity[];
  /** How clients authenticate. */
  readonly auth: TenantGatewayAuth;
  /**
   * The External Secrets Operator that syncs the htpasswd file (basic auth from Secrets Manager).
   * @default - none: basic auth then needs `auth.existingSecretName`
   */
  readonly secrets?: ExternalSecretsOperator;
  /**
   * Mimir to route to (remote write, OTLP, queries, Alertmanager).
   * @default - no metrics routes
   */
  readonly metrics?: MimirEndpoints;
  /**
   * Loki to route to (push, OTLP, queries).
   * @default - no log routes
   */
  readonly logs?: LokiEndpoints;
  /**
   * Tempo to route to (OTLP over HTTP and gRPC, queries).
   * @default - no trace routes
   */
  readonly traces?: TempoEndpoints;
  /**
   * Pyroscope to route to (push, queries).
   * @default - no profile routes
   */
  readonly profiles?: PyroscopeEndpoints;
  /**
   * Request limits per tenant (rate per replica, burst, body size).
   * @default - `defaultLimits` for every tenant
   */
  readonly limits?: Readonly<Record<string, TenantLimits>>;
  /**
   * Limits of tenants without their own, and of each federated reader.
   * @default - 100 requests/s per replica, burst 200, 10 MiB bodies
   */
  readonly defaultLimits?: TenantLimits;
  /**
   * The load balancer other clusters and VPCs reach it through.
   * @default - an internal NLB from the cluster's VPC, plain TCP outside production
   */
  readonly loadBalancer?: TenantGatewayLoadBalancer;
  /**
   * Production defaults: 3 replicas spread over zones (a hard constraint), TLS required, the created
   * secret kept 30 days after deletion.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Gateway replicas, at least 2.
   * @default - 3 in production, otherwise 2
   */
  readonly replicas?: number;
  /**
   * Namespace of the gateway (created).
   * @default 'lgtm-gateway'
   */
  readonly namespace?: string;
  /**
   * What the release waits for: the backends it proxies to, the load balancer controller.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

const NAME = 'tenant-gateway';
const PORTS = { http: 8080, grpc: 4317, health: 8081 } as const;
const RUNTIME_DIR = '/tmp/nginx';
const CONFIG_DIR = '/etc/nginx/gateway';
const HTPASSWD_DIR = '/etc/nginx/auth';
// The nginx user of the official image (uid/gid 101): nothing in the pod runs as root.
const NGINX_UID = 101;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
// ELB's TLS 1.3 + 1.2 policy (Elastic Load Balancing docs, "Security policies for your Network Load Balancer").
const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * The only door to the backends for anything outside the stack: an NGINX deployment (the pinned
 * official image) that authenticates every request (basic auth from Secrets Manager, or a trusted
 * identity header from listed networks), sets X-Scope-OrgID itself from the identity's tenant
 * (overwriting the client's), and routes push and query paths to Mimir, Loki, Tempo (OTLP HTTP and
 * gRPC) and Pyroscope, with per-tenant rate and body limits. Reached in the cluster on its Service
 * and from other VPCs through an internal NLB; its configuration is generated by `nginxConfig`.
 */
export class TenantGateway extends Construct {
  /** Namespace of the gateway. */
  public readonly namespace: string;
  /** Name of its Service (and Deployment). */
  public readonly serviceName: string;
  /** In-cluster URL of the HTTP routes. */
  public readonly inClusterUrl: string;
  /** In-cluster `host:port` of OTLP over gRPC (plaintext inside the cluster). */
  public readonly inClusterOtlpGrpcEndpoint: string;
  /** Its pods, for NetworkPolicies that let it reach the backends. */
  public readonly peer: PolicyPeer;
  /** Replicas of the Deployment. */
  public readonly replicas: number;
  /** The generated nginx.conf. */
  public readonly config: string;
  /** The Secrets Manager secret holding the htpasswd file, when this construct created it. */
  public readonly htpasswdSecret?: SecretsmanagerSecret;
  /** The Kubernetes objects of the gateway, as the release applies them. */
  public readonly objects: readonly KubernetesObject[];
  /** The Helm release of those objects. */
  public readonly release: ManifestRelease;

  constructor(scope: Construct, id: string, props: TenantGatewayProps) {
    super(scope, id);
    const production = props.production ?? false;
    const replicas = props.replicas ?? (production ? 3 : 2);
    const namespace = props.namespace ?? 'lgtm-gateway';
    const tenants: readonly string[] = Array.isArray(props.tenants) ? props.tenants : [];
    const lb = props.loadBalancer ?? {};
    const lbEnabled = lb.enabled ?? true;
    check(`TenantGateway '${this.node.path}'`, [
      { when: props.cluster === undefined, message: 'cluster is undefined, but the gateway needs the cluster it runs on' },
      { when: !Array.isArray(props.tenants) || props.tenants.length === 0, message: `tenants is ${show(props.tenants)}, but at least one tenant id is required` },
      ...tenants.map((t, i) => ({ t, i, why: known(t) ? tenantIdProblem(t) : undefined })).filter((x) => x.why).map((x) => ({ when: true, message: `tenants[${x.i}] is ${show(x.t)}, but ${x.why}` })),
      ...gatewayIdentityRules(props.identities, tenants, props.limits, props.defaultLimits),
      ...authRules(props.auth, props.secrets),
      { when: !Number.isInteger(replicas) || replicas < 2, message: `replicas is ${show(replicas)}, but the gateway is the only door to the backends: at least 2` },
      { when: typeof namespace !== 'string' || !DNS_LABEL.test(namespace), message: `namespace is ${show(namespace)}, but it must be a lowercase DNS label` },
      { when: [props.metrics, props.logs, props.traces, props.profiles].every((b) => b === undefined), message: 'metrics, logs, traces and profiles are all undefined, but the gateway needs at least one backend to route to' },
      ...unknownKeyRules(props.loadBalancer, ['enabled', 'certificateArn', 'sourceCidrs'], 'loadBalancer'),
      { when: typeof lbEnabled !== 'boolean', message: `loadBalancer.enabled is ${show(lbEnabled)}, but it must be true or false` },
      {
        when: production && lbEnabled === true && lb.certificateArn === undefined,
        message: 'loadBalancer.certificateArn is undefined, but in production the load balancer serves TLS only: give an ACM certificate ARN (or loadBalancer.enabled false)',
      },
      {
        when: known(lb.certificateArn) && lb.certificateArn !== undefined && (typeof lb.certificateArn !== 'string' || !ACM_CERTIFICATE_ARN.test(lb.certificateArn)),
        message: `loadBalancer.certificateArn is ${show(lb.certificateArn)}, but it must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-...`,
      },
      { when: lb.sourceCidrs !== undefined && (!Array.isArray(lb.sourceCidrs) || lb.sourceCidrs.length === 0), message: `loadBalancer.sourceCidrs is ${show(lb.sourceCidrs)}, but it must list at least one IPv4 CIDR` },
      ...(Array.isArray(lb.sourceCidrs) ? lb.sourceCidrs : []).map((c, i) => ({ c, i, why: !known(c) ? undefined : typeof c !== 'string' ? 'it must be an IPv4 CIDR' : parseCidr(c) }))
        .filter((x) => typeof x.why === 'string')
        .map((x) => ({ when: true, message: `loadBalancer.sourceCidrs[${x.i}] is ${show(x.c)}, but ${String(x.why)}` })),
      ...(Array.isArray(lb.sourceCidrs) ? lb.sourceCidrs : []).map((c, i) => ({ when: c === '0.0.0.0/0', message: `loadBalancer.sourceCidrs[${i}] is '0.0.0.0/0', but the gateway's load balancer is internal: list the networks of its clients` })),
    ]);

    const auth = props.auth;
    if (lbEnabled === true && lb.certificateArn === undefined) {
      Annotations.of(this).addWarning(
        'TenantGateway: the load balancer listens in plain TCP (no loadBalancer.certificateArn), so credentials and telemetry cross the network unencrypted; give an ACM certificate',
      );
    }
    this.namespace = namespace;
    this.serviceName = NAME;
    this.replicas = replicas;
    this.inClusterUrl = `http://${NAME}.${namespace}.svc.cluster.local:${PORTS.http}`;
    this.inClusterOtlpGrpcEndpoint = `${NAME}.${namespace}.svc.cluster.local:${PORTS.grpc}`;
    this.peer = { namespace, podLabels: { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/instance': NAME } };

    this.config = nginxConfig({
      backends: { metrics: props.metrics, logs: props.logs, traces: props.traces, profiles: props.profiles },
      tenants,
      identities: props.identities,
      auth: auth.mode === 'basic' ? { mode: 'basic', htpasswdPath: `${HTPASSWD_DIR}/htpasswd` } : { mode: 'trusted-header', header: auth.header, trustedCidrs: auth.trustedCidrs },
      limits: props.limits,
      defaultLimits: props.defaultLimits,
      httpPort: PORTS.http,
      grpcPort: PORTS.grpc,
      healthPort: PORTS.health,
      runtimeDir: RUNTIME_DIR,
      nginxVersion: IMAGES.nginx.version,
    });

    // Basic auth from Secrets Manager: the file never passes through Terraform, only the ARN does.
    const objects: KubernetesObject[] = [];
    let htpasswdSecretName: string | undefined;
    if (auth.mode === 'basic') {
      if (auth.existingSecretName !== undefined) {
        htpasswdSecretName = auth.existingSecretName;
      } else {
        const secrets = props.secrets as ExternalSecretsOperator;
        let arn = auth.htpasswdSecretArn;
        if (arn === undefined) {
          this.htpasswdSecret = new SecretsmanagerSecret(this, 'htpasswd', {
            name: `lgtm/${props.cluster.clusterName}/${NAME}-htpasswd`,
            description: `htpasswd file of the LGTM tenant gateway of ${props.cluster.clusterName}: one user:hash line per identity`,
            kmsKeyId: auth.kmsKeyArn,
            recoveryWindowInDays: production ? 30 : 0,
          });
          arn = this.htpasswdSecret.arn;
        }
        secrets.role.addStatements(...secretReadStatements(arn, auth.kmsKeyArn));
        htpasswdSecretName = `${NAME}-htpasswd`;
        objects.push(
          secretStoreManifest({ name: `${NAME}-secrets`, namespace, region: secrets.region }),
          // Refreshed every 5 minutes: a new password reaches nginx without a deploy.
          externalSecretManifest({ name: htpasswdSecretName, namespace, storeName: `${NAME}-secrets`, refreshInterval: '5m', data: [{ secretKey: 'htpasswd', remoteRef: { key: arn } }] }),
        );
      }
    }

    const labels = { ...this.peer.podLabels, 'app.kubernetes.io/component': 'tenant-gateway', 'app.kubernetes.io/part-of': 'lgtm' };
    const selector = this.peer.podLabels;
    const checksum = createHash('sha256').update(this.config).digest('hex');
    const sourceCidrs = lb.sourceCidrs ?? (auth.mode === 'trusted-header' ? auth.trustedCidrs : [props.cluster.network.vpcCidrBlock]);
    const tls = lb.certificateArn !== undefined;
    objects.push(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace, labels }, data: { 'nginx.conf': this.config } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: NAME, namespace, labels },
        spec: {
          replicas,
          selector: { matchLabels: selector },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels, annotations: { 'checksum/config': checksum } },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, runAsUser: NGINX_UID, runAsGroup: NGINX_UID, fsGroup: NGINX_UID, seccompProfile: { type: 'RuntimeDefault' } },
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: 'topology.kubernetes.io/zone',
                  // In production a zone outage must not take every replica: refuse to stack them.
                  whenUnsatisfiable: production ? 'DoNotSchedule' : 'ScheduleAnyway',
                  labelSelector: { matchLabels: selector },
                },
                { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
              ],
              terminationGracePeriodSeconds: 30,
              containers: [
                {
                  name: 'nginx',
                  image: imageRef(IMAGES.nginx),
                  // Skips the image's entrypoint scripts, which rewrite configuration on a writable root.
                  command: ['nginx', '-c', `${CONFIG_DIR}/nginx.conf`, '-g', 'daemon off;'],
                  ports: [
                    { name: 'http', containerPort: PORTS.http, protocol: 'TCP' },
                    ...(props.traces ? [{ name: 'otlp-grpc', containerPort: PORTS.grpc, protocol: 'TCP' }] : []),
                    { name: 'health', containerPort: PORTS.health, protocol: 'TCP' },
                  ],
                  readinessProbe: { httpGet: { path: '/healthz', port: 'health' }, periodSeconds: 5 },
                  livenessProbe: { httpGet: { path: '/healthz', port: 'health' }, periodSeconds: 10, failureThreshold: 3 },
                  // Drain: the load balancer deregisters the pod before nginx stops taking requests.
                  lifecycle: { preStop: { exec: { command: ['sleep', '15'] } } },
                  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [
                    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                    { name: 'runtime', mountPath: RUNTIME_DIR },
                    ...(htpasswdSecretName ? [{ name: 'htpasswd', mountPath: HTPASSWD_DIR, readOnly: true }] : []),
                  ],
                },
              ],
              volumes: [
                { name: 'config', configMap: { name: NAME } },
                { name: 'runtime', emptyDir: { sizeLimit: '256Mi' } },
                // Optional: until the secret has a value, nginx starts and answers 500 (fails closed).
                ...(htpasswdSecretName ? [{ name: 'htpasswd', secret: { secretName: htpasswdSecretName, optional: true } }] : []),
              ],
            },
          },
        },
      },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: NAME, namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: NAME, namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector,
          ports: [
            { name: 'http', port: PORTS.http, targetPort: 'http', protocol: 'TCP' },
            ...(props.traces ? [{ name: 'otlp-grpc', port: PORTS.grpc, targetPort: 'otlp-grpc', protocol: 'TCP' }] : []),
          ],
        },
      },
      // Its own Service: every port of a LoadBalancer Service becomes a listener, and the in-cluster
      // plaintext port must not be one.
      ...(lbEnabled ? [{
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `${NAME}-lb`, namespace, labels, annotations: loadBalancerAnnotations(lb.certificateArn, props.traces !== undefined) },
        spec: {
          type: 'LoadBalancer',
          loadBalancerClass: 'service.k8s.aws/nlb',
          loadBalancerSourceRanges: [...sourceCidrs],
          selector,
          ports: [
            { name: tls ? 'https' : 'http', port: tls ? 443 : 80, targetPort: 'http', protocol: 'TCP' },
            ...(props.traces ? [{ name: 'otlp-grpc', port: PORTS.grpc, targetPort: 'otlp-grpc', protocol: 'TCP' }] : []),
          ],
        },
      }] : []),
    );
    this.release = new ManifestRelease(this, 'release', {
      releaseName: NAME,
      namespace,
      objects,
      dependsOn: [...(props.dependsOn ?? []), ...(auth.mode === 'basic' && auth.existingSecretName === undefined && props.secrets ? props.secrets.ready : [])],
    });
    this.objects = this.release.objects;
  }
}

function authRules(auth: TenantGatewayAuth | undefined, secrets: ExternalSecretsOperator | undefined): Rule[] {
  if (auth === null || typeof auth !== 'object') return [{ when: true, message: `auth is ${show(auth)}, but it must be { mode: 'basic' } or { mode: 'trusted-header', header, trustedCidrs }` }];
  if (auth.mode === 'trusted-header') return [...unknownKeyRules(auth, ['mode', 'header', 'trustedCidrs'], 'auth'), ...trustedHeaderRules(auth.header, auth.trustedCidrs, 'auth')];
  if (auth.mode !== 'basic') return [{ when: true, message: `auth.mode is ${show((auth as { mode: unknown }).mode)}, but it must be 'basic' or 'trusted-header'` }];
  return [
    ...unknownKeyRules(auth, ['mode', 'htpasswdSecretArn', 'kmsKeyArn', 'existingSecretName'], 'auth'),
    { when: auth.existingSecretName !== undefined && auth.htpasswdSecretArn !== undefined, message: 'auth has both existingSecretName and htpasswdSecretArn, but the htpasswd file comes from one of them' },
    {
      when: auth.existingSecretName === undefined && secrets === undefined,
      message: 'auth is basic with the htpasswd file in Secrets Manager, but secrets (an ExternalSecretsOperator) is undefined: give it, or a Kubernetes Secret as auth.existingSecretName',
    },
    { when: auth.existingSecretName !== undefined && known(auth.existingSecretName) && (typeof auth.existingSecretName !== 'string' || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(auth.existingSecretName)), message: `auth.existingSecretName is ${show(auth.existingSecretName)}, but it must be a Secret name (a lowercase DNS subdomain)` },
    { when: known(auth.htpasswdSecretArn) && auth.htpasswdSecretArn !== undefined && !SECRET_ARN.test(auth.htpasswdSecretArn), message: `auth.htpasswdSecretArn is ${show(auth.htpasswdSecretArn)}, but it must be a Secrets Manager secret ARN` },
    { when: known(auth.kmsKeyArn) && auth.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(auth.kmsKeyArn), message: `auth.kmsKeyArn is ${show(auth.kmsKeyArn)}, but ${KMS_KEY_ARN_ALLOWED}` },
  ];
}

// AWS Load Balancer Controller Service annotations (docs: guide/service/annotations.md).
function loadBalancerAnnotations(certificateArn: string | undefined, grpc: boolean): Record<string, string> {
  return {
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    // The trusted-header check and the access log see the client's address, not the NLB's.
    'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'http',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': String(PORTS.health),
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': '/healthz',
    ...(certificateArn === undefined
      ? {}
      : {
        'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': certificateArn,
        'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': grpc ? `443,${PORTS.grpc}` : '443',
        'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': TLS_POLICY,
        // gRPC clients negotiate HTTP/2 over the TLS listener; HTTP/1.1 clients keep working.
        'service.beta.kubernetes.io/aws-load-balancer-alpn-policy': 'HTTP2Optional',
      }),
  };
}
