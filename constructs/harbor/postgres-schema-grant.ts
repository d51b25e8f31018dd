import { Construct } from "constructs";
import { ITerraformDependable, TerraformResource, Token } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { RESTRICTED_POD_SECURITY_LABELS } from "../core/pod-security";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { toHelmValuesYaml } from "../core/helm-values";
import { platformNodePlacement } from "../ingress/policy-values";
import { base64Encode } from "../core/encode";
import { DEFAULT_DATABASE_SSL_MODE, DatabaseSslMode, databaseSslModeProblem } from "./database-tls";
import { LocalChart } from "../core/local-chart";
import { resourceAddress } from "../core/terraform-data";
import { digestPinnedImageProblem, namespaceNameProblem, nodePoolNameProblem } from "../core/naming";
import { checkProp, wholeNumberProblem } from "../core/validation";

/**
 * psql client of the grant Job: `postgres:17.11-alpine`, pinned by the digest of its multi-platform image index, as
 * recorded by the Docker official-images tooling in docker-library/repo-info, repos/postgres/remote/17.11-alpine.md
 * (commit 14ad5cc17dd0e9a01079feefc7a59c24536f5291). Pinned so that a re-run of the Job runs the client that was
 * reviewed, not whatever the floating tag points at that day. Its `postgres` user is uid/gid 70, which the Job runs as.
 */
export const POSTGRES_GRANT_IMAGE =
  "postgres:17.11-alpine@sha256:b0f9560a2de083e2cc7382e75f808c7381a32852a7ec49117deedb300e552b24";

/** Seconds Helm keeps waiting after the Job's own deadline, to see the Job fail and report why. */
const DEADLINE_MARGIN_SECONDS = 60;
/** Smallest release timeout: leaves the Job {@link DEADLINE_MARGIN_SECONDS} of its own at least. */
const MIN_TIMEOUT_SECONDS = 2 * DEADLINE_MARGIN_SECONDS;
/** Seconds libpq waits for each connection attempt (PGCONNECT_TIMEOUT); the Job retries failed attempts. */
const CONNECT_TIMEOUT_SECONDS = 10;

/** Helm release names are at most 53 characters; the Job and Secret reuse the name. */
const RELEASE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,51}[a-z0-9])?$/;

/** Properties of a {@link PostgresSchemaGrant}. */
export interface PostgresSchemaGrantProps {
  /** Host name of the PostgreSQL server (the private one, reachable from the cluster). */
  readonly host: string;
  /** Port of the PostgreSQL server. */
  readonly port: number;
  /** Database whose `public` schema the user gets. */
  readonly databaseName: string;
  /** Application user that receives the privileges. */
  readonly grantee: string;
  /** Administrative user allowed to grant (DigitalOcean's `doadmin`, owner of the databases it creates). */
  readonly adminUser: string;
  /** Administrative password (a sensitive reference; it only ever reaches a Secret, never the Helm values). */
  readonly adminPassword: string;
  /**
   * Identity of the database, e.g. `${cluster.urn}/${db.id}`. It goes into the release's values, so when the cluster
   * or the database is replaced (same names, new and empty database) the release changes and Helm runs the grant
   * again. Not secret: it is visible in the values.
   */
  readonly databaseIdentity: string;
  /**
   * Namespace CREATED by this construct for the Job, its Secret and the release, holding nothing else: the `doadmin`
   * password must not live where the application's Secrets live (whoever reads Secrets there would own every
   * database of the cluster).
   */
  readonly namespace: string;
  /**
   * A DOKS node pool reserved for the platform and Harbor (`TraefikIngressProps.nodePool`): the Job's pods get its node
   * selector and toleration.
   * @default - none
   */
  readonly nodePool?: string;
  /** Name of the Helm release, its Job and its Secret. @default "harbor-doks-db-grant" */
  readonly name?: string;
  /** Image with `psql` (client major 15 or newer), pinned by sha256 digest. @default POSTGRES_GRANT_IMAGE */
  readonly image?: string;
  /**
   * Seconds Helm waits for the Job; the Job's `activeDeadlineSeconds` is 60 less (see {@link grantJobDeadlineSeconds}).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /** Resources the Job must wait for, e.g. the database firewall that admits the cluster. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Resources whose replacement re-installs the release, and so runs the grant again (`replace_triggered_by`), e.g.
   * the `digitalocean_database_db`: its id is `<cluster id>/<name>`, so a database dropped and created again under
   * the same name (`terraform apply -replace=...`) leaves {@link databaseIdentity} unchanged.
   * @default []
   */
  readonly replaceTriggeredBy?: TerraformResource[];
  /**
   * The server's CA certificate (PEM; public), e.g. `digitalocean_database_ca`'s `certificate`. With it psql verifies
   * the server with {@link sslMode}; the chart puts it in a ConfigMap, and a new CA re-runs the Job.
   * @default - `sslmode=require`: encrypted, but any server is trusted
   */
  readonly caCertificate?: string;
  /** `verify-ca` or `verify-full`; read only with {@link caCertificate}. @default "verify-ca" */
  readonly sslMode?: DatabaseSslMode;
}

/**
 * The grant Job's `activeDeadlineSeconds` for a release timeout: a minute less, so that the Job itself fails
 * (DeadlineExceeded, its pods and logs kept) while Helm is still waiting and can report the hook's failure, instead of
 * Helm giving up first with a bare "timed out waiting for the condition".
 */
export function grantJobDeadlineSeconds(timeoutSeconds: number): number {
  return timeoutSeconds - DEADLINE_MARGIN_SECONDS;
}

/**
 * Lets an application user create tables in a database it does not own. Since PostgreSQL 15 only the owner may
 * create in `public`, and DigitalOcean creates databases owned by `doadmin`, so Harbor's first migration would fail
 * with "permission denied for schema public". A one-shot Job inside the cluster (the only place the database firewall
 * admits) runs `charts/postgres-grant/files/grant.sql` as `doadmin`; the SQL fails, naming database and user, when
 * the user still cannot create afterwards.
 *
 * It ships as a tiny local chart whose Job is a post-install/post-upgrade hook: Helm waits for it, and any change of
 * the values (database identity, user, image, ...) upgrades the release and runs the Job again. The grants are
 * idempotent, so a re-run is harmless. The Job, the Secret with the `doadmin` password and the release live in a
 * namespace of their own, created here, that enforces Pod Security "restricted".
 * Providers: the stack needs KubernetesProvider and HelmProvider.
 */
export class PostgresSchemaGrant extends Construct {
  /** The release; depend on it before starting the application. */
  public readonly release: Release;
  /** Name of the namespace created for the grant (a reference to it, so dependents wait for it). */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: PostgresSchemaGrantProps) {
    super(scope, id);
    const name = props.name ?? "harbor-doks-db-grant";
    const image = props.image ?? POSTGRES_GRANT_IMAGE;
    const timeoutSeconds = props.timeoutSeconds ?? 600;
    validate(this, props, { name, image, timeoutSeconds });

    const ns = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: props.namespace,
        labels: {
          "app.kubernetes.io/managed-by": "harbor-doks",
          // The pods are built to pass "restricted"; enforcing it keeps anything weaker out of this namespace.
          ...RESTRICTED_POD_SECURITY_LABELS,
        },
      },
    });
    this.namespaceName = ns.metadata.name;

    // Only the credentials are secret; host, port and database are values, so that changing them re-runs the Job.
    const secret = new SecretV1(this, "Connection", {
      metadata: { name, namespace: ns.metadata.name },
      data: { PGUSER: props.adminUser, PGPASSWORD: props.adminPassword },
    });
    const chart = new LocalChart(this, "Chart", { name: "postgres-grant" });
    this.release = new Release(this, "Resource", {
      name,
      namespace: ns.metadata.name,
      chart: chart.path,
      values: [
        toHelmValuesYaml({
          image,
          host: props.host,
          port: Token.asString(props.port),
          database: props.databaseName,
          grantee: props.grantee,
          databaseIdentity: props.databaseIdentity,
          credentialsSecret: secret.metadata.name,
          activeDeadlineSeconds: grantJobDeadlineSeconds(timeoutSeconds),
          placement: props.nodePool === undefined ? {} : platformNodePlacement(props.nodePool),
          connectTimeoutSeconds: CONNECT_TIMEOUT_SECONDS,
          // Base64: a PEM's line breaks would not survive Terraform's interpolation into a quoted YAML scalar.
          ...(props.caCertificate !== undefined
            ? {
                caCertificateBase64: base64Encode(props.caCertificate),
                sslMode: props.sslMode ?? DEFAULT_DATABASE_SSL_MODE,
              }
            : {}),
        }),
      ],
      wait: true,
      atomic: true,
      timeout: timeoutSeconds,
      maxHistory: 3,
      // A Job that starts before the firewall admits the cluster only burns its retries and deadline.
      dependsOn: props.dependsOn,
      lifecycle: props.replaceTriggeredBy?.length
        ? { replaceTriggeredBy: props.replaceTriggeredBy.map(resourceAddress) }
        : undefined,
    });
  }

  /** @deprecated Use {@link PostgresSchemaGrant.namespaceName}; removed in the next release. */
  public get namespace(): string {
    return this.namespaceName;
  }
}

function validate(
  scope: Construct,
  props: PostgresSchemaGrantProps,
  resolved: { name: string; image: string; timeoutSeconds: number },
): void {
  checkProp(scope, "namespace", props.namespace, namespaceNameProblem(props.namespace));
  if (props.nodePool !== undefined) checkProp(scope, "nodePool", props.nodePool, nodePoolNameProblem(props.nodePool));
  checkProp(
    scope,
    "name",
    resolved.name,
    RELEASE_NAME.test(resolved.name)
      ? undefined
      : "must be at most 53 lowercase letters, digits and hyphens (a Helm release name)",
  );
  checkProp(scope, "image", resolved.image, digestPinnedImageProblem(resolved.image));
  checkProp(
    scope,
    "timeoutSeconds",
    resolved.timeoutSeconds,
    wholeNumberProblem(resolved.timeoutSeconds, MIN_TIMEOUT_SECONDS) &&
      `must be a whole number >= ${MIN_TIMEOUT_SECONDS} (the Job's deadline is ${DEADLINE_MARGIN_SECONDS} s less)`,
  );
  const sslMode = props.sslMode ?? DEFAULT_DATABASE_SSL_MODE;
  checkProp(scope, "sslMode", sslMode, databaseSslModeProblem(sslMode));
  checkProp(
    scope,
    "databaseIdentity",
    props.databaseIdentity,
    props.databaseIdentity.trim() === "" ? "must not be empty; pass e.g. `${cluster.urn}/${database.id}`" : undefined,
  );
}
