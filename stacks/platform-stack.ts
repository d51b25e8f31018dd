import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { TerraformOutput } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { BackendConfig } from "../config/resolve";
import { IngressPlatform, IngressPlatformProps } from "../constructs/compose/ingress-platform";
import { VersionedStack } from "./required-version";

/**
 * Properties of a {@link PlatformStack}. No `servedNamespaces`: every instance of the config is given the platform,
 * and its HarborOnDoks serves its own namespace.
 */
export interface PlatformStackProps
  extends Omit<IngressPlatformProps, "cluster" | "loadBalancerName" | "servedNamespaces"> {
  /** The existing DOKS cluster the platform is installed on. */
  readonly clusterName: string;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/** Traefik and cert-manager, once per cluster (the Let's Encrypt Issuers are in each Harbor namespace). */
export class PlatformStack extends VersionedStack {
  public readonly platform: IngressPlatform;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureBackend(this, id, props.backend);
    new DigitaloceanProvider(this, "DigitalOcean", {});
    // "Default": cdktf leaves this id out of logical ids, so the resources keep the addresses of earlier releases.
    this.platform = new IngressPlatform(this, "Default", {
      clusterName: props.clusterName,
      hairpinHostname: props.hairpinHostname,
      dns01: props.dns01,
      loadBalancerSizeUnits: props.loadBalancerSizeUnits,
      readTimeoutSeconds: props.readTimeoutSeconds,
      nodePool: props.nodePool,
      tenantNodePolicy: props.tenantNodePolicy,
      highAvailability: props.highAvailability,
      metrics: props.metrics,
      serviceMonitor: props.serviceMonitor,
      monitoringNamespace: props.monitoringNamespace,
    });
    new TerraformOutput(this, "load_balancer_ip", {
      value: this.platform.loadBalancerIp,
      description: "Point the registry host names here (A record) when no dnsZone manages them",
    });
  }

  /** Traefik and cert-manager. */
  public get ingress() {
    return this.platform.ingress;
  }
}
