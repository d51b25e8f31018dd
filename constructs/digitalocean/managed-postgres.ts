import { Construct } from "constructs";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DataDigitaloceanDatabaseCa } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-ca";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { DatabaseUser } from "@cdktf/provider-digitalocean/lib/database-user";
import { TrustedSource, firewallRules, validateDatabaseProps } from "./database-common";
import { DEFAULT_DATABASE_VERSIONS } from "./database-sizes";
import { MANAGED_POSTGRES_DATABASE, MANAGED_POSTGRES_USER } from "./naming";

/** Properties of a {@link ManagedPostgres}. */
export interface ManagedPostgresProps {
  /**
   * Name of the database cluster in DigitalOcean (unique in the account): 3-63 lowercase letters, digits and
   * hyphens, starting with a letter. A Terraform reference is not checked here.
   */
  readonly name: string;
  /** Region slug with managed PostgreSQL, e.g. `fra1` (`DATABASE_REGIONS.pg`). A Terraform reference is not checked here. */
  readonly region: string;
  /** VPC the cluster joins; pass the Kubernetes cluster's so traffic stays private. */
  readonly vpcUuid: string;
  /** Ids of the DOKS clusters the firewall admits. */
  readonly allowedClusterIds: string[];
  /** Extra sources the firewall admits (an admin's IP, a droplet...). @default [] */
  readonly trustedSources?: TrustedSource[];
  /** PostgreSQL major version DigitalOcean offers for new clusters (15, 16, 17). @default "17" */
  readonly version?: string;
  /** A PostgreSQL size slug DigitalOcean offers (`DATABASE_SIZES.pg`). @default "db-s-1vcpu-2gb" */
  readonly size?: string;
  /**
   * Nodes: one primary plus standbys that take over on failure (1-3); standbys need a size with at least 2 GiB.
   * @default 2
   */
  readonly nodeCount?: number;
  /** Database created for the application. @default "registry" */
  readonly databaseName?: string;
  /** Dedicated login for the application (never `doadmin`). @default "harbor" */
  readonly userName?: string;
  /** Tags on the cluster. @default [] */
  readonly tags?: string[];
  /** Refuse to destroy the cluster and the database (`lifecycle.prevent_destroy`). @default true */
  readonly protect?: boolean;
}

/**
 * A managed PostgreSQL cluster with one database and one user, reachable only from the given clusters.
 * Providers: the stack needs DigitaloceanProvider.
 */
export class ManagedPostgres extends Construct {
  /** Cluster id. */
  public readonly clusterId: string;
  /** Host name inside the VPC. */
  public readonly privateHost: string;
  /** TLS port. */
  public readonly port: number;
  /** Application database name. */
  public readonly databaseName: string;
  /** The application database resource (for `dependsOn` / `replaceTriggeredBy`). */
  public readonly database: DatabaseDb;
  /**
   * Identity of the cluster and database (`<cluster urn>/<database name>`): changes when the cluster is
   * replaced. Not secret.
   */
  public readonly databaseIdentity: string;
  /** The firewall that admits the clusters; anything connecting from them should wait for it. */
  public readonly firewall: DatabaseFirewall;
  /** Application user name. */
  public readonly user: string;
  /** Application user's password (a Terraform reference, never a literal). */
  public readonly password: string;
  /** Node size slug (decides the connection limit). */
  public readonly size: string;
  /** Administrative user (`doadmin`); for one-off admin tasks only. */
  public readonly adminUser: string;
  /** Administrative password (sensitive reference); for one-off admin tasks only. */
  public readonly adminPassword: string;
  /**
   * The cluster's CA certificate (PEM; public), which signs the server's certificate: clients verify the server
   * against it (`digitalocean_database_ca`, provider v2.71.0 `certificate`).
   */
  public readonly caCertificate: string;

  constructor(scope: Construct, id: string, props: ManagedPostgresProps) {
    super(scope, id);
    const size = props.size ?? "db-s-1vcpu-2gb";
    const nodeCount = props.nodeCount ?? 2;
    const version = props.version ?? DEFAULT_DATABASE_VERSIONS.pg;
    validateDatabaseProps(this, "pg", { ...props, version, size, nodeCount });

    const cluster = new DatabaseCluster(this, "Resource", {
      name: props.name,
      engine: "pg",
      version,
      size,
      nodeCount,
      region: props.region,
      privateNetworkUuid: props.vpcUuid,
      tags: props.tags,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    const user = new DatabaseUser(this, "User", {
      clusterId: cluster.id,
      name: props.userName ?? MANAGED_POSTGRES_USER,
      // The provider reads back an empty `settings` block it was never given and plans to remove it
      // on every run (digitalocean/terraform-provider-digitalocean#1610); we never set it.
      lifecycle: { ignoreChanges: ["settings"] },
    });
    // Destroying the database drops its data even when the cluster survives: protect it too.
    // It depends on the user so that `destroy` drops the database (and the tables the user owns)
    // BEFORE the user: PostgreSQL refuses to drop a role that still owns objects.
    const database = new DatabaseDb(this, "Database", {
      clusterId: cluster.id,
      name: props.databaseName ?? MANAGED_POSTGRES_DATABASE,
      dependsOn: [user],
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    this.firewall = new DatabaseFirewall(this, "Firewall", {
      clusterId: cluster.id,
      rule: firewallRules(props.allowedClusterIds, props.trustedSources),
    });

    this.clusterId = cluster.id;
    this.privateHost = cluster.privateHost;
    this.port = cluster.port;
    this.database = database;
    this.databaseName = database.name;
    // The urn changes when the cluster is replaced; a replaced database keeps its id
    // (`<cluster>/database/<name>`), so consumers that must react to it also watch `database`.
    this.databaseIdentity = `${cluster.urn}/${database.name}`;
    this.user = user.name;
    this.password = user.password;
    this.size = size;
    this.adminUser = cluster.user;
    this.adminPassword = cluster.password;
    this.caCertificate = new DataDigitaloceanDatabaseCa(this, "Ca", { clusterId: cluster.id }).certificate;
  }
}
