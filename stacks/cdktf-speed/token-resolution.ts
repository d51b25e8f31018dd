/**
 * A faster drop-in for cdktf's token resolver (`cdktf/lib/tokens/private/resolve.js`), which the app and its tests
 * install before they synthesize (the switch in index.ts). cdktf resolves every stack three times (once to find
 * cross-stack references, once per element, once more for the merged document). Its resolver makes a context with
 * two closures, a path array and a spread copy of its options for every key and every value it visits (the provider
 * bindings' undefined attributes included), and runs three regular expressions over every string, keys too: for 200
 * instances, two thirds of the synth.
 *
 * This walk gives the same result and throws the same errors for every input (`__tests__/stacks/cdktf-speed/
 * token-resolution.test.ts` runs both over a whole synthesized app and over each kind of token): it still hands every token, list,
 * map and string with a token marker to cdktf's own resolver with a context of the same shape, so escapes,
 * `Fn` calls, iterators and post-processors behave as before. What it skips is work whose outcome is known:
 * a context for a value that holds no token, the path string of a node that raises no error, the token patterns of a
 * string without the `TfToken[` marker every string, list and map token contains, and the bits of a number too large
 * to be a token.
 *
 * cdktf is archived (December 2025), so the module it replaces will not change under it; library users, and the
 * library's tests, do not call this and get cdktf's own resolver and the same output.
 */
import type { IPostProcessor, IResolveContext, ITokenResolver } from "cdktf";
import * as errors from "cdktf/lib/errors";
import {
  BEGIN_LIST_TOKEN_MARKER,
  BEGIN_MAP_TOKEN_MARKER,
  BEGIN_STRING_TOKEN_MARKER,
  TokenString,
  containsMapToken,
  containsNumberListTokenElement,
  containsStringListTokenElement,
} from "cdktf/lib/tokens/private/encoding";
import { TokenMap } from "cdktf/lib/tokens/private/token-map";
import { StringConcat } from "cdktf/lib/tokens/resolvable";
import { Token } from "cdktf/lib/tokens/token";

type CdktfResolveModule = typeof import("cdktf/lib/tokens/private/resolve");
type ResolveOptions = Parameters<CdktfResolveModule["resolve"]>[1];

/** What cdktf's string, list and map token markers share; a string without it holds none of them. */
const TOKEN_MARKER = sharedSuffix(BEGIN_STRING_TOKEN_MARKER, BEGIN_LIST_TOKEN_MARKER, BEGIN_MAP_TOKEN_MARKER);
/** cdktf's pattern of a number token inside a string (encoding.js), without the global flag `test` would move. */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
/**
 * Every number token (and number list token) is a negative double of magnitude 2^960 or more: cdktf puts its marker in
 * the sign and exponent bits (encoding.js). A number above this is no token, without decoding its bits.
 */
const ABOVE_EVERY_NUMBER_TOKEN = -(2 ** 960);
/** cdktf's depth limit: deeper than this is taken for a cycle. */
const MAX_DEPTH = 200;

/** The longest end the markers have in common ("TfToken[" for "${TfToken[", "#{TfToken[" and "&{TfToken["). */
function sharedSuffix(...markers: string[]): string {
  let suffix = markers[0];
  while (!markers.every((marker) => marker.endsWith(suffix))) suffix = suffix.slice(1);
  if (suffix.length < 4) throw new Error(`cdktf's token markers share no common end: ${markers.join(", ")}`);
  return suffix;
}

/** The key path of a node, as a chain to its parent: built only when an error needs it as text. */
interface Path {
  readonly parent: Path | undefined;
  readonly key: string;
  readonly depth: number;
}

function childPath(parent: Path | undefined, key: string): Path {
  return { parent, key, depth: (parent?.depth ?? 0) + 1 };
}

function pathName(path: Path | undefined): string {
  const keys: string[] = [];
  for (let node = path; node !== undefined; node = node.parent) keys.push(node.key);
  return "/" + keys.reverse().join("/");
}

/** A context as cdktf makes one: the flags of the previous context, and `resolve` continuing at this path. */
function makeContext(options: ResolveOptions, path: Path | undefined): [IResolveContext, IPostProcessor] {
  const previous = options.previousContext;
  let postProcessor: IPostProcessor | undefined;
  const context: IResolveContext = {
    preparing: options.preparing,
    scope: options.scope,
    suppressBraces: previous?.suppressBraces,
    ignoreEscapes: previous?.ignoreEscapes,
    warnEscapes: previous?.warnEscapes,
    iteratorContext: previous?.iteratorContext,
    registerPostProcessor(pp) {
      postProcessor = pp;
    },
    resolve(x: unknown) {
      return walk(x, { ...options, previousContext: context }, path);
    },
  };
  return [context, { postProcess: (x) => (postProcessor ? postProcessor.postProcess(x, context) : x) }];
}

function walk(obj: unknown, options: ResolveOptions, path: Path | undefined): unknown {
  if (path !== undefined && path.depth > MAX_DEPTH) throw errors.unableToResolveCircularReference(pathName(path));
  if (obj === undefined) return undefined;
  if (obj === null) return null;
  switch (typeof obj) {
    case "function":
      throw errors.cannotResolveFunction(pathName(path), obj);
    case "string":
      return walkString(obj, options, path);
    case "number": {
      if (obj === Token.NUMBER_MAP_TOKEN_VALUE) throw errors.encodedMapTokenInScalarNumberContext();
      if (obj > ABOVE_EVERY_NUMBER_TOKEN) return obj;
      const token = TokenMap.instance().lookupNumberToken(obj);
      return token === undefined ? obj : makeContext(options, path)[0].resolve(token);
    }
    case "object":
      break;
    default:
      return obj;
  }
  if (obj instanceof Date) return obj;
  const resolver: ITokenResolver = options.resolver;
  if (Array.isArray(obj)) {
    if (obj.some((x) => typeof x === "string" && x.includes(TOKEN_MARKER)) && containsStringListTokenElement(obj)) {
      return resolver.resolveList(obj, makeContext(options, path)[0]);
    }
    if (containsNumberListTokenElement(obj)) return resolver.resolveNumberList(obj, makeContext(options, path)[0]);
    // map and filter, as cdktf does: holes are skipped, not visited, and an Array subclass stays one.
    return obj.map((x, i) => walk(x, options, childPath(path, `${i}`))).filter((x) => x !== undefined);
  }
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.some((key) => key.includes(TOKEN_MARKER)) && containsMapToken(record)) {
    return resolver.resolveMap(record, makeContext(options, path)[0]);
  }
  if (typeof record.resolve === "function") {
    const [context, postProcessor] = makeContext(options, path);
    return resolver.resolveToken(record as never, context, postProcessor);
  }
  // cdktf's test for a construct (by the fields constructs had before version 10).
  if (record._children !== undefined && record._metadata !== undefined) {
    throw errors.constructsCannotBeResolved(pathName(path));
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const resolvedKey = walkString(key, options, path);
    if (typeof resolvedKey !== "string") throw errors.mapKeyMustResolveToString(pathName(path), key, resolvedKey);
    const value = walk(record[key], options, childPath(path, key));
    if (value !== undefined) result[resolvedKey] = value;
  }
  return result;
}

function walkString(str: string, options: ResolveOptions, path: Path | undefined): unknown {
  const marked = str.includes(TOKEN_MARKER);
  if (marked && TokenString.forListToken(str).test()) throw errors.encodedListTokenInScalarStringContext();
  if (str === Token.STRING_MAP_TOKEN_VALUE || str === Token.ANY_MAP_TOKEN_VALUE) {
    throw errors.encodedMapTokenInScalarStringContext();
  }
  let resolved: unknown = str;
  if (marked) {
    const previous = options.previousContext;
    const tokens = TokenString.forString(str, !previous?.ignoreEscapes, previous?.warnEscapes);
    if (tokens.test()) {
      const tokenMap = TokenMap.instance();
      const fragments = tokens.split(tokenMap.lookupToken.bind(tokenMap));
      resolved = options.resolver.resolveString(fragments, makeContext(options, path)[0]);
    }
  }
  // As cdktf does, whatever the string resolved to is tested as a string (a non-string is converted by `test`).
  if (NUMBER_IN_STRING.test(resolved as string)) {
    const fragments = TokenString.forNumbers(resolved as string).split((id) =>
      TokenMap.instance().lookupNumberToken(parseFloat(id)),
    );
    resolved = fragments.mapTokens(makeContext(options, path)[0]).join(new StringConcat());
  }
  return resolved;
}

/** Resolves `obj` as cdktf's `resolve(obj, options)` does. */
export function resolveTokens(obj: unknown, options: ResolveOptions): unknown {
  let path: Path | undefined;
  for (const key of options.prefix ?? []) path = childPath(path, key);
  return walk(obj, options, path);
}

/**
 * Makes cdktf resolve tokens with {@link resolveTokens}, for every stack synthesized in this process (cdktf calls its
 * resolver through the module's export on each use). Returns the function that puts cdktf's own back.
 */
export function useFastTokenResolution(): () => void {
  // The module object itself: an `import * as` namespace is a copy whose properties cannot be assigned.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const cdktfResolve = require("cdktf/lib/tokens/private/resolve") as { resolve: CdktfResolveModule["resolve"] };
  const original = cdktfResolve.resolve;
  cdktfResolve.resolve = resolveTokens as CdktfResolveModule["resolve"];
  return () => {
    cdktfResolve.resolve = original;
  };
}
