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
