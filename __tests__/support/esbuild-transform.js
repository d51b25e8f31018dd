// Jest transform for the TypeScript sources: esbuild strips the types of one file at a time (tsconfig has
// isolatedModules, so no file needs another to compile; `npm test` type-checks the whole project with tsc
// first). It loads in milliseconds where ts-jest loads the TypeScript compiler into every worker, and compiles a
// changed file about a hundred times faster. The source map goes back to jest, so stack traces name .ts lines.
// Plain JavaScript: jest loads its transforms untransformed.
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const esbuild = require("esbuild");

// What the output depends on besides the file itself: this transform, esbuild's version, the compiler options.
const tsconfigRaw = {
  compilerOptions: { target: "ES2022", useDefineForClassFields: true, verbatimModuleSyntax: false },
};
const SALT = [readFileSync(__filename, "utf8"), esbuild.version, JSON.stringify(tsconfigRaw)].join("\0");

module.exports = {
  getCacheKey(source, path) {
    return createHash("sha256").update(SALT).update("\0").update(path).update("\0").update(source).digest("hex");
  },
  process(source, path) {
    const { code, map } = esbuild.transformSync(source, {
      loader: path.endsWith(".tsx") ? "tsx" : "ts",
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcefile: path,
      sourcemap: "external",
      sourcesContent: false,
      tsconfigRaw,
    });
    return { code, map };
  },
};
