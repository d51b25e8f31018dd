import { ConfigError, parseConfig } from "../../config/load";
import { secretHint, unknownKeyMessage, valueHint, wrongLevelHint } from "../../config/hints";

/** The problems a config text is refused with (one line each). */
function problems(text: string): string[] {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the config was accepted");
}

const instance = (extra: string) =>
  `instances:\n  - { name: prod, ${extra.startsWith("region:") ? "" : "region: fra1, "}cluster: k, hostname: a.example.com, ${extra} }\n`;

describe("YAML merge keys and x- blocks", () => {
  const shared = `
x-defaults: &defaults
  region: fra1
  cluster: prod-doks
  profile: dev
  postgres: { size: db-s-1vcpu-2gb, nodes: 1 }
x-team: &team { quotaGiB: 50, scanOnPush: true }
instances:
  - <<: *defaults
    name: one
    hostname: one.example.com
  - <<: *defaults
    name: two
    hostname: two.example.com
    profile: ha # a key beside the merge wins over the merged one
    harbor: { namespace: harbor-two }
    ingress: { email: ops@example.com }
    projects:
      - { <<: *team, name: team-a }
`;

  it("merge keys (<<: *defaults) share settings between instances; keys beside them win", () => {
    const config = parseConfig(shared);
    expect(config.instances.map((i) => [i.name, i.region, i.cluster, i.profile, i.postgres.size])).toEqual([
      ["one", "fra1", "prod-doks", "dev", "db-s-1vcpu-2gb"],
      ["two", "fra1", "prod-doks", "ha", "db-s-1vcpu-2gb"],
    ]);
    expect(config.instances[1].projects[0]).toMatchObject({ name: "team-a", quotaGiB: 50, scanOnPush: true });
  });

  it("top-level x- keys are ignored by the schema, whatever they hold", () => {
    const config = parseConfig(`x-notes: { anything: [1, 2], owner: platform }\n${instance("profile: dev")}`);
    expect(config.instances).toHaveLength(1);
  });

  it("only at the top level, and only with the x- prefix: elsewhere they stay unknown keys", () => {
    expect(problems(instance("x-notes: hi"))[0]).toMatch(/^instances\[0\]: unknown key "x-notes"/);
    expect(problems(`defaults: &d { region: fra1 }\n${instance("profile: dev")}`)[0]).toMatch(
      /^\(top level\): unknown key "defaults" \(top-level keys starting with "x-" are ignored \(for YAML anchors\)\)/,
    );
  });

  it("a merged value is checked like any other, and so is an x- block for template sequences", () => {
    const bad = `x-d: &d { region: fra, cluster: k }\ninstances:\n  - { <<: *d, name: prod, hostname: a.example.com }\n`;
    expect(problems(bad)[0]).toMatch(/^instances\[0\]\.region: got string "fra"/);
    expect(problems(`x-d: { note: "\${var.x}" }\n${instance("profile: dev")}`)[0]).toMatch(/^x-d\.note: /);
  });
});

describe("did you mean, for values", () => {
  it.each([
    ["region: fra", "instances[0].region", '(did you mean "fra1"?)'],
    ["profile: HA", "instances[0].profile", '(did you mean "ha"?)'],
    ["scanSchedule: dayly", "instances[0].scanSchedule", '(did you mean "daily"?)'],
  ])("%s", (setting, path, hint) => {
    const [problem] = problems(instance(setting));
    expect(problem.startsWith(`${path}: got string`)).toBe(true);
    expect(problem.endsWith(hint)).toBe(true);
  });

  it("nothing when no allowed value is close, or the value is not a string", () => {
    expect(problems(instance("region: mars1"))[0]).not.toContain("did you mean");
    expect(valueHint("fra", ["fra1", "ams3"])).toBe('did you mean "fra1"?');
    expect(valueHint("tokyo", ["fra1", "ams3"])).toBeUndefined();
    expect(valueHint(1, ["1"])).toBeUndefined();
  });
});

describe("a key at the wrong level says where it belongs", () => {
  it("replicas in an instance belongs in harbor, from the schema", () => {
    const [problem] = problems(instance("replicas: 3"));
    expect(problem).toMatch(
      /^instances\[0\]: unknown key "replicas" \(it belongs in "harbor\.replicas"\); allowed keys: /,
    );
    expect(wrongLevelHint(["instances", 0], "replicas")).toBe('it belongs in "harbor.replicas"');
    expect(wrongLevelHint([], "replicas")).toBe('it belongs in "instances[].harbor.replicas"');
    expect(wrongLevelHint(["instances", 0], "email")).toBe('it belongs in "ingress.email"');
    expect(wrongLevelHint(["instances", 0, "harbor"], "size")).toBe('it belongs in "postgres.size" or "cache.size"');
    expect(wrongLevelHint(["instances", 0], "colour")).toBeUndefined();
  });

  it("a secret says where it comes from instead: never the file", () => {
    const [problem] = problems(
      instance(
        "ingress: { email: a@example.com }, oidc: { endpoint: https://dex.example.com, clientId: h, clientSecret: s }",
      ),
    );
    expect(problem).toMatch(
      /^instances\[0\]\.oidc: unknown key "clientSecret" \(secrets never go in the config file; the client secret comes from the environment: TF_VAR_oidc_client_secret\)/,
    );
    expect(secretHint(["instances", 0, "proxyCache", 0], "password")).toContain(
      "TF_VAR_<NAME>_ACCESS_ID / TF_VAR_<NAME>_ACCESS_SECRET",
    );
    expect(secretHint(["instances", 0, "ingress"], "dnsToken")).toContain("TF_VAR_digitalocean_dns_token");
    expect(secretHint(["backend"], "secretKey")).toContain("AWS_ACCESS_KEY_ID");
    expect(secretHint(["instances", 0], "apiToken")).toContain("DIGITALOCEAN_TOKEN");
    expect(secretHint(["instances", 0], "replicas")).toBeUndefined();
  });

  it("a key the schema has elsewhere is misplaced, even when its name sounds like a secret", () => {
    expect(unknownKeyMessage({ keys: ["credentials"], path: ["instances", 0] })).toMatch(
      /^unknown key "credentials" \(it belongs in "proxyCache\[\]\.credentials"\)/,
    );
  });

  it("typos keep their hint, and the allowed keys are the ones of that mapping", () => {
    expect(unknownKeyMessage({ keys: ["postgress"], path: ["instances", 0] })).toMatch(
      /^unknown key "postgress" \(did you mean "postgres"\?\); allowed keys: name, region, cluster, hostname, profile,/,
    );
    expect(unknownKeyMessage({ keys: ["endpoint"], path: ["backend"] })).toMatch(
      /allowed keys: type, bucket, region, keyPrefix$/,
    );
  });
});
