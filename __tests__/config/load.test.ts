import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLE_CONFIG, loadConfigFile, parseConfig, resolveConfigPath } from "../../config/load";
import { deriveBucketName } from "../../config/resolve";
import { configProblems } from "../helpers";

const valid = `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
`;

const problems = configProblems;

/** A one-instance config with `extra` YAML lines appended to the instance. */
function withInstance(extra: string): string {
  return `${valid}${extra
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}\n`;
}

describe("parseConfig: valid input", () => {
  it("applies the ha profile defaults", () => {
    const config = parseConfig(valid);
    expect(config.instances).toHaveLength(1);
    const [prod] = config.instances;
    expect(prod.profile).toBe("ha");
    expect(prod.postgres).toEqual({ version: "17", size: "db-s-1vcpu-2gb", nodes: 2 });
    expect(prod.cache).toEqual({ version: "8", size: "db-s-1vcpu-2gb", nodes: 2 });
    expect(prod.protect).toBe(true);
    expect(prod.storage).toEqual({ bucket: deriveBucketName("prod", "registry.example.com"), versioning: true });
    expect(prod.harbor).toEqual({ namespace: "harbor", chartVersion: "1.19.1", replicas: 2 });
  });

  it("applies the dev profile defaults and keeps explicit values", () => {
    const [dev] = parseConfig(withInstance("profile: dev\npostgres: { nodes: 1, version: 16 }")).instances;
    expect(dev.postgres).toEqual({ version: "16", size: "db-s-1vcpu-1gb", nodes: 1 });
    expect(dev.cache.nodes).toBe(1);
    expect(dev.harbor.replicas).toBe(1);
  });

  it("accepts JSON", () => {
    const json = JSON.stringify({
      instances: [{ name: "ci", region: "nyc3", cluster: "c", hostname: "r.example.org", profile: "dev" }],
    });
    expect(parseConfig(json).instances[0].region).toBe("nyc3");
  });

  it("derives a deterministic, valid, per-instance bucket name", () => {
    const a = deriveBucketName("prod", "registry.example.com");
    expect(a).toBe(deriveBucketName("prod", "registry.example.com"));
    expect(a).not.toBe(deriveBucketName("prod", "other.example.com"));
    expect(a).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(deriveBucketName("a".repeat(20), "x.example.com").length).toBeLessThanOrEqual(63);
  });
});

// Each row: a config and the text the first problem must contain (always the path first).
const invalid: [string, string, string[]][] = [
  ["empty file", "", ["the file is empty"]],
  ["only a comment", "# nothing\n", ["the file is empty"]],
  ["top level is a list", "- a\n- b\n", ["top level is a list"]],
  ["YAML syntax error", "instances:\n  - name: prod\n   region: [fra1\n", ["YAML syntax error at line"]],
  ["no instances key", "foo: 1\n", ['(top level): unknown key "foo"']],
  ["missing instances", "{}\n", ["instances: is required"]],
  ["empty instance list", "instances: []\n", ["instances: got a list", "at least one instance"]],
  [
    "missing hostname",
    "instances:\n  - { name: prod, region: fra1, cluster: c }\n",
    ["instances[0].hostname: is required"],
  ],
  ["bad name (uppercase)", valid.replace("name: prod", "name: Prod"), ['instances[0].name: got string "Prod"']],
  ["bad name (too long)", valid.replace("name: prod", `name: ${"a".repeat(21)}`), ["instances[0].name"]],
  ["bad name (trailing hyphen)", valid.replace("name: prod", "name: prod-"), ["instances[0].name", "hyphen"]],
  ["bad region", valid.replace("region: fra1", "region: fra2"), ['instances[0].region: got string "fra2"', "ams3"]],
  ["region without Spaces", valid.replace("region: fra1", "region: nyc1"), ["instances[0].region"]],
  ["uppercase hostname", valid.replace("registry.example.com", "Registry.example.com"), ["instances[0].hostname"]],
  ["single-label hostname", valid.replace("registry.example.com", "registry"), ["instances[0].hostname"]],
  [
    "hostname with scheme",
    valid.replace("registry.example.com", "https://registry.example.com"),
    ["instances[0].hostname"],
  ],
  ["bad profile", withInstance("profile: prod"), ['instances[0].profile: got string "prod"', '"ha" or "dev"']],
  ["too many nodes", withInstance("postgres: { nodes: 5 }"), ["instances[0].postgres.nodes: got number 5", "1 to 3"]],
  ["zero nodes", withInstance("cache: { nodes: 0 }"), ["instances[0].cache.nodes: got number 0"]],
  ["fractional nodes", withInstance("postgres: { nodes: 1.5 }"), ["instances[0].postgres.nodes"]],
  [
    "nodes as a string",
    withInstance('postgres: { nodes: "2" }'),
    ['instances[0].postgres.nodes: got string "2", expected number'],
  ],
  [
    "bad size",
    withInstance("postgres: { size: large }"),
    ['instances[0].postgres.size: got string "large"', "db-s-1vcpu-2gb"],
  ],
  [
    "standby on a 1 GiB node",
    withInstance("postgres: { size: db-s-1vcpu-1gb, nodes: 2 }"),
    ["instances[0].postgres.nodes", "2 GiB"],
  ],
  ["standby by default on a 1 GiB node", withInstance("cache: { size: db-s-1vcpu-1gb }"), ["instances[0].cache.nodes"]],
  [
    "unsupported postgres version",
    withInstance('postgres: { version: "12" }'),
    ["instances[0].postgres.version", '"17"'],
  ],
  ["unsupported valkey version", withInstance('cache: { version: "7" }'), ["instances[0].cache.version", '"8"']],
  [
    "unknown instance key with hint",
    withInstance("postgress: { nodes: 2 }"),
    ['instances[0]: unknown key "postgress" (did you mean "postgres"?)'],
  ],
  [
    "unknown nested key with hint",
    withInstance("storage: { versionning: true }"),
    ['instances[0].storage: unknown key "versionning" (did you mean "versioning"?)'],
  ],
  ["unknown key without hint", withInstance("colour: blue"), ['instances[0]: unknown key "colour"', "allowed keys"]],
  ["protect as a string", withInstance('protect: "yes"'), ['instances[0].protect: got string "yes", expected boolean']],
  [
    "versioning as a number",
    withInstance("storage: { versioning: 1 }"),
    ["instances[0].storage.versioning: got number 1"],
  ],
  [
    "bad bucket name",
    withInstance("storage: { bucket: My_Bucket }"),
    ['instances[0].storage.bucket: got string "My_Bucket"'],
  ],
  ["instances is a mapping", "instances: { name: prod }\n", ["instances: got a mapping, expected array"]],
  ["ha with one replica", withInstance("harbor: { replicas: 1 }"), ["instances[0].harbor.replicas", "profile: dev"]],
  [
    "connection budget exceeded",
    withInstance("harbor: { replicas: 4 }"),
    ['instances[0].postgres.size: got "db-s-1vcpu-2gb"', "Choose a larger postgres size or fewer harbor replicas"],
  ],
  ["chart version range", withInstance('harbor: { chartVersion: "^1.19.0" }'), ["instances[0].harbor.chartVersion"]],
  [
    "duplicate names",
    `${valid}  - { name: prod, region: fra1, cluster: c, hostname: other.example.com }\n`,
    ['instances[1].name: got string "prod"; duplicate instance name "prod" (also used by instances[0])'],
  ],
  [
    "duplicate hostnames",
    `${valid}  - { name: dev, region: fra1, cluster: c, hostname: registry.example.com, profile: dev }\n`,
    ["instances[1].hostname", "duplicate hostname"],
  ],
];

describe("parseConfig: invalid input", () => {
  it.each(invalid)("%s", (_name, text, expected) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    for (const fragment of expected) {
      expect(found.join("\n")).toContain(fragment);
    }
  });

  it("reports every problem, not just the first", () => {
    const found = problems(withInstance("profile: prod\npostgres: { nodes: 9 }"));
    expect(found).toHaveLength(2);
  });

  it("gives the YAML error's line and column", () => {
    const [message] = problems("instances:\n  - name: prod\n    region: 'fra1\n");
    expect(message).toMatch(/line \d+, column \d+/);
  });

  it("rejects duplicate keys, which YAML would otherwise resolve silently", () => {
    expect(problems(`${valid}    name: again\n`)[0]).toContain("YAML syntax error");
  });
});

describe("resolveConfigPath / loadConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "harbor-config-"));

  it("uses $HARBOR_CONFIG when set", () => {
    const path = join(dir, "custom.yaml");
    writeFileSync(path, valid);
    expect(resolveConfigPath({ HARBOR_CONFIG: path }, "/nowhere")).toBe(path);
    expect(loadConfigFile(path).instances[0].name).toBe("prod");
  });

  it("fails when $HARBOR_CONFIG names a missing file instead of falling back", () => {
    expect(() => resolveConfigPath({ HARBOR_CONFIG: "missing.yaml" }, dir)).toThrow(
      /HARBOR_CONFIG names "missing.yaml", which does not exist/,
    );
  });

  it("prefers ./harbor.config.yaml, then the committed example", () => {
    const empty = mkdtempSync(join(tmpdir(), "harbor-empty-"));
    expect(resolveConfigPath({}, empty)).toBe(join(empty, EXAMPLE_CONFIG));
    writeFileSync(join(empty, "harbor.config.yaml"), valid);
    expect(resolveConfigPath({}, empty)).toBe(join(empty, "harbor.config.yaml"));
  });

  it("validates the committed example", () => {
    const config = loadConfigFile(join(__dirname, "..", "..", EXAMPLE_CONFIG));
    expect(config.instances.length).toBeGreaterThan(0);
  });
});
