import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { IEksCluster } from '../aws/i-eks-cluster';
import { IWorkloadRole, WorkloadIdentityMode } from '../aws/i-workload-role';
import { WorkloadRole } from '../aws/workload-role';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { HelmValues, isPlainObject, valueAt } from '../helm/values';
import { AWS_REGION, DNS_LABEL, Rule, check, known, notPositiveInteger, show } from '../private/validate';

/**
 * The Helm release name, and so (release name = chart name) the chart's fullname: the controller's
 * Deployment and service account are named after it.
 */
const RELEASE_NAME = 'external-secrets';

/** The controller's service account: the only account of the release that gets the IAM role. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';

/** Props of {@link ExternalSecretsOperator}. */
export interface ExternalSecretsOperatorProps extends ChartReleaseOptions {
  /** The cluster; the stack's helm provider must point at it, its aws provider at its account. */
  readonly cluster: IEksCluster;
  /**
   * AWS region of the secrets the operator reads: give it to `secretStoreManifest` (as
   * `operator.region`), whose store calls Secrets Manager there.
   */
  readonly region: string;
  /**
   * Turns on the production defaults: 2 controller and 2 webhook pods, each pair with a
   * PodDisruptionBudget, and refuses fewer.
   * @default false
   */
  readonly production?: boolean;
  /**
   * How the controller's service account gets its IAM role. `irsa` needs `cluster.oidcProviderArn`;
   * `pod-identity` needs the eks-pod-identity-agent add-on (EksCluster installs it).
   * @default 'pod-identity'
   */
  readonly identityMode?: WorkloadIdentityMode;
  /**
   * Pods of the controller and of its admission webhook each. One controller reconciles at a time
   * (leader election is always on); the webhook answers every SecretStore and ExternalSecret
   * change (failure policy Fail), so a second pod keeps those working while one restarts.
   * @default - 2 when production, otherwise 1
   */
  readonly replicas?: number;
  /**
   * Kubernetes namespace of the operator and of its service account the role is bound to.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * Resources the release waits for besides the operator's own role.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The External Secrets Operator (pinned chart `external-secrets`: CRDs, webhook, certificate
 * controller) with an IAM role of its own for the controller's service account. The role starts
 * with no permission and the synth fails until one grant is made: grant exactly the secrets it
 * syncs (`database.grantSecretRead(operator.role)`). Namespace `edit`/`admin` users cannot create
 * SecretStores (the chart's default would let them): a store without `auth` runs with this role.
 */
export class ExternalSecretsOperator extends Construct {
  /** The controller's IAM role; grant it the secrets it syncs. */
  public readonly role: IWorkloadRole;
  /** The Helm release. */
  public readonly release: ChartRelease;
  /** Kubernetes namespace of the operator. */
  public readonly namespace: string;
  /** AWS region of the secrets the operator reads. */
  public readonly region: string;
  /**
   * What a release that carries SecretStore, ExternalSecret or generator objects waits for
   * (`dependsOn`): this release. It installs the CRDs (as templates, `installCRDs`), and Helm waits
   * for its Deployments: the webhook (failure policy Fail) is ready once its certificate is valid,
   * the certificate controller once it has injected the CA into the CRDs and webhook configurations.
   */
  public readonly ready: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps) {
    super(scope, id);
    const production = props.production ?? false;
    const replicas = props.replicas ?? (production ? 2 : 1);
    const namespace = props.namespace ?? 'external-secrets';
    const mode = props.identityMode ?? 'pod-identity';
    check(`ExternalSecretsOperator '${this.node.path}'`, validationRules(props, { production, replicas, namespace, mode }));

    const role = new WorkloadRole(this, 'role', {
      cluster: props.cluster,
      namespace,
      serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
      mode,
    });
    this.role = role;
    this.namespace = namespace;
    this.region = props.region;

    // The pods must start with working credentials: a Pod Identity association made after a pod
    // started reaches it only on its next restart, and an IRSA role must exist with its policy.
    const roleResources = role.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    this.release = new ChartRelease(this, 'release', {
      values: props.values,
      allowUnknownValues: props.allowUnknownValues,
      atomic: props.atomic,
      timeoutSeconds: props.timeoutSeconds,
      maxHistory: props.maxHistory,
      createNamespace: props.createNamespace,
      dependsOn: [...(props.dependsOn ?? []), ...roleResources],
      chart: 'external-secrets',
      releaseName: RELEASE_NAME,
      namespace,
      baseValues: operatorValues(replicas, role.serviceAccountAnnotations),
    });
    this.ready = [this.release.release];
  }
}

function validationRules(
  props: ExternalSecretsOperatorProps,
  resolved: { production: boolean; replicas: number; namespace: string; mode: WorkloadIdentityMode },
): Rule[] {
  const { production, replicas, namespace, mode } = resolved;
  const values = isPlainObject(props.values) ? props.values : undefined;
  const account = valueAt(values, 'serviceAccount.name');
  const namespaceOverride = valueAt(values, 'namespaceOverride');
  return [
    { when: props.region === undefined || props.region === '', message: `region is ${show(props.region)}, but it is required (the region of the secrets the stores read)` },
    {
      when: known(props.region) && props.region !== '' && (typeof props.region !== 'string' || !AWS_REGION.test(props.region)),
      message: `region is ${show(props.region)}, but it must be an AWS region code such as eu-west-1`,
    },
    { when: known(namespace) && !DNS_LABEL.test(namespace), message: `namespace is ${show(namespace)}, but it must be a lowercase DNS label of at most 63 characters` },
    { when: mode !== 'pod-identity' && mode !== 'irsa', message: `identityMode is ${show(mode)}, but allowed modes are 'pod-identity', 'irsa'` },
    { when: notPositiveInteger(replicas), message: `replicas is ${show(replicas)}, but it must be a positive integer` },
    {
      when: production && Number.isInteger(replicas) && replicas < 2,
      message: `replicas is ${replicas}, but production needs at least 2 so the webhook keeps admitting SecretStores and ExternalSecrets while a pod restarts`,
    },
    {
      when: account !== undefined && account !== EXTERNAL_SECRETS_SERVICE_ACCOUNT,
      message: `values.serviceAccount.name is ${show(account)}, but the controller must run as '${EXTERNAL_SECRETS_SERVICE_ACCOUNT}', the account its role is bound to`,
    },
    {
      when: valueAt(values, 'serviceAccount.create') === false,
      message: "values.serviceAccount.create is false, but the release creates the controller's service account (with the role's IRSA annotation when irsa)",
    },
    {
      when: namespaceOverride !== undefined && namespaceOverride !== '' && namespaceOverride !== namespace,
      message: `values.namespaceOverride is ${show(namespaceOverride)}, but the controller must run in namespace ${show(namespace)}, where its role is bound; set namespace instead`,
    },
  ];
}

/** The chart values: the shared part, then what the replica count turns on. */
function operatorValues(replicas: number, serviceAccountAnnotations: Readonly<Record<string, string>>): HelmValues {
  const ha = replicas > 1;
  // A budget with one pod would block every node drain; with two, one pod may go at a time.
  const budget = ha ? { enabled: true, minAvailable: 1 } : { enabled: false };
  // The chart fills in each Deployment's own selector labels when a constraint has none.
  const spread = ha ? [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] : [];
  return {
    installCRDs: true,
    replicaCount: replicas,
    // Always on, whatever the replica count: a rolling update runs the old and the new pod side by
    // side, and two active controllers would race on every Secret they write. The chart passes it
    // to the certificate controller too.
    leaderElect: true,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: { ...serviceAccountAnnotations } },
    // The chart's default aggregates create/update of SecretStores and ExternalSecrets into the
    // namespace `edit` and `admin` ClusterRoles; a store without credentials uses this controller's
    // role, so that would hand every granted secret to any namespace editor.
    rbac: { aggregateToEdit: false, aggregateToAdmin: false },
    podDisruptionBudget: budget,
    topologySpreadConstraints: spread,
    resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    webhook: {
      // Validates every SecretStore and ExternalSecret (failure policy Fail, the chart's default).
      create: true,
      replicaCount: replicas,
      podDisruptionBudget: budget,
      topologySpreadConstraints: spread,
      resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    },
    certController: {
      // Issues the webhook's certificate and injects its CA into the CRDs and webhook
      // configurations every 5 minutes; one pod (the chart's default) is enough, as nothing waits
      // on it once the certificate is in place.
      create: true,
      replicaCount: 1,
      resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    },
  };
}
