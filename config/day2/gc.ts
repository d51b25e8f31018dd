import { z } from "zod";
import { harborCron, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";
import type { Day2Instance } from "./feature";

const gcSchema = strictObject({
  schedule: harborCron("gc"),
  deleteUntagged: z.boolean().optional(),
});

/** The index of the first project with a retention policy, or undefined. */
function firstRetention(instance: Day2Instance): number | undefined {
  const index = (instance.projects ?? []).findIndex((project) => project.retention !== undefined);
  return index < 0 ? undefined : index;
}

/**
 * Whether any project has retention rules. Harbor's GC with `delete_untagged` deletes every untagged artifact of
 * every project, whatever a retention policy keeps (untagged artifacts kept for `untaggedAfterDays`, or forever with
 * only `keepLastPushed`), so with retention the default is false and true is refused.
 */
export function hasRetention(instance: Day2Instance): boolean {
  return firstRetention(instance) !== undefined;
}

/** `gc:` Harbor's garbage-collection schedule (harbor_garbage_collection). */
export const gcFeature = day2Feature({
  stack: "config",
  schema: gcSchema,
  resolve: (raw, instance) =>
    raw && {
      schedule: raw.schedule,
      /** Also delete untagged artifacts, in every project (see {@link hasRetention}). */
      deleteUntagged: raw.deleteUntagged ?? !hasRetention(instance),
    },
  configured: (gc) => gc !== undefined,
  check(gc, instance, issue) {
    const project = firstRetention(instance);
    if (gc.deleteUntagged === true && project !== undefined) {
      issue(
        ["deleteUntagged"],
        `would delete every untagged artifact of every project, whatever projects[${project}].retention keeps; ` +
          "leave it out (false is the default when a project has retention) and let retention's untaggedAfterDays " +
          "delete untagged artifacts",
      );
    }
  },
});
