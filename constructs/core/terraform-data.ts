import { Construct } from "constructs";
import * as cdktf from "cdktf";

/** Configuration of a {@link TerraformData}. */
export interface TerraformDataConfig extends cdktf.TerraformMetaArguments {
  /**
   * `triggers_replace`: values stored in state; any change replaces the resource (and so re-runs its
   * provisioners and fires every `replace_triggered_by` that names it).
   * @default - none
   */
  readonly triggersReplace?: Readonly<Record<string, string>>;
}

/**
 * Terraform's built-in `terraform_data` resource.
 *
 * Not cdktf's `DataResource`: that class registers a validation that runs `terraform version` in a child
 * process during synth, once per resource. Synth would then need Terraform installed (this project promises
 * it does not) and pay a process per instance. Terraform older than 1.4 has no `terraform_data` at all (the app's
 * stacks require 1.4+ wherever they hold one: stacks/required-version.ts), so the check adds nothing.
 */
export class TerraformData extends cdktf.TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = "terraform_data";

  private readonly triggers?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      // Built in: no provider block, and cdktf's provider-presence check skips "terraform".
      terraformGeneratorMetadata: { providerName: "terraform" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.triggers = config.triggersReplace;
  }

  /** `id`: a random id Terraform assigns on create (and on every replacement). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeAttributes(): { [name: string]: any } {
    return { triggers_replace: cdktf.hashMapper(cdktf.stringToTerraform)(this.triggers) };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeHclAttributes(): { [name: string]: any } {
    return {
      triggers_replace: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this.triggers),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
    };
  }
}

/**
 * A resource's bare address (`type.name`) for `lifecycle.replaceTriggeredBy`. Not the resource itself:
 * cdktf 0.21 renders a resource there as `"${type.name}"`, which Terraform rejects in JSON ("Invalid
 * character"; hashicorp/terraform-cdk#3196, #3532, still open). Lazy, so a later logical-id override counts.
 */
export function resourceAddress(resource: cdktf.TerraformResource): string {
  return cdktf.Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
}
