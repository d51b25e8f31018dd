// HarborDay2: what it builds, what a later change of each input does to the plan, what destroy does, and what a
// mistaken value does. Update or replace is read from the goharbor provider at v3.12.4
// (github.com/goharbor/terraform-provider-harbor, provider/resource_*.go): an attribute marked `ForceNew: true` in the
// resource's schema replaces it, any other change is an update in place.
import { TerraformStack, Testing } from "cdktf";
import { HarborDay2, HarborDay2Props, scanAllPolicy } from "../../../../constructs/harbor/day2/harbor-day2";
import { TerraformData } from "../../../../constructs/core/terraform-data";
import { ValidationError } from "../../../../constructs/core/errors";
import { validationError } from "../../../helpers";

type Block = Record<string, unknown>;
type Json = { resource: Record<string, Record<string, Block>> };

/**
 * The attributes whose change replaces the resource (`ForceNew: true` at v3.12.4): harbor_project `name` and
 * `registry_id` (provider/resource_project.go), harbor_registry `provider_name` (resource_registry.go),
 * harbor_robot_account `name` and `level` (resource_robot_account.go). harbor_config_auth, harbor_config_system,
 * harbor_garbage_collection and harbor_interrogation_services have none.
 */
const FORCE_NEW: Record<string, readonly string[]> = {
  harbor_project: ["name", "registry_id"],
  harbor_registry: ["provider_name"],
  harbor_robot_account: ["name", "level"],
};

/** Every prop set, the way a user of the library would. */
const FULL: HarborDay2Props = {
  registryHost: "registry.example.com",
  proxyCaches: [
    { project: "dockerhub", upstream: "docker-hub", public: true, quotaGiB: 200, accessId: "id", accessSecret: "s" },
    { project: "ghcr", upstream: "ghcr" },
  ],
  oidc: {
    endpoint: "https://dex.example.com",
    clientId: "harbor",
    clientSecret: "client-secret",
    groupsClaim: "groups",
    adminGroup: "admins",
    scopes: ["openid", "profile", "groups"],
  },
  garbageCollection: { schedule: "0 0 3 * * 0" },
  scanSchedule: "daily",
  system: { projectCreation: "adminonly", robotExpiryDays: 30, defaultProjectQuotaGiB: 50 },
  projects: [
    {
      name: "team-a",
      quotaGiB: 200,
      immutableTags: ["v*"],
      retention: { keepLastPushed: 20 },
      members: [{ group: "team-a-devs", role: "developer" }],
      robots: [
        { name: "ci", access: "push" },
        { name: "pull", access: "pull", pullSecretNamespaces: ["team-a"] },
      ],
    },
  ],
  replicationSources: [{ name: "ams", projects: ["team-a"] }],
};

function synth(props: HarborDay2Props): { json: Json; day2: HarborDay2; stack: TerraformStack } {
  const stack = new TerraformStack(Testing.app(), "config");
  const ready = new TerraformData(stack, "ApiReady");
  const day2 = new HarborDay2(stack, "Day2", { dependsOn: [ready], ...props });
  return { json: JSON.parse(Testing.synth(stack)) as Json, day2, stack };
}

/** Every resource as `type.id` with its arguments, without the construct metadata and depends_on. */
function resources(json: Json): Map<string, Block> {
  const out = new Map<string, Block>();
  for (const [type, blocks] of Object.entries(json.resource)) {
    for (const [id, block] of Object.entries(blocks)) {
      const rest: Block = { ...block };
      delete rest["//"];
      delete rest.depends_on;
      out.set(`${type}.${id}`, rest);
    }
  }
  return out;
}

/**
 * What Terraform plans when `after` replaces `before`: per address `create`, `destroy`, `replace` (a ForceNew argument
 * changed) or `update`; addresses without a change are left out. depends_on changes order, not resources.
 */
function plan(before: HarborDay2Props, after: HarborDay2Props): Record<string, string> {
  const [a, b] = [resources(synth(before).json), resources(synth(after).json)];
  const out: Record<string, string> = {};
  for (const [address, block] of b) {
    const old = a.get(address);
    if (old === undefined) {
      out[address] = "create";
      continue;
    }
    const changed = Object.keys({ ...old, ...block }).filter(
      (key) => JSON.stringify(old[key]) !== JSON.stringify(block[key]),
    );
    if (changed.length === 0) continue;
    const type = address.split(".")[0];
    out[address] = changed.some((key) => (FORCE_NEW[type] ?? []).includes(key)) ? "replace" : "update";
  }
  for (const address of a.keys()) if (!b.has(address)) out[address] = "destroy";
  // A ForceNew argument that refers to an attribute of a replaced resource is unknown until it is replaced: the
  // referring resource is replaced too (a proxy cache's project follows its registry's id).
  for (let grown = true; grown; ) {
    grown = false;
    for (const [address, block] of b) {
      if (out[address] === "replace" || out[address] === "create") continue;
      const forceNew = FORCE_NEW[address.split(".")[0]] ?? [];
      const refs = forceNew.map((key) => JSON.stringify(block[key] ?? ""));
      if (Object.keys(out).some((r) => out[r] === "replace" && refs.some((ref) => ref.includes(`\${${r}.`)))) {
        out[address] = "replace";
        grown = true;
      }
    }
  }
  return out;
}

/** The plan with each address shortened to its type and the construct id under Day2 (hash dropped). */
function shortPlan(before: HarborDay2Props, after: HarborDay2Props): Record<string, string> {
  return Object.fromEntries(
    Object.entries(plan(before, after)).map(([address, action]) => [
      address.replace(/\.Day2_/, ".").replace(/_[0-9A-F]{8}$/, ""),
      action,
    ]),
  );
}

describe("HarborDay2 with every prop", () => {
  const { json, day2 } = synth(FULL);
  const block = (type: string, part: string) => {
    const found = Object.entries(json.resource[type] ?? {}).filter(([id]) => id.includes(part));
    expect(found.map(([id]) => id)).toHaveLength(1);
    return found[0][1];
  };

  it("builds each part as its child, and nothing twice", () => {
    expect(Object.keys(json.resource).sort()).toEqual([
      "harbor_config_auth",
      "harbor_config_system",
      "harbor_garbage_collection",
      "harbor_immutable_tag_rule",
      "harbor_interrogation_services",
      "harbor_project",
      "harbor_project_member_group",
      "harbor_registry",
      "harbor_retention_policy",
      "harbor_robot_account",
      "kubernetes_secret_v1",
      "terraform_data",
    ]);
    expect([...day2.proxyCaches.keys()]).toEqual(["dockerhub", "ghcr"]);
    expect([...day2.projects.keys()]).toEqual(["team-a"]);
    expect([...day2.replicationRobots.keys()]).toEqual(["ams"]);
    expect(day2.node.children.map((c) => c.node.id)).toEqual([
      "ProxyCache-dockerhub",
      "ProxyCache-ghcr",
      "Oidc",
      "GarbageCollection",
      "ScanSchedule",
      "Project-team-a",
      "System",
      "ReplicationFrom-ams",
    ]);
  });

  it("makes project members wait for the OIDC configuration, and the replication robot for the project it names", () => {
    const auth = Object.keys(json.resource.harbor_config_auth)[0];
    expect(block("harbor_project_member_group", "team-a-devs").depends_on).toEqual([
      "terraform_data.ApiReady",
      `harbor_config_auth.${auth}`,
    ]);
    const project = Object.keys(json.resource.harbor_project).find((id) => id.includes("Project-team-a"));
    const robot = block("harbor_robot_account", "ReplicationFrom-ams");
    expect(JSON.stringify(robot.permissions)).toContain(`\${harbor_project.${project}.name}`);
  });

  it("sends what it is given in Harbor's terms, every resource waiting for dependsOn", () => {
    expect(block("harbor_config_auth", "Oidc")).toMatchObject({
      auth_mode: "oidc_auth",
      oidc_endpoint: "https://dex.example.com",
      oidc_client_id: "harbor",
      oidc_client_secret_wo: "client-secret",
      oidc_client_secret_wo_version: 1,
      oidc_scope: "openid,profile,groups",
      oidc_verify_cert: true,
      oidc_auto_onboard: false,
      oidc_groups_claim: "groups",
      oidc_admin_group: "admins",
    });
    // A project has retention: GC leaves untagged artifacts to it.
    expect(block("harbor_garbage_collection", "GarbageCollection")).toMatchObject({
      schedule: "0 0 3 * * 0",
      delete_untagged: false,
    });
    expect(block("harbor_interrogation_services", "ScanSchedule").vulnerability_scan_policy).toBe("Daily");
    expect(block("harbor_config_system", "System")).toMatchObject({
      project_creation_restriction: "adminonly",
      robot_token_expiration: 30,
      storage_per_project: 50,
    });
    for (const [type, blocks] of Object.entries(json.resource)) {
      if (type === "terraform_data" || type === "kubernetes_secret_v1") continue;
      for (const [id, b] of Object.entries(blocks)) {
        expect([id, b.depends_on]).toEqual([id, expect.arrayContaining(["terraform_data.ApiReady"])]);
      }
    }
  });

  it("without props: only the system settings, with their secure defaults, waiting for nothing", () => {
    const stack = new TerraformStack(Testing.app(), "bare");
    new HarborDay2(stack, "Day2", {});
    const bare = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.values(bare.resource.harbor_config_system)[0]).not.toHaveProperty("depends_on");
    expect(Object.keys(bare.resource)).toEqual(["harbor_config_system"]);
    expect(Object.values(bare.resource.harbor_config_system)[0]).toMatchObject({
      project_creation_restriction: "adminonly",
      robot_token_expiration: 30,
      storage_per_project: -1,
    });
  });

  it("maps the scan schedule names to the provider's words and collapses a cron's spaces", () => {
    expect(["daily", "weekly", "none", "0  0 2 * * *"].map(scanAllPolicy)).toEqual([
      "Daily",
      "Weekly",
      undefined,
      "0 0 2 * * *",
    ]);
    expect(Object.keys(synth({ scanSchedule: "none" }).json.resource)).not.toContain("harbor_interrogation_services");
  });
});

describe("HarborDay2: what a later change of each input does", () => {
  const project = FULL.projects![0];
  const oidc = FULL.oidc!;
  it.each<[string, HarborDay2Props, Record<string, string>]>([
    ["the same props again: nothing", FULL, {}],
    ["dependsOn: nothing (order only)", { ...FULL, dependsOn: [] }, {}],
    [
      "a proxy cache's endpoint: its registry is updated",
      { ...FULL, proxyCaches: [{ ...FULL.proxyCaches![0], endpoint: "https://mirror.gcr.io" }, FULL.proxyCaches![1]] },
      { "harbor_registry.ProxyCache-dockerhub_Registry": "update" },
    ],
    [
      "a proxy cache's upstream: registry and project are replaced (an empty cache)",
      { ...FULL, proxyCaches: [FULL.proxyCaches![0], { project: "ghcr", upstream: "quay" }] },
      { "harbor_registry.ProxyCache-ghcr_Registry": "replace", "harbor_project.ProxyCache-ghcr": "replace" },
    ],
    [
      "a proxy cache's quota and visibility: its project is updated",
      { ...FULL, proxyCaches: [{ ...FULL.proxyCaches![0], quotaGiB: 300, public: false }, FULL.proxyCaches![1]] },
      { "harbor_project.ProxyCache-dockerhub": "update" },
    ],
    [
      "a proxy cache removed: its registry and project are destroyed",
      { ...FULL, proxyCaches: [FULL.proxyCaches![0]] },
      { "harbor_registry.ProxyCache-ghcr_Registry": "destroy", "harbor_project.ProxyCache-ghcr": "destroy" },
    ],
    [
      "OIDC endpoint, claims and scopes: the auth configuration is updated",
      { ...FULL, oidc: { ...oidc, endpoint: "https://login.example.com", adminGroup: "ops", scopes: ["openid"] } },
      { "harbor_config_auth.Oidc": "update" },
    ],
    [
      "a new client secret version: the auth configuration is updated (the secret is sent again)",
      { ...FULL, oidc: { ...oidc, clientSecretVersion: 2 } },
      { "harbor_config_auth.Oidc": "update" },
    ],
    [
      "OIDC removed: the auth configuration leaves state; Harbor keeps OIDC (its delete does nothing)",
      { ...FULL, oidc: undefined, projects: [{ ...project, members: [] }] },
      {
        "harbor_config_auth.Oidc": "destroy",
        "harbor_project_member_group.Project-team-a_Member-team-a-devs": "destroy",
      },
    ],
    [
      "the GC schedule: updated",
      { ...FULL, garbageCollection: { schedule: "0 0 4 * * 6" } },
      { "harbor_garbage_collection.GarbageCollection": "update" },
    ],
    [
      "GC removed: destroyed (the provider sets Harbor's GC schedule to None)",
      { ...FULL, garbageCollection: undefined },
      { "harbor_garbage_collection.GarbageCollection": "destroy" },
    ],
    [
      "the scan schedule from daily to a cron: updated",
      { ...FULL, scanSchedule: "0 0 1 * * *" },
      { "harbor_interrogation_services.ScanSchedule": "update" },
    ],
    [
      "the scan schedule to none: destroyed (the provider sets Harbor's scan-all schedule to None)",
      { ...FULL, scanSchedule: "none" },
      { "harbor_interrogation_services.ScanSchedule": "destroy" },
    ],
    [
      "system settings: updated",
      { ...FULL, system: { projectCreation: "everyone", robotExpiryDays: 60 } },
      { "harbor_config_system.System": "update" },
    ],
    ["system removed when it held the defaults: nothing", { ...FULL, system: { defaultProjectQuotaGiB: 50 } }, {}],
    [
      "a project's quota: the project is updated, its robots keep their secrets",
      { ...FULL, projects: [{ ...project, quotaGiB: 500 }] },
      { "harbor_project.Project-team-a": "update" },
    ],
    [
      "the registry host: the pull Secret is updated",
      { ...FULL, registryHost: "harbor.example.com" },
      { "kubernetes_secret_v1.Project-team-a_PullSecret-team-a": "update" },
    ],
    [
      "a replication source's projects: its robot is updated (same secret)",
      { ...FULL, replicationSources: [{ name: "ams" }] },
      { "harbor_robot_account.ReplicationFrom-ams": "update" },
    ],
    [
      "a replication source renamed: its robot is replaced (a new secret for the new source)",
      { ...FULL, replicationSources: [{ name: "lon", projects: ["team-a"] }] },
      { "harbor_robot_account.ReplicationFrom-ams": "destroy", "harbor_robot_account.ReplicationFrom-lon": "create" },
    ],
  ])("%s", (_, after, expected) => {
    expect(shortPlan(FULL, after)).toEqual(expected);
  });
});

describe("HarborDay2: what destroy does", () => {
  const { json } = synth(FULL);
  const projects = json.resource.harbor_project;
  it("deletes proxy-cache projects with what they cached (it can be pulled again), team projects only when told", () => {
    const forceDestroy = Object.fromEntries(
      Object.entries(projects).map(([id, b]) => [
        id.replace(/^Day2_/, "").replace(/_[0-9A-F]{8}$/, ""),
        b.force_destroy,
      ]),
    );
    // Harbor refuses to delete a project that holds repositories: destroy stops at a team project with images
    // instead of deleting them, until its forceDestroy is applied (HarborTeamProjectProps.forceDestroy).
    expect(forceDestroy).toEqual({
      "ProxyCache-dockerhub": true,
      "ProxyCache-ghcr": true,
      "Project-team-a": false,
    });
  });

  it("needs no secret: the secrets' checks are plan-time preconditions the caller passes, not validations", () => {
    const withCheck = synth({
      ...FULL,
      oidc: {
        ...FULL.oidc!,
        clientSecretPreconditions: [{ condition: "${length(var.s) > 0}", errorMessage: "set TF_VAR_s" }],
      },
    }).json;
    const auth = Object.values(withCheck.resource.harbor_config_auth)[0] as {
      lifecycle?: { precondition?: unknown[] };
    };
    // Terraform checks a resource's preconditions when it creates or updates it, not when it destroys it.
    expect(auth.lifecycle?.precondition).toHaveLength(1);
    expect(Object.values(json.resource.harbor_config_auth)[0]).not.toHaveProperty("lifecycle");
  });

  it("leaves Harbor's auth mode and system settings as they are (the provider's delete of both does nothing)", () => {
    // provider/resource_config_auth.go and resource_config_system.go at v3.12.4: `Delete` returns nil. What destroy
    // can do is what the plan lists; these two leave state only.
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(["harbor_config_auth", "harbor_config_system"]));
  });
});

describe("HarborDay2: mistaken values are ValidationErrors naming the construct, the prop and the fix", () => {
  const cases: [string, string, HarborDay2Props, RegExp][] = [
    [
      "two proxy caches of one name",
      "proxyCaches[1]",
      { proxyCaches: [FULL.proxyCaches![1], FULL.proxyCaches![1]] },
      /names project "ghcr" twice; give each its own name/,
    ],
    [
      "a team project named like a proxy cache",
      "projects[0].name",
      { proxyCaches: [FULL.proxyCaches![1]], projects: [{ name: "ghcr" }] },
      /already a proxy-cache project .* another name/,
    ],
    [
      "GC deleting untagged artifacts that a project's retention keeps",
      "garbageCollection.deleteUntagged",
      { garbageCollection: { schedule: "0 0 3 * * 0", deleteUntagged: true }, projects: FULL.projects },
      /projects\[0\]\.retention keeps; leave it unset/,
    ],
    [
      "a 5-field GC cron",
      "garbageCollection.schedule",
      { garbageCollection: { schedule: "0 3 * * 0" } },
      /e\.g\. "0 0 3 \* \* 0"/,
    ],
    ["a mistyped scan schedule", "scanSchedule", { scanSchedule: "dayly" }, /must be "none", "daily", "weekly" or/],
    [
      "an OIDC issuer over http",
      "oidc.endpoint",
      { oidc: { ...FULL.oidc!, endpoint: "http://dex.example.com" } },
      /must be an https:\/\/ URL/,
    ],
    [
      "OIDC scopes without openid",
      "oidc.scopes",
      { oidc: { ...FULL.oidc!, scopes: ["profile"] } },
      /must include "openid"/,
    ],
    [
      "a client secret version of 0",
      "oidc.clientSecretVersion",
      { oidc: { ...FULL.oidc!, clientSecretVersion: 0 } },
      /raise it by one each time/,
    ],
    [
      "an unknown project-creation setting",
      "system.projectCreation",
      { system: { projectCreation: "admins" as never } },
      /must be "adminonly" or "everyone"/,
    ],
    ["robots that expire at once", "system.robotExpiryDays", { system: { robotExpiryDays: 0 } }, /from 1 to 3650/],
    [
      "two replication sources of one name",
      "replicationSources[1]",
      { replicationSources: [{ name: "ams" }, { name: "ams" }] },
      /names source "ams" twice/,
    ],
  ];
  it.each(cases)("%s", (_, prop, props, fix) => {
    const error = validationError(() => synth(props), prop);
    expect(error.constructPath).toBe("config/Day2");
    expect(error.message).toMatch(fix);
  });

  it("a part's own mistake names the part under the day-2 construct", () => {
    const error = validationError(
      () => synth({ proxyCaches: [{ project: "hub", upstream: "docker-hub", accessId: "only-half" }] }),
      "accessId",
    );
    expect(error.constructPath).toBe("config/Day2/ProxyCache-hub");
    expect(() => synth({ projects: [{ name: "Team A" }] })).toThrow(ValidationError);
  });
});
