import { z } from "zod";
import { firstRetentionProject } from "../../constructs/harbor/day2/vocabulary";
import { harborCron, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";

const gcSchema = strictObject({
  schedule: harborCron("gc").meta({ description: "When garbage collection runs: a 6-field cron whose second is `0`." }),
  deleteUntagged: z
    .boolean()
    .meta({
      description:
        "Also delete every untagged artifact of every project. `true` is refused when a project has `retention`.",
      defaultText: "`true`; `false` when a project has `retention`",
    })
    .optional(),
}).meta({ description: "Garbage collection: frees the storage of deleted artifacts ([day-2](day-2.md))." });

/** `gc:` Harbor's garbage-collection schedule (harbor_garbage_collection). */
export const gcFeature = day2Feature({
  stack: "config",
  schema: gcSchema,
  resolve: (raw, instance) =>
    raw && {
      schedule: raw.schedule,
      /** Also delete untagged artifacts, in every project: not by default when a project has retention. */
      deleteUntagged: raw.deleteUntagged ?? firstRetentionProject(instance.projects) < 0,
    },
  configured: (gc) => gc !== undefined,
  check(gc, instance, issue) {
    const project = firstRetentionProject(instance.projects);
    if (gc.deleteUntagged === true && project >= 0) {
      issue(
        ["deleteUntagged"],
        `would delete every untagged artifact of every project, whatever projects[${project}].retention keeps; ` +
          "leave it out (false is the default when a project has retention) and let retention's untaggedAfterDays " +
          "delete untagged artifacts",
      );
    }
  },
});
