// The docs' "A whole registry in your own stack" example is examples/whole-registry.ts, word for word, and short
// enough to copy. The package test (__tests__/package/consumer.test.ts) compiles and synthesizes it as a consumer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeBlocks } from "../package/markdown";

const root = join(__dirname, "..", "..");
const SECTION = "A whole registry in your own stack";

describe("the whole-registry example", () => {
  const example = readFileSync(join(root, "examples", "whole-registry.ts"), "utf8");

  it("is the one ts block of its docs/library.md section, unchanged", () => {
    const blocks = codeBlocks(readFileSync(join(root, "docs", "library.md"), "utf8"), "ts").filter(
      (block) => block.heading === SECTION,
    );
    expect(blocks.map((block) => block.code)).toEqual([example]);
  });

  it("is at most 40 lines and uses the composed constructs", () => {
    expect(example.trimEnd().split("\n").length).toBeLessThanOrEqual(40);
    expect(example).toContain("new IngressPlatform(");
    expect(example).toContain("new HarborOnDoks(");
  });
});
