import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { readFileSync } from "node:fs";

const script = join(__dirname, "..", "..", "scripts", "check-plan.js");

/** A `terraform show -json` plan with one harbor_project change. */
const plan = (actions: string[], forceDestroy: boolean | undefined) => ({
  format_version: "1.2",
  resource_changes: [
    {
      address: "harbor_project.Project-team-a_B7B8EE26",
      type: "harbor_project",
      change: { actions, before: { name: "team-a", force_destroy: forceDestroy }, after: null },
    },
    { address: "harbor_robot_account.ci", type: "harbor_robot_account", change: { actions: ["delete"], before: {} } },
  ],
});

const check = (input: unknown) =>
  spawnSync(process.execPath, [script, "harbor-prod-config"], { input: JSON.stringify(input), encoding: "utf8" });

describe("scripts/check-plan.js (the deploy's guard against half-way project deletions)", () => {
  it("refuses a removed project whose state has force_destroy false, before anything is applied, naming the fix", () => {
    const result = check(plan(["delete"], false));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('harbor-prod-config: this plan deletes Harbor project "team-a"');
    expect(result.stderr).toContain("forceDestroy: true");
  });

  it("refuses a renamed project (delete and create) the same way", () => {
    expect(check(plan(["delete", "create"], false)).status).toBe(1);
    expect(check(plan(["create", "delete"], undefined)).status).toBe(1);
  });

  it("lets a deliberate removal (force_destroy applied) and every other change through", () => {
    expect(check(plan(["delete"], true)).status).toBe(0);
    expect(check(plan(["update"], false)).status).toBe(0);
    expect(check({ format_version: "1.2" }).status).toBe(0);
  });

  it("runs in the deploy job between plan and apply", () => {
    const workflow = readFileSync(join(__dirname, "..", "..", ".github", "workflows", "harbor.yml"), "utf8");
    expect(workflow).toMatch(
      /plan -input=false -no-color -out=tfplan\n.*\n\s*terraform -chdir="\$dir" show -json tfplan \| node scripts\/check-plan\.js "\$name"\n\s*terraform -chdir="\$dir" apply/,
    );
  });
});
