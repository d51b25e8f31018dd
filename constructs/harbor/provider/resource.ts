import { Construct } from "constructs";
import { ImportableResource, TerraformMetaArguments, TerraformProvider, TerraformResource, Token } from "cdktf";
import { AttributeTable, toHclAttributes, toTerraformAttributes } from "./attributes";
import { ValidationError } from "../../core/errors";
import { HarborCronUse, harborCronProblem } from "../cron";

/** The goharbor/harbor provider version the bindings are written and checked against, pinned exactly. */
export const HARBOR_PROVIDER_VERSION = "3.12.4";

/** Keywords the provider sends as a schedule type rather than a cron (client/misc.go `GetSchedule`, v3.12.4). */
const SCHEDULE_KEYWORDS = ["hourly", "daily", "weekly"];

/**
 * What every hand-written goharbor/harbor resource shares: the provider metadata, the
 * meta-arguments, and synthesis from one table of documented arguments ({@link attributeTable}).
 */
export abstract class HarborResource<Config extends TerraformMetaArguments> extends TerraformResource {
  protected readonly config: Config;

  protected constructor(scope: Construct, id: string, terraformResourceType: string, config: Config) {
    super(scope, id, {
      terraformResourceType,
      terraformGeneratorMetadata: { providerName: "harbor", providerVersionConstraint: HARBOR_PROVIDER_VERSION },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** Config to import an existing object (`cdktf plan`): what each class's `generateConfigForImport` returns. */
  protected static importConfig(
    terraformResourceType: string,
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return new ImportableResource(scope, importToId, { terraformResourceType, importId: importFromId, provider });
  }

  /**
   * Throws a {@link ValidationError} for `prop` of this resource, after taking the resource out of the tree again
   * (so a caught error leaves nothing behind to synthesize).
   */
  protected reject(prop: string, problem: string): never {
    this.node.scope?.node.tryRemoveChild(this.node.id);
    throw new ValidationError(this, prop, problem);
  }

  /**
   * Rejects a schedule Harbor refuses for `use` (constructs/harbor/cron.ts): a literal cron, not a keyword
   * (`Hourly`, `Daily`, `Weekly`, matched case-insensitively by the provider) and not a token (skipped).
   */
  protected checkSchedule(prop: string, schedule: string | undefined, use: HarborCronUse): void {
    if (schedule === undefined || Token.isUnresolved(schedule) || SCHEDULE_KEYWORDS.includes(schedule.toLowerCase())) {
      return;
    }
    const problem = harborCronProblem(schedule, use);
    if (problem !== undefined) this.reject(prop, `"${schedule}" ${problem}`);
  }

  /** `id`: the Terraform id; for the goharbor provider, the API path of the object (e.g. `/projects/<id>`). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** The resource's documented arguments, by their Terraform names. */
  protected abstract attributeTable(): AttributeTable;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeAttributes(): { [name: string]: any } {
    return toTerraformAttributes(this.attributeTable());
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- signature of the cdktf base class
  protected synthesizeHclAttributes(): { [name: string]: any } {
    return toHclAttributes(this.attributeTable());
  }
}
