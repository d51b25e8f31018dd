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
 * Name of a cluster's load balancer. It matches the platform stack's name, so the error an instance
 * stack gets when the platform is not deployed yet ("load balancer harbor-platform-X not found")
 * names the stack to deploy first.
 */
export function loadBalancerName(clusterName: string): string {
  return platformStackName(clusterName);
}

/**
 * A host name whose last label is all digits is an IPv4 literal (or could become one): no public
 * top-level domain is numeric (RFC 3696 section 2), and TLS certificates and Ingress hosts need a name.
 */
export function isIpLiteralLike(hostname: string): boolean {
  return /^\d+$/.test(hostname.split(".").pop() ?? "");
}

/** Namespaces the ingress platform stack installs into (see constructs/traefik-ingress.ts). */
export const PLATFORM_NAMESPACES = ["traefik", "cert-manager"] as const;

/**
 * The schema-grant Job of an instance runs in its own namespace, `<harbor namespace>-db-grant`, so the
 * `doadmin` password it needs never lives in Harbor's namespace.
 */
export const GRANT_NAMESPACE_SUFFIX = "-db-grant";

/** The namespace of an instance's schema-grant Job. */
export function grantNamespaceName(harborNamespace: string): string {
  return `${harborNamespace}${GRANT_NAMESPACE_SUFFIX}`;
}

/** The backup CronJobs of an instance run in `<harbor namespace>-backup`, beside Harbor's. */
export const BACKUP_NAMESPACE_SUFFIX = "-backup";

/** The namespace of an instance's backup CronJobs. */
export function backupNamespaceName(harborNamespace: string): string {
  return `${harborNamespace}${BACKUP_NAMESPACE_SUFFIX}`;
}

/** Longest Harbor namespace whose grant namespace still fits Kubernetes' 63 characters. */
export const MAX_HARBOR_NAMESPACE_LENGTH = 63 - GRANT_NAMESPACE_SUFFIX.length;

/**
 * Why a namespace may not hold Harbor, or undefined when it may: Kubernetes' own (`default`,
 * `kube-*`), the platform's, and the names reserved for schema-grant namespaces.
 */
export function reservedNamespaceProblem(namespace: string): string | undefined {
  if (namespace === "default" || namespace.startsWith("kube-")) {
    return "is a Kubernetes system namespace; give Harbor its own";
  }
  if ((PLATFORM_NAMESPACES as readonly string[]).includes(namespace)) {
    return `belongs to the ingress platform (${PLATFORM_NAMESPACES.join(", ")}); give Harbor its own`;
  }
  if (namespace.endsWith(GRANT_NAMESPACE_SUFFIX)) {
    return `ends in "${GRANT_NAMESPACE_SUFFIX}", which is reserved for the schema-grant Job's namespace`;
  }
  if (namespace.endsWith(BACKUP_NAMESPACE_SUFFIX)) {
    return `ends in "${BACKUP_NAMESPACE_SUFFIX}", which is reserved for the backup CronJobs' namespace`;
  }
  if (namespace.length > MAX_HARBOR_NAMESPACE_LENGTH) {
    return `is longer than ${MAX_HARBOR_NAMESPACE_LENGTH} characters (its grant namespace "${grantNamespaceName(namespace)}" must fit in 63)`;
  }
  return undefined;
}

/**
 * Harbor project and robot account names: lowercase letters and digits, single `.`, `_` or `-` between them
 * (goharbor/harbor v2.15.1: src/pkg/project/manager.go `restrictedNameChars`, and the same expression in
 * src/server/v2.0/handler/robot.go `validateName`).
 */
export const HARBOR_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Harbor project names are 1-255 characters (src/pkg/project/manager.go `projectNameMaxLen`). */
export const HARBOR_PROJECT_NAME_MAX_LENGTH = 255;

/** Kubernetes' own namespaces, which workloads of a team should not use: `default` and `kube-*`. */
export function isKubernetesSystemNamespace(namespace: string): boolean {
  return namespace === "default" || namespace.startsWith("kube-");
}

/**
 * Prefix of the outputs of a project robot in the config stack (`<prefix>_username`, `_secret`, `_address`).
 * Output names take letters, digits, `_` and `-`, so a `.` in a name becomes `_`.
 */
export function robotOutputPrefix(project: string, robot: string): string {
  return `robot_${project}_${robot}`.replace(/\./g, "_");
}

/**
 * A project name or pattern in a replication rule: lowercase letters, digits, `.`, `_`, `-` and the wildcards `*`
 * and `?`. No `/` (a pattern names projects, not repositories), no `,`, `{`, `}` (they would change the combined
 * name filter).
 */
export const REPLICATION_PROJECT_PATTERN = /^[a-z0-9._*?-]{1,255}$/;

/** A container image pinned by digest (`repository[:tag]@sha256:<64 hex>`), so a run always gets the same bytes. */
export const DIGEST_PINNED_IMAGE_PATTERN = /^[^\s@]+@sha256:[0-9a-f]{64}$/;
