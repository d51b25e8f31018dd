/**
 * Harbor's schedules (garbage collection, scan all, retention, replication) are 6-field cron expressions,
 * `second minute hour day-of-month month day-of-week`, and Harbor checks them in two steps (goharbor/harbor v2.15.1):
 *
 * 1. `utils.CronParser().Parse` (src/common/utils/utils.go): robfig/cron v3.0.1 with
 *    `NewParser(Second | Minute | Hour | Dom | Month | Dow)`, so exactly six fields, no `@daily` descriptors. Each
 *    field is a comma-separated list of `*`, `?` (same as `*`, in any field), a value, a range `a-b`, any of those
 *    with a step `/n` (n >= 1; `a/n` runs from a to the field's maximum); month and weekday also take names
 *    (JAN-DEC, SUN-SAT, any case). Ranges must lie within the field and not run backwards (robfig parser.go
 *    `getRange`).
 * 2. Per use, on the cron split at single spaces:
 *    - GC (src/server/v2.0/handler/gc.go `updateSchedule`), scan all (handler/scan_all.go
 *      `createOrUpdateScanAllSchedule`) and tag retention (src/pkg/retention/policy/models.go
 *      `ValidateRetentionPolicy`) call `utils.ValidateCronString`: the first field must be exactly `0`;
 *    - replication (src/controller/replication/model/model.go `Policy.Validate`): the first field must be exactly
 *      `0`, and the minute field must not be `*`.
 *
 * The library is stricter than robfig in three places, each a schedule nobody means: an empty list item (`1,,2`),
 * numbers of more than two digits or with a sign, and a `TZ=` prefix (Harbor's second check would skip it). Every
 * schedule handed to the provider goes through {@link providerSchedule}, which collapses whitespace, so the
 * single-space split of step 2 sees the fields robfig sees.
 */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export const CRON_FIELDS: readonly CronField[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 6, names: WEEKDAYS },
];

/** What a Harbor schedule is for: each use has its own rules (see the module comment). */
export type HarborCronUse = "gc" | "scanAll" | "retention" | "replication";

/** Where Harbor checks each use, for the messages (goharbor/harbor v2.15.1). */
const USE_SOURCES: Readonly<Record<HarborCronUse, string>> = {
  gc: "GC schedules (src/server/v2.0/handler/gc.go)",
  scanAll: "scan-all schedules (src/server/v2.0/handler/scan_all.go)",
  retention: "retention schedules (src/pkg/retention/policy/models.go)",
  replication: "replication schedules (src/controller/replication/model/model.go)",
};

/** The parser rule of the message: every refusal names the rule it breaks. */
const PARSER_RULE = "Harbor's cron parser (robfig/cron v3, 6 fields)";

function value(field: CronField, text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return field === CRON_FIELDS[4] ? index + 1 : index;
}

/** Why one field is invalid, or undefined when it is valid. */
function fieldProblem(field: CronField, text: string): string | undefined {
  const range = `${field.min}-${field.max}`;
  for (const part of text.split(",")) {
    const [base, step, ...rest] = part.split("/");
    if (rest.length > 0 || base === "") return `"${part}" is not a ${field.name} (allowed ${range})`;
    if (step !== undefined && !(/^\d{1,2}$/.test(step) && Number(step) >= 1)) {
      return `step "/${step}" in the ${field.name} must be a whole number >= 1`;
    }
    if (base === "*" || base === "?") continue;
    const bounds = base.split("-");
    if (bounds.length > 2) return `"${part}" is not a ${field.name} (allowed ${range})`;
    const numbers = bounds.map((b) => value(field, b));
    if (numbers.some((n) => n === undefined || n < field.min || n > field.max)) {
      return `"${base}" is out of range for the ${field.name} (allowed ${range}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""})`;
    }
    if (numbers.length === 2 && (numbers[0] as number) > (numbers[1] as number)) {
      return `range "${base}" in the ${field.name} runs backwards`;
    }
  }
  return undefined;
}

/**
 * Why Harbor's cron parser refuses an expression (rule 1 of the module comment), or undefined when it parses. The
 * use-specific rules are {@link harborCronProblem}'s.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} field${fields.length === 1 ? "" : "s"}; ${PARSER_RULE} needs exactly 6: second minute hour day-of-month month day-of-week`;
  }
  for (let i = 0; i < 6; i++) {
    const problem = fieldProblem(CRON_FIELDS[i], fields[i]);
    if (problem !== undefined) return `${problem}: ${PARSER_RULE}`;
  }
  return undefined;
}

/**
 * Why Harbor refuses an expression as a schedule for `use`, naming the rule and where Harbor applies it, or undefined
 * when Harbor accepts it (see the module comment).
 */
export function harborCronProblem(expression: string, use: HarborCronUse): string | undefined {
  const parsed = cronProblem(expression);
  if (parsed !== undefined) return parsed;
  const [second, minute] = expression.trim().split(/\s+/);
  if (second !== "0") {
    return `starts at second "${second}"; Harbor's ${USE_SOURCES[use]} need the 1st field (seconds) to be exactly 0`;
  }
  if (use === "replication" && minute === "*") {
    return `runs every minute; Harbor's ${USE_SOURCES.replication} refuse "*" in the minute field (use e.g. "0 */15 * * * *")`;
  }
  return undefined;
}

const KEYWORD_CRONS: Readonly<Record<string, string>> = {
  "0 0 * * * *": "Hourly",
  "0 0 0 * * *": "Daily",
  "0 0 0 * * 0": "Weekly",
};

/** A cron with its fields separated by single spaces, as Harbor's checks split it (see the module comment). */
export function normalizedCron(cron: string): string {
  return cron.trim().split(/\s+/).join(" ");
}

/**
 * A GC, scan-all or retention schedule as the goharbor provider reads it back, so plans stay empty: whitespace
 * collapsed, and the three crons Harbor stores as keywords written as those keywords (provider v3.12.4
 * client/misc.go `GetSchedule`; resource_garbage_collection.go and resource_retention_policy.go read the keyword
 * back, not the cron). Replication schedules are read back as the cron itself: use {@link normalizedCron}.
 */
export function providerSchedule(cron: string): string {
  const normalized = normalizedCron(cron);
  return KEYWORD_CRONS[normalized] ?? normalized;
}

/**
 * The 5-field schedule of a Kubernetes CronJob for a 6-field Harbor-style cron. CronJobs start at whole minutes,
 * so the second must be 0; `?` becomes `*`. Throws with the reason otherwise (see {@link kubernetesScheduleProblem}).
 */
export function kubernetesSchedule(cron: string): string {
  const problem = kubernetesScheduleProblem(cron);
  if (problem !== undefined) throw new Error(`"${cron}" ${problem}`);
  return cron
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((field) => (field === "?" ? "*" : field))
    .join(" ");
}

/** Why a 6-field cron cannot drive a Kubernetes CronJob, or undefined when it can. */
export function kubernetesScheduleProblem(cron: string): string | undefined {
  const problem = cronProblem(cron);
  if (problem !== undefined) return problem;
  const second = cron.trim().split(/\s+/)[0];
  return second === "0"
    ? undefined
    : `starts at second "${second}"; Kubernetes CronJobs start at whole minutes, so the first field must be 0`;
}
