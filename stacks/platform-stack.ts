import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataDigitaloceanLoadbalancer } from "@cdktf/provider-digitalocean/lib/data-digitalocean-loadbalancer";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { BackendConfig } from "../config/resolve";
import { ExistingDoksCluster } from "../constructs/digitalocean/existing-doks-cluster";
import { TraefikIngress } from "../constructs/ingress/traefik-ingress";
import { DNS_TOKEN_VARIABLE, loadBalancerName } from "../config/names";

/** Properties of a {@link PlatformStack}. */
export interface PlatformStackProps {
  /** The existing DOKS cluster the platform is installed on. */
  readonly clusterName: string;
  readonly acmeEmail: string;
  readonly challenge: "http01" | "dns01";
  /** Every DNS zone the cluster's instances name (DNS-01 may write there). */
  readonly dnsZones: string[];
  readonly loadBalancerSizeUnits: number;
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

// The variable name lives with the app's other names: the config checks name it in hints.
export { DNS_TOKEN_VARIABLE };

/** Traefik, cert-manager and Let's Encrypt issuers, once per cluster. */
export class PlatformStack extends TerraformStack {
  public readonly ingress: TraefikIngress;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    new DigitaloceanProvider(this, "DigitalOcean", {});
    const cluster = new ExistingDoksCluster(this, "Cluster", { clusterName: props.clusterName });

    const dnsToken =
      props.challenge === "dns01"
        ? secretVariable(
            this,
            DNS_TOKEN_VARIABLE,
            `DigitalOcean API token that can edit DNS records of ${props.dnsZones.join(", ")}`,
          )
        : undefined;
    this.ingress = new TraefikIngress(this, "Ingress", {
      loadBalancerName: loadBalancerName(props.clusterName),
      hairpinHostname: props.hairpinHostname,
      vpcUuid: cluster.vpcUuid,
      acmeEmail: props.acmeEmail,
      challenge: props.challenge,
      dnsZones: props.dnsZones,
      dnsToken: dnsToken?.stringValue,
      dnsTokenPreconditions: dnsToken && [
        nonEmptyPrecondition(
          dnsToken,
          `a DigitalOcean token that can edit DNS records of ${props.dnsZones.join(", ")}`,
        ),
      ],
      loadBalancerSizeUnits: props.loadBalancerSizeUnits,
      highAvailability: props.highAvailability,
      metrics: props.metrics,
      serviceMonitor: props.serviceMonitor,
    });

    const loadBalancer = new DataDigitaloceanLoadbalancer(this, "LoadBalancer", {
      name: this.ingress.loadBalancerName,
      dependsOn: [this.ingress.traefikRelease],
    });
    new TerraformOutput(this, "load_balancer_ip", {
      value: loadBalancer.ip,
      description: "Point the registry host names here (A record) when no dnsZone manages them",
    });
  }
}
