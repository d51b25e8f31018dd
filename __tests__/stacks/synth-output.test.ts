import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeAtomically } from "../../stacks/synth-output";

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
