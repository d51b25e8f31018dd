/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // The package test packs and installs the library (about a minute): jest.package.config.js, `npm run test:package`.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/package/"],
  // tsconfig has isolatedModules: ts-jest transpiles file by file; `npm test` type-checks once with tsc.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  // The example imports the package by name, as a consumer would; resolve it to the source entry point.
  moduleNameMapper: { "^harbor-doks$": "<rootDir>/constructs/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  maxWorkers: 2,
};
