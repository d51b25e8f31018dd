// eslint-disable-next-line @typescript-eslint/no-require-imports -- the setup file is plain JavaScript
const { plainCreationStacks } = require("./creation-stacks") as {
  plainCreationStacks: (mapped: PrepareStackTrace) => PrepareStackTrace;
};

type PrepareStackTrace = (target: object, callSites: NodeJS.CallSite[]) => string;

const sites = [{ toString: () => "f (/x/node_modules/cdktf/lib/a.js:1:2)" }] as unknown as NodeJS.CallSite[];
const mapped: PrepareStackTrace = () => "mapped";

describe("creation-stacks.js", () => {
  it("formats a creation record as Node does, without asking jest's source maps", () => {
    expect(plainCreationStacks(mapped)({ stack: "" }, sites)).toBe(
      "Error\n    at f (/x/node_modules/cdktf/lib/a.js:1:2)",
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
    expect(stack).toMatch(/creation-stacks\.test\.ts:26:\d+/);
  });
});
