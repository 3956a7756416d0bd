import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ChartRelease, ChartReleaseOptions } from '../helm/chart-release';
import { AWS_REGION, Rule, check, known, notPositiveInteger, show } from '../private/validate';
import { IEksCluster } from './i-eks-cluster';
import { LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT } from './private/addon-policies';
import { IWorkloadRole } from './i-workload-role';

export { LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT };

/** The IAM side of the controller: {@link EksCluster.loadBalancerControllerRole}, or any role bound the same way. */
export type LoadBalancerControllerIdentity = Pick<IWorkloadRole, 'roleArn' | 'namespace' | 'serviceAccount' | 'serviceAccountAnnotations'>;

/** How load balancers reach the pods behind a Service or Ingress. */
export type LoadBalancerTargetType =
  /** Pod IPs registered directly (the VPC CNI gives pods VPC addresses): no extra node hop. */
  | 'ip'
  /** Node ports on every node: an extra hop through kube-proxy. */
  | 'instance';

/** Settings of {@link LoadBalancerController}, also taken by ClusterAddons. */
export interface LoadBalancerControllerOptions extends Omit<ChartReleaseOptions, 'namespace' | 'createNamespace'> {
  /** The controller's IAM role; its service account must be `kube-system/aws-load-balancer-controller`. */
  readonly identity: LoadBalancerControllerIdentity;
  /** AWS region of the cluster (the controller does not read it from instance metadata: IMDS is one hop). */
  readonly region: string;
  /**
   * Controller pods. One leads at a time; the others take over within seconds and keep serving
   * the admission webhooks, which fail Service creation while no pod answers.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Default target type of Ingresses and Services that do not set one.
   * @default 'ip'
   */
  readonly defaultTargetType?: LoadBalancerTargetType;
  /**
   * Tags the controller puts on every load balancer, target group and security group it creates
   * (Terraform's default tags do not reach resources the controller creates).
   * @default - none
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * Refuses fewer than 2 replicas: a single pod makes every Service creation wait on it.
   * @default false
   */
  readonly production?: boolean;
}

/** Props of {@link LoadBalancerController}. */
export interface LoadBalancerControllerProps extends LoadBalancerControllerOptions {
  /** The cluster; the stack's helm provider must point at it. */
  readonly cluster: IEksCluster;
  /**
   * Resources the release waits for.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}


// Gateway API support, off. Since v3 the controller runs its ALB and NLB Gateway API controllers
// and ListenerSets by default (ALBGatewayAPI, NLBGatewayAPI, GatewayListenerSet: true in
// pkg/config/feature_gates.go at v3.5.0) and turns a defaulted gate off only when the Gateway API
// CRDs are missing at start-up (pkg/gateway/crddetect). Nothing in this project uses the Gateway
// API: with all three set, the controller skips that detection and stays an Ingress and Service
// controller even after someone installs the Gateway API CRDs. An unknown gate name stops the
// controller from starting, so test/aws/load-balancer-controller.test.ts checks the names against
// the pinned chart's values.yaml.
const GATEWAY_API_OFF = { ALBGatewayAPI: false, NLBGatewayAPI: false, GatewayListenerSet: false };

/**
 * The AWS Load Balancer Controller (chart `aws-load-balancer-controller` from eks-charts, pinned
 * in the chart table) in kube-system: it turns Ingresses into ALBs and LoadBalancer Services into
 * NLBs in the subnets the Network tagged for it. Its AWS permissions come from the IAM role bound
 * to its service account (the role's policy only lets it change resources tagged for this cluster);
 * pods reach it with the region and VPC given, not through instance metadata. Its Gateway API
 * controllers are off; to use Gateway API, install its CRDs and set
 * `values: { controllerConfig: { featureGates: { ALBGatewayAPI: true, ... } } }`.
 */
export class LoadBalancerController extends Construct {
  /** The Helm release. */
  public readonly release: ChartRelease;
  /** Ingress class name that selects this controller (an IngressClass the chart creates). */
  public readonly ingressClassName: string;
  /** loadBalancerClass of Services this controller provisions as NLBs. */
  public readonly loadBalancerClass: string;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    const replicas = props.replicas ?? 2;
    const targetType = props.defaultTargetType ?? 'ip';
    const identity = props.identity;
    const rules: Rule[] = [
      { when: notPositiveInteger(replicas), message: `replicas is ${show(replicas)}, but it must be a positive integer` },
      { when: (props.production ?? false) && Number.isInteger(replicas) && replicas < 2, message: `replicas is ${replicas}, but production needs at least 2 so the admission webhooks keep answering while a pod restarts` },
      { when: known(props.region) && !AWS_REGION.test(props.region), message: `region is '${props.region}', but it must be an AWS region such as eu-west-1` },
      { when: targetType !== 'ip' && targetType !== 'instance', message: `defaultTargetType is '${targetType}', but allowed types are 'ip', 'instance'` },
      { when: known(identity.namespace) && identity.namespace !== 'kube-system', message: `identity.namespace is '${identity.namespace}', but the controller runs in kube-system` },
      {
        when: known(identity.serviceAccount) && identity.serviceAccount !== LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        message: `identity.serviceAccount is '${identity.serviceAccount}', but the controller's role must trust '${LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT}'`,
      },
    ];
    check(`LoadBalancerController '${this.node.path}'`, rules);

    const releaseName = 'aws-load-balancer-controller';
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': releaseName } };
    this.release = new ChartRelease(this, 'release', {
      values: props.values,
      allowUnknownValues: props.allowUnknownValues,
      atomic: props.atomic,
      timeoutSeconds: props.timeoutSeconds,
      maxHistory: props.maxHistory,
      dependsOn: props.dependsOn,
      chart: 'aws-load-balancer-controller',
      releaseName,
      namespace: 'kube-system',
      createNamespace: false,
      baseValues: {
        clusterName: props.cluster.clusterName,
        region: props.region,
        vpcId: props.cluster.network.vpcId,
        replicaCount: replicas,
        serviceAccount: { create: true, name: identity.serviceAccount, annotations: { ...identity.serviceAccountAnnotations } },
        // The chart renders the budget only with more than one replica.
        podDisruptionBudget: replicas > 1 ? { maxUnavailable: 1 } : {},
        // The chart's default affinity spreads pods over nodes; this spreads them over zones too.
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector }],
        resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '500Mi' } },
        defaultTargetType: targetType,
        defaultTags: { ...(props.defaultTags ?? {}) },
        // The controller reads OIDC client secrets only from the Ingress's namespace, never cluster-wide.
        clusterSecretsPermissions: { allowAllSecrets: false },
        controllerConfig: { featureGates: { ...GATEWAY_API_OFF } },
      },
    });
    this.ingressClassName = 'alb';
    this.loadBalancerClass = 'service.k8s.aws/nlb';
  }
}
