import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

// Data flows one way: config -> stacks -> constructs, with the DigitalOcean/Kubernetes facts underneath
// all three. A layer may import only the layers below it.
const root = resolve(__dirname, "..", "..");
const ALLOWED: Record<string, string[]> = {
  facts: ["facts"],
  config: ["config", "facts"],
  constructs: ["constructs", "facts"],
  stacks: ["stacks", "config", "constructs", "facts"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import (static, type-only or re-export) of a file, as a project-relative path. */
function localImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/g)].map((m) => m[1]);
  return specifiers.map((s) => relative(root, resolve(file, "..", s)));
}

describe("layering", () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only from ${allowed.join(", ")}`, () => {
      const offending = sourceFiles(join(root, layer)).flatMap((file) =>
        localImports(file)
          .filter((target) => !allowed.includes(target.split("/")[0]))
          .map((target) => `${relative(root, file)} -> ${target}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it("facts/ needs neither zod nor cdktf, so every layer (and library users) can load it cheaply", () => {
    const heavy = sourceFiles(join(root, "facts")).filter((file) =>
      /from\s+"(?:zod|cdktf|constructs|@cdktf\/[^"]+)"/.test(readFileSync(file, "utf8")),
    );
    expect(heavy).toEqual([]);
  });
});
