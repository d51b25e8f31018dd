/** What every test file shares. */
const common = {
  testEnvironment: "node",
  rootDir: __dirname,
  roots: ["<rootDir>/__tests__"],
  // One test file per module, named after it (__tests__/support/test-files.test.ts checks the names).
  testMatch: ["**/*.test.ts"],
  // esbuild strips the types file by file (tsconfig has isolatedModules); `npm test` type-checks once with tsc.
  transform: { "^.+\\.ts$": "<rootDir>/__tests__/support/esbuild-transform.js" },
  // The example imports the package by name, as a consumer would; resolve it to the source entry point.
  moduleNameMapper: {
    "^harbor-doks$": "<rootDir>/constructs/index.ts",
  },
  // Creation stacks formatted as Node formats them, not source-mapped frame by frame (why: the file).
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/creation-stacks.js"],
};

/** The library's tests, and the examples built on it: cdktf as library users run it. */
const LIBRARY = ["<rootDir>/__tests__/constructs/", "<rootDir>/__tests__/examples/"];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "library",
      testMatch: LIBRARY.map((folder) => `${folder}**/*.test.ts`),
    },
    {
      ...common,
      displayName: "app",
      // The package test packs and installs the library (about a minute), the CLI test runs the real cdktf CLI:
      // jest.package.config.js, `npm run test:package`.
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/__tests__/package/",
        "<rootDir>/__tests__/cli/",
        ...LIBRARY,
      ],
      // The app's tests synthesize as the app does, with its cdktf speed-ups (stacks/cdktf-speed/, one switch).
      resolver: "<rootDir>/stacks/cdktf-speed/jest-resolver.js",
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, "<rootDir>/stacks/cdktf-speed/jest-setup.ts"],
    },
  ],
  // One temporary folder per run, and the folder of kept tool outputs (__tests__/support/global-setup.js).
  globalSetup: "<rootDir>/__tests__/support/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.js",
  maxWorkers: 2,
};
