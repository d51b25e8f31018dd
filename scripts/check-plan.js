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
// Plain JavaScript on purpose: the CI workflow runs it before anything is compiled.
"use strict";

/** The deletions of harbor_project a plan holds whose state does not allow deleting repositories. */
function refusedDeletions(plan) {
  return (plan.resource_changes ?? [])
    .filter((change) => change.type === "harbor_project" && (change.change?.actions ?? []).includes("delete"))
    .filter((change) => change.change.before?.force_destroy !== true)
    .map((change) => ({ address: change.address, name: change.change.before?.name ?? "?" }));
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

if (require.main === module) {
  const stack = process.argv[2] ?? "stack";
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", () => {
    const refused = refusedDeletions(JSON.parse(input));
    if (refused.length > 0) {
      console.error(message(stack, refused));
      process.exit(1);
    }
  });
}

module.exports = { refusedDeletions, message };
