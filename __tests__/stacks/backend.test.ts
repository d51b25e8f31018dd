import { synthConfig } from "./synth";
import { ConfigError, parseConfig } from "../../config/load";

const instances = `
instances:
  - { name: prod, region: fra1, cluster: k, hostname: r.example.com, ingress: { email: a@example.com } }
`;

describe("backend", () => {
  it("keeps local state in the project folder, by a path relative to the stack folder, when absent", () => {
    for (const json of Object.values(synthConfig(instances))) {
      expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
      expect(json.terraform.backend.local.path).toMatch(/^\.\.\/\.\.\/\.\.\/terraform\.harbor-[\w-]+\.tfstate$/);
    }
  });

  it("maps the Spaces block to an S3 backend with a key per stack and the AWS-only checks off", () => {
    const stacks = synthConfig(
      `${instances}backend: { type: s3, bucket: my-tf-state, region: ams3, keyPrefix: teams/harbor }\n`,
    );
    expect(Object.keys(stacks).sort()).toEqual(["harbor-platform-k", "harbor-prod"]);
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend).toEqual({
        s3: {
          bucket: "my-tf-state",
          key: `teams/harbor/${name}.tfstate`,
          region: "us-east-1",
          endpoints: { s3: "https://ams3.digitaloceanspaces.com" },
          skip_credentials_validation: true,
          skip_region_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_s3_checksum: true,
          use_path_style: false,
        },
      });
      // Credentials come from the environment only.
      expect(JSON.stringify(json.terraform.backend)).not.toMatch(/access_key|secret_key|token/);
    }
  });

  it("defaults the key prefix to harbor", () => {
    const json = synthConfig(`${instances}backend: { type: s3, bucket: my-tf-state, region: fra1 }\n`)["harbor-prod"];
    expect(json.terraform.backend.s3.key).toBe("harbor/harbor-prod.tfstate");
  });

  it.each([
    ["type: gcs", "backend.type"],
    ["bucket: Bad_Bucket", "backend.bucket"],
    ["region: mars1", "backend.region"],
    ["keyPrefix: /abs/", "backend.keyPrefix"],
    ["endpoint: https://x", 'backend: unknown key "endpoint"'],
  ])("rejects %s", (setting, path) => {
    const base: Record<string, string> = { type: "s3", bucket: "my-tf-state", region: "fra1" };
    const [key, value] = setting.split(": ");
    base[key] = value;
    const block = Object.entries(base)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(", ");
    try {
      parseConfig(`${instances}backend: { ${block} }\n`);
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join("\n")).toContain(path);
    }
  });
});
