import { Construct } from "constructs";
import { ImportableResource, TerraformMetaArguments, TerraformProvider, TerraformResource } from "cdktf";
import { AttributeTable, toHclAttributes, toTerraformAttributes } from "./attributes";

/**
 * What every hand-written goharbor/harbor resource shares: the provider metadata, the
 * meta-arguments, and synthesis from one table of documented arguments ({@link attributeTable}).
 */
export abstract class HarborResource<Config extends TerraformMetaArguments> extends TerraformResource {
  protected readonly config: Config;

  protected constructor(scope: Construct, id: string, terraformResourceType: string, config: Config) {
    super(scope, id, {
      terraformResourceType,
      terraformGeneratorMetadata: { providerName: "harbor", providerVersionConstraint: "~> 3.12" },
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
