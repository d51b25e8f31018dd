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

/** The script as the deploy job runs it: the plan on stdin, the stack's name as argument. */
const check = (input: unknown, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [script, "harbor-prod-config"], {
    input: JSON.stringify(input),
    encoding: "utf8",
    env: { ...process.env, HARBOR_DOKS_RESTORED_CHART_VERSION: "", ...env },
  });

/** A plan that moves the Harbor release from one chart version to another (upgrade-guard.test.ts: the rules). */
const harborChange = (from: string, to: string) => ({
  format_version: "1.2",
  resource_changes: [
    {
      address: "helm_release.Harbor_Release_4A1B2C3D",
      type: "helm_release",
      change: {
        actions: ["update"],
        before: { chart: "harbor", version: from },
        after: { chart: "harbor", version: to },
      },
    },
  ],
});

// Its decision, called in this process (the script exports it): one process per plan would cost more than the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script
const { refusedDeletions } = require(script) as { refusedDeletions: (plan: unknown) => { name: string }[] };
const refused = (input: unknown) => refusedDeletions(input).map((deletion) => deletion.name);

describe("scripts/check-plan.js (the deploy's guard against half-way project deletions)", () => {
  it("refuses a removed project whose state has force_destroy false, before anything is applied, naming the fix", () => {
    const result = check(plan(["delete"], false));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('harbor-prod-config: this plan deletes Harbor project "team-a"');
    expect(result.stderr).toContain("forceDestroy: true");
  });

  it("refuses a renamed project (delete and create) the same way", () => {
    expect(refused(plan(["delete", "create"], false))).toEqual(["team-a"]);
    expect(refused(plan(["create", "delete"], undefined))).toEqual(["team-a"]);
  });

  it("lets a deliberate removal (force_destroy applied) and every other change through", () => {
    expect(check(plan(["delete"], true))).toMatchObject({ status: 0, stderr: "" });
    expect(refused(plan(["update"], false))).toEqual([]);
    expect(refused({ format_version: "1.2" })).toEqual([]);
  });

  it("refuses a Harbor downgrade from the command line, and reads HARBOR_DOKS_RESTORED_CHART_VERSION from the environment", () => {
    const refusedDowngrade = check(harborChange("1.19.1", "1.18.0"));
    expect(refusedDowngrade.status).toBe(1);
    expect(refusedDowngrade.stderr).toContain(
      "harbor-prod-config: this plan changes the Harbor chart 1.19.1 -> 1.18.0",
    );
    expect(check(harborChange("1.19.1", "1.18.0"), { HARBOR_DOKS_RESTORED_CHART_VERSION: "1.18.0" })).toMatchObject({
      status: 0,
      stderr: "",
    });
  });

  it("runs in the deploy job between plan and apply", () => {
    const workflow = readFileSync(join(__dirname, "..", "..", ".github", "workflows", "harbor.yml"), "utf8");
    expect(workflow).toMatch(
      /plan -input=false -no-color -out=tfplan\n.*\n\s*terraform -chdir="\$dir" show -json tfplan \| node scripts\/check-plan\.js "\$name"\n\s*terraform -chdir="\$dir" apply/,
    );
  });
});
