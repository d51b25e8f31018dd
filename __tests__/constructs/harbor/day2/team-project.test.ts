import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import {
  HarborTeamProject,
  HarborTeamProjectProps,
  deploymentSecurity,
  retentionRules,
  retentionSchedule,
  robotAccess,
  teamProjectProblems,
} from "../../../../constructs/harbor/day2/team-project";
import { TerraformData } from "../../../../constructs/core/terraform-data";
import { rendered } from "../../../helpers";

type Block = Record<string, unknown>;
type Json = { resource: Record<string, Record<string, Block>>; provider?: Record<string, Block[]> };

/** The project block of issue 12's example config, in the construct's terms. */
const EXAMPLE: HarborTeamProjectProps = {
  name: "team-a",
  public: false,
  quotaGiB: 200,
  scanOnPush: true,
  preventVulnerable: "high",
  immutableTags: ["v*"],
  retention: { keepLastPushed: 20, untaggedAfterDays: 7, schedule: "0 0 4 * * *" },
  members: [{ group: "team-a-devs", role: "developer" }],
  robots: [
    { name: "ci", access: "push" },
    { name: "cluster-pull", access: "pull", pullSecretNamespaces: ["team-a", "team-a-staging"] },
  ],
  registryHost: "registry.example.com",
};

interface Built {
  readonly stack: TerraformStack;
  readonly project: HarborTeamProject;
  readonly json: Json;
}

function build(props: HarborTeamProjectProps = EXAMPLE): Built {
  const stack = new TerraformStack(Testing.app(), "config");
  const kubernetes = new KubernetesProvider(stack, "Cluster", { alias: "cluster" });
  const ready = new TerraformData(stack, "ApiReady");
  const oidc = new TerraformData(stack, "Oidc");
  const project = new HarborTeamProject(stack, "Project-team-a", {
    ...props,
    kubernetesProvider: kubernetes,
    dependsOn: [ready],
    membersDependOn: [oidc],
  });
  return { stack, project, json: JSON.parse(Testing.synth(stack)) as Json };
}

/** The blocks of one resource type, by logical id. */
function blocks(json: Json, type: string): Record<string, Block> {
  return json.resource[type] ?? {};
}

/** The one block of a type whose logical id contains `part`. */
function block(json: Json, type: string, part: string): Block {
  const matches = Object.entries(blocks(json, type)).filter(([id]) => id.includes(part));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0][1];
}

/** The project's bare address, e.g. `harbor_project.Project-team-a_1234ABCD`. */
function projectAddress(json: Json): string {
  const ids = Object.keys(json.resource.harbor_project);
  expect(ids).toHaveLength(1);
  return `harbor_project.${ids[0]}`;
}
const READY = "terraform_data.ApiReady";
const OIDC = "terraform_data.Oidc";

describe("HarborTeamProject with the issue's example", () => {
  const { stack, project, json } = build();
  const PROJECT = `\${${projectAddress(json)}.id}`;

  it("creates exactly the project, one immutable rule, the retention policy, the member, two robots and two pull Secrets", () => {
    const counts = Object.fromEntries(
      Object.entries(json.resource)
        .filter(([type]) => type !== "terraform_data")
        .map(([type, byId]) => [type, Object.keys(byId).length]),
    );
    expect(counts).toEqual({
      harbor_project: 1,
      harbor_immutable_tag_rule: 1,
      harbor_retention_policy: 1,
      harbor_project_member_group: 1,
      harbor_robot_account: 2,
      kubernetes_secret_v1: 2,
    });
    // The construct never manages namespaces: they must exist.
    expect(json.resource.kubernetes_namespace_v1).toBeUndefined();
    expect(json.resource.kubernetes_namespace).toBeUndefined();
  });

  it("sets quota, scan on push and vulnerability prevention on the project, and keeps its images on destroy", () => {
    expect(rendered(stack, project.project.id)).toBe(PROJECT);
    expect(block(json, "harbor_project", "Project-team-a")).toEqual({
      name: "team-a",
      public: false,
      vulnerability_scanning: true,
      deployment_security: "high",
      storage_quota: 200,
      force_destroy: false,
      depends_on: [READY],
    });
  });

  it("makes v* tags immutable in every repository", () => {
    expect(block(json, "harbor_immutable_tag_rule", "ImmutableTag-v")).toEqual({
      project_id: PROJECT,
      repo_matching: "**",
      tag_matching: "v*",
      depends_on: [READY],
    });
  });

  it("retains the 20 newest tagged artifacts and untagged ones for 7 days, per repository, at 04:00", () => {
    expect(block(json, "harbor_retention_policy", "Retention")).toEqual({
      scope: PROJECT,
      schedule: "0 0 4 * * *",
      rule: [
        { most_recently_pushed: 20, repo_matching: "**", tag_matching: "**", untagged_artifacts: false },
        { n_days_since_last_push: 7, repo_matching: "**", tag_excluding: "**", untagged_artifacts: false },
      ],
      depends_on: [READY],
    });
  });

  it("adds the OIDC group as developer after the OIDC configuration", () => {
    expect(block(json, "harbor_project_member_group", "Member-team-a-devs")).toEqual({
      project_id: PROJECT,
      group_name: "team-a-devs",
      type: "oidc",
      role: "developer",
      depends_on: [READY, OIDC],
    });
  });

  it("gives the push robot repository pull+push and the pull robot repository pull, nothing else", () => {
    const permissions = (name: string): unknown => block(json, "harbor_robot_account", `Robot-${name}_`).permissions;
    const namespace = `\${${projectAddress(json)}.name}`;
    expect(permissions("ci")).toEqual([
      {
        kind: "project",
        namespace,
        access: [
          { action: "pull", resource: "repository" },
          { action: "push", resource: "repository" },
        ],
      },
    ]);
    expect(permissions("cluster-pull")).toEqual([
      { kind: "project", namespace, access: [{ action: "pull", resource: "repository" }] },
    ]);
    for (const robot of Object.values(blocks(json, "harbor_robot_account"))) {
      expect(robot).toMatchObject({ level: "project", depends_on: [READY] });
    }
  });

  it("lets Harbor generate the robot secrets: no secret argument, so nothing in the config can change them", () => {
    for (const robot of Object.values(blocks(json, "harbor_robot_account"))) {
      expect(Object.keys(robot).filter((key) => key.startsWith("secret"))).toEqual([]);
    }
  });

  it("exposes each robot's login name, secret and address as references", () => {
    const [ci, pull] = project.robots;
    const address = Object.keys(blocks(json, "harbor_robot_account")).find((id) => id.includes("Robot-ci_"));
    expect(ci.name).toBe("ci");
    expect(rendered(stack, ci.fullName)).toBe(`\${harbor_robot_account.${address}.full_name}`);
    expect(rendered(stack, ci.secret)).toBe(`\${harbor_robot_account.${address}.secret}`);
    expect(rendered(stack, ci.address)).toBe(`harbor_robot_account.${address}`);
    expect(ci.pullSecrets).toHaveLength(0);
    expect(pull.pullSecrets).toHaveLength(2);
  });

  it("writes a dockerconfigjson Secret <project>-pull into each namespace, built by Terraform from references", () => {
    const robot = Object.keys(blocks(json, "harbor_robot_account")).find((id) => id.includes("Robot-cluster-pull"));
    const user = `harbor_robot_account.${robot}.full_name`;
    const secret = `harbor_robot_account.${robot}.secret`;
    const expected =
      `\${jsonencode({"auths" = {"registry.example.com" = {"username" = ${user}, "password" = ${secret}, ` +
      `"auth" = base64encode(join(":", [${user}, ${secret}]))}}})}`;
    const secrets = Object.values(blocks(json, "kubernetes_secret_v1"));
    expect(secrets.map((s) => (s.metadata as Block).namespace).sort()).toEqual(["team-a", "team-a-staging"]);
    for (const s of secrets) {
      expect(s).toEqual({
        provider: "kubernetes.cluster",
        metadata: {
          name: "team-a-pull",
          namespace: (s.metadata as Block).namespace,
          labels: { "app.kubernetes.io/managed-by": "terraform" },
        },
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": expected },
      });
    }
  });

  it("mentions robot secrets only inside Terraform expressions (no literal credentials in cdk.tf.json)", () => {
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "string") strings.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
    };
    walk(json);
    const mentions = strings.filter((s) => /harbor_robot_account\.[^.]+\.secret/.test(s));
    expect(mentions.length).toBeGreaterThan(0);
    for (const s of mentions) expect(s).toMatch(/^\$\{.*\}$/s);
    // No "password" or "auth" value outside those expressions, and no pre-encoded credentials.
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"(password|auth)"\s*:/);
    expect(text).not.toMatch(/robot\$/);
  });
});

describe("HarborTeamProject lifecycle", () => {
  const base = build();
  const robotsOf = (json: Json): Record<string, Block> => blocks(json, "harbor_robot_account");
  const secretsOf = (json: Json): Record<string, Block> => blocks(json, "kubernetes_secret_v1");
  // ForceNew arguments of harbor_robot_account (provider/resource_robot_account.go:26-35 @ v3.12.4): a change
  // to one of them replaces the robot and so gives it a new secret.
  const ROBOT_FORCE_NEW = ["name", "level"];
  const changedKeys = (a: Block, b: Block): string[] =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));

  it("synthesizes the same robots and pull Secrets when unrelated inputs change (the secrets stay)", () => {
    const changed = build({
      ...EXAMPLE,
      quotaGiB: 500,
      preventVulnerable: "critical",
      immutableTags: ["v*", "release-*"],
      retention: { keepLastPushed: 5 },
      members: [
        { group: "team-a-devs", role: "maintainer" },
        { group: "team-a-ops", role: "guest" },
      ],
    });
    expect(changed.json.resource.harbor_project).not.toEqual(base.json.resource.harbor_project);
    expect(robotsOf(changed.json)).toEqual(robotsOf(base.json));
    expect(secretsOf(changed.json)).toEqual(secretsOf(base.json));
  });

  it("is deterministic: synthesizing twice gives the same JSON", () => {
    expect(build().json).toEqual(base.json);
  });

  it("updates a robot in place when its access changes (no ForceNew argument moves, the secret stays)", () => {
    const changed = build({
      ...EXAMPLE,
      robots: [{ ...EXAMPLE.robots![0], access: "pull" }, EXAMPLE.robots![1]],
    });
    const [id] = Object.keys(robotsOf(base.json)).filter((k) => k.includes("Robot-ci_"));
    const keys = changedKeys(robotsOf(base.json)[id], robotsOf(changed.json)[id]);
    expect(keys.sort()).toEqual(["description", "permissions"]);
    expect(keys.filter((k) => ROBOT_FORCE_NEW.includes(k))).toEqual([]);
  });

  it("replaces a robot only when it is renamed (a new address and a ForceNew name: a new secret)", () => {
    const changed = build({ ...EXAMPLE, robots: [{ name: "ci2", access: "push" }, EXAMPLE.robots![1]] });
    const before = Object.keys(robotsOf(base.json)).find((k) => k.includes("Robot-ci_")) as string;
    expect(robotsOf(changed.json)[before]).toBeUndefined();
    const after = Object.values(robotsOf(changed.json)).find((b) => b.name === "ci2") as Block;
    expect(after.name).not.toBe(robotsOf(base.json)[before].name);
  });

  it("replaces robots with their project (Harbor deletes them with it), and only then", () => {
    for (const robot of Object.values(robotsOf(base.json))) {
      expect(robot.lifecycle).toEqual({ replace_triggered_by: [`${projectAddress(base.json)}.id`] });
    }
  });

  it("adds and removes pull Secrets per namespace without touching the robot", () => {
    const changed = build({
      ...EXAMPLE,
      robots: [EXAMPLE.robots![0], { ...EXAMPLE.robots![1], pullSecretNamespaces: ["team-a", "team-a-prod"] }],
    });
    expect(robotsOf(changed.json)).toEqual(robotsOf(base.json));
    const namespaces = (json: Json): string[] =>
      Object.values(secretsOf(json))
        .map((s) => (s.metadata as Block).namespace as string)
        .sort();
    expect(namespaces(changed.json)).toEqual(["team-a", "team-a-prod"]);
    // The Secret of an unchanged namespace keeps its address and content: no delete/create for it.
    const keep = Object.keys(secretsOf(base.json)).find((k) => k.includes("PullSecret-team-a_"));
    expect(keep).toBeDefined();
    expect(secretsOf(changed.json)[keep as string]).toEqual(secretsOf(base.json)[keep as string]);
  });
});

describe("pull Secrets across a robot rename", () => {
  const base = build();
  const secretsOf = (json: Json): Record<string, Block> => blocks(json, "kubernetes_secret_v1");
  // A delete and a create of the same Secret name in one apply race ("already exists"): the Secret is keyed by
  // namespace, so a rename updates it in place.
  it("keeps each pull Secret's address when its robot is renamed; only the credentials change", () => {
    const renamed = build({
      ...EXAMPLE,
      robots: [EXAMPLE.robots![0], { ...EXAMPLE.robots![1], name: "cluster-read" }],
    });
    const before = secretsOf(base.json);
    const after = secretsOf(renamed.json);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const id of Object.keys(before)) {
      expect((after[id].metadata as Block).name).toBe("team-a-pull");
      expect(after[id].data).not.toEqual(before[id].data);
    }
  });

  it("moves Secrets from their earlier robot-keyed address (a moved block), without a delete and create", () => {
    const moved = (base.json as unknown as { moved?: { from: string; to: string }[] }).moved ?? [];
    const ids = Object.keys(secretsOf(base.json)).sort();
    expect(moved.map((m) => m.to).sort()).toEqual(ids.map((id) => `kubernetes_secret_v1.${id}`));
    for (const m of moved)
      expect(m.from).toMatch(
        /^kubernetes_secret_v1\.Project-team-a_PullSecret-cluster-pull-team-a(-staging)?_[0-9A-F]{8}$/,
      );
  });
});

describe("HarborTeamProject defaults", () => {
  it("creates only a private, scanned project without vulnerability prevention when nothing else is given", () => {
    const { json } = build({ name: "library" });
    expect(Object.keys(json.resource).filter((t) => t !== "terraform_data")).toEqual(["harbor_project"]);
    const projectBlock = Object.values(json.resource.harbor_project)[0];
    expect(projectBlock).toEqual({
      name: "library",
      public: false,
      vulnerability_scanning: true,
      force_destroy: false,
      depends_on: [READY],
    });
  });

  it("sends no deployment_security for preventVulnerable none (the provider would read it back as a diff)", () => {
    const { json } = build({ name: "library", preventVulnerable: "none" });
    expect(Object.values(json.resource.harbor_project)[0]).not.toHaveProperty("deployment_security");
    expect(deploymentSecurity("none")).toBeUndefined();
    expect(deploymentSecurity(undefined)).toBeUndefined();
    expect(deploymentSecurity("low")).toBe("low");
  });

  it("keys members by group, also for Keycloak-style group paths", () => {
    const { json } = build({ name: "library", members: [{ group: "/platform/devs", role: "limitedGuest" }] });
    const member = Object.values(json.resource.harbor_project_member_group)[0];
    expect(member).toMatchObject({ group_name: "/platform/devs", role: "limitedguest", type: "oidc" });
  });
});

describe("retention and permission mapping", () => {
  it("keeps the other kind of artifact forever when only one limit is given", () => {
    expect(retentionRules({ keepLastPushed: 3 })).toEqual([
      { repoMatching: "**", untaggedArtifacts: false, tagMatching: "**", mostRecentlyPushed: 3 },
      { repoMatching: "**", untaggedArtifacts: false, tagExcluding: "**", alwaysRetain: true },
    ]);
    expect(retentionRules({ untaggedAfterDays: 2 })).toEqual([
      { repoMatching: "**", untaggedArtifacts: false, tagMatching: "**", alwaysRetain: true },
      { repoMatching: "**", untaggedArtifacts: false, tagExcluding: "**", nDaysSinceLastPush: 2 },
    ]);
  });

  it.each([
    ["0 0 4 * * *", "0 0 4 * * *"],
    ["  0  0 4 * * * ", "0 0 4 * * *"],
    ["0 0 * * * *", "Hourly"],
    ["0 0 0 * * *", "Daily"],
    ["0 0 0 * * 0", "Weekly"],
  ])("writes schedule %j as %j, the form the provider reads back", (input, output) => {
    expect(retentionSchedule(input)).toBe(output);
  });

  it("maps access levels to exactly these permissions", () => {
    expect(robotAccess("pull")).toEqual([{ resource: "repository", action: "pull" }]);
    expect(robotAccess("push")).toEqual([
      { resource: "repository", action: "pull" },
      { resource: "repository", action: "push" },
    ]);
  });
});

describe("HarborTeamProject validation", () => {
  const robot = (name: string, pullSecretNamespaces?: string[]) =>
    ({ name, access: "pull", pullSecretNamespaces }) as const;

  it.each<[string, Partial<HarborTeamProjectProps>, RegExp]>([
    ["an invalid project name", { name: "Team_A" }, /name "Team_A" is not a Harbor project name/],
    ["a project name over 255 characters", { name: "a".repeat(256) }, /is not a Harbor project name: 1-255/],
    ["a zero quota", { quotaGiB: 0 }, /quotaGiB must be a whole number >= 1, got 0/],
    ["an unknown severity", { preventVulnerable: "severe" as never }, /preventVulnerable must be one of none, low/],
    ["a duplicate immutable pattern", { immutableTags: ["v*", "v*"] }, /immutableTags\[1\] "v\*" is listed twice/],
    ["an empty immutable pattern", { immutableTags: [" "] }, /immutableTags\[0\] " " must be a tag pattern/],
    ["an empty retention", { retention: {} }, /retention needs keepLastPushed, untaggedAfterDays or both/],
    [
      "keepLastPushed 0",
      { retention: { keepLastPushed: 0 } },
      /retention.keepLastPushed must be a whole number from 1/,
    ],
    [
      "fractional days",
      { retention: { untaggedAfterDays: 1.5 } },
      /retention.untaggedAfterDays must be a whole number/,
    ],
    [
      "a 5-field schedule",
      { retention: { keepLastPushed: 1, schedule: "0 4 * * *" } },
      /retention.schedule "0 4 \* \* \*" has 5 fields/,
    ],
    ["an out-of-range schedule", { retention: { keepLastPushed: 1, schedule: "0 0 25 * * *" } }, /out of range/],
    [
      "a duplicate group",
      {
        members: [
          { group: "g", role: "guest" },
          { group: "g", role: "developer" },
        ],
      },
      /members\[1\].group "g" is listed twice/,
    ],
    [
      "an unknown role",
      { members: [{ group: "g", role: "owner" as never }] },
      /members\[0\].role must be one of projectAdmin/,
    ],
    ["an invalid robot name", { robots: [robot("CI")] }, /robots\[0\].name "CI" is not a Harbor robot name/],
    [
      "duplicate robot names",
      { robots: [robot("ci"), robot("ci")] },
      /robots\[1\].name "ci" is used twice; robot names must be unique/,
    ],
    [
      "an unknown access",
      { robots: [{ name: "ci", access: "admin" as never }] },
      /robots\[0\].access must be "pull" or "push"/,
    ],
    [
      "a namespace that is no DNS label",
      { robots: [robot("p", ["Team_A"])] },
      /pullSecretNamespaces\[0\] "Team_A" is not a namespace name/,
    ],
    ["the default namespace", { robots: [robot("p", ["default"])] }, /"default" is a Kubernetes system namespace/],
    ["a kube- namespace", { robots: [robot("p", ["kube-system"])] }, /"kube-system" is a Kubernetes system namespace/],
    ["a namespace listed twice", { robots: [robot("p", ["a", "a"])] }, /pullSecretNamespaces\[1\] "a" is listed twice/],
    [
      "two robots in one namespace",
      { robots: [robot("p", ["a"]), robot("q", ["a"])] },
      /robots\[1\].pullSecretNamespaces\[0\] "a" already gets robot "p"'s Secret team-a-pull/,
    ],
    ["no registry host", { registryHost: undefined, robots: [robot("p", ["a"])] }, /registryHost is required/],
    [
      "a registry URL",
      { registryHost: "https://r.example.com", robots: [robot("p", ["a"])] },
      /registryHost "https:\/\/r.example.com" must be a host name/,
    ],
    [
      "a project name that cannot name a Secret",
      { name: "team_a", robots: [robot("p", ["a"])] },
      /name "team_a" cannot name the pull Secret "team_a-pull"/,
    ],
  ])("rejects %s, naming the construct and the prop", (_, change, message) => {
    const props = { name: "team-a", registryHost: "registry.example.com", ...change };
    expect(teamProjectProblems(props).join("\n")).toMatch(message);
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new HarborTeamProject(stack, "p", props)).toThrow(/^s\/p: /);
  });

  it("accepts the example and a registry host with a port", () => {
    expect(teamProjectProblems(EXAMPLE)).toEqual([]);
    expect(teamProjectProblems({ ...EXAMPLE, registryHost: "registry.example.com:8443" })).toEqual([]);
  });
});
