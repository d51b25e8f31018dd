import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import * as library from "harbor-doks";
import { GiteaStack } from "../../examples/custom-stack";

const root = join(__dirname, "..", "..");

describe("library entry point", () => {
  it("package.json points main, types and exports at the constructs' index, not the app", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.main).toBe("dist/constructs/index.js");
    expect(pkg.types).toBe("dist/constructs/index.d.ts");
    expect(pkg.exports["."]).toEqual({
      types: "./dist/constructs/index.d.ts",
      default: "./dist/constructs/index.js",
    });
    expect(pkg.files).not.toContain("dist/main.js");
  });

  it("exports the constructs, and neither the app, the config loader nor the internals", () => {
    for (const name of [
      "ExistingDoksCluster",
      "ManagedPostgres",
      "ManagedValkey",
      "RegistryBucket",
      "Harbor",
      "TraefikIngress",
      "ValidationError",
    ]) {
      expect(library).toHaveProperty(name);
    }
    for (const internal of [
      "HarborStack",
      "parseConfig",
      "teamProjectProblems",
      "retentionSchedule",
      "robotAccess",
      "valkeySecretData",
      "buildHarborValues",
      "toHelmValuesYaml",
      "localChartPath",
    ]) {
      expect(library).not.toHaveProperty(internal);
    }
  });

  it("has an index that only re-exports, by name", () => {
    const source = readFileSync(join(root, "constructs", "index.ts"), "utf8").replace(/^\/\/.*$/gm, "");
    const statements = source
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements)
      expect(statement).toMatch(/^export (?:type )?(?:\{[^}]*\}|\*) from "\.\/[\w\-/]+"$/s);
  });
});

describe("examples/custom-stack.ts", () => {
  const json = JSON.parse(
    Testing.synth(new GiteaStack(Testing.app(), "gitea", { clusterName: "apps", region: "ams3" })),
  );

  it("reuses the cluster lookup, a managed PostgreSQL and a bucket for another application", () => {
    expect(json.data.digitalocean_kubernetes_cluster.Cluster_EB0386A7.name).toBe("apps");
    const [pg] = Object.values(json.resource.digitalocean_database_cluster) as Record<string, unknown>[];
    expect(pg).toMatchObject({ name: "gitea-pg", engine: "pg", region: "ams3", node_count: 1 });
    expect(Object.values(json.resource.digitalocean_database_db)).toEqual([expect.objectContaining({ name: "gitea" })]);
    expect(Object.values(json.resource.digitalocean_database_user)).toEqual([
      expect.objectContaining({ name: "gitea" }),
    ]);
    expect(Object.values(json.resource.digitalocean_spaces_bucket)).toEqual([
      expect.objectContaining({ name: "gitea-attachments-example", versioning: { enabled: false } }),
    ]);
    expect(json.resource.helm_release).toBeUndefined();
  });
});
