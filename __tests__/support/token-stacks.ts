// Runs before the other setup files (jest.config.js), so that the hook is in place before cdktf loads: cdktf
// records a creation stack for every token it makes, hundreds while its own modules load, and under jest each
// one went through source-map-support, which maps every frame through the inline source maps of cdktf's files
// (about a quarter of the suite's CPU time). See skipCreationStacks; real errors keep their source-mapped stacks.
import { skipCreationStacks } from "../../stacks/cdktf-startup";

skipCreationStacks();
