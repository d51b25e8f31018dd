import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider } from "cdktf";
import { AttributeTable, blockSetAttr, booleanAttr, numberAttr, stringAttr, stringListAttr } from "./attributes";
import { HarborResource } from "./resource";

/** Direction of a replication policy: `push` copies from this Harbor to the registry, `pull` the other way. */
export type HarborReplicationAction = "push" | "pull";

/** Keywords of `schedule`; any other value is a 6-field cron string (a "scheduled" trigger). */
export type HarborReplicationTriggerKeyword = "manual" | "event_based";

/**
 * One `filters` block. The provider turns each block into ONE Harbor filter and keeps the last kind it finds in
 * the order name, tag, labels, resource (client/replication.go `GetReplicationBody`, v3.12.4), so set one kind
 * per block.
 */
export interface HarborReplicationFilter {
  /**
   * `name`: doublestar pattern matched against the whole repository name `<project>/<repository>`
   * (goharbor/harbor src/pkg/reg/util/pattern.go): `*` stops at `/`, `**` crosses it, `{a,b}` are alternatives.
   * @default - not a name filter
   */
  readonly name?: string;
  /** `tag`: pattern on tags (spaces are removed by the provider). @default - not a tag filter */
  readonly tag?: string;
  /** `labels`: label names. @default - not a label filter */
  readonly labels?: string[];
  /** `decoration`: `matches` or `excludes`, for tag and label filters. @default - Harbor's `matches` */
  readonly decoration?: "matches" | "excludes";
  /** `resource`: `artifact` (images and other OCI artifacts) or `chart`. @default - not a resource filter */
  readonly resource?: "artifact" | "chart";
}

/** Configuration of a {@link HarborReplication} (`harbor_replication`). */
export interface HarborReplicationConfig extends TerraformMetaArguments {
  /** `name`: name of the policy in Harbor. */
  readonly name: string;
  /** `action`: `push` or `pull`. Changing it replaces the policy (ForceNew). */
  readonly action: HarborReplicationAction;
  /** `registry_id`: numeric id of the `harbor_registry` at the other end ({@link HarborRegistry.registryId}). */
  readonly registryId: number;
  /**
   * `schedule`: `"manual"`, `"event_based"` (push only: on every push and, with `deletion`, delete) or a 6-field
   * cron string with seconds first (Harbor's scheduled trigger).
   * @default "manual"
   */
  readonly schedule?: HarborReplicationTriggerKeyword | (string & {});
  /**
   * `enabled`: the policy runs on its trigger.
   * @default true
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * `deletion`: also delete at the destination what is deleted here.
   * @default false
   */
  readonly deletion?: boolean | IResolvable;
  /** `description`: free text. @default "" */
  readonly description?: string;
  /**
   * `dest_namespace`: project at the destination that receives everything.
   * @default - the same project name as at the source
   */
  readonly destNamespace?: string;
  /**
   * `dest_namespace_replace`: flattening of the repository path, -1 (all levels) to 3.
   * @default 0 (no flattening)
   */
  readonly destNamespaceReplace?: number;
  /**
   * `override`: overwrite an artifact that already exists at the destination under the same name.
   * @default true
   */
  readonly override?: boolean | IResolvable;
  /** `copy_by_chunk`: copy blobs in chunks. @default false */
  readonly copyByChunk?: boolean | IResolvable;
  /** `single_active_replication`: never run two executions of this policy at once. @default false */
  readonly singleActiveReplication?: boolean | IResolvable;
  /** `filters`: which resources the policy copies; all given filters must match. @default - everything */
  readonly filters?: HarborReplicationFilter[];
  /** `speed`: bandwidth limit per execution in Kbps. @default -1 (unlimited) */
  readonly speed?: number;
  /** `execute_on_changed`: run the policy once whenever Terraform creates or updates it. @default false */
  readonly executeOnChanged?: boolean | IResolvable;
}

/**
 * A replication policy (`harbor_replication`).
 * Hand-written binding; follows the schema of goharbor/terraform-provider-harbor v3.12.4
 * `provider/resource_replication.go` (and docs/resources/replication.md).
 *
 * The provider does not read `filters` back from Harbor (`resourceReplicationRead` sets no `filters`), so a filter
 * changed in Harbor's UI is not seen as drift; a filter changed here is still sent on update.
 * Providers: the stack needs HarborProvider.
 */
export class HarborReplication extends HarborResource<HarborReplicationConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_replication";

  /** Generates config to import an existing policy; the import id is `/replication/policies/<id>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborReplication.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborReplicationConfig) {
    super(scope, id, HarborReplication.tfResourceType, config);
    if (config.schedule !== "manual" && config.schedule !== "event_based") {
      this.checkSchedule("schedule", config.schedule, "replication");
    }
  }

  /** `replication_policy_id`: Harbor's numeric policy id (computed). */
  public get replicationPolicyId(): number {
    return this.getNumberAttribute("replication_policy_id");
  }

  /** `name` as a reference. */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      name: stringAttr(c.name),
      action: stringAttr(c.action),
      registry_id: numberAttr(c.registryId),
      schedule: stringAttr(c.schedule),
      enabled: booleanAttr(c.enabled),
      deletion: booleanAttr(c.deletion),
      description: stringAttr(c.description),
      dest_namespace: stringAttr(c.destNamespace),
      dest_namespace_replace: numberAttr(c.destNamespaceReplace),
      override: booleanAttr(c.override),
      copy_by_chunk: booleanAttr(c.copyByChunk),
      single_active_replication: booleanAttr(c.singleActiveReplication),
      filters: blockSetAttr(
        c.filters?.map((f) => ({
          name: stringAttr(f.name),
          tag: stringAttr(f.tag),
          labels: stringListAttr(f.labels),
          decoration: stringAttr(f.decoration),
          resource: stringAttr(f.resource),
        })),
      ),
      speed: numberAttr(c.speed),
      execute_on_changed: booleanAttr(c.executeOnChanged),
    };
  }
}
