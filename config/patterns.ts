// Naming rules shared by the config schema and the constructs (kept free of zod so the construct
// library does not load it).

/** Instance names become stack, cluster and bucket name parts. */
export const INSTANCE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** Lowercase FQDN with at least two labels, no trailing dot. */
export const HOSTNAME_PATTERN = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})+$`);
/** Spaces bucket names: 3-63 lowercase letters, digits and hyphens, alphanumeric at both ends. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** Kubernetes namespace (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
