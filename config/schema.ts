import { z } from "zod";
import { SUPPORTED_REGIONS } from "./regions";
import { DATABASE_SIZE_EXAMPLES, DATABASE_SIZE_PATTERN, databaseSizeMemoryGiB } from "./sizes";
import { closestMatch } from "./suggest";
import { PROFILE_DEFAULTS, Profile } from "./defaults";
import { BUCKET_NAME_PATTERN, HOSTNAME_PATTERN, INSTANCE_NAME_PATTERN, NAMESPACE_PATTERN } from "./patterns";

/** PostgreSQL major versions DigitalOcean offers for new clusters (14 reached end of life on 2026-11-12). */
export const POSTGRES_VERSIONS = ["15", "16", "17"] as const;
/** Valkey major versions DigitalOcean offers for new clusters. */
export const VALKEY_VERSIONS = ["8"] as const;
export const PROFILES = ["ha", "dev"] as const satisfies readonly Profile[];
export type { Profile };

/** Harbor chart version this project is tested with. */
export const DEFAULT_HARBOR_CHART_VERSION = "1.19.1";

/**
 * A strict object whose unknown keys are reported with the allowed keys and, when one is close,
 * a "did you mean" hint.
 */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys
        .map((key) => {
          const hint = closestMatch(key, known);
          return `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed keys: ${known.join(", ")}`;
        })
        .join("; ");
    },
  });
}

const versionString = (allowed: readonly string[]) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((v) => allowed.includes(v), {
      error: `must be one of ${allowed.map((v) => `"${v}"`).join(", ")}`,
    });

const databaseSize = z
  .string()
  .regex(
    DATABASE_SIZE_PATTERN,
    `must be a DigitalOcean database size slug such as ${DATABASE_SIZE_EXAMPLES.join(", ")}`,
  );

const nodeCount = z
  .number()
  .int("must be a whole number of nodes")
  .min(1, "must be 1 to 3 (1 primary plus up to 2 standbys)")
  .max(3, "must be 1 to 3 (1 primary plus up to 2 standbys)");

const databaseSchema = (versions: readonly string[]) =>
  strictObject({
    version: versionString(versions).optional(),
    size: databaseSize.optional(),
    nodes: nodeCount.optional(),
  });

const harborSchema = strictObject({
  namespace: z
    .string()
    .regex(NAMESPACE_PATTERN, "must be a Kubernetes namespace name: lowercase letters, digits and hyphens, 1-63 chars")
    .optional(),
  chartVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'must be an exact chart version such as "1.19.1" (ranges would unpin the release)')
    .optional(),
  replicas: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(10, "must be at most 10")
    .optional(),
});

export const instanceSchema = strictObject({
  name: z
    .string()
    .regex(
      INSTANCE_NAME_PATTERN,
      "must be 2-20 chars of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    ),
  region: z.enum(SUPPORTED_REGIONS, {
    error: `must be a region with both Spaces and managed databases: ${SUPPORTED_REGIONS.join(", ")}`,
  }),
  cluster: z.string().min(1, "must name an existing DOKS cluster"),
  hostname: z
    .string()
    .regex(HOSTNAME_PATTERN, "must be a lowercase fully qualified DNS name such as registry.example.com"),
  profile: z.enum(PROFILES, { error: 'must be "ha" or "dev"' }).optional(),
  postgres: databaseSchema(POSTGRES_VERSIONS).optional(),
  cache: databaseSchema(VALKEY_VERSIONS).optional(),
  storage: strictObject({
    bucket: z
      .string()
      .regex(
        BUCKET_NAME_PATTERN,
        "must be 3-63 chars of lowercase letters, digits and hyphens, alphanumeric at both ends",
      )
      .optional(),
    versioning: z.boolean().optional(),
  }).optional(),
  protect: z.boolean().optional(),
  harbor: harborSchema.optional(),
}).superRefine((instance, ctx) => {
  for (const key of ["postgres", "cache"] as const) {
    const defaults = PROFILE_DEFAULTS[instance.profile ?? "ha"][key];
    const nodes = instance[key]?.nodes ?? defaults.nodes;
    const size = instance[key]?.size ?? defaults.size;
    if (nodes > 1 && DATABASE_SIZE_PATTERN.test(size) && databaseSizeMemoryGiB(size) < 2) {
      ctx.addIssue({
        code: "custom",
        path: [key, "nodes"],
        message: `${nodes} nodes need a size with at least 2 GiB of RAM; ${size} runs single-node only (set nodes: 1 or a larger size)`,
      });
    }
  }
  if (instance.profile !== "dev" && instance.harbor?.replicas === 1) {
    ctx.addIssue({
      code: "custom",
      path: ["harbor", "replicas"],
      message: 'the "ha" profile runs at least 2 replicas of each component; use profile: dev for a single replica',
    });
  }
});

export const configSchema = strictObject({
  instances: z.array(instanceSchema).min(1, "must list at least one instance"),
}).superRefine((config, ctx) => {
  const unique = (label: string, path: (string | number)[], pick: (i: RawInstanceShape) => string | undefined) => {
    const seen = new Map<string, number>();
    config.instances.forEach((instance, index) => {
      const value = pick(instance);
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: ["instances", index, ...path],
        message: `duplicate ${label} "${value}" (also used by instances[${first}]); each instance needs its own`,
      });
    });
  };
  unique("instance name", ["name"], (i) => i.name);
  unique("hostname", ["hostname"], (i) => i.hostname);
  unique("bucket", ["storage", "bucket"], (i) => i.storage?.bucket);
});

type RawInstanceShape = z.infer<typeof instanceSchema>;

export type RawConfig = z.infer<typeof configSchema>;
export type RawInstance = z.infer<typeof instanceSchema>;
