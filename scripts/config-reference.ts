// Writes docs/configuration.md, the reference of every key of the config file, from the schema the app validates
// with (config/schema.ts and config/day2/) and the region lists of constructs/digitalocean/regions.ts: keys, types,
// allowed values and patterns come from zod's own JSON Schema export, descriptions and defaults from each field's
// `.meta()`. `npm run docs` writes the file; __tests__/scripts/config-reference.test.ts fails while the committed file
// differs from what this renders.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { configSchema } from "../config/schema";
import { DATABASE_REGIONS, SPACES_REGIONS, SUPPORTED_REGIONS } from "../constructs/digitalocean/regions";

/** The part of JSON Schema (draft 2020-12) that zod's export of the config schema uses, plus the meta fields. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly description?: string;
  readonly default?: unknown;
  /** A default that is not one value (it depends on the profile or on other keys), as prose. */
  readonly defaultText?: string;
}

/** The page's file, relative to the repository root. */
export const CONFIGURATION_DOC = join("docs", "configuration.md");

/** The command that rewrites the page. */
export const REGENERATE = "npm run docs";

/** The config file's schema as JSON Schema: what the file may hold, before defaults and transforms. */
export function configJsonSchema(): JsonSchema {
  // io "input": the file's side of transforms (a database version may be a number); "any" for what JSON Schema
  // cannot say (refinements), which the field's description covers.
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

const code = (value: unknown): string => "`" + (typeof value === "string" ? value : JSON.stringify(value)) + "`";

/** A table cell: no line breaks, and `|` escaped (GitHub reads `\|` as a literal pipe, in code spans too). */
export function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  // zod states JavaScript's safe-integer bounds on every whole number: no limit a reader needs to know.
  if (max === Number.MAX_SAFE_INTEGER) max = undefined;
  if (min === Number.MIN_SAFE_INTEGER) min = undefined;
  if (min !== undefined && max !== undefined) return `${min}-${max}${unit}`;
  if (min !== undefined) return `at least ${min}${unit}`;
  if (max !== undefined) return `at most ${max}${unit}`;
  return "";
}

/** The GitHub anchor of a heading made of a key path such as `instances[].postgres`. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

/** What a value of `schema` looks like: its type and the allowed values or bounds JSON Schema states. */
export function typeText(schema: JsonSchema, link?: string): string {
  if (schema.enum !== undefined) return "one of " + schema.enum.map(code).join(", ");
  if (schema.const !== undefined) return code(schema.const);
  if (schema.anyOf !== undefined) return schema.anyOf.map((option) => typeText(option)).join(" or ");
  const types = schema.type === undefined ? [] : typeof schema.type === "string" ? [schema.type] : schema.type;
  if (types.length > 1) return types.join(" or ");
  const extras: string[] = [];
  switch (types[0]) {
    case "string": {
      if (schema.format === "email") return "e-mail address";
      const length = range(schema.minLength, schema.maxLength, " characters");
      if (length !== "" && !(schema.minLength === 1 && schema.maxLength === undefined)) extras.push(length);
      if (schema.pattern !== undefined) extras.push(`matching ${code(schema.pattern)}`);
      return ["string", ...extras].join(", ");
    }
    case "integer":
    case "number": {
      const bounds = range(schema.minimum, schema.maximum, "");
      return (types[0] === "integer" ? "whole number" : "number") + (bounds === "" ? "" : ` ${bounds}`);
    }
    case "boolean":
      return "boolean";
    case "array": {
      const items = schema.items === undefined ? "values" : typeText(schema.items, link);
      const count = schema.minItems !== undefined && schema.minItems > 0 ? ` (at least ${schema.minItems})` : "";
      return `list of ${items}${count}`;
    }
    case "object":
      return link === undefined ? "mapping" : `mapping, see [${link}](#${anchor(link)})`;
    default:
      return "any";
  }
}

/** What the app uses when the key is absent. */
export function defaultText(schema: JsonSchema, required: boolean): string {
  if (required) return "required";
  if (schema.default !== undefined) {
    return Array.isArray(schema.default) && schema.default.length > 0
      ? schema.default.map(code).join(", ")
      : code(schema.default);
  }
  return schema.defaultText ?? "";
}

/** The mapping a key holds, directly or as the items of a list, or undefined for a plain value. */
function objectOf(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties !== undefined) return schema;
  if (schema.type === "array" && schema.items?.properties !== undefined) return schema.items;
  return undefined;
}

/** One mapping of the file: where it sits (`instances[].postgres`), what it is and its keys. */
export interface Block {
  readonly path: string;
  readonly schema: JsonSchema;
  readonly description?: string;
}

/** Every mapping of the file below `schema`, depth first, each before the mappings it holds. */
export function blocks(schema: JsonSchema, path: string, description?: string): Block[] {
  const found: Block[] = [{ path, schema, description }];
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const object = objectOf(property);
    if (object === undefined) continue;
    const list = property.type === "array" ? "[]" : "";
    found.push(...blocks(object, path === "" ? `${key}${list}` : `${path}.${key}${list}`, property.description));
  }
  return found;
}

/** The section of one mapping: its description and a table of its keys. */
export function blockSection(block: Block): string {
  const heading = block.path === "" ? "Top level" : block.path;
  const required = new Set(block.schema.required ?? []);
  const rows = Object.entries(block.schema.properties ?? {}).map(([key, property]) => {
    const list = property.type === "array" ? "[]" : "";
    const nested =
      objectOf(property) === undefined ? undefined : block.path === "" ? key + list : `${block.path}.${key}${list}`;
    return [
      code(key),
      typeText(property, nested),
      defaultText(property, required.has(key)),
      property.description ?? "",
    ].map(cell);
  });
  const table = [
    "| key | type and allowed values | default | description |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
  const intro = block.description === undefined ? [] : [block.description, ""];
  return [`## ${heading === "Top level" ? heading : code(heading)}`, "", ...intro, ...table].join("\n");
}

/** Which products DigitalOcean offers in each region, and so which regions each region key accepts. */
export function regionsSection(): string {
  const all = [...new Set([...SPACES_REGIONS, ...DATABASE_REGIONS.pg, ...DATABASE_REGIONS.valkey])].sort();
  const mark = (list: readonly string[], region: string) => (list.includes(region) ? "yes" : "");
  const supported: readonly string[] = SUPPORTED_REGIONS;
  const spaces: readonly string[] = SPACES_REGIONS;
  return [
    "## Regions",
    "",
    `\`region\` takes a region where DigitalOcean offers Spaces, managed PostgreSQL and managed Valkey: ` +
      `${supported.map(code).join(", ")}. \`backup.region\` and \`backend.region\` take a region with Spaces: ` +
      `${spaces.map(code).join(", ")}. The lists and their sources are in ` +
      "[`constructs/digitalocean/regions.ts`](../constructs/digitalocean/regions.ts).",
    "",
    "| region | Spaces | managed PostgreSQL | managed Valkey | `region` of an instance |",
    "| --- | --- | --- | --- | --- |",
    ...all.map(
      (region) =>
        `| ${code(region)} | ${mark(spaces, region)} | ${mark(DATABASE_REGIONS.pg, region)} | ` +
        `${mark(DATABASE_REGIONS.valkey, region)} | ${mark(supported, region)} |`,
    ),
  ].join("\n");
}

/** The whole page, from `schema` (the config file's, by default). */
export function configurationReference(schema: JsonSchema = configJsonSchema()): string {
  const sections = blocks(schema, "").map(blockSection);
  return [
    `<!-- Generated by \`${REGENERATE}\` (scripts/config-reference.ts) from the config schema (config/schema.ts, ` +
      "config/day2/) and constructs/digitalocean/regions.ts. Edit those and run it again; do not edit this file. -->",
    "",
    "# Configuration reference",
    "",
    "Every key of the config file. How the file is found and read, and the rules that span settings and instances: " +
      "[the config file](config-file.md); a commented example: " +
      "[`harbor.config.example.yaml`](../harbor.config.example.yaml). A default written `ha` / `dev` depends on the " +
      "instance's `profile`; an empty default means the key is simply absent.",
    "",
    ...sections.flatMap((section) => [section, ""]),
    regionsSection(),
    "",
  ].join("\n");
}

if (require.main === module) {
  const file = join(__dirname, "..", CONFIGURATION_DOC);
  writeFileSync(file, configurationReference());
  console.log(`wrote ${CONFIGURATION_DOC}`);
}
