import { TerraformMetaArguments, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { rendered } from "../../../helpers";
import {
  HARBOR_AUTH_MODES,
  HarborAuthMode,
  HarborConfigAuth,
  HarborConfigAuthConfig,
  HarborGarbageCollection,
  HarborGarbageCollectionConfig,
  HarborInterrogationServices,
  HarborInterrogationServicesConfig,
  HarborProject,
  HarborProjectConfig,
  HarborProvider,
  HarborProviderConfig,
  HarborRegistry,
  HarborRegistryConfig,
  HarborRobotAccount,
} from "../../../../constructs/harbor/provider";

/**
 * Argument names of each block, copied from the provider's documentation in goharbor/terraform-provider-harbor
 * at tag v3.12.4 (commit a5e8f4b1b74eaf4b00e6914170059e45d892e401). `required` holds what the schema always
 * requires; arguments the docs file under "Required, OIDC" / "Required, LDAP" are conditional and listed in
 * `optional`. Read-only attributes (id, registry_id, status, project_id) are not arguments and are not listed.
 */
interface DocTable {
  /** Doc file the names come from. */
  readonly doc: string;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

// docs/index.md @ v3.12.4. The doc lists `username` and `password` under "Required", but provider.go declares them
// Optional (they have env defaults and bearer_token / session_id replace them), so the binding makes them optional.
const PROVIDER_TABLE: DocTable = {
  doc: "docs/index.md",
  required: ["url"],
  optional: [
    "username",
    "password",
    "api_version",
    "bearer_token",
    "headers",
    "session_id",
    "insecure",
    "robot_prefix",
  ],
};

// docs/resources/registry.md @ v3.12.4
const REGISTRY_TABLE: DocTable = {
  doc: "docs/resources/registry.md",
  required: ["endpoint_url", "name", "provider_name"],
  optional: ["access_id", "access_secret", "description", "insecure", "ca_certificate"],
};

// docs/resources/project.md @ v3.12.4 ("Optional" plus "Specific for Proxy Project")
const PROJECT_TABLE: DocTable = {
  doc: "docs/resources/project.md",
  required: ["name"],
  optional: [
    "cve_allowlist",
    "deployment_security",
    "enable_content_trust",
    "enable_content_trust_cosign",
    "force_destroy",
    "public",
    "storage_quota",
    "vulnerability_scanning",
    "vulnerability_scanner",
    "auto_sbom_generation",
    "registry_id",
    "proxy_speed_kb",
    "proxy_cache_local_on_not_found",
  ],
};

// docs/resources/config_auth.md @ v3.12.4
const CONFIG_AUTH_OIDC = [
  // "Required, OIDC"
  "oidc_client_id",
  "oidc_client_secret",
  "oidc_endpoint",
  "oidc_name",
  "oidc_scope",
  "oidc_verify_cert",
  // "Optional, OIDC"
  "oidc_admin_group",
  "oidc_auto_onboard",
  "oidc_group_filter",
  "oidc_groups_claim",
  "oidc_user_claim",
  "oidc_logout",
  "oidc_client_secret_wo",
  "oidc_client_secret_wo_version",
];
const CONFIG_AUTH_LDAP = [
  // "Required, LDAP"
  "ldap_base_dn",
  "ldap_uid",
  "ldap_url",
  "ldap_verify_cert",
  // "Optional, LDAP"
  "ldap_filter",
  "ldap_group_admin_dn",
  "ldap_group_base_dn",
  "ldap_group_filter",
  "ldap_group_gid",
  "ldap_group_membership",
  "ldap_group_scope",
  "ldap_group_uid",
  "ldap_scope",
  "ldap_search_dn",
  "ldap_search_password",
];
const CONFIG_AUTH_TABLE: DocTable = {
  doc: "docs/resources/config_auth.md",
  required: ["auth_mode"],
  optional: ["primary_auth_mode", ...CONFIG_AUTH_OIDC, ...CONFIG_AUTH_LDAP],
};

// docs/resources/garbage_collection.md @ v3.12.4
const GARBAGE_COLLECTION_TABLE: DocTable = {
  doc: "docs/resources/garbage_collection.md",
  required: ["schedule"],
  optional: ["delete_untagged", "workers"],
};

// docs/resources/interrogation_services.md @ v3.12.4
const INTERROGATION_SERVICES_TABLE: DocTable = {
  doc: "docs/resources/interrogation_services.md",
  required: ["vulnerability_scan_policy"],
  optional: ["default_scanner"],
};

/** Every argument of a config set: a prop added to a binding without a fixture value fails type-checking. */
type Full<T> = Required<Omit<T, keyof TerraformMetaArguments>>;

const FULL_PROVIDER: Full<HarborProviderConfig> = {
  url: "https://registry.example.com",
  username: "admin",
  password: "secret",
  apiVersion: 2,
  bearerToken: "token",
  headers: { "X-Api-Key": "k" },
  sessionId: "sid",
  insecure: false,
  robotPrefix: "robot$",
  alias: "main",
};

const FULL_REGISTRY: Full<HarborRegistryConfig> = {
  providerName: "docker-hub",
  name: "docker-hub",
  endpointUrl: "https://hub.docker.com",
  accessId: "user",
  accessSecret: "pat",
  description: "Docker Hub",
  insecure: false,
  caCertificate: "-----BEGIN CERTIFICATE-----",
};

const FULL_PROJECT: Full<HarborProjectConfig> = {
  name: "dockerhub-proxy",
  public: false,
  vulnerabilityScanning: true,
  vulnerabilityScanner: "Trivy",
  enableContentTrust: false,
  enableContentTrustCosign: false,
  autoSbomGeneration: true,
  cveAllowlist: ["CVE-2024-0001"],
  deploymentSecurity: "critical",
  forceDestroy: false,
  storageQuota: 100,
  registryId: 7,
  proxySpeedKb: -1,
  proxyCacheLocalOnNotFound: true,
};

// OIDC and LDAP arguments conflict in the provider; this fixture only checks the mapping of names.
const FULL_CONFIG_AUTH: Full<HarborConfigAuthConfig> = {
  authMode: "oidc_auth",
  primaryAuthMode: true,
  oidcName: "sso",
  oidcEndpoint: "https://sso.example.com",
  oidcClientId: "harbor",
  oidcClientSecret: "secret",
  oidcClientSecretWo: "secret",
  oidcClientSecretWoVersion: 1,
  oidcScope: "openid,email",
  oidcVerifyCert: true,
  oidcAutoOnboard: true,
  oidcUserClaim: "preferred_username",
  oidcGroupsClaim: "groups",
  oidcGroupFilter: "harbor-.*",
  oidcAdminGroup: "harbor-admins",
  oidcLogout: true,
  ldapUrl: "ldap.example.com:389",
  ldapBaseDn: "dc=example,dc=org",
  ldapUid: "uid",
  ldapVerifyCert: true,
  ldapSearchDn: "cn=admin,dc=example,dc=org",
  ldapSearchPassword: "secret",
  ldapFilter: "(objectClass=person)",
  ldapScope: "subtree",
  ldapGroupBaseDn: "ou=groups,dc=example,dc=org",
  ldapGroupFilter: "(objectClass=groupOfNames)",
  ldapGroupGid: "cn",
  ldapGroupUid: "uid",
  ldapGroupAdminDn: "cn=admins,ou=groups,dc=example,dc=org",
  ldapGroupMembership: "memberof",
  ldapGroupScope: "subtree",
};

const FULL_GARBAGE_COLLECTION: Full<HarborGarbageCollectionConfig> = {
  schedule: "0 5 4 * * *",
  deleteUntagged: true,
  workers: 2,
};

const FULL_INTERROGATION_SERVICES: Full<HarborInterrogationServicesConfig> = {
  vulnerabilityScanPolicy: "Daily",
  defaultScanner: "Trivy",
};

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

function synth(build: (scope: Construct) => void): Json {
  return JSON.parse(Testing.synthScope(build));
}

/** The one block of `type` in the synthesized stack. */
function onlyResource(json: Json, type: string): Record<string, unknown> {
  const entries = Object.values(json.resource?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0];
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

interface ResourceCase {
  readonly type: string;
  readonly table: DocTable;
  /** Creates the resource with every argument set. */
  readonly full: (scope: Construct) => void;
  /** Creates the resource with only the always-required arguments. */
  readonly minimal: (scope: Construct) => void;
}

const RESOURCES: readonly ResourceCase[] = [
  {
    type: HarborRegistry.tfResourceType,
    table: REGISTRY_TABLE,
    full: (scope) => new HarborRegistry(scope, "r", FULL_REGISTRY),
    minimal: (scope) =>
      new HarborRegistry(scope, "r", {
        providerName: "docker-hub",
        name: "hub",
        endpointUrl: "https://hub.docker.com",
      }),
  },
  {
    type: HarborProject.tfResourceType,
    table: PROJECT_TABLE,
    full: (scope) => new HarborProject(scope, "r", FULL_PROJECT),
    minimal: (scope) => new HarborProject(scope, "r", { name: "library" }),
  },
  {
    type: HarborConfigAuth.tfResourceType,
    table: CONFIG_AUTH_TABLE,
    // Every argument, though oidc_client_secret and oidc_client_secret_wo conflict (the construct refuses both).
    full: (scope) => new HarborConfigAuthUnchecked(scope, "r", FULL_CONFIG_AUTH),
    minimal: (scope) => new HarborConfigAuth(scope, "r", { authMode: "ldap_auth" }),
  },
  {
    type: HarborGarbageCollection.tfResourceType,
    table: GARBAGE_COLLECTION_TABLE,
    full: (scope) => new HarborGarbageCollection(scope, "r", FULL_GARBAGE_COLLECTION),
    minimal: (scope) => new HarborGarbageCollection(scope, "r", { schedule: "Daily" }),
  },
  {
    type: HarborInterrogationServices.tfResourceType,
    table: INTERROGATION_SERVICES_TABLE,
    full: (scope) => new HarborInterrogationServices(scope, "r", FULL_INTERROGATION_SERVICES),
    minimal: (scope) => new HarborInterrogationServices(scope, "r", { vulnerabilityScanPolicy: "Daily" }),
  },
];

describe.each(RESOURCES)("$type", ({ type, table, full, minimal }) => {
  it(`synthesizes exactly the arguments of ${table.doc} when every prop is set`, () => {
    const block = onlyResource(synth(full), type);
    expect(sorted(Object.keys(block))).toEqual(sorted([...table.required, ...table.optional]));
  });

  it("synthesizes only the required arguments when nothing optional is set", () => {
    const block = onlyResource(synth(minimal), type);
    expect(sorted(Object.keys(block))).toEqual(sorted(table.required));
  });
});

describe("HarborConfigAuth auth_mode", () => {
  // The provider sends no auth_mode for "db_auth" (client/config.go GetConfigAuth, v3.12.4): Harbor would keep
  // OIDC or LDAP while the plan claimed database login, and show a diff forever.
  it("rejects db_auth, which the provider ignores, naming the construct and the allowed modes", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new HarborConfigAuth(stack, "auth", { authMode: "db_auth" as HarborAuthMode })).toThrow(
      /^s\/auth: authMode must be one of oidc_auth, ldap_auth, got "db_auth"/,
    );
    expect(HARBOR_AUTH_MODES).toEqual(["oidc_auth", "ldap_auth"]);
  });

  it("does not type-check db_auth", () => {
    const config: Pick<HarborConfigAuthConfig, "authMode"> = {
      // @ts-expect-error -- "db_auth" is not a HarborAuthMode (npm test runs tsc before jest)
      authMode: "db_auth",
    };
    expect(config.authMode).toBe("db_auth");
  });
});

describe("HarborProvider", () => {
  it("requires goharbor/harbor 3.12.4 exactly, the version the bindings are checked against", () => {
    const json = synth((scope) => new HarborProvider(scope, "harbor", { url: "https://registry.example.com" }));
    const terraform = json.terraform as unknown as { required_providers: Record<string, unknown> };
    expect(terraform.required_providers.harbor).toEqual({ source: "goharbor/harbor", version: "3.12.4" });
  });

  it(`synthesizes exactly the arguments of ${PROVIDER_TABLE.doc} (plus alias) when every prop is set`, () => {
    const json = synth((scope) => new HarborProvider(scope, "harbor", FULL_PROVIDER));
    const block = (json.provider as unknown as Record<string, Record<string, unknown>[]>).harbor[0];
    expect(sorted(Object.keys(block))).toEqual(
      sorted([...PROVIDER_TABLE.required, ...PROVIDER_TABLE.optional, "alias"]),
    );
    expect(block).toMatchObject({ url: "https://registry.example.com", api_version: 2, insecure: false });
  });

  it("synthesizes only url when nothing optional is set", () => {
    const json = synth((scope) => new HarborProvider(scope, "harbor", { url: "https://registry.example.com" }));
    const block = (json.provider as unknown as Record<string, Record<string, unknown>[]>).harbor[0];
    expect(block).toEqual({ url: "https://registry.example.com" });
  });

  it("passes header names through unchanged (not snake_cased)", () => {
    const headers = { "X-Api-Key": "k", Host: "registry.internal", "CF-Access-Client-Id": "id" };
    const json = synth((scope) => new HarborProvider(scope, "harbor", { url: "https://r.example.com", headers }));
    const block = (json.provider as unknown as Record<string, Record<string, unknown>[]>).harbor[0];
    expect(block.headers).toEqual(headers);
  });
});

describe("references between bindings", () => {
  it("feeds the registry's numeric id to a proxy-cache project", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const registry = new HarborRegistry(stack, "hub", {
      providerName: "docker-hub",
      name: "hub",
      endpointUrl: "https://hub.docker.com",
    });
    const project = new HarborProject(stack, "proxy", { name: "dockerhub", registryId: registry.registryId });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(onlyResource(json, "harbor_project").registry_id).toBe("${harbor_registry.hub.registry_id}");
    expect(rendered(stack, registry.id)).toBe("${harbor_registry.hub.id}");
    expect(rendered(stack, registry.status)).toBe("${harbor_registry.hub.status}");
    expect(rendered(stack, project.projectId)).toBe("${harbor_project.proxy.project_id}");
    expect(rendered(stack, project.id)).toBe("${harbor_project.proxy.id}");
  });
});

describe("HCL output", () => {
  it("renders the same arguments and header names", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new HarborProvider(stack, "harbor", { url: "https://r.example.com", headers: { "X-Api-Key": "k" } });
    new HarborProject(stack, "p", { name: "library", cveAllowlist: ["CVE-1"], storageQuota: 10, public: true });
    const hcl = String(Testing.synthHcl(stack));
    // HCL identifiers may contain "-", so the renderer leaves the header name unquoted.
    expect(hcl).toMatch(/headers = \{\s*X-Api-Key = "k"\s*\}/);
    expect(hcl).toMatch(/resource "harbor_project" "p" \{[^}]*name = "library"/);
    expect(hcl).toMatch(/cve_allowlist = \[\s*"CVE-1"\s*\]/);
    expect(hcl).toMatch(/storage_quota = 10/);
    expect(hcl).toMatch(/public = true/);
  });
});

describe("generateConfigForImport (shared by every binding)", () => {
  it("builds the import block for the class's resource type", () => {
    const stack = new TerraformStack(Testing.app(), "import");
    HarborProject.generateConfigForImport(stack, "Imported", "/projects/7");
    HarborRobotAccount.generateConfigForImport(stack, "ImportedRobot", "/robots/3");
    const json = JSON.parse(Testing.synth(stack));
    expect(json.import).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "/projects/7", to: "harbor_project.Imported" }),
        expect.objectContaining({ id: "/robots/3", to: "harbor_robot_account.ImportedRobot" }),
      ]),
    );
  });
});

/** Synthesizes every argument given, bypassing the construct's ConflictsWith check (for the doc-table test only). */
class HarborConfigAuthUnchecked extends HarborConfigAuth {
  constructor(scope: Construct, id: string, config: HarborConfigAuthConfig) {
    super(scope, id, { ...config, oidcClientSecret: undefined });
    (this as unknown as { config: HarborConfigAuthConfig }).config = config;
  }
}
