/**
 * jest globalSetup: one scratch folder per run as every worker's temporary directory (globalTeardown,
 * scratch-tmpdir-teardown.js, removes it). cdktf's `Testing.app()` makes a folder under `os.tmpdir()` per app and
 * never removes it, nor do the tests' own `mkdtemp` folders; over many runs `/tmp` filled with tens of thousands of
 * them, and whatever lists it slowed with them (`terraform console` reads its working directory).
 */
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

module.exports = async function createScratchTmpdir() {
  const dir = mkdtempSync(join(tmpdir(), "harbor-doks-test-"));
  process.env.HARBOR_DOKS_TEST_TMPDIR = dir;
  // Workers start after globalSetup and inherit the environment; os.tmpdir() reads TMPDIR on every call.
  process.env.TMPDIR = dir;
};
