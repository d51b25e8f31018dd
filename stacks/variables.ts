import { Construct } from "constructs";
import { Precondition, TerraformVariable } from "cdktf";

/**
 * A sensitive string input (TF_VAR_<name>) that is needed to create or update the resources that use it,
 * not to destroy them.
 *
 * Terraform plans a `destroy` with every root variable set and runs their `validation` blocks then too (only
 * the destroy *apply* skips them), so a required or validated variable would make `cdktf destroy` demand a
 * secret it does not use. The variable therefore defaults to `""` and has no validation; the non-empty check
 * sits on each resource that uses the value, as a {@link nonEmptyPrecondition}: Terraform evaluates a
 * resource's preconditions when it plans to create or update it (every normal plan), not when it plans to
 * destroy it (the refresh before a destroy only warns). An unset secret still never deploys silently.
 */
export function secretVariable(scope: Construct, name: string, description: string): TerraformVariable {
  return new TerraformVariable(scope, name, {
    type: "string",
    sensitive: true,
    nullable: false,
    default: "",
    description: `${description} (needed to create or update, not to destroy)`,
  });
}

/**
 * The plan-time check for a {@link secretVariable}, to put on every resource that uses it
 * (`lifecycle.precondition`). `purpose` completes "Set TF_VAR_<name> to ...", e.g. "the OIDC client secret".
 */
export function nonEmptyPrecondition(variable: TerraformVariable, purpose: string): Precondition {
  const name = variable.friendlyUniqueId;
  return {
    // A literal expression: cdktf 0.21 renders the 0 of Op.gt(Fn.lengthOf(...), 0) as "undefined".
    condition: `\${length(var.${name}) > 0}`,
    errorMessage: `TF_VAR_${name} is empty: set it to ${purpose} before deploying. Only destroying this stack works without it.`,
  };
}
