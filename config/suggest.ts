// The suggester lives in the library (the chart-values guard suggests too); the config layer uses the same one.
export { closestMatch, editDistance } from "../constructs/core/suggest";
