import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import * as library from "harbor-doks";
import {
  ExistingDoksCluster,
  ExistingNamespace,
  ExistingPostgres,
  ExistingValkey,
  Harbor,
  HarborApiReady,
  HarborGarbageCollection,
  HarborOnDoks,
  HarborInternalTls,
  HarborProject,
  HarborProvider,
  HarborDay2,
  HarborTeamProject,
  IngressPlatform,
  InstanceReplication,
  ManagedPostgres,
  ManagedValkey,
  OffRegionBackup,
  PlatformPolicies,
  PostgresSchemaGrant,
  ProxyCache,
  RegistryBucket,
  ReplicationTargetRobot,
  TraefikIngress,
  UpgradeDump,
} from "harbor-doks";
import { HARBOR_TEST_PROPS } from "../helpers";

// Each construct's class doc says which provider constructs its stack needs ("Providers: the stack needs ...").
// This test reads that line and holds the construct to it: with exactly those providers the stack synthesizes,
// and without any one of them cdktf's own check fails the synth, naming the provider.

const root = resolve(__dirname, "..", "..");

const PROVIDERS: Record<string, { terraformName: string; add: (stack: TerraformStack) => void }> = {
  DigitaloceanProvider: { terraformName: "digitalocean", add: (s) => new DigitaloceanProvider(s, "DigitalOcean", {}) },
  KubernetesProvider: { terraformName: "kubernetes", add: (s) => new KubernetesProvider(s, "Kubernetes", {}) },
  HelmProvider: { terraformName: "helm", add: (s) => new HelmProvider(s, "Helm", {}) },
  RandomProvider: { terraformName: "random", add: (s) => new RandomProvider(s, "Random", {}) },
  TlsProvider: { terraformName: "tls", add: (s) => new TlsProvider(s, "Tls", {}) },
  HarborProvider: {
    terraformName: "harbor",
    add: (s) => new HarborProvider(s, "Harbor", { url: "https://registry.example.com" }),
  },
};

const DATABASE = { region: "fra1", vpcUuid: "vpc-uuid", allowedClusterIds: ["cluster-id"] };

/** The smallest valid instance of each construct. */
const BUILD: Record<string, (scope: Construct) => void> = {
  ExistingDoksCluster: (s) => new ExistingDoksCluster(s, "Cluster", { clusterName: "prod-doks" }),
  ManagedPostgres: (s) => new ManagedPostgres(s, "Database", { name: "harbor-pg", ...DATABASE }),
  ManagedValkey: (s) => new ManagedValkey(s, "Cache", { name: "harbor-valkey", ...DATABASE }),
  ExistingPostgres: (s) =>
    new ExistingPostgres(s, "Database", {
      clusterName: "shared-pg",
      region: "fra1",
      databaseName: "harbor_prod",
      userName: "harbor_prod",
    }),
  ExistingValkey: (s) => new ExistingValkey(s, "Cache", { clusterName: "shared-valkey", region: "fra1" }),
  ExistingNamespace: (s) => new ExistingNamespace(s, "Namespace", { name: "registry" }),
  RegistryBucket: (s) => new RegistryBucket(s, "Bucket", { bucketName: "harbor-blobs", region: "fra1" }),
  Harbor: (s) => new Harbor(s, "Harbor", HARBOR_TEST_PROPS),
  PostgresSchemaGrant: (s) =>
    new PostgresSchemaGrant(s, "Grant", {
      host: "pg.internal",
      port: 25060,
      databaseName: "app",
      grantee: "app",
      adminUser: "doadmin",
      adminPassword: "unused",
      databaseIdentity: "do:dbaas:example/app",
      namespace: "app-db-grant",
    }),
  TraefikIngress: (s) =>
    new TraefikIngress(s, "Ingress", {
      loadBalancerName: "ingress",
      hairpinHostname: "registry.example.com",
      vpcUuid: "vpc-uuid",
      servedNamespaces: ["harbor"],
    }),
  PlatformPolicies: (s) =>
    new PlatformPolicies(s, "Policies", {
      releaseNamespace: "ingress",
      loadBalancer: { namespace: "ingress", loadBalancerName: "edge-prod" },
    }),
  OffRegionBackup: (s) =>
    new OffRegionBackup(s, "Backup", {
      bucketName: "harbor-backup",
      region: "ams3",
      primaryBucketName: "harbor-blobs",
      primaryRegion: "fra1",
      database: { host: "pg.internal", port: 25060, name: "registry", user: "harbor", password: "unused" },
      namespace: "harbor-backup",
    }),
  UpgradeDump: (s) =>
    new UpgradeDump(s, "UpgradeDump", {
      harborChartVersion: "1.19.1",
      namespace: "harbor",
      storage: {
        bucketName: "harbor-blobs",
        region: "fra1",
        endpoint: "https://fra1.digitaloceanspaces.com",
        accessKeyId: "unused",
        secretAccessKey: "unused",
      },
      database: { host: "pg.internal", port: 25060, name: "registry", user: "harbor", password: "unused" },
    }),
  ProxyCache: (s) => new ProxyCache(s, "Cache", { project: "dockerhub", upstream: "docker-hub" }),
  HarborTeamProject: (s) =>
    new HarborTeamProject(s, "Team", { name: "payments", robots: [{ name: "ci", access: "push" }] }),
  ReplicationTargetRobot: (s) => new ReplicationTargetRobot(s, "Robot", { sourceName: "fra" }),
  HarborDay2: (s) => new HarborDay2(s, "Day2", { projects: [{ name: "payments" }] }),
  InstanceReplication: (s) =>
    new InstanceReplication(s, "Replication", {
      targetName: "ams",
      targetHostname: "ams.registry.example.com",
      accessId: "robot$replication-from-fra",
      accessSecret: "unused",
      rules: [{ projects: ["team-*"] }],
    }),
  HarborApiReady: (s) => new HarborApiReady(s, "Ready", { hostname: "registry.example.com" }),
  HarborProject: (s) => new HarborProject(s, "Project", { name: "base-images" }),
  HarborGarbageCollection: (s) => new HarborGarbageCollection(s, "Gc", { schedule: "Daily" }),
  HarborInternalTls: (s) => new HarborInternalTls(s, "InternalTls", { namespace: "harbor", releaseName: "harbor" }),
  IngressPlatform: (s) =>
    new IngressPlatform(s, "Platform", {
      clusterName: "prod-doks",
      servedNamespaces: ["harbor"],
      hairpinHostname: "registry.example.com",
    }),
  HarborOnDoks: (s) =>
    new HarborOnDoks(s, "Registry", {
      name: "prod",
      region: "fra1",
      hostname: "registry.example.com",
      clusterName: "prod-doks",
      bucketName: "prod-blobs",
    }),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The `Providers:` line of each class's doc comment, by class name. */
function providerLines(): Map<string, string> {
  const lines = new Map<string, string>();
  for (const file of sourceFiles(join(root, "constructs"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export (?:abstract )?class (\w+)/g)) {
      const line = /^\s*\*?\s*(Providers: .*)$/m.exec(m[1]);
      if (line !== null) lines.set(m[2], line[1]);
    }
  }
  return lines;
}

/** The provider classes a `Providers:` line says the stack needs: up to the first `;`, without parentheses. */
function required(line: string): string[] {
  if (/^Providers: none\b/.test(line)) return [];
  const needs = /^Providers: the stack needs ([^;]*)/.exec(line);
  if (needs === null) throw new Error(`cannot read "${line}": expected "Providers: the stack needs ..." or "none"`);
  return [...needs[1].replace(/\([^)]*\)/g, "").matchAll(/\b(\w+Provider)\b/g)].map((m) => m[1]);
}

function synthWith(construct: string, providers: readonly string[]): void {
  const stack = new TerraformStack(Testing.app(), "stack");
  for (const name of providers) PROVIDERS[name].add(stack);
  BUILD[construct](stack);
  Testing.synth(stack, true);
}

const lines = providerLines();
const exportedConstructs = Object.entries(library)
  .filter(([, value]) => typeof value === "function" && value.prototype instanceof Construct)
  .map(([name]) => name)
  .sort();

describe("providers each construct needs", () => {
  it("every exported construct's class doc has one Providers line", () => {
    expect(exportedConstructs.filter((name) => !lines.has(name))).toEqual([]);
    expect(exportedConstructs.length).toBeGreaterThan(20);
  });

  it("reads the line: Harbor needs Kubernetes, Helm, Random and TLS", () => {
    expect(required(lines.get("Harbor") as string).sort()).toEqual([
      "HelmProvider",
      "KubernetesProvider",
      "RandomProvider",
      "TlsProvider",
    ]);
    expect(required(lines.get("HarborApiReady") as string)).toEqual([]);
  });

  describe.each(Object.keys(BUILD))("%s", (construct) => {
    const providers = required(lines.get(construct) ?? "Providers: unknown");

    it("synthesizes with the providers its doc names", () => {
      expect(() => synthWith(construct, providers)).not.toThrow();
    });

    for (const missing of providers) {
      it(`fails synth without ${missing}, naming it`, () => {
        const others = providers.filter((p) => p !== missing);
        const message = `Found resources without a matching provider construct.*for the following providers: ${PROVIDERS[missing].terraformName}$`;
        expect(() => synthWith(construct, others)).toThrow(new RegExp(message, "m"));
      });
    }
  });

  it("docs/library.md's providers table says the same as the class docs", () => {
    const doc = readFileSync(join(root, "docs", "library.md"), "utf8");
    const rows = [...doc.matchAll(/^\| (`[A-Z][^|]*?) +\| ([^|]*?) +\|$/gm)].filter(
      ([, first]) => !/resources/.test(first),
    );
    const table = new Map<string, string[]>();
    for (const [, first, second] of rows) {
      const needs = /^none\b/.test(second) ? "" : (second.split(";")[0] ?? "");
      for (const [, name] of first.matchAll(/`(\w+)`/g)) {
        table.set(name, [...needs.replace(/\([^)]*\)/g, "").matchAll(/\b(\w+Provider)\b/g)].map((m) => m[1]).sort());
      }
    }
    expect([...table.keys()].sort()).toEqual(
      Object.keys(BUILD)
        .filter((name) => !name.startsWith("HarborGarbage") && name !== "HarborProject")
        .sort(),
    );
    for (const [name, providers] of table) {
      expect({ name, providers }).toEqual({ name, providers: required(lines.get(name) as string).sort() });
    }
  });

  it("HarborTeamProject needs a KubernetesProvider too when a robot has pullSecretNamespaces", () => {
    const build = (withKubernetes: boolean) => () => {
      const stack = new TerraformStack(Testing.app(), "stack");
      PROVIDERS.HarborProvider.add(stack);
      if (withKubernetes) PROVIDERS.KubernetesProvider.add(stack);
      new HarborTeamProject(stack, "Team", {
        name: "payments",
        robots: [{ name: "cluster", access: "pull", pullSecretNamespaces: ["payments"] }],
        registryHost: "registry.example.com",
      });
      Testing.synth(stack, true);
    };
    expect(build(true)).not.toThrow();
    expect(build(false)).toThrow(/for the following providers: kubernetes$/m);
  });
});
