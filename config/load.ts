import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { parseDocument } from "yaml";
import { documentData } from "./yaml-data";
import type { z } from "zod";
import { KEY_PROBLEM, configSchema } from "./schema";
import { findTemplateSequences, templateSequenceMessage } from "./template-guard";
import { unknownKeyMessage, valueHint } from "./hints";
import { closestMatch } from "../constructs/core/suggest";
import { HarborConfig, resolveConfig, stackNames } from "./resolve";
import { connectionBudgetProblem, harborDatabaseClients } from "../constructs/harbor/connection-budget";
import { withValuesFiles } from "./values-file";

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

/** Largest config file read; a real one is a few KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file: a regular file of at most {@link MAX_CONFIG_BYTES}. It is opened without
 * blocking and checked on the open descriptor, so a FIFO, a device (`/dev/zero`) or a huge file is
 * refused at once instead of hanging or filling memory.
 */
export function readConfigFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? error}`]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new ConfigError(path, [`is not a regular file (${fileKind(stat)}); name a YAML or JSON file`]);
    }
    if (stat.size > MAX_CONFIG_BYTES) {
      throw new ConfigError(path, [
        `is ${stat.size} bytes; a config file may have at most ${MAX_CONFIG_BYTES} (1 MiB)`,
      ]);
    }
    // Read one byte past the limit: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_CONFIG_BYTES) {
        throw new ConfigError(path, [
          `is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB), the most a config file may have`,
        ]);
      }
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function fileKind(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}

/** Reads, parses and validates a config file. Throws {@link ConfigError} with every problem found. */
export function loadConfigFile(path: string): HarborConfig {
  return parseConfig(readConfigFile(path), path);
}

/** Parses and validates config text (YAML or JSON). `source` names it in errors. */
export function parseConfig(text: string, source = "config"): HarborConfig {
  // `merge`: YAML 1.1 merge keys (`<<: *defaults`), which people write to share settings between instances.
  // `logLevel: "error"`: the yaml library would print its warnings (e.g. a mapping used as a key, which it turns into
  // a string that the schema then refuses as an unknown key) to stderr, which the cdktf CLI shows as ERROR lines.
  const document = parseDocument(text, { prettyErrors: true, merge: true, logLevel: "error" });
  if (document.errors.length > 0) {
    // A tab in the indentation throws the parser off for the rest of the block: what follows are its echoes.
    const tabs = document.errors.filter((error) => error.code === "TAB_AS_INDENT");
    throw new ConfigError(
      source,
      (tabs.length > 0 ? tabs : document.errors).map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `line ${position.line}, column ${position.col}` : "unknown position";
        if (error.code === "TAB_AS_INDENT") {
          return `YAML syntax error at ${where}: a tab in the indentation; YAML indents with spaces only (replace the tab)`;
        }
        if (error.code === "DUPLICATE_KEY") {
          return `YAML error at ${where}: key ${JSON.stringify(keyAt(text, error.pos[0]))} appears twice in the same mapping`;
        }
        return `YAML syntax error at ${where}: ${firstLine(error.message)}`;
      }),
    );
  }
  const converted = documentData(document);
  if ("problem" in converted) throw new ConfigError(source, [converted.problem]);
  const data = converted.data;
  if (data === null || data === undefined) {
    throw new ConfigError(source, ["the file is empty; expected a mapping with an `instances` list"]);
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigError(source, [
      `the top level is ${describe(data)}; expected a mapping with an \`instances\` list`,
    ]);
  }
  // Before the schema, and alone: a template sequence is an attempt to run code, not a typo.
  const templates = findTemplateSequences(data);
  if (templates.length > 0) {
    throw new ConfigError(
      source,
      templates.map((finding) => `${formatPath(finding.path) || "(top level)"}: ${templateSequenceMessage(finding)}`),
    );
  }
  const result = configSchema.safeParse(withoutExtensionKeys(data as Record<string, unknown>));
  if (!result.success) {
    throw new ConfigError(source, formatIssues(result.error.issues, data));
  }
  const withFiles = withValuesFiles(result.data, source, readConfigFile);
  if (withFiles.problems.length > 0) throw new ConfigError(source, withFiles.problems);
  const config = resolveConfig(withFiles.raw);
  const problems = checkResolved(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

/**
 * Top-level keys starting with `x-` are the file's own (as in Compose files): ignored by the schema, a place for YAML
 * anchors that instances merge (`x-defaults: &defaults {...}`, then `<<: *defaults`). The template check above still
 * covers them.
 */
export function withoutExtensionKeys(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith("x-")));
}

/** Rules that need the defaults applied (they depend on the profile and on other settings). */
export function checkResolved(config: HarborConfig): string[] {
  const problems: string[] = [];
  // Bucket names after defaults: an explicit name may equal another instance's derived one.
  // Backup buckets count too: every bucket belongs to exactly one purpose.
  const buckets = new Map<string, string>();
  config.instances.forEach((instance, index) => {
    const owned: [string, string][] = [[`instances[${index}].storage.bucket`, instance.storage.bucket]];
    if (instance.backup !== undefined) owned.push([`instances[${index}].backup.bucket`, instance.backup.bucket]);
    for (const [path, bucket] of owned) {
      const first = buckets.get(bucket);
      if (first !== undefined) {
        problems.push(
          `${path}: got "${bucket}", which is also the bucket of ${first} (set there or derived from an instance's ` +
            `name and hostname); each instance needs its own bucket: set storage.bucket (or backup.bucket) to another name`,
        );
      } else {
        buckets.set(bucket, path);
      }
      if (config.backend !== undefined && bucket === config.backend.bucket) {
        problems.push(
          `${path}: got "${bucket}", the backend's state bucket; registry blobs and Terraform state need ` +
            `separate buckets (the registry's key may write every object in its bucket)`,
        );
      }
    }
  });
  config.instances.forEach((instance, index) => {
    // An existing cluster's size is read at plan time; the release's precondition checks its budget then.
    if (instance.postgres.existingCluster !== undefined) return;
    const replicas = instance.harbor.replicas;
    const problem = connectionBudgetProblem(
      instance.postgres.size,
      harborDatabaseClients(replicas, instance.monitoring.metrics),
    );
    if (problem !== undefined)
      problems.push(`instances[${index}].postgres.size: got "${instance.postgres.size}"; ${problem}`);
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
  return issues
    .filter((issue) => !isTypoEcho(issue, issues, data))
    .map((issue) => {
      const path = formatPath(issue.path);
      const value = valueAt(data, issue.path);
      if (issue.code === "unrecognized_keys") {
        return `${path || "(top level)"}: ${unknownKeyMessage(issue)}`;
      }
      if (issue.code === "custom" && issue.params?.[KEY_PROBLEM] === true) return `${path}: ${issue.message}`;
      if (value === undefined) {
        if (issue.code === "invalid_type") return `${path}: is required (expected ${issue.expected})`;
        // An enum or literal with a message of its own ("must be a region ..."): say first that it is missing.
        if (issue.code === "invalid_value") return `${path}: is required; ${issue.message}`;
        return `${path}: ${issue.message}`;
      }
      if (issue.code === "invalid_type") {
        const hint = issue.expected === "boolean" ? yamlBooleanHint(value) : undefined;
        return `${path}: got ${describe(value)}, expected ${issue.expected}${hint ? ` (${hint})` : ""}`;
      }
      const suggestion = issue.code === "invalid_value" ? valueHint(value, issue.values) : undefined;
      return `${path}: got ${describe(value)}; ${issue.message}${suggestion ? ` (${suggestion})` : ""}`;
    });
}

/**
 * Whether `issue` says a key is missing that an unknown key beside it misspells (`hostnme` for `hostname`): the
 * unknown key's "did you mean" already says it, and "is required" would send the reader looking for another mistake.
 */
function isTypoEcho(issue: z.core.$ZodIssue, issues: readonly z.core.$ZodIssue[], data: unknown): boolean {
  if (issue.path.length === 0 || valueAt(data, issue.path) !== undefined) return false;
  const key = issue.path[issue.path.length - 1];
  if (typeof key !== "string") return false;
  const parent = formatPath(issue.path.slice(0, -1));
  return issues.some(
    (other) =>
      other.code === "unrecognized_keys" &&
      formatPath(other.path) === parent &&
      other.keys.some((unknown) => closestMatch(unknown, [key]) === key),
  );
}

/**
 * YAML 1.2, which the config is read as, has only true and false: `yes`, `no`, `on`, `off` are strings (YAML 1.1 read
 * them as booleans, and many files still use them).
 */
const YAML_11_BOOLEANS = new Map<string, boolean>([
  ...["yes", "y", "on", "true"].map((word) => [word, true] as const),
  ...["no", "n", "off", "false"].map((word) => [word, false] as const),
]);

function yamlBooleanHint(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const meant = YAML_11_BOOLEANS.get(value.trim().toLowerCase());
  if (meant === undefined) return undefined;
  return `YAML reads ${JSON.stringify(value)} as a string here; write ${meant} without quotes`;
}

/**
 * `["instances", 0, "postgres", "nodes"]` -> `instances[0].postgres.nodes`. A key that is not a plain name (a space, a
 * colon, an empty key) is quoted, `cache[" LP"]`, so that the path stays readable and cannot pass for another one.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `${out}[${JSON.stringify(name)}]`;
    return out === "" ? name : `${out}.${name}`;
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
  if (typeof value === "number" && !Number.isFinite(value)) return `${value} (not a number)`;
  if (Array.isArray(value)) return `a list (${truncate(JSON.stringify(value))})`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${truncate(JSON.stringify(value))}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The mapping key that starts at `offset` of the YAML text (plain or quoted). */
function keyAt(text: string, offset: number): string {
  const match = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:,{}[\]\n]+?))\s*:/.exec(text.slice(offset));
  if (match === null) return text.slice(offset, offset + 40).split("\n")[0];
  return match[1] ?? match[2]?.replace(/''/g, "'") ?? match[3];
}

function firstLine(text: string): string {
  return text.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}
