import { Document, isScalar, visit } from "yaml";

/**
 * One YAML document for `helm_release.values`. Tokens stay inside double-quoted scalars, so once
 * Terraform interpolates them the document is still valid YAML, and the synthesized JSON shows
 * exactly what Helm receives.
 */
export function toHelmValuesYaml(values: Record<string, unknown>): string {
  const document = new Document(values, { aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === "string" && node.value.includes("${")) {
        node.type = "QUOTE_DOUBLE";
      }
    },
  });
  return document.toString({ lineWidth: 0 });
}
