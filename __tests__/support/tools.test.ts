import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FOUND_TOOLS_ENV, findHelm, findPg17Bin, findTools, onPath, toolGate } from "./tools";

const work = mkdtempSync(join(tmpdir(), "harbor-tools-"));
const emptyPath = mkdtempSync(join(work, "empty-path-"));
const emptyBuild = mkdtempSync(join(work, "empty-build-"));

/** A folder with executable shell scripts `name` printing `stdout`: stand-ins for installed tools. */
function fakeTools(tools: Record<string, string>): string {
  const dir = mkdtempSync(join(work, "bin-"));
  for (const [name, stdout] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\nprintf '%s\\n' '${stdout}'\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const nowhere = { env: { PATH: emptyPath }, buildDir: emptyBuild, systemDirs: [] };

describe("finding the tools the real-tool tests need", () => {
  it("with nothing installed: one line naming the tool, where it looked and how to get it", () => {
    const helm = findHelm(nowhere);
    const pg = findPg17Bin(nowhere);
    expect(helm).toEqual({ missing: expect.stringContaining("helm 3 is not installed") });
    expect(pg).toEqual({ missing: expect.stringContaining("pg_dump 17 is not installed") });
    for (const result of [helm, pg]) {
      const line = "missing" in result ? result.missing : "";
      expect(line).not.toContain("\n");
      expect(line).toContain("brew install helm postgresql@17");
    }
  });

  it("skips with that line, or fails under CI=true", () => {
    const missing = findHelm(nowhere);
    expect(toolGate(missing, {})).toEqual({
      run: false,
      fail: false,
      line: `skipped: ${"missing" in missing && missing.missing}`,
    });
    expect(toolGate(missing, { CI: "true" })).toMatchObject({ run: false, fail: true });
    expect(toolGate({ path: "/x/helm" }, { CI: "true" })).toEqual({ run: true, path: "/x/helm" });
  });

  it("uses helm 3 from the PATH, and not a helm of another major", () => {
    const bin = fakeTools({ helm: "v3.18.4+gd80839c" });
    expect(findHelm({ ...nowhere, env: { PATH: bin } })).toEqual({ path: join(bin, "helm") });
    const old = fakeTools({ helm: "v2.17.0" });
    expect(findHelm({ ...nowhere, env: { PATH: old } })).toHaveProperty("missing");
  });

  it("uses PostgreSQL 17's client from brew --prefix postgresql@17 or the PATH, checking the major", () => {
    const prefix = mkdtempSync(join(work, "brew-prefix-"));
    mkdirSync(join(prefix, "bin"));
    for (const tool of ["pg_dump", "pg_restore"]) {
      writeFileSync(join(prefix, "bin", tool), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 17.6'\n");
      chmodSync(join(prefix, "bin", tool), 0o755);
    }
    const brew = fakeTools({ brew: prefix });
    expect(findPg17Bin({ ...nowhere, env: { PATH: brew } })).toEqual({ path: join(prefix, "bin") });
    const path15 = fakeTools({ pg_dump: "pg_dump (PostgreSQL) 15.14", pg_restore: "pg_restore (PostgreSQL) 15.14" });
    expect(findPg17Bin({ ...nowhere, env: { PATH: path15 } })).toHaveProperty("missing");
    const path17 = fakeTools({ pg_dump: "pg_dump (PostgreSQL) 17.6", pg_restore: "pg_restore (PostgreSQL) 17.6" });
    expect(findPg17Bin({ ...nowhere, env: { PATH: path17 } })).toEqual({ path: path17 });
  });

  it("without a lookup, answers what global setup found for this run, and looks itself without it", () => {
    const before = process.env[FOUND_TOOLS_ENV];
    try {
      process.env[FOUND_TOOLS_ENV] = JSON.stringify({ helm: { path: "/run/helm" }, pg17: { missing: "not here" } });
      expect(findHelm()).toEqual({ path: "/run/helm" });
      expect(findPg17Bin()).toEqual({ missing: "not here" });
      delete process.env[FOUND_TOOLS_ENV];
      expect(findHelm()).toEqual(findTools().helm);
      expect(findHelm()).not.toEqual({ path: "/run/helm" });
    } finally {
      if (before === undefined) delete process.env[FOUND_TOOLS_ENV];
      else process.env[FOUND_TOOLS_ENV] = before;
    }
  });
});

describe("onPath", () => {
  it("finds the first executable file of the name, as the shell does, past a folder and a file it cannot run", () => {
    const [folder, plain, runnable] = [1, 2, 3].map(() => mkdtempSync(join(tmpdir(), "path-")));
    mkdirSync(join(folder, "tool"));
    writeFileSync(join(plain, "tool"), "", { mode: 0o644 });
    writeFileSync(join(runnable, "tool"), "#!/bin/sh\n", { mode: 0o755 });
    const env = { PATH: [folder, plain, runnable].join(":") };
    expect(onPath("tool", env)).toBe(join(runnable, "tool"));
    expect(onPath("no-such-tool", env)).toBeUndefined();
  });
});
