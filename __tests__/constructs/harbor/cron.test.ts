import { cronProblem, providerSchedule } from "../../../constructs/harbor/cron";

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
    ["? 0 3 * * 0", /second/],
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
