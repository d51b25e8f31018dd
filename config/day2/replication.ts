import { z } from "zod";
import { REPLICATION_TRIGGERS } from "../../constructs/harbor/day2/vocabulary";
import { REPLICATION_PROJECT_PATTERN } from "../../constructs/harbor/naming";
import { harborCron, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";

const replicationSchema = strictObject({
  to: z
    .string()
    .min(1, "must name another instance of this config")
    .meta({ description: "Another instance of this config (with an ingress, no staging certificate)." }),
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
    .min(1, "must list at least one project name or pattern")
    .meta({ description: "Project names or patterns (`*`, `?`); exact names must be in the target's `projects`." }),
  trigger: z
    .enum(REPLICATION_TRIGGERS, { error: '"event" (on push), "schedule" or "manual"' })
    .meta({
      description: "`event`: on every push; `schedule`: at `schedule`; `manual`: from Harbor's UI.",
      default: "event",
    })
    .optional(),
  schedule: harborCron("replication")
    .meta({ description: "With `trigger: schedule`: a 6-field cron whose second is `0` and whose minute is not `*`." })
    .optional(),
  deletion: z.boolean().meta({ description: "Replicate deletions too.", default: false }).optional(),
  robotExpiryDays: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day; omit it for a robot that never expires")
    .max(3650, "must be at most 3650 days")
    .meta({
      description:
        "The target's robot for this source expires after this many days (the shortest of the rules to a target).",
      defaultText: "never",
    })
    .optional(),
});

/** `replication:` push rules to other instances; applied by the instance's replication stack. */
export const replicationFeature = day2Feature({
  // Its own stack after the targets' config stacks (where the robots are made); see stacks/app.ts.
  stack: "replication",
  schema: z.array(replicationSchema).meta({
    description:
      "Push replication to other instances of this config, applied by the stack `harbor-<name>-replication` " +
      "([replication and backup](replication-and-backup.md)).",
  }),
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
