// Plan-time checks on a managed database cluster this project does not own, looked up by name with the
// `digitalocean_database_cluster` data source. cdktf-free: the checks are Terraform condition strings, tested directly.

/** A `lifecycle.postcondition` of a data source: `self` is the looked-up cluster. */
export interface PlanTimeCheck {
  readonly condition: string;
  readonly errorMessage: string;
}

/** What an existing cluster must be. */
export interface ExistingClusterExpectation {
  /** `pg` or `valkey`: the data source's `engine` (DigitalOcean's engine slug). */
  readonly engine: "pg" | "valkey";
  /** Name the cluster was looked up by. */
  readonly clusterName: string;
  /** Region slug the cluster must be in (the DOKS cluster's). */
  readonly region: string;
  /** The VPC the cluster must be in: a token (e.g. an ExistingDoksCluster's `vpcUuid`), which cdktf resolves in place. */
  readonly vpcUuid?: string;
}

const ENGINE_NAMES = { pg: "PostgreSQL", valkey: "Valkey" } as const;

/**
 * The data source does not fail for a name it does not find: it lists the account's clusters and sets nothing when
 * none has the name (digitalocean/database/datasource_database_cluster.go, terraform-provider-digitalocean v2.71.0;
 * it fails only when the account has no database cluster at all, "Unable to find any database clusters"). Every
 * attribute is then null, so the first check is that the cluster was found, and the others pass for a missing cluster,
 * leaving one error that names the cluster. Terraform renders every check's message, also of a check that holds
 * (hashicorp/terraform internal/terraform/eval_conditions.go), so a message shows attributes through
 * {@link messageValue}: a null in a template is an error of its own ("Invalid template interpolation value").
 */
const FOUND = '(self.urn != null && self.urn != "")';
const MISSING = '(self.urn == null || self.urn == "")';

/** What a message shows for an attribute that is null (a cluster or attribute not found). */
export const MISSING_VALUE = "(none)";

/**
 * A template interpolation of `expression` for a condition's error message, valid when the value is null or empty.
 * `expression` is Terraform syntax (`self.region`) or a cdktf token (`${TfToken[...]}`), which cdktf renders in place
 * as a bare reference inside the interpolation (as in the conditions).
 */
export function messageValue(expression: string): string {
  return `\${coalesce(${expression}, ${JSON.stringify(MISSING_VALUE)})}`;
}

/** The checks on an existing cluster, in order: it exists, runs the engine, is in the region and the VPC. */
export function existingClusterChecks(expect: ExistingClusterExpectation): PlanTimeCheck[] {
  const name = escapeTemplate(expect.clusterName);
  const engine = ENGINE_NAMES[expect.engine];
  const list = `doctl databases list`;
  const checks: PlanTimeCheck[] = [
    {
      condition: `\${${FOUND}}`,
      errorMessage:
        `No managed database cluster named "${name}" in this DigitalOcean account (existingCluster names an existing ` +
        `${engine} cluster; ${list} shows them). Correct the name, or remove existingCluster to let this project ` +
        `create a cluster of its own.`,
    },
    {
      condition: `\${${MISSING} || self.engine == ${JSON.stringify(expect.engine)}}`,
      errorMessage:
        `Database cluster "${name}" runs engine ${messageValue("self.engine")}, but it is used as ${engine} (engine ` +
        `"${expect.engine}"); name a ${engine} cluster (${list}).`,
    },
    {
      condition: `\${${MISSING} || self.region == ${JSON.stringify(expect.region)}}`,
      errorMessage:
        `Database cluster "${name}" is in region ${messageValue("self.region")}, but this stack is configured for region ` +
        `"${expect.region}" (the DOKS cluster's). Harbor reaches it over the cluster's VPC, which is regional: name a ` +
        `cluster in ${expect.region}, or let this project create one (remove existingCluster).`,
    },
  ];
  if (expect.vpcUuid !== undefined) {
    // A token renders as a reference inside the condition; a literal id is quoted.
    const vpc = expect.vpcUuid.startsWith("${") ? expect.vpcUuid : JSON.stringify(expect.vpcUuid);
    checks.push({
      condition: `\${${MISSING} || self.private_network_uuid == ${vpc}}`,
      errorMessage:
        `Database cluster "${name}" is in VPC ${messageValue("self.private_network_uuid")}, not in the DOKS cluster's VPC ` +
        `${expect.vpcUuid.startsWith("${") ? messageValue(expect.vpcUuid) : escapeTemplate(expect.vpcUuid)}: Harbor connects to its private host, which only that VPC reaches. Migrate the database ` +
        `cluster into the DOKS cluster's VPC (doctl databases migrate --private-network-uuid), or name another cluster.`,
    });
  }
  return checks;
}

/**
 * What docs/bring-your-own.md and the construct docs tell the owner of an existing cluster about its firewall. The provider has
 * no data source for a cluster's trusted sources at v2.71.0 (provider.go lists digitalocean_database_firewall as a
 * resource only), so the rule cannot be checked at plan time; a cluster whose firewall does not admit the DOKS
 * cluster fails the schema-grant Job at apply, after its retries.
 */
export const EXISTING_CLUSTER_FIREWALL_NOTE =
  "add the DOKS cluster as a trusted source of the database cluster (doctl databases firewalls append <cluster id> " +
  "--rule k8s:<doks cluster id>), or leave the cluster without trusted sources; this project never writes that " +
  "firewall, because digitalocean_database_firewall replaces every rule of the cluster";

/** A literal for a Terraform string template: `${` and `%{` would otherwise start an interpolation or directive. */
function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A database or user name Harbor gets in a shared cluster: a plain PostgreSQL identifier, never quoted anywhere. */
export const DATABASE_IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Why `name` cannot be the database or user Harbor creates in an existing cluster, or undefined. */
export function databaseIdentifierProblem(name: string): string | undefined {
  if (!DATABASE_IDENTIFIER_PATTERN.test(name)) {
    return "must be 1-63 lowercase letters, digits and underscores, not starting with a digit";
  }
  if (name === "doadmin" || name.startsWith("pg_")) {
    return "belongs to DigitalOcean or PostgreSQL (doadmin, pg_*); give Harbor a name of its own";
  }
  return undefined;
}

/**
 * The database and user an instance gets in a shared PostgreSQL cluster, named after the instance so that instances
 * of one config never meet (instance names are lowercase letters, digits and hyphens; hyphens become underscores,
 * which instance names cannot contain, so the mapping is one-to-one).
 */
export function sharedDatabaseName(instanceName: string): string {
  return `harbor_${instanceName.replace(/-/g, "_")}`;
}
