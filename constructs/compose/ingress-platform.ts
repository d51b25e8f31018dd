import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { ValidationError } from "../core/errors";
import { clusterChoiceProblem } from "./naming";
import { ExistingDoksCluster } from "../digitalocean/existing-doks-cluster";
import { TraefikIngress, servingTraefikOf } from "../ingress/traefik-ingress";
import { ServingTraefik } from "../harbor/namespace-values";
import { platformLoadBalancerName } from "../ingress/policy-values";

/** Properties of an {@link IngressPlatform}. */
export interface IngressPlatformProps {
  /**
   * The cluster the platform is installed on, when the stack already looks it up (e.g. for a `HarborOnDoks` in the
   * same stack: one lookup configures the stack's `kubernetes` and `helm` providers once). Exactly one of `cluster`
   * and `clusterName`.
   * @default - looked up by `clusterName`
   */
  readonly cluster?: ExistingDoksCluster;
  /**
   * Name of the existing DOKS cluster, looked up here (which also configures the stack's `kubernetes` and `helm`
   * providers). Exactly one of `cluster` and `clusterName`.
   * @default - `cluster.clusterName`
   */
  readonly clusterName?: string;
  /**
   * Namespaces of the Harbor instances this platform serves besides those added later; Traefik watches only these
   * and its own. A `HarborOnDoks` given this platform (or a `Harbor` given its `ingress`) adds its namespace itself
   * ({@link IngressPlatform.serveNamespace}), also from another stack: list here only namespaces of Harbors this app
   * does not create (see `TraefikIngressProps.servedNamespaces`).
   * @default - none: only the namespaces of the instances given this platform
   */
  readonly servedNamespaces?: readonly string[];
  /** A host name that will resolve to the load balancer, e.g. the first instance's (see `TraefikIngress`). */
  readonly hairpinHostname: string;
  /**
   * Name of the DigitalOcean load balancer; other stacks look it up by this name. Unique in the account: the
   * cloud controller finds load balancers by name across the account (see `platformLoadBalancerName`).
   * @default "harbor-<cluster id>"
   */
  readonly loadBalancerName?: string;
  /** Seconds an HTTPS request may take on `websecure` (see `TraefikIngressProps.readTimeoutSeconds`). @default 3600 */
  readonly readTimeoutSeconds?: number;
  /**
   * A DOKS node pool reserved for the platform and Harbor (see `TraefikIngressProps.nodePool`); a `HarborOnDoks`
   * served by this platform places its pods there too.
   * @default - none: the scheduler places the pods on any node
   */
  readonly nodePool?: string;
  /** Refuse other namespaces' pods on `nodePool` (see `TraefikIngressProps.tenantNodePolicy`). @default false */
  readonly tenantNodePolicy?: boolean;
  /**
   * Some instance verifies domains with DNS-01 (cert-manager then checks propagation with public resolvers).
   * @default false
   */
  readonly dns01?: boolean;
  /** DigitalOcean load balancer size units (1-100). @default 1 */
  readonly loadBalancerSizeUnits?: number;
  /** 2 replicas and PodDisruptionBudgets for Traefik and cert-manager. @default true */
  readonly highAvailability?: boolean;
  /** Publish Traefik's metrics (a ClusterIP Service). @default false */
  readonly metrics?: boolean;
  /** A ServiceMonitor for them (needs `metrics` and the Prometheus Operator's CRDs). @default false */
  readonly serviceMonitor?: boolean;
  /** The only namespace whose pods may reach Traefik's metrics port. @default "monitoring" */
  readonly monitoringNamespace?: string;
}

/**
 * The ingress platform of one DOKS cluster: the cluster lookup, Traefik behind a DigitalOcean load balancer,
 * cert-manager with its CRDs ({@link TraefikIngress}), and the load balancer's address once Traefik is up. Place it
 * once per cluster; a {@link HarborOnDoks} given it as `platform` is wired to it (backend TLS, Traefik's access to
 * its namespace, and, in the same stack, a `depends_on` on the releases that install the CRDs).
 * Providers: the stack needs DigitaloceanProvider; the cluster lookup adds KubernetesProvider and HelmProvider.
 */
export class IngressPlatform extends Construct {
  /** Whether `x` is an IngressPlatform (also across copies of this library). */
  public static isIngressPlatform(x: unknown): x is IngressPlatform {
    return typeof x === "object" && x !== null && INGRESS_PLATFORM in x;
  }

  /** The cluster lookup (the one given, or this construct's own). */
  public readonly cluster: ExistingDoksCluster;
  /** Name of the cluster the platform is installed on. */
  public readonly clusterName: string;
  /** Traefik and cert-manager. */
  public readonly ingress: TraefikIngress;
  /** Name of the DigitalOcean load balancer. */
  public readonly loadBalancerName: string;
  /** The load balancer's public IPv4 address (read once Traefik's release is up). */
  public readonly loadBalancerIp: string;
  /** Whether cert-manager is set up for DNS-01 (`dns01`). */
  public readonly dns01: boolean;
  /** The node pool reserved for the platform and Harbor, if any. */
  public readonly nodePool?: string;

  constructor(scope: Construct, id: string, props: IngressPlatformProps) {
    super(scope, id);
    Object.defineProperty(this, INGRESS_PLATFORM, { value: true });
    const clusterProblem = clusterChoiceProblem(props.cluster, props.clusterName);
    if (clusterProblem !== undefined) throw new ValidationError(this, "cluster", clusterProblem);
    this.cluster =
      props.cluster ?? new ExistingDoksCluster(this, "Cluster", { clusterName: props.clusterName as string });
    this.clusterName = this.cluster.clusterName;
    refuseSecondPlatform(this);
    this.loadBalancerName = props.loadBalancerName ?? platformLoadBalancerName(this.cluster.clusterId);
    this.dns01 = props.dns01 ?? false;
    this.nodePool = props.nodePool;

    this.ingress = new TraefikIngress(this, "Ingress", {
      loadBalancerName: this.loadBalancerName,
      hairpinHostname: props.hairpinHostname,
      vpcUuid: this.cluster.vpcUuid,
      dns01: props.dns01,
      servedNamespaces: props.servedNamespaces,
      monitoringNamespace: props.monitoringNamespace,
      loadBalancerSizeUnits: props.loadBalancerSizeUnits,
      readTimeoutSeconds: props.readTimeoutSeconds,
      nodePool: props.nodePool,
      tenantNodePolicy: props.tenantNodePolicy,
      highAvailability: props.highAvailability,
      metrics: props.metrics,
      serviceMonitor: props.serviceMonitor,
    });

    this.loadBalancerIp = this.ingress.loadBalancer.ip;
  }

  /** The namespaces Traefik watches besides its own: those given as `servedNamespaces` and added since, sorted. */
  public get servedNamespaces(): readonly string[] {
    return this.ingress.servedNamespaces;
  }

  /**
   * Serves `namespace` too ({@link TraefikIngress.serveNamespace}): a `HarborOnDoks` given this platform calls it for
   * its namespace. Idempotent; refused after the app has synthesized.
   */
  public serveNamespace(namespace: string): void {
    this.ingress.serveNamespace(namespace);
  }

  /** The Traefik a Harbor behind this platform grants access to and names in its objects. */
  public get servingTraefik(): ServingTraefik {
    return servingTraefikOf(this.ingress);
  }

  /** Whether this platform is in the same Terraform stack as `scope` (then `depends_on` can order them). */
  public inSameStack(scope: Construct): boolean {
    return TerraformStack.of(scope) === TerraformStack.of(this);
  }
}

const INGRESS_PLATFORM = Symbol.for("harbor-doks.IngressPlatform");

/** Traefik and cert-manager are cluster-wide: a second platform for one cluster in the same app would fight the first. */
function refuseSecondPlatform(platform: IngressPlatform): void {
  const other = platform.node.root.node
    .findAll()
    .find((c) => c !== platform && IngressPlatform.isIngressPlatform(c) && c.clusterName === platform.clusterName);
  if (other !== undefined) {
    throw new ValidationError(
      platform,
      "clusterName",
      `"${platform.clusterName}" already has an ingress platform (${other.node.path}): Traefik and cert-manager are ` +
        "cluster-wide; serve every instance of the cluster from that one (give each HarborOnDoks that platform)",
    );
  }
}
