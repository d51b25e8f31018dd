import { Testing } from "cdktf";

Testing.setupJest();

// cdktf records a creation stack for every token it makes (`captureStackTrace` on a plain object, used
// only in its own error messages). Under jest, formatting a stack goes through source-map-support, which
// maps every frame through the inline source maps of cdktf's files: measured at about a quarter of the
// suite's CPU time. Real errors (instances of Error, which jest reports) keep the source-mapped stack;
// only those plain-object captures get none.
const sourceMapped = Error.prepareStackTrace;
Error.prepareStackTrace = (target, frames) =>
  target instanceof Error || sourceMapped === undefined ? (sourceMapped?.(target, frames) ?? String(target)) : "";
