// Naming rules of DigitalOcean, Kubernetes and this project, shared by the config schema, the stacks
// and the constructs. Kept free of zod and cdktf so that every layer can import it.

/** Instance names become stack, cluster and bucket name parts. */
export const INSTANCE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** Lowercase FQDN with at least two labels, no trailing dot. */
export const HOSTNAME_PATTERN = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})+$`);
/** Spaces bucket names: 3-63 lowercase letters, digits and hyphens, alphanumeric at both ends. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Kubernetes namespace (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Stack name of an instance. */
export function harborStackName(instanceName: string): string {
  return `harbor-${instanceName}`;
}

/** Stack name of an instance's day-2 configuration. */
export function configStackName(instanceName: string): string {
  return `harbor-${instanceName}-config`;
}

/** Stack name of a cluster's ingress platform. */
export function platformStackName(clusterName: string): string {
  return `harbor-platform-${clusterName}`;
}

/**
 * Name of a cluster's load balancer. It matches the platform stack's name, so the error an instance
 * stack gets when the platform is not deployed yet ("load balancer harbor-platform-X not found")
 * names the stack to deploy first.
 */
export function loadBalancerName(clusterName: string): string {
  return platformStackName(clusterName);
}
