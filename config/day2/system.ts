import { z } from "zod";
import {
  HARBOR_AUDIT_LOG_EVENT_TYPES,
  HARBOR_SYSTEM_DEFAULTS,
  PROJECT_CREATION,
  auditLogEndpointProblem,
} from "../../constructs/harbor/day2/vocabulary";
import { checkedBy, quotaGiB, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";

const systemSchema = strictObject({
  projectCreation: z
    .enum(PROJECT_CREATION, { error: '"adminonly" (only Harbor admins create projects) or "everyone"' })
    .meta({
      description: "Who may create projects; applied by every config stack, with or without a `system` block.",
      default: HARBOR_SYSTEM_DEFAULTS.projectCreation,
    })
    .optional(),
  defaultProjectQuotaGiB: quotaGiB
    .meta({
      description: "The quota of new projects, and of the config's `projects` without one.",
      defaultText: "no quota",
    })
    .optional(),
  robotExpiryDays: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(3650, "must be at most 3650 days")
    .meta({
      description: "Robots created in Harbor's UI expire after this many days.",
      default: HARBOR_SYSTEM_DEFAULTS.robotExpiryDays,
    })
    .optional(),
  auditLog: strictObject({
    forwardEndpoint: z
      .string()
      .superRefine(checkedBy(auditLogEndpointProblem))
      .meta({ description: "`host:port` of a TCP syslog receiver (no scheme)." }),
    skipDatabase: z
      .boolean()
      .meta({ description: "Keep no copy in Harbor's database (the UI's audit log stays empty).", default: false })
      .optional(),
    disabledEventTypes: z
      .array(
        z.enum(HARBOR_AUDIT_LOG_EVENT_TYPES, { error: `must be one of ${HARBOR_AUDIT_LOG_EVENT_TYPES.join(", ")}` }),
      )
      .meta({ description: "Event types not logged at all.", default: [] })
      .optional(),
  })
    .meta({ description: "Forward Harbor's audit log to syslog ([day-2](day-2.md))." })
    .optional(),
}).meta({ description: "Harbor's system settings ([day-2](day-2.md))." });

/**
 * `system:` Harbor's system settings. Applied by every config stack, with {@link HARBOR_SYSTEM_DEFAULTS} when the block is
 * absent; the block alone also creates the config stack (for an instance with no other day-2 setting).
 */
export const systemFeature = day2Feature({
  stack: "config",
  schema: systemSchema,
  resolve: (raw) => ({
    projectCreation: raw?.projectCreation ?? HARBOR_SYSTEM_DEFAULTS.projectCreation,
    /** Quota of a project created without one (in Harbor's UI, or in `projects:`); absent: unlimited. */
    defaultProjectQuotaGiB: raw?.defaultProjectQuotaGiB,
    robotExpiryDays: raw?.robotExpiryDays ?? HARBOR_SYSTEM_DEFAULTS.robotExpiryDays,
    /** Audit-log forwarding; absent: audit logs stay in the database only. */
    auditLog: raw?.auditLog && {
      forwardEndpoint: raw.auditLog.forwardEndpoint,
      skipDatabase: raw.auditLog.skipDatabase ?? false,
      disabledEventTypes: [...new Set(raw.auditLog.disabledEventTypes ?? [])],
    },
    /** The block is there (it alone then creates the config stack). */
    explicit: raw !== undefined,
  }),
  configured: (system) => system.explicit,
});
