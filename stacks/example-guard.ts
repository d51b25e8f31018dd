import { basename } from "node:path";
import { App, TerraformStack } from "cdktf";
import { TerraformData } from "../constructs/core/terraform-data";
import { EXAMPLE_CONFIG, LOCAL_CONFIG } from "../config/load";

/** Construct id of the guard in each stack; its address is `terraform_data.ExampleConfigGuard`. */
export const EXAMPLE_GUARD_ID = "ExampleConfigGuard";

/** The plan error of a stack synthesized from the committed example. */
export const EXAMPLE_GUARD_MESSAGE =
  `This stack was synthesized from the committed example ${EXAMPLE_CONFIG}, whose cluster and hostname are ` +
  `placeholders, so it deploys nothing. Copy it to ${LOCAL_CONFIG} (git-ignored), set your cluster, hostname and ` +
  `the rest, and run npm run synth again (or set HARBOR_CONFIG to your file).`;

/** Whether `configPath` is the committed example (by name: the app falls back to it in the working folder). */
export function isExampleConfig(configPath: string): boolean {
  return basename(configPath) === EXAMPLE_CONFIG;
}

/**
 * Makes every stack of `app` fail at `terraform plan`, before anything is created, when the app was synthesized from
 * the committed example: `npm run synth` keeps working on it (the README's first command), but `cdktf deploy` of its
 * placeholder cluster and hostname cannot go ahead. The guard is a `terraform_data` whose precondition is false: a
 * failed precondition is a plan error, and a plan with an error applies nothing. It depends on nothing, so Terraform
 * evaluates it even when a data source of the stack fails first. Returns whether guards were added.
 */
export function guardExampleStacks(app: App, configPath: string): boolean {
  if (!isExampleConfig(configPath)) return false;
  for (const stack of app.node.children) {
    if (!TerraformStack.isStack(stack)) continue;
    new TerraformData(stack, EXAMPLE_GUARD_ID, {
      lifecycle: { precondition: [{ condition: "${false}", errorMessage: EXAMPLE_GUARD_MESSAGE }] },
    });
  }
  return true;
}
