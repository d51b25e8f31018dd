import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { TerraformOutput } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { BackendConfig, ExistingIngress, InstallIngress, InstanceConfig } from "../config/resolve";
import { HarborExpose } from "../constructs/harbor/harbor-values";
import { AcmeChallenge, DnsProvider, caaIssueValue } from "../constructs/ingress/acme";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import type { ExistingDoksCluster } from "../constructs/digitalocean/existing-doks-cluster";
import { HARBOR_ADMIN_USER, Harbor, HarborIssuers, HarborScanner } from "../constructs/harbor/harbor";
import type { ManagedPostgres } from "../constructs/digitalocean/managed-postgres";
import type { ManagedValkey } from "../constructs/digitalocean/managed-valkey";
import type { ExistingPostgres } from "../constructs/digitalocean/existing-postgres";
import type { ExistingValkey } from "../constructs/digitalocean/existing-valkey";
import { HarborOnDoks } from "../constructs/compose/harbor-on-doks";
import type { IngressPlatform } from "../constructs/compose/ingress-platform";
import { defaultManagedPostgresName, defaultManagedValkeyName } from "../constructs/compose/naming";
import { refuseWhileFormerClusterExists } from "./former-clusters";
import type { RegistryBucket } from "../constructs/digitalocean/registry-bucket";
import type { OffRegionBackup } from "../constructs/backup/off-region-backup";
import { DNS_CREDENTIAL_VARIABLES, TRIVY_GITHUB_TOKEN_VARIABLE } from "../config/names";
import { VersionedStack } from "./required-version";

/** Properties of a {@link HarborStack}. */
export interface HarborStackProps {
  /** The instance, with defaults applied (see `config/resolve.ts`). */
  readonly instance: InstanceConfig;
  /** The platform of the instance's cluster, when `ingress.controller` is `install` (in its own stack). */
  readonly platform?: IngressPlatform;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/** Everything one Harbor instance needs, on an existing DOKS cluster. */
export class HarborStack extends VersionedStack {
  public readonly instance: HarborOnDoks;

  constructor(scope: Construct, id: string, props: HarborStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    // Token and Spaces keys come from DIGITALOCEAN_TOKEN / SPACES_ACCESS_KEY_ID /
    // SPACES_SECRET_ACCESS_KEY at plan time; nothing is read at synth time.
    new DigitaloceanProvider(this, "DigitalOcean", {});
    new RandomProvider(this, "Random", {});
    new TlsProvider(this, "Tls", {});

    const install = instance.ingress?.controller === "install" ? instance.ingress : undefined;
    // The project manages records on DigitalOcean DNS only; elsewhere an output says what to create.
    const recordManaged = install?.dnsZone !== undefined && install.dnsProvider === "digitalocean";
    // "Default": cdktf leaves this id out of logical ids, so the resources keep the addresses of earlier releases.
    this.instance = new HarborOnDoks(this, "Default", {
      name: instance.name,
      region: instance.region,
      hostname: instance.hostname,
      clusterName: instance.cluster,
      postgres: {
        existingClusterName: instance.postgres.existingCluster,
        otherClientPods: instance.postgres.otherClientPods,
        clusterName: defaultManagedPostgresName(instance.name),
        version: instance.postgres.version,
        size: instance.postgres.size,
        nodeCount: instance.postgres.nodes,
      },
      cache: {
        existingClusterName: instance.cache.existingCluster,
        clusterName: defaultManagedValkeyName(instance.name),
        version: instance.cache.version,
        size: instance.cache.size,
        nodeCount: instance.cache.nodes,
      },
      bucketName: instance.storage.bucket,
      bucketVersioning: instance.storage.versioning,
      protect: instance.protect,
      platform: props.platform,
      dnsZone: recordManaged ? install?.dnsZone : undefined,
      acmeAccountUri: install?.acmeAccountUri,
      ingressControllerNamespace:
        instance.ingress?.controller === "existing" ? instance.ingress.controllerNamespace : undefined,
      namespace: instance.harbor.namespace,
      createNamespace: instance.harbor.createNamespace,
      extraValues: instance.harbor.extraValues,
      chartVersion: instance.harbor.chartVersion,
      replicas: instance.harbor.replicas,
      highAvailability: instance.profile === "ha",
      // Behind the platform HarborOnDoks exposes Harbor itself; a controller of the user's own is named here.
      expose: instance.ingress?.controller === "existing" ? ownControllerExpose(instance.ingress) : undefined,
      issuers: install && this.issuers(install),
      letsEncryptStaging: install?.staging,
      internalTls: instance.harbor.internalTls,
      scanner: {
        database: instance.harbor.scanner.database,
        proxyCacheProject: instance.harbor.scanner.proxyCacheProject,
        ...(instance.harbor.scanner.githubToken ? this.trivyGithubToken() : {}),
      },
      metrics: instance.monitoring.metrics,
      serviceMonitor: instance.monitoring.serviceMonitor,
      monitoringNamespace: instance.monitoring.namespace,
      backup: instance.backup && {
        bucketName: instance.backup.bucket,
        region: instance.backup.region,
        schedule: instance.backup.schedule,
        keepDays: instance.backup.keepDays,
      },
    });
    if (instance.protect && instance.postgres.existingCluster !== undefined) {
      refuseWhileFormerClusterExists(this, "FormerPostgres", {
        formerName: defaultManagedPostgresName(instance.name),
        instance: instance.name,
        key: "postgres",
        then:
          "Move Harbor's data first (docs/bring-your-own.md: Switching an instance between a managed and an existing cluster), then delete that cluster yourself " +
          "(doctl databases delete), or remove existingCluster to keep it.",
      });
    }
    if (instance.protect && instance.cache.existingCluster !== undefined) {
      refuseWhileFormerClusterExists(this, "FormerValkey", {
        formerName: defaultManagedValkeyName(instance.name),
        instance: instance.name,
        key: "cache",
        then:
          "It holds Harbor's job queue and sessions: let running jobs finish, then delete it yourself (doctl " +
          "databases delete), or remove existingCluster to keep it.",
      });
    }

    // Where HarborOnDoks created no CAA record (another DNS provider, no zone, the zone's apex), an output gives it.
    if (install !== undefined && this.instance.caaRecord === undefined) {
      new TerraformOutput(this, "caa_record", {
        value: `${instance.hostname}. CAA 0 issue ${JSON.stringify(caaIssueValue(install.acmeAccountUri))}`,
        description: `Add this record where ${instance.hostname} is hosted unless the zone's own CAA records already cover it (at a zone apex it applies to every name below)`,
      });
    }
    if (install !== undefined && !recordManaged) {
      new TerraformOutput(this, "dns_record", {
        value: `${instance.hostname}. A ${this.instance.loadBalancerIp}`,
        description: `Create this record where ${instance.hostname} is hosted (${install.dnsZone === undefined ? "no dnsZone is set" : install.dnsProvider}): the project manages DNS records only on DigitalOcean DNS`,
      });
    }

    if (this.backup !== undefined) {
      new TerraformOutput(this, "backup_bucket", {
        value: `${this.backup.bucketName} (${this.backup.bucketRegion})`,
        description: "Off-region backup bucket (blobs under harbor/, database dumps under database/)",
      });
    }

    new TerraformOutput(this, "url", { value: this.harbor.harborUrl, description: "Harbor URL" });
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

  public get cluster(): ExistingDoksCluster {
    return this.instance.cluster;
  }
  public get postgres(): ManagedPostgres | ExistingPostgres {
    return this.instance.postgres;
  }
  public get cache(): ManagedValkey | ExistingValkey {
    return this.instance.cache;
  }
  public get bucket(): RegistryBucket {
    return this.instance.bucket;
  }
  public get harbor(): Harbor {
    return this.instance.harbor;
  }
  /** The off-region backup, when the instance has a `backup` block. */
  public get backup(): OffRegionBackup | undefined {
    return this.instance.backup;
  }

  /** The scanner's GitHub token: a sensitive variable, checked non-empty where its Secret is created or updated. */
  private trivyGithubToken(): Pick<HarborScanner, "githubToken" | "githubTokenPreconditions"> {
    const purpose = "a GitHub token for the scanner's vulnerability database downloads (no scopes needed)";
    const variable = secretVariable(this, TRIVY_GITHUB_TOKEN_VARIABLE, purpose);
    return { githubToken: variable.stringValue, githubTokenPreconditions: [nonEmptyPrecondition(variable, purpose)] };
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

/** How Harbor is exposed through an ingress controller and cert-manager issuer the cluster already runs. */
export function ownControllerExpose(ingress: ExistingIngress): HarborExpose {
  return {
    type: "ingress",
    className: ingress.className,
    issuer: { kind: "ClusterIssuer", name: ingress.clusterIssuer },
    tlsSecretName: "harbor-doks-tls",
    keepChartAnnotations: true,
  };
}
