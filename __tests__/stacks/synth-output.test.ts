import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runByCdktfCli, synthesizeAtomically } from "../../stacks/synth-output";

/** A cdktf.out with a manifest and one stack, as a previous successful synth left it. */
function previousOutput(): { parent: string; outdir: string } {
  const parent = mkdtempSync(join(tmpdir(), "harbor-out-"));
  const outdir = join(parent, "cdktf.out");
  mkdirSync(join(outdir, "stacks", "harbor-old"), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), '{"old":true}');
  writeFileSync(join(outdir, "stacks", "harbor-old", "cdk.tf.json"), "{}");
  return { parent, outdir };
}

const snapshot = (dir: string) => ({
  manifest: readFileSync(join(dir, "manifest.json"), "utf8"),
  stacks: readdirSync(join(dir, "stacks")),
});

describe("synthesizeAtomically", () => {
  it("leaves the previous output exactly as it was when synthesis fails half-way", () => {
    const { parent, outdir } = previousOutput();
    const before = snapshot(outdir);
    expect(() =>
      synthesizeAtomically(outdir, (staging) => {
        mkdirSync(join(staging, "stacks", "harbor-new"), { recursive: true });
        writeFileSync(join(staging, "manifest.json"), "{}");
        throw new Error("construct error");
      }),
    ).toThrow("construct error");
    expect(snapshot(outdir)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
  });

  it("replaces the whole output on success, so removed stacks disappear", () => {
    const { parent, outdir } = previousOutput();
    synthesizeAtomically(outdir, (staging) => {
      mkdirSync(join(staging, "stacks", "harbor-new"), { recursive: true });
      writeFileSync(join(staging, "manifest.json"), '{"new":true}');
    });
    expect(snapshot(outdir)).toEqual({ manifest: '{"new":true}', stacks: ["harbor-new"] });
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
  });

  it("creates the output when there was none", () => {
    const parent = mkdtempSync(join(tmpdir(), "harbor-out-"));
    synthesizeAtomically(join(parent, "cdktf.out"), (staging) => {
      mkdirSync(join(staging, "stacks"), { recursive: true });
      writeFileSync(join(staging, "manifest.json"), "{}");
    });
    expect(readdirSync(join(parent, "cdktf.out")).sort()).toEqual(["manifest.json", "stacks"]);
  });
});

// Under the cdktf CLI (issue 29 item 7): the CLI lists cdktf.out/stacks before it runs the app and removes the listed
// folders the new manifest lacks afterwards, without `force` (@cdktf/cli-core 0.21.0 src/lib/synth-stack.js). The
// app's swap of cdktf.out removed them first: "ENOENT: no such file or directory, lstat 'cdktf.out/stacks/<old
// stack>'", exit 1. The same with the real CLI: __tests__/cli/cdktf-synth.test.ts.

const LOCK = '# This file is maintained automatically by "terraform init".\n';
/** The environment the cdktf CLI 0.21.0 gives the app (synth-stack.js), reduced to what the app reads. */
const CLI_ENV = { CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }) };

function previousCliOutput(stacks: string[]): string {
  const outdir = join(mkdtempSync(join(tmpdir(), "harbor-cli-out-")), "cdktf.out");
  for (const stack of stacks) {
    mkdirSync(join(outdir, "stacks", stack), { recursive: true });
    writeFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "{}");
    writeFileSync(join(outdir, "stacks", stack, ".terraform.lock.hcl"), LOCK + stack);
  }
  return outdir;
}

const writeStacks = (stacks: string[]) => (staging: string) => {
  for (const stack of stacks) {
    mkdirSync(join(staging, "stacks", stack), { recursive: true });
    writeFileSync(join(staging, "stacks", stack, "cdk.tf.json"), '{"new":true}');
  }
};

describe("runByCdktfCli", () => {
  it("recognises the CLI's context and nothing else", () => {
    expect(runByCdktfCli(CLI_ENV)).toBe(true);
    expect(runByCdktfCli({})).toBe(false);
    expect(runByCdktfCli({ CDKTF_CONTEXT_JSON: "{}" })).toBe(false);
    expect(runByCdktfCli({ CDKTF_CONTEXT_JSON: "not json" })).toBe(false);
    expect(runByCdktfCli({ CDKTF_CONTEXT_JSON: "null" })).toBe(false);
  });
});

describe("synthesizeAtomically under the cdktf CLI", () => {
  it("leaves the folder of a removed stack for the CLI to remove, and each kept stack's lock file in place", () => {
    const outdir = previousCliOutput(["harbor-prod", "harbor-gone"]);
    synthesizeAtomically(outdir, writeStacks(["harbor-prod"]), CLI_ENV);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["harbor-gone", "harbor-prod"]);
    expect(readFileSync(join(outdir, "stacks", "harbor-prod", ".terraform.lock.hcl"), "utf8")).toBe(
      LOCK + "harbor-prod",
    );
    expect(readFileSync(join(outdir, "stacks", "harbor-prod", "cdk.tf.json"), "utf8")).toBe('{"new":true}');
  });

  it("adds a new stack beside them (a rename: the old folder stays for the CLI, the new one is written)", () => {
    const outdir = previousCliOutput(["harbor-prod"]);
    synthesizeAtomically(outdir, writeStacks(["harbor-main"]), CLI_ENV);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["harbor-main", "harbor-prod"]);
  });

  it("run by npm run synth (no CLI to remove them), drops removed stacks' folders itself", () => {
    const outdir = previousCliOutput(["harbor-prod", "harbor-gone"]);
    synthesizeAtomically(outdir, writeStacks(["harbor-prod"]), {});
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["harbor-prod"]);
  });
});
