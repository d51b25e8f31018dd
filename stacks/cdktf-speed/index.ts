/**
 * Everything in this project that hooks or replaces cdktf's internals, behind one switch. The app calls
 * {@link speedUpCdktf} before it loads cdktf; the app's tests get the same through jest.config.js (this folder's
 * jest-setup.ts and jest-resolver.js, for the tests of the app only). The library never loads this folder: library
 * users, and the library's own tests, run cdktf as it is.
 *
 * What is here, and what it saves (docs/performance.md has the figures):
 * - token-resolution.ts: a walk equivalent to cdktf's token resolver (`cdktf/lib/tokens/private/resolve`), which it
 *   replaces through that module's export; `__tests__/stacks/cdktf-speed/token-resolution.test.ts` compares both.
 * - startup.ts: creation stacks not recorded (a hook on `Error.captureStackTrace`), and cdktf's bundled `archiver`
 *   and `semver`, which a synth never calls, loaded on first use (Node's module cache; under jest, jest-resolver.js
 *   with lazy-archiver.ts and lazy-semver.ts).
 *
 * With `HARBOR_DOKS_PLAIN_CDKTF=1` in the environment none of it is installed: the app and its tests run cdktf as
 * library users do, and synthesize the same files. A port to cdktn (the community fork) drops or re-checks this
 * folder as a whole: nothing outside it depends on cdktf's private modules.
 */
import { deferCdktfUnusedModules, skipCreationStacks } from "./startup";

/** The environment variable that turns this folder off (also read by jest-resolver.js, which cannot import this). */
export const PLAIN_CDKTF_ENV = "HARBOR_DOKS_PLAIN_CDKTF";

/** Whether the speed-ups are on: unless {@link PLAIN_CDKTF_ENV} is `1`. */
export function cdktfSpeedUpsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[PLAIN_CDKTF_ENV] !== "1";
}

/**
 * Installs every speed-up, unless switched off; call it before anything loads cdktf (it loads cdktf itself, last).
 * Returns whether it did.
 */
export function speedUpCdktf(): boolean {
  if (!cdktfSpeedUpsEnabled()) return false;
  deferCdktfUnusedModules();
  skipCreationStacks();
  // Loaded only now: the resolver module loads cdktf, which must come after the two hooks above.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  (require("./token-resolution") as typeof import("./token-resolution")).useFastTokenResolution();
  return true;
}
