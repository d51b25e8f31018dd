import { Document, Scalar, visit } from "yaml";

/**
 * One YAML document for `helm_release.values`. Tokens stay inside double-quoted scalars, so once
 * Terraform interpolates them the document is still valid YAML, and the synthesized JSON shows
 * exactly what Helm receives.
 *
 * The text is yaml's (`Document.toString` with lines never folded). Most values documents are plain data that yaml
 * writes in a few fixed ways, and {@link plainYaml} writes those itself (yaml's way costs about a tenth of a
 * synthesis); whatever it is not sure of goes to yaml.
 */
export function toHelmValuesYaml(values: Record<string, unknown>): string {
  return plainYaml(values) ?? documentOf(values).toString({ lineWidth: 0 });
}

const REFERENCE = "${";

/** Thrown where a value needs yaml's own judgement (quoting, a block scalar, a node of another kind). */
const NOT_PLAIN = Symbol("not plain");

/** The yaml document of `values`, with every string scalar that holds a Terraform reference double-quoted. */
function documentOf(values: Record<string, unknown>): Document {
  try {
    // Marked while copying when the values are plain data: visiting the finished document costs a fifth of yaml's time.
    return new Document(quoteReferences(values), { aliasDuplicateObjects: false });
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
  }
  const document = new Document(values, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && node.value.includes(REFERENCE)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document;
}

/**
 * A copy of plain data whose strings that hold a Terraform reference, keys included, are double-quoted scalars;
 * throws {@link NOT_PLAIN} at anything else (a Map, a class instance), which yaml turns into nodes its own way.
 */
function quoteReferences(value: unknown): unknown {
  if (typeof value === "string") return value.includes(REFERENCE) ? doubleQuoted(value) : value;
  if (Array.isArray(value)) return value.map(quoteReferences);
  if (value === null || typeof value !== "object") return value;
  if (!isRecord(value)) throw NOT_PLAIN;
  const entries = Object.entries(value).map(([key, item]) => [key, quoteReferences(item)] as const);
  // A key with a reference needs a scalar of its own, which only a Map can carry; it becomes the same YAML mapping.
  if (entries.some(([key]) => key.includes(REFERENCE))) {
    return new Map(entries.map(([key, item]) => [quoteReferences(key), item]));
  }
  return Object.fromEntries(entries);
}

function doubleQuoted(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The document yaml writes for `values`, or undefined when `values` holds anything but what yaml writes in one fixed
 * way: plain objects and lists, finite numbers, booleans, null, and strings of printable ASCII without `"` or `\`
 * that yaml either leaves unquoted (a letter, `_` or `/` first, then letters, digits and `_./@+=:-`, not ending in
 * `:`) or double-quotes as they are (references, and whole numbers and the words YAML reads as booleans or null).
 * Checked against yaml for generated and real values (`__tests__/constructs/harbor/harbor-values.test.ts`).
 */
export function plainYaml(values: Record<string, unknown>): string | undefined {
  try {
    return `${Object.keys(values).length === 0 ? "{}" : mapping(values, "")}\n`;
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** Printable ASCII but `"` and `\`: quoted, such a string needs no escape. */
const QUOTABLE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const PLAIN = /^[A-Za-z_/][\w./@+=:-]*$/;
/** Strings YAML would read as another type unquoted, and that yaml therefore double-quotes. */
const READ_AS_ANOTHER_TYPE = /^(?:[0-9]+|[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|~|)$/;
/** yaml writes a key longer than this, as written (quotes included), as an explicit `? key`. */
const MAX_IMPLICIT_KEY = 1024;

function mapping(record: Record<string, unknown>, indent: string): string {
  const lines: string[] = [];
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue; // yaml drops them
    const written = scalar(key);
    if (written.length > MAX_IMPLICIT_KEY) throw NOT_PLAIN;
    lines.push(`${written}:${valueAfterKey(value, `${indent}  `)}`);
  }
  if (lines.length === 0) throw NOT_PLAIN; // only undefined values: yaml's own business
  return lines.join(`\n${indent}`);
}

function sequence(items: unknown[], indent: string): string {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i++) {
    if (!(i in items) || items[i] === undefined) throw NOT_PLAIN;
    lines.push(`- ${item(items[i], `${indent}  `)}`);
  }
  return lines.join(`\n${indent}`);
}

/** What follows `key:` (a space and a scalar or an empty collection, or the nested block on the next lines). */
function valueAfterKey(value: unknown, indent: string): string {
  const nested = block(value, indent);
  return nested === undefined ? ` ${scalarOrEmpty(value)}` : `\n${indent}${nested}`;
}

/** What follows `- `: a nested block starts on the same line. */
function item(value: unknown, indent: string): string {
  return block(value, indent) ?? scalarOrEmpty(value);
}

function block(value: unknown, indent: string): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? undefined : sequence(value, indent);
  if (isRecord(value)) return Object.keys(value).length === 0 ? undefined : mapping(value, indent);
  return undefined;
}

function scalarOrEmpty(value: unknown): string {
  if (Array.isArray(value)) return "[]";
  if (isRecord(value)) return "{}";
  return scalar(value);
}

function scalar(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) return JSON.stringify(value);
  if (typeof value === "string" && QUOTABLE.test(value)) {
    if (value.includes(REFERENCE) || READ_AS_ANOTHER_TYPE.test(value)) return `"${value}"`;
    if (PLAIN.test(value) && !value.endsWith(":")) return value;
  }
  throw NOT_PLAIN;
}
