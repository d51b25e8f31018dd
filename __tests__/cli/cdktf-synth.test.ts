// The app under the real cdktf CLI, as `.ci/run` and a user's `npx cdktf synth` run it. Not part of `npm test`: the
// CLI takes about two seconds to start, and the mechanism it exercises (stacks/synth-output.ts under the CLI's
// context) is tested there without it; this file runs with the package test (jest.package.config.js, `npm run
// test:package`), which CI runs.
//
// Issue 29 item 7: the cdktf CLI lists cdktf.out/stacks before it runs the app and removes the listed folders the new
// manifest lacks afterwards, without `force` (@cdktf/cli-core 0.21.0 src/lib/synth-stack.js). The app's swap of
// cdktf.out removed them first: "ENOENT: no such file or directory, lstat 'cdktf.out/stacks/<old stack>'", exit 1.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const LOCK = '# This file is maintained automatically by "terraform init".\n';

/**
 * `npx cdktf synth` of the app in `cwd` with `config`, as .ci/run runs it; with `cli` false, the app alone (as
 * `npm run synth` runs it): the same cdktf.out, without the CLI's few seconds of start-up.
 */
function cdktfSynth(cwd: string, config: string, cli = true): { status: number | null; output: string } {
  writeFileSync(join(cwd, "harbor.yaml"), config);
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", HARBOR_CONFIG: "harbor.yaml" };
  // Terraform warns (and the CLI prints it as ERROR) about a TF_CLI_CONFIG_FILE that names no file: not the app's.
  if (env.TF_CLI_CONFIG_FILE !== undefined && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  env.NODE_PATH = join(root, "node_modules");
  const result = cli
    ? spawnSync(join(root, "node_modules", ".bin", "cdktf"), ["synth"], { cwd, env, encoding: "utf8" })
    : spawnSync(process.execPath, [join(root, "scripts", "run-app.js")], { cwd, env, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const two =
  "instances:\n" +
  "  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n" +
  "  - { name: gone, region: fra1, cluster: k, hostname: b.example.com, profile: dev, harbor: { namespace: h2 } }\n";
const one = "instances:\n  - { name: prod, region: fra1, cluster: k, hostname: a.example.com }\n";

describe("npx cdktf synth after an instance is removed", () => {
  it("exits 0 with no ERROR line, removes the old stack's folder and keeps the other's lock file", () => {
    const cwd = mkdtempSync(join(tmpdir(), "harbor-cli-"));
    writeFileSync(
      join(cwd, "cdktf.json"),
      JSON.stringify({
        language: "typescript",
        app: `node ${join(root, "scripts", "run-app.js")}`,
        sendCrashReports: "false",
        context: {},
      }),
    );
    // What the CLI lists before it runs the app: the folders of an earlier synth (the CLI's own run matters second).
    const first = cdktfSynth(cwd, two, false);
    expect(first.status).toBe(0);
    const stacks = join(cwd, "cdktf.out", "stacks");
    expect(readdirSync(stacks).sort()).toEqual(["harbor-gone", "harbor-prod"]);
    for (const stack of ["harbor-prod", "harbor-gone"]) writeFileSync(join(stacks, stack, ".terraform.lock.hcl"), LOCK);

    const second = cdktfSynth(cwd, one);
    expect(second.output).not.toMatch(/ERROR|ENOENT/);
    expect(second.status).toBe(0);
    expect(readdirSync(stacks)).toEqual(["harbor-prod"]);
    expect(readFileSync(join(stacks, "harbor-prod", ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
    expect(readdirSync(cwd).filter((name) => name.startsWith(".cdktf.out"))).toEqual([]);
  }, 240_000);
});
