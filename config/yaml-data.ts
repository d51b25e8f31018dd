// Converting a parsed YAML document to data, where the yaml library finds the last problems of a file.
import type { Document } from "yaml";

/** Expanded aliases allowed in a file (the yaml library's default; a real config has a handful). */
const MAX_YAML_ALIAS_COUNT = 100;

/**
 * The document as plain data, or the problem that stops it (one line, starting "YAML error: "). The yaml library (2.8)
 * resolves aliases and merge keys only here, and throws for what the parser let through: an alias bomb ("Excessive
 * alias count indicates a resource exhaustion attack", above `maxAliasCount`), an alias of an anchor not yet defined,
 * `<<` of a value that is not a mapping. An alias inside its own anchor (`&a [*a]`) gives a circular structure without
 * an error. All of these are the file's, not the app's.
 */
export function documentData(document: Document.Parsed): { data: unknown } | { problem: string } {
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    return { problem: `YAML error: ${conversionMessage((error as Error).message)}` };
  }
  if (isCircular(data)) {
    return {
      problem:
        "YAML error: an alias (*name) refers to the anchor (&name) it is written in, which makes an endless value; " +
        "write the value out instead",
    };
  }
  return { data };
}

function conversionMessage(message: string): string {
  const first = message.split("\n")[0];
  if (first.startsWith("Excessive alias count")) {
    return (
      "its aliases (*name) expand to too many copies of their anchors (the yaml library stops at " +
      `${MAX_YAML_ALIAS_COUNT}, against alias bombs); write repeated values out or alias fewer nested anchors`
    );
  }
  if (first.startsWith("Merge sources")) {
    return `${first}: "<<" takes a mapping, an alias of one (<<: *defaults) or a list of those`;
  }
  return first;
}

function isCircular(value: unknown, open = new Set<object>()): boolean {
  if (value === null || typeof value !== "object") return false;
  if (open.has(value)) return true;
  open.add(value);
  const circular = Object.values(value).some((child) => isCircular(child, open));
  open.delete(value);
  return circular;
}
