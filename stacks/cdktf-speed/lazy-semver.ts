// Under jest, cdktf's `require("semver")` resolves here (jest-resolver.js): cdktf loads it at
// start-up and a synth never calls it (startup.ts). The real module loads on first use.
import { cdktfBundledPath, lazyExports } from "./startup";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
export = lazyExports(() => require(cdktfBundledPath("semver")));
