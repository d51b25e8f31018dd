// jest setup (jest.config.js, both projects): cdktf and constructs record a creation stack for every token and
// construct (`Error.captureStackTrace` on a plain `{ stack: "" }` object, every frame), to quote in their own error
// messages. Node formats those frames as they are; jest's source-map support maps every one, and for a frame in a
// provider's class parses the whole inline source map of that file, once per test file: a third of the library's
// test time went there. Here such records are formatted as Node formats them outside jest, unmapped (a frame in a
// transformed file shows the transformed code's line), and down to jest's own frames, which a user's process does not
// have. cdktf still captures every record. Real errors (Error instances: every failure a test reports) keep their
// frames mapped to TypeScript lines. Plain JavaScript: jest loads a .js setup file untransformed.
"use strict";

/** A frame of jest itself (the runner below every test): what a user's process never has. */
const JEST_FRAME = /[\\/]node_modules[\\/](?:jest-[^\\/]+|@jest[\\/][^\\/]+)[\\/]/;

/**
 * `mapped` (jest's prepareStackTrace) for Error instances; for any other record, Node's own format of its frames down
 * to the first of jest's (the test's own frames included).
 */
function plainCreationStacks(mapped) {
  return function formatUnlessCreationRecord(target, callSites) {
    if (target instanceof Error) return mapped(target, callSites);
    let text = "Error";
    for (const site of callSites) {
      if (JEST_FRAME.test(site.getFileName() ?? "")) break;
      text += `\n    at ${site}`;
    }
    return text;
  };
}

if (typeof Error.prepareStackTrace === "function") {
  Error.prepareStackTrace = plainCreationStacks(Error.prepareStackTrace);
}

module.exports = { plainCreationStacks };
