// scripts/check-plan.js on changes of the Harbor chart's version: what a plan that bumps, jumps or downgrades Harbor
// does between plan and apply (the deploy job runs the script on every saved plan), and what a change of
// harbor.chartVersion synthesizes (an update of the release in place, never a replacement).
import { join } from "node:path";
import { synthConfig, resources } from "../stacks/synth";
import { configProblems } from "../helpers";

const script = join(__dirname, "..", "..", "scripts", "check-plan.js");

/** A `terraform show -json` plan that moves the Harbor release from one chart version to another. */
const plan = (from: string, to: string, chart = "harbor") => ({
  format_version: "1.2",
  resource_changes: [
    {
      address: "helm_release.Harbor_Release_4A1B2C3D",
      type: "helm_release",
      change: { actions: ["update"], before: { chart, version: from }, after: { chart, version: to } },
    },
  ],
});

// The script's verdict, called in this process as its command line calls it (check-plan.test.ts runs the command).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script
const { checkPlan } = require(script) as {
  checkPlan: (stack: string, plan: unknown, env: NodeJS.ProcessEnv) => { status: number; stderr: string };
};
const check = (input: unknown, env: Record<string, string> = {}) =>
  checkPlan("harbor-prod", JSON.parse(JSON.stringify(input)), { HARBOR_DOKS_RESTORED_CHART_VERSION: "", ...env });

const instance = (chartVersion: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    harbor: { chartVersion: "${chartVersion}" }
`;

describe("upgrade guard (scripts/check-plan.js)", () => {
  it("a supported version bump passes (patch, one and two Harbor minors)", () => {
    for (const [from, to] of [
      ["1.19.0", "1.19.1"],
      ["1.18.0", "1.19.1"],
      ["1.17.2", "1.19.1"],
    ]) {
      expect([from, to, check(plan(from, to)).status]).toEqual([from, to, 0]);
    }
  });

  it("a jump Harbor does not migrate is refused before apply, with the path to take", () => {
    const result = check(plan("1.15.2", "1.19.1"));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("harbor-prod: this plan changes the Harbor chart 1.15.2 -> 1.19.1");
    expect(result.stderr).toContain("1.15.2 -> 1.17.x -> 1.19.1");
    expect(check(plan("1.12.0", "1.19.1")).stderr).toContain("1.12.0 -> 1.14.x -> 1.16.x -> 1.18.x -> 1.19.1");
  });

  it("a downgrade is refused (the schema has migrated), naming the restore; after a restore it passes", () => {
    const result = check(plan("1.19.1", "1.18.0"));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Put harbor.chartVersion back to 1.19.1.*restore the database dump/);
    expect(check(plan("1.19.1", "1.19.0")).status).toBe(1);
    expect(check(plan("1.19.1", "1.18.0"), { HARBOR_DOKS_RESTORED_CHART_VERSION: "1.18.0" }).status).toBe(0);
    // Declaring another version does not open the door.
    expect(check(plan("1.19.1", "1.18.0"), { HARBOR_DOKS_RESTORED_CHART_VERSION: "1.17.0" }).status).toBe(1);
  });

  it("versions with no known rules are refused; other releases and first installs pass", () => {
    expect(check(plan("1.19.1", "2.0.0")).stderr).toContain("No migration rules are known");
    expect(check(plan("1.2.0", "1.4.0")).status).toBe(1);
    expect(check(plan("41.3.0", "30.0.0", "traefik")).status).toBe(0);
    const install = { resource_changes: [{ type: "helm_release", change: { actions: ["create"], after: {} } }] };
    expect(check(install).status).toBe(0);
  });
});

describe("upgrade guard: a version change in the plan that installs the dump's release", () => {
  /** The instance stack's registry-backup release (the dump's, without a backup), as synthesized. */
  const dumpChart = () =>
    (
      Object.values(resources(synthConfig(instance("1.19.1"))["harbor-prod"], "helm_release")).find(
        (r) => r.name === "harbor-doks-dump",
      ) as { chart: string }
    ).chart;
  const withDumpRelease = (from: string, to: string, actions: string[], chart = dumpChart()) => {
    const p = plan(from, to);
    return {
      ...p,
      resource_changes: [
        ...p.resource_changes,
        {
          address: "helm_release.UpgradeDump_Release_1A2B3C4D",
          type: "helm_release",
          change: { actions, before: actions[0] === "create" ? null : { chart }, after: { chart } },
        },
      ],
    };
  };

  it("is refused: an install runs no pre-upgrade dump, so Harbor would upgrade without one", () => {
    for (const actions of [["create"], ["delete", "create"], ["create", "delete"]]) {
      const result = check(withDumpRelease("1.18.0", "1.19.1", actions));
      expect([actions, result.status]).toEqual([actions, 1]);
      expect(result.stderr).toContain("harbor-prod: this plan changes the Harbor chart 1.18.0 -> 1.19.1");
      expect(result.stderr).toContain("It also installs helm_release.UpgradeDump_Release_1A2B3C4D");
      expect(result.stderr).toContain("Apply with harbor.chartVersion 1.18.0 first");
    }
  });

  it("passes when the dump's release is upgraded (its hook dumps), or installed without a version change", () => {
    expect(check(withDumpRelease("1.18.0", "1.19.1", ["update"])).status).toBe(0);
    expect(check(withDumpRelease("1.19.1", "1.19.1", ["create"])).status).toBe(0);
    // Another local chart installed beside the upgrade is not the dump's.
    expect(check(withDumpRelease("1.18.0", "1.19.1", ["create"], "postgres-grant-0123456789abcdef.tgz")).status).toBe(
      0,
    );
  });

  it("also covers the backup's release (the same chart) and an instance's first install", () => {
    const backupChart = (
      Object.values(
        resources(synthConfig(`${instance("1.19.1")}    backup: { region: ams3 }\n`)["harbor-prod"], "helm_release"),
      ).find((r) => r.name === "harbor-doks-backup") as { chart: string }
    ).chart;
    expect(backupChart).toBe(dumpChart());
    expect(check(withDumpRelease("1.18.0", "1.19.1", ["create"], backupChart)).status).toBe(1);
    const firstInstall = {
      resource_changes: [
        { type: "helm_release", change: { actions: ["create"], after: { chart: "harbor", version: "1.19.1" } } },
        { type: "helm_release", change: { actions: ["create"], after: { chart: dumpChart() } } },
      ],
    };
    expect(check(firstInstall).status).toBe(0);
  });
});

describe("harbor.chartVersion change in the synthesized stack", () => {
  const release = (version: string) =>
    Object.values(resources(synthConfig(instance(version))["harbor-prod"], "helm_release")).find(
      (r) => r.chart === "harbor",
    );

  it("changes only the release's version: an update in place (name, namespace, chart, repository stay)", () => {
    const [a, b] = [release("1.19.1"), release("1.18.0")];
    expect(b?.version).toBe("1.18.0");
    expect({ ...b, version: undefined }).toEqual({ ...a, version: undefined });
  });

  it("a range or a hostile version never reaches the plan", () => {
    expect(configProblems(instance("^1.19")).join("\n")).toMatch(/exact chart version/);
    expect(configProblems(instance("1.19.1; rm -rf /")).join("\n")).toMatch(/exact chart version/);
  });
});
