// The words of the day-2 constructs, defined once: the constructs check props against them and the config schema
// offers them. No cdktf: the config layer loads this before cdktf.
import type { HarborMemberRole } from "../provider/project-member-group";

/** A project role, in the words of Harbor's UI. */
export type TeamProjectRole = "projectAdmin" | "maintainer" | "developer" | "guest" | "limitedGuest";

/** The provider's `role` value of each {@link TeamProjectRole}. */
export const TEAM_PROJECT_ROLES: Readonly<Record<TeamProjectRole, HarborMemberRole>> = {
  projectAdmin: "projectadmin",
  maintainer: "maintainer",
  developer: "developer",
  guest: "guest",
  limitedGuest: "limitedguest",
};

/** The {@link TeamProjectRole}s, in Harbor's order (most rights first). */
export const TEAM_PROJECT_ROLE_NAMES = Object.keys(TEAM_PROJECT_ROLES) as [TeamProjectRole, ...TeamProjectRole[]];

/** Severity threshold for blocking pulls; `none` blocks nothing. */
export const TEAM_PROJECT_SEVERITIES = ["none", "low", "medium", "high", "critical"] as const;
/** One of {@link TEAM_PROJECT_SEVERITIES}. */
export type TeamProjectSeverity = (typeof TEAM_PROJECT_SEVERITIES)[number];

/** What a robot may do: `pull`, or `push` (which includes pull). */
export const TEAM_PROJECT_ROBOT_ACCESS = ["pull", "push"] as const;
/** One of {@link TEAM_PROJECT_ROBOT_ACCESS}. */
export type TeamProjectRobotAccess = (typeof TEAM_PROJECT_ROBOT_ACCESS)[number];

/** How a replication rule starts: on every push (and delete), on a cron schedule, or only by hand. */
export const REPLICATION_TRIGGERS = ["event", "schedule", "manual"] as const;
/** One of {@link REPLICATION_TRIGGERS}. */
export type ReplicationTrigger = (typeof REPLICATION_TRIGGERS)[number];

/** Who may create projects (`project_creation_restriction` of harbor_config_system). */
export const PROJECT_CREATION = ["adminonly", "everyone"] as const;
/** One of {@link PROJECT_CREATION}. */
export type ProjectCreation = (typeof PROJECT_CREATION)[number];

/** The scan-all schedules by name; anything else is a 6-field Harbor cron. */
export const SCAN_SCHEDULES = ["none", "daily", "weekly"] as const;
/** One of {@link SCAN_SCHEDULES}, or a 6-field Harbor cron (seconds first) the scan-all schedule accepts. */
export type ScanSchedule = (typeof SCAN_SCHEDULES)[number] | (string & {});

/** The scopes Harbor requests from an OIDC provider unless told otherwise. */
export const DEFAULT_OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

/**
 * Harbor's system settings applied unless told otherwise: only admins create projects (Harbor's own default lets
 * every user, OIDC users included, create projects with unlimited quota), and robots expire after 30 days.
 */
export const HARBOR_SYSTEM_DEFAULTS = { projectCreation: "adminonly", robotExpiryDays: 30 } as const satisfies {
  readonly projectCreation: ProjectCreation;
  readonly robotExpiryDays: number;
};

/**
 * The index of the first project with a retention policy, or -1. Harbor's GC with `delete_untagged` deletes every
 * untagged artifact of every project, whatever a retention policy keeps (untagged artifacts kept for
 * `untaggedAfterDays`, or forever with only `keepLastPushed`): with retention, GC's `deleteUntagged` defaults to false
 * and true is refused.
 */
export function firstRetentionProject(projects: readonly { readonly retention?: object }[] | undefined): number {
  return (projects ?? []).findIndex((project) => project.retention !== undefined);
}

/**
 * Event types a project webhook can subscribe to: Harbor 2.15.1 `initSupportedNotifyType`
 * (src/pkg/notification/notification.go), names from src/controller/event/topic.go.
 */
export const HARBOR_WEBHOOK_EVENT_TYPES = [
  "PUSH_ARTIFACT",
  "PULL_ARTIFACT",
  "DELETE_ARTIFACT",
  "QUOTA_EXCEED",
  "QUOTA_WARNING",
  "SCANNING_FAILED",
  "SCANNING_STOPPED",
  "SCANNING_COMPLETED",
  "REPLICATION",
  "TAG_RETENTION",
] as const;
/** One of {@link HARBOR_WEBHOOK_EVENT_TYPES}. */
export type HarborWebhookEventType = (typeof HARBOR_WEBHOOK_EVENT_TYPES)[number];

/** Notify types (same function of Harbor 2.15.1): an HTTP POST, or a Slack incoming webhook. */
export const HARBOR_WEBHOOK_NOTIFY_TYPES = ["http", "slack"] as const;
/** One of {@link HARBOR_WEBHOOK_NOTIFY_TYPES}. */
export type HarborWebhookNotifyType = (typeof HARBOR_WEBHOOK_NOTIFY_TYPES)[number];

/** Payload formats (same function of Harbor 2.15.1; src/pkg/notifier/formats). */
export const HARBOR_WEBHOOK_PAYLOAD_FORMATS = ["Default", "CloudEvents"] as const;
/** One of {@link HARBOR_WEBHOOK_PAYLOAD_FORMATS}. */
export type HarborWebhookPayloadFormat = (typeof HARBOR_WEBHOOK_PAYLOAD_FORMATS)[number];

/**
 * Audit-log event types Harbor 2.15.1 records (src/pkg/auditext/model/model.go `EventTypes`); the ones listed in
 * `disabled_audit_log_event_types` are not logged.
 */
export const HARBOR_AUDIT_LOG_EVENT_TYPES = [
  "create_artifact",
  "delete_artifact",
  "pull_artifact",
  "create_project",
  "delete_project",
  "delete_repository",
  "login_user",
  "logout_user",
  "create_user",
  "delete_user",
  "update_user",
  "create_robot",
  "delete_robot",
  "update_configuration",
] as const;
/** One of {@link HARBOR_AUDIT_LOG_EVENT_TYPES}. */
export type HarborAuditLogEventType = (typeof HARBOR_AUDIT_LOG_EVENT_TYPES)[number];

/**
 * Why `endpoint` cannot be Harbor's audit-log forward endpoint, or undefined when it can: Harbor dials it as
 * `host:port` over TCP syslog (goharbor/harbor v2.15.1 src/pkg/audit/forward.go, `syslog.Dial("tcp", ...)`), no scheme.
 */
export function auditLogEndpointProblem(endpoint: string): string | undefined {
  return /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$/.test(endpoint) &&
    Number(endpoint.split(":")[1]) >= 1 &&
    Number(endpoint.split(":")[1]) <= 65535
    ? undefined
    : `must be host:port of a TCP syslog receiver, e.g. syslog.logging.svc.cluster.local:514 (no scheme), got "${endpoint}"`;
}

/**
 * Why `address` cannot receive a project webhook, or undefined when it can: an `https://` URL (Harbor verifies the
 * certificate: the project sets `skip_cert_verify = false`), or `http://` to a Service inside the cluster
 * (`<name>.<namespace>.svc[.cluster.local]`), where nothing leaves the cluster network; Slack takes https only.
 */
export function webhookAddressProblem(address: string, notifyType: HarborWebhookNotifyType): string | undefined {
  const match = /^(https?):\/\/([^\s/?#:@]+)(?::\d{1,5})?(?:[/?#]\S*)?$/.exec(address);
  const inCluster = match !== null && /^[a-z0-9-]+\.[a-z0-9-]+\.svc(\.cluster\.local)?$/.test(match[2]);
  if (match !== null && (match[1] === "https" || (inCluster && notifyType === "http"))) return undefined;
  return notifyType === "slack"
    ? `"${address}" must be an https:// Slack incoming-webhook URL`
    : `"${address}" must be an https:// URL, or http:// to a Service in the cluster (<name>.<namespace>.svc)`;
}

/**
 * `disabled_audit_log_event_types`: comma-separated, in Harbor's order of the types, so reordering or repeating the
 * list changes nothing in Harbor.
 */
export function auditLogEventTypes(types: readonly string[]): string {
  return HARBOR_AUDIT_LOG_EVENT_TYPES.filter((type) => types.includes(type)).join(",");
}
