import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeAtomically } from "../../stacks/synth-output";

const root = join(__dirname, "..", "..");
const LOCK = `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/goharbor/harbor" {
  version     = "3.12.4"
  constraints = "3.12.4"
}
`;

/** `npm run synth` (scripts/run-app.js) in `cwd` with `config`, no terraform on the PATH. */
function synth(cwd: string, config: string) {
  writeFileSync(join(cwd, "harbor.yaml"), config);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_PATH: join(root, "node_modules"),
    PATH: mkdtempSync(join(tmpdir(), "harbor-path-")),
    HARBOR_CONFIG: "harbor.yaml",
  };
  const result = spawnSync(process.execPath, [join(root, "scripts", "run-app.js")], { cwd, env, encoding: "utf8" });
  expect([result.status, result.stderr.includes("Error")]).toEqual([0, false]);
}

const two =
  "instances:\n" +
  "  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n" +
  "  - { name: gone, region: fra1, cluster: k, hostname: b.example.com, profile: dev, harbor: { namespace: h2 } }\n";
const one = "instances:\n  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n";

describe("provider lock files across npm run synth", () => {
  it("keeps each stack's .terraform.lock.hcl and .terraform/, and drops those of a stack the config no longer has", () => {
    const cwd = mkdtempSync(join(tmpdir(), "harbor-lock-"));
    synth(cwd, two);
    const stacks = join(cwd, "cdktf.out", "stacks");
    for (const stack of ["harbor-prod", "harbor-gone"]) {
      // What `terraform init` leaves (or a committed lock file checked out with the repository).
      writeFileSync(join(stacks, stack, ".terraform.lock.hcl"), LOCK);
      mkdirSync(join(stacks, stack, ".terraform", "providers"), { recursive: true });
      writeFileSync(join(stacks, stack, ".terraform", "providers", "marker"), stack);
    }
    synth(cwd, one);
    expect(readdirSync(stacks).sort()).toEqual(["harbor-prod"]);
    expect(readFileSync(join(stacks, "harbor-prod", ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
    expect(readFileSync(join(stacks, "harbor-prod", ".terraform", "providers", "marker"), "utf8")).toBe("harbor-prod");
    // The stack itself is new output all the same.
    expect(existsSync(join(stacks, "harbor-prod", "cdk.tf.json"))).toBe(true);
    expect(readdirSync(cwd).filter((name) => name.startsWith(".cdktf.out"))).toEqual([]);
  });

  it("keeps the previous output, lock files in place, when synthesis fails", () => {
    const parent = mkdtempSync(join(tmpdir(), "harbor-lock-"));
    const outdir = join(parent, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "harbor-prod"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "harbor-prod", ".terraform.lock.hcl"), LOCK);
    expect(() =>
      synthesizeAtomically(outdir, () => {
        throw new Error("construct error");
      }),
    ).toThrow("construct error");
    expect(readFileSync(join(outdir, "stacks", "harbor-prod", ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
  });

  it("is committed: .gitignore ignores cdktf.out but not the stacks' lock files", () => {
    const check = (path: string) =>
      spawnSync("git", ["check-ignore", "--no-index", "-q", path], { cwd: root }).status === 0;
    expect(check("cdktf.out/manifest.json")).toBe(true);
    expect(check("cdktf.out/stacks/harbor-prod/cdk.tf.json")).toBe(true);
    expect(check("cdktf.out/stacks/harbor-prod/.terraform/providers/x")).toBe(true);
    expect(check("cdktf.out/stacks/harbor-prod/.terraform.lock.hcl")).toBe(false);
  });
});

describe("CI uses the committed lock files", () => {
  const workflow = readFileSync(join(root, ".github", "workflows", "harbor.yml"), "utf8");
  const script = readFileSync(join(root, "scripts", "terraform-init.sh"), "utf8");

  it("initializes every stack through scripts/terraform-init.sh: plan warns without a lock file, deploy fails", () => {
    expect(workflow).not.toMatch(/terraform -chdir="\$dir" init/);
    expect(workflow).toContain('scripts/terraform-init.sh "$dir" warn');
    expect(workflow).toContain('scripts/terraform-init.sh "$dir" fail');
  });

  it("runs terraform init with -lockfile=readonly when the stack has a lock file", () => {
    expect(script).toMatch(
      /if \[ -f "\$dir\/\.terraform\.lock\.hcl" \]; then\n\s*exec terraform -chdir="\$dir" init .*-lockfile=readonly/,
    );
  });

  it("behaves as documented, with a stand-in terraform that records its arguments", () => {
    const bin = mkdtempSync(join(tmpdir(), "harbor-tf-"));
    writeFileSync(join(bin, "terraform"), '#!/bin/sh\necho "terraform $*"\n', { mode: 0o755 });
    const dir = mkdtempSync(join(tmpdir(), "harbor-stack-"));
    const run = (mode: string) =>
      spawnSync("bash", [join(root, "scripts", "terraform-init.sh"), dir, mode], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        encoding: "utf8",
      });
    const failing = run("fail");
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/::error title=harbor-stack-\w+::no committed provider lock file .*providers lock/);
    const warning = run("warn");
    expect([warning.status, warning.stdout]).toEqual([
      0,
      expect.stringMatching(/::warning[\s\S]*terraform -chdir=\S+ init -input=false -no-color\n$/),
    ]);
    writeFileSync(join(dir, ".terraform.lock.hcl"), LOCK);
    expect(run("fail").stdout).toMatch(/^terraform -chdir=\S+ init -input=false -no-color -lockfile=readonly\n$/);
  });
});
