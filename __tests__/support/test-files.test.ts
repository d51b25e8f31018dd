import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// The test layout, checked: a test file is named after the module it tests, at the same path under __tests__
// (`__tests__/constructs/harbor/cron.test.ts` tests `constructs/harbor/cron.ts`; the support helpers' tests sit
// beside them), so `npx jest <that file>` runs a module's tests and a module's tests are found by its name.
const TESTS = join(__dirname, "..");
const REPO = join(TESTS, "..");

/** Folders whose tests follow a behaviour across modules, not one module. */
const TOPIC_FOLDERS: Readonly<Record<string, string>> = {
  charts: "the charts rendered by a real helm, and their SQL and scripts run against PostgreSQL 17",
  ci: "the CI entry point, .ci/run",
  cli: "the app under the real cdktf CLI (with the package test, jest.package.config.js)",
  security: "isolation between instances and what a hostile value can do, across stacks",
};

/** Test files that cover a behaviour across several modules, each with what it covers. */
const TOPIC_FILES: Readonly<Record<string, string>> = {
  "layering.test.ts": "which folder may import which",
  "support/test-files.test.ts": "the names of the test files",
  "package-json.test.ts": "what package.json promises a consumer",
  "constructs/providers.test.ts": "the providers each exported construct names and needs",
  "constructs/validation.test.ts": "bad props across the library's constructs",
  "constructs/digitalocean/data-layer.test.ts": "ExistingDoksCluster, ManagedPostgres, ManagedValkey, RegistryBucket",
  "constructs/harbor/metrics.test.ts": "Harbor's metrics props, through Harbor and the connection budget",
  "constructs/harbor/day2/bad-props.test.ts": "bad props across the day-2 constructs",
  "constructs/harbor/provider/bindings.test.ts": "every goharbor binding against the provider's schema",
  "constructs/harbor/provider/bindings-config.test.ts": "harbor_config_auth and harbor_config_system",
  "stacks/dns-providers.test.ts": "ingress.dnsProvider through the platform and Harbor stacks",
  "stacks/existing-clusters.test.ts": "instances on existing database clusters, config to stacks",
  "stacks/ingress.test.ts": "the ingress settings through the platform and Harbor stacks",
  "stacks/lifecycle-data.test.ts": "what a later change does to the data layer",
  "stacks/lifecycle-harbor.test.ts": "what a later change does to the Harbor stack",
  "stacks/lock-files.test.ts": "`npm run synth` and the provider lock files",
  "stacks/monitoring.test.ts": "the monitoring settings through the stacks",
  "stacks/projects.test.ts": "projects as code, config to stacks",
  "stacks/region-survival.test.ts": "replication and backup across regions",
  "docs.test.ts": "the links and anchors of the README and docs/",
  "config/oidc-groups.test.ts": "the OIDC groups claim, config to the config stack",
  "constructs/backup/backup-names.test.ts": "database and dump names across the stack, the backup chart and the docs",
  "constructs/digitalocean/postcondition-messages.test.ts":
    "the existing-cluster lookups' messages under real Terraform",
  "constructs/harbor/day2/pull-secret-moves.test.ts": "the pull Secrets' moved blocks, for any pair of names",
  "constructs/harbor/day2/operations.test.ts": "cosign enforcement, audit-log forwarding and project webhooks",
  "examples/operations.test.ts": "examples/operations.yaml, synthesized and schema-checked",
  "scripts/upgrade-guard.test.ts": "the Harbor upgrade rules of scripts/check-plan.js",
  "config/fuzz.test.ts": "no config meets an internal error (generated configs)",
  "config/messages.test.ts": "the config errors' wording across settings",
  "config/cost-date.test.ts": "the date of the prices `npm run cost` names",
  "constructs/attribute-names.test.ts": "attribute names across the library's constructs",
  "constructs/compose/upgrade-dump.test.ts":
    "the dump before a Harbor upgrade, through OffRegionBackup and HarborOnDoks",
  "constructs/compose/traefik-wiring.test.ts":
    "Harbor behind a TraefikIngress, through Harbor and the composed constructs",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // The package test has a jest configuration of its own (jest.package.config.js).
    if (entry.isDirectory()) return path === join(TESTS, "package") ? [] : files(path);
    return [relative(TESTS, path)];
  });
}

const all = files(TESTS);
const testFiles = all.filter((file) => file.endsWith(".test.ts"));

/** The module a test file is named after: its path without `.test.ts`, from the repository (support: __tests__). */
function moduleOf(testFile: string): string {
  const base = testFile.slice(0, -".test.ts".length);
  return base.startsWith("support/") ? join(TESTS, base) : join(REPO, base);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

describe("the test files", () => {
  it("are all <name>.test.ts: a *.suite.ts or *.spec.* file would run nowhere", () => {
    const misnamed = all.filter((file) => /\.suite\.ts$|\.(test|spec)\.[cm]?[jt]sx?$/.test(file));
    expect(misnamed.filter((file) => !file.endsWith(".test.ts"))).toEqual([]);
    expect(testFiles.length).toBeGreaterThan(60);
  });

  it("are named after a module at the same path, or cover a topic listed here", () => {
    const unnamed = testFiles.filter((file) => {
      if (file.split("/")[0] in TOPIC_FOLDERS || file in TOPIC_FILES) return false;
      const module = moduleOf(file);
      return ![".ts", ".js"].some((ext) => exists(module + ext)) && !exists(module);
    });
    expect(unnamed).toEqual([]);
  });

  it("lists no topic file that is gone", () => {
    expect(Object.keys(TOPIC_FILES).filter((file) => !testFiles.includes(file))).toEqual([]);
  });

  it("do not load one another (the other's tests would run twice)", () => {
    const loading = testFiles.filter((file) =>
      /(?:from |import |require\()["'][^"']*\.test["']/.test(readFileSync(join(TESTS, file), "utf8")),
    );
    expect(loading).toEqual([]);
  });
});
