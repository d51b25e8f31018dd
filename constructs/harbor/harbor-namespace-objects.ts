import { Construct } from "constructs";
import { ITerraformDependable, Precondition } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { toHelmValuesYaml } from "../core/helm-values";
import { LocalChart } from "../core/local-chart";
import { DNS_CREDENTIALS_SECRET } from "../ingress/acme";
import { HarborNamespaceValuesInput, buildHarborNamespaceValues } from "./namespace-values";
import type { ServersTransportSpec } from "./traefik-backend";

/** Properties of a {@link HarborNamespaceObjects}. */
export interface HarborNamespaceObjectsProps {
  /** The Harbor namespace (a reference to the namespace resource, so the release waits for it). */
  readonly namespace: string;
  /** What the chart renders. */
  readonly values: HarborNamespaceValuesInput;
  /**
   * The DNS-01 solver's credentials (sensitive references), keyed as `DNS_CREDENTIAL_KEYS` names them; they go into
   * a Secret beside the Issuers, never into the values.
   * @default - no Secret (HTTP-01, or no Issuers)
   */
  readonly dnsCredentials?: Readonly<Record<string, string>>;
  /** Checks on those credentials when the Secret is created or updated (not on destroy). @default [] */
  readonly dnsCredentialPreconditions?: Precondition[];
  /**
   * Traefik ServersTransports for Harbor's HTTPS backends (`Harbor.serversTransports`); Traefik's CRDs must already
   * be in the cluster (the platform's Traefik installs them).
   * @default []
   */
  readonly serversTransports?: readonly ServersTransportSpec[];
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The objects beside a Harbor release in its namespace, from the local chart harbor-namespace: ACME Issuers,
 * NetworkPolicies, Traefik's Role, the IngressRoute that blocks hidden paths and the ServersTransports through
 * which Traefik verifies Harbor's HTTPS backends. A Helm release, not
 * `kubernetes_manifest`: the Issuer and IngressRoute CRDs come with other releases of the same apply.
 * Later changes: new values upgrade the release in place; removing it (destroy) deletes these objects only.
 * Providers: the stack needs KubernetesProvider and HelmProvider.
 */
export class HarborNamespaceObjects extends Construct {
  public readonly release: Release;
  /** The Secret with the DNS-01 credentials, when there are any. */
  public readonly dnsCredentials?: SecretV1;

  constructor(scope: Construct, id: string, props: HarborNamespaceObjectsProps) {
    super(scope, id);
    const dependsOn: ITerraformDependable[] = [...(props.dependsOn ?? [])];
    if (props.dnsCredentials !== undefined) {
      this.dnsCredentials = new SecretV1(this, "DnsCredentials", {
        metadata: { name: DNS_CREDENTIALS_SECRET, namespace: props.namespace },
        data: { ...props.dnsCredentials },
        lifecycle: { precondition: props.dnsCredentialPreconditions ?? [] },
      });
      dependsOn.push(this.dnsCredentials);
    }
    const chart = new LocalChart(this, "Chart", { name: "harbor-namespace" });
    this.release = new Release(this, "Release", {
      name: "harbor-namespace",
      namespace: props.namespace,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          ...buildHarborNamespaceValues(props.values),
          serversTransport: { transports: (props.serversTransports ?? []).map((t) => ({ ...t })) },
        }),
      ],
      atomic: true,
      wait: true,
      maxHistory: 5,
      dependsOn,
    });
  }
}
