import { Testing, TerraformOutput, TerraformStack } from "cdktf";
import { ConfigError, parseConfig } from "../config/load";

/** What a token or value renders to in the stack's JSON (e.g. `${data.x.y.id}`). */
export function rendered(stack: TerraformStack, value: unknown): unknown {
  const id = `probe_${Math.random().toString(36).slice(2)}`;
  const output = new TerraformOutput(stack, id, { value });
  const json = JSON.parse(Testing.synth(stack));
  stack.node.tryRemoveChild(output.node.id);
  return json.output[id].value;
}

/** Every problem a config text produces, one line each; empty when the config is valid. */
export function configProblems(text: string): string[] {
  try {
    parseConfig(text, "test.yaml");
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The problems of a config text that must be rejected, joined into one string. */
export function rejection(text: string): string {
  const problems = configProblems(text);
  if (problems.length === 0) throw new Error("config was accepted");
  return problems.join("\n");
}
