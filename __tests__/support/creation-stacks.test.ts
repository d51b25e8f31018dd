import { readFileSync } from "node:fs";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the setup file is plain JavaScript
const { plainCreationStacks } = require("./creation-stacks") as {
  plainCreationStacks: (mapped: PrepareStackTrace) => PrepareStackTrace;
};

type PrepareStackTrace = (target: object, callSites: NodeJS.CallSite[]) => string;

/** A call site as V8 gives it to prepareStackTrace, reduced to what the formatting reads. */
const site = (text: string, file: string) => ({ toString: () => text, getFileName: () => file });
const sites = [
  site("f (/x/node_modules/cdktf/lib/a.js:1:2)", "/x/node_modules/cdktf/lib/a.js"),
  site("Object.<anonymous> (/x/__tests__/a.test.ts:3:4)", "/x/__tests__/a.test.ts"),
  site(
    "callAsyncCircusFn (/x/node_modules/jest-circus/build/utils.js:5:6)",
    "/x/node_modules/jest-circus/build/utils.js",
  ),
  site("g (/x/node_modules/cdktf/lib/b.js:7:8)", "/x/node_modules/cdktf/lib/b.js"),
] as unknown as NodeJS.CallSite[];
const mapped: PrepareStackTrace = () => "mapped";

describe("creation-stacks.js", () => {
  it("formats a creation record as Node does, without asking jest's source maps, down to jest's own frames", () => {
    expect(plainCreationStacks(mapped)({ stack: "" }, sites)).toBe(
      "Error\n    at f (/x/node_modules/cdktf/lib/a.js:1:2)\n    at Object.<anonymous> (/x/__tests__/a.test.ts:3:4)",
    );
  });

  it("leaves every Error, of any class, to jest's source-mapped format", () => {
    class Failure extends Error {}
    expect(plainCreationStacks(mapped)(new Failure("x"), sites)).toBe("mapped");
    expect(plainCreationStacks(mapped)(new TypeError("x"), sites)).toBe("mapped");
  });

  it("is installed: a real error here still names this file's TypeScript line", () => {
    expect(Error.prepareStackTrace?.name).toBe("formatUnlessCreationRecord");
    const stack = new Error("real").stack ?? "";
    const line =
      readFileSync(__filename, "utf8")
        .split("\n")
        .findIndex((text) => text.includes('new Error("real")')) + 1;
    expect(stack).toContain(`creation-stacks.test.ts:${line}:`);
  });
});
