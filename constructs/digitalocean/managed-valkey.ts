import { Construct } from "constructs";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { TrustedSource, firewallRules, validateDatabaseProps } from "./database-common";
import { DEFAULT_DATABASE_VERSIONS } from "./database-sizes";

/** Properties of a {@link ManagedValkey}. */
export interface ManagedValkeyProps {
  /**
   * Name of the database cluster in DigitalOcean (unique in the account): 3-63 lowercase letters, digits and
   * hyphens, starting with a letter. A Terraform reference is not checked here.
   */
  readonly name: string;
  /** Region slug with managed Valkey, e.g. `fra1` (`DATABASE_REGIONS.valkey`). A Terraform reference is not checked here. */
  readonly region: string;
  /** VPC the cluster joins; pass the Kubernetes cluster's so traffic stays private. */
  readonly vpcUuid: string;
  /** Ids of the DOKS clusters the firewall admits. */
  readonly allowedClusterIds: string[];
  /** Extra sources the firewall admits. @default [] */
  readonly trustedSources?: TrustedSource[];
  /** Valkey major version DigitalOcean offers for new clusters (8). @default "8" */
  readonly version?: string;
  /** A Valkey size slug DigitalOcean offers (`DATABASE_SIZES.valkey`). @default "db-s-1vcpu-2gb" */
  readonly size?: string;
  /**
   * Nodes: one primary plus at most one standby (1-2; DigitalOcean's limit for Valkey); a standby needs a size with
   * at least 2 GiB.
   * @default 2
   */
  readonly nodeCount?: number;
  /**
   * What Valkey does when memory is full. Harbor keeps its job queue in Valkey, so evicting keys
   * would silently lose jobs. @default "noeviction"
   */
  readonly evictionPolicy?: string;
  /** Tags on the cluster. @default [] */
  readonly tags?: string[];
  /** Refuse to destroy the cluster (`lifecycle.prevent_destroy`). @default true */
  readonly protect?: boolean;
}

/**
 * A managed Valkey cluster (TLS only) reachable only from the given Kubernetes clusters.
 * Providers: the stack needs DigitaloceanProvider.
 */
export class ManagedValkey extends Construct {
  /** Cluster id. */
  public readonly clusterId: string;
  /** Host name inside the VPC. */
  public readonly privateHost: string;
  /** TLS port. */
  public readonly port: number;
  /** Password of the default user (a Terraform reference, never a literal). */
  public readonly password: string;

  constructor(scope: Construct, id: string, props: ManagedValkeyProps) {
    super(scope, id);
    const size = props.size ?? "db-s-1vcpu-2gb";
    const nodeCount = props.nodeCount ?? 2;
    const version = props.version ?? DEFAULT_DATABASE_VERSIONS.valkey;
    validateDatabaseProps(this, "valkey", { ...props, version, size, nodeCount });

    const cluster = new DatabaseCluster(this, "Resource", {
      name: props.name,
      engine: "valkey",
      version,
      size,
      nodeCount,
      region: props.region,
      privateNetworkUuid: props.vpcUuid,
      evictionPolicy: props.evictionPolicy ?? "noeviction",
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    new DatabaseFirewall(this, "Firewall", {
      clusterId: cluster.id,
      rule: firewallRules(props.allowedClusterIds, props.trustedSources),
    });

    this.clusterId = cluster.id;
    this.privateHost = cluster.privateHost;
    this.port = cluster.port;
    this.password = cluster.password;
  }
}
