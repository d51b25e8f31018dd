import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StackJson, resources, synthConfig, synthConfigOutput } from "./synth";

const instance = (name: string, region: string, extra = "") => `
  - name: ${name}
    region: ${region}
    cluster: ${name}-doks
    hostname: ${name}.example.com
    ingress: { email: ops@example.com }
${extra
  .split("\n")
  .filter(Boolean)
  .map((line) => `    ${line}`)
  .join("\n")}`;

// fra pushes team-* to ams on every push, ams pushes shared to fra nightly: a loop of stacks without deletions.
// fra declares shared, so ams's robot there may push to it only.
const config = `instances:${instance(
  "fra",
  "fra1",
  'replication: [{ to: ams, projects: ["team-*"] }]\nbackup: { region: ams3 }\nprojects: [{ name: shared }]',
)}${instance("ams", "ams3", 'replication: [{ to: fra, projects: [shared], trigger: schedule, schedule: "0 0 2 * * *" }]')}
`;

const stacks: Record<string, StackJson> = synthConfig(config);

describe("replication between instances", () => {
  it("gives each source a replication stack, and each target a config stack with a robot per source", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "harbor-ams",
      "harbor-ams-config",
      "harbor-ams-replication",
      "harbor-fra",
      "harbor-fra-config",
      "harbor-fra-replication",
      "harbor-platform-ams-doks",
      "harbor-platform-fra-doks",
    ]);
    const robot = Object.values(resources(stacks["harbor-ams-config"], "harbor_robot_account"))[0];
    expect(robot).toMatchObject({ name: "replication-from-fra", level: "system" });
  });

  it("orders the replication stack after its own instance and the target's config stack (no cycle)", () => {
    const { outdir } = synthConfigOutput(config);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["harbor-fra-replication"].dependencies).toEqual(
      expect.arrayContaining(["harbor-fra", "harbor-ams-config"]),
    );
    expect(manifest.stacks["harbor-ams-replication"].dependencies).toEqual(
      expect.arrayContaining(["harbor-ams", "harbor-fra-config"]),
    );
  });

  it("pushes to the target over verified TLS with the robot's credentials read from the target's state", () => {
    const json = stacks["harbor-fra-replication"];
    const registry = Object.values(resources(json, "harbor_registry"))[0];
    expect(registry).toMatchObject({
      provider_name: "harbor",
      endpoint_url: "https://ams.example.com",
      insecure: false,
    });
    expect(registry.access_secret).toMatch(/^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/);
    const policy = Object.values(resources(json, "harbor_replication"))[0];
    expect(policy).toMatchObject({ action: "push" });
    expect(JSON.stringify(policy.filters)).toContain("team-*/**");
    const target = stacks["harbor-ams-config"];
    const exported = Object.values(target.output as Record<string, { value: string; sensitive?: boolean }>).filter(
      (output) => /harbor_robot_account\.[\w-]+\.secret/.test(output.value),
    );
    expect(exported).toHaveLength(1);
    expect(exported[0].sensitive).toBe(true);
  });
});

describe("off-region backup", () => {
  const fra = stacks["harbor-fra"];

  it("creates a protected, versioned backup bucket in the other region, and the backup CronJobs' release", () => {
    const buckets = Object.values(resources(fra, "digitalocean_spaces_bucket"));
    const backup = buckets.find((b) => b.region === "ams3");
    expect(backup).toMatchObject({ acl: "private", versioning: { enabled: true } });
    expect(backup?.name).toMatch(/^harbor-fra-backup-[0-9a-f]{8}$/);
    expect(backup?.lifecycle.prevent_destroy).toBe(true);
    const release = Object.values(resources(fra, "helm_release")).find((r) => r.name === "harbor-doks-backup");
    expect(release?.namespace).toMatch(/kubernetes_namespace_v1/);
    const namespaces = Object.values(resources(fra, "kubernetes_namespace_v1")).map((n) => n.metadata.name);
    expect(namespaces).toContain("harbor-backup");
    expect(fra.output.backup_bucket.value).toContain("(ams3)");
  });

  it("adds nothing to an instance without a backup block", () => {
    expect(Object.values(resources(stacks["harbor-ams"], "digitalocean_spaces_bucket"))).toHaveLength(1);
  });
});

describe("later changes to replication", () => {
  const pair = (rule: string) =>
    synthConfig(
      `instances:${instance("fra", "fra1", `replication: [${rule}]`)}${instance(
        "ams",
        "ams3",
        "projects: [{ name: a }, { name: b }]",
      )}\n`,
    );
  const robotOf = (json: StackJson) => Object.entries(resources(json, "harbor_robot_account"))[0];
  const policyOf = (json: StackJson) => Object.entries(resources(json, "harbor_replication"))[0];

  it("turning deletion on widens the same robot in place (same address and name: its secret is kept)", () => {
    const before = pair("{ to: ams, projects: [a] }");
    const after = pair("{ to: ams, projects: [a], deletion: true }");
    const [id, robot] = robotOf(before["harbor-ams-config"]);
    const [idAfter, robotAfter] = robotOf(after["harbor-ams-config"]);
    expect(idAfter).toBe(id);
    expect(robotAfter.name).toBe(robot.name);
    expect(JSON.stringify(robotAfter.permissions)).toContain("delete");
    expect(JSON.stringify(robot.permissions)).not.toContain("delete");
  });

  it("a new trigger or pattern changes the same policy (an update, not a new one)", () => {
    const [id, policy] = policyOf(pair("{ to: ams, projects: [a] }")["harbor-fra-replication"]);
    const [idAfter, policyAfter] = policyOf(
      pair('{ to: ams, projects: [b], trigger: schedule, schedule: "0 0 2 * * *" }')["harbor-fra-replication"],
    );
    expect(idAfter).toBe(id);
    expect(policyAfter.schedule).not.toEqual(policy.schedule);
    expect(JSON.stringify(policyAfter.filters)).toContain("b/**");
  });

  it("limits the robot to the exact projects the rules name, by reference (it waits for them), without project:create", () => {
    const [, robot] = robotOf(pair("{ to: ams, projects: [a, b] }")["harbor-ams-config"]);
    const permissions = robot.permissions as { kind: string; namespace: string; access: { action: string }[] }[];
    expect(permissions.map((p) => [p.kind, p.namespace])).toEqual([
      ["project", expect.stringMatching(/^\$\{harbor_project\.Project-a_\w+\.name\}$/)],
      ["project", expect.stringMatching(/^\$\{harbor_project\.Project-b_\w+\.name\}$/)],
    ]);
    expect(JSON.stringify(permissions)).not.toContain("create");
    expect(robot.duration).toBe(-1);
  });

  it("a pattern widens the same robot to every project and project:create; an expiry updates it in place", () => {
    const [id] = robotOf(pair("{ to: ams, projects: [a] }")["harbor-ams-config"]);
    const [idWide, wide] = robotOf(pair('{ to: ams, projects: ["team-*"] }')["harbor-ams-config"]);
    expect(idWide).toBe(id);
    expect(wide.permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "system", namespace: "/" }),
        expect.objectContaining({ kind: "project", namespace: "*" }),
      ]),
    );
    const [idExpiring, expiring] = robotOf(
      pair("{ to: ams, projects: [a], robotExpiryDays: 90 }")["harbor-ams-config"],
    );
    expect([idExpiring, expiring.duration]).toEqual([id, 90]);
  });

  it("refuses exact projects the target does not declare, naming the fix", () => {
    expect(() =>
      synthConfig(
        `instances:${instance("fra", "fra1", "replication: [{ to: ams, projects: [c] }]")}${instance("ams", "ams3")}\n`,
      ),
    ).toThrow(/replication\[0\]\.projects: .*names "c", which instance "ams" does not declare in its projects/);
  });

  it("removing every rule removes the replication stack and the target's robot with it", () => {
    const none = synthConfig(`instances:${instance("fra", "fra1")}${instance("ams", "ams3")}\n`);
    expect(none["harbor-fra-replication"]).toBeUndefined();
    expect(none["harbor-ams-config"]).toBeUndefined();
  });
});
