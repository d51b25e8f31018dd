import { z } from "zod";
import { harborCronProblem } from "../../constructs/harbor/cron";
import { SCAN_SCHEDULES, ScanSchedule } from "../../constructs/harbor/day2/vocabulary";
import { day2Feature } from "./feature";
import { closestMatch } from "../../constructs/core/suggest";

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
export const scanScheduleFeature = day2Feature({
  stack: "config",
  schema: scanScheduleSchema,
  resolve: (raw): ScanSchedule | undefined => raw,
  configured: (schedule) => schedule !== undefined,
});
