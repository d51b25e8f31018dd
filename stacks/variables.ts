import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";

/**
 * A sensitive string input (TF_VAR_<name>), which must not be empty: an unset secret exported as ""
 * would otherwise deploy a broken integration silently.
 */
export function secretVariable(scope: Construct, name: string, description: string): TerraformVariable {
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
