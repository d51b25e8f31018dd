import { createHash } from "node:crypto";
import { RawConfig, RawInstance } from "./schema";
import { defaultScannerDatabase, ghcrProxyCache } from "./schema";
import type { ScannerDatabaseMode } from "../constructs/harbor/scanner";
import { DEFAULT_HARBOR_CHART_VERSION, DEFAULT_HARBOR_NAMESPACE } from "../constructs/harbor/chart";
import { DEFAULT_BACKUP_SCHEDULE, PROFILE_DEFAULTS } from "./defaults";
import { DEFAULT_MONITORING_NAMESPACE } from "../constructs/core/network-policy";
import { DEFAULT_READ_TIMEOUT_SECONDS } from "../constructs/ingress/platform-values";
import { hasConfigStackSettings, resolveDay2 } from "./day2/registry";
import { otherClientPods } from "./existing-database-clusters";
import { configStackName, harborStackName, platformStackName, replicationStackName } from "./names";

// The resolved config's types are those of the schema's output (config/schema.ts) with the defaults below filled in:
// each is inferred from the function that fills it in, so a key is declared once, in the schema.

/** One Harbor instance with every default filled in; its day-2 keys come from config/day2/registry.ts. */
export type InstanceConfig = ReturnType<typeof resolveInstance>;
/** How Harbor is reached from outside the cluster. Absent: cluster-internal only. */
export type IngressConfig = NonNullable<InstanceConfig["ingress"]>;
/** This project installs Traefik, cert-manager and the Let's Encrypt issuers on the cluster. */
export type InstallIngress = Extract<IngressConfig, { controller: "install" }>;
/** Harbor behind an ingress controller of the cluster owner's. */
export type ExistingIngress = Extract<IngressConfig, { controller: "existing" }>;
/** Remote Terraform state in a Spaces bucket, shared by every stack. */
export type BackendConfig = NonNullable<HarborConfig["backend"]>;
/** The whole config file with every default filled in. */
export type HarborConfig = ReturnType<typeof resolveConfig>;

/**
 * Whether an instance has day-2 settings, and so a `harbor-<name>-config` stack: any feature of the config stack
 * asks for something (config/day2/registry.ts), or it is a replication TARGET (its robot for the source lives there).
 * A source's rules get a stack of their own, `harbor-<name>-replication`, which deploys after the targets' config
 * stacks (two instances replicating to each other would otherwise wait on each other).
 */
export function hasDay2Config(instance: InstanceConfig): boolean {
  return hasConfigStackSettings(instance) || instance.replicationTarget;
}

/**
 * Deterministic bucket name for an instance: readable prefix plus a hash of the hostname, because
 * Spaces bucket names are shared by every DigitalOcean customer in a region.
 */
export function deriveBucketName(instanceName: string, hostname: string): string {
  const hash = createHash("sha256").update(hostname).digest("hex").slice(0, 8);
  return `harbor-${instanceName}-${hash}`;
}

/** Backup bucket name: like {@link deriveBucketName}, with a `-backup` part. */
function deriveBackupBucketName(instanceName: string, hostname: string): string {
  return deriveBucketName(instanceName, hostname).replace(/-([0-9a-f]{8})$/, "-backup-$1");
}

/**
 * An instance with its defaults. `replicationTarget`: another instance replicates to this one (it then needs a robot,
 * in its config stack). `otherClientPods`: with `postgres.existingCluster`, the database client pods of the other
 * instances of this config on that cluster.
 */
function resolveInstance(raw: RawInstance, replicationTarget: boolean, otherClientPods?: number) {
  const profile = raw.profile ?? "ha";
  const defaults = PROFILE_DEFAULTS[profile];
  return {
    name: raw.name,
    region: raw.region,
    cluster: raw.cluster,
    hostname: raw.hostname,
    profile,
    /** With `existingCluster`, version/size/nodes are unused (the existing cluster has its own). */
    postgres: {
      ...defaults.postgres,
      ...raw.postgres,
      ...(otherClientPods === undefined ? {} : { otherClientPods }),
    },
    cache: { ...defaults.cache, ...raw.cache },
    storage: {
      bucket: raw.storage?.bucket ?? deriveBucketName(raw.name, raw.hostname),
      versioning: raw.storage?.versioning ?? true,
    },
    protect: raw.protect ?? true,
    harbor: {
      namespace: raw.harbor?.namespace ?? DEFAULT_HARBOR_NAMESPACE,
      chartVersion: raw.harbor?.chartVersion ?? DEFAULT_HARBOR_CHART_VERSION,
      replicas: raw.harbor?.replicas ?? defaults.replicas,
      /** Harbor's internal TLS. */
      internalTls: raw.harbor?.internalTls ?? true,
      /** False: the namespace exists, and the stack neither creates nor deletes it. */
      createNamespace: raw.harbor?.createNamespace ?? true,
      /** Chart values of the user's own (`valuesFile`, then `values` over it), guarded; empty: none. */
      extraValues: raw.harbor?.values ?? {},
      scanner: resolveScanner(raw),
    },
    /** Absent: Harbor is reachable inside the cluster only. */
    ingress: resolveIngress(raw.ingress),
    ...resolveDay2(raw),
    /** Another instance replicates to this one (it then needs a robot, in its config stack). */
    replicationTarget,
    /** Absent: no off-region backup. */
    backup: raw.backup && {
      region: raw.backup.region,
      schedule: raw.backup.schedule ?? DEFAULT_BACKUP_SCHEDULE,
      keepDays: raw.backup.keepDays ?? 30,
      bucket: raw.backup.bucket ?? deriveBackupBucketName(raw.name, raw.hostname),
    },
    monitoring: {
      metrics: raw.monitoring?.metrics ?? false,
      serviceMonitor: raw.monitoring?.serviceMonitor ?? false,
      /** The only namespace that may scrape the metrics ports (NetworkPolicies). */
      namespace: raw.monitoring?.namespace ?? DEFAULT_MONITORING_NAMESPACE,
    },
  };
}

/** Where Trivy gets its databases, and whether a GitHub token (TF_VAR_trivy_github_token) is used. */
function resolveScanner(raw: RawInstance): {
  readonly database: ScannerDatabaseMode;
  readonly proxyCacheProject?: string;
  readonly githubToken: boolean;
} {
  const scanner = raw.harbor?.scanner;
  const database = scanner?.database ?? defaultScannerDatabase(raw);
  return {
    database,
    proxyCacheProject:
      database === "proxy-cache" ? (scanner?.proxyCacheProject ?? ghcrProxyCache(raw)?.project) : undefined,
    githubToken: scanner?.githubToken ?? false,
  };
}

function resolveIngress(raw: RawInstance["ingress"]) {
  if (raw === undefined) return undefined;
  if (raw.controller === "existing") {
    // The cluster already runs an ingress controller and cert-manager. The schema requires all three keys there.
    return {
      controller: "existing" as const,
      className: raw.className ?? "",
      clusterIssuer: raw.clusterIssuer ?? "",
      /** The controller's namespace, the only one Harbor's entry points admit. */
      controllerNamespace: raw.controllerNamespace ?? "",
    };
  }
  return {
    controller: "install" as const,
    email: raw.email ?? "",
    challenge: raw.challenge ?? "http01",
    dnsZone: raw.dnsZone,
    /** Where dnsZone is hosted: the DNS record is created only on DigitalOcean; DNS-01 uses that provider's solver. */
    dnsProvider: raw.dnsProvider ?? "digitalocean",
    /** With dnsProvider route53 and DNS-01. */
    route53: raw.route53,
    staging: raw.staging ?? false,
    acmeAccountUri: raw.acmeAccountUri,
    loadBalancerSizeUnits: raw.loadBalancerSizeUnits ?? 1,
    readTimeoutSeconds: raw.readTimeoutSeconds ?? DEFAULT_READ_TIMEOUT_SECONDS,
    nodePool: raw.nodePool,
    tenantNodePolicy: raw.tenantNodePolicy ?? false,
  };
}

export function resolveConfig(raw: RawConfig) {
  const backend = raw.backend && {
    type: raw.backend.type,
    bucket: raw.backend.bucket,
    region: raw.backend.region,
    /** State keys are `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: raw.backend.keyPrefix ?? "harbor",
  };
  const targets = new Set(raw.instances.flatMap((instance) => (instance.replication ?? []).map((rule) => rule.to)));
  const shared = otherClientPods(
    raw.instances
      .map((instance) => resolveInstance(instance, false))
      .map((i) => ({ ...i, replicas: i.harbor.replicas, metrics: i.monitoring.metrics })),
  );
  return {
    instances: raw.instances.map((instance) =>
      resolveInstance(instance, targets.has(instance.name), shared.get(instance.name)),
    ),
    /** Absent: local state files. */
    backend,
  };
}

/** Every stack name the config produces, with the instance that produces it; platforms are shared. */
export function stackNames(config: HarborConfig): { name: string; index: number; shared: boolean }[] {
  return config.instances.flatMap((instance, index) => [
    { name: harborStackName(instance.name), index, shared: false },
    ...(hasDay2Config(instance) ? [{ name: configStackName(instance.name), index, shared: false }] : []),
    ...(instance.replication.length > 0 ? [{ name: replicationStackName(instance.name), index, shared: false }] : []),
    ...(instance.ingress?.controller === "install"
      ? [{ name: platformStackName(instance.cluster), index, shared: true }]
      : []),
  ]);
}
