import { Document, Scalar, visit } from "yaml";

/**
 * One YAML document for `helm_release.values`. Tokens stay inside double-quoted scalars, so once
 * Terraform interpolates them the document is still valid YAML, and the synthesized JSON shows
 * exactly what Helm receives.
 *
 * The text is yaml's (`Document.toString` with lines never folded): one serializer (docs/performance.md says why no
 * second, faster one).
 */
export function toHelmValuesYaml(values: Record<string, unknown>): string {
  return documentOf(values).toString({ lineWidth: 0 });
}

const REFERENCE = "${";

/** Thrown where a value is not plain data (a Map, a class instance): yaml makes its nodes its own way. */
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
