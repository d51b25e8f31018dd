import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { configSchema } from "./schema";
import { HarborConfig, resolveConfig, stackNames } from "./resolve";
import { connectionBudget } from "../facts/connection-budget";

export const CONFIG_ENV = "HARBOR_CONFIG";
export const LOCAL_CONFIG = "harbor.config.yaml";
export const EXAMPLE_CONFIG = "harbor.config.example.yaml";

/** A configuration problem the user can fix; `problems` holds one line per error. */
export class ConfigError extends Error {
  constructor(
    public readonly source: string,
    public readonly problems: string[],
  ) {
    super(`${source}: invalid configuration\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Which file to read: `$HARBOR_CONFIG` (which must exist), else `./harbor.config.yaml`, else the
 * committed example. Relative paths resolve against `cwd`.
 */
export function resolveConfigPath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    const path = resolve(cwd, fromEnv);
    if (!existsSync(path)) {
      throw new ConfigError(fromEnv, [`${CONFIG_ENV} names "${fromEnv}", which does not exist (resolved to ${path})`]);
    }
    return path;
  }
  const local = resolve(cwd, LOCAL_CONFIG);
  return existsSync(local) ? local : resolve(cwd, EXAMPLE_CONFIG);
}

/** Reads, parses and validates a config file. Throws {@link ConfigError} with every problem found. */
export function loadConfigFile(path: string): HarborConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  return parseConfig(text, path);
}

/** Parses and validates config text (YAML or JSON). `source` names it in errors. */
export function parseConfig(text: string, source = "config"): HarborConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : "unknown position";
        return `YAML syntax error at ${where}: ${firstLine(error.message)}`;
      }),
    );
  }
  const data: unknown = document.toJS();
  if (data === null || data === undefined) {
    throw new ConfigError(source, ["the file is empty; expected a mapping with an `instances` list"]);
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(source, [
      `the top level is ${describe(data)}; expected a mapping with an \`instances\` list`,
    ]);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) {
    throw new ConfigError(source, formatIssues(result.error.issues, data));
  }
  const config = resolveConfig(result.data);
  const problems = checkResolved(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/** Rules that need the defaults applied (they depend on the profile and on other settings). */
export function checkResolved(config: HarborConfig): string[] {
  const problems: string[] = [];
  config.instances.forEach((instance, index) => {
    const replicas = instance.harbor.replicas;
    try {
      connectionBudget(instance.postgres.size, { core: replicas, jobservice: replicas });
    } catch (error) {
      problems.push(`instances[${index}].postgres.size: got "${instance.postgres.size}"; ${(error as Error).message}`);
    }
  });
  const owners = new Map<string, { index: number; shared: boolean }>();
  for (const { name, index, shared } of stackNames(config)) {
    const first = owners.get(name);
    if (first === undefined) {
      owners.set(name, { index, shared });
    } else if (first.index !== index && !(first.shared && shared)) {
      // Instances on one cluster share its platform stack; any other repeated name is a clash.
      problems.push(
        `instances[${index}].name: "${config.instances[index].name}" gives a stack named "${name}", which ` +
          `instances[${first.index}] ("${config.instances[first.index].name}") also produces; rename one of them`,
      );
    }
  }
  return problems;
}

/** One line per issue: the path, the value found and what is allowed. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const value = valueAt(data, issue.path);
    if (issue.code === "unrecognized_keys") {
      return `${path || "(top level)"}: ${issue.message}`;
    }
    if (value === undefined) {
      return issue.code === "invalid_type"
        ? `${path}: is required (expected ${issue.expected})`
        : `${path}: ${issue.message}`;
    }
    if (issue.code === "invalid_type") {
      return `${path}: got ${describe(value)}, expected ${issue.expected}`;
    }
    return `${path}: got ${describe(value)}; ${issue.message}`;
  });
}

/** `["instances", 0, "postgres", "nodes"]` -> `instances[0].postgres.nodes`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list (${truncate(JSON.stringify(value))})`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${truncate(JSON.stringify(value))}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function firstLine(text: string): string {
  return text.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
