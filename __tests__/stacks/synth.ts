import { Testing, TerraformStack } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** Synthesizes every stack of a config text; returns cdk.tf.json per stack name. */
export function synthConfig(yaml: string): Record<string, StackJson> {
  const app = buildApp(parseConfig(yaml), Testing.app());
  const stacks: Record<string, StackJson> = {};
  for (const child of app.node.children) {
    if (child instanceof TerraformStack) stacks[child.node.id] = JSON.parse(Testing.synth(child));
  }
  return stacks;
}

/** Resources of one type in a stack, by logical id. */
export function resources(json: StackJson, type: string): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}
