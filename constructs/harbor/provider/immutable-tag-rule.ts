import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider } from "cdktf";
import { AttributeTable, booleanAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/**
 * Configuration of a {@link HarborImmutableTagRule} (`harbor_immutable_tag_rule`).
 *
 * Patterns are doublestar globs (`**`, `*`, `?`, `{a,b}`). Give one of `repoMatching` / `repoExcluding` and one
 * of `tagMatching` / `tagExcluding`: the provider sends one selector of each, and reads back only the first.
 */
export interface HarborImmutableTagRuleConfig extends TerraformMetaArguments {
  /**
   * `project_id`: the project, as {@link HarborProject.id} (`/projects/<id>`, the form the provider reads back).
   * Changing it replaces the rule.
   */
  readonly projectId: string;
  /**
   * `disabled`: keep the rule but do not enforce it. A change is an in-place update.
   * @default false
   */
  readonly disabled?: boolean | IResolvable;
  /**
   * `repo_matching`: repositories the rule covers, e.g. `**`. A change is an in-place update.
   * @default - none (then give `repoExcluding`)
   */
  readonly repoMatching?: string;
  /**
   * `repo_excluding`: repositories the rule does not cover. A change is an in-place update.
   * @default - none
   */
  readonly repoExcluding?: string;
  /**
   * `tag_matching`: tags that cannot be overwritten or deleted, e.g. `v*`. A change is an in-place update.
   * @default - none (then give `tagExcluding`)
   */
  readonly tagMatching?: string;
  /**
   * `tag_excluding`: every tag except these is immutable. A change is an in-place update.
   * @default - none
   */
  readonly tagExcluding?: string;
}

/**
 * A tag immutability rule of a Harbor project (`harbor_immutable_tag_rule`).
 * Hand-written binding; follows `provider/resource_immutable_tag_rule.go` of goharbor/terraform-provider-harbor at
 * v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborImmutableTagRule extends HarborResource<HarborImmutableTagRuleConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_immutable_tag_rule";

  /** Generates config to import a rule; the import id is `/projects/<id>/immutabletagrules/<rule id>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborImmutableTagRule.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborImmutableTagRuleConfig) {
    super(scope, id, HarborImmutableTagRule.tfResourceType, config);
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      project_id: stringAttr(c.projectId),
      disabled: booleanAttr(c.disabled),
      repo_matching: stringAttr(c.repoMatching),
      repo_excluding: stringAttr(c.repoExcluding),
      tag_matching: stringAttr(c.tagMatching),
      tag_excluding: stringAttr(c.tagExcluding),
    };
  }
}
