import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Runs the real app the way `npm run synth` does (scripts/run-app.js: bundle when stale, then main) in a
// scratch folder.
const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "harbor-main-"));
const launcher = join(root, "scripts", "run-app.js");
const emptyPath = mkdtempSync(join(tmpdir(), "harbor-path-"));

function run(config: string | undefined, cwd: string) {
  // No terraform on the PATH: synth must not need it (cdktf's DataResource would run `terraform version`).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(root, "node_modules"), PATH: emptyPath };
  delete env.HARBOR_CONFIG;
  if (config !== undefined) env.HARBOR_CONFIG = config;
  return spawnSync(process.execPath, [launcher], { cwd, env, encoding: "utf8" });
}

describe("main", () => {
  it("synthesizes one stack per instance and names the config file it used", () => {
    const cwd = mkdtempSync(join(work, "ok-"));
    writeFileSync(
      join(cwd, "two.yaml"),
      "instances:\n" +
        "  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n" +
        "  - { name: dev, region: fra1, cluster: k, hostname: b.example.com, profile: dev, harbor: { namespace: harbor-dev },\n" +
        "      ingress: { email: ops@example.com }, gc: { schedule: '0 0 3 * * 0' } }\n",
    );
    const result = run("two.yaml", cwd);
    expect(result.stderr).toContain("using config two.yaml");
    // Bucket and API-wait terraform_data included, and no terraform on the PATH.
    expect(result.stderr).not.toContain("terraform version");
    expect(result.status).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual([
      "harbor-dev",
      "harbor-dev-config",
      "harbor-platform-k",
      "harbor-prod",
    ]);
    for (const stack of ["harbor-prod", "harbor-dev"]) {
      const json = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(json.terraform.backend.local.path).toBe(`../../../terraform.${stack}.tfstate`);
    }
  });

  it("exits non-zero without a stack trace and leaves an existing cdktf.out exactly as it was", () => {
    const cwd = mkdtempSync(join(work, "keep-"));
    mkdirSync(join(cwd, "cdktf.out", "stacks", "harbor-prod"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "manifest.json"), '{"before":true}');
    writeFileSync(join(cwd, "cdktf.out", "stacks", "harbor-prod", "cdk.tf.json"), "{}");
    writeFileSync(
      join(cwd, "bad.yaml"),
      "instances:\n  - { name: prod, region: mars1, cluster: k, hostname: a.example.com }\n",
    );
    const result = run("bad.yaml", cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('instances[0].region: got string "mars1"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(cwd, "cdktf.out", "manifest.json"), "utf8")).toBe('{"before":true}');
    expect(readdirSync(join(cwd, "cdktf.out", "stacks"))).toEqual(["harbor-prod"]);
    expect(readdirSync(cwd).sort()).toEqual(["bad.yaml", "cdktf.out"]);
  });

  it("treats a missing $HARBOR_CONFIG file as an error", () => {
    const cwd = mkdtempSync(join(work, "missing-"));
    const result = run("nope.yaml", cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HARBOR_CONFIG names "nope.yaml", which does not exist');
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });
});

describe("scripts/run-app.js (npm run synth, cdktf synth)", () => {
  it("bundles only when a source is newer than the bundle", () => {
    const bundle = join(root, ".build", "main.js");
    expect(spawnSync(process.execPath, [launcher, "--build-only"], { cwd: root }).status).toBe(0);
    const built = statSync(bundle).mtimeMs;
    expect(spawnSync(process.execPath, [launcher, "--build-only"], { cwd: root }).status).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(built);
  });
});
