import { readFileSync } from "fs";
import { join } from "path";
import { TerraformMetaArguments, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  HarborImmutableTagRule,
  HarborImmutableTagRuleConfig,
  HarborProjectMemberGroup,
  HarborProjectMemberGroupConfig,
  HarborRetentionPolicy,
  HarborRetentionPolicyConfig,
  HarborRetentionRule,
  HarborRobotAccount,
  HarborRobotAccountConfig,
  retentionRulesProblem,
} from "../../../../constructs/harbor/provider";
import { rendered } from "../../../helpers";

/**
 * The schema of each resource, transcribed from the provider's Go source in goharbor/terraform-provider-harbor at
 * tag v3.12.4 (commit a5e8f4b1b74eaf4b00e6914170059e45d892e401). Computed-only attributes (robot_id, full_name,
 * member_id) are not arguments: they are listed for completeness and must never be synthesized.
 */
type GoType = "TypeString" | "TypeInt" | "TypeBool" | "TypeSet" | "TypeList";

interface GoArgument {
  readonly type: GoType;
  readonly required?: true;
  readonly forceNew?: true;
  readonly sensitive?: true;
  /** Nested `Elem: &schema.Resource{...}` of a TypeSet / TypeList block. */
  readonly block?: GoSchema;
}

interface GoSchema {
  /** File and lines the entries come from. */
  readonly source: string;
  readonly arguments: Readonly<Record<string, GoArgument>>;
  readonly computedOnly: readonly string[];
}

// provider/resource_robot_account.go:21-123 @ v3.12.4
const ROBOT_ACCOUNT: GoSchema = {
  source: "provider/resource_robot_account.go:21-123",
  arguments: {
    name: { type: "TypeString", required: true, forceNew: true }, // :26-30
    level: { type: "TypeString", required: true, forceNew: true }, // :31-35
    description: { type: "TypeString" }, // :36-40
    disable: { type: "TypeBool" }, // :41-45 (Default false)
    duration: { type: "TypeInt" }, // :46-50 (Default -1)
    secret: { type: "TypeString", sensitive: true }, // :55-64 (Optional + Computed, ConflictsWith secret_wo*)
    secret_wo: { type: "TypeString" }, // :65-75 (WriteOnly, RequiredWith secret_wo_version)
    secret_wo_version: { type: "TypeInt" }, // :76-85
    permissions: {
      // :86-122, TypeSet, Required
      type: "TypeSet",
      required: true,
      block: {
        source: "provider/resource_robot_account.go:89-119",
        arguments: {
          access: {
            // :90-110, TypeSet, Required
            type: "TypeSet",
            required: true,
            block: {
              source: "provider/resource_robot_account.go:93-107",
              arguments: {
                action: { type: "TypeString", required: true }, // :94-97
                resource: { type: "TypeString", required: true }, // :98-101
                effect: { type: "TypeString" }, // :102-106
              },
              computedOnly: [],
            },
          },
          kind: { type: "TypeString", required: true }, // :111-114
          namespace: { type: "TypeString", required: true }, // :115-118
        },
        computedOnly: [],
      },
    },
  },
  computedOnly: ["robot_id", "full_name"], // :22-25, :51-54
};

// provider/resource_project_member_group.go:15-65 @ v3.12.4
const PROJECT_MEMBER_GROUP: GoSchema = {
  source: "provider/resource_project_member_group.go:15-65",
  arguments: {
    project_id: { type: "TypeString", required: true, forceNew: true }, // :16-20
    group_name: { type: "TypeString", forceNew: true }, // :21-25
    group_id: { type: "TypeInt", forceNew: true }, // :26-31 (AtLeastOneOf group_id, group_name)
    ldap_group_dn: { type: "TypeString" }, // :32-35
    role: { type: "TypeString", required: true }, // :40-54
    type: { type: "TypeString", required: true }, // :55-65
  },
  computedOnly: ["member_id"], // :36-39
};

// provider/resource_immutable_tag_rule.go:17-47 @ v3.12.4
const IMMUTABLE_TAG_RULE: GoSchema = {
  source: "provider/resource_immutable_tag_rule.go:17-47",
  arguments: {
    project_id: { type: "TypeString", required: true, forceNew: true }, // :18-22
    disabled: { type: "TypeBool" }, // :23-27
    repo_matching: { type: "TypeString" }, // :28-32
    repo_excluding: { type: "TypeString" }, // :33-37
    tag_matching: { type: "TypeString" }, // :38-42
    tag_excluding: { type: "TypeString" }, // :43-47
  },
  computedOnly: [],
};

// provider/resource_retention_policy.go:19-88 @ v3.12.4
const RETENTION_POLICY: GoSchema = {
  source: "provider/resource_retention_policy.go:19-88",
  arguments: {
    schedule: { type: "TypeString" }, // :20-23
    scope: { type: "TypeString", required: true, forceNew: true }, // :24-28
    rule: {
      // :29-87, TypeList, Required, MinItems 1, MaxItems 15
      type: "TypeList",
      required: true,
      block: {
        source: "provider/resource_retention_policy.go:36-85",
        arguments: {
          disabled: { type: "TypeBool" }, // :37-41
          n_days_since_last_pull: { type: "TypeInt" }, // :42-46
          n_days_since_last_push: { type: "TypeInt" }, // :47-51
          most_recently_pulled: { type: "TypeInt" }, // :52-55
          most_recently_pushed: { type: "TypeInt" }, // :56-59
          always_retain: { type: "TypeBool" }, // :60-63
          repo_matching: { type: "TypeString" }, // :64-67
          repo_excluding: { type: "TypeString" }, // :68-71
          tag_matching: { type: "TypeString" }, // :72-75
          tag_excluding: { type: "TypeString" }, // :76-79
          untagged_artifacts: { type: "TypeBool" }, // :80-84 (Default true)
        },
        computedOnly: [],
      },
    },
  },
  computedOnly: [],
};

/** Every argument of a config: a prop added to a binding without a fixture value fails type-checking. */
type Full<T> = Required<Omit<T, keyof TerraformMetaArguments>>;

const FULL_ROBOT: Full<HarborRobotAccountConfig> = {
  name: "ci",
  level: "project",
  description: "CI",
  disable: false,
  duration: 30,
  secret: "Secret123",
  secretWo: "Secret123",
  secretWoVersion: 1,
  permissions: [
    { kind: "project", namespace: "team-a", access: [{ action: "pull", resource: "repository", effect: "allow" }] },
  ],
};

const FULL_MEMBER_GROUP: Full<HarborProjectMemberGroupConfig> = {
  projectId: "/projects/1",
  groupName: "devs",
  groupId: 3,
  ldapGroupDn: "cn=devs,dc=example,dc=org",
  role: "developer",
  type: "oidc",
};

const FULL_IMMUTABLE_TAG_RULE: Full<HarborImmutableTagRuleConfig> = {
  projectId: "/projects/1",
  disabled: false,
  repoMatching: "**",
  repoExcluding: "tmp/**",
  tagMatching: "v*",
  tagExcluding: "latest",
};

// Every field of a rule; the provider's "exactly one" checks are the construct's concern, not this fixture's.
const FULL_RULE: Required<HarborRetentionRule> = {
  disabled: false,
  nDaysSinceLastPull: 1,
  nDaysSinceLastPush: 2,
  mostRecentlyPulled: 3,
  mostRecentlyPushed: 4,
  alwaysRetain: true,
  repoMatching: "**",
  repoExcluding: "tmp/**",
  tagMatching: "**",
  tagExcluding: "latest",
  untaggedArtifacts: false,
};

const FULL_RETENTION: Full<HarborRetentionPolicyConfig> = {
  scope: "/projects/1",
  schedule: "Daily",
  rules: [FULL_RULE],
};

type Block = Record<string, unknown>;
type Json = { resource: Record<string, Record<string, Block>> };

function synth(build: (scope: Construct) => void): Json {
  return JSON.parse(Testing.synthScope(build)) as Json;
}

function onlyResource(json: Json, type: string): Block {
  const entries = Object.values(json.resource?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0];
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();

const JS_TYPES: Readonly<Record<GoType, string>> = {
  TypeString: "string",
  TypeInt: "number",
  TypeBool: "boolean",
  TypeSet: "array",
  TypeList: "array",
};

/** Checks a synthesized block against a schema: names, value types, nested blocks (every element). */
function expectMatchesSchema(block: Block, schema: GoSchema, only: "all" | "required"): void {
  const expected = Object.entries(schema.arguments)
    .filter(([, argument]) => only === "all" || argument.required)
    .map(([name]) => name);
  expect(sorted(Object.keys(block))).toEqual(sorted(expected));
  for (const name of schema.computedOnly) expect(block).not.toHaveProperty(name);
  for (const [name, value] of Object.entries(block)) {
    const argument = schema.arguments[name];
    expect([name, Array.isArray(value) ? "array" : typeof value]).toEqual([name, JS_TYPES[argument.type]]);
    if (argument.block !== undefined) {
      const elements = value as Block[];
      expect(elements.length).toBeGreaterThan(0);
      for (const element of elements) expectMatchesSchema(element, argument.block, only);
    }
  }
}

interface ResourceCase {
  readonly type: string;
  readonly schema: GoSchema;
  /** Binding source file, whose prop docs must say what a change does. */
  readonly file: string;
  readonly full: (scope: Construct) => void;
  readonly minimal: (scope: Construct) => void;
}

const RESOURCES: readonly ResourceCase[] = [
  {
    type: HarborRobotAccount.tfResourceType,
    schema: ROBOT_ACCOUNT,
    file: "robot-account.ts",
    full: (scope) => new HarborRobotAccount(scope, "r", FULL_ROBOT),
    minimal: (scope) =>
      new HarborRobotAccount(scope, "r", {
        name: "ci",
        level: "project",
        permissions: [{ kind: "project", namespace: "team-a", access: [{ action: "pull", resource: "repository" }] }],
      }),
  },
  {
    type: HarborProjectMemberGroup.tfResourceType,
    schema: PROJECT_MEMBER_GROUP,
    file: "project-member-group.ts",
    full: (scope) => new HarborProjectMemberGroup(scope, "r", FULL_MEMBER_GROUP),
    // group_name or group_id (AtLeastOneOf) is required in practice; the schema marks neither Required.
    minimal: (scope) =>
      new HarborProjectMemberGroup(scope, "r", { projectId: "/projects/1", role: "guest", type: "oidc", groupId: 1 }),
  },
  {
    type: HarborImmutableTagRule.tfResourceType,
    schema: IMMUTABLE_TAG_RULE,
    file: "immutable-tag-rule.ts",
    full: (scope) => new HarborImmutableTagRule(scope, "r", FULL_IMMUTABLE_TAG_RULE),
    minimal: (scope) => new HarborImmutableTagRule(scope, "r", { projectId: "/projects/1" }),
  },
  {
    type: HarborRetentionPolicy.tfResourceType,
    schema: RETENTION_POLICY,
    file: "retention-policy.ts",
    full: (scope) => new HarborRetentionPolicyUnchecked(scope, "r", FULL_RETENTION),
    minimal: (scope) =>
      new HarborRetentionPolicy(scope, "r", {
        scope: "/projects/1",
        rules: [{ alwaysRetain: true, repoMatching: "**", tagMatching: "**" }],
      }),
  },
];

/** The JSDoc comment of the prop that maps to a Terraform argument (its doc starts with "`<argument>`:"). */
function propDoc(source: string, argument: string): string {
  const docs = source.match(/\/\*\*[\s\S]*?\*\//g) ?? [];
  const found = docs.filter((doc) => new RegExp(`^\\s*/?\\*+\\s*\`${argument}\`:`, "m").test(doc));
  expect([argument, found.length]).toEqual([argument, 1]);
  return found[0].replace(/\s*\n\s*\*\s*/g, " ");
}

describe.each(RESOURCES)("$type", ({ type, schema, file, full, minimal }) => {
  it(`synthesizes exactly the arguments of ${schema.source}, with their types, when every prop is set`, () => {
    expectMatchesSchema(onlyResource(synth(full), type), schema, "all");
  });

  it("synthesizes only the required arguments when nothing optional is set", () => {
    const block = onlyResource(synth(minimal), type);
    const required = Object.entries(schema.arguments).filter(([, argument]) => argument.required);
    // The member group needs group_id or group_name (AtLeastOneOf), which the schema does not mark Required.
    const extra = type === HarborProjectMemberGroup.tfResourceType ? ["group_id"] : [];
    expect(sorted(Object.keys(block))).toEqual(sorted([...required.map(([name]) => name), ...extra]));
  });

  it("documents on each prop whether a change replaces the resource (ForceNew) and marks secrets sensitive", () => {
    const source = readFileSync(join(__dirname, "../../../../constructs/harbor/provider", file), "utf8");
    for (const [name, argument] of Object.entries(schema.arguments)) {
      const doc = propDoc(source, name);
      expect([name, /Changing it replaces/.test(doc)]).toEqual([name, argument.forceNew === true]);
      expect([name, /\*\*Sensitive/.test(doc)]).toEqual([name, argument.sensitive === true]);
    }
  });
});

describe("HarborRobotAccount", () => {
  it("exposes the computed login name and the secret as references", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const robot = new HarborRobotAccount(stack, "ci", {
      name: "ci",
      level: "project",
      permissions: [{ kind: "project", namespace: "team-a", access: [{ action: "pull", resource: "repository" }] }],
    });
    expect(rendered(stack, robot.fullName)).toBe("${harbor_robot_account.ci.full_name}");
    expect(rendered(stack, robot.secret)).toBe("${harbor_robot_account.ci.secret}");
    expect(rendered(stack, robot.robotId)).toBe("${harbor_robot_account.ci.robot_id}");
    expect(rendered(stack, robot.id)).toBe("${harbor_robot_account.ci.id}");
  });

  it("renders permissions and access as nested blocks in HCL", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new HarborRobotAccount(stack, "ci", FULL_ROBOT);
    const hcl = String(Testing.synthHcl(stack));
    expect(hcl).toMatch(
      /permissions \{\s*kind = "project"\s*namespace = "team-a"\s*access \{\s*action = "pull"\s*resource = "repository"\s*effect = "allow"\s*\}\s*\}/,
    );
  });
});

describe("HarborProjectMemberGroup", () => {
  it("needs group_name or group_id (the schema's AtLeastOneOf)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () => new HarborProjectMemberGroup(stack, "m", { projectId: "/projects/1", role: "guest", type: "oidc" }),
    ).toThrow(/^s\/m: groupName or groupId must be given/);
  });

  it("rejects a role the provider's ValidateFunc refuses", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(
      () =>
        new HarborProjectMemberGroup(stack, "m", {
          projectId: "/projects/1",
          groupName: "devs",
          role: "projectAdmin" as never,
          type: "oidc",
        }),
    ).toThrow(/role must be one of projectadmin, maintainer, developer, guest, limitedguest, got "projectAdmin"/);
  });
});

describe("HarborRetentionPolicy", () => {
  it("renders rules as an ordered list of blocks in HCL", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new HarborRetentionPolicy(stack, "p", {
      scope: "/projects/1",
      rules: [
        { mostRecentlyPushed: 5, repoMatching: "**", tagMatching: "**" },
        { nDaysSinceLastPush: 7, repoMatching: "**", tagExcluding: "**", untaggedArtifacts: false },
      ],
    });
    const hcl = String(Testing.synthHcl(stack));
    expect(hcl).toMatch(/rule \{\s*most_recently_pushed = 5[\s\S]*\}\s*rule \{\s*n_days_since_last_push = 7/);
  });

  // The provider's CustomizeDiff (resource_retention_policy.go:321-343) and MinItems/MaxItems (:32-33).
  it.each<[string, HarborRetentionRule[], RegExp]>([
    ["no rule", [], /1 to 15 rules, got 0/],
    ["16 rules", Array(16).fill({ alwaysRetain: true, repoMatching: "**", tagMatching: "**" }), /got 16/],
    ["no condition", [{ repoMatching: "**", tagMatching: "**" }], /rules\[0\] must set exactly one of nDays.*got 0/],
    [
      "two conditions",
      [{ mostRecentlyPushed: 1, alwaysRetain: true, repoMatching: "**", tagMatching: "**" }],
      /exactly one of nDays.*got 2/,
    ],
    [
      "no repository selector",
      [{ alwaysRetain: true, tagMatching: "**" }],
      /exactly one of repoMatching, repoExcluding/,
    ],
    [
      "two tag selectors",
      [{ alwaysRetain: true, repoMatching: "**", tagMatching: "**", tagExcluding: "x" }],
      /exactly one of tagMatching, tagExcluding, got 2/,
    ],
  ])("rejects %s", (_, rules, message) => {
    expect(retentionRulesProblem(rules)).toMatch(message);
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new HarborRetentionPolicy(stack, "p", { scope: "/projects/1", rules })).toThrow(/^s\/p: rules/);
  });

  it("accepts 1 to 15 rules with one condition, one repository and one tag selector each", () => {
    const rule: HarborRetentionRule = { alwaysRetain: true, repoMatching: "**", tagMatching: "**" };
    expect(retentionRulesProblem([rule])).toBeUndefined();
    expect(retentionRulesProblem(Array(15).fill(rule))).toBeUndefined();
    expect(retentionRulesProblem([{ ...rule, alwaysRetain: undefined, mostRecentlyPushed: 3 }])).toBeUndefined();
  });
});

/**
 * The binding without its construction-time rule checks, to synthesize a rule with every field set (the provider's
 * "exactly one" checks would refuse it; this only checks the mapping of names).
 */
class HarborRetentionPolicyUnchecked extends HarborRetentionPolicy {
  constructor(scope: Construct, id: string, config: HarborRetentionPolicyConfig) {
    super(scope, id, { ...config, rules: [{ alwaysRetain: true, repoMatching: "**", tagMatching: "**" }] });
    (this as unknown as { config: HarborRetentionPolicyConfig }).config = config;
  }
}
