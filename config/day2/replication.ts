import { z } from "zod";
import { REPLICATION_TRIGGERS } from "../../constructs/harbor/day2/vocabulary";
import { REPLICATION_PROJECT_PATTERN } from "../../constructs/harbor/naming";
import { harborCron, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";

const replicationSchema = strictObject({
  to: z.string().min(1, "must name another instance of this config"),
  projects: z
    .array(
      z
        .string()
        .regex(
          REPLICATION_PROJECT_PATTERN,
          "must be a project name or pattern: lowercase letters, digits, . _ - and the wildcards * and ?",
        )
        .refine((pattern) => !pattern.includes("**"), {
          error: 'must not contain "**": a pattern names projects (use team-*); repositories follow by themselves',
        }),
    )
    .min(1, "must list at least one project name or pattern"),
  trigger: z.enum(REPLICATION_TRIGGERS, { error: '"event" (on push), "schedule" or "manual"' }).optional(),
  schedule: harborCron("replication").optional(),
  deletion: z.boolean().optional(),
  robotExpiryDays: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day; omit it for a robot that never expires")
    .max(3650, "must be at most 3650 days")
    .optional(),
});

/** `replication:` push rules to other instances; applied by the instance's replication stack. */
export const replicationFeature = day2Feature({
  // Its own stack after the targets' config stacks (where the robots are made); see stacks/app.ts.
  stack: "replication",
  schema: z.array(replicationSchema),
  resolve: (raw) =>
    (raw ?? []).map((rule) => ({
      to: rule.to,
      projects: rule.projects,
      trigger: rule.trigger ?? "event",
      schedule: rule.schedule,
      deletion: rule.deletion ?? false,
      robotExpiryDays: rule.robotExpiryDays ?? -1,
    })),
  configured: (rules) => rules.length > 0,
  check(rules, _instance, issue) {
    rules.forEach((rule, index) => {
      const scheduled = rule.trigger === "schedule";
      if (scheduled !== (rule.schedule !== undefined)) {
        issue(
          [index, "schedule"],
          scheduled
            ? 'is required with trigger: schedule (a 6-field cron, e.g. "0 0 2 * * *")'
            : `only applies with trigger: schedule (this rule's trigger is ${rule.trigger ?? "event"})`,
        );
      }
    });
  },
});
