import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** What each config text synthesized in this test file: cdk.tf.json text per stack. */
const synthesized = new Map<string, Record<string, string>>();

/**
 * Synthesizes every stack of a config text the way `cdktf synth` does (app-level synthesis resolves
 * cross-stack references and writes the local chart archives) into a temporary folder; returns cdk.tf.json per stack,
 * parsed anew on every call (a test may change what it gets). Synthesis depends on nothing but the text (the app reads
 * no environment), so a text a test file synthesized before is not synthesized again.
 */
export function synthConfig(yaml: string): Record<string, StackJson> {
  let texts = synthesized.get(yaml);
  if (texts === undefined) {
    const app = buildApp(parseConfig(yaml), Testing.app());
    app.synth();
    const stacksDir = join(app.outdir, "stacks");
    texts = {};
    for (const name of readdirSync(stacksDir)) {
      texts[name] = readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8");
    }
    synthesized.set(yaml, texts);
  }
  return Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, JSON.parse(text) as StackJson]));
}

/** Resources of one type in a stack, by logical id. */
export function resources(json: StackJson, type: string): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}
