import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DataDigitaloceanLoadbalancer } from "@cdktf/provider-digitalocean/lib/data-digitalocean-loadbalancer";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { Record as DnsRecord } from "@cdktf/provider-digitalocean/lib/record";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { BackendConfig, IngressConfig, InstallIngress, InstanceConfig } from "../config/resolve";
import { HarborExpose } from "../constructs/harbor/harbor-values";
import { INGRESS_CLASS, PLATFORM_TRAEFIK } from "../constructs/ingress/platform-values";
import {
  AcmeChallenge,
  DnsProvider,
  LETSENCRYPT_PRODUCTION,
  LETSENCRYPT_STAGING,
  caaIssueValue,
} from "../constructs/ingress/acme";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import { ExistingDoksCluster } from "../constructs/digitalocean/existing-doks-cluster";
import { HARBOR_ADMIN_USER, Harbor, HarborIssuers } from "../constructs/harbor/harbor";
import { ManagedPostgres } from "../constructs/digitalocean/managed-postgres";
import { ManagedValkey } from "../constructs/digitalocean/managed-valkey";
import { ExistingPostgres } from "../constructs/digitalocean/existing-postgres";
import { ExistingValkey } from "../constructs/digitalocean/existing-valkey";
import { sharedDatabaseName } from "../constructs/digitalocean/existing-database-checks";
import { managedPostgresName, managedValkeyName } from "../config/existing-clusters";
import { refuseWhileFormerClusterExists } from "./former-clusters";
import { RegistryBucket } from "../constructs/digitalocean/registry-bucket";
import { OffRegionBackup } from "../constructs/backup/off-region-backup";
import { backupNamespaceName } from "../constructs/harbor/naming";
import { DNS_CREDENTIAL_VARIABLES } from "../config/names";
import { platformLoadBalancerName } from "../constructs/ingress/policy-values";

/** Properties of a {@link HarborStack}. */
export interface HarborStackProps {
  /** The instance, with defaults applied (see `config/resolve.ts`). */
  readonly instance: InstanceConfig;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/** Everything one Harbor instance needs, on an existing DOKS cluster. */
export class HarborStack extends TerraformStack {
  public readonly cluster: ExistingDoksCluster;
  public readonly postgres: ManagedPostgres | ExistingPostgres;
  public readonly cache: ManagedValkey | ExistingValkey;
  public readonly bucket: RegistryBucket;
  public readonly harbor: Harbor;
  /** The off-region backup, when the instance has a `backup` block. */
  public readonly backup?: OffRegionBackup;

  constructor(scope: Construct, id: string, props: HarborStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    // Token and Spaces keys come from DIGITALOCEAN_TOKEN / SPACES_ACCESS_KEY_ID /
    // SPACES_SECRET_ACCESS_KEY at plan time; nothing is read at synth time.
    new DigitaloceanProvider(this, "DigitalOcean", {});
    new RandomProvider(this, "Random", {});
    new TlsProvider(this, "Tls", {});

    const tags = ["harbor", `harbor-${instance.name}`];
    this.cluster = new ExistingDoksCluster(this, "Cluster", {
      clusterName: instance.cluster,
      // Plan-time check: the databases and the bucket below are created in instance.region.
      region: instance.region,
    });
    const common = {
      region: instance.region,
      vpcUuid: this.cluster.vpcUuid,
      allowedClusterIds: [this.cluster.id],
      tags,
      protect: instance.protect,
    };
    // Existing or managed under the same id: the database keeps its address, so a switch is a replacement that
    // prevent_destroy refuses (see ExistingPostgres), and the former cluster's lookup names the way out.
    this.postgres =
      instance.postgres.existingCluster !== undefined
        ? new ExistingPostgres(this, "Postgres", {
            clusterName: instance.postgres.existingCluster,
            region: instance.region,
            vpcUuid: this.cluster.vpcUuid,
            databaseName: sharedDatabaseName(instance.name),
            userName: sharedDatabaseName(instance.name),
            protect: instance.protect,
            otherClientPods: instance.postgres.otherClientPods,
          })
        : new ManagedPostgres(this, "Postgres", {
            ...common,
            name: managedPostgresName(instance.name),
            version: instance.postgres.version,
            size: instance.postgres.size,
            nodeCount: instance.postgres.nodes,
          });
    this.cache =
      instance.cache.existingCluster !== undefined
        ? new ExistingValkey(this, "Valkey", {
            clusterName: instance.cache.existingCluster,
            region: instance.region,
            vpcUuid: this.cluster.vpcUuid,
          })
        : new ManagedValkey(this, "Valkey", {
            ...common,
            name: managedValkeyName(instance.name),
            version: instance.cache.version,
            size: instance.cache.size,
            nodeCount: instance.cache.nodes,
          });
    if (instance.protect && instance.postgres.existingCluster !== undefined) {
      refuseWhileFormerClusterExists(this, "FormerPostgres", {
        formerName: managedPostgresName(instance.name),
        instance: instance.name,
        key: "postgres",
        then:
          "Move Harbor's data first (README: Moving to an existing cluster), then delete that cluster yourself " +
          "(doctl databases delete), or remove existingCluster to keep it.",
      });
    }
    if (instance.protect && instance.cache.existingCluster !== undefined) {
      refuseWhileFormerClusterExists(this, "FormerValkey", {
        formerName: managedValkeyName(instance.name),
        instance: instance.name,
        key: "cache",
        then:
          "It holds Harbor's job queue and sessions: let running jobs finish, then delete it yourself (doctl " +
          "databases delete), or remove existingCluster to keep it.",
      });
    }
    this.bucket = new RegistryBucket(this, "Bucket", {
      bucketName: instance.storage.bucket,
      region: instance.region,
      versioning: instance.storage.versioning,
      protect: instance.protect,
    });

    this.harbor = new Harbor(this, "Harbor", {
      hostname: instance.hostname,
      database: this.postgres,
      cache: this.cache,
      storage: this.bucket,
      namespace: instance.harbor.namespace,
      createNamespace: instance.harbor.createNamespace,
      extraValues: instance.harbor.extraValues,
      chartVersion: instance.harbor.chartVersion,
      replicas: instance.harbor.replicas,
      highAvailability: instance.profile === "ha",
      expose: exposeFor(instance.ingress, `harbor-doks-tls`),
      protect: instance.protect,
      metrics: instance.monitoring.metrics,
      serviceMonitor: instance.monitoring.serviceMonitor,
      monitoringNamespace: instance.monitoring.namespace,
      traefik: instance.ingress?.controller === "install" ? PLATFORM_TRAEFIK : undefined,
      nodePool: instance.ingress?.controller === "install" ? instance.ingress.nodePool : undefined,
      ingressControllerNamespace:
        instance.ingress?.controller === "existing" ? instance.ingress.controllerNamespace : undefined,
      issuers: instance.ingress?.controller === "install" ? this.issuers(instance.ingress) : undefined,
      internalTls: instance.harbor.internalTls,
      // The platform's Traefik verifies core and portal; a controller of the user's own is told how in the README.
      traefikBackendTls: instance.harbor.internalTls && instance.ingress?.controller === "install",
    });

    if (instance.ingress?.controller === "install") {
      // Read by name: the platform stack names the load balancer through an annotation. This fails
      // until harbor-platform-<cluster> is deployed ("npx cdktf deploy 'harbor-*'" orders them).
      const loadBalancer = new DataDigitaloceanLoadbalancer(this, "LoadBalancer", {
        name: platformLoadBalancerName(this.cluster.id),
      });
      // Only Let's Encrypt (and, with acmeAccountUri, only this project's account) may issue for the host name, so a
      // tenant who briefly received its traffic could not get a certificate from another CA. Never at the zone apex:
      // CAA applies to every name below that has none of its own, other services of the zone included.
      const caa = caaIssueValue(instance.ingress.acmeAccountUri);
      const caaHere = instance.ingress.dnsZone !== undefined && instance.hostname !== instance.ingress.dnsZone;
      if (instance.ingress.dnsZone !== undefined && instance.ingress.dnsProvider === "digitalocean") {
        new DnsRecord(this, "DnsRecord", {
          domain: instance.ingress.dnsZone,
          type: "A",
          name: relativeRecordName(instance.hostname, instance.ingress.dnsZone),
          value: loadBalancer.ip,
          ttl: 300,
        });
        if (caaHere) {
          new DnsRecord(this, "CaaRecord", {
            domain: instance.ingress.dnsZone,
            type: "CAA",
            name: relativeRecordName(instance.hostname, instance.ingress.dnsZone),
            flags: 0,
            tag: "issue",
            value: caa,
            ttl: 3600,
          });
        }
      }
      if (!caaHere || instance.ingress.dnsProvider !== "digitalocean") {
        new TerraformOutput(this, "caa_record", {
          value: `${instance.hostname}. CAA 0 issue ${JSON.stringify(caa)}`,
          description: `Add this record where ${instance.hostname} is hosted unless the zone's own CAA records already cover it (at a zone apex it applies to every name below)`,
        });
      }
      if (instance.ingress.dnsZone === undefined || instance.ingress.dnsProvider !== "digitalocean") {
        new TerraformOutput(this, "dns_record", {
          value: `${instance.hostname}. A ${loadBalancer.ip}`,
          description: `Create this record where ${instance.hostname} is hosted (${instance.ingress.dnsZone === undefined ? "no dnsZone is set" : instance.ingress.dnsProvider}): the project manages DNS records only on DigitalOcean DNS`,
        });
      }
    }

    if (instance.backup !== undefined) {
      this.backup = new OffRegionBackup(this, "OffRegionBackup", {
        bucketName: instance.backup.bucket,
        region: instance.backup.region,
        primaryBucketName: this.bucket.bucketName,
        primaryRegion: instance.region,
        database: {
          host: this.postgres.privateHost,
          port: this.postgres.port,
          name: this.postgres.databaseName,
          user: this.postgres.user,
          password: this.postgres.password,
          caCertificate: this.postgres.caCertificate,
        },
        namespace: backupNamespaceName(instance.harbor.namespace),
        nodePool: instance.ingress?.controller === "install" ? instance.ingress.nodePool : undefined,
        schedule: instance.backup.schedule,
        keepDays: instance.backup.keepDays,
        protect: instance.protect,
        dependsOn: this.postgres instanceof ManagedPostgres ? [this.postgres.firewall] : [],
      });
      new TerraformOutput(this, "backup_bucket", {
        value: `${this.backup.bucketName} (${this.backup.region})`,
        description: "Off-region backup bucket (blobs under harbor/, database dumps under database/)",
      });
    }

    new TerraformOutput(this, "url", { value: this.harbor.url, description: "Harbor URL" });
    new TerraformOutput(this, "admin_user", { value: HARBOR_ADMIN_USER });
    new TerraformOutput(this, "admin_password", {
      value: this.harbor.adminPassword,
      sensitive: true,
      description: "Harbor admin password (terraform output -raw admin_password)",
    });
    new TerraformOutput(this, "admin_password_command", {
      value: this.harbor.adminPasswordCommand(),
      description: "Reads the admin password from the cluster",
    });
  }

  /** The Issuers of an instance served by the platform, with its DNS-01 credentials as sensitive variables. */
  private issuers(ingress: InstallIngress): HarborIssuers {
    if (ingress.challenge === "http01") return { email: ingress.email, challenge: { type: "http01" } };
    const provider = ingress.dnsProvider;
    // The schema requires dnsZone with dns01 (and route53 settings with route53).
    const zone = ingress.dnsZone ?? "";
    const challenge: AcmeChallenge = { type: "dns01", provider, zones: [zone], route53: ingress.route53 };
    const variables: Record<string, string> = DNS_CREDENTIAL_VARIABLES[provider];
    const credentials: Record<string, string> = {};
    const preconditions = [];
    for (const [key, name] of Object.entries(variables)) {
      const variable = secretVariable(this, name, `${DNS_CREDENTIAL_PURPOSES[provider]} ${zone} (${key})`);
      credentials[key] = variable.stringValue;
      preconditions.push(nonEmptyPrecondition(variable, `${DNS_CREDENTIAL_PURPOSES[provider]} ${zone} (${key})`));
    }
    return { email: ingress.email, challenge, dnsCredentials: credentials, dnsCredentialPreconditions: preconditions };
  }
}

const DNS_CREDENTIAL_PURPOSES: { readonly [P in DnsProvider]: string } = {
  digitalocean: "a DigitalOcean API token that can edit DNS records of",
  cloudflare: "a Cloudflare API token with Zone:DNS:Edit and Zone:Zone:Read on",
  route53: "an AWS access key (id and secret) allowed to change the Route 53 records of",
};

/** How Harbor is exposed for an instance's ingress settings. */
export function exposeFor(ingress: IngressConfig | undefined, tlsSecretName: string): HarborExpose {
  if (ingress === undefined) return { type: "clusterIP" };
  if (ingress.controller === "existing") {
    return {
      type: "ingress",
      className: ingress.className,
      issuer: { kind: "ClusterIssuer", name: ingress.clusterIssuer },
      tlsSecretName,
      keepChartAnnotations: true,
    };
  }
  return {
    type: "ingress",
    className: INGRESS_CLASS,
    classAsAnnotation: true,
    // The Issuers in Harbor's own namespace (HarborProps.issuers).
    issuer: { kind: "Issuer", name: ingress.staging ? LETSENCRYPT_STAGING : LETSENCRYPT_PRODUCTION },
    tlsSecretName,
    keepChartAnnotations: false,
  };
}

/** The record name inside its zone: `registry` for `registry.example.com` in `example.com`, `@` at the apex. */
export function relativeRecordName(hostname: string, zone: string): string {
  if (hostname === zone) return "@";
  if (!hostname.endsWith(`.${zone}`)) throw new Error(`hostname "${hostname}" is not inside DNS zone "${zone}"`);
  return hostname.slice(0, -(zone.length + 1));
}
