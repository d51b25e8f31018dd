import { HarborCronUse, cronProblem, harborCronProblem, providerSchedule } from "../../../constructs/harbor/cron";

describe("cronProblem (Harbor's 6-field cron)", () => {
  it.each([
    "0 0 3 * * 0",
    "0 0 3 * * ?",
    "*/30 * * * * *",
    "0 0 0 1,15 * *",
    "0 0 4 ? JAN-MAR MON-FRI",
    "59 59 23 31 12 6",
    "0 0 0 1 1 0",
    "0 5-10/5 * * * *",
    "  0 0 3 * * 0  ",
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  it.each([
    ["0 0 3 * *", /has 5 fields/],
    ["0 0 3 * * 0 2026", /has 7 fields/],
    ["60 0 3 * * 0", /second/],
    ["0 60 3 * * 0", /minute/],
    ["0 0 24 * * 0", /hour/],
    ["0 0 3 0 * 0", /day of month/],
    ["0 0 3 32 * 0", /day of month/],
    ["0 0 3 * 0 0", /month/],
    ["0 0 3 * 13 0", /month/],
    ["0 0 3 * * 7", /day of week/],
    ["0 0 3 * * MON-", /day of week/],
    ["0 */0 * * * *", /step "\/0"/],
    ["0 0 10-5 * * *", /backwards/],
    ["0 0 1,,2 * * *", /hour/],
    ["0 0 3 * FOO 0", /month/],
    ["a b c d e f", /second/],
  ])("rejects %j", (expression, message) => {
    expect(cronProblem(expression)).toMatch(message);
  });
});

// robfig/cron v3.0.1 (Harbor's parser) takes "?" in any field, as "*" (parser.go getRange).
it("accepts ? in any field, as Harbor's parser does", () => {
  expect(cronProblem("0 ? 3 * * 0")).toBeUndefined();
});

it("names the parser rule in every parse error", () => {
  for (const expression of ["0 0 3 * *", "0 0 24 * * *", "@daily", "TZ=UTC 0 0 3 * * *"]) {
    expect(cronProblem(expression)).toMatch(/Harbor's cron parser \(robfig\/cron v3, 6 fields\)/);
  }
});

/**
 * Real schedules, each refused by one of Harbor's own checks at v2.15.1 (see constructs/harbor/cron.ts): the
 * seconds rule of utils.ValidateCronString (GC, scan all, retention) and of the replication policy, and the
 * replication policy's minute rule.
 */
describe("harborCronProblem (Harbor's rules per use)", () => {
  const USES: HarborCronUse[] = ["gc", "scanAll", "retention", "replication"];

  it.each(USES)("%s: refuses a schedule that does not start at second 0, naming the rule and Harbor's file", (use) => {
    for (const expression of ["30 0 3 * * *", "*/30 * * * * *", "00 0 3 * * *", "? 0 3 * * *"]) {
      expect(harborCronProblem(expression, use)).toMatch(/need the 1st field \(seconds\) to be exactly 0/);
    }
    expect(harborCronProblem("30 0 3 * * *", use)).toMatch(
      {
        gc: /gc\.go/,
        scanAll: /scan_all\.go/,
        retention: /retention\/policy\/models\.go/,
        replication: /replication\/model\/model\.go/,
      }[use],
    );
  });

  it("replication: refuses * in the minute field (every minute), which GC and retention accept", () => {
    expect(harborCronProblem("0 * * * * *", "replication")).toMatch(/refuse "\*" in the minute field/);
    expect(harborCronProblem("0 * 3 * * *", "replication")).toMatch(/minute/);
    expect(harborCronProblem("0 * * * * *", "gc")).toBeUndefined();
    expect(harborCronProblem("0 * 3 * * *", "retention")).toBeUndefined();
    // A step is not "*": Harbor accepts it.
    expect(harborCronProblem("0 */15 * * * *", "replication")).toBeUndefined();
  });

  it.each(USES)("%s: refuses what the parser refuses", (use) => {
    expect(harborCronProblem("0 0 3 * *", use)).toMatch(/has 5 fields/);
    expect(harborCronProblem("@weekly", use)).toMatch(/has 1 field/);
  });

  it.each(USES)("%s: accepts the schedules the docs and the defaults use", (use) => {
    for (const expression of ["0 0 3 * * 0", "0 0 4 * * *", "0 30 2 * * *", "0 0 */6 * * *", "0 0 0 1 * *"]) {
      expect(harborCronProblem(expression, use)).toBeUndefined();
    }
  });
});

describe("providerSchedule (what the goharbor provider reads back)", () => {
  it.each([
    ["0 0 0 * * *", "Daily"],
    ["0  0 0 * * 0", "Weekly"],
    ["0 0 * * * *", "Hourly"],
    ["0 0 3 * * 0", "0 0 3 * * 0"],
  ])("%j -> %j", (cron, expected) => {
    expect(providerSchedule(cron)).toBe(expected);
  });
});
