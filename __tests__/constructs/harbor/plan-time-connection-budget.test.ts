import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
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

/** Evaluates `${...}` expressions with real `terraform console` (no configuration, no providers needed). */
function evaluate(expressions: string[]): string[] {
  const input = `[${expressions.map((e) => e.replace(/^\$\{(.*)\}$/s, "$1")).join(", ")}]`;
  const out = execFileSync("terraform", ["console"], {
    input,
    encoding: "utf8",
    cwd: tmpdir(),
    env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
  });
  return out
    .replace(/[[\]\s]/g, "")
    .split(",")
    .filter((v) => v !== "");
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

  it.each(cases)("%s shared by %i pods matches connectionBudget, precondition included", (size, pods) => {
    const budget = planTimeConnectionBudget(size, pods);
    const [maxOpen, maxIdle, fits] = evaluate(
      [budget.maxOpenConns, budget.maxIdleConns, budget.precondition.condition].map(
        (value) => rendered(stack, value) as string,
      ),
    );
    // The synth-time budget for the same number of pods: one core and one jobservice (4 with surge), the rest others.
    const otherPods = pods - connectionBudgetPods({ core: 1, jobservice: 1 });
    let expected: { maxOpenConns: number; maxIdleConns: number } | undefined;
    try {
      expected = connectionBudget(size, { core: 1, jobservice: 1 }, otherPods);
    } catch {
      expected = undefined;
    }
    expect(fits).toBe(expected === undefined ? "false" : "true");
    if (expected !== undefined) {
      expect([Number(maxOpen), Number(maxIdle)]).toEqual([expected.maxOpenConns, expected.maxIdleConns]);
    }
  });

  it("the precondition's message shows the numbers", () => {
    const budget = planTimeConnectionBudget("db-s-1vcpu-1gb", 10);
    const message = rendered(stack, budget.precondition.errorMessage) as string;
    // A template as Terraform reads error_message: quotes inside its interpolations stay unescaped.
    const shown = execFileSync("terraform", ["console"], {
      input: `"${message}"`,
      encoding: "utf8",
      cwd: tmpdir(),
      env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    });
    expect(JSON.parse(shown.trim())).toBe(
      "PostgreSQL size db-s-1vcpu-1gb accepts 22 connections (25 per GiB, 3 reserved), 20 after headroom; 10 Harbor " +
        "pods sharing it (every instance of the config on this cluster, plus one surge pod per Deployment during " +
        "rollouts) need at least 5 each (50). Resize the cluster, put fewer instances on it or run fewer harbor replicas.",
    );
  });

  it("a slug without the RAM suffix fails the precondition instead of erroring", () => {
    const budget = planTimeConnectionBudget("custom-size", 4);
    expect(evaluate([rendered(stack, budget.precondition.condition) as string])).toEqual(["false"]);
  });
});
