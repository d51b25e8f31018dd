// npm's `prepare` script: builds the library (dist/) when npm packs this package. npm runs `prepare` before it packs
// a directory, which covers `npm pack`, `npm publish` and `npm install <git URL>` (npm clones the repository,
// installs its devDependencies, runs `prepare` and packs the clone: pacote v21 lib/git.js and lib/dir.js). It also
// runs `prepare` after `npm ci` and `npm install` in a checkout, where nothing needs dist/ (synth and the tests run
// from source): there it does nothing, so a fresh clone's `npm ci` stays as fast as before. pacote marks the packing
// run by setting `npm_package_resolved`, which an install in a checkout does not set. Plain JavaScript, like
// run-app.js: it runs before anything is compiled.
"use strict";
const { spawnSync } = require("node:child_process");

/** Whether npm runs `prepare` to pack this directory (and so needs dist/), from the script's environment. */
function packing(env) {
  return env.npm_package_resolved !== undefined && env.npm_package_resolved !== "";
}

module.exports = { packing };

if (require.main === module) {
  if (!packing(process.env)) process.exit(0);
  const npm = process.env.npm_execpath;
  const result =
    npm === undefined
      ? spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" })
      : spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
