import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";
import {
  EXAMPLE_GUARD_ID,
  EXAMPLE_GUARD_MESSAGE,
  guardExampleStacks,
  isExampleConfig,
} from "../../stacks/example-guard";
import { StackJson } from "./synth";

const root = join(__dirname, "..", "..");
const example = join(root, "harbor.config.example.yaml");

/** Every stack of the example's config, synthesized as main.ts does for `configPath`. */
function synthExampleAs(configPath: string): Record<string, StackJson> {
  const app = buildApp(parseConfig(readFileSync(example, "utf8")), Testing.app());
  guardExampleStacks(app, configPath);
  app.synth();
  const stacksDir = join(app.outdir, "stacks");
  return Object.fromEntries(
    readdirSync(stacksDir).map((name) => [
      name,
      JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")),
    ]),
  );
}

describe("the committed example deploys nothing", () => {
  const guarded = synthExampleAs(example);

  it("every stack synthesized from it has a guard whose failed precondition stops terraform plan", () => {
    expect(Object.keys(guarded).sort()).toEqual(["harbor-platform-prod-doks", "harbor-prod", "harbor-prod-config"]);
    for (const [name, json] of Object.entries(guarded)) {
      const guard = json.resource?.terraform_data?.[EXAMPLE_GUARD_ID];
      expect([name, guard?.lifecycle?.precondition]).toEqual([
        name,
        [{ condition: "${false}", error_message: EXAMPLE_GUARD_MESSAGE }],
      ]);
      // Depends on nothing: Terraform evaluates it even when the cluster lookup fails.
      expect(guard.depends_on).toBeUndefined();
      expect(guard.count).toBeUndefined();
    }
    expect(EXAMPLE_GUARD_MESSAGE).toContain("Copy it to harbor.config.yaml");
  });

  const plain = synthExampleAs(join(root, "harbor.config.yaml"));

  it("a config with any other name, the same content included, carries no guard", () => {
    for (const json of Object.values(plain)) expect(json.resource?.terraform_data?.[EXAMPLE_GUARD_ID]).toBeUndefined();
    expect(isExampleConfig(example)).toBe(true);
    expect(isExampleConfig("harbor.config.example.yaml")).toBe(true);
    for (const path of ["/tmp/prod.yaml", "harbor.config.example.yaml.bak", "my-harbor.config.example.yml"]) {
      expect([path, isExampleConfig(path)]).toEqual([path, false]);
    }
  });

  it("adds nothing else: the guarded stacks equal the unguarded ones but for the guard", () => {
    for (const [name, json] of Object.entries(guarded)) {
      const copy = structuredClone(json);
      delete copy.resource.terraform_data[EXAMPLE_GUARD_ID];
      if (Object.keys(copy.resource.terraform_data).length === 0) delete copy.resource.terraform_data;
      // The guard is a terraform_data resource, which may raise required_version (Terraform 1.4).
      const expected = structuredClone(plain[name]);
      for (const stack of [copy, expected]) delete stack.terraform.required_version;
      expect(copy).toEqual(expected);
    }
  });
});
