// Jest resolver: cdktf's own `require("archiver")` and `require("semver")` resolve to lazy stand-ins
// (__tests__/support/lazy-*.ts; why in stacks/cdktf-startup.ts); every other request, and these two from any
// other package (jest-snapshot needs the real semver), resolves as usual. Plain JavaScript: jest loads it untransformed.
"use strict";
const path = require("node:path");

const cdktfRoot = path.dirname(require.resolve("cdktf/package.json"));
const STAND_INS = {
  archiver: path.join(__dirname, "lazy-archiver.ts"),
  semver: path.join(__dirname, "lazy-semver.ts"),
};

module.exports = (request, options) => {
  const standIn = STAND_INS[request];
  if (standIn !== undefined && options.basedir.startsWith(path.join(cdktfRoot, "lib") + path.sep)) return standIn;
  return options.defaultResolver(request, options);
};
