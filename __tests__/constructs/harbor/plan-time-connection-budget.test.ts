import { Testing, TerraformStack } from "cdktf";
import { connectionBudget, connectionBudgetPods } from "../../../constructs/harbor/connection-budget";
import { planTimeConnectionBudget } from "../../../constructs/harbor/plan-time-connection-budget";
import { rendered } from "../../helpers";
import { describeWithTerraform, terraformValues } from "../../support/terraform-console";

/** Values of `${...}` expressions as Terraform evaluates them. */
const evaluate = (expressions: string[]): unknown[] =>
  terraformValues(expressions.map((e) => e.replace(/^\$\{(.*)\}$/s, "$1")));

describeWithTerraform("planTimeConnectionBudget, as terraform evaluates it", () => {
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
