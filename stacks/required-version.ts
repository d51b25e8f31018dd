import { TerraformStack } from "cdktf";

/** A Terraform language feature a stack may use, and the Terraform version that brought it. */
export interface TerraformFeature {
  /** `major.minor.patch`. */
  readonly version: string;
  /** What the stack uses, for docs and tests. */
  readonly what: string;
  /** Whether a synthesized fragment (one element's `toTerraform()`, unresolved: only its keys are read) uses it. */
  readonly usedBy: (fragment: Fragment) => boolean;
}

type Fragment = Record<string, unknown>;

/**
 * Whether `fragment` has a key matching `key` with a value, at any depth of its plain objects and arrays. Unresolved fragments hold
 * tokens (class instances that reach back into the construct tree): those are values, never keys, and are skipped.
 */
function hasKey(fragment: unknown, key: (name: string) => boolean): boolean {
  if (Array.isArray(fragment)) return fragment.some((item) => hasKey(item, key));
  if (fragment === null || typeof fragment !== "object" || Object.getPrototypeOf(fragment) !== Object.prototype) {
    return false;
  }
  // A key whose value is unset is left out at synth (cdktf drops undefined and null): provider bindings list every
  // argument, e.g. helm_release's `set_wo`.
  return Object.entries(fragment).some(
    ([name, value]) => value !== undefined && value !== null && (key(name) || hasKey(value, key)),
  );
}

const key = (name: string) => (fragment: Fragment) => hasKey(fragment, (k) => k === name);

/**
 * The features the stacks use that not every Terraform 1.x has, with the release that brought each (Terraform's
 * CHANGELOG of that version). OpenTofu forked at 1.6 and has each of them at the same version number (write-only
 * arguments from 1.11).
 */
export const TERRAFORM_FEATURES: readonly TerraformFeature[] = [
  { version: "1.1.0", what: "`moved` blocks", usedBy: key("moved") },
  { version: "1.1.0", what: "non-nullable variables (`nullable = false`)", usedBy: key("nullable") },
  {
    version: "1.2.0",
    what: "preconditions and postconditions",
    usedBy: (f) => key("precondition")(f) || key("postcondition")(f),
  },
  { version: "1.2.0", what: "`replace_triggered_by`", usedBy: key("replace_triggered_by") },
  {
    version: "1.4.0",
    what: "the built-in `terraform_data` resource",
    usedBy: (f) => hasKey(f.resource, (k) => k === "terraform_data"),
  },
  {
    version: "1.6.3",
    what: "the S3 backend on Spaces: `endpoints`, `use_path_style` (1.6.0) and `skip_s3_checksum` (1.6.3)",
    usedBy: (f) => hasKey((f.terraform as Fragment | undefined)?.backend, (k) => k === "skip_s3_checksum"),
  },
  {
    version: "1.11.0",
    what: "write-only arguments (`*_wo`, e.g. the OIDC client secret's `oidc_client_secret_wo`)",
    usedBy: (f) => hasKey(f.resource, (k) => k.endsWith("_wo")),
  },
];

/** The version a stack that uses none of {@link TERRAFORM_FEATURES} requires: the 1.x line's first. */
export const TERRAFORM_FLOOR = "1.0.0";

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The oldest Terraform version that runs the given fragments: the newest version among the features they use. */
export function requiredTerraformVersion(fragments: readonly Fragment[]): string {
  return TERRAFORM_FEATURES.filter((feature) => fragments.some((fragment) => feature.usedBy(fragment)))
    .map((feature) => feature.version)
    .reduce((newest, version) => (compareVersions(version, newest) > 0 ? version : newest), TERRAFORM_FLOOR);
}

/**
 * A stack that sets `terraform { required_version }` from what it holds when it is synthesized, so an older CLI stops
 * at `init` with "Unsupported Terraform Core version" instead of failing on a feature half-way (e.g. "Write-only
 * Attribute Not Allowed" before 1.11). Derived from the stack's own synthesized JSON, after every token is resolved:
 * cdktf 0.21 has no typed setting for `required_version`, and only the finished JSON shows every argument that is set.
 */
export class VersionedStack extends TerraformStack {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf types the stack's JSON as any
  public override toTerraform(): any {
    const tf = super.toTerraform() as Fragment & { terraform: Fragment };
    const version = requiredTerraformVersion([tf]);
    return { ...tf, terraform: { ...tf.terraform, required_version: `>= ${version}` } };
  }
}
