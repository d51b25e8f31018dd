import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/**
 * Synthesizes every stack of a config text the way `cdktf synth` does (app-level synthesis resolves
 * cross-stack references and writes the local chart archives) into a temporary folder; returns cdk.tf.json per stack.
 */
export function synthConfig(yaml: string): Record<string, StackJson> {
  const app = buildApp(parseConfig(yaml), Testing.app());
  app.synth();
  const stacksDir = join(app.outdir, "stacks");
  const stacks: Record<string, StackJson> = {};
  for (const name of readdirSync(stacksDir)) {
    stacks[name] = JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8"));
  }
  return stacks;
}

/** Resources of one type in a stack, by logical id. */
export function resources(json: StackJson, type: string): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}
