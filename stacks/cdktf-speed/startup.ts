/**
 * Start-up costs of cdktf that the app and its tests avoid (through the switch in index.ts). Nothing here imports
 * cdktf: these run before it loads.
 */
import Module from "node:module";
import { dirname, join } from "node:path";

/**
 * Packages cdktf ships inside its own package (`bundledDependencies`, so always under `cdktf/node_modules/`) and
 * loads at start-up though a synth of this project never calls them: `archiver` zips `AssetType.ARCHIVE` assets
 * (this project packs its charts itself, `constructs/core/local-chart.ts`), `semver` checks the `terraform` binary's version
 * (the validation `constructs/core/terraform-data.ts` exists to avoid). Together about 250 of the 380 modules
 * `require("cdktf")` loads, and half of its load time.
 */
export const CDKTF_UNUSED_AT_SYNTH = ["archiver", "semver"] as const;

/** Where a package bundled inside cdktf lives. */
export function cdktfBundledPath(name: (typeof CDKTF_UNUSED_AT_SYNTH)[number]): string {
  return join(dirname(require.resolve("cdktf/package.json")), "node_modules", name);
}

/**
 * Module exports that load the real module on first use: a call (archiver is a function) or a property read
 * (semver is an object of functions) forwards to what `load` returns.
 */
export function lazyExports(load: () => unknown): unknown {
  let real: unknown;
  const target = () => (real ??= load()) as Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);
  return new Proxy(function deferred() {}, {
    apply: (_fn, self, args) => Reflect.apply(target(), self, args),
    get: (_fn, key) => target()[key],
    has: (_fn, key) => key in target(),
  });
}

/**
 * Makes `require("archiver")` and `require("semver")` from cdktf return lazy exports, by placing them in Node's
 * module cache under the real file names before cdktf loads; the first use loads the real module.
 */
export function deferCdktfUnusedModules(): void {
  for (const name of CDKTF_UNUSED_AT_SYNTH) {
    const file = require.resolve(cdktfBundledPath(name));
    if (require.cache[file] !== undefined) continue;
    const stub = new Module(file);
    stub.filename = file;
    stub.loaded = true;
    stub.exports = lazyExports(() => {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
      return require(file);
    });
    require.cache[file] = stub;
  }
}

/**
 * cdktf and constructs record a creation stack for every token and construct they make (`captureStackTrace` on a
 * plain `{ stack: "" }` object, with an unlimited frame count), only to quote it in their own error messages; a
 * large synth makes tens of thousands. With this hook those captures record nothing (cdktf then keeps an empty
 * list, as it does when the stack is empty), which skips both the stack walk and its formatting (under jest,
 * source-mapping every frame). Stacks of real errors (anything that is not such a plain object) are captured as
 * usual. Returns the function that removes the hook.
 */
export function skipCreationStacks(errorClass: ErrorConstructor = Error): () => void {
  const capture = errorClass.captureStackTrace;
  errorClass.captureStackTrace = function captureUnlessCreationRecord(...args) {
    if (isCreationRecord(args[0], errorClass)) return;
    capture.apply(errorClass, args);
  };
  return () => {
    errorClass.captureStackTrace = capture;
  };
}

function isCreationRecord(target: object, errorClass: ErrorConstructor): boolean {
  if (target instanceof errorClass || Object.getPrototypeOf(target) !== Object.prototype) return false;
  const keys = Object.keys(target);
  return keys.length === 1 && keys[0] === "stack" && (target as { stack: unknown }).stack === "";
}
