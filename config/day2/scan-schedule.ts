import { z } from "zod";
import { harborCronProblem, providerSchedule } from "../../constructs/harbor/cron";
import type { Day2Feature } from "./feature";
import { closestMatch } from "../suggest";

export const SCAN_SCHEDULES = ["none", "daily", "weekly"] as const;

/** `none`, `daily`, `weekly`, or a 6-field cron Harbor's scan-all handler accepts. */
export type ScanSchedule = (typeof SCAN_SCHEDULES)[number] | (string & {});

const KEYWORDS = { daily: "Daily", weekly: "Weekly" } as const;

const scanScheduleSchema = z
  .string()
  .superRefine((value, ctx) => {
    if ((SCAN_SCHEDULES as readonly string[]).includes(value)) return;
    if (!/\s/.test(value.trim())) {
      // One word: a keyword, mistyped.
      const hint = closestMatch(value, SCAN_SCHEDULES);
      ctx.addIssue({
        code: "custom",
        message: `must be "none", "daily", "weekly" or a 6-field cron${hint ? ` (did you mean "${hint}"?)` : ""}`,
      });
      return;
    }
    const problem = harborCronProblem(value, "scanAll");
    if (problem !== undefined) {
      // A single word is a keyword mistyped, not a cron: point at the closest keyword.
      const typo = /\s/.test(value.trim()) ? undefined : closestMatch(value, SCAN_SCHEDULES);
      ctx.addIssue({
        code: "custom",
        message:
          `must be "none", "daily", "weekly" or a 6-field cron; as a cron it ${problem} (e.g. "0 0 2 * * *")` +
          (typo === undefined ? "" : ` (did you mean "${typo}"?)`),
      });
    }
  })
  .meta({
    description: `When Harbor scans every artifact: ${SCAN_SCHEDULES.map((s) => `\`${s}\``).join(", ")} or a 6-field cron whose second is \`0\`.`,
    defaultText: "none: no schedule is configured",
  });

/** `scanSchedule:` when Harbor scans every artifact (harbor_interrogation_services). */
export const scanScheduleFeature: Day2Feature<typeof scanScheduleSchema, ScanSchedule | undefined> = {
  stack: "config",
  schema: scanScheduleSchema,
  resolve: (raw) => raw,
  configured: (schedule) => schedule !== undefined,
  build(ctx, schedule) {
    // "none": no resource; removing it sets Harbor's scan schedule back to None.
    if (schedule === undefined || schedule === "none") return;
    new ctx.lib.HarborInterrogationServices(ctx.scope, "ScanSchedule", {
      vulnerabilityScanPolicy:
        schedule === "daily" || schedule === "weekly"
          ? KEYWORDS[schedule as "daily" | "weekly"]
          : providerSchedule(schedule),
      dependsOn: ctx.dependsOn,
    });
  },
};
