import { Testing, TerraformStack } from "cdktf";
import { ManagedPostgres } from "../../../constructs/digitalocean/managed-postgres";
import { rendered } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function build(protect?: boolean): { stack: TerraformStack; postgres: ManagedPostgres; json: Json } {
  const stack = new TerraformStack(Testing.app(), "s");
  const postgres = new ManagedPostgres(stack, "Postgres", {
    name: "harbor-prod-pg",
    region: "fra1",
    vpcUuid: "vpc-1",
    allowedClusterIds: ["k8s-1"],
    protect,
  });
  return { stack, postgres, json: JSON.parse(Testing.synth(stack)) };
}

const one = (json: Json, type: string): Json => {
  const all = Object.values(json.resource[type] ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};

describe("ManagedPostgres: later applies and destroy", () => {
  it("destroys the database before the user (a role that owns tables cannot be dropped)", () => {
    const { json } = build(false);
    const userAddress = `digitalocean_database_user.${Object.keys(json.resource.digitalocean_database_user)[0]}`;
    // Terraform destroys dependents first: the database depends on the user, so it goes first.
    expect(one(json, "digitalocean_database_db").depends_on).toEqual([userAddress]);
    expect(one(json, "digitalocean_database_user").depends_on).toBeUndefined();
  });

  it("ignores the provider's phantom `settings` diff on the user (provider issue #1610)", () => {
    expect(one(build().json, "digitalocean_database_user").lifecycle).toEqual({ ignore_changes: ["settings"] });
  });

  it.each([true, false])("protect=%s guards the cluster and the database", (protect) => {
    const { json } = build(protect);
    expect(one(json, "digitalocean_database_cluster").lifecycle.prevent_destroy).toBe(protect);
    expect(one(json, "digitalocean_database_db").lifecycle.prevent_destroy).toBe(protect);
  });

  it("exposes an identity that changes with the cluster (urn) and the firewall to wait for", () => {
    const { stack, postgres } = build();
    expect(rendered(stack, postgres.databaseIdentity)).toMatch(
      /^\$\{digitalocean_database_cluster\.Postgres_\w+\.urn\}\/\$\{digitalocean_database_db\.Postgres_\w+\.name\}$/,
    );
    expect(postgres.firewall.terraformResourceType).toBe("digitalocean_database_firewall");
  });
});
