import { Construct } from "constructs";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { toHelmValuesYaml } from "./helm-values";
import { localChartPath } from "./local-chart";

/** Properties of a {@link PostgresSchemaGrant}. */
export interface PostgresSchemaGrantProps {
  /** Namespace the Job and its Secret run in (must exist). */
  readonly namespace: string;
  /** Host name of the PostgreSQL server (the private one, reachable from the cluster). */
  readonly host: string;
  /** Port of the PostgreSQL server. */
  readonly port: number;
  /** Database whose `public` schema the user gets. */
  readonly databaseName: string;
  /** Application user that receives the privileges. */
  readonly grantee: string;
  /** Administrative user allowed to grant (DigitalOcean's `doadmin`). */
  readonly adminUser: string;
  /** Administrative password (a sensitive reference; it only reaches a Secret). */
  readonly adminPassword: string;
  /** Client image; anything with `psql`. @default "postgres:17-alpine" */
  readonly image?: string;
  /** Name of the Helm release, its Job and its Secret. @default "harbor-doks-db-grant" */
  readonly name?: string;
}

/**
 * Lets an application user create tables in a database it does not own. Since PostgreSQL 15 only
 * the owner may create in `public`, and DigitalOcean creates databases owned by `doadmin`, so
 * Harbor's first migration would fail with "permission denied for schema public". A one-shot Job
 * inside the cluster (the only place the database firewall admits) runs the grants as `doadmin`.
 * It ships as a tiny local chart whose Job is a post-install/upgrade hook: Helm waits for it, and
 * the grants are idempotent, so re-running it is harmless.
 */
export class PostgresSchemaGrant extends Construct {
  /** The release; depend on it before starting the application. */
  public readonly release: Release;

  constructor(scope: Construct, id: string, props: PostgresSchemaGrantProps) {
    super(scope, id);
    const name = props.name ?? "harbor-doks-db-grant";
    const secret = new SecretV1(this, "Connection", {
      metadata: { name, namespace: props.namespace },
      data: {
        PGHOST: props.host,
        PGPORT: Token.asString(props.port),
        PGDATABASE: props.databaseName,
        PGUSER: props.adminUser,
        PGPASSWORD: props.adminPassword,
        PGSSLMODE: "require",
      },
    });
    const chart = new TerraformAsset(this, "Chart", {
      path: localChartPath("postgres-grant"),
      type: AssetType.DIRECTORY,
    });
    this.release = new Release(this, "Resource", {
      name,
      namespace: props.namespace,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          connectionSecret: secret.metadata.name,
          database: props.databaseName,
          grantee: props.grantee,
          image: props.image ?? "postgres:17-alpine",
        }),
      ],
      wait: true,
      atomic: true,
      timeout: 600,
      maxHistory: 3,
    });
  }
}
