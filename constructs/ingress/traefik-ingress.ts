import { Construct } from "constructs";
import { AssetType, Precondition, TerraformAsset } from "cdktf";
import { DataDigitaloceanVpc } from "@cdktf/provider-digitalocean/lib/data-digitalocean-vpc";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { toHelmValuesYaml } from "../core/helm-values";
import { ValidationError } from "../core/errors";
import { checkProp } from "../core/validation";
import { localChartPath } from "../core/local-chart";
import {
  CERT_MANAGER_CHART,
  DNS_TOKEN_SECRET,
  INGRESS_CLASS,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
  TRAEFIK_CHART,
  buildCertManagerValues,
  buildClusterIssuerValues,
  acmeEmailProblem,
  buildTraefikValues,
  loadBalancerSizeUnitsProblem,
} from "./platform-values";

/** Properties of a {@link TraefikIngress}. */
export interface TraefikIngressProps {
  /** Name of the DigitalOcean load balancer; other stacks look it up by this name. */
  readonly loadBalancerName: string;
  /** A host name that will resolve to the load balancer (see `buildTraefikValues`). */
  readonly hairpinHostname: string;
  /**
   * VPC of the cluster (`ExistingDoksCluster.vpcUuid`). Its IP range, read at plan time, is the only
   * source Traefik accepts PROXY protocol headers from: the DigitalOcean load balancer is placed in
   * the cluster's VPC and connects to the nodes over it.
   */
  readonly vpcUuid: string;
  /** ACME account e-mail for Let's Encrypt. */
  readonly acmeEmail: string;
  /** How Let's Encrypt verifies domains. @default "http01" */
  readonly challenge?: "http01" | "dns01";
  /** DigitalOcean DNS zones the DNS-01 solver may write to; required with `dns01`. @default [] */
  readonly dnsZones?: string[];
  /** DigitalOcean API token for DNS-01 (a sensitive reference); required with `dns01`. @default - none */
  readonly dnsToken?: string;
  /**
   * Checks on the DNS token, evaluated when Terraform plans to create or update its Secret (not on
   * destroy), e.g. that it is not empty.
   * @default []
   */
  readonly dnsTokenPreconditions?: Precondition[];
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
}

/**
 * The cluster-wide ingress platform: Traefik behind a DigitalOcean load balancer, cert-manager with
 * its CRDs, and Let's Encrypt production and staging ClusterIssuers. Install it once per cluster.
 * Providers: the stack needs DigitaloceanProvider, KubernetesProvider and HelmProvider.
 */
export class TraefikIngress extends Construct {
  /** IngressClass to put on Ingresses. */
  public readonly ingressClassName = INGRESS_CLASS;
  public readonly productionIssuer = LETSENCRYPT_PRODUCTION;
  public readonly stagingIssuer = LETSENCRYPT_STAGING;
  public readonly loadBalancerName: string;
  /** The cluster's VPC, whose IP range Traefik trusts for PROXY protocol. */
  public readonly vpc: DataDigitaloceanVpc;
  public readonly traefikRelease: Release;
  public readonly certManagerRelease: Release;
  public readonly issuersRelease: Release;

  constructor(scope: Construct, id: string, props: TraefikIngressProps) {
    super(scope, id);
    const challenge = props.challenge ?? "http01";
    const dnsZones = props.dnsZones ?? [];
    const sizeUnits = props.loadBalancerSizeUnits ?? 1;
    const highAvailability = props.highAvailability ?? true;
    checkProp(this, "loadBalancerSizeUnits", sizeUnits, loadBalancerSizeUnitsProblem(sizeUnits));
    if (props.serviceMonitor === true && props.metrics !== true) {
      throw new ValidationError(
        this,
        "serviceMonitor",
        "needs metrics: the ServiceMonitor selects the metrics Service; set metrics: true or serviceMonitor: false",
      );
    }
    if (challenge === "dns01" && (dnsZones.length === 0 || props.dnsToken === undefined)) {
      throw new ValidationError(
        this,
        "challenge",
        '"dns01" needs dnsZones and dnsToken (cert-manager writes TXT records there)',
      );
    }
    checkProp(this, "acmeEmail", props.acmeEmail, acmeEmailProblem(props.acmeEmail));
    if (props.vpcUuid.trim() === "") {
      throw new ValidationError(this, "vpcUuid", 'must be the cluster\'s VPC id (ExistingDoksCluster.vpcUuid), got ""');
    }
    this.loadBalancerName = props.loadBalancerName;
    const traefikNamespace = props.traefikNamespace ?? "traefik";

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
      metadata: { name: traefikNamespace },
    });
    this.traefikRelease = new Release(this, "Traefik", {
      ...TRAEFIK_CHART,
      name: "traefik",
      namespace: traefikNs.metadata.name,
      values: [
        toHelmValuesYaml(
          buildTraefikValues({
            loadBalancerName: props.loadBalancerName,
            loadBalancerSizeUnits: sizeUnits,
            hairpinHostname: props.hairpinHostname,
            highAvailability,
            namespace: traefikNamespace,
            trustedIPs: [this.vpc.ipRange],
            metrics: props.metrics ? { serviceMonitor: props.serviceMonitor ?? false } : undefined,
          }),
        ),
      ],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      // The DigitalOcean load balancer takes a few minutes to come up.
      timeout: 900,
      maxHistory: 5,
    });

    const certManagerNs = new NamespaceV1(this, "CertManagerNamespace", {
      metadata: { name: props.certManagerNamespace ?? "cert-manager" },
    });
    this.certManagerRelease = new Release(this, "CertManager", {
      ...CERT_MANAGER_CHART,
      name: "cert-manager",
      namespace: certManagerNs.metadata.name,
      values: [toHelmValuesYaml(buildCertManagerValues({ highAvailability, dns01: challenge === "dns01" }))],
      atomic: true,
      wait: true,
      cleanupOnFail: true,
      timeout: 600,
      maxHistory: 5,
    });

    const dependsOn: (Release | SecretV1)[] = [this.certManagerRelease];
    if (challenge === "dns01") {
      // ClusterIssuers read their Secrets from cert-manager's own namespace.
      dependsOn.push(
        new SecretV1(this, "DnsToken", {
          metadata: { name: DNS_TOKEN_SECRET.name, namespace: certManagerNs.metadata.name },
          data: { [DNS_TOKEN_SECRET.key]: props.dnsToken ?? "" },
          lifecycle: { precondition: props.dnsTokenPreconditions ?? [] },
        }),
      );
    }
    // A local chart, not kubernetes_manifest: the ClusterIssuer CRD does not exist at plan time on a
    // fresh cluster, and kubernetes_manifest needs it then.
    const chart = new TerraformAsset(this, "IssuerChart", {
      path: localChartPath("cluster-issuers"),
      type: AssetType.DIRECTORY,
    });
    this.issuersRelease = new Release(this, "ClusterIssuers", {
      name: "cluster-issuers",
      namespace: certManagerNs.metadata.name,
      chart: chart.path,
      values: [toHelmValuesYaml(buildClusterIssuerValues({ email: props.acmeEmail, challenge, dnsZones }))],
      atomic: true,
      wait: true,
      maxHistory: 5,
      dependsOn,
    });
  }
}
