// Attributes carry their type (`clusterId`, `bucketRegion`); the former names stay, deprecated, for one release and
// answer the same value, so stacks written against them keep synthesizing the same JSON.
import { TerraformStack, Testing } from "cdktf";
import { ExistingDoksCluster, ExistingNamespace, Harbor, OffRegionBackup, PostgresSchemaGrant } from "harbor-doks";
import { HARBOR_TEST_PROPS } from "../helpers";

const stack = () => new TerraformStack(Testing.app(), "s");

describe("typed attribute names and their deprecated former names", () => {
  it("ExistingDoksCluster: clusterId, clusterRegion, clusterEndpoint (id, region, endpoint)", () => {
    const cluster = new ExistingDoksCluster(stack(), "Cluster", { clusterName: "prod-doks" });
    expect(cluster.clusterName).toBe("prod-doks");
    expect([cluster.id, cluster.region, cluster.endpoint]).toEqual([
      cluster.clusterId,
      cluster.clusterRegion,
      cluster.clusterEndpoint,
    ]);
    expect(new Set([cluster.clusterId, cluster.clusterRegion, cluster.clusterEndpoint]).size).toBe(3);
  });

  it("Harbor: harborNamespace, harborUrl (namespace, url)", () => {
    const harbor = new Harbor(stack(), "Harbor", { ...HARBOR_TEST_PROPS, namespace: "registry" });
    expect([harbor.harborNamespace, harbor.harborUrl]).toEqual(["registry", "https://registry.example.com"]);
    expect([harbor.namespace, harbor.url]).toEqual([harbor.harborNamespace, harbor.harborUrl]);
  });

  it("OffRegionBackup: bucketRegion, bucketEndpoint (region, endpoint)", () => {
    const backup = new OffRegionBackup(stack(), "Backup", {
      bucketName: "harbor-backup",
      region: "ams3",
      primaryBucketName: "harbor-blobs",
      primaryRegion: "fra1",
      database: { host: "pg.internal", port: 25060, name: "registry", user: "harbor", password: "unused" },
      namespace: "harbor-backup",
    });
    expect([backup.bucketRegion, backup.bucketEndpoint]).toEqual(["ams3", "https://ams3.digitaloceanspaces.com"]);
    expect([backup.region, backup.endpoint]).toEqual([backup.bucketRegion, backup.bucketEndpoint]);
  });

  it("ExistingNamespace and PostgresSchemaGrant: namespaceName (name, namespace)", () => {
    const s = stack();
    const namespace = new ExistingNamespace(s, "Namespace", { name: "registry" });
    expect(namespace.name).toBe(namespace.namespaceName);
    const grant = new PostgresSchemaGrant(s, "Grant", {
      host: "pg.internal",
      port: 25060,
      databaseName: "app",
      grantee: "app",
      adminUser: "doadmin",
      adminPassword: "unused",
      databaseIdentity: "do:dbaas:example/app",
      namespace: "app-db-grant",
    });
    expect(grant.namespace).toBe(grant.namespaceName);
  });
});
