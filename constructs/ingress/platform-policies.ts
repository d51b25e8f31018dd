import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { toHelmValuesYaml } from "../core/helm-values";
import { LocalChart } from "../core/local-chart";
import { PlatformPoliciesValuesInput, buildPlatformPoliciesValues } from "./policy-values";

/** Properties of a {@link PlatformPolicies}. */
export interface PlatformPoliciesProps extends PlatformPoliciesValuesInput {
  /** Namespace of the Helm release (the policies themselves are cluster-scoped). */
  readonly releaseNamespace: string;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The ingress platform's ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1, served by every Kubernetes
 * DOKS supports), from the local chart platform-policies: no Service outside the platform's namespace may name its
 * load balancer, and, with a platform node pool, no pod outside the exempt namespaces may tolerate the pool's taint
 * or name its nodes. A Helm release rather than typed resources: the Kubernetes provider has no class for these
 * APIs, and the chart is rendered and its CEL evaluated in tests.
 * Later changes: new values upgrade the release in place. Destroy removes the policies before the Traefik release
 * whose load balancer they name (they depend on its ID).
 * Providers: the stack needs HelmProvider.
 */
export class PlatformPolicies extends Construct {
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: PlatformPoliciesProps) {
    super(scope, id);
    const chart = new LocalChart(this, "Chart", { name: "platform-policies" });
    this.release = new Release(this, "Release", {
      name: "platform-policies",
      namespace: props.releaseNamespace,
      chart: chart.path,
      values: [toHelmValuesYaml(buildPlatformPoliciesValues(props))],
      atomic: true,
      wait: true,
      maxHistory: 5,
      dependsOn: props.dependsOn,
    });
  }
}
