import { Construct } from "constructs";
import { ImportableResource, IResolvable, TerraformMetaArguments, TerraformProvider, Token } from "cdktf";
import { AttributeTable, blockListAttr, booleanAttr, numberAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/**
 * One `rule` block: which artifacts to **retain**. Harbor's retention keeps what at least one rule selects and
 * deletes the rest, per repository. Within a rule the repository and tag selectors filter first, then the
 * condition picks from what they selected (goharbor/harbor v2.15.1 src/pkg/retention/policy/alg/or/processor.go).
 *
 * Exactly one condition (`nDaysSinceLastPull`, `nDaysSinceLastPush`, `mostRecentlyPulled`, `mostRecentlyPushed`,
 * `alwaysRetain`), one of `repoMatching` / `repoExcluding` and one of `tagMatching` / `tagExcluding` (the
 * provider's CustomizeDiff).
 */
export interface HarborRetentionRule {
  /**
   * `disabled`: keep the rule but do not apply it.
   * @default false
   */
  readonly disabled?: boolean | IResolvable;
  /**
   * `n_days_since_last_pull`: retain artifacts pulled within the last N days.
   * @default - not this condition
   */
  readonly nDaysSinceLastPull?: number;
  /**
   * `n_days_since_last_push`: retain artifacts pushed within the last N days.
   * @default - not this condition
   */
  readonly nDaysSinceLastPush?: number;
  /**
   * `most_recently_pulled`: retain the N most recently pulled artifacts.
   * @default - not this condition
   */
  readonly mostRecentlyPulled?: number;
  /**
   * `most_recently_pushed`: retain the N most recently pushed artifacts.
   * @default - not this condition
   */
  readonly mostRecentlyPushed?: number;
  /**
   * `always_retain`: retain everything the selectors select.
   * @default - not this condition
   */
  readonly alwaysRetain?: boolean | IResolvable;
  /**
   * `repo_matching`: repositories the rule applies to (doublestar glob, e.g. `**`).
   * @default - none (then give `repoExcluding`)
   */
  readonly repoMatching?: string;
  /**
   * `repo_excluding`: repositories the rule does not apply to.
   * @default - none
   */
  readonly repoExcluding?: string;
  /**
   * `tag_matching`: artifacts with a tag matching this glob.
   * @default - none (then give `tagExcluding`)
   */
  readonly tagMatching?: string;
  /**
   * `tag_excluding`: artifacts with a tag not matching this glob.
   * @default - none
   */
  readonly tagExcluding?: string;
  /**
   * `untagged_artifacts`: Harbor's `untagged` flag of the tag selector. With `tagMatching`, `true` also selects
   * untagged artifacts. With `tagExcluding` Harbor inverts it: untagged artifacts are selected when it is
   * `false` (src/lib/selector/selectors/doublestar/selector.go, `tagSelectExclude`), so `tagExcluding: "**"`
   * with `false` selects exactly the untagged artifacts.
   * @default true
   */
  readonly untaggedArtifacts?: boolean | IResolvable;
}

/** Harbor accepts at most 15 rules per policy (src/server/v2.0/handler/retention.go; the schema's MaxItems). */
export const MAX_RETENTION_RULES = 15;

/** Configuration of a {@link HarborRetentionPolicy} (`harbor_retention_policy`). */
export interface HarborRetentionPolicyConfig extends TerraformMetaArguments {
  /**
   * `scope`: the project, as {@link HarborProject.id} (`/projects/<id>`, the form the provider reads back).
   * Changing it replaces the policy.
   */
  readonly scope: string;
  /** `rule`: 1 to 15 rules (an ordered list). A change is an in-place update. */
  readonly rules: readonly HarborRetentionRule[];
  /**
   * `schedule`: `Hourly`, `Daily`, `Weekly` or a 6-field cron string (seconds first). The provider reads the
   * crons `0 0 * * * *`, `0 0 0 * * *` and `0 0 0 * * 0` back as `Hourly`, `Daily` and `Weekly`, and keywords
   * capitalized, so write those forms (see `retentionSchedule` in constructs/harbor/day2/team-project.ts) to avoid a
   * permanent diff. A change is an in-place update.
   * @default - no schedule (the policy runs only when started by hand)
   */
  readonly schedule?: string;
}

/**
 * The tag retention policy of a Harbor project (`harbor_retention_policy`); one per project. Destroying it
 * empties the policy (no rules, no schedule) rather than deleting it.
 * Hand-written binding; follows `provider/resource_retention_policy.go` of goharbor/terraform-provider-harbor at
 * v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborRetentionPolicy extends HarborResource<HarborRetentionPolicyConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_retention_policy";

  /** Generates config to import a policy; the import id is `/retentions/<id>`. */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return super.importConfig(HarborRetentionPolicy.tfResourceType, scope, importToId, importFromId, provider);
  }

  constructor(scope: Construct, id: string, config: HarborRetentionPolicyConfig) {
    super(scope, id, HarborRetentionPolicy.tfResourceType, config);
    const problem = retentionRulesProblem(config.rules);
    if (problem !== undefined) {
      const space = problem.indexOf(" ");
      this.reject(problem.slice(0, space), problem.slice(space + 1));
    }
    this.checkSchedule("schedule", config.schedule, "retention");
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      scope: stringAttr(c.scope),
      schedule: stringAttr(c.schedule),
      rule: blockListAttr(
        c.rules.map((rule) => ({
          disabled: booleanAttr(rule.disabled),
          n_days_since_last_pull: numberAttr(rule.nDaysSinceLastPull),
          n_days_since_last_push: numberAttr(rule.nDaysSinceLastPush),
          most_recently_pulled: numberAttr(rule.mostRecentlyPulled),
          most_recently_pushed: numberAttr(rule.mostRecentlyPushed),
          always_retain: booleanAttr(rule.alwaysRetain),
          repo_matching: stringAttr(rule.repoMatching),
          repo_excluding: stringAttr(rule.repoExcluding),
          tag_matching: stringAttr(rule.tagMatching),
          tag_excluding: stringAttr(rule.tagExcluding),
          untagged_artifacts: booleanAttr(rule.untaggedArtifacts),
        })),
      ),
    };
  }
}

/**
 * Why a rule list would fail the provider's checks (MinItems/MaxItems and the "exactly one" checks of
 * `retentionRuleParamValidation`), or undefined. Values that are tokens count as set.
 */
export function retentionRulesProblem(rules: readonly HarborRetentionRule[]): string | undefined {
  if (rules.length < 1 || rules.length > MAX_RETENTION_RULES) {
    return `rules must hold 1 to ${MAX_RETENTION_RULES} rules, got ${rules.length}`;
  }
  for (const [index, rule] of rules.entries()) {
    const set = (value: unknown): boolean =>
      value !== undefined && (Token.isUnresolved(value) || (value !== 0 && value !== false && value !== ""));
    const groups: readonly (readonly [string, readonly unknown[]])[] = [
      [
        "nDaysSinceLastPull, nDaysSinceLastPush, mostRecentlyPulled, mostRecentlyPushed, alwaysRetain",
        [
          rule.nDaysSinceLastPull,
          rule.nDaysSinceLastPush,
          rule.mostRecentlyPulled,
          rule.mostRecentlyPushed,
          rule.alwaysRetain,
        ],
      ],
      ["repoMatching, repoExcluding", [rule.repoMatching, rule.repoExcluding]],
      ["tagMatching, tagExcluding", [rule.tagMatching, rule.tagExcluding]],
    ];
    for (const [names, values] of groups) {
      const count = values.filter(set).length;
      if (count !== 1) return `rules[${index}] must set exactly one of ${names}, got ${count}`;
    }
  }
  return undefined;
}
