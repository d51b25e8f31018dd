import { Construct } from "constructs";
import { IResolvable, TerraformMetaArguments } from "cdktf";
import { AttributeTable, booleanAttr, numberAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/** Configuration of a {@link HarborGarbageCollection} (`harbor_garbage_collection`). */
export interface HarborGarbageCollectionConfig extends TerraformMetaArguments {
  /**
   * `schedule`: `"Hourly"`, `"Daily"`, `"Weekly"` or a 6-field cron string with seconds first, e.g.
   * `"0 5 4 * * *"` (04:05:00 every day). The provider matches the keywords case-insensitively but reads
   * Harbor's capitalized type back into state, so write them capitalized to avoid a permanent diff.
   */
  readonly schedule: string;
  /**
   * `delete_untagged`: also collect untagged artifacts.
   * @default false
   */
  readonly deleteUntagged?: boolean | IResolvable;
  /**
   * `workers`: number of parallel GC workers, >= 1; Harbor rejects more than it supports.
   * @default 1
   */
  readonly workers?: number;
}

/**
 * Harbor's garbage-collection schedule (`harbor_garbage_collection`), a singleton per Harbor; destroying it
 * sets the schedule to None.
 * Hand-written binding; follows docs/resources/garbage_collection.md of goharbor/terraform-provider-harbor at
 * v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborGarbageCollection extends HarborResource<HarborGarbageCollectionConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_garbage_collection";

  constructor(scope: Construct, id: string, config: HarborGarbageCollectionConfig) {
    super(scope, id, HarborGarbageCollection.tfResourceType, config);
    this.checkSchedule("schedule", config.schedule, "gc");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      schedule: stringAttr(c.schedule),
      delete_untagged: booleanAttr(c.deleteUntagged),
      workers: numberAttr(c.workers),
    };
  }
}
