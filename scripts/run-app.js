// Runs the app (main.ts) in this one Node process: `npm run synth` and `cdktf synth` both call it.
// The TypeScript sources and the packages they use (but cdktf and constructs) are bundled with esbuild's API into
// .build/main.js only when a source is newer than the bundle, so a repeated synth pays neither esbuild nor a second
// `npm run`.
// `--build-only` bundles (when stale) and exits. Plain JavaScript on purpose: it must run before
// anything is compiled.
"use strict";
const { existsSync, readdirSync, statSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const bundle = path.join(root, ".build", "main.js");
// Everything esbuild reads: the sources main.ts imports, and the installed packages, which the bundle holds (npm
// rewrites node_modules/.package-lock.json on every install).
const SOURCES = [
  "main.ts",
  "config",
  "stacks",
  "constructs",
  "package-lock.json",
  path.join("node_modules", ".package-lock.json"),
  "tsconfig.json",
];

function newestMtimeMs(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtimeMs(path.join(entry, name))), 0);
}

function bundleIsFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return SOURCES.every((source) => newestMtimeMs(path.join(root, source)) <= built);
}

if (!bundleIsFresh()) {
  require("esbuild").buildSync({
    entryPoints: [path.join(root, "main.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    // Every package in the one file (nothing to resolve and load module by module; the providers' inline source maps
    // left out) but the framework: cdktf loads only once the config is valid, with the start-up stand-ins of
    // stacks/cdktf-speed/startup.ts, and constructs must be the copy cdktf itself loads.
    external: ["cdktf", "cdktf/*", "constructs"],
    logLevel: "warning",
    outfile: bundle,
  });
}
if (!process.argv.includes("--build-only")) require(bundle);
