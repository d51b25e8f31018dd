import { Construct } from "constructs";
import { DataDigitaloceanDatabaseCa } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-ca";
import { DataDigitaloceanDatabaseCluster } from "@cdktf/provider-digitalocean/lib/data-digitalocean-database-cluster";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseUser } from "@cdktf/provider-digitalocean/lib/database-user";
import { databaseClusterNameProblem } from "./naming";
import { regionProblem } from "./regions";
import { checkProp, wholeNumberProblem } from "../core/validation";
import { databaseIdentifierProblem, existingClusterChecks } from "./existing-database-checks";

/** Properties of an {@link ExistingPostgres}. */
export interface ExistingPostgresProps {
  /** Name of the existing managed PostgreSQL cluster (`doctl databases list`); a name not found fails the plan. */
  readonly clusterName: string;
  /** Region slug the cluster must be in, checked at plan time (the DOKS cluster's, e.g. `fra1`). */
  readonly region: string;
  /**
   * VPC the cluster must be in, checked at plan time: pass the DOKS cluster's (`ExistingDoksCluster.vpcUuid`), whose
   * pods reach the cluster's private host. @default - no check
   */
  readonly vpcUuid?: string;
  /** Database created for this application; unique in the cluster (two applications may share a cluster). */
  readonly databaseName: string;
  /** Login created for this application (never `doadmin`); unique in the cluster. */
  readonly userName: string;
  /** Refuse to destroy the database (`lifecycle.prevent_destroy`). @default true */
  readonly protect?: boolean;
  /**
   * Database client pods of other Harbor instances that share this cluster, counted with their surge pods
   * (`connectionBudgetPods`); Harbor's connection budget divides the cluster's connections among them and its own.
   * Other applications on the cluster are not counted: leave them connections by sizing the cluster.
   * @default 0
   */
  readonly otherClientPods?: number;
}

/**
 * A managed PostgreSQL cluster this stack does not own, looked up by name, with one database and one user created in
 * it. Satisfies `HarborDatabase`. The lookup fails the plan when the cluster does not exist, is not PostgreSQL, or is
 * in another region or VPC. No `digitalocean_database_firewall` is created: that resource replaces every trusted
 * source of the cluster, and the cluster's other users would lose access. The provider exposes no data source for
 * the firewall (v2.71.0), so whether it admits the DOKS cluster cannot be checked at plan time: the owner adds the
 * DOKS cluster as a trusted source (or leaves the cluster without trusted sources). Destroying the stack drops the
 * database and the user, nothing else.
 *
 * State contract: give this construct the id a `ManagedPostgres` had in the same stack (e.g. `Postgres`). The
 * database and user then keep their addresses, so switching between the two is a replacement of the database, which
 * `prevent_destroy` (protect) refuses at plan time. Under another id the old database's block would vanish from the
 * configuration, and `prevent_destroy` protects only blocks that are still there.
 *
 * Providers: the stack needs DigitaloceanProvider.
 */
export class ExistingPostgres extends Construct {
  /** Cluster id. */
  public readonly clusterId: string;
  /** Host name inside the VPC. */
  public readonly privateHost: string;
  /** TLS port. */
  public readonly port: number;
  /** Application database name. */
  public readonly databaseName: string;
  /** The application database resource. */
  public readonly database: DatabaseDb;
  /** `<cluster urn>/<database name>`; not secret. */
  public readonly databaseIdentity: string;
  /** Application user name. */
  public readonly user: string;
  /** Application user's password (a Terraform reference). */
  public readonly password: string;
  /** The cluster's node size slug, read at plan time (a token): Harbor's connection budget is computed from it then. */
  public readonly size: string;
  /** The cluster's administrative user, for the schema grant only. */
  public readonly adminUser: string;
  /** Administrative password (sensitive reference). */
  public readonly adminPassword: string;
  /** Pods of other Harbor instances on the cluster (see the prop). */
  public readonly otherClientPods: number;
  /**
   * The cluster's CA certificate (PEM; public), which signs the server's certificate: clients verify the server
   * against it (`digitalocean_database_ca`, provider v2.71.0 `certificate`).
   */
  public readonly caCertificate: string;

  constructor(scope: Construct, id: string, props: ExistingPostgresProps) {
    super(scope, id);
    validate(this, props);
    const protect = props.protect ?? true;

    const cluster = new DataDigitaloceanDatabaseCluster(this, "Cluster", {
      name: props.clusterName,
      lifecycle: {
        postcondition: existingClusterChecks({
          engine: "pg",
          clusterName: props.clusterName,
          region: props.region,
          vpcUuid: props.vpcUuid,
        }),
      },
    });
    // Ids and ordering as in ManagedPostgres (same addresses, see the class doc): the database depends on the user so
    // that destroy drops the database (and the tables the user owns) before the user.
    const user = new DatabaseUser(this, "User", {
      clusterId: cluster.id,
      name: props.userName,
      // digitalocean/terraform-provider-digitalocean#1610, as in ManagedPostgres.
      lifecycle: { ignoreChanges: ["settings"] },
    });
    const database = new DatabaseDb(this, "Database", {
      clusterId: cluster.id,
      name: props.databaseName,
      dependsOn: [user],
      lifecycle: { preventDestroy: protect },
    });

    this.clusterId = cluster.id;
    this.privateHost = cluster.privateHost;
    this.port = cluster.port;
    this.database = database;
    this.databaseName = database.name;
    this.databaseIdentity = `${cluster.urn}/${database.name}`;
    this.user = user.name;
    this.password = user.password;
    this.size = cluster.size;
    this.adminUser = cluster.user;
    this.adminPassword = cluster.password;
    this.otherClientPods = props.otherClientPods ?? 0;
    this.caCertificate = new DataDigitaloceanDatabaseCa(this, "Ca", { clusterId: cluster.id }).certificate;
  }
}

function validate(scope: Construct, props: ExistingPostgresProps): void {
  checkProp(scope, "clusterName", props.clusterName, databaseClusterNameProblem(props.clusterName));
  checkProp(scope, "region", props.region, regionProblem("pg", props.region));
  checkProp(scope, "databaseName", props.databaseName, databaseIdentifierProblem(props.databaseName));
  checkProp(scope, "userName", props.userName, databaseIdentifierProblem(props.userName));
  const pods = props.otherClientPods ?? 0;
  checkProp(scope, "otherClientPods", pods, wholeNumberProblem(pods, 0));
}
