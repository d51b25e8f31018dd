import { readFileSync } from "node:fs";
import { join } from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript the CI workflow runs as is
const { deployOrder } = require("../scripts/stack-order.js") as {
  deployOrder: (manifest: SynthManifest) => string[];
};

/** The part of cdktf's `manifest.json` read here. */
export interface SynthManifest {
  readonly stacks: Readonly<
    Record<string, { readonly dependencies: readonly string[]; readonly synthesizedStackPath: string }>
  >;
}

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the synthesized JSON, read as data
type StackJson = Record<string, any>;

/**
 * What `terraform plan` of one synthesized stack reads from the environment, derived from its JSON so that the list
 * follows the stacks: each root `variable` (TF_VAR_<name>), and the credentials of what the stack configures without
 * them: the digitalocean provider (DIGITALOCEAN_TOKEN, and SPACES_* for Spaces resources; env names from
 * digitalocean/provider.go @ v2.71.0) and the S3 backend or an S3 `terraform_remote_state` (AWS_*, a Spaces key).
 */
export function stackPlanInputs(json: StackJson): PlanInput[] {
  const inputs: PlanInput[] = [];
  const digitalocean: StackJson[] = json.provider?.digitalocean ?? [];
  if (digitalocean.length > 0 && digitalocean.every((config) => config.token === undefined)) {
    inputs.push({ name: "DIGITALOCEAN_TOKEN", why: "the digitalocean provider (API token, read/write)" });
  }
  const spaces = Object.keys(json.resource ?? {}).some((type) => type.startsWith("digitalocean_spaces_"));
  if (spaces && digitalocean.every((config) => config.spaces_access_id === undefined)) {
    inputs.push(
      { name: "SPACES_ACCESS_KEY_ID", why: "the digitalocean provider's Spaces buckets (a key that may create them)" },
      { name: "SPACES_SECRET_ACCESS_KEY", why: "the same Spaces key" },
    );
  }
  const remoteStates: StackJson[] = Object.values(json.data?.terraform_remote_state ?? {});
  if (json.terraform?.backend?.s3 !== undefined || remoteStates.some((state) => state.backend === "s3")) {
    inputs.push(
      { name: "AWS_ACCESS_KEY_ID", why: "the S3 state backend on Spaces (the state bucket's key)" },
      { name: "AWS_SECRET_ACCESS_KEY", why: "the same state bucket key" },
    );
  }
  for (const [name, variable] of Object.entries<StackJson>(json.variable ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    inputs.push({ name: `TF_VAR_${name}`, why: variable.description ?? "a root variable of the stack" });
  }
  return inputs;
}

/** Every synthesized stack of `outdir`, in deploy order (each after the stacks it depends on), with its inputs. */
export function planInputs(outdir: string): StackPlanInputs[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as SynthManifest;
  return deployOrder(manifest).map((stack) => ({
    stack,
    inputs: stackPlanInputs(
      JSON.parse(readFileSync(join(outdir, manifest.stacks[stack].synthesizedStackPath), "utf8")),
    ),
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
    lines.push("  (TF_VAR_* are needed to create and update, not to destroy; see the README's Deploy and destroy)");
  }
  return lines;
}
