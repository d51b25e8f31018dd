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
export type TeamProjectSeverity = "none" | "low" | "medium" | "high" | "critical";
export const TEAM_PROJECT_SEVERITIES = ["none", "low", "medium", "high", "critical"] as const satisfies readonly [
  TeamProjectSeverity,
  ...TeamProjectSeverity[],
];

/** What a robot may do: `pull`, or `push` (which includes pull). */
export type TeamProjectRobotAccess = "pull" | "push";
export const TEAM_PROJECT_ROBOT_ACCESS = ["pull", "push"] as const satisfies readonly [
  TeamProjectRobotAccess,
  ...TeamProjectRobotAccess[],
];

/** How a replication rule starts: on every push (and delete), on a cron schedule, or only by hand. */
export type ReplicationTrigger = "event" | "schedule" | "manual";
export const REPLICATION_TRIGGERS = ["event", "schedule", "manual"] as const satisfies readonly [
  ReplicationTrigger,
  ...ReplicationTrigger[],
];

/** Who may create projects (`project_creation_restriction` of harbor_config_system). */
export type ProjectCreation = "adminonly" | "everyone";
export const PROJECT_CREATION = ["adminonly", "everyone"] as const satisfies readonly [
  ProjectCreation,
  ...ProjectCreation[],
];
