// The platform stack reads each served namespace at plan time (data kubernetes_namespace_v1) and tells Traefik only
// about those that exist. This resolves those expressions as Terraform would for a given cluster: every `${...}` of a
// text that reads such a lookup is evaluated by `terraform console`, with each lookup replaced by what the provider
// returns (hashicorp/terraform-provider-kubernetes v2.38.0 data_source_kubernetes_namespace_v1.go: the namespace's
// metadata, or on NotFound only the configured name and an empty uid).
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraformValues } from "./terraform-console";
import { Manifest } from "./charts";

/** The `${...}` interpolations of `text` that read a namespace lookup, outermost, in order. */
function lookupInterpolations(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start !== -1; start = text.indexOf("${", start + 2)) {
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    const interpolation = text.slice(start, end + 1);
    if (interpolation.includes("data.kubernetes_namespace_v1.")) found.push(interpolation);
    start = end - 1;
  }
  return found;
}

/**
 * `text` (e.g. a release's values) with every namespace-lookup expression of `stack` evaluated for a cluster where
 * exactly the namespaces `exists` accepts exist.
 */
export function resolveNamespaceLookups(
  stack: Manifest,
  values: string,
  exists: (namespace: string) => boolean,
): string {
  // Locals first: the platform keeps its lists there (TraefikIngress).
  const locals = (stack.locals ?? {}) as Record<string, string>;
  const text = values.replace(/\$\{local\.([\w-]+)\}/g, (reference, name: string) => locals[name] ?? reference);
  const interpolations = lookupInterpolations(text);
  if (interpolations.length === 0) return text;
  const lookups = Object.entries((stack.data?.kubernetes_namespace_v1 ?? {}) as Record<string, Manifest>);
  const dir = mkdtempSync(join(tmpdir(), "namespace-lookups-"));
  const lookupLocals = lookups.map(([id, lookup]) => {
    const name = lookup.metadata.name as string;
    const uid = exists(name) ? `uid-of-${name}` : "";
    return `  ${id} = { metadata = [{ name = ${JSON.stringify(name)}, uid = ${JSON.stringify(uid)} }] }`;
  });
  writeFileSync(join(dir, "main.tf"), `locals {\n${lookupLocals.join("\n")}\n}\n`);
  const expressions = interpolations.map((i) => i.slice(2, -1).replace(/data\.kubernetes_namespace_v1\./g, "local."));
  const results = terraformValues(expressions, dir);
  let resolved = text;
  interpolations.forEach((interpolation, index) => {
    resolved = resolved.split(interpolation).join(String(results[index]));
  });
  return resolved;
}
