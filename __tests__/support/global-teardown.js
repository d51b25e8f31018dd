/**
 * jest globalTeardown: removes the run's scratch temporary folder and drops renders no run has read for a week
 * (global-setup.js).
 */
const { existsSync, readdirSync, rmSync, statSync } = require("node:fs");
const { join } = require("node:path");

const WEEK_MS = 7 * 24 * 3600 * 1000;

module.exports = async function globalTeardown() {
  const dir = process.env.HARBOR_DOKS_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });

  const cache = process.env.HARBOR_DOKS_RENDER_CACHE;
  if (!cache || cache === "off" || !existsSync(cache)) return;
  const cutoff = Date.now() - WEEK_MS;
  for (const shard of readdirSync(cache, { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const file of readdirSync(join(cache, shard.name))) {
      const path = join(cache, shard.name, file);
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { force: true });
    }
  }
};
