import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";
import { formatPlanInputs, planInputs, stackPlanInputs } from "../../stacks/plan-inputs";

/** Synthesizes a config into a folder and returns it, as main.ts does before it prints the list. */
function synthesized(yaml: string): string {
  const app = buildApp(parseConfig(yaml), Testing.app());
  app.synth();
  return app.outdir;
}

const names = (outdir: string) =>
  Object.fromEntries(planInputs(outdir).map(({ stack, inputs }) => [stack, inputs.map((i) => i.name)]));

describe("what each stack's plan reads from the environment, and the deploy order", () => {
  const outdir = synthesized(`
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
    const stacks = planInputs(outdir).map((s) => s.stack);
    expect(stacks).toEqual([
      "harbor-platform-ams-doks",
      "harbor-ams",
      "harbor-ams-config",
      "harbor-platform-fra-doks",
      "harbor-fra",
      "harbor-fra-config",
      "harbor-fra-replication",
    ]);
    expect(names(outdir)).toEqual({
      "harbor-platform-ams-doks": ["DIGITALOCEAN_TOKEN", ...aws],
      "harbor-ams": ["DIGITALOCEAN_TOKEN", ...spaces, ...aws],
      "harbor-ams-config": ["DIGITALOCEAN_TOKEN", ...aws],
      "harbor-platform-fra-doks": ["DIGITALOCEAN_TOKEN", ...aws, "TF_VAR_digitalocean_dns_token"],
      "harbor-fra": ["DIGITALOCEAN_TOKEN", ...spaces, ...aws],
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

  it("cannot drift: every root variable of every synthesized stack is listed", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    for (const { stack, inputs } of planInputs(outdir)) {
      const json = JSON.parse(readFileSync(join(outdir, manifest.stacks[stack].synthesizedStackPath), "utf8"));
      const variables = Object.keys(json.variable ?? {}).map((name) => `TF_VAR_${name}`);
      expect(inputs.map((i) => i.name)).toEqual(expect.arrayContaining(variables));
    }
  });

  it("derives the rules from the JSON: a configured token or local state needs no variable", () => {
    expect(stackPlanInputs({ provider: { digitalocean: [{ token: "${var.t}" }] }, variable: { t: {} } })).toEqual([
      { name: "TF_VAR_t", why: "a root variable of the stack" },
    ]);
    expect(stackPlanInputs({ terraform: { backend: { local: { path: "x" } } } })).toEqual([]);
    expect(stackPlanInputs({ data: { terraform_remote_state: { a: { backend: "s3" } } } }).map((i) => i.name)).toEqual([
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ]);
  });

  it("prints one numbered line per stack", () => {
    const lines = formatPlanInputs(planInputs(outdir));
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
