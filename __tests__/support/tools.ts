// The command-line tools some tests run for real: helm 3 and pg_dump/pg_restore of PostgreSQL 17. On Linux x64,
// `npm test`'s pretest installs both into .build/ (install-test-tools.sh). Elsewhere (macOS, ARM) the tests use what
// is installed: `helm` on the PATH, PostgreSQL 17's client on the PATH or under `brew --prefix postgresql@17`. A test
// whose tool cannot be found is skipped with one line naming what is missing and how to get it; under CI=true it
// fails instead, so CI never passes by skipping.
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Where to look: the environment (PATH, PG17_BIN_DIR, CI) and the folder the pretest installs into. */
export interface ToolLookup {
  readonly env?: NodeJS.ProcessEnv;
  /** @default the repository's .build folder */
  readonly buildDir?: string;
  /** Fixed install locations tried before the PATH. @default the system's PostgreSQL 17 folder */
  readonly systemDirs?: readonly string[];
}

/** A tool found (its path) or not (one line: what is missing and how to get it). */
export type ToolResult = { readonly path: string } | { readonly missing: string };

const MAC_HINT = "on macOS: brew install helm postgresql@17";

/** The first executable file named `name` in the PATH of `env`, as the shell finds it. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    const path = join(dir, name);
    if (dir === "" || !statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not executable: the shell looks further
    }
  }
  return undefined;
}

/** The first line of `file --version`-like output, or undefined when it does not run. */
function output(file: string, args: string[], env: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(file, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
  } catch {
    return undefined;
  }
}

/**
 * Where global-setup.js leaves what the default lookups found, once per test run (JSON of {@link FoundTools}): the
 * workers inherit it, so test files do not each run `helm version` and `pg_dump --version` again.
 */
export const FOUND_TOOLS_ENV = "HARBOR_DOKS_TEST_TOOLS";

/** What the default lookups found. */
export interface FoundTools {
  readonly helm: ToolResult;
  readonly pg17: ToolResult;
}

/** Runs the default lookups (what global-setup.js calls once per run). */
export function findTools(): FoundTools {
  return { helm: lookUpHelm({}), pg17: lookUpPg17Bin({}) };
}

function foundThisRun(): FoundTools | undefined {
  const found = process.env[FOUND_TOOLS_ENV];
  return found ? (JSON.parse(found) as FoundTools) : undefined;
}

/** helm 3: the one the pretest installs, else `helm` on the PATH. Without `lookup`, what this run found. */
export function findHelm(lookup?: ToolLookup): ToolResult {
  return lookup === undefined ? (foundThisRun()?.helm ?? lookUpHelm({})) : lookUpHelm(lookup);
}

/**
 * The folder of pg_dump and pg_restore of PostgreSQL 17: $PG17_BIN_DIR, the system's PostgreSQL 17, the one the
 * pretest unpacks, `brew --prefix postgresql@17`, else the PATH. The version is checked: pg_dump refuses a server
 * of a newer major than its own, and the test's server is 17. Without `lookup`, what this run found.
 */
export function findPg17Bin(lookup?: ToolLookup): ToolResult {
  return lookup === undefined ? (foundThisRun()?.pg17 ?? lookUpPg17Bin({})) : lookUpPg17Bin(lookup);
}

function lookUpHelm(lookup: ToolLookup): ToolResult {
  const env = lookup.env ?? process.env;
  const candidates = [join(lookup.buildDir ?? join(ROOT, ".build"), "helm", "helm"), onPath("helm", env)];
  for (const helm of candidates) {
    if (helm === undefined || !existsSync(helm)) continue;
    if (/^v3\./.test(output(helm, ["version", "--short"], env) ?? "")) return { path: helm };
  }
  return {
    missing:
      "helm 3 is not installed (looked in .build/helm and on the PATH): npm test's pretest installs it on " +
      `Linux x64; elsewhere install it (${MAC_HINT})`,
  };
}

function lookUpPg17Bin(lookup: ToolLookup): ToolResult {
  const env = lookup.env ?? process.env;
  const brew = onPath("brew", env);
  const brewPrefix = brew && output(brew, ["--prefix", "postgresql@17"], env)?.trim();
  const onPathDump = onPath("pg_dump", env);
  const dirs = [
    env.PG17_BIN_DIR,
    ...(lookup.systemDirs ?? ["/usr/lib/postgresql/17/bin"]),
    join(lookup.buildDir ?? join(ROOT, ".build"), "pg-client-17", "bin"),
    brewPrefix ? join(brewPrefix, "bin") : undefined,
    onPathDump ? join(onPathDump, "..") : undefined,
  ];
  for (const dir of dirs) {
    if (dir === undefined || dir === "") continue;
    const dump = join(dir, "pg_dump");
    if (!existsSync(dump) || !existsSync(join(dir, "pg_restore"))) continue;
    if (/\(PostgreSQL\) 17\./.test(output(dump, ["--version"], env) ?? "")) return { path: dir };
  }
  return {
    missing:
      "pg_dump 17 is not installed (looked in $PG17_BIN_DIR, /usr/lib/postgresql/17/bin, .build/pg-client-17, " +
      "brew --prefix postgresql@17 and the PATH): npm test's pretest unpacks it on Debian x64; elsewhere install " +
      `PostgreSQL 17's client (${MAC_HINT})`,
  };
}

/** What a test file does about a tool: run with it, skip with one line, or (under CI=true) fail with that line. */
export type ToolGate =
  | { readonly run: true; readonly path: string }
  | { readonly run: false; readonly fail: boolean; readonly line: string };

export function toolGate(result: ToolResult, env: NodeJS.ProcessEnv = process.env): ToolGate {
  if ("path" in result) return { run: true, path: result.path };
  const fail = env.CI === "true";
  return { run: false, fail, line: `${fail ? "missing under CI=true" : "skipped"}: ${result.missing}` };
}

/**
 * `test` for tests that need a tool: the real `test` when it is there; else `test.skip`, after printing the one line
 * once, or under CI=true a single failing test with that line.
 */
export function testWithTool(gate: ToolGate, file: string): jest.It {
  if (gate.run) return test;
  if (gate.fail) {
    test(`needs a tool (${file})`, () => {
      throw new Error(gate.line);
    });
  } else {
    process.stderr.write(`${file}: ${gate.line}\n`);
  }
  return test.skip;
}
