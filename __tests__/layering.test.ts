import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

// Two layers, one direction: the library (constructs/) is the product; the config-file app (main.ts, config/,
// stacks/) is one of its users. The app may import the library, never the other way round.
const root = resolve(__dirname, "..");
const ALLOWED: Record<string, string[]> = {
  constructs: ["constructs"],
  config: ["config", "constructs"],
  stacks: ["stacks", "config", "constructs"],
};
/** Packages whose loading costs what the config layer must not pay before it has found the config's errors. */
const HEAVY = /^(?:cdktf|constructs|@cdktf\/.*)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

interface Import {
  readonly specifier: string;
  /** `import type` / `export type`: erased by the compiler, loads nothing at run time. */
  readonly typeOnly: boolean;
}

/** Every import (static, type-only or re-export) of a file. */
function imports(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => ({
    specifier: m[2],
    typeOnly: m[1] !== undefined,
  }));
}

/** The project file a relative specifier names. */
function resolveLocal(from: string, specifier: string): string {
  const base = resolve(from, "..", specifier);
  const file = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
  if (file === undefined) throw new Error(`${relative(root, from)}: cannot resolve ${specifier}`);
  return file;
}

/** The packages a file loads at run time, directly or through the project files it loads, with the path there. */
function runtimePackages(file: string, seen = new Set<string>()): { pkg: string; via: string[] }[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return imports(file)
    .filter((i) => !i.typeOnly)
    .flatMap(({ specifier }) => {
      if (!specifier.startsWith(".")) return [{ pkg: specifier, via: [relative(root, file)] }];
      return runtimePackages(resolveLocal(file, specifier), seen).map(({ pkg, via }) => ({
        pkg,
        via: [relative(root, file), ...via],
      }));
    });
}

describe("layering", () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only from ${allowed.join(", ")}`, () => {
      const offending = sourceFiles(join(root, layer)).flatMap((file) =>
        imports(file)
          .filter(({ specifier }) => specifier.startsWith("."))
          .map(({ specifier }) => relative(root, resolveLocal(file, specifier)))
          .filter((target) => !allowed.includes(target.split("/")[0]))
          .map((target) => `${relative(root, file)} -> ${target}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it("the config layer loads no cdktf, constructs or provider package, so its errors come before they load", () => {
    const heavy = sourceFiles(join(root, "config")).flatMap((file) =>
      runtimePackages(file)
        .filter(({ pkg }) => HEAVY.test(pkg))
        .map(({ pkg, via }) => `${via.join(" -> ")} -> ${pkg}`),
    );
    expect([...new Set(heavy)]).toEqual([]);
  });

  it("the library imports provider classes from their module files, never a package root", () => {
    const roots = sourceFiles(join(root, "constructs")).flatMap((file) =>
      imports(file)
        .filter(({ specifier }) => /^@cdktf\/provider-[a-z]+$/.test(specifier))
        .map(({ specifier }) => `${relative(root, file)} -> ${specifier}`),
    );
    expect(roots).toEqual([]);
  });

  it("the test that guards the config layer can fail: a construct module does load cdktf", () => {
    const pkgs = runtimePackages(join(root, "constructs", "digitalocean", "managed-postgres.ts")).map((p) => p.pkg);
    expect(pkgs.filter((pkg) => HEAVY.test(pkg))).toContain("constructs");
  });
});
