// The arguments of the goharbor/harbor resources the operations options write, transcribed from the provider's Go
// schema in goharbor/terraform-provider-harbor at tag v3.12.4 (commit a5e8f4b1b74eaf4b00e6914170059e45d892e401), with
// the file and lines each comes from. Computed-only attributes are left out: they must never be synthesized.

export type GoType = "TypeString" | "TypeInt" | "TypeBool" | "TypeList";

export interface GoArgument {
  readonly type: GoType;
  readonly required?: true;
  readonly forceNew?: true;
}

/** provider/resource_harbor_project_webhook.go:14-63 @ v3.12.4 */
export const PROJECT_WEBHOOK_SCHEMA: Readonly<Record<string, GoArgument>> = {
  name: { type: "TypeString", required: true, forceNew: true }, // :15-19
  project_id: { type: "TypeString", required: true }, // :20-23
  address: { type: "TypeString", required: true }, // :24-27
  description: { type: "TypeString" }, // :28-32 (Default "")
  enabled: { type: "TypeBool" }, // :33-37 (Default true)
  events_types: { type: "TypeList", required: true }, // :38-44 (Elem TypeString)
  notify_type: { type: "TypeString", required: true }, // :45-48
  auth_header: { type: "TypeString" }, // :49-52 (not Sensitive)
  skip_cert_verify: { type: "TypeBool" }, // :54-58 (Default true)
  payload_format: { type: "TypeString" }, // :59-62
};

/** provider/resource_project.go:17-103 @ v3.12.4 (project_id is Computed only) */
export const PROJECT_SCHEMA: Readonly<Record<string, GoArgument>> = {
  name: { type: "TypeString", required: true, forceNew: true },
  registry_id: { type: "TypeInt", forceNew: true },
  public: { type: "TypeBool" },
  vulnerability_scanning: { type: "TypeBool" },
  vulnerability_scanner: { type: "TypeString" },
  storage_quota: { type: "TypeInt" },
  cve_allowlist: { type: "TypeList" },
  enable_content_trust: { type: "TypeBool" },
  enable_content_trust_cosign: { type: "TypeBool" }, // :63-67 (Default false)
  force_destroy: { type: "TypeBool" },
  auto_sbom_generation: { type: "TypeBool" },
  deployment_security: { type: "TypeString" },
  proxy_speed_kb: { type: "TypeInt" },
  proxy_cache_local_on_not_found: { type: "TypeBool" },
};

/** provider/resource_config_system.go:16-119 @ v3.12.4 */
export const CONFIG_SYSTEM_SCHEMA: Readonly<Record<string, GoArgument>> = {
  project_creation_restriction: { type: "TypeString" },
  read_only: { type: "TypeBool" },
  robot_token_expiration: { type: "TypeInt" },
  token_expiration: { type: "TypeInt" },
  session_timeout: { type: "TypeInt" },
  robot_name_prefix: { type: "TypeString" },
  scanner_skip_update_pulltime: { type: "TypeBool" },
  storage_per_project: { type: "TypeInt" },
  audit_log_forward_endpoint: { type: "TypeString" }, // :56-60 (Default "")
  skip_audit_log_database: { type: "TypeBool" }, // :61-65 (Default false)
  banner_message: { type: "TypeList" },
  notification_enable: { type: "TypeBool" },
  disabled_audit_log_event_types: { type: "TypeString" }, // :115-118 (no Default)
};

const JS_TYPES: Readonly<Record<GoType, string>> = {
  TypeString: "string",
  TypeInt: "number",
  TypeBool: "boolean",
  TypeList: "array",
};

/**
 * Every problem of a synthesized block against a schema: unknown arguments, missing required ones, and values of the
 * wrong type (a reference `${...}` passes as any scalar type). Meta-arguments are ignored.
 */
export function schemaProblems(block: Record<string, unknown>, schema: Readonly<Record<string, GoArgument>>): string[] {
  const meta = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "provisioner", "connection"]);
  const problems: string[] = [];
  for (const [name, value] of Object.entries(block)) {
    if (meta.has(name)) continue;
    const argument = schema[name];
    if (argument === undefined) {
      problems.push(`${name}: not an argument of the schema`);
      continue;
    }
    const reference = typeof value === "string" && /^\$\{.*\}$/s.test(value) && argument.type !== "TypeString";
    const actual = Array.isArray(value) ? "array" : typeof value;
    if (!reference && actual !== JS_TYPES[argument.type]) problems.push(`${name}: ${actual}, not ${argument.type}`);
  }
  for (const [name, argument] of Object.entries(schema)) {
    if (argument.required && !(name in block)) problems.push(`${name}: required, missing`);
  }
  return problems;
}
