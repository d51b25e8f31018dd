import { Construct } from "constructs";
import { ITerraformDependable, Lazy } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { toHelmValuesYaml } from "../core/helm-values";
import { LocalChart } from "../core/local-chart";
import { ValidationError } from "../core/errors";
import { namespaceNameProblem } from "../core/naming";
import { checkProp } from "../core/validation";
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
 * Later changes: new values (such as a namespace exempted later, {@link PlatformPolicies.addExemptNamespaces}) upgrade
 * the release in place. Destroy removes the policies before the Traefik release whose load balancer they name (they
 * depend on its ID).
 * Providers: the stack needs HelmProvider.
 */
export class PlatformPolicies extends Construct {
  public readonly release: Release;
  private readonly loadBalancer: PlatformPoliciesProps["loadBalancer"];
  private readonly platformNodes: PlatformPoliciesProps["platformNodes"];
  /** Namespaces exempted since construction. */
  private readonly addedExemptions: string[] = [];
  /** Set once the values have gone into synthesized output. */
  private valuesRead = false;

  constructor(scope: Construct, id: string, props: PlatformPoliciesProps) {
    super(scope, id);
    this.loadBalancer = props.loadBalancer;
    this.platformNodes = props.platformNodes;
    const chart = new LocalChart(this, "Chart", { name: "platform-policies" });
    this.release = new Release(this, "Release", {
      name: "platform-policies",
      namespace: props.releaseNamespace,
      chart: chart.path,
      // At synth, with the namespaces exempted by then.
      values: [Lazy.stringValue({ produce: () => toHelmValuesYaml(buildPlatformPoliciesValues(this.values())) })],
      atomic: true,
      wait: true,
      maxHistory: 5,
      dependsOn: props.dependsOn,
    });
  }

  /**
   * Exempts `namespaces` too from the platform node pool policy (`platformNodes.exemptNamespaces`); one exempt already
   * changes nothing. Refused without `platformNodes`, and, for a namespace not exempt yet, once the app has
   * synthesized (it would be missing from the output).
   */
  public addExemptNamespaces(...namespaces: string[]): void {
    if (this.platformNodes === undefined) {
      throw new ValidationError(
        this,
        "platformNodes",
        "is not set, so no node pool policy exempts namespaces; set platformNodes or leave the namespaces out",
      );
    }
    for (const namespace of namespaces) {
      checkProp(this, "platformNodes.exemptNamespaces", namespace, namespaceNameProblem(namespace));
    }
    const exempt = [...this.platformNodes.exemptNamespaces, ...this.addedExemptions];
    const added = namespaces.filter((namespace) => !exempt.includes(namespace));
    if (added.length === 0) return;
    if (this.valuesRead) {
      throw new ValidationError(
        this,
        "platformNodes.exemptNamespaces",
        `cannot take ${JSON.stringify(added)} any more: the stack was already synthesized with this list; ` +
          "add them before app.synth()",
      );
    }
    this.addedExemptions.push(...new Set(added));
  }

  private values(): PlatformPoliciesValuesInput {
    this.valuesRead = true;
    const nodes = this.platformNodes;
    return {
      loadBalancer: this.loadBalancer,
      platformNodes: nodes && {
        ...nodes,
        exemptNamespaces: [...nodes.exemptNamespaces, ...this.addedExemptions],
      },
    };
  }
}
