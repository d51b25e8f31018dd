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

/**
 * What makes a synthesis depend on more than its input: the environment (`process.env`, the `process` module, the
 * user and host), the clock (a date without arguments) and randomness.
 */
const NONDETERMINISTIC = new RegExp(
  [
    /\bprocess\s*(?:\.|\[\s*["'])env\b/.source,
    /from\s+["'](?:node:)?process["']/.source,
    /\b(?:homedir|hostname|userInfo)\(\)/.source,
    /\bDate\.now\(|new Date\(\s*\)/.source,
    /Math\.random\(|randomUUID\(/.source,
  ].join("|"),
);

/** The source files of the library and the app whose text matches `pattern`, sorted. */
function sourcesMatching(pattern: RegExp): string[] {
  return ["constructs", "config", "stacks"]
    .flatMap((dir) => sourceFiles(join(root, dir)))
    .filter((file) => pattern.test(readFileSync(file, "utf8")))
    .map((file) => relative(root, file))
    .sort();
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

  it("synthesis reads no environment, clock or randomness: a config (or props) alone decides the output", () => {
    // The tests rely on it (__tests__/stacks/synth.ts synthesizes a config text once per test file), and so do users
    // who plan in CI what they synthesized on a laptop. Where the app reads the environment on purpose: the config
    // file's path, the cdktf CLI's context (what a synth leaves in cdktf.out), the speed-ups' switch.
    const reads = sourcesMatching(NONDETERMINISTIC);
    expect(reads).toEqual(["config/load.ts", "stacks/cdktf-speed/index.ts", "stacks/synth-output.ts"]);
  });

  it("the check for environment, clock and randomness can fail: each way of reading them is caught", () => {
    for (const text of [
      "process.env.X",
      'process["env"]',
      'import { env } from "node:process";',
      "os.homedir()",
      "hostname()",
      "userInfo()",
      "Date.now()",
      "new Date()",
      "Math.random()",
      "randomUUID()",
    ]) {
      expect([text, NONDETERMINISTIC.test(text)]).toEqual([text, true]);
    }
    expect(NONDETERMINISTIC.test('new Date("2026-01-01")')).toBe(false);
  });

  it("the library imports provider classes from their module files, never a package root", () => {
    const roots = sourceFiles(join(root, "constructs")).flatMap((file) =>
      imports(file)
        .filter(({ specifier }) => /^@cdktf\/provider-[a-z]+$/.test(specifier))
        .map(({ specifier }) => `${relative(root, file)} -> ${specifier}`),
    );
    expect(roots).toEqual([]);
  });

  it("config/ names no cdktf, constructs or provider package, not even as a type", () => {
    expect(sourceFiles(join(root, "config")).flatMap((file) => heavyNames(file, readFileSync(file, "utf8")))).toEqual(
      [],
    );
  });

  it("config/ cannot construct: it names no construct class of the library, nor a whole library module", () => {
    const classes = constructClasses();
    const found = sourceFiles(join(root, "config")).flatMap((file) =>
      constructReach(file, readFileSync(file, "utf8"), classes),
    );
    expect(found).toEqual([]);
  });

  it("the construct checks can fail: the day-2 build steps of before, and a construct class named as a type", () => {
    const classes = constructClasses();
    // What config/day2/feature.ts and a feature's build step were: the library injected as `ctx.lib`.
    const injected = join(root, "config", "day2", "feature.ts");
    const before = `import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type * as Lib from "../../constructs";
export interface Ctx { readonly scope: Construct; readonly lib: typeof Lib; readonly dependsOn: ITerraformDependable[] }`;
    expect(heavyNames(injected, before)).toEqual([
      "config/day2/feature.ts -> constructs",
      "config/day2/feature.ts -> cdktf",
    ]);
    expect(constructReach(injected, before, classes)).toEqual([
      "config/day2/feature.ts: import * as Lib from constructs/index.ts (every class of the module)",
    ]);
    const named = `import type { HarborGarbageCollection as Gc, PROJECT_CREATION } from "../../constructs";
export type Lib = { gc: typeof import("../../constructs/harbor/day2/proxy-cache") };`;
    expect(constructReach(injected, named, classes)).toEqual([
      "config/day2/feature.ts: HarborGarbageCollection from constructs/index.ts (a construct class)",
      "config/day2/feature.ts: import(...) of constructs/harbor/day2/proxy-cache.ts (every class of the module)",
    ]);
    expect(classes).toEqual(expect.arrayContaining(["HarborDay2", "ProxyCache", "HarborTeamProject", "Harbor"]));
  });

  it("the test that guards the config layer can fail: a construct module does load cdktf", () => {
    const pkgs = runtimePackages(join(root, "constructs", "digitalocean", "managed-postgres.ts")).map((p) => p.pkg);
    expect(pkgs.filter((pkg) => HEAVY.test(pkg))).toContain("constructs");
  });
});

/** The packages a file names (imports, re-exports, `import("...")` types) that are cdktf, constructs or providers. */
function heavyNames(file: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm),
    ...text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]);
  return specifiers.filter((s) => HEAVY.test(s)).map((s) => `${relative(root, file)} -> ${s}`);
}

/**
 * The library's construct classes, by name: every class of constructs/ that extends a class of cdktf, constructs or a
 * provider package (each of those is a construct: an element of the tree), or another construct class.
 */
function constructClasses(): string[] {
  const declared = sourceFiles(join(root, "constructs")).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const heavy = new Set(
      [...text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s*from\s+"([^"]+)"/gm)]
        .filter((m) => HEAVY.test(m[2]))
        .flatMap((m) =>
          m[1].split(",").map(
            (name) =>
              name
                .trim()
                .split(/\s+as\s+/)
                .pop() as string,
          ),
        ),
    );
    return [...text.matchAll(/\bclass\s+(\w+)(?:<[^{]*?>)?\s+extends\s+(\w+)/g)].map((m) => ({
      name: m[1],
      base: m[2],
      heavyBase: heavy.has(m[2]),
    }));
  });
  const constructs = new Set(declared.filter((c) => c.heavyBase).map((c) => c.name));
  for (let grown = true; grown; ) {
    grown = false;
    for (const c of declared) {
      if (!constructs.has(c.name) && constructs.has(c.base)) {
        constructs.add(c.name);
        grown = true;
      }
    }
  }
  return [...constructs].sort();
}

/**
 * How `file` could reach a construct class of the library: by naming one in an import (as a value or a type), or by
 * taking in a whole library module (`import * as`, `export * from`, `typeof import(...)`), whose classes a caller
 * could hand it. Runtime imports of the library load no construct either way (see the test of the packages loaded).
 */
function constructReach(file: string, text: string, classes: readonly string[]): string[] {
  const at = relative(root, file);
  const library = (specifier: string) => {
    if (!specifier.startsWith(".")) return undefined;
    const target = relative(root, resolveLocal(file, specifier));
    return target.startsWith("constructs/") ? target : undefined;
  };
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?:type\s+)?([^;]*?)\s+from\s+"([^"]+)"/gm)) {
    const target = library(m[2]);
    if (target === undefined) continue;
    if (/^\*/.test(m[1])) {
      found.push(`${at}: import * as ${m[1].split(/\s+/).pop()} from ${target} (every class of the module)`);
      continue;
    }
    const names = (m[1].match(/\{([^}]*)\}/)?.[1] ?? "").split(",").map((n) => n.trim().replace(/^type\s+/, ""));
    for (const name of names.map((n) => n.split(/\s+as\s+/)[0]).filter((n) => classes.includes(n))) {
      found.push(`${at}: ${name} from ${target} (a construct class)`);
    }
  }
  for (const m of text.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) {
    const target = library(m[1]);
    if (target !== undefined) found.push(`${at}: import(...) of ${target} (every class of the module)`);
  }
  return found;
}
