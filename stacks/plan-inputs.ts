import {
  App,
  DataTerraformRemoteStateS3,
  S3Backend,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript the CI workflow runs as is
const { deployOrder } = require("../scripts/stack-order.js") as {
  deployOrder: (manifest: { stacks: Record<string, { dependencies: string[] }> }) => string[];
};

/** One variable a stack's plan reads from the environment. */
export interface PlanInput {
  /** The environment variable, e.g. `TF_VAR_oidc_client_secret` or `DIGITALOCEAN_TOKEN`. */
  readonly name: string;
  /** What reads it. */
  readonly why: string;
}

export interface StackPlanInputs {
  readonly stack: string;
  readonly inputs: PlanInput[];
}

/**
 * What `terraform plan` of one stack reads from the environment, from the constructs that synthesize into its JSON
 * (read from the tree rather than re-parsed from cdk.tf.json: the same source, without the cost of reading every
 * stack back): each root `variable` (TF_VAR_<name>), and the credentials of what the stack configures without them:
 * the digitalocean provider (DIGITALOCEAN_TOKEN, and SPACES_* for Spaces resources; env names from
 * digitalocean/provider.go @ v2.71.0) and the S3 backend or an S3 `terraform_remote_state` (AWS_*, a Spaces key).
 */
export function stackPlanInputs(stack: TerraformStack): PlanInput[] {
  const constructs = stack.node.findAll();
  const inputs: PlanInput[] = [];
  const digitalocean = constructs.filter((c): c is DigitaloceanProvider => c instanceof DigitaloceanProvider);
  if (digitalocean.length > 0 && digitalocean.every((provider) => provider.token === undefined)) {
    inputs.push({ name: "DIGITALOCEAN_TOKEN", why: "the digitalocean provider (API token, read/write)" });
  }
  const spaces = constructs.some(
    (c) => c instanceof TerraformResource && c.terraformResourceType.startsWith("digitalocean_spaces_"),
  );
  if (spaces && digitalocean.every((provider) => provider.spacesAccessId === undefined)) {
    inputs.push(
      { name: "SPACES_ACCESS_KEY_ID", why: "the digitalocean provider's Spaces buckets (a key that may create them)" },
      { name: "SPACES_SECRET_ACCESS_KEY", why: "the same Spaces key" },
    );
  }
  if (constructs.some((c) => c instanceof S3Backend || c instanceof DataTerraformRemoteStateS3)) {
    inputs.push(
      { name: "AWS_ACCESS_KEY_ID", why: "the S3 state backend on Spaces (the state bucket's key)" },
      { name: "AWS_SECRET_ACCESS_KEY", why: "the same state bucket key" },
    );
  }
  const variables = constructs
    .filter((c): c is TerraformVariable => c instanceof TerraformVariable)
    .map((variable) => ({
      name: `TF_VAR_${variable.friendlyUniqueId}`,
      why: variable.description ?? "a root variable",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return [...inputs, ...variables];
}

/** Every stack of `app`, in deploy order (each after the stacks it depends on), with its inputs. */
export function planInputs(app: App): StackPlanInputs[] {
  const stacks = new Map(
    app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c)).map((s) => [s.node.id, s]),
  );
  const manifest = {
    stacks: Object.fromEntries(
      [...stacks].map(([name, stack]) => [name, { dependencies: stack.dependencies.map((d) => d.node.id) }]),
    ),
  };
  return deployOrder(manifest).map((name) => ({
    stack: name,
    inputs: stackPlanInputs(stacks.get(name) as TerraformStack),
  }));
}

/** The lines synth prints: the deploy order and, per stack, the variables its plan needs. */
export function formatPlanInputs(stacks: readonly StackPlanInputs[]): string[] {
  const lines = [
    `harbor-doks: deploy order (npx cdktf deploy 'harbor-*' follows it), and what each plan reads from the environment:`,
  ];
  stacks.forEach(({ stack, inputs }, index) => {
    lines.push(`  ${index + 1}. ${stack}: ${inputs.length === 0 ? "nothing" : inputs.map((i) => i.name).join(", ")}`);
  });
  if (stacks.some(({ inputs }) => inputs.some((i) => i.name.startsWith("TF_VAR_")))) {
    lines.push("  (TF_VAR_* are needed to create and update, not to destroy; see docs/deploy.md)");
  }
  return lines;
}
