import { Construct } from "constructs";
import { Fn, Lazy, Op, TerraformLocal, Token } from "cdktf";
import { DataKubernetesNamespaceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-namespace-v1";
import { DataDigitaloceanLoadbalancer } from "@cdktf/provider-digitalocean/lib/data-digitalocean-loadbalancer";
import { DataDigitaloceanVpc } from "@cdktf/provider-digitalocean/lib/data-digitalocean-vpc";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { toHelmValuesYaml } from "../core/helm-values";
import { LocalChart } from "../core/local-chart";
import { RESTRICTED_POD_SECURITY_LABELS } from "../core/pod-security";
import { DEFAULT_MONITORING_NAMESPACE } from "../core/network-policy";
import { isKubernetesSystemNamespace, namespaceNameProblem, nodePoolNameProblem } from "../core/naming";
import { ValidationError } from "../core/errors";
import { checkProp } from "../core/validation";
import {
  CERT_MANAGER_CHART,
  DEFAULT_READ_TIMEOUT_SECONDS,
  INGRESS_CLASS,
  TRAEFIK_CHART,
  TRAEFIK_RELEASE,
  TRAEFIK_WATCH_RULES,
  buildCertManagerValues,
  buildTraefikValues,
  loadBalancerSizeUnitsProblem,
  readTimeoutSecondsProblem,
} from "./platform-values";
import { PlatformPolicies } from "./platform-policies";
import { SYSTEM_NAMESPACES, PLATFORM_NODE_TAINT, platformNodePlacement } from "./policy-values";
import {
  GRANT_NAMESPACE_SUFFIX,
  MAX_HARBOR_NAMESPACE_LENGTH,
  backupNamespaceName,
  grantNamespaceName,
} from "../harbor/naming";
import type { ServingTraefik } from "../harbor/namespace-values";

/** Properties of a {@link TraefikIngress}. */
export interface TraefikIngressProps {
  /**
   * Name of the DigitalOcean load balancer; other stacks look it up by this name. DigitalOcean's cloud controller
   * looks load balancers up by name across the whole account, so it must be unique there:
   * `platformLoadBalancerName(cluster.id)` is. Only Services in {@link traefikNamespace} may name it (an admission
   * policy, {@link TraefikIngress.policies}).
   */
  readonly loadBalancerName: string;
  /** A host name that will resolve to the load balancer (see `buildTraefikValues`). */
  readonly hairpinHostname: string;
  /**
   * VPC of the cluster (`ExistingDoksCluster.vpcUuid`). Its IP range, read at plan time, is the only
   * source Traefik accepts PROXY protocol headers from: the DigitalOcean load balancer is placed in
   * the cluster's VPC and connects to the nodes over it.
   */
  readonly vpcUuid: string;
  /**
   * Namespaces of the Harbor instances this Traefik serves, besides those added later: a `Harbor` given this
   * construct as `traefik` adds its own ({@link TraefikIngress.serveNamespace}), so list here only namespaces no
   * such Harbor of this app adds (a Harbor deployed by another app, or one of another program sharing the
   * cluster). Traefik watches only the served namespaces and its own (Ingresses, IngressRoutes, Middlewares,
   * Services, Secrets), with namespaced RBAC. Traefik serves no route at all while it cannot read one of the
   * namespaces it watches (its providers wait for every one), so this construct grants that access itself (Role and
   * RoleBinding `traefik-platform-watch`, {@link traefikAccess}) and tells Traefik about a namespace only once it
   * exists, read at plan time: a namespace that does not exist yet (its Harbor not deployed, or failed before
   * creating it) is watched from the next deploy after it does. A new namespace restarts Traefik. With
   * `tenantNodePolicy` each is at most `MAX_HARBOR_NAMESPACE_LENGTH` (54) characters, as a Harbor namespace: its
   * `-db-grant` and `-backup` namespaces are exempted too, and must be names. Never `default` or a `kube-` one:
   * Traefik reads the Secrets of every namespace it serves.
   * @default - none: only the namespaces of the Harbors given this construct as `traefik`
   */
  readonly servedNamespaces?: readonly string[];
  /**
   * Some instance verifies domains with DNS-01: cert-manager then checks propagation against public resolvers.
   * @default false
   */
  readonly dns01?: boolean;
  /** DigitalOcean load balancer size units (1-100). @default 1 */
  readonly loadBalancerSizeUnits?: number;
  /** 2 replicas and PodDisruptionBudgets for Traefik and cert-manager. @default true */
  readonly highAvailability?: boolean;
  /** @default "traefik" */
  readonly traefikNamespace?: string;
  /** @default "cert-manager" */
  readonly certManagerNamespace?: string;
  /**
   * Publish Traefik's Prometheus metrics (port 9100, `/metrics`) through a ClusterIP Service `traefik-metrics`; never
   * through the load balancer.
   * @default false
   */
  readonly metrics?: boolean;
  /**
   * A `monitoring.coreos.com/v1` ServiceMonitor for that Service; needs `metrics` and the Prometheus Operator's CRDs
   * already installed (the chart refuses to render it otherwise, and the release fails).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /** The only namespace whose pods may reach the metrics port (NetworkPolicy). @default "monitoring" */
  readonly monitoringNamespace?: string;
  /**
   * The longest an HTTPS request may take to arrive, TLS handshake, headers and body together (Traefik has no
   * separate bound for the handshake and headers): long enough for the largest layer of a `docker push`. 60 to 86400.
   * @default 3600
   */
  readonly readTimeoutSeconds?: number;
  /**
   * A DOKS node pool reserved for the platform and Harbor, tainted `harbor-doks.io/platform=true:NoExecute`: Traefik's
   * and cert-manager's pods get its node selector (`doks.digitalocean.com/node-pool`) and the toleration. Harbor's
   * pods get the same with `HarborProps.nodePool` (`HarborOnDoks` takes the platform's).
   * @default - none: the scheduler places the pods on any node
   */
  readonly nodePool?: string;
  /**
   * With `nodePool`: an admission policy refuses pods of every other namespace that tolerate the pool's taint (or
   * every taint) or name one of its nodes. Exempt: the platform's namespaces, the served namespaces with their
   * `-db-grant` and `-backup` namespaces, and Kubernetes' own (`kube-system`, whose DaemonSets tolerate everything).
   * @default false
   */
  readonly tenantNodePolicy?: boolean;
}

/**
 * The ingress platform of a cluster: Traefik behind a DigitalOcean load balancer, watching only the namespaces it
 * serves, and cert-manager with its CRDs (shared; the ACME Issuers live in each Harbor namespace). Both namespaces
 * enforce Pod Security "restricted" and accept only the connections their NetworkPolicies allow. Install it once
 * per cluster.
 * Providers: the stack needs DigitaloceanProvider, KubernetesProvider and HelmProvider.
 */
export class TraefikIngress extends Construct {
  /**
   * The ingress class Traefik serves, as the `kubernetes.io/ingress.class` annotation (not `ingressClassName`, see
   * `buildTraefikValues`).
   */
  public readonly ingressClassName = INGRESS_CLASS;
  /** Traefik's namespace (NetworkPolicies of served namespaces admit it). */
  public readonly traefikNamespace: string;
  /** cert-manager's namespace. */
  public readonly certManagerNamespace: string;
  /** Traefik's ServiceAccount, in {@link traefikNamespace}. */
  public readonly traefikServiceAccount = TRAEFIK_RELEASE;
  public readonly loadBalancerName: string;
  /** The cluster's VPC, whose IP range Traefik trusts for PROXY protocol. */
  public readonly vpc: DataDigitaloceanVpc;
  public readonly traefikRelease: Release;
  public readonly certManagerRelease: Release;
  /** Whether cert-manager is set up for DNS-01 (`dns01`). */
  public readonly dns01: boolean;
  /** The load balancer the cloud controller created for Traefik's Service, read once Traefik is installed. */
  public readonly loadBalancer: DataDigitaloceanLoadbalancer;
  /** Traefik's Roles in the served namespaces that exist (local chart traefik-access), installed before Traefik. */
  public readonly traefikAccess: Release;
  /** The admission policies that keep the load balancer the platform's (local chart platform-policies). */
  public readonly policies: PlatformPolicies;
  /** Each served namespace's lookup, by namespace. */
  private readonly servedLookups = new Map<string, DataKubernetesNamespaceV1>();
  /** Exempt the served namespaces from the platform node pool policy (`tenantNodePolicy`). */
  private readonly exemptServed: boolean;
  /** Set once the served list has gone into synthesized output: a namespace added later would be lost. */
  private servedListRead = false;

  constructor(scope: Construct, id: string, props: TraefikIngressProps) {
    super(scope, id);
    const sizeUnits = props.loadBalancerSizeUnits ?? 1;
    const highAvailability = props.highAvailability ?? true;
    checkProp(this, "loadBalancerSizeUnits", sizeUnits, loadBalancerSizeUnitsProblem(sizeUnits));
    if (props.nodePool !== undefined) checkProp(this, "nodePool", props.nodePool, nodePoolNameProblem(props.nodePool));
    if (props.tenantNodePolicy === true && props.nodePool === undefined) {
      throw new ValidationError(
        this,
        "tenantNodePolicy",
        "needs nodePool: the policy reserves that pool's nodes; set nodePool to the pool's name or tenantNodePolicy: false",
      );
    }
    const placement = props.nodePool === undefined ? {} : platformNodePlacement(props.nodePool);
    const readTimeoutSeconds = props.readTimeoutSeconds ?? DEFAULT_READ_TIMEOUT_SECONDS;
    checkProp(this, "readTimeoutSeconds", readTimeoutSeconds, readTimeoutSecondsProblem(readTimeoutSeconds));
    if (props.serviceMonitor === true && props.metrics !== true) {
      throw new ValidationError(
        this,
        "serviceMonitor",
        "needs metrics: the ServiceMonitor selects the metrics Service; set metrics: true or serviceMonitor: false",
      );
    }
    this.exemptServed = props.nodePool !== undefined && props.tenantNodePolicy === true;
    const servedNamespaces = props.servedNamespaces ?? [];
    for (const namespace of servedNamespaces) checkServedNamespace(this, namespace, this.exemptServed);
    const monitoringNamespace = props.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE;
    checkProp(this, "monitoringNamespace", monitoringNamespace, namespaceNameProblem(monitoringNamespace));
    if (props.vpcUuid.trim() === "") {
      throw new ValidationError(this, "vpcUuid", 'must be the cluster\'s VPC id (ExistingDoksCluster.vpcUuid), got ""');
    }
    this.loadBalancerName = props.loadBalancerName;
    this.dns01 = props.dns01 ?? false;
    const traefikNamespace = props.traefikNamespace ?? "traefik";
    this.traefikNamespace = traefikNamespace;
    this.certManagerNamespace = props.certManagerNamespace ?? "cert-manager";

    // Trust PROXY protocol from the VPC range only, not from every private range:
    // - the cloud controller creates the load balancer in the cluster's VPC (digitalocean-cloud-
    //   controller-manager, loadbalancers.go: `req.VPCUUID = l.resources.clusterVPCID`) and it connects
    //   to the nodes over the VPC;
    // - with `externalTrafficPolicy: Cluster` a node without a Traefik pod forwards the connection and
    //   Traefik sees that node's VPC address (traefik/traefik-helm-chart#1411, diagnosed by DigitalOcean
    //   support), also inside the range;
    // - pods get addresses from the cluster's own pod subnet (`cluster_subnet`, 10.244.0.0/16 by
    //   default), a range separate from the VPC's, so a pod that connects to Traefik directly is not
    //   trusted and cannot put a forged client address in Harbor's audit log.
    // What is still trusted: anything else with an address in this VPC (other Droplets, hostNetwork
    // pods). A VPC range never changes; if the cluster were rebuilt in another VPC the data source
    // reads the new range, the values change, and Terraform upgrades the Traefik release.
    this.vpc = new DataDigitaloceanVpc(this, "ClusterVpc", { id: props.vpcUuid });

    const traefikNs = new NamespaceV1(this, "TraefikNamespace", {
      metadata: { name: traefikNamespace, labels: { ...RESTRICTED_POD_SECURITY_LABELS } },
    });

    for (const ns of servedNamespaces) this.serveNamespace(ns);
    // The lists are Terraform locals, so the values hold only `${local.…}`: an expression with string literals
    // inline would make the values text unreadable as YAML until Terraform has interpolated it. Their expressions
    // are computed at synth, from every namespace served by then.
    const present = () => Fn.compact(this.presentServedNamespaces());
    const chart = new LocalChart(this, "TraefikAccessChart", { name: "traefik-access" });
    this.traefikAccess = new Release(this, "TraefikAccess", {
      name: "traefik-access",
      namespace: traefikNs.metadata.name,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          namespaces: new TerraformLocal(
            this,
            "TraefikAccessNamespaces",
            Lazy.stringValue({ produce: () => Fn.join(",", present()) }),
          ).asString,
          serviceAccount: TRAEFIK_RELEASE,
          traefikNamespace,
          rules: TRAEFIK_WATCH_RULES,
        }),
      ],
      atomic: true,
      wait: true,
      maxHistory: 5,
    });
    this.traefikRelease = new Release(this, "Traefik", {
      ...TRAEFIK_CHART,
      name: TRAEFIK_RELEASE,
      namespace: traefikNs.metadata.name,
      values: [
        toHelmValuesYaml({
          ...placement,
          ...buildTraefikValues({
            loadBalancerName: props.loadBalancerName,
            loadBalancerSizeUnits: sizeUnits,
            hairpinHostname: props.hairpinHostname,
            highAvailability,
            namespace: traefikNamespace,
            trustedIPs: [this.vpc.ipRange],
            metrics: props.metrics
              ? { serviceMonitor: props.serviceMonitor ?? false, scrapeNamespace: monitoringNamespace }
              : undefined,
            // One element, the whole comma-separated list, which the chart joins unchanged: Traefik's namespace is
            // inside the expression, so an empty result can never leave a trailing comma (an empty namespace name
            // is every namespace to Traefik's client).
            watchedNamespaces: [
              new TerraformLocal(
                this,
                "WatchedNamespaces",
                Lazy.stringValue({
                  produce: () => Fn.join(",", Fn.compact([traefikNamespace, ...this.presentServedNamespaces()])),
                }),
              ).asString,
            ],
            readTimeoutSeconds,
          }),
        }),
      ],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      // Traefik's access before Traefik is told about a namespace.
      dependsOn: [this.traefikAccess],
      // The DigitalOcean load balancer takes a few minutes to come up.
      timeout: 900,
      maxHistory: 5,
    });

    // After Traefik: the ID exists only once the cloud controller has created the load balancer. Until this release
    // is installed (the first deploy only) the name is not protected; docs/security.md says so.
    this.loadBalancer = new DataDigitaloceanLoadbalancer(this, "LoadBalancer", {
      name: props.loadBalancerName,
      dependsOn: [this.traefikRelease],
    });
    this.policies = new PlatformPolicies(this, "Policies", {
      releaseNamespace: traefikNs.metadata.name,
      loadBalancer: {
        namespace: traefikNamespace,
        loadBalancerName: props.loadBalancerName,
        loadBalancerId: this.loadBalancer.id,
      },
      platformNodes:
        props.nodePool !== undefined && this.exemptServed
          ? {
              poolName: props.nodePool,
              taintKey: PLATFORM_NODE_TAINT.key,
              exemptNamespaces: [
                traefikNamespace,
                this.certManagerNamespace,
                ...SYSTEM_NAMESPACES,
                ...this.servedNamespaces.flatMap(servedExemptions),
              ],
            }
          : undefined,
    });

    const certManagerNamespace = this.certManagerNamespace;
    const certManagerNs = new NamespaceV1(this, "CertManagerNamespace", {
      metadata: { name: certManagerNamespace, labels: { ...RESTRICTED_POD_SECURITY_LABELS } },
    });
    this.certManagerRelease = new Release(this, "CertManager", {
      ...CERT_MANAGER_CHART,
      name: "cert-manager",
      namespace: certManagerNs.metadata.name,
      values: [
        toHelmValuesYaml(
          withCertManagerPlacement(
            buildCertManagerValues({ highAvailability, dns01: props.dns01 ?? false, namespace: certManagerNamespace }),
            placement,
          ),
        ),
      ],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: 600,
      maxHistory: 5,
    });
  }

  /** The namespaces Traefik watches besides its own: those given as `servedNamespaces` and added since, sorted. */
  public get servedNamespaces(): readonly string[] {
    return [...this.servedLookups.keys()].sort();
  }

  /**
   * Serves `namespace` too: Traefik's Role there (in {@link traefikAccess}), the namespace in Traefik's watch list
   * once it exists, and, with `tenantNodePolicy`, its pods (and those of its `-db-grant` and `-backup` namespaces)
   * on the platform nodes. A `Harbor` given this construct as `traefik` calls it for its own namespace, also from
   * another stack: only this construct changes. Serving a namespace already served, or Traefik's own, does nothing.
   * Later changes: the new namespace changes the values of the traefik-access and Traefik releases (through their
   * locals), which Terraform upgrades in place (hashicorp/terraform-provider-helm v3.1.1: only `name` and `namespace`
   * replace a release). Call it before the app synthesizes: afterwards a namespace not served
   * yet is refused, since it would be missing from the output already written.
   */
  public serveNamespace(namespace: string): void {
    checkServedNamespace(this, namespace, this.exemptServed);
    if (namespace === this.traefikNamespace || this.servedLookups.has(namespace)) return;
    if (this.servedListRead) {
      throw new ValidationError(
        this,
        "servedNamespaces",
        `cannot take ${JSON.stringify(namespace)} any more: the stack was already synthesized with this list; ` +
          "create the Harbor (or call serveNamespace) before app.synth()",
      );
    }
    // One lookup per served namespace, named after it (adding or removing one leaves the others' addresses alone).
    // A missing namespace reads as an empty uid, not an error (hashicorp/terraform-provider-kubernetes v2.38.0
    // kubernetes/data_source_kubernetes_namespace_v1.go returns nil on NotFound), and is left out of both lists.
    const lookup = new DataKubernetesNamespaceV1(this, `ServedNamespace-${namespace}`, {
      metadata: { name: namespace },
    });
    this.servedLookups.set(namespace, lookup);
    // While the constructor serves the namespaces given as props there are no policies yet: they start with those.
    if (this.exemptServed && this.policies !== undefined) {
      this.policies.addExemptNamespaces(...servedExemptions(namespace));
    }
  }

  /**
   * Each served namespace, sorted, as an expression that is the name once the namespace exists, else "". Called only
   * while the stack is resolved for output, so from then on a namespace added would be missing from it.
   */
  private presentServedNamespaces(): string[] {
    this.servedListRead = true;
    return this.servedNamespaces.map((ns) => {
      const lookup = this.servedLookups.get(ns) as DataKubernetesNamespaceV1;
      // `length(uid) >= 1` rather than `uid != ""` or `> 0`: cdktf 0.21 renders a falsy operand of an Op as
      // `undefined`, which Terraform refuses.
      return Fn.conditional(Op.gte(Fn.lengthOf(Fn.try([lookup.metadata.uid, ""])), 1), ns, "") as string;
    });
  }
}

/**
 * Throws unless `namespace` can be served: a namespace name, not a Terraform reference (its lookup is named after it),
 * and, when its `-db-grant` and `-backup` namespaces are `exempted` too, one short enough for them to be names.
 */
function checkServedNamespace(ingress: TraefikIngress, namespace: string, exempted: boolean): void {
  if (Token.isUnresolved(namespace)) {
    throw new ValidationError(
      ingress,
      "servedNamespaces",
      "must be namespace names, not Terraform references: each one gets a lookup named after it; give the literal name",
    );
  }
  checkProp(ingress, "servedNamespaces", namespace, namespaceNameProblem(namespace));
  if (isKubernetesSystemNamespace(namespace)) {
    // Serving a namespace gives Traefik read access to its Secrets (chart traefik-access).
    throw new ValidationError(
      ingress,
      "servedNamespaces",
      `${JSON.stringify(namespace)} is a Kubernetes system namespace: serving it would let Traefik read its Secrets; ` +
        "serve only the namespaces Harbors run in",
    );
  }
  if (exempted && namespace.length > MAX_HARBOR_NAMESPACE_LENGTH) {
    throw new ValidationError(
      ingress,
      "servedNamespaces",
      `${JSON.stringify(namespace)} is longer than ${MAX_HARBOR_NAMESPACE_LENGTH} characters: with tenantNodePolicy ` +
        `its "${GRANT_NAMESPACE_SUFFIX}" namespace is exempted too, and ${JSON.stringify(grantNamespaceName(namespace))} ` +
        `has ${grantNamespaceName(namespace).length}, over Kubernetes' 63 (a Harbor namespace is at most ` +
        `${MAX_HARBOR_NAMESPACE_LENGTH}); serve a shorter namespace`,
    );
  }
}

/** The namespaces of a served Harbor that the platform node pool policy exempts. */
function servedExemptions(namespace: string): string[] {
  return [namespace, grantNamespaceName(namespace), backupNamespaceName(namespace)];
}

/** cert-manager chart v1.21.1 places each component by its own keys: the controller's at the top, then the others'. */
function withCertManagerPlacement(
  values: Record<string, unknown>,
  placement: Record<string, unknown>,
): Record<string, unknown> {
  if (Object.keys(placement).length === 0) return values;
  const component = (key: string) => ({
    ...((values[key] as Record<string, unknown> | undefined) ?? {}),
    ...placement,
  });
  return {
    ...values,
    ...placement,
    webhook: component("webhook"),
    cainjector: component("cainjector"),
    startupapicheck: component("startupapicheck"),
  };
}

/** A `TraefikIngress` as a Harbor it serves names it (`HarborProps.traefik`, `IngressPlatform.servingTraefik`). */
export function servingTraefikOf(ingress: TraefikIngress): ServingTraefik {
  return {
    namespace: ingress.traefikNamespace,
    serviceAccount: ingress.traefikServiceAccount,
    ingressClass: ingress.ingressClassName,
    // The TraefikIngress grants its Role in every namespace it serves.
    watchRole: false,
  };
}
