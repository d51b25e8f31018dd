/**
 * What users run, with their own tools (`npm run test:package`, run by `.ci/run`), each run taking seconds to a
 * minute: the package test (`__tests__/package/`: packs the library, installs it into a fresh project outside the
 * repository and synthesizes the documented examples there) and the app under the real cdktf CLI
 * (`__tests__/cli/`). Kept out of `npm test`, which stays fast; `npm test` covers the app's side of the CLI test
 * without the CLI (`__tests__/stacks/synth-output.test.ts`).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__/package", "<rootDir>/__tests__/cli"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js" },
  testTimeout: 120_000,
  maxWorkers: 1,
};
