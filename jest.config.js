/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  // One test file per module, named after it (__tests__/support/test-files.test.ts checks the names).
  testMatch: ["**/*.test.ts"],
  // The package test packs and installs the library (about a minute): jest.package.config.js, `npm run test:package`.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/package/"],
  // esbuild strips the types file by file (tsconfig has isolatedModules); `npm test` type-checks once with tsc.
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js" },
  // The example imports the package by name, as a consumer would; resolve it to the source entry point.
  moduleNameMapper: {
    "^harbor-doks$": "<rootDir>/constructs/index.ts",
  },
  // Modules cdktf loads at start-up and a synth never calls load on first use instead: about half of what each
  // test file pays to load cdktf (stacks/cdktf-startup.ts).
  resolver: "<rootDir>/__tests__/support/resolver.js",
  // One temporary folder per run, and the folder of kept helm renders (__tests__/support/global-setup.js).
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/token-stacks.ts", "<rootDir>/__tests__/setup.ts"],
  maxWorkers: 2,
};
