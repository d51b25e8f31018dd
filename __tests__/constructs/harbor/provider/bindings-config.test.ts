import { TerraformMetaArguments, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import {
  HarborConfigAuth,
  HarborConfigAuthConfig,
  HarborConfigSystem,
  HarborConfigSystemConfig,
} from "../../../../constructs/harbor/provider";
import { ValidationError } from "../../../../constructs/core/errors";

/**
 * The schemas of harbor_config_auth and harbor_config_system, transcribed from the provider's Go source in
 * goharbor/terraform-provider-harbor at tag v3.12.4 (commit a5e8f4b1b74eaf4b00e6914170059e45d892e401).
 */
type GoType = "TypeString" | "TypeInt" | "TypeBool" | "TypeList";

interface GoArgument {
  readonly type: GoType;
  readonly required?: true;
  readonly sensitive?: true;
  /** `WriteOnly: true`: sent to the provider, never stored in state. */
  readonly writeOnly?: true;
  readonly block?: Readonly<Record<string, GoArgument>>;
}

// provider/resource_config_auth.go @ v3.12.4 (line of each entry)
const CONFIG_AUTH: Readonly<Record<string, GoArgument>> = {
  auth_mode: { type: "TypeString", required: true }, // :19
  primary_auth_mode: { type: "TypeBool" }, // :23
  oidc_name: { type: "TypeString" }, // :28
  oidc_endpoint: { type: "TypeString" }, // :34
  oidc_client_id: { type: "TypeString" }, // :40
  oidc_client_secret: { type: "TypeString", sensitive: true }, // :46 (ConflictsWith the write-only pair)
  oidc_client_secret_wo: { type: "TypeString", writeOnly: true }, // :53 (RequiredWith the version)
  oidc_client_secret_wo_version: { type: "TypeInt" }, // :64
  oidc_group_filter: { type: "TypeString" }, // :74
  oidc_groups_claim: { type: "TypeString" }, // :79
  oidc_admin_group: { type: "TypeString" }, // :84
  oidc_scope: { type: "TypeString" }, // :89
  oidc_verify_cert: { type: "TypeBool" }, // :95
  oidc_auto_onboard: { type: "TypeBool" }, // :100
  oidc_user_claim: { type: "TypeString" }, // :105
  oidc_logout: { type: "TypeBool" }, // :110
  ldap_url: { type: "TypeString" }, // :116
  ldap_base_dn: { type: "TypeString" }, // :122
  ldap_uid: { type: "TypeString" }, // :128
  ldap_verify_cert: { type: "TypeBool" }, // :135
  ldap_search_dn: { type: "TypeString" }, // :142
  ldap_search_password: { type: "TypeString", sensitive: true }, // :148
  ldap_filter: { type: "TypeString" }, // :155
  ldap_group_uid: { type: "TypeString" }, // :159
  ldap_scope: { type: "TypeString" }, // :163
  ldap_group_base_dn: { type: "TypeString" }, // :168
  ldap_group_filter: { type: "TypeString" }, // :172
  ldap_group_gid: { type: "TypeString" }, // :176
  ldap_group_admin_dn: { type: "TypeString" }, // :180
  ldap_group_membership: { type: "TypeString" }, // :183
  ldap_group_scope: { type: "TypeString" }, // :188
};

// provider/resource_config_system.go @ v3.12.4 (every argument Optional with a Default, except as noted)
const CONFIG_SYSTEM: Readonly<Record<string, GoArgument>> = {
  project_creation_restriction: { type: "TypeString" }, // :16 (Default "adminonly")
  read_only: { type: "TypeBool" }, // :21
  robot_token_expiration: { type: "TypeInt" }, // :26 (Default 30, days)
  token_expiration: { type: "TypeInt" }, // :31
  session_timeout: { type: "TypeInt" }, // :36
  robot_name_prefix: { type: "TypeString" }, // :41
  scanner_skip_update_pulltime: { type: "TypeBool" }, // :46
  storage_per_project: { type: "TypeInt" }, // :51 (Default -1, GiB: client/config.go multiplies by 2^30)
  audit_log_forward_endpoint: { type: "TypeString" }, // :56
  skip_audit_log_database: { type: "TypeBool" }, // :61
  banner_message: {
    type: "TypeList", // :66, MaxItems 1
    block: {
      closable: { type: "TypeBool" }, // :72
      message: { type: "TypeString", required: true }, // :77
      type: { type: "TypeString" }, // :81 (ValidateFunc: success, info, warning, danger)
      from_date: { type: "TypeString" }, // :97
      to_date: { type: "TypeString" }, // :102
    },
  },
  notification_enable: { type: "TypeBool" }, // :110
  disabled_audit_log_event_types: { type: "TypeString" }, // :115 (no Default)
};

type Full<T> = Required<Omit<T, keyof TerraformMetaArguments>>;

const FULL_SYSTEM: Full<HarborConfigSystemConfig> = {
  projectCreationRestriction: "adminonly",
  readOnly: false,
  robotTokenExpiration: 30,
  tokenExpiration: 30,
  sessionTimeout: 60,
  robotNamePrefix: "robot$",
  scannerSkipUpdatePulltime: false,
  storagePerProject: 100,
  auditLogForwardEndpoint: "syslog.example.com:514",
  skipAuditLogDatabase: false,
  bannerMessage: { message: "Maintenance", type: "warning", closable: true, fromDate: "01/01/2027", toDate: "" },
  notificationEnable: true,
  disabledAuditLogEventTypes: "pull_artifact",
};

type Block = Record<string, unknown>;
type Json = { resource: Record<string, Record<string, Block>> };
const JS_TYPES: Readonly<Record<GoType, string>> = {
  TypeString: "string",
  TypeInt: "number",
  TypeBool: "boolean",
  TypeList: "array",
};

function only(build: (scope: Construct) => void, type: string): Block {
  const json = JSON.parse(Testing.synthScope(build)) as Json;
  const blocks = Object.values(json.resource[type] ?? {});
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

function expectMatches(block: Block, schema: Readonly<Record<string, GoArgument>>): void {
  for (const [name, value] of Object.entries(block)) {
    const argument = schema[name];
    expect([name, argument === undefined ? "not in the Go schema" : JS_TYPES[argument.type]]).toEqual([
      name,
      Array.isArray(value) ? "array" : typeof value,
    ]);
    if (argument.block !== undefined) for (const element of value as Block[]) expectMatches(element, argument.block);
  }
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe("harbor_config_system", () => {
  it("synthesizes exactly the arguments of resource_config_system.go, with their types, when every prop is set", () => {
    const block = only((s) => new HarborConfigSystem(s, "r", FULL_SYSTEM), "harbor_config_system");
    expect(sorted(Object.keys(block))).toEqual(sorted(Object.keys(CONFIG_SYSTEM)));
    expect(sorted(Object.keys((block.banner_message as Block[])[0]))).toEqual(
      sorted(Object.keys(CONFIG_SYSTEM.banner_message.block ?? {})),
    );
    expectMatches(block, CONFIG_SYSTEM);
  });

  it("synthesizes nothing but what is set: the rest takes the provider's defaults", () => {
    expect(only((s) => new HarborConfigSystem(s, "r", {}), "harbor_config_system")).toEqual({});
  });

  it.each<[string, HarborConfigSystemConfig, string]>([
    ["an unknown restriction", { projectCreationRestriction: "admins" as never }, "projectCreationRestriction"],
    ["a zero quota", { storagePerProject: 0 }, "storagePerProject"],
    ["a fractional expiry", { robotTokenExpiration: 1.5 }, "robotTokenExpiration"],
    ["an unknown banner type", { bannerMessage: { message: "x", type: "error" as never } }, "bannerMessage.type"],
  ])("rejects %s with a ValidationError naming the path and the prop", (_, config, prop) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const error = (() => {
      try {
        new HarborConfigSystem(stack, "System", config);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(new RegExp(`^s/System: ${prop.replace(".", "\\.")} `));
    // Nothing is left in the tree to synthesize.
    expect(stack.node.tryFindChild("System")).toBeUndefined();
  });
});

describe("harbor_config_auth", () => {
  const oidc = (secret: Partial<HarborConfigAuthConfig>): HarborConfigAuthConfig => ({
    authMode: "oidc_auth",
    oidcName: "SSO",
    oidcEndpoint: "https://id.example.com",
    oidcClientId: "harbor",
    oidcScope: "openid",
    oidcVerifyCert: true,
    ...secret,
  });

  it("sends the write-only secret and its version, with the types of resource_config_auth.go, and no stored secret", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const secret = new TerraformVariable(stack, "oidc_client_secret", { type: "string", sensitive: true });
    new HarborConfigAuth(stack, "Oidc", oidc({ oidcClientSecretWo: secret.stringValue, oidcClientSecretWoVersion: 2 }));
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const block = json.resource.harbor_config_auth.Oidc;
    expectMatches(block, CONFIG_AUTH);
    expect(CONFIG_AUTH.oidc_client_secret_wo.writeOnly).toBe(true);
    expect(block.oidc_client_secret_wo).toBe("${var.oidc_client_secret}");
    expect(block.oidc_client_secret_wo_version).toBe(2);
    expect(block).not.toHaveProperty("oidc_client_secret");
  });

  it.each<[string, Partial<HarborConfigAuthConfig>, string]>([
    [
      "both secrets (ConflictsWith)",
      { oidcClientSecret: "a", oidcClientSecretWo: "b", oidcClientSecretWoVersion: 1 },
      "oidcClientSecret",
    ],
    [
      "the write-only secret without its version (RequiredWith)",
      { oidcClientSecretWo: "b" },
      "oidcClientSecretWoVersion",
    ],
    ["a version without the write-only secret", { oidcClientSecretWoVersion: 1 }, "oidcClientSecretWoVersion"],
  ])("rejects %s, naming the path and the prop", (_, secret, prop) => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new HarborConfigAuth(stack, "Oidc", oidc(secret))).toThrow(new RegExp(`^s/Oidc: ${prop} `));
    expect(stack.node.tryFindChild("Oidc")).toBeUndefined();
  });
});
