/**
 * The package test (`npm run test:package`, run by `.ci/run`): packs the library, installs it into a fresh project
 * outside the repository and synthesizes the documented examples there. Kept out of `npm test`, which stays fast.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__/package"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js" },
  testTimeout: 120_000,
  maxWorkers: 1,
};
