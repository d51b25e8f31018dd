import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataDigitaloceanKubernetesCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-kubernetes-cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";

/** Properties of an {@link ExistingDoksCluster}. */
export interface ExistingDoksClusterProps {
  /** Name of the DOKS cluster, as shown by `doctl kubernetes cluster list`. */
  readonly clusterName: string;
  /**
   * Configure the stack's `kubernetes` and `helm` providers from the cluster's endpoint, token and
   * CA. Turn it off when the stack already configures them.
   * @default true
   */
  readonly configureProviders?: boolean;
}

/**
 * An existing DigitalOcean Kubernetes cluster, looked up by name. The API token comes from the
 * data source on every plan, so it is never stored in the configuration (DOKS tokens expire).
 */
export class ExistingDoksCluster extends Construct {
  /** Cluster id (the value database firewalls use in `k8s` rules). */
  public readonly id: string;
  /** VPC the cluster's nodes live in. */
  public readonly vpcUuid: string;
  /** Region slug of the cluster. */
  public readonly region: string;
  /** HTTPS endpoint of the Kubernetes API. */
  public readonly endpoint: string;
  /** The configured `kubernetes` provider, when `configureProviders` is on. */
  public readonly kubernetesProvider?: KubernetesProvider;
  /** The configured `helm` provider, when `configureProviders` is on. */
  public readonly helmProvider?: HelmProvider;

  constructor(scope: Construct, id: string, props: ExistingDoksClusterProps) {
    super(scope, id);
    if (props.clusterName.trim() === "") {
      throw new Error(`ExistingDoksCluster ${id}: clusterName must name an existing DOKS cluster, got ""`);
    }
    const cluster = new DataDigitaloceanKubernetesCluster(this, "Resource", { name: props.clusterName });
    this.id = cluster.id;
    this.vpcUuid = cluster.vpcUuid;
    this.region = cluster.region;
    this.endpoint = cluster.endpoint;

    if (props.configureProviders ?? true) {
      const kubeConfig = cluster.kubeConfig.get(0);
      const connection = {
        host: cluster.endpoint,
        token: kubeConfig.token,
        clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      };
      this.kubernetesProvider = new KubernetesProvider(this, "Kubernetes", connection);
      this.helmProvider = new HelmProvider(this, "Helm", { kubernetes: connection });
    }
  }
}
