import { z } from "zod";
import { SPACES_REGIONS, SUPPORTED_REGIONS, regionProblem } from "../constructs/digitalocean/regions";
import {
  DATABASE_SIZES,
  DATABASE_VERSIONS,
  DEFAULT_DATABASE_VERSIONS,
  DatabaseEngine,
  MAX_DATABASE_NODES,
  MIN_STANDBY_MEMORY_GIB,
  databaseNodesProblem,
  databaseSizeProblem,
  databaseVersionProblem,
} from "../constructs/digitalocean/database-sizes";
import { kubernetesScheduleProblem } from "../constructs/harbor/cron";
import { extraValuesProblems } from "../constructs/harbor/extra-values";
import { checkExistingDatabaseClusters } from "./existing-database-clusters";
import { DEFAULT_BACKUP_SCHEDULE, PROFILE_DEFAULTS, Profile } from "./defaults";
import {
  bucketNameProblem,
  databaseClusterNameProblem,
  doksClusterNameProblem,
} from "../constructs/digitalocean/naming";
import {
  HOSTNAME_PATTERN,
  NAMESPACE_PATTERN,
  hostnameMeant,
  hostnameProblem,
  NODE_POOL_NAME_PATTERN,
  NODE_POOL_NAME_RULE,
} from "../constructs/core/naming";
import { INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE } from "../constructs/compose/naming";
import { harborNamespaceProblem, isExactProject } from "../constructs/harbor/naming";
import {
  chartVersionProblem,
  harborReplicasProblem,
  DEFAULT_HARBOR_CHART_VERSION,
  DEFAULT_HARBOR_NAMESPACE,
  MAX_HARBOR_REPLICAS,
} from "../constructs/harbor/chart";
import { DEFAULT_MONITORING_NAMESPACE } from "../constructs/core/network-policy";
import {
  DEFAULT_READ_TIMEOUT_SECONDS,
  MAX_LOAD_BALANCER_SIZE_UNITS,
  loadBalancerSizeUnitsProblem,
  readTimeoutSecondsProblem,
} from "../constructs/ingress/platform-values";
import { ACME_ACCOUNT_URI_PATTERN, DNS_PROVIDERS, route53RegionProblem } from "../constructs/ingress/acme";
import { byProfile, checkedBy, harborName, positiveInt, strictObject } from "./schema-parts";
import { SCANNER_DATABASE_MODES, ScannerDatabaseMode, scannerDatabaseProblem } from "../constructs/harbor/scanner";
import { DAY2_SHAPE, checkDay2 } from "./day2/registry";

/** Marks an issue about a key itself (`params`): its message shows no "got <value>". */
export const KEY_PROBLEM = "keyProblem";

export const PROFILES = ["ha", "dev"] as const satisfies readonly Profile[];

const ENGINE_NAMES: Readonly<Record<DatabaseEngine, string>> = { pg: "PostgreSQL", valkey: "Valkey" };
const ENGINE_KEYS: Readonly<Record<DatabaseEngine, "postgres" | "cache">> = { pg: "postgres", valkey: "cache" };
const code = (values: readonly unknown[]) => values.map((value) => `\`${String(value)}\``).join(", ");

/** The size families DigitalOcean offers for an engine (`db-s-*`, `gd-*`, ...), from the list of sizes. */
function sizeFamilies(engine: DatabaseEngine): string[] {
  return [...new Set(DATABASE_SIZES[engine].map((size) => size.replace(/-\d+vcpu-\d+gb$/, "-*")))];
}

const versionString = (engine: DatabaseEngine) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .superRefine(checkedBy((version: string) => databaseVersionProblem(engine, version)))
    .meta({
      description:
        `The ${ENGINE_NAMES[engine]} major version: ${code(DATABASE_VERSIONS[engine])} (the versions DigitalOcean ` +
        "offers for new clusters). Upgrades only: a lower version fails at apply.",
      // Not `default`: zod leaves defaults out of a transforming schema's input side.
      defaultText: `\`"${DEFAULT_DATABASE_VERSIONS[engine]}"\``,
    });

const databaseSize = (engine: DatabaseEngine) =>
  z
    .string()
    .superRefine(checkedBy((size: string) => databaseSizeProblem(engine, size)))
    .meta({
      description:
        `A ${ENGINE_NAMES[engine]} size slug DigitalOcean offers (${code(sizeFamilies(engine))}; ` +
        "[the list](../constructs/digitalocean/database-sizes.ts)).",
      defaultText: byProfile((defaults) => defaults[ENGINE_KEYS[engine]].size),
    });

/** The node range alone; the size-dependent part of the rule runs once the size is known (see the instance). */
const nodeCount = (engine: DatabaseEngine) =>
  z
    .number()
    .superRefine(checkedBy((nodes: number) => databaseNodesProblem(engine, "", nodes)))
    .meta({
      description:
        `1 to ${MAX_DATABASE_NODES[engine]}: a primary and its standbys (DigitalOcean's limits). Standby nodes ` +
        `need a size with at least ${MIN_STANDBY_MEMORY_GIB} GiB of RAM.`,
      defaultText: byProfile((defaults) => defaults[ENGINE_KEYS[engine]].nodes),
    });

const databaseSchema = (engine: DatabaseEngine) =>
  strictObject({
    version: versionString(engine).optional(),
    size: databaseSize(engine).optional(),
    nodes: nodeCount(engine).optional(),
    existingCluster: z
      .string()
      .superRefine(checkedBy(databaseClusterNameProblem))
      .meta({
        description:
          `The name of an existing ${ENGINE_NAMES[engine]} cluster in the instance's region to use instead of a ` +
          "new one; not combined with `version`, `size` or `nodes` ([bring your own parts](bring-your-own.md)).",
        defaultText: "none: the project creates a cluster",
      })
      .optional(),
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
  createNamespace: z
    .boolean()
    .meta({
      description:
        "`false`: `harbor.namespace` exists already, and the project neither creates, changes nor deletes it.",
      default: true,
    })
    .optional(),
  values: z
    .record(z.string(), z.unknown())
    .meta({
      description:
        "Chart values merged over the project's (mappings key by key, lists replaced); keys of the wiring and of " +
        "secrets are refused ([chart values of your own](bring-your-own.md#chart-values-of-your-own)).",
    })
    .optional(),
  valuesFile: z
    .string()
    .min(1, "must name a YAML file, relative to the config file")
    .meta({ description: "A YAML file of chart values, relative to the config file; `values` is merged over it." })
    .optional(),
  namespace: z
    .string()
    .superRefine(checkedBy(harborNamespaceProblem))
    .meta({
      description:
        "Harbor's namespace: a namespace name of at most 54 characters; not `default`, `kube-*`, `traefik`, " +
        "`cert-manager`, `*-db-grant` or `*-backup`. Instances on one cluster need distinct namespaces.",
      default: DEFAULT_HARBOR_NAMESPACE,
    })
    .optional(),
  chartVersion: z
    .string()
    .superRefine(checkedBy(chartVersionProblem))
    .meta({
      description: "The exact version of the Harbor chart ([upgrading](upgrading.md)).",
      default: DEFAULT_HARBOR_CHART_VERSION,
    })
    .optional(),
  // The range here; whether the profile needs 2 or more once the profile is known (see the instance).
  replicas: z
    .number()
    .superRefine(checkedBy((replicas: number) => harborReplicasProblem(replicas, false)))
    .meta({
      description: `1 to ${MAX_HARBOR_REPLICAS} pods of each component; \`ha\` needs 2 or more.`,
      defaultText: byProfile((defaults) => defaults.replicas),
    })
    .optional(),
  internalTls: z
    .boolean()
    .meta({
      description:
        "TLS between Harbor's components, and from the platform's Traefik to core and portal. `false` only for an " +
        "existing controller that cannot reach HTTPS backends.",
      default: true,
    })
    .optional(),
  scanner: strictObject({
    database: z
      .enum(SCANNER_DATABASE_MODES, { error: `must be one of ${SCANNER_DATABASE_MODES.join(", ")}` })
      .meta({
        description:
          "Where Trivy gets its vulnerability databases: `mirrors` (the chart's public mirrors), `proxy-cache` (the " +
          "instance's public ghcr.io proxy-cache project first, then the mirrors) or `offline` (no download; load " +
          "the databases yourself).",
        defaultText: "`proxy-cache` when the instance has a public ghcr.io proxy cache; else `mirrors`",
      })
      .optional(),
    proxyCacheProject: harborName("project")
      .meta({
        description: "With `database: proxy-cache`: the ghcr.io proxy-cache project to pull the databases through.",
        defaultText: "the instance's public ghcr.io proxy-cache project",
      })
      .optional(),
    githubToken: z
      .boolean()
      .meta({
        description:
          "Pull the databases with a GitHub token from `TF_VAR_trivy_github_token` (never from this file), kept " +
          "in a Secret of its own.",
        default: false,
      })
      .optional(),
  })
    .meta({ description: "Trivy's vulnerability databases ([day-2](day-2.md#scanner-database-and-audit-logs))." })
    .optional(),
})
  .superRefine((harbor, ctx) => {
    // Here, not on `values`: whether a key is the chart's depends on chartVersion.
    if (harbor.values === undefined) return;
    for (const problem of extraValuesProblems(harbor.values, harbor.chartVersion)) {
      ctx.addIssue({
        code: "custom",
        path: ["values", ...problem.path.split(".")],
        message: problem.message,
        // An unknown key: the key is what is wrong, so the message shows no "got <value>".
        params: problem.unknownKey === true ? { [KEY_PROBLEM]: true } : undefined,
      });
    }
  })
  .meta({ description: "The Harbor release." });

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
    .meta({
      description:
        "`install`: Traefik and cert-manager in the stack `harbor-platform-<cluster>`, once per cluster; " +
        '`existing`: your own controller and ClusterIssuer. Below, "install only" and "existing only" refer to it.',
      default: "install",
    })
    .optional(),
  email: z
    .email("must be an e-mail address (Let's Encrypt sends expiry notices there)")
    .meta({ description: "The ACME account's e-mail address.", defaultText: "required with `install`" })
    .optional(),
  challenge: z
    .enum(CHALLENGES, { error: 'must be "http01" or "dns01"' })
    .meta({ description: "The ACME challenge; `dns01` needs `dnsZone`. Install only.", default: "http01" })
    .optional(),
  dnsZone: z
    .string()
    .superRefine(checkedBy(dnsZoneProblem))
    .meta({
      description:
        "The DNS zone that contains `hostname`, on `dnsProvider`; on DigitalOcean DNS the stack creates the A " +
        "record. Install only.",
      defaultText: "none: create the DNS record yourself",
    })
    .optional(),
  staging: z
    .boolean()
    .meta({
      description:
        "Let's Encrypt's staging issuer (untrusted certificates). Install only; `true` refuses day-2 settings.",
      default: false,
    })
    .optional(),
  acmeAccountUri: z
    .string()
    .regex(
      ACME_ACCOUNT_URI_PATTERN,
      "must be a Let's Encrypt account URI such as https://acme-v02.api.letsencrypt.org/acme/acct/123456789",
    )
    .meta({
      description:
        "The ACME account of the instance's Issuer (`kubectl get issuer letsencrypt-prod -o " +
        "jsonpath='{.status.acme.uri}'`): the CAA record then admits that account only. Install only.",
      defaultText: "any Let's Encrypt account",
    })
    .optional(),
  dnsProvider: z
    .enum(DNS_PROVIDERS, { error: `must be one of ${DNS_PROVIDERS.join(", ")} (where dnsZone is hosted)` })
    .meta({ description: "Where `dnsZone` is hosted. Install only.", default: "digitalocean" })
    .optional(),
  route53: strictObject({
    region: z
      .string()
      .superRefine(checkedBy(route53RegionProblem))
      .meta({ description: "The AWS region of the Route 53 API, e.g. `us-east-1`." }),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ")
      .meta({ description: "The hosted zone's id; saves cert-manager the lookup (and its permission)." })
      .optional(),
    role: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
        "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
      )
      .meta({ description: "An IAM role ARN cert-manager assumes with the access key." })
      .optional(),
  })
    .meta({ description: "Route 53 settings; required with `dnsProvider: route53` and `challenge: dns01`." })
    .optional(),
  loadBalancerSizeUnits: z
    .number()
    .superRefine(checkedBy(loadBalancerSizeUnitsProblem))
    .meta({
      description:
        `1 to ${MAX_LOAD_BALANCER_SIZE_UNITS}: the load balancer's size; the same for every instance on a cluster. ` +
        "Install only.",
      default: 1,
    })
    .optional(),
  readTimeoutSeconds: z
    .number()
    .superRefine(checkedBy(readTimeoutSecondsProblem))
    .meta({
      description:
        "Seconds an HTTPS request (TLS handshake, headers and body) may take on Traefik's `websecure`; bounds slow " +
        "clients and still lets a multi-GB push through. Install only; the same for every instance on a cluster.",
      default: DEFAULT_READ_TIMEOUT_SECONDS,
    })
    .optional(),
  nodePool: z
    .string()
    .regex(NODE_POOL_NAME_PATTERN, NODE_POOL_NAME_RULE)
    .meta({
      description:
        "A DOKS node pool for the platform and Harbor, tainted `harbor-doks.io/platform=true:NoExecute` " +
        "([security](security.md)). Install only; the same for every instance on a cluster.",
      defaultText: "none: any node",
    })
    .optional(),
  tenantNodePolicy: z
    .boolean()
    .meta({
      description:
        "Refuse other namespaces' pods that tolerate the pool's taint or name its nodes (needs `nodePool`). " +
        "Install only; the same for every instance on a cluster.",
      default: false,
    })
    .optional(),
  controllerNamespace: z
    .string()
    .regex(NAMESPACE_PATTERN, "must be a namespace name")
    .meta({
      description:
        "The namespace of your controller's pods, the only one Harbor's core and portal admit. Existing only.",
      defaultText: "required with `existing`",
    })
    .optional(),
  className: z
    .string()
    .regex(NAMESPACE_PATTERN, "must be an IngressClass name")
    .meta({ description: "Your IngressClass. Existing only.", defaultText: "required with `existing`" })
    .optional(),
  clusterIssuer: z
    .string()
    .regex(NAMESPACE_PATTERN, "must be a ClusterIssuer name")
    .meta({ description: "Your cert-manager ClusterIssuer. Existing only.", defaultText: "required with `existing`" })
    .optional(),
}).meta({
  description:
    "A public `https://<hostname>` with a Let's Encrypt certificate ([ingress and TLS](ingress.md)). Without it " +
    "Harbor is reachable inside the cluster only.",
});

const backupSchema = strictObject({
  region: z
    .enum(SPACES_REGIONS, { error: (issue) => regionProblem("spaces", String(issue.input)) })
    .meta({ description: "A Spaces region other than the instance's." }),
  // The jobs are Kubernetes CronJobs: whole minutes only.
  schedule: z
    .string()
    .superRefine((expression, ctx) => {
      const problem = kubernetesScheduleProblem(expression);
      if (problem !== undefined) {
        ctx.addIssue({ code: "custom", message: `${problem}; e.g. "0 30 2 * * *" (02:30 UTC daily)` });
      }
    })
    .meta({
      description: "When the backup jobs run (UTC): a 6-field cron whose second is `0` (Kubernetes CronJobs).",
      default: DEFAULT_BACKUP_SCHEDULE,
    })
    .optional(),
  keepDays: positiveInt("days", 3650)
    .meta({ description: "How long dumps, and blobs deleted at the primary, are kept.", default: 30 })
    .optional(),
  // Pinned like storage.bucket: the derived name follows the hostname, so a hostname change would rename it.
  bucket: z
    .string()
    .superRefine(checkedBy(bucketNameProblem))
    .meta({
      description: "The backup bucket's name, unique like `storage.bucket`; pin it before changing the hostname.",
      defaultText: "`harbor-<name>-backup-<hash of hostname>`",
    })
    .optional(),
}).meta({
  description:
    "An off-region copy of the bucket and nightly database dumps ([replication and backup](replication-and-backup.md)).",
});

const monitoringSchema = strictObject({
  metrics: z.boolean().meta({ description: "Harbor's (and Traefik's) Prometheus metrics.", default: false }).optional(),
  serviceMonitor: z
    .boolean()
    .meta({
      description: "ServiceMonitors for the Prometheus Operator; needs `metrics: true` and the Operator's CRDs.",
      default: false,
    })
    .optional(),
  namespace: z
    .string()
    .regex(NAMESPACE_PATTERN, "must be a namespace name (where Prometheus runs)")
    .meta({
      description: "The only namespace whose pods may scrape the metrics ports (NetworkPolicy).",
      default: DEFAULT_MONITORING_NAMESPACE,
    })
    .optional(),
})
  .refine((m) => m.serviceMonitor !== true || m.metrics === true, {
    error: "serviceMonitor: true needs metrics: true (the ServiceMonitors scrape Harbor's metrics endpoints)",
  })
  .meta({ description: "Prometheus metrics ([monitoring](monitoring.md))." });

export const instanceSchema = strictObject({
  name: z
    .string()
    .regex(INSTANCE_NAME_PATTERN, INSTANCE_NAME_RULE)
    .meta({
      description:
        "2-20 lowercase letters, digits and hyphens, starting with a letter; unique. The stacks are named after it " +
        "(`harbor-<name>`, `harbor-<name>-config`, ...).",
    }),
  region: z
    .enum(SUPPORTED_REGIONS, {
      error: `must be a region with both Spaces and managed databases: ${SUPPORTED_REGIONS.join(", ")}`,
    })
    .meta({ description: "The cluster's region ([regions](#regions))." }),
  cluster: z
    .string()
    .superRefine(checkedBy(doksClusterNameProblem))
    .meta({
      description:
        "The name of the existing DOKS cluster, in `region`: a DNS label (lowercase letters, digits and hyphens, " +
        "1-63 characters, alphanumeric at both ends).",
    }),
  hostname: z.string().superRefine(checkedBy(hostnameProblem)).meta({
    description:
      "The host users `docker login` to: a lowercase DNS name with 2 or more labels, not an IP address; unique.",
  }),
  profile: z
    .enum(PROFILES, { error: 'must be "ha" or "dev"' })
    .meta({
      description:
        "`ha` survives a node or database failover (replicas, standbys, PodDisruptionBudgets); `dev` is the " +
        "cheapest that runs. It sets the defaults marked `ha` / `dev`.",
      default: "ha",
    })
    .optional(),
  postgres: databaseSchema("pg")
    .meta({ description: "Managed PostgreSQL in the cluster's VPC, or an existing cluster." })
    .optional(),
  cache: databaseSchema("valkey")
    .meta({ description: "Managed Valkey (Harbor's cache and job queue), or an existing cluster." })
    .optional(),
  storage: strictObject({
    bucket: z
      .string()
      .superRefine(checkedBy(bucketNameProblem))
      .meta({
        description:
          "The bucket's name: 3-63 lowercase letters, digits and hyphens; unique across instances; not the " +
          "`backend` bucket. Pin it before changing the hostname ([deploy](deploy.md#deploy-and-destroy)).",
        defaultText: "`harbor-<name>-<hash of hostname>`",
      })
      .optional(),
    versioning: z
      .boolean()
      .meta({ description: "Bucket versioning: deleted and overwritten blobs stay recoverable.", default: true })
      .optional(),
  })
    .meta({ description: "The Spaces bucket that holds the images." })
    .optional(),
  protect: z
    .boolean()
    .meta({
      description:
        "`prevent_destroy` on the databases, the bucket and Harbor's `secretKey`: a destroy or a replacement fails " +
        "at plan.",
      default: true,
    })
    .optional(),
  harbor: harborSchema.optional(),
  ingress: ingressSchema.optional(),
  ...DAY2_SHAPE,
  backup: backupSchema.optional(),
  monitoring: monitoringSchema.optional(),
}).superRefine((instance, ctx) => {
  checkIngress(instance.hostname, instance.ingress, ctx);
  checkDay2(instance, ctx);
  checkScanner(instance, ctx);
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
      ctx.addIssue({ code: "custom", path: [key, "nodes"], message: problem });
    }
  }
  const replicas = instance.harbor?.replicas;
  if (replicas !== undefined && harborReplicasProblem(replicas, false) === undefined) {
    const problem = harborReplicasProblem(replicas, (instance.profile ?? "ha") === "ha");
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["harbor", "replicas"], message: problem });
  }
});

const backendSchema = strictObject({
  type: z
    .literal("s3", { error: 'must be "s3" (a Spaces bucket); omit the backend block for local state' })
    .meta({ description: "A Spaces bucket, through Terraform's S3 backend." }),
  bucket: z
    .string()
    .superRefine(checkedBy(bucketNameProblem))
    .meta({ description: "An existing, private bucket with versioning on." }),
  region: z
    .enum(SPACES_REGIONS, { error: (issue) => regionProblem("spaces", String(issue.input)) })
    .meta({ description: "The bucket's region." }),
  keyPrefix: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
      "must be a path such as harbor or teams/platform/harbor (no leading or trailing slash)",
    )
    .meta({ description: "State keys are `<keyPrefix>/<stack>.tfstate`.", default: "harbor" })
    .optional(),
}).meta({
  description:
    "Where every stack keeps its Terraform state ([remote state on Spaces](deploy.md#remote-state-on-spaces)).",
  defaultText: "none: local state files",
});

export const configSchema = strictObject({
  instances: z
    .array(instanceSchema)
    .min(1, "must list at least one instance")
    .meta({ description: "The Harbor instances; one stack `harbor-<name>` each." }),
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
  checkExistingDatabaseClusters(config.instances, ctx);
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

/**
 * `harbor.scanner` against the instance: the proxy-cache mode needs a public proxy cache of ghcr.io in `proxyCache`
 * (the scanner pulls its databases anonymously), and the mode's own rules (scannerDatabaseProblem).
 */
function checkScanner(instance: RawInstanceShape, ctx: z.RefinementCtx): void {
  const scanner = instance.harbor?.scanner;
  if (scanner === undefined) return;
  const mode = scanner.database ?? defaultScannerDatabase(instance);
  const project =
    scanner.proxyCacheProject ??
    (ghcrProxyCache(instance) ?? (instance.proxyCache ?? []).find((c) => c.provider === "ghcr"))?.project;
  if (mode === "proxy-cache") {
    const cache = (instance.proxyCache ?? []).find((c) => c.project === project);
    const ghcr = (instance.proxyCache ?? []).filter((c) => c.provider === "ghcr").map((c) => c.project);
    const fix =
      ghcr.length === 0
        ? "add a proxyCache entry { project: ghcr, provider: ghcr, public: true }"
        : `name one of ${ghcr.join(", ")} in proxyCacheProject`;
    const path = ["harbor", "scanner", scanner.proxyCacheProject === undefined ? "database" : "proxyCacheProject"];
    if (cache === undefined || cache.provider !== "ghcr") {
      ctx.addIssue({
        code: "custom",
        path,
        message:
          `database "proxy-cache" pulls through a proxy-cache project of ghcr.io` +
          `${project === undefined ? ", and this instance has none" : `; "${project}" is not one`}; ${fix}`,
      });
      return;
    }
    if (cache.public !== true) {
      ctx.addIssue({
        code: "custom",
        path,
        message:
          `proxy cache "${cache.project}" must be public: true: the scanner pulls its databases without credentials ` +
          '(or use database: "mirrors")',
      });
      return;
    }
  }
  const problem = scannerDatabaseProblem(
    mode,
    mode === "proxy-cache" ? project : scanner.proxyCacheProject,
    scanner.githubToken === true,
  );
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", path: ["harbor", "scanner", problem.prop], message: problem.message });
  }
}

/** The first public proxy cache of ghcr.io of an instance, which the scanner uses unless told otherwise. */
export function ghcrProxyCache(instance: Pick<RawInstanceShape, "proxyCache">): { project: string } | undefined {
  return (instance.proxyCache ?? []).find((cache) => cache.provider === "ghcr" && cache.public === true);
}

/** `proxy-cache` when the instance has a public proxy cache of ghcr.io, else the public `mirrors`. */
export function defaultScannerDatabase(instance: Pick<RawInstanceShape, "proxyCache">): ScannerDatabaseMode {
  return ghcrProxyCache(instance) === undefined ? "mirrors" : "proxy-cache";
}

/** Why `zone` is not a DNS zone name, with the zone it most likely means (`Example.com.` -> `example.com`). */
function dnsZoneProblem(zone: string): string | undefined {
  if (HOSTNAME_PATTERN.test(zone)) return undefined;
  const meant = hostnameMeant(zone);
  return (
    "must be a DNS zone such as example.com (lowercase, no trailing dot)" +
    (meant === undefined ? "" : ` (did you mean "${meant}"?)`)
  );
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
  // Only between two valid names: an invalid one is reported by its own rule, and comparing it says nothing more.
  const comparable =
    ingress.dnsZone !== undefined &&
    hostnameProblem(hostname) === undefined &&
    dnsZoneProblem(ingress.dnsZone) === undefined;
  if (comparable && hostname !== ingress.dnsZone && !hostname.endsWith(`.${ingress.dnsZone}`)) {
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
