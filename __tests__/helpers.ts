import { Testing, TerraformOutput, TerraformStack } from "cdktf";

/** What a token or value renders to in the stack's JSON (e.g. `${data.x.y.id}`). */
export function rendered(stack: TerraformStack, value: unknown): unknown {
  const id = `probe_${Math.random().toString(36).slice(2)}`;
  const output = new TerraformOutput(stack, id, { value });
  const json = JSON.parse(Testing.synth(stack));
  stack.node.tryRemoveChild(output.node.id);
  return json.output[id].value;
}
