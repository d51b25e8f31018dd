import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { ExistingDoksCluster } from "../../../constructs/digitalocean/existing-doks-cluster";
import { ExistingPostgres } from "../../../constructs/digitalocean/existing-postgres";
import { ExistingValkey } from "../../../constructs/digitalocean/existing-valkey";
import { MISSING_VALUE, messageValue } from "../../../constructs/digitalocean/existing-database-checks";
import { binaryIdentity, keptOutput } from "../../support/kept-output";
import { onPath } from "../../support/tools";
import { describeWithTerraform, terraformEnv } from "../../support/terraform-console";

// Issue 29 item 4: Terraform renders the error message of every postcondition, also of one that holds
// (hashicorp/terraform internal/terraform/eval_conditions.go), and a null in a template is an error of its own. The
// messages interpolated `self.engine`, `self.region` and `self.private_network_uuid`, which are all null when the
// data source finds no cluster of that name: three "Invalid template interpolation value" errors beside the one meant.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Check = { condition: string; error_message: string };

/** The postconditions of each data source, as the stacks synthesize them (the VPC check references the DOKS lookup). */
function synthesizedChecks(): { doks: Check[]; postgres: Check[]; valkey: Check[]; vpcRef: string } {
  const stack = new TerraformStack(Testing.app(), "test");
  new DigitaloceanProvider(stack, "do");
  const doks = new ExistingDoksCluster(stack, "Doks", { clusterName: "prod-doks", region: "fra1" });
  const common = { region: "fra1", vpcUuid: doks.vpcUuid };
  new ExistingPostgres(stack, "Postgres", {
    ...common,
    clusterName: "shared-pg",
    databaseName: "harbor_prod",
    userName: "harbor_prod",
  });
  new ExistingValkey(stack, "Valkey", { ...common, clusterName: "shared-valkey" });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const one = (type: string, part: string): Check[] =>
    (Object.entries(json.data[type]).find(([id]) => id.includes(part))?.[1] as Json).lifecycle.postcondition;
  const doksId = Object.keys(json.data.digitalocean_kubernetes_cluster)[0];
  return {
    doks: one("digitalocean_kubernetes_cluster", "Doks"),
    postgres: one("digitalocean_database_cluster", "Postgres"),
    valkey: one("digitalocean_database_cluster", "Valkey"),
    vpcRef: `data.digitalocean_kubernetes_cluster.${doksId}.vpc_uuid`,
  };
}

const checks = synthesizedChecks();

/**
 * `terraform apply` of a built-in `terraform_data` resource that carries `checks` as its postconditions, with its
 * `output` standing for the data source's `self` (the attributes given, null ones included) and a local for the DOKS
 * cluster's VPC. Returns the lines of every error Terraform printed. No provider: terraform_data is built in.
 */
function applyChecks(list: Check[], self: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), "postconditions-"));
  const rewrite = (text: string) =>
    text
      .replace(/\bself\./g, "self.output.")
      .split(checks.vpcRef)
      .join("local.doks_vpc_uuid");
  const config = {
    locals: { doks_vpc_uuid: "vpc-doks" },
    resource: {
      terraform_data: {
        lookup: {
          input: self,
          lifecycle: {
            postcondition: list.map((check) => ({
              condition: rewrite(check.condition),
              error_message: rewrite(check.error_message),
            })),
          },
        },
      },
    },
  };
  const text = JSON.stringify(config, null, 2);
  writeFileSync(join(dir, "main.tf.json"), text);
  const env = { ...terraformEnv(), TF_IN_AUTOMATION: "1" };
  const terraform = onPath("terraform") ?? "terraform";
  const run = (args: string[]) => spawnSync(terraform, args, { cwd: dir, env, encoding: "utf8" });
  // What this terraform printed for this configuration before, kept between runs like its console's values.
  return keptOutput("apply", [binaryIdentity(terraform), text], () => {
    expect(run(["init", "-input=false", "-no-color"]).status).toBe(0);
    const result = run(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const output = `${result.stdout}\n${result.stderr}`;
    // Kept only when terraform evaluated the checks: applied, or stopped by a postcondition. Any other failure (a
    // crash, a full disk) is thrown, and so never kept.
    if (result.status !== 0 && !output.includes("Resource postcondition failed")) {
      throw new Error(`terraform apply failed without a postcondition error:\n${output}`);
    }
    return output;
  });
}

/** The output on one line: Terraform wraps messages at 80 columns. */
const flat = (output: string) => output.replace(/\s+/g, " ");
const errorTitles = (output: string) => output.split("\n").filter((line) => /^│? ?Error: /.test(line.trim()));

const missingDb = { urn: null, engine: null, region: null, private_network_uuid: null };
const foundDb = { urn: "do:dbaas:1", engine: "pg", region: "fra1", private_network_uuid: "vpc-doks" };

describe("messageValue", () => {
  it("renders an attribute through coalesce, so a null shows as a word instead of failing the template", () => {
    expect(messageValue("self.region")).toBe(`\${coalesce(self.region, "${MISSING_VALUE}")}`);
  });

  it("every message of the synthesized checks interpolates only through it", () => {
    for (const check of [...checks.doks, ...checks.postgres, ...checks.valkey]) {
      const interpolations = check.error_message.match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
      for (const part of interpolations) expect(part).toMatch(/^\$\{coalesce\(/);
    }
  });
});

describeWithTerraform("postcondition messages as terraform evaluates them", () => {
  it("a PostgreSQL cluster the lookup did not find: exactly one error, naming the cluster", () => {
    const output = applyChecks(checks.postgres, missingDb);
    expect(output).not.toContain("Invalid template interpolation value");
    expect(errorTitles(output)).toHaveLength(1);
    expect(flat(output)).toContain('No managed database cluster named "shared-pg"');
  });

  it("a Valkey cluster the lookup did not find: exactly one error, naming the cluster", () => {
    const output = applyChecks(checks.valkey, { ...missingDb, engine: null });
    expect(output).not.toContain("Invalid template interpolation value");
    expect(errorTitles(output)).toHaveLength(1);
    expect(flat(output)).toContain('No managed database cluster named "shared-valkey"');
  });

  it("the right cluster passes; another region fails once, naming both", () => {
    expect(errorTitles(applyChecks(checks.postgres, foundDb))).toEqual([]);
    const output = applyChecks(checks.postgres, { ...foundDb, region: "ams3" });
    expect(errorTitles(output)).toHaveLength(1);
    expect(flat(output)).toContain('is in region ams3, but this stack is configured for region "fra1"');
  });

  it("another VPC fails once, naming both VPCs (the DOKS one through its reference)", () => {
    const output = applyChecks(checks.postgres, { ...foundDb, private_network_uuid: "vpc-other" });
    expect(errorTitles(output)).toHaveLength(1);
    expect(flat(output)).toContain("is in VPC vpc-other, not in the DOKS cluster's VPC vpc-doks");
  });

  it("a DOKS cluster without a region (nothing found) gets its one region error, without a template error", () => {
    const output = applyChecks(checks.doks, { region: null });
    expect(output).not.toContain("Invalid template interpolation value");
    expect(errorTitles(output)).toHaveLength(1);
    expect(flat(output)).toContain(`is in region ${MISSING_VALUE}`);
  });
});
