import { z } from "zod";
import { DEFAULT_OIDC_SCOPES } from "../../constructs/harbor/day2/vocabulary";
import { httpsUrl, strictObject } from "../schema-parts";
import { day2Feature } from "./feature";
import type { Day2Instance } from "./feature";

/** The scope that asks the identity provider for the groups claim. */
export const GROUPS_SCOPE = "groups";

/** The claim that lists a user's groups when `groupsClaim` is not set: the name most identity providers send. */
export const DEFAULT_GROUPS_CLAIM = "groups";

const oidcSchema = strictObject({
  endpoint: httpsUrl("OIDC issuer", "the client secret comes from TF_VAR_oidc_client_secret").meta({
    description: "The issuer's `https://` URL.",
  }),
  clientId: z
    .string()
    .min(1, "must be the client id registered at the identity provider")
    .meta({ description: "The client id; the secret comes from `TF_VAR_oidc_client_secret`, never from the file." }),
  groupsClaim: z
    .string()
    .min(1)
    .meta({
      description: "The claim that lists the user's groups (Harbor reads groups from no other claim).",
      defaultText: "`groups` whenever groups are used (`adminGroup` or a project's `members`); else none",
    })
    .optional(),
  adminGroup: z.string().min(1).meta({ description: "The group whose members become Harbor admins." }).optional(),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be a scope name without spaces or quotes"))
    .refine((scopes) => scopes.includes("openid"), { error: 'must include "openid"' })
    .meta({
      description: `Scope names; must include \`openid\`. \`${GROUPS_SCOPE}\` is added whenever groups are used.`,
      default: [...DEFAULT_OIDC_SCOPES],
    })
    .optional(),
  autoOnboard: z
    .boolean()
    .meta({ description: "Create Harbor users at first login without asking for a username.", default: false })
    .optional(),
  clientSecretVersion: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1; raise it by one each time the client secret changes")
    .meta({
      description:
        "Raise it by one when `TF_VAR_oidc_client_secret` changes: the secret is write-only, so Terraform sends it " +
        "again only for a new version.",
      default: 1,
    })
    .optional(),
}).meta({ description: "Log in with an OpenID Connect identity provider ([day-2](day-2.md))." });

/** Whether the instance uses OIDC groups: a groups claim, an admin group, or group members of a project. */
export function usesGroups(instance: Day2Instance): boolean {
  return (
    instance.oidc?.groupsClaim !== undefined ||
    instance.oidc?.adminGroup !== undefined ||
    (instance.projects ?? []).some((project) => (project.members?.length ?? 0) > 0)
  );
}

/**
 * The scopes Harbor requests: the configured ones (default {@link DEFAULT_OIDC_SCOPES}), plus `groups` whenever
 * groups are used, because most identity providers send the groups claim only for that scope; a provider that does
 * not know the scope ignores it (OpenID Connect Core 1.0, section 3.1.2.1: unknown scope values SHOULD be ignored).
 */
export function oidcScopes(configured: readonly string[] | undefined, instance: Day2Instance): string[] {
  const scopes = [...(configured ?? DEFAULT_OIDC_SCOPES)];
  if (usesGroups(instance) && !scopes.includes(GROUPS_SCOPE)) scopes.push(GROUPS_SCOPE);
  return scopes;
}

/**
 * The claim Harbor reads groups from: the configured one, else {@link DEFAULT_GROUPS_CLAIM} whenever groups are used.
 * Harbor reads groups only from the claim `oidc_groups_claim` names; with none it reads none, and `adminGroup` and
 * group members silently do nothing (goharbor/harbor v2.15.1 src/pkg/oidc/helper.go `groupsFromClaims`).
 */
export function oidcGroupsClaim(configured: string | undefined, instance: Day2Instance): string | undefined {
  return configured ?? (usesGroups(instance) ? DEFAULT_GROUPS_CLAIM : undefined);
}

/** `oidc:` login through an OpenID Connect provider (harbor_config_auth). */
export const oidcFeature = day2Feature({
  stack: "config",
  schema: oidcSchema,
  resolve: (raw, instance) =>
    raw && {
      endpoint: raw.endpoint,
      clientId: raw.clientId,
      groupsClaim: oidcGroupsClaim(raw.groupsClaim, instance),
      adminGroup: raw.adminGroup,
      /** With `groups` whenever groups are used (see {@link oidcScopes}). */
      scopes: oidcScopes(raw.scopes, instance),
      autoOnboard: raw.autoOnboard ?? false,
      /** Version of the client secret; a new value sends TF_VAR_oidc_client_secret to Harbor again. */
      clientSecretVersion: raw.clientSecretVersion ?? 1,
    },
  configured: (oidc) => oidc !== undefined,
});
