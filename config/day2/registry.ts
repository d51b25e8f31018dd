// The day-2 features of the config file, listed once. This list decides which day-2 keys an instance has, which of
// them need Harbor's API (an ingress without staging) and whether an instance has a config stack.
import type { z } from "zod";
import type { Day2Feature, Day2Instance } from "./feature";
import { proxyCacheFeature } from "./proxy-cache";
import { oidcFeature } from "./oidc";
import { gcFeature } from "./gc";
import { scanScheduleFeature } from "./scan-schedule";
import { projectsFeature } from "./projects";
import { replicationFeature } from "./replication";
import { systemFeature } from "./system";

export const DAY2_FEATURES = {
  proxyCache: proxyCacheFeature,
  oidc: oidcFeature,
  gc: gcFeature,
  scanSchedule: scanScheduleFeature,
  projects: projectsFeature,
  replication: replicationFeature,
  system: systemFeature,
} as const;

type Features = typeof DAY2_FEATURES;
export type Day2Key = keyof Features;
type SchemaOf<F> = F extends Day2Feature<infer S, unknown> ? S : never;
type ResolvedOf<F> = F extends Day2Feature<z.ZodType, infer R> ? R : never;

/** The day-2 keys. */
export const DAY2_KEYS = Object.keys(DAY2_FEATURES) as Day2Key[];

/** The instance schema's day-2 keys, each optional. */
export const DAY2_SHAPE = Object.fromEntries(DAY2_KEYS.map((key) => [key, DAY2_FEATURES[key].schema.optional()])) as {
  [K in Day2Key]: z.ZodOptional<SchemaOf<Features[K]>>;
};

/** An instance's day-2 settings with defaults applied. */
export type Day2Settings = { readonly [K in Day2Key]: ResolvedOf<Features[K]> };

type RawDay2 = { readonly [K in Day2Key]?: z.output<SchemaOf<Features[K]>> };

// One feature, with the key's value typed as unknown: the registry calls every feature the same way.
type AnyFeature = Day2Feature<z.ZodType, unknown>;
const feature = (key: Day2Key): AnyFeature => DAY2_FEATURES[key] as unknown as AnyFeature;

/**
 * The day-2 rules of one instance: every day-2 key needs Harbor's API at https://<hostname> over verified TLS (an
 * ingress block without `staging: true`), and each feature's own checks.
 */
export function checkDay2(instance: Day2Instance & RawDay2, ctx: z.RefinementCtx): void {
  for (const key of DAY2_KEYS) {
    const value = instance[key];
    if (value === undefined) continue;
    if (instance.ingress === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          "needs an ingress block: day-2 configuration is applied through Harbor's API at https://<hostname>, which " +
          "is not reachable while Harbor is cluster-internal",
      });
    } else if (instance.ingress.staging === true) {
      // The goharbor provider verifies TLS (we never turn that off): a staging certificate fails it.
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          "cannot be applied with ingress.staging: true: the day-2 stack talks to Harbor's API over verified TLS, " +
          "and Let's Encrypt staging certificates are not trusted. Deploy with staging first if you like, then set " +
          "staging: false and add the day-2 settings",
      });
    }
    feature(key).check?.(value, instance, (path, message) =>
      ctx.addIssue({ code: "custom", path: [key, ...path], message }),
    );
  }
}

/** Every day-2 key of a raw instance with its defaults. */
export function resolveDay2(raw: Day2Instance & RawDay2): Day2Settings {
  return Object.fromEntries(DAY2_KEYS.map((key) => [key, feature(key).resolve(raw[key], raw)])) as Day2Settings;
}

/** Whether any feature applied by the config stack asks for something. */
export function hasConfigStackSettings(settings: Day2Settings): boolean {
  return DAY2_KEYS.some((key) => {
    const f = feature(key);
    return f.stack === "config" && f.configured(settings[key]);
  });
}
