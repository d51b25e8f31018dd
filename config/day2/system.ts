import { z } from "zod";
import {
  HARBOR_AUDIT_LOG_EVENT_TYPES,
  HarborAuditLogEventType,
  PROJECT_CREATION,
  ProjectCreation,
  auditLogEndpointProblem,
} from "../../constructs/harbor/day2/vocabulary";
import { checkedBy, quotaGiB, strictObject } from "../schema-parts";
import type { Day2Feature } from "./feature";

/** Harbor's system settings the config owns (harbor_config_system). */
export interface SystemConfig {
  /** Who may create projects. */
  readonly projectCreation: ProjectCreation;
  /** Quota of a project created without one (in Harbor's UI, or in `projects:`); absent: unlimited. */
  readonly defaultProjectQuotaGiB?: number;
  /** Days until a robot created without its own duration (e.g. in Harbor's UI) expires. */
  readonly robotExpiryDays: number;
  /** Audit-log forwarding; absent: audit logs stay in the database only. */
  readonly auditLog?: AuditLogConfig;
}

/** Where Harbor forwards its audit log, and what it keeps. */
export interface AuditLogConfig {
  /** `host:port` of a TCP syslog receiver. */
  readonly forwardEndpoint: string;
  /** Keep no copy in Harbor's database (the UI's audit log then stays empty). */
  readonly skipDatabase: boolean;
  /** Event types not logged at all. */
  readonly disabledEventTypes: HarborAuditLogEventType[];
}

/**
 * The settings every config stack applies without a `system:` block: only admins create projects (Harbor's own
 * default lets every user, OIDC users included, create projects with unlimited quota).
 */
export const SYSTEM_DEFAULTS: SystemConfig = { projectCreation: "adminonly", robotExpiryDays: 30 };

const systemSchema = strictObject({
  projectCreation: z
    .enum(PROJECT_CREATION, { error: '"adminonly" (only Harbor admins create projects) or "everyone"' })
    .optional(),
  defaultProjectQuotaGiB: quotaGiB.optional(),
  robotExpiryDays: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(3650, "must be at most 3650 days")
    .optional(),
  auditLog: strictObject({
    forwardEndpoint: z.string().superRefine(checkedBy(auditLogEndpointProblem)),
    skipDatabase: z.boolean().optional(),
    disabledEventTypes: z
      .array(
        z.enum(HARBOR_AUDIT_LOG_EVENT_TYPES, { error: `must be one of ${HARBOR_AUDIT_LOG_EVENT_TYPES.join(", ")}` }),
      )
      .optional(),
  }).optional(),
});

/**
 * `system:` Harbor's system settings. Applied by every config stack, with {@link SYSTEM_DEFAULTS} when the block is
 * absent; the block alone also creates the config stack (for an instance with no other day-2 setting).
 */
export const systemFeature: Day2Feature<typeof systemSchema, SystemConfig & { readonly explicit: boolean }> = {
  stack: "config",
  schema: systemSchema,
  resolve: (raw) => ({
    projectCreation: raw?.projectCreation ?? SYSTEM_DEFAULTS.projectCreation,
    defaultProjectQuotaGiB: raw?.defaultProjectQuotaGiB,
    robotExpiryDays: raw?.robotExpiryDays ?? SYSTEM_DEFAULTS.robotExpiryDays,
    auditLog: raw?.auditLog && {
      forwardEndpoint: raw.auditLog.forwardEndpoint,
      skipDatabase: raw.auditLog.skipDatabase ?? false,
      disabledEventTypes: [...new Set(raw.auditLog.disabledEventTypes ?? [])],
    },
    explicit: raw !== undefined,
  }),
  configured: (system) => system.explicit,
  build(ctx, system) {
    new ctx.lib.HarborConfigSystem(ctx.scope, "System", {
      projectCreationRestriction: system.projectCreation,
      storagePerProject: system.defaultProjectQuotaGiB ?? -1,
      robotTokenExpiration: system.robotExpiryDays,
      // Written out either way: the provider sends every argument, so an absent block must send the defaults back.
      auditLogForwardEndpoint: system.auditLog?.forwardEndpoint ?? "",
      skipAuditLogDatabase: system.auditLog?.skipDatabase ?? false,
      disabledAuditLogEventTypes: auditLogEventTypes(system.auditLog?.disabledEventTypes ?? []),
      dependsOn: ctx.dependsOn,
    });
  },
};

/**
 * `disabled_audit_log_event_types`: comma-separated, in Harbor's order of the types, so reordering or repeating the
 * list in the config changes nothing in Harbor.
 */
export function auditLogEventTypes(types: readonly string[]): string {
  return HARBOR_AUDIT_LOG_EVENT_TYPES.filter((type) => types.includes(type)).join(",");
}
