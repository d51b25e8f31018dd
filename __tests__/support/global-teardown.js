/**
 * jest globalTeardown: removes the run's scratch temporary folder and drops kept tool outputs and PostgreSQL templates no run
 * has read for a week (global-setup.js).
 */
const { existsSync, readdirSync, rmSync, statSync } = require("node:fs");
const { join } = require("node:path");

const WEEK_MS = 7 * 24 * 3600 * 1000;

module.exports = async function globalTeardown() {
  const dir = process.env.HARBOR_DOKS_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });

  // PostgreSQL templates (postgres-server-process.mjs marks the one it copies as read) of other binaries or owners.
  const templates = process.env.HARBOR_DOKS_PG_TEMPLATES;
  if (templates && templates !== "off" && existsSync(templates)) {
    for (const entry of readdirSync(templates)) {
      const path = join(templates, entry);
      if (statSync(path).mtimeMs < Date.now() - WEEK_MS) rmSync(path, { recursive: true, force: true });
    }
  }

  const cache = process.env.HARBOR_DOKS_OUTPUT_CACHE;
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
