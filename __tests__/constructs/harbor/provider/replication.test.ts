import { TerraformMetaArguments, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { rendered } from "../../../helpers";
import {
  HarborRegistry,
  HarborReplication,
  HarborReplicationConfig,
  HarborReplicationFilter,
} from "../../../../constructs/harbor/provider";

/**
 * Argument names of `harbor_replication`, transcribed from the provider's Go schema: goharbor/terraform-provider-harbor
 * tag v3.12.4, provider/resource_replication.go, `resourceReplication()` lines 17-118. Computed-only attributes
 * (`replication_policy_id`, lines 50-53, and `id`) are not arguments.
 */
const REPLICATION_SCHEMA = {
  required: [
    "name", // 18-21 TypeString Required
    "action", // 36-40 TypeString Required ForceNew
    "registry_id", // 46-49 TypeInt Required
  ],
  optional: [
    "enabled", // 22-26 TypeBool Default true
    "deletion", // 27-31 TypeBool Default false
    "description", // 32-35 TypeString
    "schedule", // 41-45 TypeString Default "manual"
    "dest_namespace", // 54-57 TypeString
    "dest_namespace_replace", // 58-62 TypeInt Default 0
    "override", // 63-67 TypeBool Default true
    "copy_by_chunk", // 68-72 TypeBool Default false
    "single_active_replication", // 73-77 TypeBool Default false
    "filters", // 78-108 TypeSet of Resource
    "speed", // 109-113 TypeInt Default -1
    "execute_on_changed", // 114-118 TypeBool Default false
  ],
  // `filters` elements, lines 83-105: all Optional.
  filters: [
    "name", // 83-86 TypeString
    "tag", // 87-90 TypeString
    "labels", // 91-97 TypeList of TypeString
    "decoration", // 98-101 TypeString
    "resource", // 102-105 TypeString
  ],
};

type Full<T> = Required<Omit<T, keyof TerraformMetaArguments>>;

const FULL_FILTER: Required<HarborReplicationFilter> = {
  name: "team-*/**",
  tag: "v*",
  labels: ["qa"],
  decoration: "excludes",
  resource: "artifact",
};

const FULL_REPLICATION: Full<HarborReplicationConfig> = {
  name: "to-ams",
  action: "push",
  registryId: 3,
  schedule: "0 0 * * * *",
  enabled: true,
  deletion: false,
  description: "d",
  destNamespace: "mirror",
  destNamespaceReplace: 1,
  override: true,
  copyByChunk: false,
  singleActiveReplication: true,
  filters: [FULL_FILTER],
  speed: -1,
  executeOnChanged: false,
};

type Block = Record<string, unknown>;

function only(build: (scope: Construct) => void): Block {
  const json = JSON.parse(Testing.synthScope(build)) as { resource: Record<string, Record<string, Block>> };
  const blocks = Object.values(json.resource[HarborReplication.tfResourceType]);
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

const sorted = (names: readonly string[]) => [...names].sort();

describe("harbor_replication binding", () => {
  it("synthesizes exactly the Go schema's arguments (and filter arguments) when every prop is set", () => {
    const block = only((scope) => new HarborReplication(scope, "r", FULL_REPLICATION));
    expect(sorted(Object.keys(block))).toEqual(
      sorted([...REPLICATION_SCHEMA.required, ...REPLICATION_SCHEMA.optional]),
    );
    const filters = block.filters as Block[];
    expect(filters).toHaveLength(1);
    expect(sorted(Object.keys(filters[0]))).toEqual(sorted(REPLICATION_SCHEMA.filters));
    expect(filters[0]).toEqual({ ...FULL_FILTER });
    expect(block).toMatchObject({ registry_id: 3, dest_namespace_replace: 1, single_active_replication: true });
  });

  it("synthesizes only the required arguments when nothing optional is set", () => {
    const block = only((scope) => new HarborReplication(scope, "r", { name: "p", action: "push", registryId: 1 }));
    expect(sorted(Object.keys(block))).toEqual(sorted(REPLICATION_SCHEMA.required));
  });

  it("renders one filters block per filter, each with only its own argument", () => {
    const block = only(
      (scope) =>
        new HarborReplication(scope, "r", {
          name: "p",
          action: "push",
          registryId: 1,
          filters: [{ name: "a/**" }, { resource: "artifact" }],
        }),
    );
    expect(block.filters).toEqual([{ name: "a/**" }, { resource: "artifact" }]);
  });

  it("takes the registry's numeric id by reference and exposes its computed attributes", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const registry = new HarborRegistry(stack, "target", {
      providerName: "harbor",
      name: "t",
      endpointUrl: "https://t.example.com",
    });
    const policy = new HarborReplication(stack, "push", { name: "p", action: "push", registryId: registry.registryId });
    const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Block>> };
    expect(json.resource.harbor_replication.push.registry_id).toBe("${harbor_registry.target.registry_id}");
    expect(rendered(stack, policy.replicationPolicyId)).toBe("${harbor_replication.push.replication_policy_id}");
    expect(rendered(stack, policy.id)).toBe("${harbor_replication.push.id}");
  });

  it("renders filters as nested blocks in HCL", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new HarborReplication(stack, "r", { name: "p", action: "push", registryId: 1, filters: [{ name: "a/**" }] });
    const hcl = String(Testing.synthHcl(stack));
    expect(hcl).toMatch(/filters\s*\{\s*name\s*=\s*"a\/\*\*"\s*\}/);
  });
});
