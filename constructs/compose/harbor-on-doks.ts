import { Construct } from "constructs";
import { ITerraformDependable, Token, dependable } from "cdktf";
import { DataDigitaloceanLoadbalancer } from "@cdktf/provider-digitalocean/lib/data-digitalocean-loadbalancer";
import { Record as DnsRecord } from "@cdktf/provider-digitalocean/lib/record";
import { ValidationError } from "../core/errors";
import { checkProp } from "../core/validation";
import { ExistingDoksCluster } from "../digitalocean/existing-doks-cluster";
import { ManagedPostgres } from "../digitalocean/managed-postgres";
import { ManagedValkey } from "../digitalocean/managed-valkey";
import { ExistingPostgres } from "../digitalocean/existing-postgres";
import { ExistingValkey } from "../digitalocean/existing-valkey";
import { sharedDatabaseName } from "../digitalocean/existing-database-checks";
import { RegistryBucket } from "../digitalocean/registry-bucket";
import { OffRegionBackup } from "../backup/off-region-backup";
import { UpgradeDump } from "../backup/upgrade-dump";
import { Harbor, HarborIssuers, HarborScanner } from "../harbor/harbor";
import { DEFAULT_HARBOR_CHART_VERSION, DEFAULT_HARBOR_NAMESPACE } from "../harbor/chart";
import { HarborExpose } from "../harbor/harbor-values";
import { backupNamespaceName } from "../harbor/naming";
import { caaIssueValue } from "../ingress/acme";
import { platformLoadBalancerName } from "../ingress/policy-values";
import { LETSENCRYPT_PRODUCTION, LETSENCRYPT_STAGING } from "../ingress/acme";
import { IngressPlatform } from "./ingress-platform";
import {
  clusterChoiceProblem,
  defaultManagedPostgresName,
  defaultManagedValkeyName,
  instanceNameProblem,
  recordZoneProblem,
  relativeRecordName,
} from "./naming";

/** Harbor's PostgreSQL: a cluster created for it, or a database in an existing cluster. */
export interface HarborOnDoksPostgres {
  /**
   * An existing PostgreSQL cluster (in the instance's region) to hold Harbor's database and user, both named
   * `harbor_<instance name>`; the managed settings below are then not used.
   * @default - a cluster created for this instance
   */
  readonly existingClusterName?: string;
  /** Name of the cluster created for this instance. @default "harbor-<name>-pg" */
  readonly clusterName?: string;
  /** PostgreSQL major version of the created cluster. @default - `ManagedPostgres`'s default */
  readonly version?: string;
  /** Node size slug of the created cluster. @default - `ManagedPostgres`'s default */
  readonly size?: string;
  /** Nodes of the created cluster (1-3). @default - `ManagedPostgres`'s default */
  readonly nodeCount?: number;
  /** Database client pods of other Harbor instances on the existing cluster. @default 0 */
  readonly otherClientPods?: number;
}

/** Harbor's Valkey: a cluster created for it, or an existing one (whose databases it then uses alone). */
export interface HarborOnDoksCache {
  /** An existing Valkey cluster in the instance's region. @default - a cluster created for this instance */
  readonly existingClusterName?: string;
  /** Name of the cluster created for this instance. @default "harbor-<name>-valkey" */
  readonly clusterName?: string;
  /** Valkey major version of the created cluster. @default - `ManagedValkey`'s default */
  readonly version?: string;
  /** Node size slug of the created cluster. @default - `ManagedValkey`'s default */
  readonly size?: string;
  /** Nodes of the created cluster (1-2). @default - `ManagedValkey`'s default */
  readonly nodeCount?: number;
}

/** The off-region copy of the blobs and database dumps. */
export interface HarborOnDoksBackup {
  /** Name of the backup bucket (globally unique). */
  readonly bucketName: string;
  /** Region of the backup bucket; must differ from the instance's. */
  readonly region: string;
  /** Kubernetes cron schedule (UTC). @default - `OffRegionBackup`'s default */
  readonly schedule?: string;
  /** Days a dump and a deleted blob are kept. @default - `OffRegionBackup`'s default */
  readonly keepDays?: number;
}

/** Properties of a {@link HarborOnDoks}. */
export interface HarborOnDoksProps {
  /**
   * Instance name: lowercase letters, digits and hyphens. Tags (`harbor-<name>`) and the default names of the
   * created database clusters and of the shared database derive from it.
   */
  readonly name: string;
  /** Region slug of the cluster, the databases and the bucket, e.g. `fra1` (checked against the cluster at plan). */
  readonly region: string;
  /** Host name users `docker login` to. */
  readonly hostname: string;
  /**
   * The cluster, when the stack already looks it up (e.g. the `cluster` of an `IngressPlatform` in the same stack).
   * Exactly one of `cluster` and `clusterName`.
   * @default - looked up by `clusterName`
   */
  readonly cluster?: ExistingDoksCluster;
  /**
   * Name of the existing DOKS cluster, looked up here (which also configures the stack's `kubernetes` and `helm`
   * providers). Exactly one of `cluster` and `clusterName`.
   * @default - `cluster.clusterName`
   */
  readonly clusterName?: string;
  /** The database. @default - a cluster created for this instance with `ManagedPostgres`'s defaults */
  readonly postgres?: HarborOnDoksPostgres;
  /** The cache. @default - a cluster created for this instance with `ManagedValkey`'s defaults */
  readonly cache?: HarborOnDoksCache;
  /** Name of the blob bucket (globally unique). */
  readonly bucketName: string;
  /** Keep previous versions of blobs in the bucket. @default - `RegistryBucket`'s default */
  readonly bucketVersioning?: boolean;
  /**
   * `prevent_destroy` on everything holding data: databases, bucket, Harbor's secret key, the backup bucket.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * The ingress platform that serves this Harbor. The platform then serves `namespace` (`IngressPlatform.
   * serveNamespace`: Traefik's access to it and the namespace in Traefik's watch list, also when the platform is in
   * another stack), and Harbor gets an Ingress of Traefik's class with backend TLS to core and portal (when
   * `internalTls`) and, in the same stack, a `depends_on` on the releases that install the Traefik and cert-manager
   * CRDs; in another stack, a dependency of this stack on the platform's.
   * @default - none: an ingress controller of your own (`expose`) or port-forward
   */
  readonly platform?: IngressPlatform;
  /**
   * A DigitalOcean DNS zone (a domain of the account) to create `hostname`'s A record in, pointing at the platform's
   * load balancer (TTL 300 s; a new address updates the record in place). Needs `platform`.
   * @default - no record: point `hostname` at `loadBalancerIp` where the name is hosted
   */
  readonly dnsZone?: string;
  /**
   * With `dnsZone`: the CAA record for `hostname` admits only this ACME account of Let's Encrypt (RFC 8657
   * `accounturi`), e.g. `https://acme-v02.api.letsencrypt.org/acme/acct/123456789`.
   * @default - any Let's Encrypt account
   */
  readonly acmeAccountUri?: string;
  /**
   * Namespace of an ingress controller of your own: the only namespace whose pods may reach core, portal and the
   * ACME solver pods (see `HarborProps.ingressControllerNamespace`).
   * @default - the platform's Traefik namespace with `platform`, else any namespace
   */
  readonly ingressControllerNamespace?: string;
  /**
   * A DOKS node pool for Harbor's pods, its grant Job and the backup CronJobs (see `HarborProps.nodePool`).
   * @default - the platform's `nodePool`, if any
   */
  readonly nodePool?: string;
  /** Harbor's namespace. @default "harbor" */
  readonly namespace?: string;
  /** Create (and on destroy delete) the namespace. @default true */
  readonly createNamespace?: boolean;
  /** Chart values of your own (see `HarborProps.extraValues`). @default {} */
  readonly extraValues?: Record<string, unknown>;
  /** Harbor chart version. @default - `Harbor`'s default */
  readonly chartVersion?: string;
  /** Replicas of Harbor's components. @default 2 */
  readonly replicas?: number;
  /** PodDisruptionBudgets and spreading pods over nodes. @default true when replicas > 1 */
  readonly highAvailability?: boolean;
  /**
   * How clients reach Harbor.
   * @default - with `platform`: an Ingress of Traefik's class (TLS Secret `harbor-doks-tls`) whose certificate comes
   * from the `letsencrypt-prod` Issuer of `issuers` (`letsencrypt-staging` with `letsEncryptStaging`); without:
   * `{ type: "clusterIP" }`
   */
  readonly expose?: HarborExpose;
  /** Let's Encrypt Issuers in Harbor's namespace (see `HarborProps.issuers`). @default - none */
  readonly issuers?: HarborIssuers;
  /**
   * With `platform` and the default `expose`: the certificate comes from Let's Encrypt's staging CA (not trusted by
   * clients; for trying a setup out without the production rate limits). A change re-issues the certificate.
   * @default false
   */
  readonly letsEncryptStaging?: boolean;
  /** Harbor's internal TLS. @default true */
  readonly internalTls?: boolean;
  /**
   * Traefik verifies core and portal over HTTPS (see `HarborProps.traefikBackendTls`).
   * @default - on with `platform` and `internalTls`
   */
  readonly traefikBackendTls?: boolean;
  /**
   * Where the scanner gets its vulnerability databases (see `HarborProps.scanner`).
   * @default - the chart's public repositories, anonymously
   */
  readonly scanner?: HarborScanner;
  /** Prometheus metrics. @default false */
  readonly metrics?: boolean;
  /** A ServiceMonitor for them. @default false */
  readonly serviceMonitor?: boolean;
  /** The only namespace whose pods may reach the metrics port. @default "monitoring" */
  readonly monitoringNamespace?: string;
  /**
   * The off-region backup. With it, the dump before an upgrade (`upgradeDump`) goes into the backup bucket
   * (`OffRegionBackupProps.harborChartVersion`).
   * @default - none
   */
  readonly backup?: HarborOnDoksBackup;
  /**
   * Dump the database before Harbor changes version: an apply that changes `chartVersion` first runs a one-shot
   * `pg_dump` (a Helm pre-upgrade hook Job), named `database/<db>-<from>-to-<to>-<UTC time>.dump`, into the backup
   * bucket with `backup` (`OffRegionBackupProps.harborChartVersion`), else into Harbor's own bucket beside its
   * registry tree (`UpgradeDump`); Harbor's release changes version only after that dump succeeded. Off: no dump,
   * and Harbor's release waits for nothing of the kind; take the dump yourself (docs/upgrading.md).
   * @default true
   */
  readonly upgradeDump?: boolean;
}

/**
 * A whole Harbor instance on an existing DOKS cluster: the cluster lookup, PostgreSQL and Valkey (created, or
 * existing clusters), the blob bucket, Harbor with its namespace objects, metrics when asked, the off-region
 * backup when asked, and the dump of the database before Harbor changes version (`upgradeDump`). Given the
 * {@link IngressPlatform} that serves it, it is wired to it safely (see `HarborOnDoksProps.platform`). The
 * cross-instance rules of one app hold: one Harbor per namespace of a cluster, one region per cluster, one Harbor per
 * existing Valkey.
 * Later changes: each part answers for its own inputs (see the constructs it is made of); switching between a
 * created and an existing database replaces it, which `protect` refuses. Adding or removing `backup` swaps the
 * `UpgradeDump` and the backup release: docs/upgrading.md, "Adding or removing a backup block".
 * Providers: the stack needs DigitaloceanProvider, RandomProvider and TlsProvider; the cluster lookup adds
 * KubernetesProvider and HelmProvider.
 */
export class HarborOnDoks extends Construct {
  /** Whether `x` is a HarborOnDoks (also across copies of this library). */
  public static isHarborOnDoks(x: unknown): x is HarborOnDoks {
    return typeof x === "object" && x !== null && HARBOR_ON_DOKS in x;
  }

  /** Instance name. */
  public readonly instanceName: string;
  /** Region of the instance. */
  public readonly instanceRegion: string;
  /** The cluster lookup (the one given, or this construct's own). */
  public readonly cluster: ExistingDoksCluster;
  /** Name of the cluster. */
  public readonly clusterName: string;
  public readonly postgres: ManagedPostgres | ExistingPostgres;
  public readonly cache: ManagedValkey | ExistingValkey;
  public readonly bucket: RegistryBucket;
  public readonly harbor: Harbor;
  /** The off-region backup, when `backup` is set. */
  public readonly backup?: OffRegionBackup;
  /** The dump before an upgrade into Harbor's bucket: with `upgradeDump` on and no `backup`. */
  public readonly upgradeDump?: UpgradeDump;
  /** Harbor's namespace. */
  public readonly harborNamespace: string;
  /**
   * The public address of the platform's load balancer, when `platform` is set (read by name in another stack,
   * which fails at plan until the platform's stack is deployed).
   */
  public readonly loadBalancerIp?: string;
  /**
   * The CAA record that admits only Let's Encrypt for `hostname` (with `dnsZone`, below the zone's apex); undefined
   * where the record must be added elsewhere.
   */
  public readonly caaRecord?: DnsRecord;

  constructor(scope: Construct, id: string, props: HarborOnDoksProps) {
    super(scope, id);
    Object.defineProperty(this, HARBOR_ON_DOKS, { value: true });
    checkProp(this, "name", props.name, instanceNameProblem(props.name));
    const clusterProblem = clusterChoiceProblem(props.cluster, props.clusterName);
    if (clusterProblem !== undefined) throw new ValidationError(this, "cluster", clusterProblem);
    const platform = props.platform;
    const namespace = props.namespace ?? DEFAULT_HARBOR_NAMESPACE;
    const protect = props.protect ?? true;
    const internalTls = props.internalTls ?? true;
    this.instanceName = props.name;
    this.instanceRegion = props.region;
    this.harborNamespace = namespace;
    this.clusterName = props.cluster?.clusterName ?? (props.clusterName as string);
    checkPlatform(this, props);
    refuseClashWithOtherInstances(this, props);

    const tags = ["harbor", `harbor-${props.name}`];
    this.cluster =
      props.cluster ??
      new ExistingDoksCluster(this, "Cluster", {
        clusterName: this.clusterName,
        // Plan-time check: the databases and the bucket below are created in this region.
        region: props.region,
      });
    const common = {
      region: props.region,
      vpcUuid: this.cluster.vpcUuid,
      allowedClusterIds: [this.cluster.clusterId],
      tags,
      protect,
    };
    // Existing or managed under the same id: the database keeps its address, so a switch is a replacement that
    // prevent_destroy refuses (see ExistingPostgres).
    const postgres = props.postgres ?? {};
    this.postgres =
      postgres.existingClusterName !== undefined
        ? new ExistingPostgres(this, "Postgres", {
            clusterName: postgres.existingClusterName,
            region: props.region,
            vpcUuid: this.cluster.vpcUuid,
            databaseName: sharedDatabaseName(props.name),
            userName: sharedDatabaseName(props.name),
            protect,
            otherClientPods: postgres.otherClientPods,
          })
        : new ManagedPostgres(this, "Postgres", {
            ...common,
            name: postgres.clusterName ?? defaultManagedPostgresName(props.name),
            version: postgres.version,
            size: postgres.size,
            nodeCount: postgres.nodeCount,
          });
    const cache = props.cache ?? {};
    this.cache =
      cache.existingClusterName !== undefined
        ? new ExistingValkey(this, "Valkey", {
            clusterName: cache.existingClusterName,
            region: props.region,
            vpcUuid: this.cluster.vpcUuid,
          })
        : new ManagedValkey(this, "Valkey", {
            ...common,
            name: cache.clusterName ?? defaultManagedValkeyName(props.name),
            version: cache.version,
            size: cache.size,
            nodeCount: cache.nodeCount,
          });
    this.bucket = new RegistryBucket(this, "Bucket", {
      bucketName: props.bucketName,
      region: props.region,
      versioning: props.bucketVersioning,
      protect,
    });

    const nodePool = props.nodePool ?? platform?.nodePool;
    this.harbor = new Harbor(this, "Harbor", {
      hostname: props.hostname,
      database: this.postgres,
      cache: this.cache,
      storage: this.bucket,
      namespace: props.namespace,
      createNamespace: props.createNamespace,
      extraValues: props.extraValues,
      chartVersion: props.chartVersion,
      replicas: props.replicas,
      highAvailability: props.highAvailability,
      expose: props.expose ?? defaultExpose(platform, props.letsEncryptStaging ?? false),
      protect,
      metrics: props.metrics,
      serviceMonitor: props.serviceMonitor,
      monitoringNamespace: props.monitoringNamespace,
      // The platform's own TraefikIngress: Harbor has it serve the namespace and orders itself after the CRDs.
      traefik: platform?.ingress,
      issuers: props.issuers,
      internalTls,
      traefikBackendTls: props.traefikBackendTls ?? (platform !== undefined && internalTls),
      scanner: props.scanner,
      nodePool,
      ingressControllerNamespace: props.ingressControllerNamespace,
    });

    if (platform !== undefined) {
      // In another stack: read by name, without a cross-stack value. A name given to the platform as a string is
      // used as it is; the default comes from the cluster's id, which this stack's own lookup of the same cluster has.
      this.loadBalancerIp = platform.inSameStack(this)
        ? platform.loadBalancerIp
        : new DataDigitaloceanLoadbalancer(this, "LoadBalancer", {
            name: Token.isUnresolved(platform.loadBalancerName)
              ? platformLoadBalancerName(this.cluster.clusterId)
              : platform.loadBalancerName,
          }).ip;
      if (props.dnsZone !== undefined) {
        new DnsRecord(this, "DnsRecord", {
          domain: props.dnsZone,
          type: "A",
          name: relativeRecordName(props.hostname, props.dnsZone),
          value: this.loadBalancerIp,
          ttl: 300,
        });
        // Only Let's Encrypt (and, with acmeAccountUri, only that account) may issue for the host name, so a tenant
        // who briefly received its traffic could not get a certificate from another CA. Never at the zone apex: CAA
        // applies to every name below that has none of its own, other services of the zone included.
        if (props.hostname !== props.dnsZone) {
          this.caaRecord = new DnsRecord(this, "CaaRecord", {
            domain: props.dnsZone,
            type: "CAA",
            name: relativeRecordName(props.hostname, props.dnsZone),
            flags: 0,
            tag: "issue",
            value: caaIssueValue(props.acmeAccountUri),
            ttl: 3600,
          });
        }
      }
    }

    const upgradeDump = props.upgradeDump ?? true;
    const harborChartVersion = props.chartVersion ?? DEFAULT_HARBOR_CHART_VERSION;
    const databaseDependsOn: ITerraformDependable[] =
      this.postgres instanceof ManagedPostgres ? [this.postgres.firewall] : [];
    const database = {
      host: this.postgres.privateHost,
      port: this.postgres.port,
      name: this.postgres.databaseName,
      user: this.postgres.user,
      password: this.postgres.password,
      caCertificate: this.postgres.caCertificate,
    };
    if (props.backup !== undefined) {
      this.backup = new OffRegionBackup(this, "OffRegionBackup", {
        bucketName: props.backup.bucketName,
        region: props.backup.region,
        primaryBucketName: this.bucket.bucketName,
        primaryRegion: props.region,
        database,
        namespace: backupNamespaceName(namespace),
        nodePool,
        schedule: props.backup.schedule,
        keepDays: props.backup.keepDays,
        harborChartVersion: upgradeDump ? harborChartVersion : undefined,
        protect,
        dependsOn: databaseDependsOn,
      });
    } else if (upgradeDump) {
      this.upgradeDump = new UpgradeDump(this, "UpgradeDump", {
        harborChartVersion,
        // Harbor's namespace, through the release of its namespace objects: the Job's pod starts where the
        // namespace's NetworkPolicies already are. (Harbor's own release cannot be the reference: it depends on this.)
        namespace: this.harbor.namespaceObjects.release.namespace,
        storage: this.bucket,
        database,
        nodePool,
        dependsOn: databaseDependsOn,
      });
    }
    // The dump's release runs its pre-upgrade hook when Harbor's version changes: Harbor's release changes version
    // only after that upgrade, and not when the dump failed. That release reads nothing of Harbor's release, so this
    // order has no cycle.
    const dumpRelease = upgradeDump ? (this.backup?.release ?? this.upgradeDump?.release) : undefined;
    if (dumpRelease !== undefined) {
      const harborRelease = this.harbor.release;
      harborRelease.dependsOn = [...(harborRelease.dependsOn ?? []), dependable(dumpRelease)];
    }
  }
}

const HARBOR_ON_DOKS = Symbol.for("harbor-doks.HarborOnDoks");

/** The Ingress of a Harbor behind the platform: Traefik's class, certificate from the namespace's Issuer. */
function defaultExpose(platform: IngressPlatform | undefined, staging: boolean): HarborExpose {
  if (platform === undefined) return { type: "clusterIP" };
  return {
    type: "ingress",
    className: platform.ingress.ingressClassName,
    classAsAnnotation: true,
    issuer: { kind: "Issuer", name: staging ? LETSENCRYPT_STAGING : LETSENCRYPT_PRODUCTION },
    tlsSecretName: "harbor-doks-tls",
    keepChartAnnotations: false,
  };
}

/** The rules between an instance and the platform that serves it. */
function checkPlatform(instance: HarborOnDoks, props: HarborOnDoksProps): void {
  const platform = props.platform;
  if (props.dnsZone !== undefined) {
    if (platform === undefined) {
      throw new ValidationError(
        instance,
        "dnsZone",
        "needs platform: the record points at the platform's load balancer; set platform or leave dnsZone out",
      );
    }
    if (!Token.isUnresolved(props.hostname) && !Token.isUnresolved(props.dnsZone)) {
      checkProp(instance, "dnsZone", props.dnsZone, recordZoneProblem(props.hostname, props.dnsZone));
    }
  }
  if (platform === undefined) return;
  if (platform.clusterName !== instance.clusterName) {
    throw new ValidationError(
      instance,
      "platform",
      `serves cluster "${platform.clusterName}", but this instance runs on "${instance.clusterName}": give it the ` +
        `IngressPlatform of "${instance.clusterName}"`,
    );
  }
  if (props.issuers === undefined && props.expose === undefined) {
    throw new ValidationError(
      instance,
      "issuers",
      "is missing: behind the platform Harbor's certificate comes from a Let's Encrypt Issuer in its namespace; " +
        "set issuers ({ email, challenge }) or an expose of your own",
    );
  }
}

/** What one instance takes for itself in an app: names no other instance may take too. */
interface Claims {
  readonly name: string;
  readonly hostname: string;
  readonly clusterName: string;
  readonly region: string;
  readonly namespace: string;
  /** The blob bucket and the backup bucket. */
  readonly buckets: readonly string[];
  /** Database clusters this instance creates. */
  readonly createdClusters: readonly string[];
  readonly existingPostgres?: string;
  readonly existingCache?: string;
}

const CLAIMS = new WeakMap<HarborOnDoks, Claims>();

/** Rules between the instances of one app (in any of its stacks): what two instances could otherwise both claim. */
function refuseClashWithOtherInstances(instance: HarborOnDoks, props: HarborOnDoksProps): void {
  const mine: Claims = {
    name: props.name,
    hostname: props.hostname,
    clusterName: instance.clusterName,
    region: props.region,
    namespace: instance.harborNamespace,
    buckets: [props.bucketName, ...(props.backup ? [props.backup.bucketName] : [])],
    createdClusters: [
      ...(props.postgres?.existingClusterName === undefined
        ? [props.postgres?.clusterName ?? defaultManagedPostgresName(props.name)]
        : []),
      ...(props.cache?.existingClusterName === undefined
        ? [props.cache?.clusterName ?? defaultManagedValkeyName(props.name)]
        : []),
    ],
    existingPostgres: props.postgres?.existingClusterName,
    existingCache: props.cache?.existingClusterName,
  };
  const refuse = (prop: string, problem: string) => {
    throw new ValidationError(instance, prop, problem);
  };
  if (props.backup !== undefined && props.backup.bucketName === props.bucketName) {
    refuse("backup.bucketName", `"${props.bucketName}" is also bucketName: give the backup a bucket of its own`);
  }
  for (const node of instance.node.root.node.findAll()) {
    const other = HarborOnDoks.isHarborOnDoks(node) && node !== instance ? CLAIMS.get(node) : undefined;
    if (other === undefined) continue;
    const path = node.node.path;
    if (other.name === mine.name) {
      refuse("name", `"${mine.name}" is also the name of ${path}: the names of created clusters derive from it`);
    }
    if (other.hostname === mine.hostname) refuse("hostname", `"${mine.hostname}" is also the host name of ${path}`);
    const bucket = mine.buckets.find((b) => other.buckets.includes(b));
    if (bucket !== undefined) {
      refuse(
        bucket === props.bucketName ? "bucketName" : "backup.bucketName",
        `"${bucket}" is also a bucket of ${path}`,
      );
    }
    for (const [prop, existing] of [
      ["postgres.existingClusterName", mine.existingPostgres],
      ["cache.existingClusterName", mine.existingCache],
    ] as const) {
      if (existing !== undefined && other.createdClusters.includes(existing)) {
        refuse(
          prop,
          `"${existing}" is created by ${path} and belongs to its stack: name a cluster nothing here creates`,
        );
      }
    }
    if (mine.existingCache !== undefined && other.existingCache === mine.existingCache) {
      refuse(
        "cache.existingClusterName",
        `"${mine.existingCache}" is already the cache of ${path}: Harbor's components take fixed Valkey databases ` +
          "(core always 0), so two instances on one Valkey would read each other's sessions and jobs; give each " +
          "instance its own cache",
      );
    }
    if (other.clusterName !== mine.clusterName) continue;
    if (other.namespace === mine.namespace) {
      refuse(
        "namespace",
        `"${mine.namespace}" on cluster "${mine.clusterName}" is already ${path}'s: give each instance its own namespace`,
      );
    }
    if (other.region !== mine.region) {
      refuse(
        "region",
        `"${mine.region}" differs from "${other.region}" of ${path} on the same cluster "${mine.clusterName}": a ` +
          "cluster lives in one region, and its databases and bucket must be there too",
      );
    }
  }
  CLAIMS.set(instance, mine);
}
