// Names the config-file app gives its stacks and outputs. No cdktf: the config checks use them.
import type { DNS_CREDENTIAL_KEYS, DnsProvider } from "../constructs/ingress/acme";
import { MANAGED_POSTGRES_DATABASE, MANAGED_POSTGRES_USER } from "../constructs/digitalocean/naming";
import { sharedDatabaseName } from "../constructs/digitalocean/existing-database-checks";

/** Stack name of an instance. */
export function harborStackName(instanceName: string): string {
  return `harbor-${instanceName}`;
}

/** Stack name of an instance's day-2 configuration. */
export function configStackName(instanceName: string): string {
  return `harbor-${instanceName}-config`;
}

/** Stack name of an instance's replication to other instances (after the targets' config stacks). */
export function replicationStackName(instanceName: string): string {
  return `harbor-${instanceName}-replication`;
}

/** Stack name of a cluster's ingress platform. */
export function platformStackName(clusterName: string): string {
  return `harbor-platform-${clusterName}`;
}

/**
 * Prefix of the outputs of a project robot in the config stack (`<prefix>_username`, `_secret`, `_address`).
 * Output names take letters, digits, `_` and `-`, so a `.` in a name becomes `_`.
 */
export function robotOutputPrefix(project: string, robot: string): string {
  return `robot_${project}_${robot}`.replace(/\./g, "_");
}

/** Terraform variable of the harbor-<name> stack carrying the scanner's GitHub token (TF_VAR_trivy_github_token). */
export const TRIVY_GITHUB_TOKEN_VARIABLE = "trivy_github_token";

/** Terraform variable carrying the OIDC client secret (TF_VAR_oidc_client_secret). */
export const OIDC_SECRET_VARIABLE = "oidc_client_secret";

/** Terraform variable (TF_VAR_digitalocean_dns_token) that carries the DigitalOcean DNS token for DNS-01. */
export const DNS_TOKEN_VARIABLE = "digitalocean_dns_token";

/**
 * The Terraform variable (TF_VAR_<name>) of each DNS-01 credential, by `ingress.dnsProvider` and by its key in the
 * credentials Secret (`DNS_CREDENTIAL_KEYS`).
 */
export const DNS_CREDENTIAL_VARIABLES = {
  digitalocean: { "access-token": DNS_TOKEN_VARIABLE },
  cloudflare: { "api-token": "cloudflare_api_token" },
  route53: { "access-key-id": "route53_access_key_id", "secret-access-key": "route53_secret_access_key" },
} as const satisfies { readonly [P in DnsProvider]: Record<(typeof DNS_CREDENTIAL_KEYS)[P][number], string> };

/** Names of the variables that carry a proxy cache's upstream credentials. */
export function credentialVariables(prefix: string): { accessId: string; accessSecret: string } {
  return { accessId: `${prefix}_ACCESS_ID`, accessSecret: `${prefix}_ACCESS_SECRET` };
}

/**
 * The database an instance's Harbor uses and the user it logs in as (and the backup dumps, as): the managed cluster's
 * own, or per instance in an existing cluster (`postgres.existingCluster`), where instances of one config share it.
 */
export function harborDatabaseNames(
  instanceName: string,
  existingCluster: boolean,
): { database: string; user: string } {
  if (!existingCluster) return { database: MANAGED_POSTGRES_DATABASE, user: MANAGED_POSTGRES_USER };
  return { database: sharedDatabaseName(instanceName), user: sharedDatabaseName(instanceName) };
}
