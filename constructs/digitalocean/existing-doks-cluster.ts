import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataDigitaloceanKubernetesCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-kubernetes-cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { checkProp } from "../core/validation";
import { doksClusterNameProblem } from "./naming";
import { regionSlugProblem } from "./regions";
import { messageValue } from "./existing-database-checks";

/** Properties of an {@link ExistingDoksCluster}. */
export interface ExistingDoksClusterProps {
  /**
   * Name of the DOKS cluster, as shown by `doctl kubernetes cluster list`: a DNS label. A Terraform reference is not
   * checked here.
   */
  readonly clusterName: string;
  /**
   * Region slug the cluster must be in, e.g. `fra1`. Checked at plan time by a `postcondition` on the lookup,
   * so a cluster in another region fails the plan before anything is created (databases must be in the
   * cluster's region to join its VPC; without the check they fail mid-apply, after the bucket and key exist).
   * @default - no check
   */
  readonly region?: string;
  /**
   * Configure the stack's `kubernetes` and `helm` providers from the cluster's endpoint, token and
   * CA. Turn it off when the stack already configures them.
   * @default true
   */
  readonly configureProviders?: boolean;
  /**
   * With `configureProviders`, also configure `helm` (stacks that only write Kubernetes objects need no helm
   * provider, and Terraform then downloads none).
   * @default true
   */
  readonly configureHelm?: boolean;
}

/**
 * An existing DigitalOcean Kubernetes cluster, looked up by name. The API token comes from the
 * data source on every plan, so it is never stored in the configuration (DOKS tokens expire).
 * Providers: the stack needs DigitaloceanProvider; it adds KubernetesProvider and HelmProvider itself.
 */
export class ExistingDoksCluster extends Construct {
  /** Name of the cluster (the `clusterName` prop). */
  public readonly clusterName: string;
  /** Cluster id (the value database firewalls use in `k8s` rules). */
  public readonly clusterId: string;
  /** VPC the cluster's nodes live in. */
  public readonly vpcUuid: string;
  /** Region slug of the cluster. */
  public readonly clusterRegion: string;
  /** HTTPS endpoint of the Kubernetes API. */
  public readonly clusterEndpoint: string;
  /** The configured `kubernetes` provider, when `configureProviders` is on. */
  public readonly kubernetesProvider?: KubernetesProvider;
  /** The configured `helm` provider, when `configureProviders` is on. */
  public readonly helmProvider?: HelmProvider;

  constructor(scope: Construct, id: string, props: ExistingDoksClusterProps) {
    super(scope, id);
    checkProp(this, "clusterName", props.clusterName, doksClusterNameProblem(props.clusterName));
    if (props.region !== undefined) checkProp(this, "region", props.region, regionSlugProblem(props.region));
    const cluster = new DataDigitaloceanKubernetesCluster(this, "Resource", {
      name: props.clusterName,
      lifecycle:
        props.region === undefined
          ? undefined
          : { postcondition: [regionPostcondition(props.clusterName, props.region)] },
    });
    this.clusterName = props.clusterName;
    this.clusterId = cluster.id;
    this.vpcUuid = cluster.vpcUuid;
    this.clusterRegion = cluster.region;
    this.clusterEndpoint = cluster.endpoint;

    if (props.configureProviders ?? true) {
      const kubeConfig = cluster.kubeConfig.get(0);
      const connection = {
        host: cluster.endpoint,
        token: kubeConfig.token,
        clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      };
      this.kubernetesProvider = new KubernetesProvider(this, "Kubernetes", connection);
      if (props.configureHelm ?? true) this.helmProvider = new HelmProvider(this, "Helm", { kubernetes: connection });
    }
  }

  /** @deprecated Use {@link ExistingDoksCluster.clusterId}; removed in the next release. */
  public get id(): string {
    return this.clusterId;
  }

  /** @deprecated Use {@link ExistingDoksCluster.clusterRegion}; removed in the next release. */
  public get region(): string {
    return this.clusterRegion;
  }

  /** @deprecated Use {@link ExistingDoksCluster.clusterEndpoint}; removed in the next release. */
  public get endpoint(): string {
    return this.clusterEndpoint;
  }
}

/**
 * The plan-time check that a looked-up cluster is in `region`. `self.region` in the message is filled in by
 * Terraform, so the error shows both regions; through {@link messageValue}, as Terraform renders the message of a
 * check that holds too.
 */
export function regionPostcondition(clusterName: string, region: string): { condition: string; errorMessage: string } {
  return {
    condition: `\${self.region == ${JSON.stringify(region)}}`,
    errorMessage:
      `DOKS cluster "${escapeTemplate(clusterName)}" is in region ${messageValue("self.region")}, but this stack is configured for region "${region}". ` +
      `The databases and the bucket must be in the cluster's region: set the instance's region to ${messageValue("self.region")}, ` +
      `or set cluster to a cluster in ${region} (doctl kubernetes cluster list).`,
  };
}

/** A literal for a Terraform string template: `${` and `%{` would otherwise start an interpolation or directive. */
function escapeTemplate(text: string): string {
  // Replacer functions: in a replacement string "$$" would itself collapse to "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
