// Bad props across the library's constructs: each is refused at construction with a ValidationError that names the
// construct's path, the prop, the value and what is allowed. The rules are the ones the config file applies
// (config/schema.ts calls the same functions), so a library user gets the config's checks.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../../constructs/core/errors";
import { ExistingDoksCluster } from "../../constructs/digitalocean/existing-doks-cluster";
import { ManagedPostgres, ManagedPostgresProps } from "../../constructs/digitalocean/managed-postgres";
import { ManagedValkey, ManagedValkeyProps } from "../../constructs/digitalocean/managed-valkey";
import { RegistryBucket } from "../../constructs/digitalocean/registry-bucket";
import { Harbor, HarborProps } from "../../constructs/harbor/harbor";
import { PostgresSchemaGrant, PostgresSchemaGrantProps } from "../../constructs/harbor/postgres-schema-grant";
import { TraefikIngress, TraefikIngressProps } from "../../constructs/ingress/traefik-ingress";
import { OffRegionBackup, OffRegionBackupProps } from "../../constructs/backup/off-region-backup";
import { HARBOR_TEST_PROPS, validationError } from "../helpers";

const network = { vpcUuid: "vpc-1", allowedClusterIds: ["k8s-1"] };
const postgres: ManagedPostgresProps = { name: "harbor-pg", region: "fra1", ...network };
const valkey: ManagedValkeyProps = { name: "harbor-valkey", region: "fra1", ...network };
const grant: PostgresSchemaGrantProps = {
  host: "pg.internal",
  port: 25060,
  databaseName: "registry",
  grantee: "harbor",
  adminUser: "doadmin",
  adminPassword: "unused",
  databaseIdentity: "do:dbaas:x/registry",
  namespace: "harbor-db-grant",
};
const traefik: TraefikIngressProps = {
  loadBalancerName: "lb",
  hairpinHostname: "registry.example.com",
  vpcUuid: "vpc-1",
  servedNamespaces: ["harbor"],
};
const backup: OffRegionBackupProps = {
  bucketName: "harbor-backup-1234",
  region: "ams3",
  primaryBucketName: "harbor-1234",
  primaryRegion: "fra1",
  database: { host: "pg.internal", port: 25060, name: "registry", user: "harbor", password: "unused" },
  namespace: "harbor-backup",
};
const harbor = (props: Partial<HarborProps>) => (scope: Construct) =>
  new Harbor(scope, "Harbor", { ...HARBOR_TEST_PROPS, ...props });

/** [what, build it in a scope, the prop, a fragment of what the message says is allowed] */
const CASES: [string, (scope: Construct) => unknown, string, string][] = [
  [
    "PostgreSQL standby on a 1 GiB plan",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, size: "db-s-1vcpu-1gb", nodeCount: 2 }),
    "nodeCount",
    "standby nodes need a size with at least 2 GiB",
  ],
  [
    "PostgreSQL in an upper-case region",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, region: "FRA1" }),
    "region",
    'region slugs are lowercase: "fra1"',
  ],
  [
    "PostgreSQL version no longer offered",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, version: "14" }),
    "version",
    '"15", "16", "17"',
  ],
  [
    "PostgreSQL with a Valkey-only size",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, size: "m-2vcpu-16gb" }),
    "size",
    "is a Valkey size, not offered for PostgreSQL",
  ],
  [
    "PostgreSQL with four nodes",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, nodeCount: 4 }),
    "nodeCount",
    "must be 1 to 3",
  ],
  [
    "PostgreSQL without any cluster in its firewall",
    (s) => new ManagedPostgres(s, "Postgres", { ...postgres, allowedClusterIds: [] }),
    "allowedClusterIds",
    "at least one DOKS cluster",
  ],
  [
    "Valkey with two standbys",
    (s) => new ManagedValkey(s, "Valkey", { ...valkey, nodeCount: 3 }),
    "nodeCount",
    "must be 1 to 2",
  ],
  ["Valkey version 7 (Redis)", (s) => new ManagedValkey(s, "Valkey", { ...valkey, version: "7" }), "version", '"8"'],
  [
    "Valkey where DigitalOcean has none",
    (s) => new ManagedValkey(s, "Valkey", { ...valkey, region: "nyc2" }),
    "region",
    "is not a region with managed Valkey",
  ],
  [
    "Valkey cluster name with an underscore",
    (s) => new ManagedValkey(s, "Valkey", { ...valkey, name: "harbor_valkey" }),
    "name",
    "3-63 chars of lowercase letters",
  ],
  [
    "bucket in a region without Spaces",
    (s) => new RegistryBucket(s, "Bucket", { bucketName: "blobs-1234", region: "nyc1" }),
    "region",
    "is not a region with Spaces",
  ],
  [
    "bucket name with capitals",
    (s) => new RegistryBucket(s, "Bucket", { bucketName: "Blobs", region: "fra1" }),
    "bucketName",
    "lowercase letters, digits and hyphens",
  ],
  [
    "bucket that never aborts uploads",
    (s) =>
      new RegistryBucket(s, "Bucket", { bucketName: "blobs-1234", region: "fra1", abortIncompleteUploadsAfterDays: 0 }),
    "abortIncompleteUploadsAfterDays",
    "whole number >= 1",
  ],
  [
    "DOKS cluster name that is a glob",
    (s) => new ExistingDoksCluster(s, "Cluster", { clusterName: "prod-*" }),
    "clusterName",
    "name of an existing DOKS cluster",
  ],
  ["Harbor in kube-system", harbor({ namespace: "kube-system" }), "namespace", "Kubernetes system namespace"],
  [
    "Harbor hostname with a scheme",
    harbor({ hostname: "https://registry.example.com" }),
    "hostname",
    "without a scheme",
  ],
  ["Harbor hostname that is an IP address", harbor({ hostname: "10.0.0.1" }), "hostname", "not an IP address"],
  ["Harbor chart version range", harbor({ chartVersion: "^1.19.0" }), "chartVersion", "exact chart version"],
  ["Harbor with no replicas", harbor({ replicas: 0 }), "replicas", "whole number from 1 to 10"],
  [
    "Harbor highly available on one replica",
    harbor({ replicas: 1, highAvailability: true }),
    "replicas",
    "at least 2 for high availability",
  ],
  [
    "Harbor with more pods than its database has connections",
    harbor({ replicas: 10, database: { ...HARBOR_TEST_PROPS.database, size: "db-s-1vcpu-1gb" } }),
    "database.size",
    "Choose a larger postgres size or fewer harbor replicas",
  ],
  ["Harbor that gives up too early", harbor({ timeoutSeconds: 60 }), "timeoutSeconds", "at least 900"],
  ["Harbor ServiceMonitor without metrics", harbor({ serviceMonitor: true }), "serviceMonitor", "needs metrics"],
  [
    "schema grant with a floating image tag",
    (s) => new PostgresSchemaGrant(s, "Grant", { ...grant, image: "postgres:17-alpine" }),
    "image",
    "pinned by digest",
  ],
  [
    "schema grant in a namespace that is no DNS label",
    (s) => new PostgresSchemaGrant(s, "Grant", { ...grant, namespace: "Harbor Grant" }),
    "namespace",
    "Kubernetes namespace name",
  ],
  [
    "load balancer of no size",
    (s) => new TraefikIngress(s, "Ingress", { ...traefik, loadBalancerSizeUnits: 0 }),
    "loadBalancerSizeUnits",
    "1 to 100",
  ],
  [
    "ACME account without an e-mail address",
    harbor({ issuers: { email: "ops", challenge: { type: "http01" } } }),
    "issuers.email",
    "e-mail address",
  ],
  [
    "Traefik serving a namespace that cannot exist",
    (s) => new TraefikIngress(s, "Ingress", { ...traefik, servedNamespaces: ["Harbor"] }),
    "servedNamespaces",
    "namespace name",
  ],
  [
    "Traefik serving a system namespace (it would read its Secrets)",
    (s) => new TraefikIngress(s, "Ingress", { ...traefik, servedNamespaces: ["kube-system"] }),
    "servedNamespaces",
    "Kubernetes system namespace",
  ],
  [
    "scraping from a namespace that cannot exist",
    harbor({ metrics: true, monitoringNamespace: "prom etheus" }),
    "monitoringNamespace",
    "namespace name",
  ],
  [
    "backup in the primary's region",
    (s) => new OffRegionBackup(s, "Backup", { ...backup, region: "fra1" }),
    "region",
    "must differ from primaryRegion",
  ],
  [
    "backup in a region without Spaces",
    (s) => new OffRegionBackup(s, "Backup", { ...backup, region: "nyc1" }),
    "region",
    "is not a region with Spaces",
  ],
  [
    "backup schedule at second 30",
    (s) => new OffRegionBackup(s, "Backup", { ...backup, schedule: "30 30 2 * * *" }),
    "schedule",
    "whole minutes",
  ],
  ...(
    [
      ["Harbor", harbor({ nodePool: "Platform Pool" })],
      ["schema grant", (s) => new PostgresSchemaGrant(s, "Grant", { ...grant, nodePool: "Platform Pool" })],
      ["Traefik", (s) => new TraefikIngress(s, "Ingress", { ...traefik, nodePool: "Platform Pool" })],
      ["backup", (s) => new OffRegionBackup(s, "Backup", { ...backup, nodePool: "Platform Pool" })],
    ] as [string, (scope: Construct) => unknown][]
  ).map(([what, build]): [string, (scope: Construct) => unknown, string, string] => [
    `${what} on a node pool that cannot exist`,
    build,
    "nodePool",
    "DOKS node pool name",
  ]),
  [
    "backup that keeps nothing",
    (s) => new OffRegionBackup(s, "Backup", { ...backup, keepDays: 0 }),
    "keepDays",
    "whole number >= 1",
  ],
];

describe("construct props are validated at construction", () => {
  it("covers at least 20 bad props", () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES)("%s", (_what, build, prop, allowed) => {
    const stack = new TerraformStack(Testing.app(), "app-stack");
    const error = validationError(() => build(stack), prop);
    expect(error.constructPath).toMatch(/^app-stack\/\w+$/);
    expect(error.message).toContain(allowed);
  });

  it("skips the literal checks of a prop given as a Terraform reference (known only at plan time)", () => {
    const stack = new TerraformStack(Testing.app(), "app-stack");
    const region = new TerraformVariable(stack, "region", { type: "string" }).stringValue;
    const bucket = new TerraformVariable(stack, "bucket", { type: "string" }).stringValue;
    expect(() => new ManagedPostgres(stack, "Postgres", { ...postgres, region })).not.toThrow();
    expect(() => new RegistryBucket(stack, "Bucket", { bucketName: bucket, region })).not.toThrow();
    expect(() => new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, hostname: bucket })).not.toThrow();
  });

  it("is an error type of its own, so an app can tell a user's mistake from a bug", () => {
    const stack = new TerraformStack(Testing.app(), "app-stack");
    const error = new ValidationError(stack, "prop", "must be something");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("app-stack: prop must be something");
  });
});
