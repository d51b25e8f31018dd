#!/usr/bin/env node
// Refuses a saved plan that deletes a Harbor project Harbor would refuse to delete, BEFORE anything is applied.
//
//   terraform -chdir=<stack> show -json tfplan | node scripts/check-plan.js <stack name>
//
// The goharbor provider (v3.12.4, provider/resource_project.go resourceProjectDelete) deletes a project only when it
// holds no repositories, unless the state says force_destroy = true; and Terraform destroys a project's robots, pull
// Secrets, rules and members before the project. Applying such a plan for a project that still holds images stops
// half-way, with the robots and their secrets gone. Terraform cannot see whether a project is empty, so every
// deletion (a removed or renamed project) must have been made deliberate first: `forceDestroy: true` on the project
// in the config, applied, so the images go with it. Exit 1 lists each such project; exit 0 otherwise.
//
// It also refuses a change of the Harbor chart's version that Harbor cannot migrate (docs/upgrading.md):
// - a downgrade: core migrates the database schema on start (goharbor/harbor v2.15.1 src/migration/migration.go,
//   golang-migrate over make/migrations/postgresql, which has no down migrations), and "the database schema cannot be
//   downgraded automatically, so the helm rollback is not supported" (goharbor/harbor-helm v1.19.1 docs/Upgrade.md);
// - a jump of more than two Harbor minor versions: each Harbor release's upgrade guide covers migration from the two
//   minor versions before it only (goharbor.io/docs/<2.N>/administration/upgrade: "only covers migration from
//   v2.(N-2).0 and later"). The refusal names the chart versions to go through, one apply each.
// - a change of version in the same plan as a new release of charts/registry-backup: that chart dumps the database in
//   a pre-upgrade hook, which an install does not run (when a plan installs it: docs/upgrading.md, "Adding or removing
//   a backup block" and "Upgrading this project").
// Plain JavaScript on purpose: the CI workflow runs it before anything is compiled.
"use strict";

/** The deletions of harbor_project a plan holds whose state does not allow deleting repositories. */
function refusedDeletions(plan) {
  return (plan.resource_changes ?? [])
    .filter((change) => change.type === "harbor_project" && (change.change?.actions ?? []).includes("delete"))
    .filter((change) => change.change.before?.force_destroy !== true)
    .map((change) => ({ address: change.address, name: change.change.before?.name ?? "?" }));
}

/** The Harbor chart's versions and the Harbor minor each ships: chart 1.x carries Harbor 2.(x-4) (1.19 -> 2.15). */
function harborMinorOfChart(version) {
  const match = /^1\.(\d+)\.(\d+)$/.exec(version ?? "");
  if (match === null || Number(match[1]) < 5) return undefined;
  return Number(match[1]) - 4;
}

/** Most Harbor minor versions one upgrade may cross. */
const MAX_MINOR_JUMP = 2;

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * Version changes of the Harbor release (helm_release with chart "harbor") that Harbor cannot migrate: each with the
 * release's address, both chart versions and the reason (`downgrade`, `jump` with the path, or `unknown`).
 * `restoredTo`: a chart version whose database dump has been restored (HARBOR_DOKS_RESTORED_CHART_VERSION); a
 * downgrade to exactly that version passes.
 */
function refusedUpgrades(plan, restoredTo) {
  return (plan.resource_changes ?? [])
    .filter((change) => change.type === "helm_release" && (change.change?.actions ?? []).includes("update"))
    .filter((change) => change.change.before?.chart === "harbor" && change.change.after?.chart === "harbor")
    .map((change) => ({ address: change.address, from: change.change.before.version, to: change.change.after.version }))
    .filter(({ from, to }) => typeof from === "string" && typeof to === "string" && from !== to)
    .map((upgrade) => {
      const [fromMinor, toMinor] = [harborMinorOfChart(upgrade.from), harborMinorOfChart(upgrade.to)];
      if (fromMinor === undefined || toMinor === undefined) return { ...upgrade, reason: "unknown" };
      if (compareVersions(upgrade.to, upgrade.from) < 0) {
        // The operator restored a dump of the older version first (docs/upgrading.md, Rolling back).
        return restoredTo === upgrade.to ? undefined : { ...upgrade, reason: "downgrade" };
      }
      if (toMinor - fromMinor <= MAX_MINOR_JUMP) return undefined;
      const path = [];
      for (let minor = fromMinor + MAX_MINOR_JUMP; minor < toMinor; minor += MAX_MINOR_JUMP) {
        path.push(`1.${minor + 4}.x`);
      }
      return { ...upgrade, reason: "jump", path: [...path, upgrade.to] };
    })
    .filter((upgrade) => upgrade !== undefined);
}

/** Whether a plan's helm_release installs charts/registry-backup (LocalChart's archive `registry-backup-<hash>.tgz`). */
function installsDumpRelease(change) {
  const chart = change.change?.after?.chart;
  return (
    change.type === "helm_release" &&
    (change.change?.actions ?? []).includes("create") &&
    typeof chart === "string" &&
    /(?:^|\/)registry-backup-[0-9a-f]{16}\.tgz$/.test(chart)
  );
}

/**
 * Version changes of the Harbor release in a plan that also installs (creates or replaces) a registry-backup release:
 * its pre-upgrade dump would not run before this upgrade. Each with the Harbor release's address, both versions and
 * the address of the new dump release; reason `undumped`. Any change of version counts, downgrades included, and
 * HARBOR_DOKS_RESTORED_CHART_VERSION does not lift it: a restored dump does not make this install dump, and a
 * downgrade in such a plan is also refused by `refusedUpgrades` (two messages for one change, each true).
 */
function undumpedUpgrades(plan) {
  const installs = (plan.resource_changes ?? []).filter(installsDumpRelease);
  if (installs.length === 0) return [];
  return (plan.resource_changes ?? [])
    .filter((change) => change.type === "helm_release" && (change.change?.actions ?? []).includes("update"))
    .filter((change) => change.change.before?.chart === "harbor" && change.change.after?.chart === "harbor")
    .map((change) => ({ address: change.address, from: change.change.before.version, to: change.change.after.version }))
    .filter(({ from, to }) => typeof from === "string" && typeof to === "string" && from !== to)
    .map((upgrade) => ({ ...upgrade, reason: "undumped", dumpRelease: installs[0].address }));
}

function upgradeMessage(stack, refused) {
  return refused
    .map(({ address, from, to, reason, path, dumpRelease }) => {
      const head = `${stack}: this plan changes the Harbor chart ${from} -> ${to} (${address}). `;
      if (reason === "undumped") {
        return (
          head +
          `It also installs ${dumpRelease}, whose dump of the database runs on an upgrade of that release only, not ` +
          `on its install: Harbor would change version without a dump. Apply with harbor.chartVersion ${from} first ` +
          `(that installs the release and records ${from}), then change the version (docs/upgrading.md).`
        );
      }
      if (reason === "downgrade") {
        return (
          head +
          "Harbor cannot run on a database its newer version has migrated, and neither helm rollback nor a downgrade " +
          `undoes the migration. Put harbor.chartVersion back to ${from}; to really go back, restore the database dump ` +
          `taken before the upgrade to ${from}, then plan again with HARBOR_DOKS_RESTORED_CHART_VERSION=${to} ` +
          "(docs/upgrading.md, Rolling back)."
        );
      }
      if (reason === "jump") {
        return (
          head +
          `Harbor migrates from at most ${MAX_MINOR_JUMP} minor versions back. Upgrade in steps, one apply each: ` +
          `${[from, ...path].join(" -> ")} (the latest patch of each minor; docs/upgrading.md).`
        );
      }
      return (
        head +
        "No migration rules are known for these chart versions (Harbor chart 1.x with Harbor 2.x only); check Harbor's " +
        "upgrade guide for the path and upgrade with a guard that knows it."
      );
    })
    .join("\n");
}

function message(stack, refused) {
  return refused
    .map(
      ({ address, name }) =>
        `${stack}: this plan deletes Harbor project "${name}" (${address}) without force_destroy. If it holds images, ` +
        "Harbor refuses, after Terraform has already destroyed its robots and pull Secrets. To remove (or rename) it " +
        `on purpose: put it back in the config with forceDestroy: true, apply (its images will be deleted with it), ` +
        "then remove it. To keep it: undo the change in the config.",
    )
    .join("\n");
}

/**
 * The verdict on one stack's plan: exit status 1 with the messages when it deletes a project half-way or changes
 * Harbor's version in a way the upgrade rules refuse, else 0. `env` supplies HARBOR_DOKS_RESTORED_CHART_VERSION.
 */
function checkPlan(stack, plan, env) {
  const refused = refusedDeletions(plan);
  const upgrades = [...refusedUpgrades(plan, env.HARBOR_DOKS_RESTORED_CHART_VERSION), ...undumpedUpgrades(plan)];
  const lines = [];
  if (refused.length > 0) lines.push(message(stack, refused));
  if (upgrades.length > 0) lines.push(upgradeMessage(stack, upgrades));
  return { status: lines.length > 0 ? 1 : 0, stderr: lines.map((line) => `${line}\n`).join("") };
}

if (require.main === module) {
  const stack = process.argv[2] ?? "stack";
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", () => {
    const { status, stderr } = checkPlan(stack, JSON.parse(input), process.env);
    process.stderr.write(stderr);
    process.exitCode = status;
  });
}

module.exports = {
  checkPlan,
  refusedDeletions,
  message,
  refusedUpgrades,
  undumpedUpgrades,
  upgradeMessage,
  harborMinorOfChart,
};
