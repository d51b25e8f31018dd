// The public API of harbor-doks: constructs, their props and attribute interfaces, and a few deliberate helpers.
// Anything not exported here is internal and may change without notice. The API report (etc/harbor-doks.api.md)
// records this surface; CI fails when it changes without the report.

export { ValidationError } from "./core/errors";

export { ExistingDoksCluster } from "./digitalocean/existing-doks-cluster";
export type { ExistingDoksClusterProps } from "./digitalocean/existing-doks-cluster";
export { ManagedPostgres } from "./digitalocean/managed-postgres";
export type { ManagedPostgresProps } from "./digitalocean/managed-postgres";
export { ManagedValkey } from "./digitalocean/managed-valkey";
export type { ManagedValkeyProps } from "./digitalocean/managed-valkey";
export type { TrustedSource } from "./digitalocean/database-common";
export { RegistryBucket } from "./digitalocean/registry-bucket";
export type { RegistryBucketProps } from "./digitalocean/registry-bucket";

export { Harbor, HARBOR_ADMIN_USER } from "./harbor/harbor";
export type {
  HarborProps,
  HarborDatabase,
  HarborCache,
  HarborStorage,
  HarborIssuers,
  HarborScanner,
} from "./harbor/harbor";
export { SCANNER_DATABASE_MODES } from "./harbor/scanner";
export type { ScannerDatabaseMode } from "./harbor/scanner";
export type { HarborNamespaceObjects, HarborNamespaceObjectsProps } from "./harbor/harbor-namespace-objects";
export type { HarborNamespaceValuesInput, ServingTraefik } from "./harbor/namespace-values";
export type { HarborExpose, HarborSecretNames } from "./harbor/harbor-values";
export { PostgresSchemaGrant } from "./harbor/postgres-schema-grant";
export type { PostgresSchemaGrantProps } from "./harbor/postgres-schema-grant";
export { HarborInternalTls } from "./harbor/harbor-internal-tls";
export type { HarborInternalTlsProps } from "./harbor/harbor-internal-tls";
export { INTERNAL_TLS_COMPONENTS } from "./harbor/internal-tls";
export type { InternalTlsSecretNames, InternalTlsComponent } from "./harbor/internal-tls";
export type { ServersTransportSpec } from "./harbor/traefik-backend";
export { DATABASE_SSL_MODES } from "./harbor/database-tls";
export type { DatabaseSslMode } from "./harbor/database-tls";

export { ProxyCache } from "./harbor/day2/proxy-cache";
export type { ProxyCacheProps } from "./harbor/day2/proxy-cache";
export type { ProxyCacheUpstream } from "./harbor/day2/proxy-cache-upstreams";
export { HarborTeamProject } from "./harbor/day2/team-project";
export type {
  HarborTeamProjectProps,
  TeamProjectMember,
  TeamProjectRetention,
  TeamProjectRobot,
  TeamProjectRobotAccess,
  TeamProjectRobotCredentials,
  TeamProjectRole,
  TeamProjectSeverity,
  TeamProjectWebhook,
} from "./harbor/day2/team-project";
export { InstanceReplication, ReplicationTargetRobot } from "./harbor/day2/replication";
export { HarborDay2, scanAllPolicy } from "./harbor/day2/harbor-day2";
export type {
  HarborDay2Props,
  HarborDay2AuditLog,
  HarborDay2GarbageCollection,
  HarborDay2Oidc,
  HarborDay2Project,
  HarborDay2ProxyCache,
  HarborDay2ReplicationSource,
  HarborDay2System,
} from "./harbor/day2/harbor-day2";
// The day-2 vocabulary, for callers that check their input against it (the config-file app does).
export {
  DEFAULT_OIDC_SCOPES,
  HARBOR_AUDIT_LOG_EVENT_TYPES,
  PROJECT_CREATION,
  REPLICATION_TRIGGERS,
  SCAN_SCHEDULES,
  HARBOR_SYSTEM_DEFAULTS,
  TEAM_PROJECT_ROBOT_ACCESS,
  TEAM_PROJECT_SEVERITIES,
} from "./harbor/day2/vocabulary";
export type { HarborAuditLogEventType, ProjectCreation, ScanSchedule } from "./harbor/day2/vocabulary";
export type {
  InstanceReplicationProps,
  InstanceReplicationRule,
  ReplicationTargetRobotProps,
  ReplicationTrigger,
} from "./harbor/day2/replication";

export { TraefikIngress } from "./ingress/traefik-ingress";
export type { TraefikIngressProps } from "./ingress/traefik-ingress";
export { PLATFORM_TRAEFIK, traefikWatchAccess } from "./ingress/platform-values";
export { PlatformPolicies } from "./ingress/platform-policies";
export type { PlatformPoliciesProps } from "./ingress/platform-policies";
export { platformLoadBalancerName } from "./ingress/policy-values";
export type {
  LoadBalancerPolicyInput,
  PlatformNodesPolicyInput,
  PlatformPoliciesValuesInput,
} from "./ingress/policy-values";
export { DNS_CREDENTIAL_KEYS, DNS_PROVIDERS, LETSENCRYPT_PRODUCTION, LETSENCRYPT_STAGING } from "./ingress/acme";
export type { AcmeChallenge, DnsProvider, Route53Settings } from "./ingress/acme";

export { OffRegionBackup } from "./backup/off-region-backup";
export { UpgradeDump } from "./backup/upgrade-dump";

// Composed: the ingress platform of a cluster and a whole Harbor instance, wired to each other safely.
export { IngressPlatform } from "./compose/ingress-platform";
export type { IngressPlatformProps } from "./compose/ingress-platform";
export { HarborOnDoks } from "./compose/harbor-on-doks";
export type {
  HarborOnDoksProps,
  HarborOnDoksPostgres,
  HarborOnDoksCache,
  HarborOnDoksBackup,
} from "./compose/harbor-on-doks";
export type { DumpDatabase, OffRegionBackupProps } from "./backup/off-region-backup";
export type { UpgradeDumpProps } from "./backup/upgrade-dump";

// Bindings of the goharbor/harbor Terraform provider (hand-written; see harbor/provider/README.md).
export * from "./harbor/provider";

// Types the public attributes and signatures name (`RegistryBucket.nameRecord`, the bindings' base class, its argument
// table and schedule check, and the upstreams
// `ProxyCacheUpstream` is made of: exported so a consumer can name them too (the API report flags a forgotten one).
export type { TerraformData, TerraformDataConfig } from "./core/terraform-data";
export type { HarborResource } from "./harbor/provider/resource";
export type { Attribute, AttributeKind, AttributeTable } from "./harbor/provider/attributes";
export type { HarborCronUse } from "./harbor/cron";
export { PROXY_CACHE_PROVIDERS } from "./harbor/day2/proxy-cache-upstreams";

// Bring your own parts: existing database clusters and namespace, chart values of your own.
export { ExistingPostgres } from "./digitalocean/existing-postgres";
export type { ExistingPostgresProps } from "./digitalocean/existing-postgres";
export { ExistingValkey } from "./digitalocean/existing-valkey";
export type { ExistingValkeyProps } from "./digitalocean/existing-valkey";
export { ExistingNamespace } from "./harbor/existing-namespace";
export type { ExistingNamespaceProps } from "./harbor/existing-namespace";
export { extraValuesProblems, mergeValues } from "./harbor/extra-values";
export type { ExtraValuesProblem } from "./harbor/extra-values";
export { connectionBudgetPods, harborDatabaseClients } from "./harbor/connection-budget";
export type { DatabaseClients } from "./harbor/connection-budget";
