import { Construct } from "constructs";
import { IResolvable, TerraformMetaArguments } from "cdktf";
import { AttributeTable, booleanAttr, numberAttr, stringAttr } from "./attributes";
import { HarborResource } from "./resource";

/**
 * Authentication modes the provider can set through `auth_mode`. The docs (docs/resources/config_auth.md at
 * v3.12.4) also list `"db_auth"`, but the provider ignores it: `GetConfigAuth` (client/config.go, v3.12.4, lines
 * 55-93) builds a request only for `oidc_auth`/`oidc` and `ldap_auth`/`ldap`; any other value sends a body without
 * `auth_mode` (`json:"auth_mode,omitempty"`, models/config.go), so Harbor keeps its current mode and the next read
 * shows a diff. Deleting the resource does nothing either (`resourceConfigAuthDelete`,
 * provider/resource_config_auth.go line 268), so there is no way back to database login through this resource.
 */
export type HarborAuthMode = "oidc_auth" | "ldap_auth";

/** The values of {@link HarborAuthMode}, for validating input from untyped callers. */
export const HARBOR_AUTH_MODES: readonly HarborAuthMode[] = ["oidc_auth", "ldap_auth"];

/** LDAP search scopes the provider maps to Harbor's 0/1/2 (`ldap_scope`, `ldap_group_scope`). */
export type HarborLdapScope = "base" | "onelevel" | "subtree";

/**
 * Configuration of a {@link HarborConfigAuth} (`harbor_config_auth`).
 *
 * With `authMode: "oidc_auth"` the provider requires `oidcName`, `oidcEndpoint`, `oidcClientId`, `oidcScope`
 * (and the docs add `oidcVerifyCert`), plus exactly one of `oidcClientSecret` or the write-only pair
 * `oidcClientSecretWo` + `oidcClientSecretWoVersion`. With `"ldap_auth"` it requires `ldapUrl`, `ldapBaseDn`,
 * `ldapUid`, `ldapVerifyCert`. OIDC and LDAP arguments conflict with each other.
 */
export interface HarborConfigAuthConfig extends TerraformMetaArguments {
  /** `auth_mode`: `"oidc_auth"` or `"ldap_auth"` (the provider ignores `"db_auth"`, see {@link HarborAuthMode}). */
  readonly authMode: HarborAuthMode;
  /**
   * `primary_auth_mode`: make OIDC / LDAP the primary login (Harbor >= 2.8.0).
   * @default false
   */
  readonly primaryAuthMode?: boolean | IResolvable;

  /** `oidc_name`: display name of the OIDC provider. Required for OIDC. @default - none */
  readonly oidcName?: string;
  /** `oidc_endpoint`: URL of the OIDC issuer. Required for OIDC. @default - none */
  readonly oidcEndpoint?: string;
  /** `oidc_client_id`: OIDC client id. Required for OIDC. @default - none */
  readonly oidcClientId?: string;
  /**
   * `oidc_client_secret`: OIDC client secret. **Sensitive**, and stored in Terraform state; prefer
   * `oidcClientSecretWo`. Conflicts with `oidcClientSecretWo` / `oidcClientSecretWoVersion`.
   * @default - none
   */
  readonly oidcClientSecret?: string;
  /**
   * `oidc_client_secret_wo`: write-only OIDC client secret, never stored in state (needs Terraform >= 1.11).
   * **Sensitive.** Requires `oidcClientSecretWoVersion`.
   * @default - none
   */
  readonly oidcClientSecretWo?: string;
  /**
   * `oidc_client_secret_wo_version`: bump to push a new `oidcClientSecretWo`. Requires `oidcClientSecretWo`.
   * @default - none
   */
  readonly oidcClientSecretWoVersion?: number;
  /** `oidc_scope`: comma-separated scopes; must contain `openid`. Required for OIDC. @default - none */
  readonly oidcScope?: string;
  /** `oidc_verify_cert`: verify the issuer's TLS certificate. Listed as required for OIDC. @default - none */
  readonly oidcVerifyCert?: boolean | IResolvable;
  /** `oidc_auto_onboard`: skip the onboarding screen (users cannot pick a username). @default false */
  readonly oidcAutoOnboard?: boolean | IResolvable;
  /** `oidc_user_claim`: claim that becomes the Harbor username. @default "name" */
  readonly oidcUserClaim?: string;
  /** `oidc_groups_claim`: claim holding the user's group names. @default - none */
  readonly oidcGroupsClaim?: string;
  /** `oidc_group_filter`: filter on which groups are onboarded into Harbor. @default - none */
  readonly oidcGroupFilter?: string;
  /** `oidc_admin_group`: members of this group are Harbor admins. @default - none */
  readonly oidcAdminGroup?: string;
  /** `oidc_logout`: enable OIDC session logout (Harbor >= 2.13). @default false */
  readonly oidcLogout?: boolean | IResolvable;

  /** `ldap_url`: LDAP server, e.g. `ldap.example.com:389`. Required for LDAP. @default - none */
  readonly ldapUrl?: string;
  /** `ldap_base_dn`: base DN to search users in. Required for LDAP. @default - none */
  readonly ldapBaseDn?: string;
  /** `ldap_uid`: attribute matched against the login name (uid, cn, email, ...). Required for LDAP. @default - none */
  readonly ldapUid?: string;
  /** `ldap_verify_cert`: verify the LDAP server's certificate. Required for LDAP. @default false */
  readonly ldapVerifyCert?: boolean | IResolvable;
  /** `ldap_search_dn`: DN of the user that performs searches. @default - anonymous search */
  readonly ldapSearchDn?: string;
  /** `ldap_search_password`: password of `ldapSearchDn`. **Sensitive.** @default - none */
  readonly ldapSearchPassword?: string;
  /** `ldap_filter`: extra LDAP filter for user searches. @default - none */
  readonly ldapFilter?: string;
  /** `ldap_scope`: user search scope. @default "subtree" */
  readonly ldapScope?: HarborLdapScope;
  /** `ldap_group_base_dn`: base DN to search groups in. @default - none */
  readonly ldapGroupBaseDn?: string;
  /** `ldap_group_filter`: filter for group searches. @default - none */
  readonly ldapGroupFilter?: string;
  /** `ldap_group_gid`: attribute matched against a group name. @default - none */
  readonly ldapGroupGid?: string;
  /** `ldap_group_uid`: attribute used to match a user in a group search. @default - none */
  readonly ldapGroupUid?: string;
  /** `ldap_group_admin_dn`: members of this LDAP group are Harbor admins. @default - none */
  readonly ldapGroupAdminDn?: string;
  /** `ldap_group_membership`: user attribute that lists group membership. @default "memberof" */
  readonly ldapGroupMembership?: string;
  /** `ldap_group_scope`: group search scope. @default "subtree" */
  readonly ldapGroupScope?: HarborLdapScope;
}

/**
 * Harbor's authentication settings (`harbor_config_auth`): OIDC or LDAP. A singleton per Harbor; destroying it
 * leaves Harbor's settings as they are.
 * Hand-written binding; follows docs/resources/config_auth.md of goharbor/terraform-provider-harbor at v3.12.4.
 * Providers: the stack needs HarborProvider.
 */
export class HarborConfigAuth extends HarborResource<HarborConfigAuthConfig> {
  /** Terraform resource type. */
  public static readonly tfResourceType = "harbor_config_auth";

  constructor(scope: Construct, id: string, config: HarborConfigAuthConfig) {
    super(scope, id, HarborConfigAuth.tfResourceType, config);
    if (!HARBOR_AUTH_MODES.includes(config.authMode)) {
      this.reject(
        "authMode",
        `must be one of ${HARBOR_AUTH_MODES.join(", ")}, got "${String(config.authMode)}" ` +
          `(the provider ignores "db_auth": to go back to database login, change the mode in Harbor's UI)`,
      );
    }
    // The schema's ConflictsWith / RequiredWith (provider/resource_config_auth.go, v3.12.4), checked here rather
    // than at plan time.
    if (config.oidcClientSecret !== undefined && config.oidcClientSecretWo !== undefined) {
      this.reject("oidcClientSecret", "conflicts with oidcClientSecretWo: give one (prefer the write-only one)");
    }
    if ((config.oidcClientSecretWo === undefined) !== (config.oidcClientSecretWoVersion === undefined)) {
      this.reject(
        "oidcClientSecretWoVersion",
        "and oidcClientSecretWo go together: the version tells Terraform when to send the write-only secret again",
      );
    }
  }

  protected attributeTable(): AttributeTable {
    const c = this.config;
    return {
      auth_mode: stringAttr(c.authMode),
      primary_auth_mode: booleanAttr(c.primaryAuthMode),
      oidc_name: stringAttr(c.oidcName),
      oidc_endpoint: stringAttr(c.oidcEndpoint),
      oidc_client_id: stringAttr(c.oidcClientId),
      oidc_client_secret: stringAttr(c.oidcClientSecret),
      oidc_client_secret_wo: stringAttr(c.oidcClientSecretWo),
      oidc_client_secret_wo_version: numberAttr(c.oidcClientSecretWoVersion),
      oidc_scope: stringAttr(c.oidcScope),
      oidc_verify_cert: booleanAttr(c.oidcVerifyCert),
      oidc_auto_onboard: booleanAttr(c.oidcAutoOnboard),
      oidc_user_claim: stringAttr(c.oidcUserClaim),
      oidc_groups_claim: stringAttr(c.oidcGroupsClaim),
      oidc_group_filter: stringAttr(c.oidcGroupFilter),
      oidc_admin_group: stringAttr(c.oidcAdminGroup),
      oidc_logout: booleanAttr(c.oidcLogout),
      ldap_url: stringAttr(c.ldapUrl),
      ldap_base_dn: stringAttr(c.ldapBaseDn),
      ldap_uid: stringAttr(c.ldapUid),
      ldap_verify_cert: booleanAttr(c.ldapVerifyCert),
      ldap_search_dn: stringAttr(c.ldapSearchDn),
      ldap_search_password: stringAttr(c.ldapSearchPassword),
      ldap_filter: stringAttr(c.ldapFilter),
      ldap_scope: stringAttr(c.ldapScope),
      ldap_group_base_dn: stringAttr(c.ldapGroupBaseDn),
      ldap_group_filter: stringAttr(c.ldapGroupFilter),
      ldap_group_gid: stringAttr(c.ldapGroupGid),
      ldap_group_uid: stringAttr(c.ldapGroupUid),
      ldap_group_admin_dn: stringAttr(c.ldapGroupAdminDn),
      ldap_group_membership: stringAttr(c.ldapGroupMembership),
      ldap_group_scope: stringAttr(c.ldapGroupScope),
    };
  }
}
