import { Construct } from "constructs";
import { Precondition, TerraformVariable } from "cdktf";

/** Options of {@link secretVariable}. */
export interface SecretVariableOptions {
  /**
   * The secret is needed only to create or update the resources that use it, not to destroy them.
   *
   * Terraform plans a `destroy` with every root variable set and runs their `validation` blocks then too (only
   * the destroy *apply* skips them), so a required or validated variable makes `cdktf destroy` demand a secret it
   * does not use. With this option the variable defaults to `""` and has no validation; the non-empty check
   * belongs on each resource that uses the value, as a {@link nonEmptyPrecondition}: Terraform evaluates a
   * resource's preconditions when it plans to create or update it (every normal plan), and not when it plans to
   * destroy it (the refresh before a destroy only warns).
   * @default false - required at every plan, destroy included, and rejected when empty
   */
  readonly onlyForCreate?: boolean;
}

/**
 * A sensitive string input (TF_VAR_<name>), which must not be empty: an unset secret exported as ""
 * would otherwise deploy a broken integration silently. See {@link SecretVariableOptions.onlyForCreate} for
 * secrets that `destroy` should not need.
 */
export function secretVariable(
  scope: Construct,
  name: string,
  description: string,
  options: SecretVariableOptions = {},
): TerraformVariable {
  if (options.onlyForCreate === true) {
    return new TerraformVariable(scope, name, {
      type: "string",
      sensitive: true,
      nullable: false,
      // "" instead of no default: a destroy plans with every variable set; the resources that use this one
      // check it with nonEmptyPrecondition().
      default: "",
      description: `${description} (needed to create or update, not to destroy)`,
    });
  }
  return new TerraformVariable(scope, name, {
    type: "string",
    sensitive: true,
    nullable: false,
    description,
    validation: [
      {
        condition: `\${length(var.${name}) > 0}`,
        errorMessage: `Set TF_VAR_${name} to a non-empty value.`,
      },
    ],
  });
}

/**
 * The plan-time check for a {@link secretVariable} with `onlyForCreate`, to put on every resource that uses it
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
