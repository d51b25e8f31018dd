// Checks an object against a CustomResourceDefinition's OpenAPI v3 schema the way the API server's structural
// validation would for the parts the project writes: types, enums, required fields, and no unknown fields (unless
// the schema preserves them).
import type { Manifest } from "./charts";

/** The schema of `kind` (served version) among CRD documents. */
export function crdSchema(crds: Manifest[], kind: string, version: string): Manifest {
  const crd = crds.find((d) => d.kind === "CustomResourceDefinition" && d.spec.names.kind === kind);
  if (crd === undefined) throw new Error(`no CRD for ${kind}`);
  const served = crd.spec.versions.find((v: Manifest) => v.name === version && v.served);
  if (served === undefined) throw new Error(`CRD ${kind} does not serve ${version}`);
  return served.schema.openAPIV3Schema;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Every way `value` breaks `schema` (empty when it fits), each with its path. */
export function schemaProblems(schema: Manifest, value: unknown, path = "$"): string[] {
  const problems: string[] = [];
  if (schema["x-kubernetes-int-or-string"]) {
    if (!["integer", "string"].includes(typeOf(value))) problems.push(`${path}: must be an integer or a string`);
    return problems;
  }
  const actual = typeOf(value);
  const expected = schema.type as string | undefined;
  if (expected !== undefined) {
    const fits = expected === actual || (expected === "number" && actual === "integer");
    if (!fits) return [`${path}: must be ${expected}, got ${actual}`];
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    problems.push(`${path}: must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${path}.${key}: is required`);
    const properties: Record<string, Manifest> | undefined = schema.properties;
    for (const [key, child] of Object.entries(object)) {
      if (path === "$" && key === "metadata") continue;
      if (properties?.[key] !== undefined) {
        problems.push(...schemaProblems(properties[key], child, `${path}.${key}`));
      } else if (typeof schema.additionalProperties === "object") {
        problems.push(...schemaProblems(schema.additionalProperties, child, `${path}.${key}`));
      } else if (!schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties !== true) {
        problems.push(`${path}.${key}: unknown field`);
      }
    }
  }
  if (actual === "array" && schema.items !== undefined) {
    (value as unknown[]).forEach((item, i) => problems.push(...schemaProblems(schema.items, item, `${path}[${i}]`)));
  }
  return problems;
}
