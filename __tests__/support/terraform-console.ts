// Real `terraform console` for tests that check how Terraform itself evaluates an expression the stacks synthesize
// (no providers, no state: it runs here). Without terraform on the PATH those tests are skipped with one line, and
// under CI=true fail with it, as every tool gate does (tools.ts).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryIdentity, keptOutput, treeDigest } from "./kept-output";
import { onPath, testWithTool, toolGate } from "./tools";

function terraformRuns(): boolean {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** `describe` that runs only with terraform on the PATH; otherwise skipped with one line, or failing under CI=true. */
export function describeWithTerraform(name: string, body: () => void): void {
  if (terraformRuns()) {
    describe(name, body);
    return;
  }
  const gate = toolGate({
    missing: "terraform is not on the PATH (https://developer.hashicorp.com/terraform/install)",
  });
  describe(name, () => void testWithTool(gate, name)("runs terraform console", () => {}));
}

/**
 * The environment the tests run terraform in: this process's, without any `TF_*` variable (`TF_CLI_ARGS`, `TF_VAR_x`
 * and the like change what terraform prints, and kept outputs are keyed by the input alone), with no CLI
 * configuration and no update check.
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TF_")));
  return { ...env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
}

/**
 * The values of HCL expressions (without `${...}`), all evaluated by one run of terraform: each start costs a tenth
 * of a second. Terraform reads the configuration of the folder it runs in: `dir` (e.g. one holding locals the
 * expressions use), else an empty folder of its own. What terraform printed for the same binary, expressions and
 * files of `dir` is kept between runs (kept-output.ts; CI always runs terraform).
 */
export function terraformValues(expressions: readonly string[], dir?: string): unknown[] {
  const input = `jsonencode([${expressions.join(", ")}])`;
  const terraform = onPath("terraform") ?? "terraform";
  const key = [binaryIdentity(terraform), input, dir === undefined ? null : treeDigest(dir, [".terraform"])];
  const out = keptOutput("console", key, () =>
    execFileSync(terraform, ["console"], {
      cwd: dir ?? mkdtempSync(join(tmpdir(), "terraform-console-")),
      input,
      encoding: "utf8",
      env: terraformEnv(),
    }),
  );
  return JSON.parse(JSON.parse(out.trim()) as string) as unknown[];
}
