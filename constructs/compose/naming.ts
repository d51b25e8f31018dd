// Default names of what the composed constructs create. No cdktf: the config checks may use them.

/**
 * Instance names: 2-20 lowercase letters, digits and hyphens, from a letter to a letter or digit (they become part of
 * stack, cluster, database and tag names).
 */
export const INSTANCE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;

/** What an instance name must be, for errors. */
export const INSTANCE_NAME_RULE =
  "must be 2-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

/** Why an instance name is refused ({@link INSTANCE_NAME_PATTERN}), or undefined. */
export function instanceNameProblem(name: string): string | undefined {
  return INSTANCE_NAME_PATTERN.test(name) ? undefined : INSTANCE_NAME_RULE;
}

/** Default name of the PostgreSQL cluster a `HarborOnDoks` creates. */
export function defaultManagedPostgresName(instanceName: string): string {
  return `harbor-${instanceName}-pg`;
}

/** Default name of the Valkey cluster a `HarborOnDoks` creates. */
export function defaultManagedValkeyName(instanceName: string): string {
  return `harbor-${instanceName}-valkey`;
}

/** Why `hostname` cannot get a record in DNS zone `zone`, or undefined when it can. */
export function recordZoneProblem(hostname: string, zone: string): string | undefined {
  return hostname === zone || hostname.endsWith(`.${zone}`)
    ? undefined
    : `must be a zone that contains the hostname "${hostname}" (e.g. its parent domain)`;
}

/** The record name inside its zone: `registry` for `registry.example.com` in `example.com`, `@` at the apex. */
export function relativeRecordName(hostname: string, zone: string): string {
  if (hostname === zone) return "@";
  if (recordZoneProblem(hostname, zone) !== undefined) {
    throw new Error(`hostname "${hostname}" is not inside DNS zone "${zone}"`);
  }
  return hostname.slice(0, -(zone.length + 1));
}

/**
 * Why a composed construct's cluster props do not name one cluster, or undefined: exactly one of `cluster` (a lookup
 * the stack already has) and `clusterName` (looked up by the construct).
 */
export function clusterChoiceProblem(cluster: object | undefined, clusterName: string | undefined): string | undefined {
  if ((cluster === undefined) !== (clusterName === undefined)) return undefined;
  return cluster === undefined
    ? "is missing: set cluster (an ExistingDoksCluster of this stack) or clusterName"
    : "and clusterName are both set: set one (clusterName looks the cluster up here)";
}
