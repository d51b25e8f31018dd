// Naming rules of DNS, Kubernetes and OCI images that constructs of every domain share. No cdktf: the config
// layer calls them too, before cdktf is loaded.

const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** Lowercase FQDN with at least two labels, no trailing dot. */
export const HOSTNAME_PATTERN = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})+$`);
/** Kubernetes namespace (RFC 1123 label). */
export const NAMESPACE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A host name whose last label is all digits is an IPv4 literal (or could become one): no public
 * top-level domain is numeric (RFC 3696 section 2), and TLS certificates and Ingress hosts need a name.
 */
export function isIpLiteralLike(hostname: string): boolean {
  return /^\d+$/.test(hostname.split(".").pop() ?? "");
}

/** Kubernetes' own namespaces, which workloads of a team should not use: `default` and `kube-*`. */
export function isKubernetesSystemNamespace(namespace: string): boolean {
  return namespace === "default" || namespace.startsWith("kube-");
}

/** A container image pinned by digest (`repository[:tag]@sha256:<64 hex>`), so a run always gets the same bytes. */
export const DIGEST_PINNED_IMAGE_PATTERN = /^[^\s@]+@sha256:[0-9a-f]{64}$/;

/** Why `hostname` cannot be a host clients reach (and a certificate names), or undefined when it can. */
export function hostnameProblem(hostname: string): string | undefined {
  const problem = bareHostnameProblem(hostname);
  if (problem === undefined) return undefined;
  const meant = hostnameMeant(hostname);
  return meant === undefined ? problem : `${problem} (did you mean "${meant}"?)`;
}

function bareHostnameProblem(hostname: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(hostname)) {
    return "must be a host name without a scheme or path, such as registry.example.com";
  }
  if (!HOSTNAME_PATTERN.test(hostname))
    return "must be a lowercase fully qualified DNS name such as registry.example.com";
  if (isIpLiteralLike(hostname)) {
    return "must be a DNS name, not an IP address (certificates and Ingress hosts need a name)";
  }
  return undefined;
}

/**
 * The host name a URL-like or upper-case value most likely means (`https://Registry.Acme.io/` -> `registry.acme.io`):
 * without scheme, path, port and trailing dot, in lower case; undefined when that is no valid host name either.
 */
export function hostnameMeant(value: string): string | undefined {
  const meant = value
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d*$/, "")
    .replace(/\.$/, "")
    .toLowerCase();
  return meant !== value && bareHostnameProblem(meant) === undefined ? meant : undefined;
}

/** Why `namespace` is not a Kubernetes namespace name, or undefined when it is. */
export function namespaceNameProblem(namespace: string): string | undefined {
  if (NAMESPACE_PATTERN.test(namespace)) return undefined;
  const length = namespace.length > 63 ? ` (this one has ${namespace.length})` : "";
  return `must be a Kubernetes namespace name: lowercase letters, digits and hyphens, 1-63 chars${length}`;
}

/**
 * A DOKS node pool's name: its nodes carry it as the value of their `doks.digitalocean.com/node-pool` label, which the
 * constructs select and tolerate by.
 */
export const NODE_POOL_NAME_PATTERN = NAMESPACE_PATTERN;
export const NODE_POOL_NAME_RULE = "must be a DOKS node pool name: lowercase letters, digits and hyphens, 1-63 chars";

/** Why `name` cannot be a DOKS node pool's name ({@link NODE_POOL_NAME_PATTERN}), or undefined when it can. */
export function nodePoolNameProblem(name: string): string | undefined {
  return NODE_POOL_NAME_PATTERN.test(name) ? undefined : NODE_POOL_NAME_RULE;
}

/** Why `image` is not pinned by digest, or undefined when it is. */
export function digestPinnedImageProblem(image: string): string | undefined {
  return DIGEST_PINNED_IMAGE_PATTERN.test(image)
    ? undefined
    : 'must be pinned by digest ("repository[:tag]@sha256:<64 hex>"); look it up with "docker buildx imagetools inspect <image>"';
}
