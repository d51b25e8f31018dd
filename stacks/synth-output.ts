import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Runs `synthesize` into a fresh folder beside `outdir` and swaps it in only when it succeeds, so a
 * failed synth (a construct error, a crash) leaves `outdir` exactly as it was: no half-written stacks
 * beside a stale manifest. A successful synth replaces the whole folder, which also drops the stacks
 * of instances removed from the config (CI would otherwise still plan them). Terraform state lives
 * outside the folder (see stacks/backend.ts). What `terraform init` wrote into a stack's folder, the provider lock
 * file `.terraform.lock.hcl` and the `.terraform/` folder, moves into the new output for every stack that is still
 * there (as `cdktf synth` keeps them), so providers are not re-resolved and committed lock files stay in force.
 * Run by the cdktf CLI, the stack folders the new output lacks stay until the CLI removes them (see
 * {@link runByCdktfCli}).
 */
export function synthesizeAtomically(
  outdir: string,
  synthesize: (stagingDir: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const target = resolve(outdir);
  const stamp = `${process.pid}-${Date.now()}`;
  // Beside the target, on the same file system, so the renames below are atomic.
  const staging = join(dirname(target), `.${basename(target)}.partial-${stamp}`);
  const previous = join(dirname(target), `.${basename(target)}.previous-${stamp}`);
  try {
    synthesize(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadPrevious = existsSync(target);
  const carried = hadPrevious ? carryInitFiles(target, staging) : [];
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) renameSync(previous, target);
    for (const [from, to] of carried) renameSync(to.replace(staging, target), from);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious && runByCdktfCli(env)) keepFormerStackFolders(previous, target);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * Whether the cdktf CLI runs the app. The CLI (`synth`, `deploy`, `diff`, `list`) lists the folders of
 * `<outdir>/stacks` before it starts the app, and afterwards removes each listed one the new manifest lacks with
 * `fs.rmSync` without `force`: a folder the app already removed stops it with "ENOENT ... lstat" (cdktf-cli 0.21.0,
 * @cdktf/cli-core src/lib/synth-stack.js `SynthStack.synth`). It starts the app with a `CDKTF_CONTEXT_JSON` that holds
 * `cdktfRelativeModules`, which nothing else sets.
 */
export function runByCdktfCli(env: NodeJS.ProcessEnv): boolean {
  try {
    const context: unknown = JSON.parse(env.CDKTF_CONTEXT_JSON ?? "null");
    return typeof context === "object" && context !== null && "cdktfRelativeModules" in context;
  } catch {
    return false;
  }
}

/** Moves back the stack folders of `previous` that `target` lacks, for the cdktf CLI to remove. */
function keepFormerStackFolders(previous: string, target: string): void {
  const stacks = join(previous, "stacks");
  if (!existsSync(stacks)) return;
  for (const entry of readdirSync(stacks, { withFileTypes: true })) {
    const destination = join(target, "stacks", entry.name);
    if (!entry.isDirectory() || existsSync(destination)) continue;
    mkdirSync(dirname(destination), { recursive: true });
    renameSync(join(stacks, entry.name), destination);
  }
}

/** What `terraform init` leaves in a stack's folder and a new synth keeps. */
export const INIT_FILES = [".terraform.lock.hcl", ".terraform"] as const;

/** Moves {@link INIT_FILES} of each stack in `from` that `to` still has; returns the moves, [from, to]. */
function carryInitFiles(from: string, to: string): [string, string][] {
  const stacks = join(from, "stacks");
  if (!existsSync(stacks)) return [];
  const moved: [string, string][] = [];
  for (const name of readdirSync(stacks)) {
    const destination = join(to, "stacks", name);
    if (!existsSync(destination)) continue;
    for (const file of INIT_FILES) {
      const source = join(stacks, name, file);
      if (!existsSync(source) || existsSync(join(destination, file))) continue;
      renameSync(source, join(destination, file));
      moved.push([source, join(destination, file)]);
    }
  }
  return moved;
}
