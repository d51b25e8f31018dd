import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATABASE_SIZES } from "../constructs/digitalocean/database-sizes";

// Runs the real app the way `npm run synth` does (scripts/run-app.js: bundle when stale, then main) in a
// scratch folder.
const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "harbor-main-"));
const launcher = join(root, "scripts", "run-app.js");
const emptyPath = mkdtempSync(join(tmpdir(), "harbor-path-"));

function run(config: string | undefined, cwd: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  // No terraform on the PATH: synth must not need it (cdktf's DataResource would run `terraform version`).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_PATH: join(root, "node_modules"),
    PATH: emptyPath,
    ...extraEnv,
  };
  delete env.HARBOR_CONFIG;
  if (config !== undefined) env.HARBOR_CONFIG = config;
  return spawnSync(process.execPath, [launcher, ...args], { cwd, env, encoding: "utf8" });
}

describe("main", () => {
  it("synthesizes one stack per instance and names the config file it used", () => {
    const cwd = mkdtempSync(join(work, "ok-"));
    writeFileSync(
      join(cwd, "two.yaml"),
      "instances:\n" +
        "  - { name: prod, region: fra1, cluster: k, hostname: a.example.com, postgres: { size: gd-2vcpu-8gb } }\n" +
        "  - { name: dev, region: fra1, cluster: k, hostname: b.example.com, profile: dev, harbor: { namespace: harbor-dev },\n" +
        "      ingress: { email: ops@example.com }, gc: { schedule: '0 0 3 * * 0' },\n" +
        // A pull Secret: its `moved` block would make cdktf run `terraform version` at synth.
        "      projects: [{ name: team-a, robots: [{ name: pull, access: pull, pullSecretNamespaces: [team-a] }] }] }\n",
    );
    const result = run("two.yaml", cwd);
    expect(result.stdout).toContain("using config two.yaml");
    // Information goes to stdout: the cdktf CLI shows every stderr line of the app as [ERROR]. Bucket and
    // API-wait terraform_data included, and no terraform on the PATH.
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(join(cwd, "cdktf.out", "stacks")).sort()).toEqual([
      "harbor-dev",
      "harbor-dev-config",
      "harbor-platform-k",
      "harbor-prod",
    ]);
    // The deploy order and each plan's environment, read back from the synthesized stacks.
    expect(result.stdout).toContain("harbor-doks: deploy order (npx cdktf deploy 'harbor-*' follows it)");
    expect(result.stdout).toMatch(/^ {2}1\. harbor-platform-k: DIGITALOCEAN_TOKEN$/m);
    expect(result.stdout).toMatch(
      /^ {2}\d\. harbor-prod: DIGITALOCEAN_TOKEN, SPACES_ACCESS_KEY_ID, SPACES_SECRET_ACCESS_KEY$/m,
    );
    const config = JSON.parse(
      readFileSync(join(cwd, "cdktf.out", "stacks", "harbor-dev-config", "cdk.tf.json"), "utf8"),
    );
    expect(config.moved).toHaveLength(1);
    // Not the committed example: no guard.
    expect(readFileSync(join(cwd, "cdktf.out", "stacks", "harbor-prod", "cdk.tf.json"), "utf8")).not.toContain(
      "ExampleConfigGuard",
    );
    // The summary after synth and `npm run cost` give the same figures (here a lower bound: gd- is not priced).
    const cost = run("two.yaml", cwd, ["--cost"]);
    expect([cost.status, cost.stderr]).toEqual([0, ""]);
    const estimated = /^ {2}total: (.*) per month$/m.exec(cost.stdout)?.[1];
    expect(estimated).toMatch(/^at least \$\d+\.\d\d$/);
    expect(result.stdout).toContain(`harbor-doks: total ${estimated}/month`);
    const prod = /^ {2}instance prod: (.*)$/m.exec(cost.stdout)?.[1];
    const dev = /^ {2}instance dev: (\$\d+\.\d\d)$/m.exec(cost.stdout)?.[1];
    expect(prod).toMatch(/^at least /);
    expect(result.stdout).toContain(`harbor-doks: instance prod: ${prod}/month`);
    expect(result.stdout).toContain(`harbor-doks: instance dev: about ${dev}/month`);
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
    // Reports, at exit, whether the process loaded cdktf: a config error comes before it. The provider bindings are
    // inside the app's bundle (scripts/run-app.js), but each of them loads cdktf the moment it is itself loaded.
    const probe = join(cwd, "..", `probe-${Date.now()}.js`);
    writeFileSync(
      probe,
      'process.on("exit", () => { if (Object.keys(require.cache).some((m) => /node_modules[\\\\/]cdktf[\\\\/]/.test(m)))' +
        ' process.stderr.write("PROBE: cdktf loaded\\n"); });',
    );
    const result = run("bad.yaml", cwd, [], { NODE_OPTIONS: `--require ${probe}` });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('instances[0].region: got string "mars1"');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain("PROBE: cdktf loaded");
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

describe("npm run cost (run-app.js --cost)", () => {
  it("answers with exit 0 and a total for every size of both engines, derived and not priced ones marked", () => {
    const cwd = mkdtempSync(join(work, "cost-"));
    const pg = DATABASE_SIZES.pg;
    const valkey = DATABASE_SIZES.valkey;
    const instances = pg.map(
      (size, i) =>
        `  - { name: i${i}, region: fra1, cluster: c${i}, hostname: i${i}.example.com, profile: dev,\n` +
        `      postgres: { size: ${size} }, cache: { size: ${valkey[i % valkey.length]} } }\n`,
    );
    writeFileSync(join(cwd, "all.yaml"), `instances:\n${instances.join("")}`);
    const cost = run("all.yaml", cwd, ["--cost"]);
    expect(cost.stderr).toBe("");
    expect(cost.status).toBe(0);
    for (const size of [...pg, ...valkey]) expect(cost.stdout).toContain(`${size} × 1 node`);
    expect(cost.stdout).toMatch(/not priced/);
    expect(cost.stdout).toMatch(/\(derived\)/);
    const estimated = /^ {2}total: (at least \$[\d.]+|\$[\d.]+) per month$/m.exec(cost.stdout)?.[1];
    expect(estimated).toMatch(/^at least \$\d+\.\d\d$/);
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
