import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, S3Backend, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";
import { formatPlanInputs, planInputs, stackPlanInputs } from "../../stacks/plan-inputs";

/** Synthesizes a config, as main.ts does before it prints the list. */
function synthesized(yaml: string): App {
  const app = buildApp(parseConfig(yaml), Testing.app());
  app.synth();
  return app;
}

const names = (app: App) =>
  Object.fromEntries(planInputs(app).map(({ stack, inputs }) => [stack, inputs.map((i) => i.name)]));

describe("what each stack's plan reads from the environment, and the deploy order", () => {
  const app = synthesized(`
backend: { type: s3, bucket: tf-state, region: ams3 }
instances:
  - name: fra
    region: fra1
    cluster: fra-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com, challenge: dns01, dnsZone: example.com }
    proxyCache: [{ project: dockerhub, provider: docker-hub, credentials: DOCKERHUB }]
    oidc: { endpoint: https://dex.example.com, clientId: harbor }
    replication: [{ to: ams, projects: ["team-*"] }]
  - { name: ams, region: ams3, cluster: ams-doks, hostname: ams.example.com, ingress: { email: ops@example.com } }
`);

  it("lists per stack, in deploy order, the TF_VAR_* of its variables and the credentials of its providers", () => {
    const aws = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
    const spaces = ["SPACES_ACCESS_KEY_ID", "SPACES_SECRET_ACCESS_KEY"];
    const stacks = planInputs(app).map((s) => s.stack);
    expect(stacks).toEqual([
      "harbor-platform-ams-doks",
      "harbor-ams",
      "harbor-ams-config",
      "harbor-platform-fra-doks",
      "harbor-fra",
      "harbor-fra-config",
      "harbor-fra-replication",
    ]);
    expect(names(app)).toEqual({
      "harbor-platform-ams-doks": ["DIGITALOCEAN_TOKEN", ...aws],
      "harbor-ams": ["DIGITALOCEAN_TOKEN", ...spaces, ...aws],
      "harbor-ams-config": ["DIGITALOCEAN_TOKEN", ...aws],
      "harbor-platform-fra-doks": ["DIGITALOCEAN_TOKEN", ...aws],
      // The DNS-01 token goes to the instance stack, whose namespace holds the Issuers.
      "harbor-fra": ["DIGITALOCEAN_TOKEN", ...spaces, ...aws, "TF_VAR_digitalocean_dns_token"],
      "harbor-fra-config": [
        "DIGITALOCEAN_TOKEN",
        ...aws,
        "TF_VAR_DOCKERHUB_ACCESS_ID",
        "TF_VAR_DOCKERHUB_ACCESS_SECRET",
        "TF_VAR_oidc_client_secret",
      ],
      "harbor-fra-replication": expect.arrayContaining(aws),
    });
  });

  it("cannot drift: every root variable and provider of every synthesized cdk.tf.json is accounted for", () => {
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8"));
    const listed = planInputs(app);
    expect(listed.map((s) => s.stack).sort()).toEqual(Object.keys(manifest.stacks).sort());
    for (const { stack, inputs } of listed) {
      const json = JSON.parse(readFileSync(join(app.outdir, manifest.stacks[stack].synthesizedStackPath), "utf8"));
      const remoteS3 = Object.values<{ backend: string }>(json.data?.terraform_remote_state ?? {}).some(
        (state) => state.backend === "s3",
      );
      const expected = [
        ...(json.provider?.digitalocean ? ["DIGITALOCEAN_TOKEN"] : []),
        ...(Object.keys(json.resource ?? {}).some((type) => type.startsWith("digitalocean_spaces_"))
          ? ["SPACES_ACCESS_KEY_ID", "SPACES_SECRET_ACCESS_KEY"]
          : []),
        ...(json.terraform.backend.s3 || remoteS3 ? ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] : []),
        ...Object.keys(json.variable ?? {}).map((name) => `TF_VAR_${name}`),
      ];
      expect([stack, inputs.map((i) => i.name).sort()]).toEqual([stack, expected.sort()]);
      // Every manifest dependency comes earlier in the list.
      for (const dependency of manifest.stacks[stack].dependencies) {
        expect(listed.findIndex((s) => s.stack === dependency)).toBeLessThan(
          listed.findIndex((s) => s.stack === stack),
        );
      }
    }
  });

  it("reads the rules off the constructs: a configured token or local state needs no variable", () => {
    const scratch = Testing.app();
    const stack = new TerraformStack(scratch, "s");
    const token = new TerraformVariable(stack, "t", { type: "string" });
    new DigitaloceanProvider(stack, "do", { token: token.stringValue });
    expect(stackPlanInputs(stack)).toEqual([{ name: "TF_VAR_t", why: "a root variable" }]);
    expect(stackPlanInputs(new TerraformStack(scratch, "empty"))).toEqual([]);
    const remote = new TerraformStack(scratch, "remote");
    new S3Backend(remote, { bucket: "b", key: "k", region: "us-east-1" });
    expect(stackPlanInputs(remote).map((i) => i.name)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
  });

  it("prints one numbered line per stack", () => {
    const lines = formatPlanInputs(planInputs(app));
    expect(lines[0]).toMatch(/^harbor-doks: deploy order \(npx cdktf deploy 'harbor-\*' follows it\)/);
    expect(lines[1]).toBe(
      "  1. harbor-platform-ams-doks: DIGITALOCEAN_TOKEN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
    );
    expect(lines).toContain(
      "  6. harbor-fra-config: DIGITALOCEAN_TOKEN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, " +
        "TF_VAR_DOCKERHUB_ACCESS_ID, TF_VAR_DOCKERHUB_ACCESS_SECRET, TF_VAR_oidc_client_secret",
    );
    expect(lines.at(-1)).toMatch(/TF_VAR_\* are needed to create and update, not to destroy/);
    expect(formatPlanInputs([{ stack: "s", inputs: [] }])).toEqual([lines[0], "  1. s: nothing"]);
  });
});
