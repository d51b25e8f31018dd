// Schema pieces shared by the instance schema (config/schema.ts) and the day-2 features (config/day2/). No cdktf.
import { z } from "zod";
import { closestMatch } from "../constructs/core/suggest";
import { HarborCronUse, harborCronProblem } from "../constructs/harbor/cron";
import { HARBOR_NAME_PATTERN, HARBOR_PROJECT_NAME_MAX_LENGTH } from "../constructs/harbor/naming";
import { NAMESPACE_PATTERN, isKubernetesSystemNamespace } from "../constructs/core/naming";
import { PROFILE_DEFAULTS } from "./defaults";

/**
 * A strict object whose unknown keys are reported with the allowed keys and, when one is close,
 * a "did you mean" hint.
 */
export function strictObject<T extends z.ZodRawShape>(shape: T) {
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

/**
 * A field checked by one of the library's rules (`...Problem(value)`: why the value is wrong, or undefined): the
 * same rule the construct that owns the prop applies, so the config and the library refuse the same values.
 */
export function checkedBy<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const found = problem(value);
    if (found !== undefined) ctx.addIssue({ code: "custom", message: found });
  };
}

/** A Terraform variable name prefix, also valid in a TF_VAR_ environment variable. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/**
 * Largest proxy-cache or project quota: Harbor refuses more than 2^50 bytes, 1024 TiB
 * (goharbor/harbor v2.15.1 src/lib/quota_storage_limit.go, MaxLimitedValue in
 * src/pkg/quota/types/resources.go). The goharbor provider multiplies GiB by 2^30 in a Go int, which
 * this bound keeps far from overflow on 64-bit builds.
 */
export const MAX_QUOTA_GIB = 1024 * 1024;

export const quotaGiB = z
  .number()
  .int("must be a whole number of GiB")
  .min(1, "must be at least 1 GiB")
  .max(MAX_QUOTA_GIB, `must be at most ${MAX_QUOTA_GIB} GiB (1 PiB); omit it for no quota`);

export const positiveInt = (what: string, max: number) =>
  z.number().int(`must be a whole number of ${what}`).min(1, `must be at least 1`).max(max, `must be at most ${max}`);

/** A Harbor project (or robot) name, by the library's rule (constructs/harbor/naming.ts). */
export const harborName = (what: string, maxLength = HARBOR_PROJECT_NAME_MAX_LENGTH) =>
  z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(HARBOR_NAME_PATTERN, `must be a Harbor ${what} name: lowercase letters and digits, separated by . _ or -`);

/** A namespace a workload runs in, not Kubernetes' own. */
export const workloadNamespace = z
  .string()
  .regex(NAMESPACE_PATTERN, "must be a Kubernetes namespace name: lowercase letters, digits and hyphens, 1-63 chars")
  .refine((namespace) => !isKubernetesSystemNamespace(namespace), {
    error: "must not be a Kubernetes system namespace (default, kube-*): put workloads in their own",
  });

const CRON_EXAMPLES: Readonly<Record<HarborCronUse, string>> = {
  gc: '"0 0 3 * * 0" (Sundays 03:00)',
  scanAll: '"0 0 2 * * *" (02:00 daily)',
  retention: '"0 0 4 * * *" (04:00 daily)',
  replication: '"0 0 * * * *" (hourly)',
};

/** A Harbor schedule for `use`, by the rules Harbor itself applies to it (constructs/harbor/cron.ts). */
export const harborCron = (use: HarborCronUse) =>
  z.string().superRefine((expression, ctx) => {
    const problem = harborCronProblem(expression, use);
    if (problem !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `${problem}; e.g. ${CRON_EXAMPLES[use]} (second minute hour day-of-month month day-of-week)`,
      });
    }
  });

/**
 * An https URL. An upper-case scheme is normalized (Harbor and the constructs compare it literally);
 * credentials inside the URL are refused, because the config file is not the place for secrets.
 */
export const httpsUrl = (what: string, credentialsHint: string) =>
  z
    .string()
    .transform((url) => url.replace(/^https:\/\//i, "https://"))
    .pipe(z.url({ protocol: /^https$/, error: `must be an https:// URL of the ${what}` }))
    .superRefine((url, ctx) => {
      // zod runs this refinement even after the URL check above failed (its issues do not abort): nothing to add then.
      if (!URL.canParse(url)) return;
      const parsed = new URL(url);
      if (parsed.username !== "" || parsed.password !== "") {
        ctx.addIssue({
          code: "custom",
          message: `must not contain credentials (user:secret@); ${credentialsHint}`,
        });
      }
      // Harbor stores a registry URL without them (goharbor/harbor v2.15.1 src/lib/endpoint.go), and an OIDC issuer
      // has none (OpenID Connect Discovery 1.0, section 3): what was written would not be what is used.
      if (parsed.search !== "" || parsed.hash !== "" || /[?#]/.test(url)) {
        ctx.addIssue({
          code: "custom",
          message: `must not contain a query (?...) or a fragment (#...): Harbor drops them from a registry URL, and an OIDC issuer has none`,
        });
      }
    });

/**
 * A default that depends on the profile, as the configuration reference shows it (`defaultText` in a field's meta):
 * one value when both profiles agree, else "`2` (`ha`) / `1` (`dev`)".
 */
export function byProfile(pick: (defaults: (typeof PROFILE_DEFAULTS)["ha"]) => unknown): string {
  const values = Object.entries(PROFILE_DEFAULTS).map(([profile, defaults]) => [profile, String(pick(defaults))]);
  if (new Set(values.map(([, value]) => value)).size === 1) return `\`${values[0][1]}\``;
  return values.map(([profile, value]) => `\`${value}\` (\`${profile}\`)`).join(" / ");
}
