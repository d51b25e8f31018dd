// Under jest, cdktf's `require("semver")` resolves here (__tests__/support/resolver.js): cdktf loads it at
// start-up and a synth never calls it (stacks/cdktf-startup.ts). The real module loads on first use.
import { cdktfBundledPath, lazyExports } from "../../stacks/cdktf-startup";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
export = lazyExports(() => require(cdktfBundledPath("semver")));
