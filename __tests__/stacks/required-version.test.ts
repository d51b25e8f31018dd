import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TERRAFORM_FEATURES, TERRAFORM_FLOOR, requiredTerraformVersion } from "../../stacks/required-version";
import { StackJson, synthConfig } from "./synth";
import { describeWithTerraform } from "../support/terraform-console";

// Issue 29 item 5: `oidc_client_secret_wo` needs Terraform (or OpenTofu) 1.11; no stack said so, so an older CLI failed
// half-way with "Write-only Attribute Not Allowed", and the README said 1.6.3+.

const root = join(__dirname, "..", "..");
const instance = (extra = "") =>
  `  - { name: prod, region: fra1, cluster: prod-doks, hostname: registry.example.com, ingress: { email: ops@example.com }${extra} }\n`;
const OIDC = ", oidc: { endpoint: https://id.example.com, clientId: harbor }";
const BACKEND = "backend: { type: s3, bucket: acme-tfstate, region: fra1 }\n";

const versions = (stacks: Record<string, StackJson>) =>
  Object.fromEntries(Object.entries(stacks).map(([name, json]) => [name, json.terraform.required_version]));

describe("required_version on every stack", () => {
  it("1.11 on the config stack with oidc (a write-only argument), what each uses elsewhere", () => {
    expect(versions(synthConfig(`instances:\n${instance(OIDC)}`))).toEqual({
      // Traefik and cert-manager releases and a DOKS lookup: nothing newer than Terraform 1.0.
      "harbor-platform-prod-doks": ">= 1.0.0",
      "harbor-prod": ">= 1.4.0",
      "harbor-prod-config": ">= 1.11.0",
    });
  });

  it("1.6.3 with the Spaces backend (skip_s3_checksum), 1.11 where oidc adds write-only arguments", () => {
    expect(versions(synthConfig(`${BACKEND}instances:\n${instance(OIDC)}`))).toEqual({
      "harbor-platform-prod-doks": ">= 1.6.3",
      "harbor-prod": ">= 1.6.3",
      "harbor-prod-config": ">= 1.11.0",
    });
  });

  it("a config stack without oidc does not ask for 1.11", () => {
    const stacks = synthConfig(`instances:\n${instance(", system: {}")}`);
    expect(stacks["harbor-prod-config"].terraform.required_version).toBe(">= 1.4.0");
  });

  it("is what the synthesized stack itself uses, checked on the resolved JSON", () => {
    const stacks = synthConfig(`${BACKEND}instances:\n${instance(OIDC)}`);
    for (const json of Object.values(stacks)) {
      const terraform = { ...json.terraform };
      delete terraform.required_version;
      expect(json.terraform.required_version).toBe(`>= ${requiredTerraformVersion([{ ...json, terraform }])}`);
    }
  });

  it("a later change: adding oidc raises only the config stack's required_version, and changes no resource", () => {
    const before = synthConfig(`instances:\n${instance(", system: {}")}`)["harbor-prod-config"];
    const after = synthConfig(`instances:\n${instance(", system: {}" + OIDC)}`)["harbor-prod-config"];
    expect([before.terraform.required_version, after.terraform.required_version]).toEqual([">= 1.4.0", ">= 1.11.0"]);
    for (const [type, byId] of Object.entries(before.resource as Record<string, StackJson>)) {
      for (const [id, block] of Object.entries(byId)) {
        if (type !== "harbor_config_auth") expect(after.resource[type][id]).toEqual(block);
      }
    }
  });
});

describe("requiredTerraformVersion", () => {
  it("is the floor for nothing, and the newest version among the features used", () => {
    expect(requiredTerraformVersion([])).toBe(TERRAFORM_FLOOR);
    expect(requiredTerraformVersion([{ moved: [{}] }])).toBe("1.1.0");
    expect(requiredTerraformVersion([{ resource: { x: { a: { lifecycle: { precondition: [] } } } } }])).toBe("1.2.0");
    expect(requiredTerraformVersion([{ resource: { h: { a: { secret_wo: "x" } } } }, { moved: [] }])).toBe("1.11.0");
    // Versions compare as numbers: 1.11 is newer than 1.6.3.
    expect(
      requiredTerraformVersion([
        { resource: { h: { a: { secret_wo: "x" } } } },
        { terraform: { backend: { s3: { skip_s3_checksum: true } } } },
      ]),
    ).toBe("1.11.0");
  });

  it("ignores arguments a binding lists without a value (helm_release's set_wo)", () => {
    expect(requiredTerraformVersion([{ resource: { helm_release: { a: { set_wo: undefined } } } }])).toBe(
      TERRAFORM_FLOOR,
    );
  });
});

describe("the README's Terraform versions", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8").replace(/\s+/g, " ");
  const newest = TERRAFORM_FEATURES.map((f) => f.version).sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const short = (version: string) => version.replace(/\.0$/, "");

  it("the quick start asks for the newest version a stack can require", () => {
    const top = short(newest[newest.length - 1]);
    expect(readme).toContain(`You need Node.js 20+, Terraform ${top}+ (or OpenTofu ${top}+)`);
  });

  it("the prerequisites name the write-only and backend versions", () => {
    expect(readme).toContain("Terraform 1.11+ (or OpenTofu 1.11+) to deploy an instance with `oidc`");
    expect(readme).toContain("else 1.6.3+ (or OpenTofu 1.6+)");
    expect(TERRAFORM_FEATURES.find((f) => f.what.includes("skip_s3_checksum"))?.version).toBe("1.6.3");
    expect(TERRAFORM_FEATURES.find((f) => f.what.includes("write-only"))?.version).toBe("1.11.0");
  });
});

describeWithTerraform("required_version as terraform reads it", () => {
  /** `terraform init` of a configuration holding only the terraform block with `constraint`. */
  function init(constraint: string): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), "required-version-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_version: constraint } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
    const result = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("accepts the constraint the stacks carry, and stops at init for a CLI older than it asks", () => {
    const version = spawnSync("terraform", ["version", "-json"], { encoding: "utf8" });
    const installed = (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version;
    expect(init(`>= ${TERRAFORM_FLOOR}`).status).toBe(0);
    const tooOld = init(`>= ${installed.replace(/^(\d+)\./, (_m, major: string) => `${Number(major) + 1}.`)}`);
    expect(tooOld.status).not.toBe(0);
    expect(tooOld.output).toContain("Unsupported Terraform Core version");
  });
});
