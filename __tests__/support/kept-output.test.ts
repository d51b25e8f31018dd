import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OUTPUT_CACHE_ENV, keptOutput, treeDigest } from "./kept-output";

/** Runs `body` with `cache` as the folder of kept outputs. */
function withCache<T>(cache: string, body: () => T): T {
  const saved = process.env[OUTPUT_CACHE_ENV];
  process.env[OUTPUT_CACHE_ENV] = cache;
  try {
    return body();
  } finally {
    process.env[OUTPUT_CACHE_ENV] = saved;
  }
}

const keptFiles = (cache: string): string[] =>
  readdirSync(cache, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

describe("keptOutput", () => {
  it("runs the tool once per key, and again for any other key or kind", () => {
    const cache = mkdtempSync(join(tmpdir(), "kept-"));
    const compute = jest.fn(() => "out");
    withCache(cache, () => {
      expect(keptOutput("yaml", ["a", 1], compute)).toBe("out");
      expect(keptOutput("yaml", ["a", 1], compute)).toBe("out");
      expect(compute).toHaveBeenCalledTimes(1);
      keptOutput("yaml", ["a", 2], compute);
      keptOutput("json", ["a", 1], compute);
    });
    expect(compute).toHaveBeenCalledTimes(3);
    expect(keptFiles(cache)).toHaveLength(3);
  });

  it("keeps nothing when the tool fails, so its message comes every time", () => {
    const cache = mkdtempSync(join(tmpdir(), "kept-"));
    const failing = jest.fn((): string => {
      throw new Error("helm: bad values");
    });
    withCache(cache, () => {
      expect(() => keptOutput("yaml", "k", failing)).toThrow("helm: bad values");
      expect(() => keptOutput("yaml", "k", failing)).toThrow("helm: bad values");
    });
    expect(failing).toHaveBeenCalledTimes(2);
    expect(keptFiles(cache)).toEqual([]);
  });

  it("off (as under CI=true) runs the tool every time", () => {
    const compute = jest.fn(() => "out");
    withCache("off", () => {
      keptOutput("yaml", "k", compute);
      keptOutput("yaml", "k", compute);
    });
    expect(compute).toHaveBeenCalledTimes(2);
  });
});

describe("treeDigest", () => {
  it("changes with any file's name or content below the folder, and not with a skipped one", () => {
    const dir = mkdtempSync(join(tmpdir(), "tree-"));
    writeFileSync(join(dir, "main.tf"), "locals {}\n");
    const first = treeDigest(dir, [".terraform"]);
    writeFileSync(join(dir, "main.tf"), "locals { a = 1 }\n");
    const edited = treeDigest(dir, [".terraform"]);
    writeFileSync(join(dir, "other.tf"), "");
    const added = treeDigest(dir, [".terraform"]);
    writeFileSync(join(dir, ".terraform"), "anything");
    expect(new Set([first, edited, added]).size).toBe(3);
    expect(treeDigest(dir, [".terraform"])).toBe(added);
  });
});
