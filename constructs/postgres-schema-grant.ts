import { Construct } from "constructs";
import { Token } from "cdktf";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";

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
  /** Name of the Job and its Secret. @default "harbor-doks-db-grant" */
  readonly name?: string;
}

/**
 * Lets an application user create tables in a database it does not own. Since PostgreSQL 15 only
 * the owner may create in `public`, and DigitalOcean creates databases owned by `doadmin`, so
 * Harbor's first migration would fail with "permission denied for schema public". A one-shot Job
 * inside the cluster (the only place the database firewall admits) runs the grants as `doadmin`;
 * they are idempotent, so re-running the Job is harmless.
 */
export class PostgresSchemaGrant extends Construct {
  /** The Job; depend on it before starting the application. */
  public readonly job: JobV1;

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
    // Identifiers are quoted; the grantee and database names come from our own constructs.
    const sql = [
      `GRANT CONNECT, TEMPORARY ON DATABASE "${props.databaseName}" TO "${props.grantee}";`,
      `GRANT USAGE, CREATE ON SCHEMA public TO "${props.grantee}";`,
    ].join(" ");
    this.job = new JobV1(this, "Resource", {
      metadata: { name, namespace: props.namespace },
      spec: {
        backoffLimit: 6,
        template: {
          metadata: { labels: { "app.kubernetes.io/name": name } },
          spec: {
            restartPolicy: "OnFailure",
            securityContext: { runAsNonRoot: true, runAsUser: "70", runAsGroup: "70" },
            container: [
              {
                name: "psql",
                image: props.image ?? "postgres:17-alpine",
                command: ["psql", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--command", sql],
                envFrom: [{ secretRef: { name: secret.metadata.name } }],
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ["ALL"] },
                },
                resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
              },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: "10m", update: "10m" },
    });
  }
}
