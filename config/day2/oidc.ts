import { z } from "zod";
import { httpsUrl, strictObject } from "../schema-parts";
import type { Day2Feature, Day2Instance } from "./feature";
import { OIDC_SECRET_VARIABLE } from "../names";

/** OIDC login; the client secret comes from TF_VAR_oidc_client_secret. */
export interface OidcConfig {
  readonly endpoint: string;
  readonly clientId: string;
  /** {@link DEFAULT_GROUPS_CLAIM} whenever groups are used (see {@link oidcGroupsClaim}). */
  readonly groupsClaim?: string;
  readonly adminGroup?: string;
  /** With `groups` whenever groups are used (see {@link oidcScopes}). */
  readonly scopes: string[];
  readonly autoOnboard: boolean;
  /** Version of the client secret; a new value sends TF_VAR_oidc_client_secret to Harbor again. */
  readonly clientSecretVersion: number;
}

export const DEFAULT_OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

/** The scope that asks the identity provider for the groups claim. */
export const GROUPS_SCOPE = "groups";

/** The claim that lists a user's groups when `groupsClaim` is not set: the name most identity providers send. */
export const DEFAULT_GROUPS_CLAIM = "groups";

const oidcSchema = strictObject({
  endpoint: httpsUrl("OIDC issuer", "the client secret comes from TF_VAR_oidc_client_secret"),
  clientId: z.string().min(1, "must be the client id registered at the identity provider"),
  groupsClaim: z.string().min(1).optional(),
  adminGroup: z.string().min(1).optional(),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be a scope name without spaces or quotes"))
    .refine((scopes) => scopes.includes("openid"), { error: 'must include "openid"' })
    .optional(),
  autoOnboard: z.boolean().optional(),
  clientSecretVersion: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1; raise it by one each time the client secret changes")
    .optional(),
});

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
export const oidcFeature: Day2Feature<typeof oidcSchema, OidcConfig | undefined> = {
  stack: "config",
  schema: oidcSchema,
  resolve: (raw, instance) =>
    raw && {
      endpoint: raw.endpoint,
      clientId: raw.clientId,
      groupsClaim: oidcGroupsClaim(raw.groupsClaim, instance),
      adminGroup: raw.adminGroup,
      scopes: oidcScopes(raw.scopes, instance),
      autoOnboard: raw.autoOnboard ?? false,
      clientSecretVersion: raw.clientSecretVersion ?? 1,
    },
  configured: (oidc) => oidc !== undefined,
  build(ctx, oidc) {
    if (oidc === undefined) return;
    const clientSecret = ctx.secret(OIDC_SECRET_VARIABLE, `Client secret of the OIDC client ${oidc.clientId}`);
    const auth = new ctx.lib.HarborConfigAuth(ctx.scope, "Oidc", {
      authMode: "oidc_auth",
      oidcName: "SSO",
      oidcEndpoint: oidc.endpoint,
      oidcClientId: oidc.clientId,
      // Write-only: sent to Harbor when the version changes, never kept in state (Terraform >= 1.11).
      oidcClientSecretWo: clientSecret.stringValue,
      oidcClientSecretWoVersion: oidc.clientSecretVersion,
      oidcScope: oidc.scopes.join(","),
      oidcVerifyCert: true,
      oidcAutoOnboard: oidc.autoOnboard,
      oidcGroupsClaim: oidc.groupsClaim,
      oidcAdminGroup: oidc.adminGroup,
      dependsOn: ctx.dependsOn,
      lifecycle: {
        precondition: [ctx.nonEmpty(clientSecret, `the client secret of the OIDC client ${oidc.clientId}`)],
      },
    });
    // Harbor creates OIDC groups by name only once OIDC is its auth mode.
    ctx.membersDependOn.push(auth);
  },
};
