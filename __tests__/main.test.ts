import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";

// Runs the real app entry (bundled the way `npm run synth` bundles it) in a scratch folder.
const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "harbor-main-"));
// Inside the repository, two levels below it like .build/main.js, so the bundle finds charts/.
const entry = join(root, ".build", "test", "main.js");
const emptyPath = mkdtempSync(join(tmpdir(), "harbor-path-"));

beforeAll(() => {
  buildSync({
    entryPoints: [join(root, "main.ts")],
    bundle: true,
    platform: "node",
    packages: "external",
    outfile: entry,
    nodePaths: [join(root, "node_modules")],
    logLevel: "silent",
  });
});

function run(config: string | undefined, cwd: string) {
  // No terraform on the PATH: synth must not need it (cdktf's DataResource would run `terraform version`).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(root, "node_modules"), PATH: emptyPath };
  delete env.HARBOR_CONFIG;
  if (config !== undefined) env.HARBOR_CONFIG = config;
  return spawnSync(process.execPath, [entry], { cwd, env, encoding: "utf8" });
}

describe("main", () => {
  it("synthesizes one stack per instance and names the config file it used", () => {
    const cwd = mkdtempSync(join(work, "ok-"));
    writeFileSync(
      join(cwd, "two.yaml"),
      "instances:\n" +
        "  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n" +
        "  - { name: dev, region: fra1, cluster: k, hostname: b.example.com, profile: dev, harbor: { namespace: harbor-dev } }\n",
    );
    const result = run("two.yaml", cwd);
    expect(result.stderr).toContain("using config two.yaml");
    expect(result.status).toBe(0);
    for (const stack of ["harbor-prod", "harbor-dev"]) {
      const json = JSON.parse(readFileSync(join(cwd, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(json.terraform.backend.local.path).toBe(`../../../terraform.${stack}.tfstate`);
    }
  });

  it("exits non-zero without a stack trace and writes nothing for an invalid config", () => {
    const cwd = mkdtempSync(join(work, "bad-"));
    writeFileSync(
      join(cwd, "bad.yaml"),
      "instances:\n  - { name: prod, region: mars1, cluster: k, hostname: a.example.com }\n",
    );
    const result = run("bad.yaml", cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('instances[0].region: got string "mars1"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  it("leaves an existing cdktf.out exactly as it was when the config is invalid", () => {
    const cwd = mkdtempSync(join(work, "keep-"));
    mkdirSync(join(cwd, "cdktf.out", "stacks", "harbor-prod"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "manifest.json"), '{"before":true}');
    writeFileSync(join(cwd, "cdktf.out", "stacks", "harbor-prod", "cdk.tf.json"), "{}");
    writeFileSync(
      join(cwd, "bad.yaml"),
      "instances:\n  - { name: prod, region: fra1, cluster: ../k, hostname: a.example.com }\n",
    );
    expect(run("bad.yaml", cwd).status).toBe(1);
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

describe("main with the committed example", () => {
  it("synthesizes every stack (platform, instance, day-2) with no terraform binary on the PATH", () => {
    const cwd = mkdtempSync(join(work, "example-"));
    const result = run(join(root, "harbor.config.example.yaml"), cwd);
    expect(result.stderr).not.toContain("terraform version");
    expect(result.status).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual([
      "harbor-platform-prod-doks",
      "harbor-prod",
      "harbor-prod-config",
    ]);
  });
});

describe("scripts/run-app.js (npm run synth, cdktf synth)", () => {
  it("bundles only when a source is newer than the bundle", () => {
    const launcher = join(root, "scripts", "run-app.js");
    const bundle = join(root, ".build", "main.js");
    expect(spawnSync(process.execPath, [launcher, "--build-only"], { cwd: root }).status).toBe(0);
    const built = statSync(bundle).mtimeMs;
    expect(spawnSync(process.execPath, [launcher, "--build-only"], { cwd: root }).status).toBe(0);
    expect(statSync(bundle).mtimeMs).toBe(built);
  });
});
