// jest setup (jest.config.js, both projects): cdktf and constructs record a creation stack for every token and
// construct (`Error.captureStackTrace` on a plain `{ stack: "" }` object, every frame), to quote in their own error
// messages. Node formats those frames as they are; jest's source-map support maps every one, and for a frame in a
// provider's class parses the whole inline source map of that file, once per test file: a third of the library's
// test time went there. Here such records are formatted as Node formats them outside jest, so the library's tests
// run cdktf as library users do, without that cost. Real errors (Error instances: every failure a test reports)
// keep their frames mapped to TypeScript lines. Plain JavaScript: jest loads a .js setup file untransformed.
"use strict";

/** `mapped` (jest's prepareStackTrace) for Error instances; Node's own format for any other record. */
function plainCreationStacks(mapped) {
  return function formatUnlessCreationRecord(target, callSites) {
    if (target instanceof Error) return mapped(target, callSites);
    return "Error" + callSites.map((site) => `\n    at ${site}`).join("");
  };
}

if (typeof Error.prepareStackTrace === "function") {
  Error.prepareStackTrace = plainCreationStacks(Error.prepareStackTrace);
}

module.exports = { plainCreationStacks };
