import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** A config's synthesis: the output folder (cdktf.out, chart archives included) and each stack's cdk.tf.json text. */
export interface SynthesizedOutput {
  readonly outdir: string;
  readonly texts: Readonly<Record<string, string>>;
}

/** What each config text synthesized in this test file. */
const synthesized = new Map<string, SynthesizedOutput>();

/**
 * Synthesizes every stack of a config text the way `cdktf synth` does (app-level synthesis resolves cross-stack
 * references and writes the local chart archives) into a temporary folder. Synthesis depends on nothing but the text
 * (the app reads no environment, clock or randomness: the layering test), so a text a test file synthesized before is
 * not synthesized again; the folder stays until the run ends, and what it holds is shared: read it, never change it.
 */
export function synthConfigOutput(yaml: string): SynthesizedOutput {
  let output = synthesized.get(yaml);
  if (output === undefined) {
    const app = buildApp(parseConfig(yaml), Testing.app());
    app.synth();
    const stacksDir = join(app.outdir, "stacks");
    const texts: Record<string, string> = {};
    for (const name of readdirSync(stacksDir)) {
      texts[name] = readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8");
    }
    output = { outdir: app.outdir, texts };
    synthesized.set(yaml, output);
  }
  return output;
}

/** {@link synthConfigOutput}'s cdk.tf.json per stack, parsed anew on every call (a test may change what it gets). */
export function synthConfig(yaml: string): Record<string, StackJson> {
  const { texts } = synthConfigOutput(yaml);
  return Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, JSON.parse(text) as StackJson]));
}

/** Resources of one type in a stack, by logical id. */
export function resources(json: StackJson, type: string): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}
