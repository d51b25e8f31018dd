// Harbor's naming rules and the namespaces this library reserves beside Harbor's. No cdktf: the config layer
// calls them too.
import { PLATFORM_NAMESPACES } from "../ingress/platform-values";
import { isKubernetesSystemNamespace, namespaceNameProblem } from "../core/naming";

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
  if (isKubernetesSystemNamespace(namespace)) {
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

/** Why `namespace` cannot hold a Harbor release, or undefined when it can: a valid name that is not reserved. */
export function harborNamespaceProblem(namespace: string): string | undefined {
  return namespaceNameProblem(namespace) ?? reservedNamespaceProblem(namespace);
}

/**
 * Harbor project and robot account names: lowercase letters and digits, single `.`, `_` or `-` between them
 * (goharbor/harbor v2.15.1: src/pkg/project/manager.go `restrictedNameChars`, and the same expression in
 * src/server/v2.0/handler/robot.go `validateName`).
 */
export const HARBOR_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Harbor project names are 1-255 characters (src/pkg/project/manager.go `projectNameMaxLen`). */
export const HARBOR_PROJECT_NAME_MAX_LENGTH = 255;

/**
 * A project name or pattern in a replication rule: lowercase letters, digits, `.`, `_`, `-` and the wildcards `*`
 * and `?`. No `/` (a pattern names projects, not repositories), no `,`, `{`, `}` (they would change the combined
 * name filter).
 */
export const REPLICATION_PROJECT_PATTERN = /^[a-z0-9._*?-]{1,255}$/;

/**
 * Whether a replication rule's project entry is an exact project name (no wildcard): a robot limited to the named
 * projects can then do the replication (constructs/harbor/day2/replication.ts `replicationRobotPermissions`).
 */
export function isExactProject(project: string): boolean {
  return !/[*?]/.test(project);
}
