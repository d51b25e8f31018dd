import type { z } from "zod";
import { configSchema } from "./schema";
import { closestMatch } from "../constructs/core/suggest";
import { DNS_CREDENTIAL_VARIABLES, DNS_TOKEN_VARIABLE, OIDC_SECRET_VARIABLE, credentialVariables } from "./names";

/** A place in the config: keys, with `[]` for "any item of this list" (`instances[].harbor.replicas`). */
type SchemaPath = readonly (string | "[]")[];

// The parts of zod's internal definition the walk below reads (zod 4: `schema._zod.def`).
interface Def {
  readonly type: string;
  readonly shape?: Record<string, { _zod: { def: Def } }>;
  readonly innerType?: { _zod: { def: Def } };
  readonly element?: { _zod: { def: Def } };
  readonly in?: { _zod: { def: Def } };
}

/** Every key the schema accepts, with the places it is accepted at, read from the schema itself. */
function keyPlaces(def: Def, at: SchemaPath = [], into = new Map<string, SchemaPath[]>()): Map<string, SchemaPath[]> {
  switch (def.type) {
    case "object":
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const path = [...at, key];
        into.set(key, [...(into.get(key) ?? []), path]);
        keyPlaces(child._zod.def, path, into);
      }
      break;
    case "optional":
    case "nullable":
    case "default":
      if (def.innerType) keyPlaces(def.innerType._zod.def, at, into);
      break;
    case "array":
      if (def.element) keyPlaces(def.element._zod.def, [...at, "[]"], into);
      break;
    case "pipe":
      if (def.in) keyPlaces(def.in._zod.def, at, into);
      break;
  }
  return into;
}

/** The keys of the mapping the schema expects at `at`, in the schema's order. */
function keysAt(def: Def, at: SchemaPath): string[] {
  const unwrapped = (d: Def): Def =>
    d.innerType ? unwrapped(d.innerType._zod.def) : d.type === "pipe" && d.in ? unwrapped(d.in._zod.def) : d;
  let current = unwrapped(def);
  for (const part of at) {
    const next = part === "[]" ? current.element : current.shape?.[part];
    if (next === undefined) return [];
    current = unwrapped(next._zod.def);
  }
  return Object.keys(current.shape ?? {});
}

const rootDef = () => (configSchema as unknown as { _zod: { def: Def } })._zod.def;
let places: Map<string, SchemaPath[]> | undefined;
const schemaKeyPlaces = () => (places ??= keyPlaces(rootDef()));
const schemaPath = (issuePath: readonly PropertyKey[]): SchemaPath =>
  issuePath.map((part) => (typeof part === "number" ? "[]" : String(part)));

const format = (path: SchemaPath) =>
  path.reduce<string>((out, key) => (key === "[]" ? `${out}[]` : out ? `${out}.${key}` : key), "");

/**
 * Where a key found at the wrong level belongs, from the schema: `replicas` in an instance belongs in `harbor`
 * (`harbor.replicas`). `issuePath` is where it was found (`["instances", 0]`). Named relative to the nearest list
 * item both share (the instance), else from the top.
 */
export function wrongLevelHint(issuePath: readonly PropertyKey[], key: string): string | undefined {
  const at = schemaPath(issuePath);
  const elsewhere = (schemaKeyPlaces().get(key) ?? []).filter(
    (path) => format(path.slice(0, -1)) !== format(at) && !path.slice(0, -1).includes(key),
  );
  if (elsewhere.length === 0) return undefined;
  const names = elsewhere.map((path) => {
    // The deepest list item that the found place and this place have in common.
    let common = 0;
    for (let i = 0; i < Math.min(at.length, path.length); i++) {
      if (at[i] !== path[i]) break;
      if (path[i] === "[]") common = i + 1;
    }
    return format(path.slice(common));
  });
  return `it belongs in ${names.map((name) => `"${name}"`).join(" or ")}`;
}

/** Names that say a key holds a secret. */
const SECRET_KEY = /secret|passw(or)?d|token|credential|api_?key|access_?key|private_?key/i;

/**
 * Where the secrets of a block come from: never the config file (the file is committed and read in plain text).
 * Keyed by the block a secret-looking key was found in; the variable names are the ones the stacks declare.
 */
const SECRET_SOURCES: Readonly<Record<string, string>> = {
  oidc: `the client secret comes from the environment: TF_VAR_${OIDC_SECRET_VARIABLE}`,
  ingress:
    `the DNS-01 credentials come from the environment: TF_VAR_${DNS_TOKEN_VARIABLE} (DigitalOcean), ` +
    `TF_VAR_${DNS_CREDENTIAL_VARIABLES.cloudflare["api-token"]} (Cloudflare), ` +
    `TF_VAR_${DNS_CREDENTIAL_VARIABLES.route53["access-key-id"]} and ` +
    `TF_VAR_${DNS_CREDENTIAL_VARIABLES.route53["secret-access-key"]} (Route 53)`,
  proxyCache:
    `name the credentials with credentials: <NAME>; they come from the environment: ` +
    `TF_VAR_${credentialVariables("<NAME>").accessId} / TF_VAR_${credentialVariables("<NAME>").accessSecret}`,
  backend: "the state bucket's key comes from the environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
  storage: "the Spaces key comes from the environment: SPACES_ACCESS_KEY_ID / SPACES_SECRET_ACCESS_KEY",
  instances:
    "credentials come from the environment: DIGITALOCEAN_TOKEN, SPACES_ACCESS_KEY_ID / SPACES_SECRET_ACCESS_KEY",
};

/** For a secret-looking key: where that secret comes from instead. */
export function secretHint(issuePath: readonly PropertyKey[], key: string): string | undefined {
  if (!SECRET_KEY.test(key)) return undefined;
  const block = [...issuePath].reverse().find((part): part is string => typeof part === "string") ?? "instances";
  const source = SECRET_SOURCES[block] ?? SECRET_SOURCES.instances;
  return `secrets never go in the config file; ${source}`;
}

/**
 * The message for unknown keys, one part per key: where the key belongs (from the schema) or where its secret comes
 * from, else the closest allowed key, and the allowed keys.
 */
export function unknownKeyMessage(issue: Pick<z.core.$ZodIssueUnrecognizedKeys, "keys" | "path">): string {
  const known = keysAt(rootDef(), schemaPath(issue.path));
  const parts = issue.keys.map((key) => {
    // A key the schema has elsewhere is misplaced (`credentials` belongs in a proxy cache); else a secret-looking
    // one is a secret that has no place in the file.
    const hints = [wrongLevelHint(issue.path, key) ?? secretHint(issue.path, key)];
    const typo = closestMatch(key, known);
    if (hints[0] === undefined && typo !== undefined) hints[0] = `did you mean "${typo}"?`;
    if (issue.path.length === 0) hints.push('top-level keys starting with "x-" are ignored (for YAML anchors)');
    const hint = hints.filter((h) => h !== undefined).join("; ");
    return `unknown key "${key}"${hint ? ` (${hint})` : ""}`;
  });
  return `${parts.join("; ")}; allowed keys: ${known.join(", ")}`;
}

/** For a value not among the allowed ones: the closest allowed value, as keys get (`fra` -> `fra1`, `HA` -> `ha`). */
export function valueHint(value: unknown, allowed: readonly unknown[]): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = closestMatch(
    value,
    allowed.filter((v): v is string => typeof v === "string"),
  );
  return match === undefined || match === value ? undefined : `did you mean "${match}"?`;
}
