import { z } from "zod";
import { SPACES_REGIONS, SUPPORTED_REGIONS, regionProblem } from "../constructs/digitalocean/regions";
import {
  DatabaseEngine,
  databaseNodesProblem,
  databaseSizeProblem,
  databaseVersionProblem,
} from "../constructs/digitalocean/database-sizes";
import { PROVIDERS_NEEDING_ENDPOINT, PROXY_CACHE_PROVIDERS } from "../constructs/harbor/day2/proxy-cache-upstreams";
import { cronProblem, kubernetesScheduleProblem } from "../constructs/harbor/cron";
import { closestMatch } from "./suggest";
import { extraValuesProblems } from "../constructs/harbor/extra-values";
import { checkExistingClusters } from "./existing-clusters";
import { PROFILE_DEFAULTS, Profile } from "./defaults";
import {
  bucketNameProblem,
  databaseClusterNameProblem,
  doksClusterNameProblem,
} from "../constructs/digitalocean/naming";
import { HOSTNAME_PATTERN, NAMESPACE_PATTERN, hostnameProblem } from "../constructs/core/naming";
import { INSTANCE_NAME_PATTERN } from "./names";
import { REPLICATION_PROJECT_PATTERN, harborNamespaceProblem } from "../constructs/harbor/naming";
import { chartVersionProblem, harborReplicasProblem, DEFAULT_HARBOR_NAMESPACE } from "../constructs/harbor/chart";
import { loadBalancerSizeUnitsProblem } from "../constructs/ingress/platform-values";
import { isKubernetesSystemNamespace } from "../constructs/core/naming";
import { robotOutputPrefix } from "./names";

export const PROFILES = ["ha", "dev"] as const satisfies readonly Profile[];
export type { Profile };

/**
 * A field checked by one of the library's rules (`...Problem(value)`: why the value is wrong, or undefined): the
 * same rule the construct that owns the prop applies, so the config and the library refuse the same values.
 */
function checkedBy<T>(problem: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const found = problem(value);
    if (found !== undefined) ctx.addIssue({ code: "custom", message: found });
  };
}

/**
 * A strict object whose unknown keys are reported with the allowed keys and, when one is close,
 * a "did you mean" hint.
 */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys
        .map((key) => {
          const hint = closestMatch(key, known);
          return `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; allowed keys: ${known.join(", ")}`;
        })
        .join("; ");
    },
  });
}

const versionString = (engine: DatabaseEngine) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .superRefine(checkedBy((version: string) => databaseVersionProblem(engine, version)));

const databaseSize = (engine: DatabaseEngine) =>
  z.string().superRefine(checkedBy((size: string) => databaseSizeProblem(engine, size)));

/** The node range alone; the size-dependent part of the rule runs once the size is known (see the instance). */
const nodeCount = (engine: DatabaseEngine) =>
  z.number().superRefine(checkedBy((nodes: number) => databaseNodesProblem(engine, "", nodes)));

const databaseSchema = (engine: DatabaseEngine) =>
  strictObject({
    version: versionString(engine).optional(),
    size: databaseSize(engine).optional(),
    nodes: nodeCount(engine).optional(),
    existingCluster: z.string().superRefine(checkedBy(databaseClusterNameProblem)).optional(),
  }).superRefine((database, ctx) => {
    if (database.existingCluster === undefined) return;
    for (const key of MANAGED_ONLY_DATABASE_KEYS) {
      if (database[key] !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message:
            `cannot be combined with existingCluster: the existing cluster's ${key} is its owner's; remove ${key}, ` +
            `or remove existingCluster to let this project create a cluster`,
        });
      }
    }
  });

/** Settings of a cluster this project creates; an existing cluster has its own. */
export const MANAGED_ONLY_DATABASE_KEYS = ["version", "size", "nodes"] as const;

const harborSchema = strictObject({
  createNamespace: z.boolean().optional(),
  values: z
    .record(z.string(), z.unknown())
    .superRefine((values, ctx) => {
      for (const problem of extraValuesProblems(values)) {
        ctx.addIssue({ code: "custom", path: problem.path.split("."), message: problem.message });
      }
    })
    .optional(),
  valuesFile: z.string().min(1, "must name a YAML file, relative to the config file").optional(),
  namespace: z.string().superRefine(checkedBy(harborNamespaceProblem)).optional(),
  chartVersion: z.string().superRefine(checkedBy(chartVersionProblem)).optional(),
  // The range here; whether the profile needs 2 or more once the profile is known (see the instance).
  replicas: z
    .number()
    .superRefine(checkedBy((replicas: number) => harborReplicasProblem(replicas, false)))
    .optional(),
});

export const INGRESS_CONTROLLERS = ["install", "existing"] as const;
export const CHALLENGES = ["http01", "dns01"] as const;
/** Keys that only make sense when this project installs the ingress platform. */
export const INSTALL_ONLY_INGRESS_KEYS = ["email", "challenge", "staging", "loadBalancerSizeUnits"] as const;
/** Keys that only make sense with an existing controller. */
export const EXISTING_ONLY_INGRESS_KEYS = ["className", "clusterIssuer"] as const;

const ingressSchema = strictObject({
  controller: z
    .enum(INGRESS_CONTROLLERS, {
      error: '"install" (this project installs Traefik and cert-manager) or "existing" (use yours)',
    })
    .optional(),
  email: z.email("must be an e-mail address (Let's Encrypt sends expiry notices there)").optional(),
  challenge: z.enum(CHALLENGES, { error: 'must be "http01" or "dns01"' }).optional(),
  dnsZone: z
    .string()
    .regex(HOSTNAME_PATTERN, "must be a DigitalOcean-managed DNS zone such as example.com (lowercase, no trailing dot)")
    .optional(),
  staging: z.boolean().optional(),
  loadBalancerSizeUnits: z.number().superRefine(checkedBy(loadBalancerSizeUnitsProblem)).optional(),
  className: z.string().regex(NAMESPACE_PATTERN, "must be an IngressClass name").optional(),
  clusterIssuer: z.string().regex(NAMESPACE_PATTERN, "must be a ClusterIssuer name").optional(),
});

/** Harbor project names: lowercase letters and digits, separated by single `.`, `_` or `-`. */
export const PROJECT_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** A Terraform variable name prefix, also valid in a TF_VAR_ environment variable. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
export const SCAN_SCHEDULES = ["none", "daily", "weekly"] as const;
/**
 * Largest proxy-cache or project quota: Harbor refuses more than 2^50 bytes, 1024 TiB
 * (goharbor/harbor v2.15.1 src/lib/quota_storage_limit.go, MaxLimitedValue in
 * src/pkg/quota/types/resources.go). The goharbor provider multiplies GiB by 2^30 in a Go int, which
 * this bound keeps far from overflow on 64-bit builds.
 */
export const MAX_QUOTA_GIB = 1024 * 1024;

const quotaGiB = z
  .number()
  .int("must be a whole number of GiB")
  .min(1, "must be at least 1 GiB")
  .max(MAX_QUOTA_GIB, `must be at most ${MAX_QUOTA_GIB} GiB (1 PiB); omit it for no quota`);

/** A Harbor schedule: 6-field cron, each field checked against its range (constructs/harbor/cron.ts). */
export const cronSchedule = z.string().superRefine((expression, ctx) => {
  const problem = cronProblem(expression);
  if (problem !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `${problem}; e.g. "0 0 3 * * 0" (second minute hour day-of-month month day-of-week)`,
    });
  }
});

/**
 * An https URL. An upper-case scheme is normalized (Harbor and the constructs compare it literally);
 * credentials inside the URL are refused, because the config file is not the place for secrets.
 */
const httpsUrl = (what: string, credentialsHint: string) =>
  z
    .string()
    .transform((url) => url.replace(/^https:\/\//i, "https://"))
    .pipe(z.url({ protocol: /^https$/, error: `must be an https:// URL of the ${what}` }))
    .superRefine((url, ctx) => {
      const parsed = new URL(url);
      if (parsed.username !== "" || parsed.password !== "") {
        ctx.addIssue({
          code: "custom",
          message: `must not contain credentials (user:secret@); ${credentialsHint}`,
        });
      }
    });

const proxyCacheSchema = strictObject({
  project: z
    .string()
    .max(255, "must be at most 255 characters")
    .regex(PROJECT_NAME_PATTERN, "must be a Harbor project name: lowercase letters and digits, separated by . _ or -"),
  provider: z.enum(PROXY_CACHE_PROVIDERS, { error: `must be one of ${PROXY_CACHE_PROVIDERS.join(", ")}` }),
  endpoint: httpsUrl(
    "upstream registry",
    "name them with `credentials:` and pass them as TF_VAR_<NAME>_ACCESS_ID / _ACCESS_SECRET",
  ).optional(),
  credentials: z
    .string()
    .regex(
      VARIABLE_NAME_PATTERN,
      "must name Terraform variables (letters, digits, underscores), e.g. DOCKERHUB for TF_VAR_DOCKERHUB_ACCESS_ID / TF_VAR_DOCKERHUB_ACCESS_SECRET",
    )
    .optional(),
  public: z.boolean().optional(),
  quotaGiB: quotaGiB.optional(),
});

const oidcSchema = strictObject({
  endpoint: httpsUrl("OIDC issuer", "the client secret comes from TF_VAR_oidc_client_secret"),
  clientId: z.string().min(1, "must be the client id registered at the identity provider"),
  groupsClaim: z.string().min(1).optional(),
  adminGroup: z.string().min(1).optional(),
  scopes: z
    .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "must be a scope name without spaces or quotes"))
    .refine((scopes) => scopes.includes("openid"), { error: 'must include "openid"' })
    .optional(),
  autoOnboard: z.boolean().optional(),
});

const gcSchema = strictObject({
  schedule: cronSchedule,
  deleteUntagged: z.boolean().optional(),
});

/** Harbor project roles, in this project's names (see constructs/harbor-team-project.ts for Harbor's). */
export const PROJECT_ROLES = ["projectAdmin", "maintainer", "developer", "guest", "limitedGuest"] as const;
export const SEVERITIES = ["none", "low", "medium", "high", "critical"] as const;
export const ROBOT_ACCESS = ["pull", "push"] as const;
export const REPLICATION_TRIGGERS = ["event", "schedule", "manual"] as const;

const positiveInt = (what: string, max: number) =>
  z.number().int(`must be a whole number of ${what}`).min(1, `must be at least 1`).max(max, `must be at most ${max}`);

/** A namespace a workload runs in, not Kubernetes' own. */
const workloadNamespace = z
  .string()
  .regex(NAMESPACE_PATTERN, "must be a Kubernetes namespace name: lowercase letters, digits and hyphens, 1-63 chars")
  .refine((namespace) => !isKubernetesSystemNamespace(namespace), {
    error: "must not be a Kubernetes system namespace (default, kube-*): put workloads in their own",
  });

const projectSchema = strictObject({
  name: z
    .string()
    .max(255, "must be at most 255 characters")
    .regex(PROJECT_NAME_PATTERN, "must be a Harbor project name: lowercase letters and digits, separated by . _ or -"),
  public: z.boolean().optional(),
  quotaGiB: quotaGiB.optional(),
  scanOnPush: z.boolean().optional(),
  preventVulnerable: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }).optional(),
  immutableTags: z.array(z.string().min(1, "must be a tag pattern such as v*")).optional(),
  retention: strictObject({
    keepLastPushed: positiveInt("artifacts", 10_000).optional(),
    untaggedAfterDays: positiveInt("days", 3650).optional(),
    schedule: cronSchedule.optional(),
  })
    .refine((r) => r.keepLastPushed !== undefined || r.untaggedAfterDays !== undefined, {
      error: "needs keepLastPushed, untaggedAfterDays or both (a policy without a rule keeps everything)",
    })
    .optional(),
  members: z
    .array(
      strictObject({
        group: z.string().min(1, "must name an OIDC group"),
        role: z.enum(PROJECT_ROLES, { error: `must be one of ${PROJECT_ROLES.join(", ")}` }),
      }),
    )
    .optional(),
  robots: z
    .array(
      strictObject({
        name: z
          .string()
          .max(64, "must be at most 64 characters")
          .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, "must be lowercase letters and digits, separated by . _ or -"),
        access: z.enum(ROBOT_ACCESS, { error: '"pull" (read images) or "push" (read and write)' }),
        pullSecretNamespaces: z.array(workloadNamespace).min(1, "must list at least one namespace").optional(),
      }),
    )
    .optional(),
});

const replicationSchema = strictObject({
  to: z.string().min(1, "must name another instance of this config"),
  projects: z
    .array(
      z
        .string()
        .regex(
          REPLICATION_PROJECT_PATTERN,
          "must be a project name or pattern: lowercase letters, digits, . _ - and the wildcards * and ?",
        )
        .refine((pattern) => !pattern.includes("**"), {
          error: 'must not contain "**": a pattern names projects (use team-*); repositories follow by themselves',
        }),
    )
    .min(1, "must list at least one project name or pattern"),
  trigger: z.enum(REPLICATION_TRIGGERS, { error: '"event" (on push), "schedule" or "manual"' }).optional(),
  schedule: cronSchedule.optional(),
  deletion: z.boolean().optional(),
});

const backupSchema = strictObject({
  region: z.enum(SPACES_REGIONS, { error: (issue) => regionProblem("spaces", String(issue.input)) }),
  // The jobs are Kubernetes CronJobs: whole minutes only.
  schedule: z
    .string()
    .superRefine((expression, ctx) => {
      const problem = kubernetesScheduleProblem(expression);
      if (problem !== undefined) {
        ctx.addIssue({ code: "custom", message: `${problem}; e.g. "0 30 2 * * *" (02:30 UTC daily)` });
      }
    })
    .optional(),
  keepDays: positiveInt("days", 3650).optional(),
});

const monitoringSchema = strictObject({
  metrics: z.boolean().optional(),
  serviceMonitor: z.boolean().optional(),
}).refine((m) => m.serviceMonitor !== true || m.metrics === true, {
  error: "serviceMonitor: true needs metrics: true (the ServiceMonitors scrape Harbor's metrics endpoints)",
});

export const instanceSchema = strictObject({
  name: z
    .string()
    .regex(
      INSTANCE_NAME_PATTERN,
      "must be 2-20 chars of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    ),
  region: z.enum(SUPPORTED_REGIONS, {
    error: `must be a region with both Spaces and managed databases: ${SUPPORTED_REGIONS.join(", ")}`,
  }),
  cluster: z.string().superRefine(checkedBy(doksClusterNameProblem)),
  hostname: z.string().superRefine(checkedBy(hostnameProblem)),
  profile: z.enum(PROFILES, { error: 'must be "ha" or "dev"' }).optional(),
  postgres: databaseSchema("pg").optional(),
  cache: databaseSchema("valkey").optional(),
  storage: strictObject({
    bucket: z.string().superRefine(checkedBy(bucketNameProblem)).optional(),
    versioning: z.boolean().optional(),
  }).optional(),
  protect: z.boolean().optional(),
  harbor: harborSchema.optional(),
  ingress: ingressSchema.optional(),
  proxyCache: z.array(proxyCacheSchema).optional(),
  oidc: oidcSchema.optional(),
  gc: gcSchema.optional(),
  scanSchedule: z.enum(SCAN_SCHEDULES, { error: '"none", "daily" or "weekly"' }).optional(),
  projects: z.array(projectSchema).optional(),
  replication: z.array(replicationSchema).optional(),
  backup: backupSchema.optional(),
  monitoring: monitoringSchema.optional(),
}).superRefine((instance, ctx) => {
  checkIngress(instance.hostname, instance.ingress, ctx);
  checkDay2(instance, ctx);
  for (const [key, engine] of [
    ["postgres", "pg"],
    ["cache", "valkey"],
  ] as const) {
    if (instance[key]?.existingCluster !== undefined) continue;
    const defaults = PROFILE_DEFAULTS[instance.profile ?? "ha"][key];
    const nodes = instance[key]?.nodes ?? defaults.nodes;
    const size = instance[key]?.size ?? defaults.size;
    const problem = databaseNodesProblem(engine, size, nodes);
    if (problem !== undefined && databaseNodesProblem(engine, "", nodes) === undefined) {
      ctx.addIssue({ code: "custom", path: [key, "nodes"], message: `got ${nodes}; ${problem}` });
    }
  }
  const replicas = instance.harbor?.replicas;
  if (replicas !== undefined && harborReplicasProblem(replicas, false) === undefined) {
    const problem = harborReplicasProblem(replicas, (instance.profile ?? "ha") === "ha");
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["harbor", "replicas"], message: problem });
  }
});

const backendSchema = strictObject({
  type: z.literal("s3", { error: 'must be "s3" (a Spaces bucket); omit the backend block for local state' }),
  bucket: z.string().superRefine(checkedBy(bucketNameProblem)),
  region: z.enum(SPACES_REGIONS, { error: (issue) => regionProblem("spaces", String(issue.input)) }),
  keyPrefix: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
      "must be a path such as harbor or teams/platform/harbor (no leading or trailing slash)",
    )
    .optional(),
});

export const configSchema = strictObject({
  instances: z.array(instanceSchema).min(1, "must list at least one instance"),
  backend: backendSchema.optional(),
}).superRefine((config, ctx) => {
  const unique = (label: string, path: (string | number)[], pick: (i: RawInstanceShape) => string | undefined) => {
    const seen = new Map<string, number>();
    config.instances.forEach((instance, index) => {
      const value = pick(instance);
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: ["instances", index, ...path],
        message: `duplicate ${label} "${value}" (also used by instances[${first}]); each instance needs its own`,
      });
    });
  };
  unique("instance name", ["name"], (i) => i.name);
  unique("hostname", ["hostname"], (i) => i.hostname);
  checkClusterSharing(config.instances, ctx);
  checkExistingClusters(config.instances, ctx);
  checkReplication(config.instances, ctx);
});

/**
 * Replication between instances: `to` names another instance, both ends are reachable (ingress, no
 * staging certificate), and no loop of rules that replicate deletions (they would delete back and forth).
 */
function checkReplication(instances: RawInstanceShape[], ctx: z.RefinementCtx): void {
  const byName = new Map(instances.map((instance, index) => [instance.name, { instance, index }]));
  const deleting = new Map<string, Set<string>>();
  instances.forEach((source, index) => {
    source.replication?.forEach((rule, ruleIndex) => {
      const path = ["instances", index, "replication", ruleIndex, "to"];
      const target = byName.get(rule.to);
      if (target === undefined || rule.to === source.name) {
        ctx.addIssue({
          code: "custom",
          path,
          message:
            rule.to === source.name
              ? "names this instance itself; replication goes to another instance"
              : `names no instance of this config; instances are ${[...byName.keys()].join(", ")}`,
        });
        return;
      }
      for (const [name, at] of [
        [source.name, ["instances", index, "name"]],
        [rule.to, path],
      ] as const) {
        if (name.includes("--")) {
          ctx.addIssue({
            code: "custom",
            path: [...at],
            message:
              `instance "${name}" takes part in replication, so its name must not contain "--": it becomes the ` +
              `robot account replication-from-<source>, and Harbor's names allow single separators only`,
          });
        }
      }
      if (target.instance.ingress === undefined || target.instance.ingress.staging === true) {
        ctx.addIssue({
          code: "custom",
          path,
          message:
            `instance "${rule.to}" needs an ingress block without staging: true, so that "${source.name}" can push to ` +
            `https://${target.instance.hostname} over verified TLS`,
        });
      }
      if (rule.deletion === true) {
        const edges = deleting.get(source.name) ?? new Set<string>();
        edges.add(rule.to);
        deleting.set(source.name, edges);
      }
    });
  });
  const cycle = findCycle(deleting);
  if (cycle !== undefined) {
    const first = byName.get(cycle[0]);
    ctx.addIssue({
      code: "custom",
      path: ["instances", first?.index ?? 0, "replication"],
      message:
        `rules with deletion: true form a loop (${[...cycle, cycle[0]].join(" -> ")}): a deletion would be replicated ` +
        "back and forth; set deletion: false on at least one of them",
    });
  }
}

/** A cycle in a directed graph, as its nodes in order, or undefined. */
export function findCycle(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "visiting") return stack.slice(stack.indexOf(node));
    state.set(node, "visiting");
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const found = visit(next);
      if (found !== undefined) return found;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    const found = visit(node);
    if (found !== undefined) return found;
  }
  return undefined;
}

type IngressInput = z.infer<typeof ingressSchema>;

/** Keys that create the `harbor-<name>-config` stack. */
export const DAY2_KEYS = ["proxyCache", "oidc", "gc", "scanSchedule", "projects", "replication"] as const;

/** Day-2 settings: the config stack talks to https://<hostname>, so Harbor must be exposed. */
function checkDay2(
  instance: {
    ingress?: IngressInput;
    proxyCache?: z.infer<typeof proxyCacheSchema>[];
    oidc?: unknown;
    gc?: unknown;
    scanSchedule?: string;
    projects?: z.infer<typeof projectSchema>[];
    replication?: z.infer<typeof replicationSchema>[];
    backup?: z.infer<typeof backupSchema>;
    region?: string;
  },
  ctx: z.RefinementCtx,
): void {
  for (const key of DAY2_KEYS) {
    if (instance[key] === undefined) continue;
    if (instance.ingress === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          "needs an ingress block: day-2 configuration is applied through Harbor's API at https://<hostname>, which " +
          "is not reachable while Harbor is cluster-internal",
      });
    } else if (instance.ingress.staging === true) {
      // The goharbor provider verifies TLS (we never turn that off): a staging certificate fails it.
      ctx.addIssue({
        code: "custom",
        path: [key],
        message:
          "cannot be applied with ingress.staging: true: the day-2 stack talks to Harbor's API over verified TLS, " +
          "and Let's Encrypt staging certificates are not trusted. Deploy with staging first if you like, then set " +
          "staging: false and add the day-2 settings",
      });
    }
  }
  const projects = new Map<string, number>();
  instance.proxyCache?.forEach((cache, index) => {
    const first = projects.get(cache.project);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["proxyCache", index, "project"],
        message: `duplicate project "${cache.project}" (also proxyCache[${first}]); project names must be unique`,
      });
    } else {
      projects.set(cache.project, index);
    }
    if (cache.endpoint === undefined && PROVIDERS_NEEDING_ENDPOINT.has(cache.provider)) {
      ctx.addIssue({
        code: "custom",
        path: ["proxyCache", index, "endpoint"],
        message: `is required with provider "${cache.provider}" (there is no single public registry to default to)`,
      });
    }
  });
  checkProjects(instance, projects, ctx);
  instance.replication?.forEach((rule, index) => {
    const scheduled = rule.trigger === "schedule";
    if (scheduled !== (rule.schedule !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["replication", index, "schedule"],
        message: scheduled
          ? 'is required with trigger: schedule (a 6-field cron, e.g. "0 0 2 * * *")'
          : `only applies with trigger: schedule (this rule's trigger is ${rule.trigger ?? "event"})`,
      });
    }
  });
  if (instance.backup !== undefined && instance.backup.region === instance.region) {
    ctx.addIssue({
      code: "custom",
      path: ["backup", "region"],
      message: `must differ from the instance's region (${instance.region}): a backup in the same region is lost with it`,
    });
  }
}

/** Rules of the `projects` block: names, members, robots. */
function checkProjects(
  instance: { projects?: z.infer<typeof projectSchema>[]; oidc?: unknown },
  proxyCacheProjects: Map<string, number>,
  ctx: z.RefinementCtx,
): void {
  const names = new Map<string, number>();
  const outputs = new Map<string, string>();
  instance.projects?.forEach((project, index) => {
    const path = (...rest: (string | number)[]) => ["projects", index, ...rest];
    const cache = proxyCacheProjects.get(project.name);
    if (cache !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: path("name"),
        message: `"${project.name}" is already the proxy-cache project proxyCache[${cache}]; give the project another name`,
      });
    }
    const first = names.get(project.name);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: path("name"),
        message: `duplicate project "${project.name}" (also projects[${first}]); project names must be unique`,
      });
    } else {
      names.set(project.name, index);
    }
    if ((project.members?.length ?? 0) > 0 && instance.oidc === undefined) {
      ctx.addIssue({
        code: "custom",
        path: path("members"),
        message: "names OIDC groups, so it needs the instance's oidc block (groups come from the OIDC groups claim)",
      });
    }
    const robots = new Map<string, number>();
    project.robots?.forEach((robot, robotIndex) => {
      const other = robots.get(robot.name);
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: path("robots", robotIndex, "name"),
          message: `duplicate robot "${robot.name}" (also robots[${other}]); robot names must be unique per project`,
        });
      } else {
        robots.set(robot.name, robotIndex);
      }
      // Robot credentials become stack outputs named after project and robot; two pairs must not meet.
      const output = robotOutputPrefix(project.name, robot.name);
      const owner = `projects[${index}].robots[${robotIndex}]`;
      const clash = outputs.get(output);
      if (clash !== undefined && robots.get(robot.name) === robotIndex) {
        ctx.addIssue({
          code: "custom",
          path: path("robots", robotIndex, "name"),
          message: `gives the same output names (${output}_*) as ${clash}; rename one of the robots or projects`,
        });
      } else {
        outputs.set(output, owner);
      }
      const namespaces = new Set<string>();
      robot.pullSecretNamespaces?.forEach((namespace, nsIndex) => {
        if (namespaces.has(namespace)) {
          ctx.addIssue({
            code: "custom",
            path: path("robots", robotIndex, "pullSecretNamespaces", nsIndex),
            message: `"${namespace}" is listed twice`,
          });
        }
        namespaces.add(namespace);
      });
    });
  });
}

/** Rules between the keys of one instance's `ingress` block. */
function checkIngress(hostname: string, ingress: IngressInput | undefined, ctx: z.RefinementCtx): void {
  if (ingress === undefined) return;
  const issue = (key: string, message: string) => ctx.addIssue({ code: "custom", path: ["ingress", key], message });
  if ((ingress.controller ?? "install") === "install") {
    if (ingress.email === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ingress", "email"],
        message: "is required with controller: install (the ACME account e-mail for Let's Encrypt)",
      });
    }
    for (const key of EXISTING_ONLY_INGRESS_KEYS) {
      if (ingress[key] !== undefined) {
        issue(
          key,
          `only applies with controller: existing; with install the platform provides "traefik" and its own issuers`,
        );
      }
    }
    if (ingress.challenge === "dns01" && ingress.dnsZone === undefined) {
      issue(
        "dnsZone",
        "is required with challenge: dns01 (the DigitalOcean-managed zone cert-manager writes TXT records in)",
      );
    }
  } else {
    for (const key of INSTALL_ONLY_INGRESS_KEYS) {
      if (ingress[key] !== undefined)
        issue(key, "only applies with controller: install; configure your own controller instead");
    }
    if (ingress.dnsZone !== undefined) {
      issue(
        "dnsZone",
        "only applies with controller: install (the record points at the load balancer this project creates)",
      );
    }
    if (ingress.className === undefined)
      issue("className", "is required with controller: existing (your IngressClass, e.g. nginx)");
    if (ingress.clusterIssuer === undefined) {
      issue("clusterIssuer", "is required with controller: existing (your cert-manager ClusterIssuer)");
    }
  }
  if (ingress.dnsZone !== undefined && hostname !== ingress.dnsZone && !hostname.endsWith(`.${ingress.dnsZone}`)) {
    issue("dnsZone", `must contain the hostname "${hostname}"`);
  }
}

/**
 * Instances on one DOKS cluster share its ingress platform (Traefik, cert-manager and the issuers are
 * cluster-wide), so they must agree on its settings and must not share a namespace.
 */
function checkClusterSharing(instances: RawInstanceShape[], ctx: z.RefinementCtx): void {
  const firstByCluster = new Map<string, number>();
  const regionByCluster = new Map<string, number>();
  const namespaces = new Map<string, number>();
  instances.forEach((instance, index) => {
    const sameCluster = regionByCluster.get(instance.cluster);
    if (sameCluster === undefined) {
      regionByCluster.set(instance.cluster, index);
    } else if (instances[sameCluster].region !== instance.region) {
      ctx.addIssue({
        code: "custom",
        path: ["instances", index, "region"],
        message:
          `instance "${instance.name}" says cluster "${instance.cluster}" is in ${instance.region}, instance ` +
          `"${instances[sameCluster].name}" says ${instances[sameCluster].region}; a cluster lives in one region, ` +
          `and its databases and bucket must be there too`,
      });
    }
    const namespace = instance.harbor?.namespace ?? DEFAULT_HARBOR_NAMESPACE;
    const key = `${instance.cluster}/${namespace}`;
    const sameNamespace = namespaces.get(key);
    if (sameNamespace !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["instances", index, "harbor", "namespace"],
        message:
          `instances "${instances[sameNamespace].name}" and "${instance.name}" both use namespace "${namespace}" on cluster ` +
          `"${instance.cluster}"; give each its own harbor.namespace`,
      });
    } else {
      namespaces.set(key, index);
    }

    if (instance.ingress === undefined || (instance.ingress.controller ?? "install") !== "install") return;
    const first = firstByCluster.get(instance.cluster);
    if (first === undefined) {
      firstByCluster.set(instance.cluster, index);
      return;
    }
    const a = instances[first];
    const settings: [string, (i: RawInstanceShape) => unknown, unknown][] = [
      ["email", (i) => i.ingress?.email, undefined],
      ["challenge", (i) => i.ingress?.challenge, "http01"],
      ["loadBalancerSizeUnits", (i) => i.ingress?.loadBalancerSizeUnits, 1],
    ];
    for (const [setting, pick, fallback] of settings) {
      const left = pick(a) ?? fallback;
      const right = pick(instance) ?? fallback;
      if (left !== right) {
        ctx.addIssue({
          code: "custom",
          path: ["instances", index, "ingress", setting],
          message:
            `instances "${a.name}" (${JSON.stringify(left)}) and "${instance.name}" (${JSON.stringify(right)}) share cluster ` +
            `"${instance.cluster}" and its ingress platform, so ingress.${setting} must be the same`,
        });
      }
    }
  });
}

type RawInstanceShape = z.infer<typeof instanceSchema>;

export type RawConfig = z.infer<typeof configSchema>;
export type RawInstance = z.infer<typeof instanceSchema>;
