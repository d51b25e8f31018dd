import { Construct } from "constructs";
import { AssetType, ITerraformDependable, TerraformAsset } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { toHelmValuesYaml } from "../core/helm-values";
import { localChartPath } from "../core/local-chart";
import { namespaceNameProblem } from "../core/naming";
import { checkProp } from "../core/validation";
import type { ServersTransportSpec } from "./traefik-backend";

/** Properties of a {@link HarborNamespaceObjects}. */
export interface HarborNamespaceObjectsProps {
  /** Harbor's namespace, which must exist (it is not created here). */
  readonly namespace: string;
  /** Helm release name. @default "harbor-doks-namespace" */
  readonly name?: string;
  /**
   * Traefik ServersTransports for Harbor's HTTPS backends ({@link Harbor.serversTransports}); Traefik's CRDs must
   * already be in the cluster (the platform's Traefik installs them).
   * @default []
   */
  readonly serversTransports?: ServersTransportSpec[];
  /** Resources the objects need first, e.g. the CA Secret the ServersTransports read. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Objects of custom resource types beside a Harbor release, in its namespace, through the local chart
 * `charts/harbor-namespace` (a chart rather than `kubernetes_manifest`, which needs the CRDs at plan time). Each kind
 * of object has its own values key and template file.
 *
 * Lifecycle: a changed object (new CA Secret name, new server name) is an in-place upgrade of the release; removing
 * the release (e.g. the instance moves to `controller: existing`) deletes the objects, after which Traefik would fall
 * back to its default transport, which does not trust the internal CA: the Services' annotations go at the same time.
 *
 * Providers: the stack needs HelmProvider.
 */
export class HarborNamespaceObjects extends Construct {
  public readonly release: Release;
  /** The values, exactly as synthesized. */
  public readonly valuesYaml: string;

  constructor(scope: Construct, id: string, props: HarborNamespaceObjectsProps) {
    super(scope, id);
    const name = props.name ?? "harbor-doks-namespace";
    checkProp(this, "namespace", props.namespace, namespaceNameProblem(props.namespace));
    checkProp(
      this,
      "name",
      name,
      /^[a-z0-9](?:[a-z0-9-]{0,51}[a-z0-9])?$/.test(name)
        ? undefined
        : "must be at most 53 lowercase letters, digits and hyphens (a Helm release name)",
    );
    const chart = new TerraformAsset(this, "Chart", {
      path: localChartPath("harbor-namespace"),
      type: AssetType.DIRECTORY,
    });
    this.valuesYaml = toHelmValuesYaml({
      serversTransport: { transports: (props.serversTransports ?? []).map((t) => ({ ...t })) },
    });
    this.release = new Release(this, "Release", {
      name,
      namespace: props.namespace,
      chart: chart.path,
      values: [this.valuesYaml],
      atomic: true,
      wait: true,
      maxHistory: 3,
      dependsOn: props.dependsOn,
    });
  }
}
