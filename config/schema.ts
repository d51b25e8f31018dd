import { z } from "zod";
import { SPACES_REGIONS, SUPPORTED_REGIONS, regionProblem } from "../constructs/digitalocean/regions";
import {
  DatabaseEngine,
  databaseNodesProblem,
  databaseSizeProblem,
  databaseVersionProblem,
} from "../constructs/digitalocean/database-sizes";
import { kubernetesScheduleProblem } from "../constructs/harbor/cron";
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
import { harborNamespaceProblem, isExactProject } from "../constructs/harbor/naming";
import { chartVersionProblem, harborReplicasProblem, DEFAULT_HARBOR_NAMESPACE } from "../constructs/harbor/chart";
import {
  DEFAULT_READ_TIMEOUT_SECONDS,
  loadBalancerSizeUnitsProblem,
  readTimeoutSecondsProblem,
} from "../constructs/ingress/platform-values";
import { ACME_ACCOUNT_URI_PATTERN, DNS_PROVIDERS, route53RegionProblem } from "../constructs/ingress/acme";
import { checkedBy, positiveInt, strictObject } from "./schema-parts";
import { DAY2_SHAPE, checkDay2 } from "./day2/registry";

export { DAY2_KEYS } from "./day2/registry";
export { MAX_QUOTA_GIB, VARIABLE_NAME_PATTERN } from "./schema-parts";
export { SCAN_SCHEDULES } from "./day2/scan-schedule";

export const PROFILES = ["ha", "dev"] as const satisfies readonly Profile[];
export type { Profile };

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
  // TLS between Harbor's components (and from the platform's Traefik); off only for a controller that cannot reach
  // HTTPS backends.
  internalTls: z.boolean().optional(),
});

export const INGRESS_CONTROLLERS = ["install", "existing"] as const;
export const CHALLENGES = ["http01", "dns01"] as const;
/** Keys that only make sense when this project installs the ingress platform. */
export const INSTALL_ONLY_INGRESS_KEYS = [
  "email",
  "challenge",
  "staging",
  "loadBalancerSizeUnits",
  "readTimeoutSeconds",
  "acmeAccountUri",
  "nodePool",
  "tenantNodePolicy",
  "dnsProvider",
  "route53",
] as const;
/** Keys that only make sense with an existing controller. */
export const EXISTING_ONLY_INGRESS_KEYS = ["className", "clusterIssuer", "controllerNamespace"] as const;

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
  // The ACME account of the instance's Issuer (kubectl get issuer letsencrypt-prod -o jsonpath='{.status.acme.uri}'):
  // the CAA record then admits that account only.
  acmeAccountUri: z
    .string()
    .regex(
      ACME_ACCOUNT_URI_PATTERN,
      "must be a Let's Encrypt account URI such as https://acme-v02.api.letsencrypt.org/acme/acct/123456789",
    )
    .optional(),
  dnsProvider: z
    .enum(DNS_PROVIDERS, { error: `must be one of ${DNS_PROVIDERS.join(", ")} (where dnsZone is hosted)` })
    .optional(),
  route53: strictObject({
    region: z.string().superRefine(checkedBy(route53RegionProblem)),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ")
      .optional(),
    role: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
        "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
      )
      .optional(),
  }).optional(),
  loadBalancerSizeUnits: z.number().superRefine(checkedBy(loadBalancerSizeUnitsProblem)).optional(),
  // Seconds an HTTPS request (TLS handshake, headers and body) may take; see TraefikIngressProps.readTimeoutSeconds.
  readTimeoutSeconds: z.number().superRefine(checkedBy(readTimeoutSecondsProblem)).optional(),
  className: z.string().regex(NAMESPACE_PATTERN, "must be an IngressClass name").optional(),
  clusterIssuer: z.string().regex(NAMESPACE_PATTERN, "must be a ClusterIssuer name").optional(),
  // A DOKS node pool for the platform and Harbor, tainted harbor-doks.io/platform=true:NoExecute (TraefikIngressProps).
  nodePool: z.string().regex(NAMESPACE_PATTERN, "must be a DOKS node pool name").optional(),
  // Refuse other namespaces' pods on that pool (needs nodePool).
  tenantNodePolicy: z.boolean().optional(),
  // The namespace of the existing controller's pods: the only one Harbor's core and portal admit.
  controllerNamespace: z.string().regex(NAMESPACE_PATTERN, "must be a namespace name").optional(),
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
  // Pinned like storage.bucket: the derived name follows the hostname, so a hostname change would rename it.
  bucket: z.string().superRefine(checkedBy(bucketNameProblem)).optional(),
});

const monitoringSchema = strictObject({
  metrics: z.boolean().optional(),
  serviceMonitor: z.boolean().optional(),
  namespace: z.string().regex(NAMESPACE_PATTERN, "must be a namespace name (where Prometheus runs)").optional(),
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
  ...DAY2_SHAPE,
  backup: backupSchema.optional(),
  monitoring: monitoringSchema.optional(),
}).superRefine((instance, ctx) => {
  checkIngress(instance.hostname, instance.ingress, ctx);
  checkDay2(instance, ctx);
  if (instance.backup !== undefined && instance.backup.region === instance.region) {
    ctx.addIssue({
      code: "custom",
      path: ["backup", "region"],
      message: `must differ from the instance's region (${instance.region}): a backup in the same region is lost with it`,
    });
  }
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
      checkScopedProjects(source, ruleIndex, target.instance, index, ctx);
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

/**
 * When every rule from `source` to `target` names exact projects, the target's robot for `source` may push to those
 * projects only (constructs/harbor/day2/replication.ts): Harbor scopes a robot to existing projects, so the target
 * must declare each of them in its `projects`. Reported once per source and target, on the first such rule.
 */
function checkScopedProjects(
  source: RawInstanceShape,
  ruleIndex: number,
  target: RawInstanceShape,
  index: number,
  ctx: z.RefinementCtx,
): void {
  const rules = source.replication ?? [];
  const to = rules[ruleIndex].to;
  // One report per source and target: on the pair's first rule.
  if (rules.findIndex((rule) => rule.to === to) !== ruleIndex) return;
  const projects = rules.filter((rule) => rule.to === to).flatMap((rule) => rule.projects);
  if (!projects.every(isExactProject)) return;
  const declared = new Set((target.projects ?? []).map((project) => project.name));
  const missing = [...new Set(projects)].filter((project) => !declared.has(project));
  if (missing.length === 0) return;
  ctx.addIssue({
    code: "custom",
    path: ["instances", index, "replication", ruleIndex, "projects"],
    message:
      `names ${missing.map((p) => `"${p}"`).join(", ")}, which instance "${to}" does not declare in its projects: ` +
      `rules that name exact projects get a robot at "${to}" limited to those projects, and Harbor limits a robot to ` +
      `projects that exist. Add them to "${to}"'s projects, or use a pattern (e.g. "team-*") for a robot that may ` +
      "push to every project and create missing ones",
  });
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
        `is required with challenge: dns01 (the zone on ${ingress.dnsProvider ?? "digitalocean"} cert-manager writes TXT records in)`,
      );
    }
    const dnsProvider = ingress.dnsProvider ?? "digitalocean";
    if (dnsProvider === "route53" && ingress.challenge === "dns01" && ingress.route53 === undefined) {
      issue("route53", "is required with dnsProvider: route53 and challenge: dns01 (at least { region: us-east-1 })");
    }
    if (ingress.tenantNodePolicy === true && ingress.nodePool === undefined) {
      issue("tenantNodePolicy", "needs nodePool: the policy reserves that pool's nodes; set nodePool or remove it");
    }
    if (ingress.route53 !== undefined && (dnsProvider !== "route53" || ingress.challenge !== "dns01")) {
      issue("route53", "only applies with dnsProvider: route53 and challenge: dns01");
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
    if (ingress.controllerNamespace === undefined) {
      issue(
        "controllerNamespace",
        "is required with controller: existing (the namespace your ingress controller's pods run in, e.g. ingress-nginx: the only one Harbor's core and portal then admit)",
      );
    }
  }
  if (ingress.dnsZone !== undefined && hostname !== ingress.dnsZone && !hostname.endsWith(`.${ingress.dnsZone}`)) {
    issue("dnsZone", `must contain the hostname "${hostname}"`);
  }
}

/**
 * Instances on one DOKS cluster share its ingress platform (Traefik and cert-manager are cluster-wide), so they
 * must agree on its settings and must not share a namespace.
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
    // E-mail and challenge may differ: each instance's Issuers live in its own namespace.
    const settings: [string, (i: RawInstanceShape) => unknown, unknown][] = [
      ["loadBalancerSizeUnits", (i) => i.ingress?.loadBalancerSizeUnits, 1],
      ["readTimeoutSeconds", (i) => i.ingress?.readTimeoutSeconds, DEFAULT_READ_TIMEOUT_SECONDS],
      ["nodePool", (i) => i.ingress?.nodePool, undefined],
      ["tenantNodePolicy", (i) => i.ingress?.tenantNodePolicy, false],
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
