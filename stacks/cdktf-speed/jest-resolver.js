// Jest resolver for the app's tests (jest.config.js): cdktf's own `require("archiver")` and `require("semver")`
// resolve to lazy stand-ins (lazy-*.ts here; why in startup.ts); every other request, and these two from any other
// package (jest-snapshot needs the real semver), resolves as usual. Off, like the rest of this folder, with
// HARBOR_DOKS_PLAIN_CDKTF=1 (PLAIN_CDKTF_ENV in index.ts). Plain JavaScript: jest loads it untransformed.
"use strict";
const path = require("node:path");

const cdktfRoot = path.dirname(require.resolve("cdktf/package.json"));
const STAND_INS = {
  archiver: path.join(__dirname, "lazy-archiver.ts"),
  semver: path.join(__dirname, "lazy-semver.ts"),
};
const enabled = process.env.HARBOR_DOKS_PLAIN_CDKTF !== "1";

module.exports = (request, options) => {
  const standIn = enabled ? STAND_INS[request] : undefined;
  if (standIn !== undefined && options.basedir.startsWith(path.join(cdktfRoot, "lib") + path.sep)) return standIn;
  return options.defaultResolver(request, options);
};
