// What a day-2 feature of the config file is: a key of an instance, its schema fragment, its defaults and its checks.
// Each feature lives in a module beside this one and is listed once in ./registry.ts, which drives the instance
// schema, the day-2 checks and "has day-2 config". What the settings build is the library's HarborDay2 construct
// (constructs/harbor/day2/harbor-day2.ts); stacks/harbor-config-stack.ts maps the resolved values to its props.
//
// The config layer constructs nothing (__tests__/layering.test.ts): a feature module imports zod and the library's
// pure rules and words only.
import type { z } from "zod";

/** What a feature reads of the raw instance beyond its own key (checks and defaults that span features). */
export interface Day2Instance {
  readonly name: string;
  readonly region: string;
  readonly ingress?: { readonly staging?: boolean };
  readonly proxyCache?: readonly { readonly project: string }[];
  readonly oidc?: { readonly groupsClaim?: string; readonly adminGroup?: string };
  readonly projects?: readonly {
    readonly name: string;
    readonly retention?: object;
    readonly members?: readonly unknown[];
  }[];
  readonly system?: { readonly defaultProjectQuotaGiB?: number };
}

/** Reports a problem at `path` below the instance (e.g. `["gc", "deleteUntagged"]`). */
export type Day2Issue = (path: readonly (string | number)[], message: string) => void;

/** One day-2 feature: `Schema` is its config fragment, `Resolved` its value with defaults applied. */
export interface Day2Feature<Schema extends z.ZodType, Resolved> {
  /** The stack that applies it: the instance's config stack, or its replication stack. */
  readonly stack: "config" | "replication";
  readonly schema: Schema;
  /** The value with defaults, from the key's raw value (absent: `undefined`) and the rest of the instance. */
  resolve(raw: z.output<Schema> | undefined, instance: Day2Instance): Resolved;
  /** Whether the resolved value asks for anything (and so for the stack). */
  configured(value: Resolved): boolean;
  /** Rules of the key's value that the schema fragment cannot express alone. */
  check?(raw: z.output<Schema>, instance: Day2Instance, issue: Day2Issue): void;
}

/**
 * A feature, with `Resolved` inferred from its `resolve`: the resolved value's type is the schema's output with the
 * defaults `resolve` fills in, never a second declaration of the keys.
 */
export function day2Feature<Schema extends z.ZodType, Resolved>(
  feature: Day2Feature<Schema, Resolved>,
): Day2Feature<Schema, Resolved> {
  return feature;
}
