/** jest globalTeardown: removes the run's scratch temporary folder (scratch-tmpdir.js). */
const { rmSync } = require("node:fs");

module.exports = async function removeScratchTmpdir() {
  const dir = process.env.HARBOR_DOKS_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
