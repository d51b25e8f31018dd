import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { BackendConfig } from "../config/resolve";
import { ExistingDoksCluster } from "../constructs/digitalocean/existing-doks-cluster";
import { TraefikIngress } from "../constructs/ingress/traefik-ingress";
import { platformLoadBalancerName } from "../constructs/ingress/policy-values";

/** Properties of a {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The existing DOKS cluster the platform is installed on. */
  readonly clusterName: string;
  /** Some instance of the cluster uses DNS-01 (cert-manager then checks propagation with public resolvers). */
  readonly dns01: boolean;
  /** Namespaces of the cluster's instances that this platform serves; Traefik watches only these and its own. */
  readonly servedNamespaces: readonly string[];
  /** The namespace allowed to scrape Traefik's metrics. @default "monitoring" */
  readonly monitoringNamespace?: string;
  readonly loadBalancerSizeUnits: number;
  /** See `TraefikIngressProps.readTimeoutSeconds`. @default 3600 */
  readonly readTimeoutSeconds?: number;
  /** See `TraefikIngressProps.nodePool`. @default - none */
  readonly nodePool?: string;
  /** See `TraefikIngressProps.tenantNodePolicy`. @default false */
  readonly tenantNodePolicy?: boolean;
  /** A host name of one of the cluster's instances (see `TraefikIngress`). */
  readonly hairpinHostname: string;
  readonly highAvailability: boolean;
  /** Publish Traefik's metrics (a ClusterIP Service). @default false */
  readonly metrics?: boolean;
  /** A ServiceMonitor for them (needs the Prometheus Operator's CRDs). @default false */
  readonly serviceMonitor?: boolean;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/** Traefik and cert-manager, once per cluster (the Let's Encrypt Issuers are in each Harbor namespace). */
export class PlatformStack extends TerraformStack {
  public readonly ingress: TraefikIngress;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    new DigitaloceanProvider(this, "DigitalOcean", {});
    const cluster = new ExistingDoksCluster(this, "Cluster", { clusterName: props.clusterName });

    this.ingress = new TraefikIngress(this, "Ingress", {
      loadBalancerName: platformLoadBalancerName(cluster.id),
      hairpinHostname: props.hairpinHostname,
      vpcUuid: cluster.vpcUuid,
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

    new TerraformOutput(this, "load_balancer_ip", {
      value: this.ingress.loadBalancer.ip,
      description: "Point the registry host names here (A record) when no dnsZone manages them",
    });
  }
}
