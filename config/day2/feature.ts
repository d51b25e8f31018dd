// What a day-2 feature of the config file is: a key of an instance, its schema fragment, its defaults, its checks and
// its build step. Each feature lives in a module beside this one and is listed once in ./registry.ts, which drives
// the instance schema, the day-2 checks, "has day-2 config" and what the config stack builds.
//
// The config layer must not load cdktf (__tests__/layering.test.ts): a feature module imports zod, the library's
// pure rules and types only. Its build step gets the library's classes through the context the config stack passes
// in (`ctx.lib`), so constructs are loaded only when a stack is built.
import type { z } from "zod";
import type { Construct } from "constructs";
import type { ITerraformDependable, Precondition, TerraformProvider, TerraformVariable } from "cdktf";
import type * as Lib from "../../constructs";
import type { InstanceConfig } from "../resolve";

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

/** What a build step gets from the config stack. */
export interface Day2BuildContext {
  /** The config stack. */
  readonly scope: Construct;
  /** The library (`import * as lib from "../constructs"`), loaded by the stack. */
  readonly lib: typeof Lib;
  readonly instance: InstanceConfig;
  /** What every Harbor resource waits for: the check that Harbor's API answers. */
  readonly dependsOn: ITerraformDependable[];
  /** The cluster's Kubernetes provider (image pull Secrets). */
  readonly kubernetesProvider?: TerraformProvider;
  /** A sensitive Terraform variable of the stack, made once per name. */
  secret(name: string, description: string): TerraformVariable;
  /** A precondition that `variable` is not empty, naming `what`. */
  nonEmpty(variable: TerraformVariable, what: string): Precondition;
  /** A stack output. */
  output(id: string, value: string, description: string, sensitive?: boolean): void;
  /** What OIDC group members wait for besides {@link dependsOn}; the OIDC feature adds its auth configuration. */
  readonly membersDependOn: ITerraformDependable[];
  /** The team projects built so far, by name (replication robots of the target name them). */
  readonly teamProjects: Map<string, Lib.HarborTeamProject>;
}

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
  /** Adds the feature's constructs to the config stack. */
  build?(ctx: Day2BuildContext, value: Resolved): void;
}
