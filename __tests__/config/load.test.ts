import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import {
  ConfigError,
  EXAMPLE_CONFIG,
  MAX_CONFIG_BYTES,
  loadConfigFile,
  parseConfig,
  resolveConfigPath,
} from "../../config/load";
import { deriveBucketName, hasDay2Config } from "../../config/resolve";
import { configProblems } from "../helpers";
import { findCycle } from "../../config/schema";

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

const OIDC = "oidc: { endpoint: https://id.example.com, clientId: harbor }";

/** A one-instance config with an ingress block and `extra` YAML lines. */
function withIngress(extra: string): string {
  return withInstance(`ingress: { email: ops@example.com }\n${extra}`);
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
    expect(prod.harbor).toEqual({
      namespace: "harbor",
      chartVersion: "1.19.1",
      replicas: 2,
      internalTls: true,
      createNamespace: true,
      extraValues: {},
      scanner: { database: "mirrors", githubToken: false, proxyCacheProject: undefined },
    });
  });

  it("applies the dev profile defaults and keeps explicit values", () => {
    const [dev] = parseConfig(withInstance("profile: dev\npostgres: { nodes: 1, version: 16 }")).instances;
    expect(dev.postgres).toEqual({ version: "16", size: "db-s-1vcpu-1gb", nodes: 1 });
    expect(dev.cache.nodes).toBe(1);
    expect(dev.harbor.replicas).toBe(1);
  });

  it("resolves projects, replication, backup and monitoring with their defaults", () => {
    const config = parseConfig(`
instances:
  - name: fra
    region: fra1
    cluster: fra-doks
    hostname: fra.example.com
    ingress: { email: ops@example.com }
    oidc: { endpoint: https://id.example.com, clientId: harbor }
    projects:
      - name: team-a
        quotaGiB: 200
        preventVulnerable: high
        immutableTags: ["v*"]
        retention: { keepLastPushed: 20, untaggedAfterDays: 7 }
        members: [{ group: team-a-devs, role: developer }]
        robots:
          - { name: ci, access: push }
          - { name: cluster-pull, access: pull, pullSecretNamespaces: [team-a, team-a-staging] }
    replication: [{ to: ams, projects: ["team-*"] }]
    backup: { region: ams3 }
    monitoring: { metrics: true, serviceMonitor: true }
  - { name: ams, region: ams3, cluster: ams-doks, hostname: ams.example.com, ingress: { email: ops@example.com } }
`);
    const [fra, ams] = config.instances;
    expect(fra.projects[0]).toEqual({
      name: "team-a",
      public: false,
      quotaGiB: 200,
      scanOnPush: true,
      preventVulnerable: "high",
      immutableTags: ["v*"],
      retention: { keepLastPushed: 20, untaggedAfterDays: 7, schedule: "0 0 4 * * *" },
      members: [{ group: "team-a-devs", role: "developer" }],
      robots: [
        { name: "ci", access: "push", pullSecretNamespaces: [] },
        { name: "cluster-pull", access: "pull", pullSecretNamespaces: ["team-a", "team-a-staging"] },
      ],
      forceDestroy: false,
      requireCosignSignature: false,
      webhooks: [],
    });
    expect(fra.replication).toEqual([
      { to: "ams", projects: ["team-*"], trigger: "event", deletion: false, robotExpiryDays: -1 },
    ]);
    // Group members: the groups scope is added to the default scopes (most providers send the claim only then).
    expect(fra.oidc?.scopes).toEqual(["openid", "profile", "email", "offline_access", "groups"]);
    expect(fra.oidc?.clientSecretVersion).toBe(1);
    // No system block: the config stack applies the defaults, only admins create projects.
    expect(fra.system).toEqual({ projectCreation: "adminonly", robotExpiryDays: 30, explicit: false });
    expect(fra.backup).toEqual({
      region: "ams3",
      schedule: "0 30 2 * * *",
      keepDays: 30,
      bucket: expect.stringMatching(/^harbor-fra-backup-[0-9a-f]{8}$/),
    });
    expect(fra.monitoring).toEqual({ metrics: true, serviceMonitor: true, namespace: "monitoring" });
    expect([fra.replicationTarget, ams.replicationTarget]).toEqual([false, true]);
    expect(hasDay2Config(ams)).toBe(true);
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
  [
    "two Valkey standbys",
    withInstance("cache: { nodes: 3 }"),
    ["instances[0].cache.nodes: got number 3", "1 to 2 (1 primary plus up to 1 standby)"],
  ],
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
  // What synth accepts, DigitalOcean and Kubernetes accept.
  [
    "cluster with path traversal",
    valid.replace("cluster: prod-doks", "cluster: ../../x"),
    ['instances[0].cluster: got string "../../x"'],
  ],
  [
    "cluster with a glob",
    valid.replace("cluster: prod-doks", 'cluster: "prod-*"'),
    ["instances[0].cluster", "lowercase letters, digits and hyphens"],
  ],
  ["cluster of spaces", valid.replace("cluster: prod-doks", 'cluster: "   "'), ["instances[0].cluster"]],
  ["cluster in uppercase", valid.replace("cluster: prod-doks", "cluster: Prod"), ["instances[0].cluster"]],
  [
    "explicit bucket equal to another instance's derived bucket",
    `${valid}  - { name: dev, region: fra1, cluster: prod-doks, hostname: dev.example.com, profile: dev, harbor: { namespace: harbor-dev }, storage: { bucket: ${deriveBucketName("prod", "registry.example.com")} } }\n`,
    [
      `instances[1].storage.bucket: got "${deriveBucketName("prod", "registry.example.com")}", which is also the bucket of instances[0].storage.bucket`,
    ],
  ],
  [
    "same explicit bucket twice",
    `${valid}    storage: { bucket: shared-blobs }\n  - { name: dev, region: fra1, cluster: prod-doks, hostname: dev.example.com, profile: dev, harbor: { namespace: harbor-dev }, storage: { bucket: shared-blobs } }\n`,
    ['instances[1].storage.bucket: got "shared-blobs", which is also the bucket of instances[0].storage.bucket'],
  ],
  [
    "bucket equal to the state bucket",
    `${valid}    storage: { bucket: tf-state }\nbackend: { type: s3, bucket: tf-state, region: fra1 }\n`,
    ['instances[0].storage.bucket: got "tf-state", the backend\'s state bucket'],
  ],
  [
    "two regions for one cluster",
    `${valid}  - { name: dev, region: ams3, cluster: prod-doks, hostname: dev.example.com, profile: dev, harbor: { namespace: harbor-dev } }\n`,
    ["instances[1].region", 'cluster "prod-doks" is in ams3', "says fra1"],
  ],
  [
    "nonsense size",
    withInstance("postgres: { size: db-s-1vcpu-0gb }"),
    ['instances[0].postgres.size: got string "db-s-1vcpu-0gb"', "not a DigitalOcean PostgreSQL size"],
  ],
  [
    "PostgreSQL-only size for Valkey",
    withInstance("cache: { size: gd-2vcpu-8gb }"),
    ["instances[0].cache.size", "is a PostgreSQL size, not offered for Valkey"],
  ],
  [
    "Valkey-only size for PostgreSQL",
    withInstance("postgres: { size: m-2vcpu-16gb }"),
    ["instances[0].postgres.size", "is a Valkey size, not offered for PostgreSQL"],
  ],
  [
    "IPv4 hostname",
    valid.replace("registry.example.com", "10.0.0.1"),
    ['instances[0].hostname: got string "10.0.0.1"', "not an IP address"],
  ],
  [
    "namespace default",
    withInstance("harbor: { namespace: default }"),
    ["instances[0].harbor.namespace", "Kubernetes system namespace"],
  ],
  [
    "namespace kube-system",
    withInstance("harbor: { namespace: kube-system }"),
    ["instances[0].harbor.namespace", "Kubernetes system namespace"],
  ],
  [
    "namespace traefik",
    withInstance("harbor: { namespace: traefik }"),
    ["instances[0].harbor.namespace", "ingress platform"],
  ],
  [
    "namespace cert-manager",
    withInstance("harbor: { namespace: cert-manager }"),
    ["instances[0].harbor.namespace", "ingress platform"],
  ],
  [
    "a grant namespace",
    withInstance("harbor: { namespace: harbor-db-grant }"),
    ["instances[0].harbor.namespace", "schema-grant"],
  ],
  [
    "namespace too long for its grant namespace",
    withInstance(`harbor: { namespace: ${"n".repeat(55)} }`),
    ["instances[0].harbor.namespace", "must fit in 63"],
  ],
  [
    "cron minute out of range",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "0 61 3 * * 0" }'),
    ['instances[0].gc.schedule: got string "0 61 3 * * 0"', "minute", "0-59"],
  ],
  [
    "cron hour out of range",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "0 0 24 * * *" }'),
    ["instances[0].gc.schedule", "hour"],
  ],
  [
    "cron weekday out of range",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "0 0 3 * * 7" }'),
    ["instances[0].gc.schedule", "day of week"],
  ],
  [
    "cron with letters",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "a b c d e f" }'),
    ["instances[0].gc.schedule", "second"],
  ],
  [
    "cron with 5 fields",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "0 3 * * 0" }'),
    ["instances[0].gc.schedule", "has 5 fields"],
  ],
  [
    "cron with a backwards range",
    withInstance('ingress: { email: a@example.com }\ngc: { schedule: "0 0 5-3 * * *" }'),
    ["instances[0].gc.schedule", "backwards"],
  ],
  [
    "quota beyond Harbor's 1024 TiB",
    withInstance(
      "ingress: { email: a@example.com }\nproxyCache: [{ project: hub, provider: docker-hub, quotaGiB: 2000000 }]",
    ),
    ["instances[0].proxyCache[0].quotaGiB: got number 2000000", "at most 1048576"],
  ],
  [
    "credentials inside a proxy-cache URL",
    withInstance(
      "ingress: { email: a@example.com }\nproxyCache: [{ project: hub, provider: harbor, endpoint: 'https://robot:token@harbor.example.com' }]",
    ),
    ["instances[0].proxyCache[0].endpoint", "must not contain credentials", "credentials:"],
  ],
  [
    "day-2 settings with a staging certificate",
    withInstance('ingress: { email: a@example.com, staging: true }\ngc: { schedule: "0 0 3 * * 0" }'),
    ["instances[0].gc: got a mapping; cannot be applied with ingress.staging: true", "not trusted"],
  ],
  // Projects as code.
  [
    "project without ingress",
    withInstance("projects: [{ name: team-a }]"),
    ["instances[0].projects: got a list", "needs an ingress block"],
  ],
  [
    "bad project name",
    withIngress("projects: [{ name: Team A }]"),
    ['instances[0].projects[0].name: got string "Team A"'],
  ],
  [
    "duplicate project",
    withIngress("projects: [{ name: team-a }, { name: team-a }]"),
    ['instances[0].projects[1].name: got string "team-a"; duplicate project "team-a"'],
  ],
  [
    "project named like a proxy cache",
    withIngress("proxyCache: [{ project: hub, provider: docker-hub }]\nprojects: [{ name: hub }]"),
    ['instances[0].projects[0].name: got string "hub"; "hub" is already the proxy-cache project proxyCache[0]'],
  ],
  [
    "members without oidc",
    withIngress("projects: [{ name: team-a, members: [{ group: devs, role: developer }] }]"),
    ["instances[0].projects[0].members", "oidc block"],
  ],
  [
    "unknown role",
    withIngress(`${OIDC}\nprojects: [{ name: team-a, members: [{ group: devs, role: owner }] }]`),
    ['instances[0].projects[0].members[0].role: got string "owner"', "projectAdmin"],
  ],
  [
    "duplicate robot",
    withIngress("projects: [{ name: team-a, robots: [{ name: ci, access: push }, { name: ci, access: pull }] }]"),
    ['instances[0].projects[0].robots[1].name: got string "ci"; duplicate robot "ci"'],
  ],
  [
    "robot access",
    withIngress("projects: [{ name: team-a, robots: [{ name: ci, access: admin }] }]"),
    ["instances[0].projects[0].robots[0].access", '"pull"'],
  ],
  [
    "pull secret in kube-system",
    withIngress(
      "projects: [{ name: team-a, robots: [{ name: p, access: pull, pullSecretNamespaces: [kube-system] }] }]",
    ),
    ["instances[0].projects[0].robots[0].pullSecretNamespaces[0]", "system namespace"],
  ],
  [
    "pull secret in default",
    withIngress("projects: [{ name: team-a, robots: [{ name: p, access: pull, pullSecretNamespaces: [default] }] }]"),
    ["instances[0].projects[0].robots[0].pullSecretNamespaces[0]", "system namespace"],
  ],
  [
    "pull secret namespace not a DNS label",
    withIngress("projects: [{ name: team-a, robots: [{ name: p, access: pull, pullSecretNamespaces: [Team_A] }] }]"),
    ['instances[0].projects[0].robots[0].pullSecretNamespaces[0]: got string "Team_A"'],
  ],
  [
    "pull secret namespace twice",
    withIngress("projects: [{ name: team-a, robots: [{ name: p, access: pull, pullSecretNamespaces: [a, a] }] }]"),
    ["instances[0].projects[0].robots[0].pullSecretNamespaces[1]", "listed twice"],
  ],
  [
    "robots whose outputs would clash",
    withIngress(
      "projects: [{ name: a_b, robots: [{ name: c, access: pull }] }, { name: a, robots: [{ name: b_c, access: pull }] }]",
    ),
    ["instances[0].projects[1].robots[0].name", "same output names (robot_a_b_c_*) as projects[0].robots[0]"],
  ],
  [
    "replication pattern with **",
    withIngress("replication: [{ to: ams, projects: ['team-**'] }]"),
    ["instances[0].replication[0].projects[0]", 'must not contain "**"'],
  ],
  [
    "replication pattern with a slash",
    withIngress("replication: [{ to: ams, projects: ['team/app'] }]"),
    ['instances[0].replication[0].projects[0]: got string "team/app"'],
  ],
  [
    "replicating instance named with --",
    `${withIngress("replication: [{ to: a--b, projects: [x] }]")}  - { name: a--b, region: ams3, cluster: ams-doks, hostname: ams.example.com, ingress: { email: a@example.com } }\n`,
    ["instances[0].replication[0].to", 'instance "a--b" takes part in replication'],
  ],
  [
    "backup schedule with seconds",
    withInstance("backup: { region: ams3, schedule: '30 0 2 * * *' }"),
    ["instances[0].backup.schedule", "Kubernetes CronJobs start at whole minutes"],
  ],
  [
    "namespace ending in -backup",
    withInstance("harbor: { namespace: harbor-backup }"),
    ["instances[0].harbor.namespace", "backup CronJobs"],
  ],
  [
    "retention without a rule",
    withIngress("projects: [{ name: team-a, retention: { schedule: '0 0 4 * * *' } }]"),
    ["instances[0].projects[0].retention", "keepLastPushed, untaggedAfterDays or both"],
  ],
  [
    "retention schedule",
    withIngress("projects: [{ name: team-a, retention: { keepLastPushed: 5, schedule: '0 0 4 * *' } }]"),
    ["instances[0].projects[0].retention.schedule", "has 5 fields"],
  ],
  [
    "retention count zero",
    withIngress("projects: [{ name: team-a, retention: { keepLastPushed: 0 } }]"),
    ["instances[0].projects[0].retention.keepLastPushed: got number 0"],
  ],
  [
    "severity",
    withIngress("projects: [{ name: team-a, preventVulnerable: severe }]"),
    ['instances[0].projects[0].preventVulnerable: got string "severe"', "critical"],
  ],
  [
    "project quota",
    withIngress("projects: [{ name: team-a, quotaGiB: 2000000 }]"),
    ["instances[0].projects[0].quotaGiB", "at most 1048576"],
  ],
  // Replication and backup.
  [
    "replication to an unknown instance",
    withIngress("replication: [{ to: ams, projects: [team-*] }]"),
    ["instances[0].replication[0].to", "names no instance of this config"],
  ],
  [
    "replication to itself",
    withIngress("replication: [{ to: prod, projects: [team-*] }]"),
    ["instances[0].replication[0].to", "this instance itself"],
  ],
  [
    "replication to an instance without ingress",
    `${withIngress("replication: [{ to: ams, projects: [team-*] }]")}  - { name: ams, region: ams3, cluster: ams-doks, hostname: ams.example.com }\n`,
    ["instances[0].replication[0].to", 'instance "ams" needs an ingress block'],
  ],
  [
    "replication without projects",
    withIngress("replication: [{ to: ams, projects: [] }]"),
    ["instances[0].replication[0].projects", "at least one"],
  ],
  [
    "scheduled replication without schedule",
    withIngress("replication: [{ to: ams, projects: [a], trigger: schedule }]"),
    ["instances[0].replication[0].schedule: is required with trigger: schedule"],
  ],
  [
    "schedule with event trigger",
    withIngress("replication: [{ to: ams, projects: [a], schedule: '0 0 2 * * *' }]"),
    ["instances[0].replication[0].schedule", "only applies with trigger: schedule"],
  ],
  [
    "deletions replicated both ways",
    `${withIngress("replication: [{ to: ams, projects: [a], deletion: true }]")}  - { name: ams, region: ams3, cluster: ams-doks, hostname: ams.example.com, ingress: { email: a@example.com }, replication: [{ to: prod, projects: [a], deletion: true }] }\n`,
    ["instances[1].replication", "form a loop (ams -> prod -> ams)"],
  ],
  [
    "backup in the same region",
    withInstance("backup: { region: fra1 }"),
    ["instances[0].backup.region", "must differ from the instance's region (fra1)"],
  ],
  [
    "backup region without Spaces",
    withInstance("backup: { region: nyc1 }"),
    ['instances[0].backup.region: got string "nyc1"'],
  ],
  [
    "backup keepDays",
    withInstance("backup: { region: ams3, keepDays: 0 }"),
    ["instances[0].backup.keepDays: got number 0"],
  ],
  [
    "backup schedule",
    withInstance("backup: { region: ams3, schedule: '0 70 2 * * *' }"),
    ["instances[0].backup.schedule", "minute"],
  ],
  [
    "serviceMonitor without metrics",
    withInstance("monitoring: { serviceMonitor: true }"),
    ["instances[0].monitoring", "needs metrics: true"],
  ],
  [
    "infinite number",
    withInstance("postgres: { nodes: .inf }"),
    ["instances[0].postgres.nodes: got Infinity (not a number)"],
  ],
  ["NaN", withInstance("harbor: { replicas: .nan }"), ["instances[0].harbor.replicas: got NaN (not a number)"]],
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

  it("rejects duplicate keys, which YAML would otherwise resolve silently, naming the key", () => {
    expect(problems(`${valid}    name: again\n`)[0]).toMatch(
      /^YAML error at line 7, column 5: key "name" appears twice/,
    );
    expect(problems('instances: [{ "region": a, "region": b }]\n')[0]).toContain('key "region" appears twice');
  });

  it("normalizes an upper-case https scheme instead of failing later in a construct", () => {
    const config = parseConfig(
      withInstance(
        "ingress: { email: a@example.com }\nproxyCache: [{ project: hub, provider: harbor, endpoint: HTTPS://harbor.example.com }]",
      ),
    );
    expect(config.instances[0].proxyCache[0].endpoint).toBe("https://harbor.example.com");
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

  it.each([
    ["a directory", () => mkdtempSync(join(tmpdir(), "harbor-dir-")), "is not a regular file (a directory)"],
    ["a device", () => "/dev/zero", "is not a regular file (a device)"],
    [
      "a named pipe (would hang a plain read)",
      () => {
        const fifo = join(mkdtempSync(join(tmpdir(), "harbor-fifo-")), "config.yaml");
        execFileSync("mkfifo", [fifo]);
        return fifo;
      },
      "is not a regular file (a named pipe)",
    ],
    [
      "a file over 1 MiB",
      () => {
        const big = join(dir, "big.yaml");
        writeFileSync(big, `# ${"x".repeat(MAX_CONFIG_BYTES)}\n${valid}`);
        return big;
      },
      "a config file may have at most 1048576",
    ],
  ])("refuses %s at once, naming the file", (_what, make, message) => {
    const path = make();
    const started = Date.now();
    expect(() => loadConfigFile(path)).toThrow(ConfigError);
    expect(() => loadConfigFile(path)).toThrow(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: invalid configuration\\n  - .*${message.replace(/[()]/g, "\\$&")}`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("names the file in YAML errors", () => {
    const path = join(dir, "broken.yaml");
    writeFileSync(path, "instances: [\n");
    expect(() => loadConfigFile(path)).toThrow(`${path}: invalid configuration`);
  });

  it("validates the committed example", () => {
    const config = loadConfigFile(join(__dirname, "..", "..", EXAMPLE_CONFIG));
    expect(config.instances.length).toBeGreaterThan(0);
  });
});

describe("findCycle", () => {
  const graph = (edges: [string, string][]) => {
    const map = new Map<string, Set<string>>();
    for (const [from, to] of edges) map.set(from, new Set([...(map.get(from) ?? []), to]));
    return map;
  };
  it("finds a loop through three instances, and none in a chain or a fan", () => {
    expect(
      findCycle(
        graph([
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
        ]),
      ),
    ).toEqual(["a", "b", "c"]);
    expect(
      findCycle(
        graph([
          ["a", "b"],
          ["b", "c"],
        ]),
      ),
    ).toBeUndefined();
    expect(
      findCycle(
        graph([
          ["a", "b"],
          ["a", "c"],
          ["c", "b"],
        ]),
      ),
    ).toBeUndefined();
  });
});
