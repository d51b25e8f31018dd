import { DataResource, Testing, TerraformStack } from "cdktf";
import { TerraformData, resourceAddress } from "../../../constructs/core/terraform-data";

describe("TerraformData", () => {
  it("synthesizes terraform_data with triggers_replace, like cdktf's DataResource", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new TerraformData(stack, "Ours", { triggersReplace: { name: "a" } });
    new DataResource(stack, "Theirs", { triggersReplace: { name: "a" } });
    const json = JSON.parse(Testing.synth(stack)).resource.terraform_data;
    expect(json.Ours).toEqual({ triggers_replace: { name: "a" } });
    expect(json.Ours).toEqual(json.Theirs);
  });

  it("registers no validation, so synth never runs `terraform version` (cdktf's DataResource does)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ours = new TerraformData(stack, "Ours");
    const theirs = new DataResource(stack, "Theirs");
    // Validations are functions registered on the node; DataResource's spawns a process when run.
    const count = (c: { node: unknown }) => ((c.node as { _validations?: unknown[] })._validations ?? []).length;
    expect(count(ours)).toBe(0);
    expect(count(theirs)).toBe(1);
  });

  it('gives a bare address for replace_triggered_by (cdktf would write "${...}", which Terraform rejects)', () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const data = new TerraformData(stack, "Name");
    new TerraformData(stack, "Other", { lifecycle: { replaceTriggeredBy: [resourceAddress(data)] } });
    const json = JSON.parse(Testing.synth(stack)).resource.terraform_data;
    expect(json.Other.lifecycle.replace_triggered_by).toEqual(["terraform_data.Name"]);
  });
});
