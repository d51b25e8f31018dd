// Prints the synthesized stacks' folders in deploy order (every stack after the stacks it depends on), one per line,
// from cdktf's manifest: `node scripts/stack-order.js cdktf.out`. Used by the CI workflow, which plans and applies
// with plain Terraform and so must order the stacks itself (platform, instance, day-2, then replication stacks,
// which wait for the targets' day-2 stacks). Plain JavaScript: it runs before anything is compiled.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

/** Stack names in an order where each comes after its dependencies; throws on a cycle. Ties keep name order. */
function deployOrder(manifest) {
  const stacks = manifest.stacks;
  const order = [];
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`stack dependency cycle: ${[...trail, name].join(" -> ")}`);
    if (stacks[name] === undefined) throw new Error(`stack "${name}" is named as a dependency but not synthesized`);
    state.set(name, "visiting");
    for (const dependency of [...stacks[name].dependencies].sort()) visit(dependency, [...trail, name]);
    state.set(name, "done");
    order.push(name);
  };
  for (const name of Object.keys(stacks).sort()) visit(name, []);
  return order;
}

if (require.main === module) {
  const outdir = process.argv[2] ?? "cdktf.out";
  const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  for (const name of deployOrder(manifest)) {
    console.log(path.join(outdir, manifest.stacks[name].workingDirectory) + "/");
  }
}

module.exports = { deployOrder };
