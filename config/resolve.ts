import { createHash } from "node:crypto";
import { Profile, RawConfig, RawInstance } from "./schema";
import { DEFAULT_HARBOR_CHART_VERSION, DEFAULT_HARBOR_NAMESPACE } from "../constructs/harbor/chart";
import { PROFILE_DEFAULTS } from "./defaults";
import type { ProxyCacheUpstream } from "../constructs/harbor/day2/proxy-cache-upstreams";
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
  readonly staging: boolean;
  readonly loadBalancerSizeUnits: number;
}

/** The cluster already runs an ingress controller and cert-manager. */
export interface ExistingIngress {
  readonly controller: "existing";
  readonly className: string;
  readonly clusterIssuer: string;
}

export type IngressConfig = InstallIngress | ExistingIngress;

/** A proxy-cache project; `provider` uses this project's names (see constructs/proxy-cache.ts). */
export interface ProxyCacheConfig {
  readonly project: string;
  readonly provider: ProxyCacheUpstream;
  /** Absent: the provider's public endpoint. */
  readonly endpoint?: string;
  /** Prefix of the TF_VAR_<prefix>_ACCESS_ID / _ACCESS_SECRET variables; absent = anonymous. */
  readonly credentials?: string;
  readonly public: boolean;
  readonly quotaGiB?: number;
}

/** OIDC login; the client secret comes from TF_VAR_oidc_client_secret. */
export interface OidcConfig {
  readonly endpoint: string;
  readonly clientId: string;
  readonly groupsClaim?: string;
  readonly adminGroup?: string;
  readonly scopes: string[];
  readonly autoOnboard: boolean;
}

/** A Harbor project teams push to (issue: projects as code). */
export interface ProjectConfig {
  readonly name: string;
  readonly public: boolean;
  readonly quotaGiB?: number;
  readonly scanOnPush: boolean;
  /** Absent: pulls are not blocked by vulnerabilities. */
  readonly preventVulnerable?: "none" | "low" | "medium" | "high" | "critical";
  readonly immutableTags: string[];
  /** Absent: no retention policy (Harbor keeps everything). */
  readonly retention?: {
    readonly keepLastPushed?: number;
    readonly untaggedAfterDays?: number;
    readonly schedule: string;
  };
  readonly members: { readonly group: string; readonly role: ProjectRole }[];
  readonly robots: RobotConfig[];
}

export type ProjectRole = "projectAdmin" | "maintainer" | "developer" | "guest" | "limitedGuest";

/** A project robot account: `pull` reads, `push` reads and writes. */
export interface RobotConfig {
  readonly name: string;
  readonly access: "pull" | "push";
  /** Namespaces that get a `<project>-pull` image pull Secret; empty: credentials as a stack output. */
  readonly pullSecretNamespaces: string[];
}

/** Push replication to another instance of the config. */
export interface ReplicationConfig {
  readonly to: string;
  readonly projects: string[];
  readonly trigger: "event" | "schedule" | "manual";
  /** Only with trigger `schedule`. */
  readonly schedule?: string;
  readonly deletion: boolean;
}

/** Off-region copy of the blobs and dumps of the database. */
export interface BackupConfig {
  readonly region: Region;
  readonly schedule: string;
  readonly keepDays: number;
  readonly bucket: string;
}

/** One Harbor instance with every default filled in. */
export interface InstanceConfig {
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
    /** False: the namespace exists, and the stack neither creates nor deletes it. */
    readonly createNamespace: boolean;
    /** Chart values of the user's own (`valuesFile`, then `values` over it), guarded; empty: none. */
    readonly extraValues: Record<string, unknown>;
  };
  /** Absent: Harbor is reachable inside the cluster only. */
  readonly ingress?: IngressConfig;
  readonly proxyCache: ProxyCacheConfig[];
  readonly oidc?: OidcConfig;
  readonly gc?: { readonly schedule: string; readonly deleteUntagged: boolean };
  /** Absent: Harbor's own setting is left alone. */
  readonly scanSchedule?: "none" | "daily" | "weekly";
  readonly projects: ProjectConfig[];
  /** Rules that push this instance's projects to other instances. */
  readonly replication: ReplicationConfig[];
  /** Another instance replicates to this one (it then needs a robot, in its config stack). */
  readonly replicationTarget: boolean;
  /** Absent: no off-region backup. */
  readonly backup?: BackupConfig;
  readonly monitoring: { readonly metrics: boolean; readonly serviceMonitor: boolean };
}

/**
 * Whether an instance has day-2 settings, and so a `harbor-<name>-config` stack. A replication TARGET has one (its
 * robot for the source lives there); a source's rules get a stack of their own, `harbor-<name>-replication`, which
 * deploys after the targets' config stacks (two instances replicating to each other would otherwise wait on each
 * other).
 */
export function hasDay2Config(instance: InstanceConfig): boolean {
  return (
    instance.proxyCache.length > 0 ||
    instance.oidc !== undefined ||
    instance.gc !== undefined ||
    instance.scanSchedule !== undefined ||
    instance.projects.length > 0 ||
    instance.replicationTarget
  );
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

/** Default schedules: off-peak, one after the other (backup 02:30, retention 04:00). */
export const DEFAULT_BACKUP_SCHEDULE = "0 30 2 * * *";
export const DEFAULT_RETENTION_SCHEDULE = "0 0 4 * * *";

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
      createNamespace: raw.harbor?.createNamespace ?? true,
      extraValues: raw.harbor?.values ?? {},
    },
    ingress: resolveIngress(raw.ingress),
    proxyCache: (raw.proxyCache ?? []).map((cache) => ({ ...cache, public: cache.public ?? false })),
    oidc: raw.oidc && {
      ...raw.oidc,
      scopes: raw.oidc.scopes ?? ["openid", "profile", "email", "offline_access"],
      autoOnboard: raw.oidc.autoOnboard ?? false,
    },
    gc: raw.gc && { schedule: raw.gc.schedule, deleteUntagged: raw.gc.deleteUntagged ?? true },
    scanSchedule: raw.scanSchedule,
    projects: (raw.projects ?? []).map((project) => ({
      name: project.name,
      public: project.public ?? false,
      quotaGiB: project.quotaGiB,
      scanOnPush: project.scanOnPush ?? true,
      preventVulnerable: project.preventVulnerable,
      immutableTags: project.immutableTags ?? [],
      retention: project.retention && {
        keepLastPushed: project.retention.keepLastPushed,
        untaggedAfterDays: project.retention.untaggedAfterDays,
        schedule: project.retention.schedule ?? DEFAULT_RETENTION_SCHEDULE,
      },
      members: project.members ?? [],
      robots: (project.robots ?? []).map((robot) => ({
        name: robot.name,
        access: robot.access,
        pullSecretNamespaces: robot.pullSecretNamespaces ?? [],
      })),
    })),
    replication: (raw.replication ?? []).map((rule) => ({
      to: rule.to,
      projects: rule.projects,
      trigger: rule.trigger ?? "event",
      schedule: rule.schedule,
      deletion: rule.deletion ?? false,
    })),
    replicationTarget,
    backup: raw.backup && {
      region: raw.backup.region,
      schedule: raw.backup.schedule ?? DEFAULT_BACKUP_SCHEDULE,
      keepDays: raw.backup.keepDays ?? 30,
      bucket: deriveBackupBucketName(raw.name, raw.hostname),
    },
    monitoring: {
      metrics: raw.monitoring?.metrics ?? false,
      serviceMonitor: raw.monitoring?.serviceMonitor ?? false,
    },
  };
}

function resolveIngress(raw: RawInstance["ingress"]): IngressConfig | undefined {
  if (raw === undefined) return undefined;
  if (raw.controller === "existing") {
    // The schema requires both with "existing".
    return { controller: "existing", className: raw.className ?? "", clusterIssuer: raw.clusterIssuer ?? "" };
  }
  return {
    controller: "install",
    email: raw.email ?? "",
    challenge: raw.challenge ?? "http01",
    dnsZone: raw.dnsZone,
    staging: raw.staging ?? false,
    loadBalancerSizeUnits: raw.loadBalancerSizeUnits ?? 1,
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
