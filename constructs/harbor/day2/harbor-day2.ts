import { Construct } from "constructs";
import { ITerraformDependable, Precondition, TerraformProvider } from "cdktf";
import { HarborConfigAuth } from "../provider/config-auth";
import { HarborConfigSystem } from "../provider/config-system";
import { HarborGarbageCollection } from "../provider/garbage-collection";
import { HarborInterrogationServices } from "../provider/interrogation-services";
import { harborCronProblem, providerSchedule } from "../cron";
import { ValidationError } from "../../core/errors";
import { ProxyCache, ProxyCacheProps } from "./proxy-cache";
import { HarborTeamProject, HarborTeamProjectProps } from "./team-project";
import { ReplicationTargetRobot } from "./replication";
import {
  auditLogEventTypes,
  DEFAULT_OIDC_SCOPES,
  firstRetentionProject,
  HarborAuditLogEventType,
  PROJECT_CREATION,
  ProjectCreation,
  SCAN_SCHEDULES,
  HARBOR_SYSTEM_DEFAULTS,
  ScanSchedule,
} from "./vocabulary";

/** A proxy-cache project of a {@link HarborDay2}: a {@link ProxyCache} without its `dependsOn`. */
export type HarborDay2ProxyCache = Omit<ProxyCacheProps, "dependsOn">;

/** A team project of a {@link HarborDay2}: a {@link HarborTeamProject} without what the day-2 construct sets. */
export type HarborDay2Project = Omit<
  HarborTeamProjectProps,
  "registryHost" | "kubernetesProvider" | "dependsOn" | "membersDependOn"
>;

/** OIDC login (`harbor_config_auth` with `auth_mode = "oidc_auth"`). */
export interface HarborDay2Oidc {
  /** URL of the OIDC issuer, e.g. `https://dex.example.com`. */
  readonly endpoint: string;
  /** The client id registered at the identity provider. */
  readonly clientId: string;
  /**
   * The client secret (sensitive reference, e.g. a Terraform variable). Write-only: sent to Harbor when
   * {@link clientSecretVersion} changes, never kept in state (Terraform >= 1.11).
   */
  readonly clientSecret: string;
  /**
   * Version of the client secret: a new value sends {@link clientSecret} to Harbor again (an update in place).
   * @default 1
   */
  readonly clientSecretVersion?: number;
  /**
   * Plan-time checks on the auth configuration (`lifecycle.precondition`), e.g. that the secret is not empty.
   * Terraform evaluates them when it creates or updates it, not when it destroys it.
   * @default - none
   */
  readonly clientSecretPreconditions?: Precondition[];
  /** The claim holding the user's group names. @default - no groups claim */
  readonly groupsClaim?: string;
  /** Members of this OIDC group are Harbor admins. @default - no admin group */
  readonly adminGroup?: string;
  /**
   * Scopes Harbor requests; must include `openid`.
   * @default ["openid", "profile", "email", "offline_access"]
   */
  readonly scopes?: readonly string[];
  /** Skip the onboarding screen (users cannot pick a user name). @default false */
  readonly autoOnboard?: boolean;
}

/** Harbor's garbage collection of blobs no artifact references (`harbor_garbage_collection`). */
export interface HarborDay2GarbageCollection {
  /** A 6-field Harbor cron (seconds first), e.g. `"0 0 3 * * 0"` (Sundays 03:00 UTC). */
  readonly schedule: string;
  /**
   * Also delete untagged artifacts, in every project. Refused when a project has retention: GC would delete the
   * untagged artifacts retention keeps.
   * @default - true, or false when a project has `retention`
   */
  readonly deleteUntagged?: boolean;
}

/** Harbor's system settings (`harbor_config_system`). */
export interface HarborDay2System {
  /** Who may create projects. @default "adminonly" */
  readonly projectCreation?: ProjectCreation;
  /** Quota of a project created without one (e.g. in Harbor's UI). @default - unlimited */
  readonly defaultProjectQuotaGiB?: number;
  /** Days until a robot created without its own duration expires. @default 30 */
  readonly robotExpiryDays?: number;
  /**
   * Forward the audit log to a syslog receiver. Removing it sends Harbor's defaults back (no forwarding, a copy in
   * the database, every event type logged).
   * @default - audit logs stay in Harbor's database only
   */
  readonly auditLog?: HarborDay2AuditLog;
}

/** Where Harbor forwards its audit log, and what it keeps (`harbor_config_system` audit-log arguments). */
export interface HarborDay2AuditLog {
  /** `host:port` of a TCP syslog receiver, without a scheme (Harbor dials it when the setting changes). */
  readonly forwardEndpoint: string;
  /** Keep no copy in Harbor's database (the UI's audit log then stays empty). @default false */
  readonly skipDatabase?: boolean;
  /** Event types not logged at all. @default - none */
  readonly disabledEventTypes?: readonly HarborAuditLogEventType[];
}

/** Another Harbor that push-replicates into this one: it gets a {@link ReplicationTargetRobot} here. */
export interface HarborDay2ReplicationSource {
  /** Name of the source instance; its robot is `replication-from-<name>`. */
  readonly name: string;
  /** Any of its rules replicates deletions. @default false */
  readonly deletion?: boolean;
  /**
   * Projects of this Harbor the source pushes to, when its rules name exact projects: the robot may push to those
   * only. A name that is one of {@link HarborDay2Props.projects} makes the robot wait for that project.
   * @default - every project, with the right to create projects
   */
  readonly projects?: readonly string[];
  /** Days until the robot's secret expires. @default -1 (never) */
  readonly robotExpiryDays?: number;
}

/** Properties of a {@link HarborDay2}. */
export interface HarborDay2Props {
  /**
   * What every Harbor resource waits for, e.g. a {@link HarborApiReady} check that Harbor's API answers.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Host (and optional `:port`) clients pull from, e.g. `registry.example.com`: the key of the projects' pull
   * Secrets. Required when a project robot has `pullSecretNamespaces`.
   * @default - none
   */
  readonly registryHost?: string;
  /**
   * Kubernetes provider of the cluster that receives the projects' pull Secrets.
   * @default - the stack's default `kubernetes` provider
   */
  readonly kubernetesProvider?: TerraformProvider;
  /**
   * Proxy-cache projects, one {@link ProxyCache} each (construct id `ProxyCache-<project>`).
   * @default - none
   */
  readonly proxyCaches?: readonly HarborDay2ProxyCache[];
  /**
   * OIDC login. Project members (OIDC groups) wait for it: Harbor creates OIDC groups only once OIDC is its auth
   * mode. Removing it leaves Harbor's auth mode as it is (the provider cannot switch back to database login).
   * @default - Harbor's auth mode is not managed
   */
  readonly oidc?: HarborDay2Oidc;
  /**
   * Garbage-collection schedule. Removing it deletes the schedule (Harbor's GC then runs only by hand).
   * @default - no scheduled garbage collection
   */
  readonly garbageCollection?: HarborDay2GarbageCollection;
  /**
   * When Harbor scans every artifact: `daily`, `weekly`, a 6-field Harbor cron, or `none`.
   * @default - the scan-all schedule is not managed (same as `none`)
   */
  readonly scanSchedule?: ScanSchedule;
  /**
   * Harbor's system settings. Always applied: without this prop only admins create projects and robots expire
   * after 30 days (Harbor's own default lets every user create projects).
   * @default { projectCreation: "adminonly", robotExpiryDays: 30 }
   */
  readonly system?: HarborDay2System;
  /**
   * Team projects, one {@link HarborTeamProject} each (construct id `Project-<name>`).
   * @default - none
   */
  readonly projects?: readonly HarborDay2Project[];
  /**
   * Harbors that push-replicate into this one: a {@link ReplicationTargetRobot} each (`ReplicationFrom-<name>`).
   * @default - none
   */
  readonly replicationSources?: readonly HarborDay2ReplicationSource[];
}

const SCAN_KEYWORDS = { daily: "Daily", weekly: "Weekly" } as const;

/**
 * The provider's `vulnerability_scan_policy` for a {@link ScanSchedule}: `Daily`, `Weekly`, or the cron with
 * whitespace collapsed ({@link providerSchedule}); undefined for `none`.
 */
export function scanAllPolicy(schedule: ScanSchedule): string | undefined {
  if (schedule === "none") return undefined;
  return schedule === "daily" || schedule === "weekly"
    ? SCAN_KEYWORDS[schedule as keyof typeof SCAN_KEYWORDS]
    : providerSchedule(schedule);
}

/**
 * The day-2 settings of one Harbor, through the goharbor provider: proxy caches, OIDC login, garbage collection,
 * the scan-all schedule, system settings, team projects (robots, OIDC group members, pull Secrets) and the robots
 * of the Harbors that replicate into this one. Each part is a construct of this library ({@link ProxyCache},
 * {@link HarborTeamProject}, {@link ReplicationTargetRobot}) or a provider resource, as a child of this one.
 *
 * What waits for what is written here, not left to order: project members wait for the OIDC configuration, and a
 * replication robot that names a team project waits for it. Everything waits for {@link HarborDay2Props.dependsOn}.
 * What a change of each input does is documented on the parts; `destroy` removes every part (projects that still
 * hold images only with their `forceDestroy`), and leaves Harbor's auth mode and system settings as they were.
 * Providers: the stack needs HarborProvider; KubernetesProvider too for pull Secrets.
 */
export class HarborDay2 extends Construct {
  /** The proxy-cache projects, by project name. */
  public readonly proxyCaches: ReadonlyMap<string, ProxyCache>;
  /** The OIDC configuration, when {@link HarborDay2Props.oidc} is set. */
  public readonly oidc?: HarborConfigAuth;
  /** The garbage-collection schedule, when set. */
  public readonly garbageCollection?: HarborGarbageCollection;
  /** The scan-all schedule, when set and not `none`. */
  public readonly scanSchedule?: HarborInterrogationServices;
  /** The system settings (always). */
  public readonly system: HarborConfigSystem;
  /** The team projects, by name. */
  public readonly projects: ReadonlyMap<string, HarborTeamProject>;
  /** The robot of each Harbor that replicates into this one, by source name. */
  public readonly replicationRobots: ReadonlyMap<string, ReplicationTargetRobot>;

  constructor(scope: Construct, id: string, props: HarborDay2Props) {
    super(scope, id);
    validate(this, props);
    const dependsOn = props.dependsOn;
    this.proxyCaches = new Map(
      (props.proxyCaches ?? []).map((cache) => [
        cache.project,
        new ProxyCache(this, `ProxyCache-${cache.project}`, { ...cache, dependsOn }),
      ]),
    );
    this.oidc = props.oidc && oidcAuth(this, props.oidc, dependsOn);
    if (props.garbageCollection !== undefined) {
      this.garbageCollection = new HarborGarbageCollection(this, "GarbageCollection", {
        // "0 0 0 * * *" would be read back as "Daily": a diff on every plan.
        schedule: providerSchedule(props.garbageCollection.schedule),
        deleteUntagged: props.garbageCollection.deleteUntagged ?? firstRetentionProject(props.projects) < 0,
        dependsOn,
      });
    }
    // "none": no resource; removing it sets Harbor's scan schedule back to None.
    const scanPolicy = props.scanSchedule === undefined ? undefined : scanAllPolicy(props.scanSchedule);
    if (scanPolicy !== undefined) {
      this.scanSchedule = new HarborInterrogationServices(this, "ScanSchedule", {
        vulnerabilityScanPolicy: scanPolicy,
        dependsOn,
      });
    }
    // Harbor creates OIDC groups by name only once OIDC is its auth mode.
    const membersDependOn = this.oidc === undefined ? undefined : [this.oidc];
    this.projects = new Map(
      (props.projects ?? []).map((project) => [
        project.name,
        new HarborTeamProject(this, `Project-${project.name}`, {
          ...project,
          registryHost: props.registryHost,
          kubernetesProvider: props.kubernetesProvider,
          dependsOn,
          membersDependOn,
        }),
      ]),
    );
    const system = props.system ?? {};
    this.system = new HarborConfigSystem(this, "System", {
      projectCreationRestriction: system.projectCreation ?? HARBOR_SYSTEM_DEFAULTS.projectCreation,
      storagePerProject: system.defaultProjectQuotaGiB ?? -1,
      robotTokenExpiration: system.robotExpiryDays ?? HARBOR_SYSTEM_DEFAULTS.robotExpiryDays,
      // Written out either way: the provider sends every argument, so an absent block must send the defaults back.
      auditLogForwardEndpoint: system.auditLog?.forwardEndpoint ?? "",
      skipAuditLogDatabase: system.auditLog?.skipDatabase ?? false,
      disabledAuditLogEventTypes: auditLogEventTypes(system.auditLog?.disabledEventTypes ?? []),
      dependsOn,
    });
    this.replicationRobots = new Map(
      (props.replicationSources ?? []).map((source) => [
        source.name,
        new ReplicationTargetRobot(this, `ReplicationFrom-${source.name}`, {
          sourceName: source.name,
          deletion: source.deletion ?? false,
          // References to this construct's projects, so the robot waits for those it names.
          projects: source.projects?.map((name) => this.projects.get(name)?.project.name ?? name),
          expiryDays: source.robotExpiryDays,
          dependsOn,
        }),
      ]),
    );
  }
}

function oidcAuth(scope: Construct, oidc: HarborDay2Oidc, dependsOn?: ITerraformDependable[]): HarborConfigAuth {
  return new HarborConfigAuth(scope, "Oidc", {
    authMode: "oidc_auth",
    oidcName: "SSO",
    oidcEndpoint: oidc.endpoint,
    oidcClientId: oidc.clientId,
    // Write-only: sent to Harbor when the version changes, never kept in state (Terraform >= 1.11).
    oidcClientSecretWo: oidc.clientSecret,
    oidcClientSecretWoVersion: oidc.clientSecretVersion ?? 1,
    oidcScope: (oidc.scopes ?? DEFAULT_OIDC_SCOPES).join(","),
    oidcVerifyCert: true,
    oidcAutoOnboard: oidc.autoOnboard ?? false,
    oidcGroupsClaim: oidc.groupsClaim,
    oidcAdminGroup: oidc.adminGroup,
    dependsOn,
    lifecycle: oidc.clientSecretPreconditions?.length ? { precondition: oidc.clientSecretPreconditions } : undefined,
  });
}

/** The checks that span the parts; each part checks its own props. */
function validate(scope: HarborDay2, props: HarborDay2Props): void {
  const unique = (prop: string, names: readonly string[], what: string) =>
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) {
        throw new ValidationError(scope, `${prop}[${index}]`, `names ${what} "${name}" twice; give each its own name`);
      }
    });
  const cacheNames = (props.proxyCaches ?? []).map((cache) => cache.project);
  const projectNames = (props.projects ?? []).map((project) => project.name);
  unique("proxyCaches", cacheNames, "project");
  unique("projects", projectNames, "project");
  unique(
    "replicationSources",
    (props.replicationSources ?? []).map((source) => source.name),
    "source",
  );
  projectNames.forEach((name, index) => {
    if (cacheNames.includes(name)) {
      throw new ValidationError(
        scope,
        `projects[${index}].name`,
        `"${name}" is already a proxy-cache project (proxyCaches); give the team project another name`,
      );
    }
  });
  const retention = firstRetentionProject(props.projects);
  if (props.garbageCollection?.deleteUntagged === true && retention >= 0) {
    throw new ValidationError(
      scope,
      "garbageCollection.deleteUntagged",
      `would delete every untagged artifact of every project, whatever projects[${retention}].retention keeps; ` +
        "leave it unset (false when a project has retention) and let retention's untaggedAfterDays delete them",
    );
  }
  if (props.garbageCollection !== undefined) {
    const problem = harborCronProblem(props.garbageCollection.schedule, "gc");
    if (problem !== undefined) {
      throw new ValidationError(
        scope,
        "garbageCollection.schedule",
        `"${props.garbageCollection.schedule}" ${problem} (e.g. "0 0 3 * * 0": Sundays 03:00 UTC)`,
      );
    }
  }
  const scan = props.scanSchedule;
  if (scan !== undefined && !(SCAN_SCHEDULES as readonly string[]).includes(scan)) {
    const problem = harborCronProblem(scan, "scanAll");
    if (problem !== undefined) {
      throw new ValidationError(
        scope,
        "scanSchedule",
        `must be ${SCAN_SCHEDULES.map((s) => `"${s}"`).join(", ")} or a 6-field cron; "${scan}" ${problem} ` +
          `(e.g. "0 0 2 * * *")`,
      );
    }
  }
  if (props.oidc !== undefined) {
    const { oidc } = props;
    if (!/^https:\/\/[^\s/]+/.test(oidc.endpoint)) {
      throw new ValidationError(
        scope,
        "oidc.endpoint",
        `must be an https:// URL of the OIDC issuer, got "${oidc.endpoint}"`,
      );
    }
    if (oidc.clientId.trim() === "") throw new ValidationError(scope, "oidc.clientId", "must not be empty");
    if (oidc.scopes !== undefined && !oidc.scopes.includes("openid")) {
      throw new ValidationError(scope, "oidc.scopes", `must include "openid", got ${JSON.stringify(oidc.scopes)}`);
    }
    const version = oidc.clientSecretVersion;
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
      throw new ValidationError(
        scope,
        "oidc.clientSecretVersion",
        `must be a whole number >= 1, got ${version}; raise it by one each time the client secret changes`,
      );
    }
  }
  const system = props.system;
  if (system?.projectCreation !== undefined && !PROJECT_CREATION.includes(system.projectCreation)) {
    throw new ValidationError(
      scope,
      "system.projectCreation",
      `must be ${PROJECT_CREATION.map((p) => `"${p}"`).join(" or ")}, got "${system.projectCreation}"`,
    );
  }
  const wholeAtLeastOne = (prop: string, value: number | undefined, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max)) {
      throw new ValidationError(scope, prop, `must be a whole number from 1 to ${max}, got ${value}`);
    }
  };
  wholeAtLeastOne("system.robotExpiryDays", system?.robotExpiryDays, 3650);
  wholeAtLeastOne("system.defaultProjectQuotaGiB", system?.defaultProjectQuotaGiB, Number.MAX_SAFE_INTEGER);
}
