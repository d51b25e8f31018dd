import { parseConfig } from "../../config/load";
import { DAY2_KEYS } from "../../config/day2/registry";
import { hasDay2Config } from "../../config/resolve";
import { configProblems, rejection } from "../helpers";
import { StackJson, resources, synthConfig } from "../stacks/synth";

/** One instance with an ingress, plus `extra` lines (two-space YAML under the instance). */
const config = (extra = "", head = "ingress: { email: ops@example.com }") =>
  `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
${[head, ...extra.split("\n")]
  .filter(Boolean)
  .map((line) => `    ${line}`)
  .join("\n")}
`;

/** A minimal valid value of each day-2 key: the registry's list decides which keys there are. */
const MINIMAL: Record<(typeof DAY2_KEYS)[number], string> = {
  proxyCache: "proxyCache: [{ project: hub, provider: docker-hub }]",
  oidc: "oidc: { endpoint: https://id.example.com, clientId: harbor }",
  gc: 'gc: { schedule: "0 0 3 * * 0" }',
  scanSchedule: "scanSchedule: daily",
  projects: "projects: [{ name: team-a }]",
  replication: "replication: [{ to: other, projects: [team-*] }]",
  system: "system: {}",
};

const other = `  - { name: other, region: ams3, cluster: ams-doks, hostname: other.example.com, ingress: { email: ops@example.com } }\n`;
const config2 = (extra: string) => config(extra) + other;
const configStack = (stacks: Record<string, StackJson>) => stacks["harbor-prod-config"];
const only = (json: StackJson, type: string): [string, StackJson] => {
  const entries = Object.entries(resources(json, type));
  expect(entries).toHaveLength(1);
  return entries[0];
};

describe("the day-2 registry (config/day2/registry.ts)", () => {
  it("lists each feature once, and every key of the list is in the instance schema", () => {
    expect(DAY2_KEYS).toEqual(["proxyCache", "oidc", "gc", "scanSchedule", "projects", "replication", "system"]);
    for (const key of DAY2_KEYS) expect([key, configProblems(config2(MINIMAL[key]))]).toEqual([key, []]);
  });

  it.each(DAY2_KEYS)("%s needs an ingress without staging (Harbor's API over verified TLS)", (key) => {
    const head = "profile: dev";
    expect(rejection(config2(MINIMAL[key]).replace("ingress: { email: ops@example.com }", head))).toContain(
      `instances[0].${key}: `,
    );
    expect(rejection(config2(MINIMAL[key]).replace("ingress: { email: ops@example.com }", head))).toContain(
      "needs an ingress block",
    );
    const staging = config2(MINIMAL[key]).replace(
      "{ email: ops@example.com }",
      "{ email: ops@example.com, staging: true }",
    );
    expect(rejection(staging)).toMatch(
      new RegExp(`instances\\[0\\]\\.${key}: .*cannot be applied with ingress.staging: true`),
    );
  });

  it.each(DAY2_KEYS.filter((key) => key !== "replication"))("%s alone gives the instance a config stack", (key) => {
    const [prod] = parseConfig(config2(MINIMAL[key])).instances;
    expect(hasDay2Config(prod)).toBe(true);
  });

  it("replication rules alone give the SOURCE a replication stack and the TARGET a config stack, not the source", () => {
    const [prod, target] = parseConfig(config2(MINIMAL.replication)).instances;
    expect([hasDay2Config(prod), hasDay2Config(target)]).toEqual([false, true]);
  });

  it("an instance without day-2 settings has no config stack, so no system settings (Harbor's defaults stay)", () => {
    expect(Object.keys(synthConfig(config()))).not.toContain("harbor-prod-config");
  });
});

describe("Harbor's cron rules at synth (constructs/harbor/cron.ts)", () => {
  it.each([
    [
      "gc",
      'gc: { schedule: "30 0 3 * * 0" }',
      "instances[0].gc.schedule",
      /GC schedules \(src\/server\/v2\.0\/handler\/gc\.go\) need the 1st field \(seconds\) to be exactly 0/,
    ],
    [
      "retention",
      'projects: [{ name: a, retention: { keepLastPushed: 5, schedule: "*/10 0 4 * * *" } }]',
      "instances[0].projects[0].retention.schedule",
      /retention schedules \(src\/pkg\/retention\/policy\/models\.go\) need the 1st field \(seconds\) to be exactly 0/,
    ],
    [
      "replication minute",
      'replication: [{ to: other, projects: [team-*], trigger: schedule, schedule: "0 * 2 * * *" }]',
      "instances[0].replication[0].schedule",
      /replication schedules \(src\/controller\/replication\/model\/model\.go\) refuse "\*" in the minute field/,
    ],
    [
      "replication second",
      'replication: [{ to: other, projects: [team-*], trigger: schedule, schedule: "15 0 2 * * *" }]',
      "instances[0].replication[0].schedule",
      /replication schedules .* need the 1st field \(seconds\) to be exactly 0/,
    ],
    [
      "scan schedule",
      'scanSchedule: "30 0 2 * * *"',
      "instances[0].scanSchedule",
      /scan-all schedules \(src\/server\/v2\.0\/handler\/scan_all\.go\) need the 1st field/,
    ],
    [
      "5 fields",
      'gc: { schedule: "0 3 * * 0" }',
      "instances[0].gc.schedule",
      /Harbor's cron parser \(robfig\/cron v3, 6 fields\) needs exactly 6/,
    ],
  ])("refuses a %s schedule Harbor refuses, naming the rule", (_, extra, path, rule) => {
    const message = rejection(config2(extra));
    expect(message).toContain(`${path}: `);
    expect(message).toMatch(rule);
  });

  it("synthesizes the schedules Harbor accepts, as the provider reads them back", () => {
    const stacks = synthConfig(
      config2(
        [
          'gc: { schedule: "0 0 3 * * 0" }',
          'scanSchedule: "0  0 2 * * *"',
          'projects: [{ name: a, retention: { keepLastPushed: 5, schedule: "0 0 0 * * *" } }]',
          'replication: [{ to: other, projects: [team-*], trigger: schedule, schedule: "0 */15  * * * *" }]',
        ].join("\n"),
      ),
    );
    const day2 = configStack(stacks);
    expect(only(day2, "harbor_garbage_collection")[1].schedule).toBe("0 0 3 * * 0");
    expect(only(day2, "harbor_interrogation_services")[1].vulnerability_scan_policy).toBe("0 0 2 * * *");
    expect(only(day2, "harbor_retention_policy")[1].schedule).toBe("Daily");
    expect(only(stacks["harbor-prod-replication"], "harbor_replication")[1].schedule).toBe("0 */15 * * * *");
  });
});

describe("gc.deleteUntagged and retention", () => {
  const gc = 'gc: { schedule: "0 0 3 * * 0" }';
  const retention = "projects: [{ name: a, retention: { keepLastPushed: 5 } }]";

  it("defaults to true without retention and to false when a project has retention", () => {
    expect(parseConfig(config(gc)).instances[0].gc?.deleteUntagged).toBe(true);
    expect(parseConfig(config(`${gc}\n${retention}`)).instances[0].gc?.deleteUntagged).toBe(false);
  });

  it("refuses deleteUntagged: true beside retention, naming both", () => {
    const message = rejection(config(`gc: { schedule: "0 0 3 * * 0", deleteUntagged: true }\n${retention}`));
    expect(message).toContain("instances[0].gc.deleteUntagged: ");
    expect(message).toContain("whatever projects[0].retention keeps");
  });

  it("adding a retention policy later updates the same GC resource in place (delete_untagged true -> false)", () => {
    const [id, before] = only(configStack(synthConfig(config(gc))), "harbor_garbage_collection");
    const [idAfter, after] = only(configStack(synthConfig(config(`${gc}\n${retention}`))), "harbor_garbage_collection");
    expect(idAfter).toBe(id);
    expect([before.delete_untagged, after.delete_untagged]).toEqual([true, false]);
  });
});

describe("system settings (harbor_config_system)", () => {
  it("every config stack applies them, only admins creating projects by default", () => {
    const [, system] = only(configStack(synthConfig(config(MINIMAL.gc))), "harbor_config_system");
    expect(system).toMatchObject({
      project_creation_restriction: "adminonly",
      storage_per_project: -1,
      robot_token_expiration: 30,
    });
    expect(system.depends_on).toEqual([expect.stringMatching(/^terraform_data\.ApiReady/)]);
  });

  it("takes its settings from the system block; a change updates the same resource", () => {
    const [id] = only(configStack(synthConfig(config(MINIMAL.gc))), "harbor_config_system");
    const [idAfter, system] = only(
      configStack(
        synthConfig(config("system: { projectCreation: everyone, defaultProjectQuotaGiB: 50, robotExpiryDays: 7 }")),
      ),
      "harbor_config_system",
    );
    expect(idAfter).toBe(id);
    expect(system).toMatchObject({
      project_creation_restriction: "everyone",
      storage_per_project: 50,
      robot_token_expiration: 7,
    });
  });

  it("gives its default quota to the config's projects that set none", () => {
    const [prod] = parseConfig(
      config("system: { defaultProjectQuotaGiB: 50 }\nprojects: [{ name: a }, { name: b, quotaGiB: 5 }]"),
    ).instances;
    expect(prod.projects.map((p) => p.quotaGiB)).toEqual([50, 5]);
  });

  it("refuses an unknown restriction, naming the choices", () => {
    expect(rejection(config("system: { projectCreation: admins }"))).toContain(
      'instances[0].system.projectCreation: got string "admins"; "adminonly"',
    );
  });
});

describe("OIDC", () => {
  const oidc = (extra = "") => `oidc: { endpoint: https://id.example.com, clientId: harbor${extra} }`;
  const scopeOf = (text: string) => only(configStack(synthConfig(config(text))), "harbor_config_auth")[1].oidc_scope;

  it("requests the groups scope whenever groups are used: a groups claim, an admin group or group members", () => {
    expect(scopeOf(oidc())).toBe("openid,profile,email,offline_access");
    expect(scopeOf(oidc(", groupsClaim: groups"))).toBe("openid,profile,email,offline_access,groups");
    expect(scopeOf(oidc(", adminGroup: admins, scopes: [openid]"))).toBe("openid,groups");
    expect(scopeOf(`${oidc()}\nprojects: [{ name: a, members: [{ group: devs, role: developer }] }]`)).toBe(
      "openid,profile,email,offline_access,groups",
    );
    expect(scopeOf(oidc(", groupsClaim: groups, scopes: [openid, groups]"))).toBe("openid,groups");
  });

  it("sends the client secret write-only; a new clientSecretVersion is the only change a rotation makes", () => {
    const [id, before] = only(configStack(synthConfig(config(oidc()))), "harbor_config_auth");
    const [idAfter, after] = only(
      configStack(synthConfig(config(oidc(", clientSecretVersion: 2")))),
      "harbor_config_auth",
    );
    expect(idAfter).toBe(id);
    expect(before).not.toHaveProperty("oidc_client_secret");
    expect(before.oidc_client_secret_wo).toBe("${var.oidc_client_secret}");
    const changed = Object.keys(after).filter((key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]));
    expect(changed).toEqual(["oidc_client_secret_wo_version"]);
    expect([before.oidc_client_secret_wo_version, after.oidc_client_secret_wo_version]).toEqual([1, 2]);
  });
});

describe("project removal (projects[].forceDestroy)", () => {
  it("is off by default; setting it updates the same project in place, so a later removal deletes its images", () => {
    const [id, before] = only(configStack(synthConfig(config("projects: [{ name: a }]"))), "harbor_project");
    const [idAfter, after] = only(
      configStack(synthConfig(config("projects: [{ name: a, forceDestroy: true }]"))),
      "harbor_project",
    );
    expect(idAfter).toBe(id);
    expect([before.force_destroy, after.force_destroy]).toEqual([false, true]);
  });
});

describe("backup.bucket", () => {
  const backup = (extra = "") => `backup: { region: ams3${extra} }`;
  const backupBucket = (text: string, hostname = "registry.example.com") => {
    const stacks = synthConfig(config(text).replace("registry.example.com", hostname));
    return Object.entries(resources(stacks["harbor-prod"], "digitalocean_spaces_bucket")).find(
      ([, b]) => b.region === "ams3",
    );
  };

  it("is derived from the hostname by default, so a new hostname renames it (a replacement, refused while protected)", () => {
    const [, derived] = backupBucket(backup()) ?? [];
    const [, renamed] = backupBucket(backup(), "new.example.com") ?? [];
    expect(derived?.name).toMatch(/^harbor-prod-backup-[0-9a-f]{8}$/);
    expect(renamed?.name).not.toBe(derived?.name);
  });

  it("pinned, it keeps the same bucket (same address and name) across a hostname change", () => {
    const [, derived] = backupBucket(backup()) ?? [];
    expect(derived?.lifecycle).toMatchObject({ prevent_destroy: true });
    const pinned = backup(`, bucket: ${derived?.name}`);
    const [id, before] = backupBucket(pinned) ?? [];
    const [idAfter, after] = backupBucket(pinned, "new.example.com") ?? [];
    expect([idAfter, after?.name]).toEqual([id, before?.name]);
    expect(before?.name).toBe(derived?.name);
  });

  it("is checked like every bucket: a valid name, and no other instance's or purpose's bucket", () => {
    expect(rejection(config(backup(", bucket: Bad_Name")))).toContain("instances[0].backup.bucket: ");
    expect(rejection(config(`storage: { bucket: same-bucket }\n${backup(", bucket: same-bucket")}`))).toMatch(
      /instances\[0\]\.backup\.bucket: got "same-bucket", which is also the bucket of instances\[0\]\.storage\.bucket/,
    );
  });
});

describe("the goharbor provider", () => {
  it("is pinned to exactly 3.12.4 in every stack that uses it", () => {
    const stacks = synthConfig(config2(`${MINIMAL.gc}\n${MINIMAL.replication}`));
    const using = Object.entries(stacks).filter(([, json]) => json.terraform.required_providers.harbor !== undefined);
    expect(using.map(([name]) => name).sort()).toEqual([
      "harbor-other-config",
      "harbor-prod-config",
      "harbor-prod-replication",
    ]);
    for (const [, json] of using) {
      expect(json.terraform.required_providers.harbor).toEqual({ source: "goharbor/harbor", version: "3.12.4" });
    }
  });
});
