// DigitalOcean's naming rules, as this project applies them. No cdktf: the config layer calls them too.

/** Spaces bucket names: 3-63 lowercase letters, digits and hyphens, alphanumeric at both ends. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * DOKS cluster names, as this project accepts them: a DNS label (lowercase letters, digits and hyphens,
 * alphanumeric at both ends, at most 63 characters). DigitalOcean publishes no stricter rule: the API
 * schema (digitalocean/openapi specification/resources/kubernetes/models/cluster.yml, 2026-08) has no
 * pattern and the Terraform provider (v2.71.0, digitalocean/kubernetes/resource_kubernetes_cluster.go)
 * only refuses an empty name; the control panel proposes names of this shape (`k8s-1-33-fra1-...`).
 * The name becomes part of stack, state-file and load-balancer names, so it must be safe in a path and
 * a glob: this rule refuses `../x`, `prod-*`, spaces and empty names.
 */
export const DOKS_CLUSTER_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Managed-database cluster names: 3-63 lowercase letters, digits and hyphens, starting with a letter. */
export const DATABASE_CLUSTER_NAME_PATTERN = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** Why `name` cannot name a Spaces bucket, or undefined when it can. */
export function bucketNameProblem(name: string): string | undefined {
  return BUCKET_NAME_PATTERN.test(name)
    ? undefined
    : "must be 3-63 chars of lowercase letters, digits and hyphens, alphanumeric at both ends";
}

/** Why `name` cannot name a DOKS cluster here, or undefined when it can (see {@link DOKS_CLUSTER_NAME_PATTERN}). */
export function doksClusterNameProblem(name: string): string | undefined {
  return DOKS_CLUSTER_NAME_PATTERN.test(name)
    ? undefined
    : "must be the name of an existing DOKS cluster: lowercase letters, digits and hyphens, starting with a letter or digit";
}

/** Why `name` cannot name a managed-database cluster, or undefined when it can. */
export function databaseClusterNameProblem(name: string): string | undefined {
  return DATABASE_CLUSTER_NAME_PATTERN.test(name)
    ? undefined
    : "must be 3-63 chars of lowercase letters, digits and hyphens, starting with a letter";
}

/** The database a managed PostgreSQL cluster is created with for Harbor ({@link ManagedPostgres}'s default). */
export const MANAGED_POSTGRES_DATABASE = "registry";

/** The user Harbor logs in as on a managed PostgreSQL cluster ({@link ManagedPostgres}'s default). */
export const MANAGED_POSTGRES_USER = "harbor";
