// Runs before the other setup files (jest.config.js), so that the hook is in place before cdktf loads: cdktf
// records a creation stack for every token it makes, hundreds while its own modules load, and under jest each
// one went through source-map-support, which maps every frame through the inline source maps of cdktf's files
// (about a quarter of the suite's CPU time). See skipCreationStacks; real errors keep their source-mapped stacks.
import { skipCreationStacks } from "../../stacks/cdktf-startup";

skipCreationStacks();
// The app's token resolver (stacks/token-resolution.ts), so the tests synthesize what the app does; the equivalence
// with cdktf's own is token-resolution.suite.ts's job. Loaded after the hook above: it loads cdktf.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must run after skipCreationStacks
(require("../../stacks/token-resolution") as typeof import("../../stacks/token-resolution")).useFastTokenResolution();
