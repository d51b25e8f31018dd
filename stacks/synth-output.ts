import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Runs `synthesize` into a fresh folder beside `outdir` and swaps it in only when it succeeds, so a
 * failed synth (a construct error, a crash) leaves `outdir` exactly as it was: no half-written stacks
 * beside a stale manifest. A successful synth replaces the whole folder, which also drops the stacks
 * of instances removed from the config (CI would otherwise still plan them). Terraform state lives
 * outside the folder (see stacks/backend.ts), so nothing of value is lost with the old one.
 */
export function synthesizeAtomically(outdir: string, synthesize: (stagingDir: string) => void): void {
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
  if (hadPrevious) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (hadPrevious) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}
