import "cdktf/lib/testing/adapters/jest";
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DatabaseCluster } from "@cdktf/provider-digitalocean/lib/database-cluster";
import { DatabaseDb } from "@cdktf/provider-digitalocean/lib/database-db";
import { DatabaseFirewall } from "@cdktf/provider-digitalocean/lib/database-firewall";
import { DatabaseUser } from "@cdktf/provider-digitalocean/lib/database-user";
import { SpacesBucket } from "@cdktf/provider-digitalocean/lib/spaces-bucket";
import { SpacesKey } from "@cdktf/provider-digitalocean/lib/spaces-key";
import { rendered } from "../../helpers";
import { ExistingDoksCluster, ManagedPostgres, ManagedValkey, RegistryBucket } from "../../../constructs";
import { regionPostcondition } from "../../../constructs/digitalocean/existing-doks-cluster";

// cdktf's jest matchers (toHaveResourceWithProperties) for this file; the import above declares their types.
Testing.setupJest();

type Synth = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** Synthesizes constructs added by `build` to a stack that also looks up a cluster. */
function synth(build: (scope: Construct, cluster: ExistingDoksCluster) => void): Synth {
  const json = Testing.synthScope((scope) => {
    const cluster = new ExistingDoksCluster(scope, "Cluster", { clusterName: "prod-doks" });
    build(scope, cluster);
  });
  return JSON.parse(json);
}

function only(json: Synth, type: string, block = "resource"): Record<string, unknown> {
  const entries = Object.values(json[block]?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0];
}

const CLUSTER_REF = "${data.digitalocean_kubernetes_cluster.Cluster_EB0386A7";

describe("ExistingDoksCluster", () => {
  it("looks the cluster up by name and configures kubernetes and helm from it", () => {
    const json = synth(() => undefined);
    expect(only(json, "digitalocean_kubernetes_cluster", "data")).toMatchObject({ name: "prod-doks" });
    const provider = json.provider as unknown as Record<string, Record<string, unknown>[]>;
    const connection = {
      host: `${CLUSTER_REF}.endpoint}`,
      token: `${CLUSTER_REF}.kube_config[0].token}`,
      cluster_ca_certificate: `\${base64decode(${CLUSTER_REF.slice(2)}.kube_config[0].cluster_ca_certificate)}`,
    };
    expect(provider.kubernetes[0]).toEqual(connection);
    expect(provider.helm[0]).toEqual({ kubernetes: connection });
  });

  it("exposes references to the data source", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "c", configureProviders: false });
    expect(rendered(stack, cluster.id)).toBe(`${CLUSTER_REF}.id}`);
    expect(rendered(stack, cluster.vpcUuid)).toBe(`${CLUSTER_REF}.vpc_uuid}`);
    expect(rendered(stack, cluster.region)).toBe(`${CLUSTER_REF}.region}`);
    expect(rendered(stack, cluster.endpoint)).toBe(`${CLUSTER_REF}.endpoint}`);
    expect(cluster.kubernetesProvider).toBeUndefined();
  });

  it("rejects an empty name", () => {
    expect(() => synth((scope) => new ExistingDoksCluster(scope, "Other", { clusterName: " " }))).toThrow(
      /^stack\/Other: clusterName must be the name of an existing DOKS cluster.*got " "$/,
    );
  });

  it("checks at plan time that the cluster is in the configured region", () => {
    const json = JSON.parse(
      Testing.synthScope(
        (scope) => new ExistingDoksCluster(scope, "Cluster", { clusterName: "prod-doks", region: "fra1" }),
      ),
    ) as Synth;
    const postcondition = (only(json, "digitalocean_kubernetes_cluster", "data").lifecycle as Record<string, unknown>)
      .postcondition as { condition: string; error_message: string }[];
    expect(postcondition).toHaveLength(1);
    expect(postcondition[0].condition).toBe('${self.region == "fra1"}');
    // Terraform fills in self.region (a null as (none)): the message names the cluster, both regions and the fix.
    expect(postcondition[0].error_message).toBe(
      'DOKS cluster "prod-doks" is in region ${coalesce(self.region, "(none)")}, but this stack is configured for region "fra1". ' +
        "The databases and the bucket must be in the cluster's region: set the instance's region to ${coalesce(self.region, \"(none)\")}, " +
        "or set cluster to a cluster in fra1 (doctl kubernetes cluster list).",
    );
  });

  it("has no lifecycle without a region", () => {
    expect(
      only(
        synth(() => undefined),
        "digitalocean_kubernetes_cluster",
        "data",
      ),
    ).not.toHaveProperty("lifecycle");
  });

  it("escapes template syntax of the cluster name in the message", () => {
    expect(regionPostcondition("a${b}%{c}", "fra1").errorMessage).toMatch(/^DOKS cluster "a\$\$\{b\}%%\{c\}"/);
  });

  it("rejects a region that is not a slug", () => {
    expect(() =>
      synth((scope) => new ExistingDoksCluster(scope, "Other", { clusterName: "c", region: "Frankfurt" })),
    ).toThrow(
      /^stack\/Other: region must be a DigitalOcean region slug such as "fra1" \(lowercase\), got "Frankfurt"$/,
    );
  });
});

describe("ManagedPostgres", () => {
  const props = (cluster: ExistingDoksCluster) => ({
    name: "harbor-prod-pg",
    region: "fra1",
    vpcUuid: cluster.vpcUuid,
    allowedClusterIds: [cluster.id],
  });

  it("creates a pg cluster in the cluster's VPC with the registry database and a harbor user", () => {
    const json = synth(
      (scope, cluster) => new ManagedPostgres(scope, "Postgres", { ...props(cluster), tags: ["harbor"] }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(DatabaseCluster, {
      engine: "pg",
      version: "17",
      size: "db-s-1vcpu-2gb",
      node_count: 2,
      region: "fra1",
      private_network_uuid: `${CLUSTER_REF}.vpc_uuid}`,
      tags: ["harbor"],
      lifecycle: { prevent_destroy: true },
    });
    expect(only(json, "digitalocean_database_db")).toMatchObject({
      cluster_id: "${digitalocean_database_cluster.Postgres_9DC8BB04.id}",
      name: "registry",
      lifecycle: { prevent_destroy: true },
    });
    expect(only(json, "digitalocean_database_user")).toMatchObject({
      cluster_id: "${digitalocean_database_cluster.Postgres_9DC8BB04.id}",
      name: "harbor",
    });
  });

  it("admits only the DOKS cluster, plus extra trusted sources", () => {
    const json = synth(
      (scope, cluster) =>
        new ManagedPostgres(scope, "Postgres", {
          ...props(cluster),
          trustedSources: [{ type: "ip_addr", value: "203.0.113.7" }],
        }),
    );
    expect(only(json, "digitalocean_database_firewall").rule).toEqual([
      { type: "k8s", value: `${CLUSTER_REF}.id}` },
      { type: "ip_addr", value: "203.0.113.7" },
    ]);
  });

  it("takes version, size and node count, and drops prevent_destroy when unprotected", () => {
    const json = synth(
      (scope, cluster) =>
        new ManagedPostgres(scope, "Postgres", {
          ...props(cluster),
          version: "16",
          size: "db-s-2vcpu-4gb",
          nodeCount: 3,
          protect: false,
        }),
    );
    expect(only(json, "digitalocean_database_cluster")).toMatchObject({
      version: "16",
      size: "db-s-2vcpu-4gb",
      node_count: 3,
      lifecycle: { prevent_destroy: false },
    });
  });

  it("exposes the user's password, not doadmin's", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "c" });
    const pg = new ManagedPostgres(stack, "Postgres", props(cluster));
    expect(rendered(stack, pg.password)).toBe("${digitalocean_database_user.Postgres_User_23C7736D.password}");
    expect(rendered(stack, pg.user)).toBe("${digitalocean_database_user.Postgres_User_23C7736D.name}");
    expect(rendered(stack, pg.privateHost)).toBe("${digitalocean_database_cluster.Postgres_9DC8BB04.private_host}");
  });

  it.each([
    [{ nodeCount: 4 }, /^stack\/Postgres: nodeCount must be 1 to 3.*got 4$/],
    [{ size: "huge" }, /^stack\/Postgres: size "huge" is not a DigitalOcean PostgreSQL size; choose one of/],
    [{ name: "Bad_Name" }, /^stack\/Postgres: name must be 3-63 chars.*got "Bad_Name"$/],
    [{ allowedClusterIds: [] }, /allowedClusterIds must name at least one/],
  ])("rejects %p", (override, message) => {
    expect(() =>
      synth((scope, cluster) => new ManagedPostgres(scope, "Postgres", { ...props(cluster), ...override })),
    ).toThrow(message);
  });
});

describe("ManagedValkey", () => {
  it("creates a valkey cluster with noeviction, in the VPC, behind a k8s firewall rule", () => {
    const json = synth(
      (scope, cluster) =>
        new ManagedValkey(scope, "Valkey", {
          name: "harbor-prod-valkey",
          region: "fra1",
          vpcUuid: cluster.vpcUuid,
          allowedClusterIds: [cluster.id],
          nodeCount: 1,
          protect: false,
        }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(DatabaseCluster, {
      engine: "valkey",
      version: "8",
      eviction_policy: "noeviction",
      node_count: 1,
      private_network_uuid: `${CLUSTER_REF}.vpc_uuid}`,
      lifecycle: { prevent_destroy: false },
    });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(DatabaseFirewall, {
      cluster_id: "${digitalocean_database_cluster.Valkey_26DD46EF.id}",
      rule: [{ type: "k8s", value: `${CLUSTER_REF}.id}` }],
    });
    expect(JSON.stringify(json)).not.toHaveResource(DatabaseDb);
    expect(JSON.stringify(json)).not.toHaveResource(DatabaseUser);
  });
});

describe("RegistryBucket", () => {
  it("creates a private, versioned bucket that aborts stale multipart uploads", () => {
    const json = synth(
      (scope) => new RegistryBucket(scope, "Bucket", { bucketName: "harbor-prod-blobs", region: "fra1" }),
    );
    expect(JSON.stringify(json)).toHaveResourceWithProperties(SpacesBucket, {
      name: "harbor-prod-blobs",
      region: "fra1",
      acl: "private",
      force_destroy: false,
      versioning: { enabled: true },
      lifecycle_rule: [
        { id: "abort-incomplete-uploads", enabled: true, abort_incomplete_multipart_upload_days: 3 },
        { id: "expire-noncurrent-versions", enabled: true, noncurrent_version_expiration: { days: 30 } },
      ],
      lifecycle: { prevent_destroy: true, replace_triggered_by: ["terraform_data.Bucket_Name_071499CE"] },
    });
  });

  it("grants its key readwrite on this bucket only", () => {
    const json = synth(
      (scope) => new RegistryBucket(scope, "Bucket", { bucketName: "harbor-prod-blobs", region: "fra1" }),
    );
    expect(only(json, "digitalocean_spaces_key").grant).toEqual([
      { bucket: "${digitalocean_spaces_bucket.Bucket_83908E77.name}", permission: "readwrite" },
    ]);
    expect(JSON.stringify(json)).toHaveResource(SpacesKey);
  });

  it("replaces its key before destroying the old one, so a rotation does not cut the registry off", () => {
    const json = synth(
      (scope) => new RegistryBucket(scope, "Bucket", { bucketName: "harbor-prod-blobs", region: "fra1" }),
    );
    expect(only(json, "digitalocean_spaces_key").lifecycle).toEqual({ create_before_destroy: true });
  });

  it("turns versioning and protection off on request, and exposes the endpoint", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const bucket = new RegistryBucket(stack, "Bucket", {
      bucketName: "b-1",
      region: "ams3",
      versioning: false,
      protect: false,
    });
    expect(bucket.endpoint).toBe("https://ams3.digitaloceanspaces.com");
    const json = JSON.parse(Testing.synth(stack));
    expect(only(json, "digitalocean_spaces_bucket")).toMatchObject({
      versioning: { enabled: false },
      lifecycle: { prevent_destroy: false },
    });
    // Without versioning there are no old versions to expire.
    expect(only(json, "digitalocean_spaces_bucket").lifecycle_rule).toHaveLength(1);
  });

  it("makes a new name a planned replacement, which prevent_destroy then refuses at plan time", () => {
    const json = synth(
      (scope) => new RegistryBucket(scope, "Bucket", { bucketName: "harbor-prod-blobs", region: "fra1" }),
    );
    const records = json.resource.terraform_data;
    expect(Object.keys(records)).toEqual(["Bucket_Name_071499CE"]);
    expect(records.Bucket_Name_071499CE.triggers_replace).toEqual({ name: "harbor-prod-blobs" });
    // A bare address: "${terraform_data...}" is invalid there in JSON (hashicorp/terraform-cdk#3196).
    expect(only(json, "digitalocean_spaces_bucket").lifecycle).toEqual({
      prevent_destroy: true,
      replace_triggered_by: ["terraform_data.Bucket_Name_071499CE"],
    });
  });

  it("rejects an invalid bucket name", () => {
    expect(() => synth((scope) => new RegistryBucket(scope, "Bucket", { bucketName: "No", region: "fra1" }))).toThrow(
      /^stack\/Bucket: bucketName must be 3-63 chars.*got "No"$/,
    );
  });
});
