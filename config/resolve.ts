import { createHash } from "node:crypto";
import { Profile, RawConfig, RawInstance } from "./schema";
import { DEFAULT_HARBOR_CHART_VERSION, DEFAULT_HARBOR_NAMESPACE } from "../constructs/harbor/chart";
import { PROFILE_DEFAULTS } from "./defaults";
import type { DnsProvider, Route53Settings } from "../constructs/ingress/acme";
import { DEFAULT_MONITORING_NAMESPACE } from "../constructs/core/network-policy";
import { DEFAULT_READ_TIMEOUT_SECONDS } from "../constructs/ingress/platform-values";
import { Day2Settings, hasConfigStackSettings, resolveDay2 } from "./day2/registry";
import { Region } from "../constructs/digitalocean/regions";
import { otherClientPods } from "./existing-clusters";
import { configStackName, harborStackName, platformStackName, replicationStackName } from "./names";

import type { DatabaseSettings } from "./defaults";

export type { DatabaseSettings };

/** This project installs Traefik, cert-manager and the Let's Encrypt issuers on the cluster. */
export interface InstallIngress {
  readonly controller: "install";
  readonly email: string;
  readonly challenge: "http01" | "dns01";
  readonly dnsZone?: string;
  /** Where dnsZone is hosted: the DNS record is created only on DigitalOcean; DNS-01 uses that provider's solver. */
  readonly dnsProvider: DnsProvider;
  /** With dnsProvider route53 and DNS-01. */
  readonly route53?: Route53Settings;
  readonly staging: boolean;
  /** Limits the CAA record to this ACME account. */
  readonly acmeAccountUri?: string;
  readonly loadBalancerSizeUnits: number;
  readonly readTimeoutSeconds: number;
  /** A node pool for the platform and Harbor. */
  readonly nodePool?: string;
  readonly tenantNodePolicy: boolean;
}

/** The cluster already runs an ingress controller and cert-manager. */
export interface ExistingIngress {
  readonly controller: "existing";
  readonly className: string;
  readonly clusterIssuer: string;
  /** The controller's namespace, the only one Harbor's entry points admit. */
  readonly controllerNamespace: string;
}

export type IngressConfig = InstallIngress | ExistingIngress;

export type { ProxyCacheConfig } from "./day2/proxy-cache";
export type { OidcConfig } from "./day2/oidc";
export type { GcConfig } from "./day2/gc";
export type { ProjectConfig, ProjectRole, RobotConfig } from "./day2/projects";
export type { ReplicationConfig } from "./day2/replication";
export type { SystemConfig } from "./day2/system";
export { DEFAULT_RETENTION_SCHEDULE } from "./day2/projects";
export type { Day2Settings };

/** Off-region copy of the blobs and dumps of the database. */
export interface BackupConfig {
  readonly region: Region;
  readonly schedule: string;
  readonly keepDays: number;
  readonly bucket: string;
}

/** One Harbor instance with every default filled in; its day-2 keys come from config/day2/registry.ts. */
export interface InstanceConfig extends Day2Settings {
  readonly name: string;
  readonly region: Region;
  readonly cluster: string;
  readonly hostname: string;
  readonly profile: Profile;
  /** With `existingCluster`, version/size/nodes are unused (the existing cluster has its own). */
  readonly postgres: DatabaseSettings & {
    /** Name of an existing cluster the instance uses instead of creating one. */
    readonly existingCluster?: string;
    /** With `existingCluster`: database client pods of the other instances of this config on it. */
    readonly otherClientPods?: number;
  };
  readonly cache: DatabaseSettings & { readonly existingCluster?: string };
  readonly storage: { readonly bucket: string; readonly versioning: boolean };
  readonly protect: boolean;
  readonly harbor: {
    readonly namespace: string;
    readonly chartVersion: string;
    readonly replicas: number;
    /** Harbor's internal TLS (default true). */
    readonly internalTls: boolean;
    /** False: the namespace exists, and the stack neither creates nor deletes it. */
    readonly createNamespace: boolean;
    /** Chart values of the user's own (`valuesFile`, then `values` over it), guarded; empty: none. */
    readonly extraValues: Record<string, unknown>;
  };
  /** Absent: Harbor is reachable inside the cluster only. */
  readonly ingress?: IngressConfig;
  /** Another instance replicates to this one (it then needs a robot, in its config stack). */
  readonly replicationTarget: boolean;
  /** Absent: no off-region backup. */
  readonly backup?: BackupConfig;
  readonly monitoring: {
    readonly metrics: boolean;
    readonly serviceMonitor: boolean;
    /** The only namespace that may scrape the metrics ports (NetworkPolicies). */
    readonly namespace: string;
  };
}

/**
 * Whether an instance has day-2 settings, and so a `harbor-<name>-config` stack: any feature of the config stack
 * asks for something (config/day2/registry.ts), or it is a replication TARGET (its robot for the source lives there).
 * A source's rules get a stack of their own, `harbor-<name>-replication`, which deploys after the targets' config
 * stacks (two instances replicating to each other would otherwise wait on each other).
 */
export function hasDay2Config(instance: InstanceConfig): boolean {
  return hasConfigStackSettings(instance) || instance.replicationTarget;
}

/** Remote Terraform state in a Spaces bucket, shared by every stack. */
export interface BackendConfig {
  readonly type: "s3";
  readonly bucket: string;
  readonly region: string;
  /** State keys are `<keyPrefix>/<stack>.tfstate`. */
  readonly keyPrefix: string;
}

export interface HarborConfig {
  readonly instances: InstanceConfig[];
  /** Absent: local state files. */
  readonly backend?: BackendConfig;
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
export function deriveBackupBucketName(instanceName: string, hostname: string): string {
  return deriveBucketName(instanceName, hostname).replace(/-([0-9a-f]{8})$/, "-backup-$1");
}

/** Default backup schedule: off-peak, before retention (04:00). */
export const DEFAULT_BACKUP_SCHEDULE = "0 30 2 * * *";

export function resolveInstance(raw: RawInstance, replicationTarget = false): InstanceConfig {
  const profile = raw.profile ?? "ha";
  const defaults = PROFILE_DEFAULTS[profile];
  return {
    name: raw.name,
    region: raw.region,
    cluster: raw.cluster,
    hostname: raw.hostname,
    profile,
    postgres: { ...defaults.postgres, ...raw.postgres },
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
      internalTls: raw.harbor?.internalTls ?? true,
      createNamespace: raw.harbor?.createNamespace ?? true,
      extraValues: raw.harbor?.values ?? {},
    },
    ingress: resolveIngress(raw.ingress),
    ...resolveDay2(raw),
    replicationTarget,
    backup: raw.backup && {
      region: raw.backup.region,
      schedule: raw.backup.schedule ?? DEFAULT_BACKUP_SCHEDULE,
      keepDays: raw.backup.keepDays ?? 30,
      bucket: raw.backup.bucket ?? deriveBackupBucketName(raw.name, raw.hostname),
    },
    monitoring: {
      metrics: raw.monitoring?.metrics ?? false,
      serviceMonitor: raw.monitoring?.serviceMonitor ?? false,
      namespace: raw.monitoring?.namespace ?? DEFAULT_MONITORING_NAMESPACE,
    },
  };
}

function resolveIngress(raw: RawInstance["ingress"]): IngressConfig | undefined {
  if (raw === undefined) return undefined;
  if (raw.controller === "existing") {
    // The schema requires all three with "existing".
    return {
      controller: "existing",
      className: raw.className ?? "",
      clusterIssuer: raw.clusterIssuer ?? "",
      controllerNamespace: raw.controllerNamespace ?? "",
    };
  }
  return {
    controller: "install",
    email: raw.email ?? "",
    challenge: raw.challenge ?? "http01",
    dnsZone: raw.dnsZone,
    dnsProvider: raw.dnsProvider ?? "digitalocean",
    route53: raw.route53,
    staging: raw.staging ?? false,
    acmeAccountUri: raw.acmeAccountUri,
    loadBalancerSizeUnits: raw.loadBalancerSizeUnits ?? 1,
    readTimeoutSeconds: raw.readTimeoutSeconds ?? DEFAULT_READ_TIMEOUT_SECONDS,
    nodePool: raw.nodePool,
    tenantNodePolicy: raw.tenantNodePolicy ?? false,
  };
}

export function resolveConfig(raw: RawConfig): HarborConfig {
  const backend: BackendConfig | undefined = raw.backend && {
    type: raw.backend.type,
    bucket: raw.backend.bucket,
    region: raw.backend.region,
    keyPrefix: raw.backend.keyPrefix ?? "harbor",
  };
  const targets = new Set(raw.instances.flatMap((instance) => (instance.replication ?? []).map((rule) => rule.to)));
  const instances = raw.instances.map((instance) => resolveInstance(instance, targets.has(instance.name)));
  const shared = otherClientPods(
    instances.map((i) => ({ ...i, replicas: i.harbor.replicas, metrics: i.monitoring.metrics })),
  );
  return {
    instances: instances.map((instance) =>
      shared.has(instance.name)
        ? { ...instance, postgres: { ...instance.postgres, otherClientPods: shared.get(instance.name) } }
        : instance,
    ),
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
