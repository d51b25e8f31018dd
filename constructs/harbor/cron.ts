/**
 * Harbor's schedules (garbage collection, scans, retention) are 6-field cron expressions parsed by
 * robfig/cron v3 with a seconds field: `second minute hour day-of-month month day-of-week`
 * (goharbor/harbor v2.15.1 src/common/utils/utils.go: NewParser(Second | Minute | Hour | Dom | Month | Dow)).
 * Each field is `*`, `?` (day fields only), a value, a range `a-b`, any of those with a step `/n`,
 * or a comma-separated list of them. Month and weekday also take names (JAN-DEC, SUN-SAT).
 */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly question?: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export const CRON_FIELDS: readonly CronField[] = [
  { name: "second", min: 0, max: 59 },
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 6, names: WEEKDAYS, question: true },
];

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
    if (base === "*" || (base === "?" && field.question)) continue;
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

/** Why a 6-field cron expression is invalid, or undefined when Harbor accepts it. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} field${fields.length === 1 ? "" : "s"}; Harbor needs 6: second minute hour day-of-month month day-of-week`;
  }
  for (let i = 0; i < 6; i++) {
    const problem = fieldProblem(CRON_FIELDS[i], fields[i]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const KEYWORD_CRONS: Readonly<Record<string, string>> = {
  "0 0 * * * *": "Hourly",
  "0 0 0 * * *": "Daily",
  "0 0 0 * * 0": "Weekly",
};

/**
 * A schedule as the goharbor provider reads it back, so plans stay empty: whitespace collapsed, and the three
 * crons Harbor stores as keywords written as those keywords (provider v3.12.4 client/misc.go `GetSchedule`;
 * resource_garbage_collection.go and resource_retention_policy.go read the keyword back, not the cron).
 */
export function providerSchedule(cron: string): string {
  const normalized = cron.trim().split(/\s+/).join(" ");
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
