// What the tools the tests run for real (helm template, terraform console and apply) gave before, kept between runs:
// a warm `npm test` starts none of them for an input it has seen. An output is keyed by everything that decides it
// (the tool's binary, its input, the files it reads), so a change to any of them runs the tool anew; failures are
// never kept, so their message comes from the tool every time.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

/**
 * The folder of kept outputs, decided once per run in global-setup.js: `$HARBOR_DOKS_OUTPUT_CACHE`, else
 * `~/.cache/harbor-doks/outputs`; `off` (and always under CI=true, so CI runs every tool) keeps nothing.
 */
export const OUTPUT_CACHE_ENV = "HARBOR_DOKS_OUTPUT_CACHE";

/**
 * What identifies a binary without reading it: its path, size and modification time (an upgrade changes them). A
 * version manager's shim (tfenv, asdf) stays the same file when it switches versions: set
 * `HARBOR_DOKS_OUTPUT_CACHE=off` after switching.
 */
export function binaryIdentity(path: string): unknown[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  return [path, stat?.size, stat?.mtimeMs];
}

/** Digest of a file or folder: every name and content below it, in sorted order, minus `skip`ped names. */
export function treeDigest(path: string, skip: readonly string[] = []): string {
  const hash = createHash("sha256");
  const add = (file: string, name: string) => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) {
        if (!skip.includes(entry)) add(join(file, entry), `${name}/${entry}`);
      }
    } else {
      hash.update(`${name}\0`).update(readFileSync(file)).update("\0");
    }
  };
  add(path, "");
  return hash.digest("hex");
}

/**
 * `compute()`, or what it gave before for the same `key` (JSON of everything that decides the output); `kind` tells
 * the forms of one output apart and ends the file name.
 */
export function keptOutput(kind: string, key: unknown, compute: () => string): string {
  const cache = process.env[OUTPUT_CACHE_ENV] ?? "off";
  if (cache === "off") return compute();
  const digest = createHash("sha256").update(JSON.stringify(key)).digest("hex");
  const file = join(cache, digest.slice(0, 2), `${digest}.${kind}`);
  if (existsSync(file)) {
    // Read now: the teardown drops what no run has read for a week.
    utimesSync(file, new Date(), new Date());
    return readFileSync(file, "utf8");
  }
  const out = compute();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, out);
  renameSync(partial, file);
  return out;
}
