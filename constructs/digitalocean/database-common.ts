import { DATABASE_SIZE_EXAMPLES, DATABASE_SIZE_PATTERN } from "./database-sizes";

/** A source admitted by a managed database's firewall, in DigitalOcean's own terms. */
export interface TrustedSource {
  /** `k8s` (cluster id), `droplet` (droplet id), `ip_addr` (address or CIDR), `tag` or `app` (app id). */
  readonly type: "k8s" | "droplet" | "ip_addr" | "tag" | "app";
  readonly value: string;
}

/** DigitalOcean database cluster names: 3-63 lowercase letters, digits and hyphens. */
export const CLUSTER_NAME_PATTERN = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** Firewall rules that admit the given DOKS clusters and any extra trusted sources. */
export function firewallRules(
  allowedClusterIds: readonly string[],
  trustedSources: readonly TrustedSource[] = [],
): TrustedSource[] {
  return [...allowedClusterIds.map((value) => ({ type: "k8s" as const, value })), ...trustedSources];
}

/** Validates the props every managed database construct shares; `what` names the construct in errors. */
export function validateDatabaseProps(
  what: string,
  props: { name: string; size: string; nodeCount: number; allowedClusterIds: readonly string[] },
  maxNodes = 3,
): void {
  if (!CLUSTER_NAME_PATTERN.test(props.name)) {
    throw new Error(`${what}: name must be 3-63 chars of lowercase letters, digits and hyphens, got "${props.name}"`);
  }
  if (!DATABASE_SIZE_PATTERN.test(props.size)) {
    throw new Error(
      `${what}: size must be a size slug such as ${DATABASE_SIZE_EXAMPLES.join(", ")}, got "${props.size}"`,
    );
  }
  if (!Number.isInteger(props.nodeCount) || props.nodeCount < 1 || props.nodeCount > maxNodes) {
    throw new Error(`${what}: nodeCount must be 1 to ${maxNodes} (primary plus standbys), got ${props.nodeCount}`);
  }
  if (props.allowedClusterIds.length === 0) {
    throw new Error(`${what}: allowedClusterIds must name at least one DOKS cluster, or the firewall admits nobody`);
  }
}
