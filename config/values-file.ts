// `harbor.valuesFile`: chart values of the user's own, read like the config file itself.
import { dirname, resolve } from "node:path";
import { parseDocument } from "yaml";
import { documentData } from "./yaml-data";
import type { RawConfig } from "./schema";
import { extraValuesProblems, mergeValues } from "../constructs/harbor/extra-values";
import { findTemplateSequences, templateSequenceMessage } from "./template-guard";

/**
 * Reads every `harbor.valuesFile` (relative to the config file `source`) with `readFile` (the config file's own reader), and
 * returns the config with each instance's `harbor.values` set to the file's values with the inline `values` merged
 * over them. `problems` names the file and the key for a file that cannot be read or holds a refused key.
 */
export function withValuesFiles(
  raw: RawConfig,
  source: string,
  readFile: (path: string) => string,
): { raw: RawConfig; problems: string[] } {
  const problems: string[] = [];
  const base = dirname(resolve(source));
  const instances = raw.instances.map((instance, index) => {
    const file = instance.harbor?.valuesFile;
    if (file === undefined) return instance;
    const where = `instances[${index}].harbor.valuesFile`;
    const path = resolve(base, file);
    let text: string;
    try {
      text = readFile(path);
    } catch (error) {
      const reason = (error as { problems?: string[] }).problems?.join("; ") ?? (error as Error).message;
      problems.push(`${where}: "${file}" (${path}) ${reason}`);
      return instance;
    }
    // As the config file is parsed: YAML 1.1 merge keys allowed, a key repeated in one mapping an error.
    const document = parseDocument(text, { prettyErrors: true, merge: true, logLevel: "error" });
    if (document.errors.length > 0) {
      problems.push(`${where}: "${file}" is not valid YAML: ${document.errors[0].message.split("\n")[0]}`);
      return instance;
    }
    const converted = documentData(document);
    if ("problem" in converted) {
      problems.push(`${where}: "${file}": ${converted.problem}`);
      return instance;
    }
    const values: unknown = converted.data ?? {};
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      problems.push(`${where}: "${file}" must hold a mapping of chart values`);
      return instance;
    }
    const templates = findTemplateSequences(values);
    const refused = extraValuesProblems(values, instance.harbor?.chartVersion);
    for (const finding of templates) {
      problems.push(`${where}: "${file}" at ${finding.path.join(".")}: ${templateSequenceMessage(finding)}`);
    }
    for (const problem of refused) problems.push(`${where}: "${file}": ${problem.path} ${problem.message}`);
    if (templates.length > 0 || refused.length > 0) return instance;
    const harbor = {
      ...instance.harbor,
      values: mergeValues(values as Record<string, unknown>, instance.harbor?.values ?? {}),
    };
    return { ...instance, harbor };
  });
  return { raw: { ...raw, instances }, problems };
}
