import { z } from "zod";
import { PROJECT_CREATION, ProjectCreation } from "../../constructs/harbor/day2/vocabulary";
import { quotaGiB, strictObject } from "../schema-parts";
import type { Day2Feature } from "./feature";

/** Harbor's system settings the config owns (harbor_config_system). */
export interface SystemConfig {
  /** Who may create projects. */
  readonly projectCreation: ProjectCreation;
  /** Quota of a project created without one (in Harbor's UI, or in `projects:`); absent: unlimited. */
  readonly defaultProjectQuotaGiB?: number;
  /** Days until a robot created without its own duration (e.g. in Harbor's UI) expires. */
  readonly robotExpiryDays: number;
}

/**
 * The settings every config stack applies without a `system:` block: only admins create projects (Harbor's own
 * default lets every user, OIDC users included, create projects with unlimited quota).
 */
export const SYSTEM_DEFAULTS: SystemConfig = { projectCreation: "adminonly", robotExpiryDays: 30 };

const systemSchema = strictObject({
  projectCreation: z
    .enum(PROJECT_CREATION, { error: '"adminonly" (only Harbor admins create projects) or "everyone"' })
    .meta({
      description: "Who may create projects; applied by every config stack, with or without a `system` block.",
      default: SYSTEM_DEFAULTS.projectCreation,
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
      default: SYSTEM_DEFAULTS.robotExpiryDays,
    })
    .optional(),
}).meta({ description: "Harbor's system settings ([day-2](day-2.md))." });

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
    explicit: raw !== undefined,
  }),
  configured: (system) => system.explicit,
  build(ctx, system) {
    new ctx.lib.HarborConfigSystem(ctx.scope, "System", {
      projectCreationRestriction: system.projectCreation,
      storagePerProject: system.defaultProjectQuotaGiB ?? -1,
      robotTokenExpiration: system.robotExpiryDays,
      dependsOn: ctx.dependsOn,
    });
  },
};
