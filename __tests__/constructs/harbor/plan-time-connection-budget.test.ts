import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { connectionBudget, connectionBudgetPods } from "../../../constructs/harbor/connection-budget";
import { planTimeConnectionBudget } from "../../../constructs/harbor/plan-time-connection-budget";
import { rendered } from "../../helpers";

function hasTerraform(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const terraform = hasTerraform();
if (!terraform) console.warn("skipped the plan-time budget evaluation: no terraform on PATH");

/**
 * Evaluates `${...}` expressions with real `terraform console` (no configuration, no providers needed), all in one
 * run: each start of terraform costs a tenth of a second. The working directory is an empty folder of its own,
 * since terraform reads the configuration of the folder it runs in.
 */
function evaluate(expressions: string[]): unknown[] {
  const input = `jsonencode([${expressions.map((e) => e.replace(/^\$\{(.*)\}$/s, "$1")).join(", ")}])`;
  const out = execFileSync("terraform", ["console"], {
    input,
    encoding: "utf8",
    cwd: mkdtempSync(join(tmpdir(), "terraform-console-")),
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
  });
  return JSON.parse(JSON.parse(out.trim()) as string) as unknown[];
}

(terraform ? describe : describe.skip)("planTimeConnectionBudget, as terraform evaluates it", () => {
  const stack = new TerraformStack(Testing.app(), "test");
  const cases: [string, number][] = [
    ["db-s-1vcpu-1gb", 4],
    ["db-s-1vcpu-2gb", 6],
    ["db-s-1vcpu-2gb", 10],
    ["db-s-2vcpu-4gb", 13],
    ["gd-8vcpu-32gb", 6],
    ["db-s-1vcpu-1gb", 10],
  ];

  // Every expression of the describe block, evaluated by one terraform run before the first test reads it.
  const budgets = cases.map(([size, pods]) => planTimeConnectionBudget(size, pods));
  const message = planTimeConnectionBudget("db-s-1vcpu-1gb", 10).precondition.errorMessage;
  const noSuffix = planTimeConnectionBudget("custom-size", 4).precondition.condition;
  let results: unknown[] = [];
  beforeAll(() => {
    const expressions = budgets.flatMap((b) => [b.maxOpenConns, b.maxIdleConns, b.precondition.condition]);
    // A template as Terraform reads error_message: quotes inside its interpolations stay unescaped.
    results = evaluate(
      [...expressions, noSuffix]
        .map((value) => rendered(stack, value) as string)
        .concat(`"${rendered(stack, message) as string}"`),
    );
  });

  it.each(cases.map((c, i) => [...c, i] as const))(
    "%s shared by %i pods matches connectionBudget, precondition included",
    (size, pods, index) => {
      const [maxOpen, maxIdle, fits] = results.slice(3 * index, 3 * index + 3);
      // The synth-time budget for the same number of pods: one core and one jobservice (4 with surge), the rest others.
      const otherPods = pods - connectionBudgetPods({ core: 1, jobservice: 1 });
      let expected: { maxOpenConns: number; maxIdleConns: number } | undefined;
      try {
        expected = connectionBudget(size, { core: 1, jobservice: 1 }, otherPods);
      } catch {
        expected = undefined;
      }
      expect(fits).toBe(expected !== undefined);
      if (expected !== undefined) {
        expect([Number(maxOpen), Number(maxIdle)]).toEqual([expected.maxOpenConns, expected.maxIdleConns]);
      }
    },
  );

  it("the precondition's message shows the numbers", () => {
    expect(results[results.length - 1]).toBe(
      "PostgreSQL size db-s-1vcpu-1gb accepts 22 connections (25 per GiB, 3 reserved), 20 after headroom; 10 Harbor " +
        "pods sharing it (every instance of the config on this cluster, plus one surge pod per Deployment during " +
        "rollouts) need at least 5 each (50). Resize the cluster, put fewer instances on it or run fewer harbor replicas.",
    );
  });

  it("a slug without the RAM suffix fails the precondition instead of erroring", () => {
    expect(results[results.length - 2]).toBe(false);
  });
});
