// `npm test` type-checks the whole project once, before jest (whose transform only strips types). tsc's
// incremental mode still parses and binds every file, the providers' large declaration files included (about
// 3 s here), so when nothing tsc reads has changed since the last clean check the check is skipped. What counts:
// the folders and files of tsconfig.json's "include" (files and folders, so a deleted or renamed file counts),
// the tsconfig, and the installed packages (npm rewrites node_modules/.package-lock.json on every install).
// `--force` checks anyway. Plain JavaScript, like run-app.js: it runs before anything is compiled.
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const stamp = path.join(root, ".build", "tsc.ok");
const tsconfig = path.join(root, "tsconfig.json");

function newestMtimeMs(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestMtimeMs(path.join(entry, name))),
    stat.mtimeMs,
  );
}

function inputs() {
  // tsconfig.json may hold comments, which JSON.parse refuses: then nothing counts as unchanged.
  const { include } = JSON.parse(readFileSync(tsconfig, "utf8"));
  return [...include, "tsconfig.json", "package-lock.json", path.join("node_modules", ".package-lock.json")].map(
    (entry) => path.join(root, entry),
  );
}

function unchangedSince(timeMs) {
  try {
    return inputs().every((entry) => newestMtimeMs(entry) < timeMs);
  } catch {
    return false;
  }
}

const checked = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
if (!process.argv.includes("--force") && checked !== undefined && unchangedSince(checked)) {
  console.log("check-types: no input changed since the last clean tsc --noEmit; skipped");
  process.exit(0);
}

// Stamped with the time the check started: a file saved while tsc runs is checked next time.
const started = new Date();
const tsc = require.resolve("typescript/bin/tsc");
const args = ["--noEmit", "--incremental", "--tsBuildInfoFile", path.join(root, ".build", "tsc.tsbuildinfo")];
const result = spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, "");
utimesSync(stamp, started, started);
