import { Testing, TerraformStack } from "cdktf";
import { ExistingPostgres } from "../../../constructs/digitalocean/existing-postgres";
import { ExistingValkey } from "../../../constructs/digitalocean/existing-valkey";
import { ManagedPostgres } from "../../../constructs/digitalocean/managed-postgres";
import { Harbor } from "../../../constructs/harbor/harbor";
import { ValidationError } from "../../../constructs/core/errors";
import { HARBOR_TEST_PROPS } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const props = { clusterName: "shared-pg", region: "fra1", databaseName: "harbor_prod", userName: "harbor_prod" };

function synth(build: (stack: TerraformStack) => void): Json {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

describe("ExistingPostgres", () => {
  it("looks the cluster up and creates only a database and a user in it, no firewall", () => {
    const json = synth((stack) => new ExistingPostgres(stack, "Postgres", props));
    expect(Object.keys(json.resource).sort()).toEqual(["digitalocean_database_db", "digitalocean_database_user"]);
    const [[clusterId, cluster]] = Object.entries(json.data.digitalocean_database_cluster as Json);
    expect(cluster.name).toBe("shared-pg");
    // Engine, region and existence; no VPC check without vpcUuid.
    expect(cluster.lifecycle.postcondition.map((p: Json) => p.condition)).toEqual([
      '${(self.urn != null && self.urn != "")}',
      '${(self.urn == null || self.urn == "") || self.engine == "pg"}',
      '${(self.urn == null || self.urn == "") || self.region == "fra1"}',
    ]);
    const [db] = Object.values(json.resource.digitalocean_database_db as Json);
    const [[userId, user]] = Object.entries(json.resource.digitalocean_database_user as Json);
    expect(db).toMatchObject({
      name: "harbor_prod",
      cluster_id: `\${data.digitalocean_database_cluster.${clusterId}.id}`,
      // Destroy drops the database before the user that owns its tables.
      depends_on: [`digitalocean_database_user.${userId}`],
      lifecycle: { prevent_destroy: true },
    });
    expect(user).toMatchObject({ name: "harbor_prod", lifecycle: { ignore_changes: ["settings"] } });
  });

  it("protect: false lets destroy drop the database (and only what it created)", () => {
    const json = synth((stack) => new ExistingPostgres(stack, "Postgres", { ...props, protect: false }));
    const [db] = Object.values(json.resource.digitalocean_database_db as Json);
    expect(db.lifecycle).toEqual({ prevent_destroy: false });
    expect(json.resource.digitalocean_database_cluster).toBeUndefined();
  });

  it("keeps the addresses of a ManagedPostgres with the same id, so a switch replaces the database", () => {
    const existing = synth((stack) => new ExistingPostgres(stack, "Postgres", props));
    const managed = synth(
      (stack) =>
        new ManagedPostgres(stack, "Postgres", {
          name: "harbor-prod-pg",
          region: "fra1",
          vpcUuid: "vpc",
          allowedClusterIds: ["k8s"],
        }),
    );
    for (const type of ["digitalocean_database_db", "digitalocean_database_user"]) {
      expect(Object.keys(existing.resource[type])).toEqual(Object.keys(managed.resource[type]));
    }
    // The database's cluster_id differs (ForceNew): Terraform plans a replacement, which prevent_destroy refuses.
    const [before] = Object.values(managed.resource.digitalocean_database_db as Json);
    const [after] = Object.values(existing.resource.digitalocean_database_db as Json);
    expect(after.cluster_id).not.toBe(before.cluster_id);
    expect(before.lifecycle.prevent_destroy).toBe(true);
    expect(after.lifecycle.prevent_destroy).toBe(true);
  });

  it.each([
    [
      { clusterName: "Shared_PG" },
      'clusterName must be 3-63 chars of lowercase letters, digits and hyphens, starting with a letter, got "Shared_PG"',
    ],
    [{ region: "Frankfurt" }, 'region "Frankfurt" is not a region with'],
    [{ userName: "doadmin" }, 'userName "doadmin" belongs to DigitalOcean or PostgreSQL'],
    [
      { databaseName: "harbor-prod" },
      'databaseName must be 1-63 lowercase letters, digits and underscores, not starting with a digit, got "harbor-prod"',
    ],
    [{ otherClientPods: -1 }, "otherClientPods must be a whole number >= 0, got -1"],
  ])("refuses %j", (bad, message) => {
    const attempt = () => synth((stack) => new ExistingPostgres(stack, "Postgres", { ...props, ...bad }));
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(`test/Postgres: ${message}`);
  });
});

describe("ExistingValkey", () => {
  it("creates nothing: a lookup with the checks, its password stays a reference", () => {
    let cache: ExistingValkey | undefined;
    const json = synth((stack) => {
      cache = new ExistingValkey(stack, "Valkey", { clusterName: "shared-valkey", region: "fra1", vpcUuid: "vpc-1" });
    });
    expect(json.resource).toBeUndefined();
    const [cluster] = Object.values(json.data.digitalocean_database_cluster as Json);
    expect(cluster.lifecycle.postcondition.map((p: Json) => p.condition)).toContain(
      '${(self.urn == null || self.urn == "") || self.engine == "valkey"}',
    );
    expect(cluster.lifecycle.postcondition[3].condition).toContain('self.private_network_uuid == "vpc-1"');
    expect(cache?.password).toMatch(/^\$\{TfToken/);
  });
});

describe("Harbor on an existing PostgreSQL cluster", () => {
  function harborJson(otherClientPods: number): { release: Json; grant: Json; json: Json } {
    const json = synth((stack) => {
      const database = new ExistingPostgres(stack, "Postgres", { ...props, otherClientPods });
      const cache = new ExistingValkey(stack, "Valkey", { clusterName: "shared-valkey", region: "fra1" });
      new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, database, cache });
    });
    const releases = Object.values(json.resource.helm_release as Json);
    return {
      release: releases.find((r) => r.chart === "harbor"),
      grant: releases.find((r) => r.chart !== "harbor"),
      json,
    };
  }

  it("sizes the pools at plan time from the cluster's size, counting the other instances' pods", () => {
    const { release } = harborJson(4);
    // 2 replicas of core and jobservice, one surge pod each: 6 pods, plus 4 of the other instance.
    expect(release.values[0]).toMatch(
      /maxOpenConns: "\$\{min\(100, floor\(.*\.size\), 0\)\), 0\)\) - 3\) - 2\) \/ 10\)\)\)\}"/,
    );
    const [precondition] = release.lifecycle.precondition;
    expect(precondition.condition).toMatch(/\/ 10\)\) >= 5\)\}$/);
    expect(precondition.error_message).toContain("10 Harbor pods sharing it");
    expect(precondition.error_message).toContain("need at least 5 each (50)");
  });

  it("the grant runs as the cluster's admin with nothing to wait for, and re-runs when the database is replaced", () => {
    const { grant, json } = harborJson(0);
    const [dbId] = Object.keys(json.resource.digitalocean_database_db);
    expect(grant.depends_on).toEqual([]);
    expect(grant.lifecycle.replace_triggered_by).toEqual([`digitalocean_database_db.${dbId}`]);
    const secrets = Object.values(json.resource.kubernetes_secret_v1 as Json);
    const connection = secrets.find((s) => s.metadata.name.includes("grant"));
    expect(JSON.stringify(connection?.data)).toMatch(
      /data\.digitalocean_database_cluster\.Postgres_Cluster_\w+\.password/,
    );
  });

  it("no Valkey password reaches the values; the Secret reads it from the data source", () => {
    const { release, json } = harborJson(0);
    expect(release.values[0]).not.toMatch(/Valkey_Cluster_\w+\.password(?!\)\))/);
    const valkey = Object.values(json.resource.kubernetes_secret_v1 as Json).find((s) =>
      s.metadata.name.endsWith("-valkey"),
    );
    expect(valkey?.data.REGISTRY_REDIS_PASSWORD).toMatch(
      /^\$\{data\.digitalocean_database_cluster\.Valkey_Cluster_\w+\.password\}$/,
    );
  });

  it("a literal size keeps the synth-time budget and no precondition", () => {
    const json = synth((stack) => new Harbor(stack, "Harbor", HARBOR_TEST_PROPS));
    const release = Object.values(json.resource.helm_release as Json).find((r) => r.chart === "harbor");
    expect(release.lifecycle).toBeUndefined();
    expect(release.values[0]).toContain("maxOpenConns: 7\n");
  });
});

describe("Harbor createNamespace", () => {
  it("false: no namespace object; the release and Secrets go into the looked-up one, the grant's stays the project's", () => {
    const json = synth(
      (stack) =>
        new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, namespace: "platform-registry", createNamespace: false }),
    );
    const namespaces = Object.values(json.resource.kubernetes_namespace_v1 as Json).map((n) => n.metadata.name);
    expect(namespaces).toEqual(["platform-registry-db-grant"]);
    const [[lookupId, lookup]] = Object.entries(json.data.kubernetes_namespace_v1 as Json);
    expect(lookup.metadata).toEqual({ name: "platform-registry" });
    const reference = `\${data.kubernetes_namespace_v1.${lookupId}.metadata[0].name}`;
    const release = Object.values(json.resource.helm_release as Json).find((r) => r.chart === "harbor");
    expect(release.namespace).toBe(reference);
    for (const secret of Object.values(json.resource.kubernetes_secret_v1 as Json)) {
      if (!secret.metadata.name.includes("grant")) expect(secret.metadata.namespace).toBe(reference);
    }
    // Plan-time: the namespace exists, and is not one this project created (a switch from true would delete it).
    const [exists, notOurs] = lookup.lifecycle.postcondition;
    expect(exists.error_message).toContain('Namespace "platform-registry" does not exist');
    expect(notOurs.condition).toBe(
      '${try(self.metadata[0].labels["app.kubernetes.io/managed-by"], "") != "harbor-doks"}',
    );
    expect(notOurs.error_message).toContain("this deploy would delete it, with Harbor in it");
  });

  it("true (the default) creates the namespace, so destroy deletes it", () => {
    const json = synth((stack) => new Harbor(stack, "Harbor", HARBOR_TEST_PROPS));
    expect(
      Object.values(json.resource.kubernetes_namespace_v1 as Json)
        .map((n) => n.metadata.name)
        .sort(),
    ).toEqual(["harbor", "harbor-db-grant"]);
  });
});
