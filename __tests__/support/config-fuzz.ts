// Configs for the property "no config meets an internal error" (issue 29): valid ones built from known-good blocks,
// and mutations of them (wrong types, unknown and misspelt keys, duplicate names, hostile strings, anchors and aliases,
// sizes and regions at the edges, random day-2 blocks). `runConfig` takes a config through the app's own steps
// (main.ts) and says what became of it; `outcomeProblem` says why that outcome breaks the property. Shared by
// __tests__/config/fuzz.test.ts (a fixed seed) and scripts/fuzz-config.ts (`npm run fuzz`, longer runs).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { App } from "cdktf";
import { Document, isMap, isSeq, stringify } from "yaml";
import { ConfigError, parseConfig } from "../../config/load";
import { estimateCost, formatCostEstimate, formatCostSummary } from "../../config/cost";
import { ValidationError } from "../../constructs/core/errors";
import { DATABASE_SIZES } from "../../constructs/digitalocean/database-sizes";
import { SPACES_REGIONS, SUPPORTED_REGIONS } from "../../constructs/digitalocean/regions";
import { buildApp } from "../../stacks/app";
import { guardExampleStacks } from "../../stacks/example-guard";
import { formatPlanInputs, planInputs } from "../../stacks/plan-inputs";
import { synthesizeAtomically } from "../../stacks/synth-output";

/** A literal the generator puts under secret-looking keys: it must never reach the synthesized output. */
export const SECRET_MARKER = "FUZZ-SECRET-4f1c";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const INSTANCE_NAMES = ["prod", "dev", "eu", "us-east", "staging", "ci", "shop", "a1"];
const CLUSTERS = ["prod-doks", "k", "shared"];

/** Blocks of an instance that are valid on their own (the example's and the README's), as a generator picks them. */
const BLOCKS: Record<string, Json[]> = {
  profile: ["ha", "dev"],
  postgres: [
    { version: "17", size: "db-s-1vcpu-2gb", nodes: 2 },
    { size: "gd-2vcpu-8gb" },
    { existingCluster: "platform-pg" },
    { size: "db-s-2vcpu-4gb", nodes: 3 },
  ],
  cache: [{ version: "8", size: "db-s-1vcpu-2gb", nodes: 2 }, { existingCluster: "prod-valkey" }, { nodes: 1 }],
  storage: [{ versioning: true }, { versioning: false }, { bucket: "my-harbor-blobs" }],
  protect: [true, false],
  harbor: [
    { namespace: "harbor", replicas: 2 },
    { namespace: "harbor-dev", replicas: 3, internalTls: false },
    { createNamespace: false, values: { core: { nodeSelector: { pool: "registry" } } } },
    { values: { logLevel: "warning", persistence: { enabled: true }, trivy: { resources: { limits: { cpu: 1 } } } } },
    { chartVersion: "1.19.1" },
  ],
  ingress: [
    { controller: "install", email: "ops@example.com", challenge: "http01", dnsZone: "example.com", staging: false },
    { email: "ops@example.com" },
    { email: "ops@example.com", challenge: "dns01", dnsZone: "example.com" },
    { email: "ops@example.com", challenge: "dns01", dnsZone: "example.com", dnsProvider: "cloudflare" },
    {
      email: "ops@example.com",
      challenge: "dns01",
      dnsZone: "example.com",
      dnsProvider: "route53",
      route53: { region: "us-east-1" },
    },
    { email: "ops@example.com", loadBalancerSizeUnits: 2 },
    { controller: "existing", className: "nginx", clusterIssuer: "letsencrypt" },
  ],
  proxyCache: [
    [
      { project: "dockerhub", provider: "docker-hub", credentials: "DOCKERHUB", public: true, quotaGiB: 200 },
      { project: "ghcr", provider: "ghcr", public: true },
    ],
    [{ project: "quay", provider: "quay" }],
  ],
  oidc: [
    {
      endpoint: "https://dex.example.com",
      clientId: "harbor",
      groupsClaim: "groups",
      adminGroup: "platform-admins",
      scopes: ["openid", "profile", "email", "groups", "offline_access"],
      autoOnboard: false,
    },
    { endpoint: "https://id.example.com", clientId: "harbor" },
  ],
  gc: [{ schedule: "0 0 3 * * 0" }, { schedule: "0 0 4 * * *", deleteUntagged: false }],
  scanSchedule: ["daily", "weekly", "none", "0 0 2 * * *"],
  system: [{ projectCreation: "adminonly", robotExpiryDays: 30 }, { projectCreation: "everyone" }],
  projects: [
    [
      {
        name: "team-a",
        quotaGiB: 200,
        preventVulnerable: "high",
        immutableTags: ["v*"],
        retention: { keepLastPushed: 20, untaggedAfterDays: 7 },
        members: [{ group: "team-a-devs", role: "developer" }],
        robots: [
          { name: "ci", access: "push" },
          { name: "cluster-pull", access: "pull", pullSecretNamespaces: ["team-a"] },
        ],
      },
    ],
    [
      {
        name: "shop",
        robots: [
          { name: "pull", access: "pull", pullSecretNamespaces: ["shop", "team-a"] },
          { name: "ci", access: "push" },
        ],
      },
    ],
    [{ name: "base" }, { name: "team-b", public: true, scanOnPush: true }],
    // Robot and namespace names that both hold "-" (issue 29, item 1): the old pull-Secret ids and moved blocks of
    // the two orders collided.
    [
      {
        name: "shop",
        robots: [{ name: "staging", access: "pull", pullSecretNamespaces: ["shop", "staging-shop"] }],
      },
    ],
    [
      {
        name: "web",
        robots: [
          { name: "ci", access: "pull", pullSecretNamespaces: ["x"] },
          { name: "pull", access: "pull", pullSecretNamespaces: ["ci-x"] },
        ],
      },
    ],
  ],
  backup: [{ region: "ams3", schedule: "0 30 2 * * *", keepDays: 30 }, { region: "nyc3" }],
  monitoring: [{ metrics: true, serviceMonitor: true }, { metrics: true }],
};

/** Day-2 blocks: applied through Harbor's API, so they need an ingress. */
const DAY2_BLOCKS = new Set(["proxyCache", "oidc", "gc", "scanSchedule", "system", "projects"]);

/**
 * A valid instance: the required keys and a random subset of the blocks, made to agree (an ingress when a day-2 block
 * is there, OIDC when a project names groups, a backup in another region).
 */
const instanceArbitrary = (name: string, cluster: string, region: string) =>
  fc
    .record({
      blocks: fc.subarray(Object.keys(BLOCKS)),
      picks: fc.array(fc.nat(), { minLength: Object.keys(BLOCKS).length, maxLength: Object.keys(BLOCKS).length }),
    })
    .map(({ blocks, picks }) => {
      const instance: Json = { name, region, cluster, hostname: `${name}.example.com` };
      const pick = (block: string) =>
        structuredClone(BLOCKS[block][picks[Object.keys(BLOCKS).indexOf(block)] % BLOCKS[block].length]);
      for (const block of blocks) instance[block] = pick(block);
      if (instance.ingress === undefined && blocks.some((block) => DAY2_BLOCKS.has(block))) {
        instance.ingress = structuredClone(BLOCKS.ingress[1]);
      }
      if (JSON.stringify(instance.projects ?? []).includes('"members"'))
        instance.oidc = structuredClone(BLOCKS.oidc[0]);
      if (instance.backup !== undefined && instance.backup.region === region) {
        instance.backup.region = SPACES_REGIONS.find((r) => r !== region);
      }
      // Instances on one cluster need namespaces of their own.
      instance.harbor = { ...(instance.harbor ?? {}), namespace: `harbor-${name}` };
      return instance;
    });

/** Replication from one instance to another that has an ingress without staging. */
const withReplication = (config: Json, rules: { from: number; to: number; deletion: boolean }[]): Json => {
  const instances = config.instances as Json[];
  for (const rule of rules) {
    const from = instances[rule.from % instances.length];
    const to = instances[rule.to % instances.length];
    if (from === to) continue;
    to.ingress = { ...structuredClone(BLOCKS.ingress[1]), ...(to.ingress ?? {}), staging: false };
    if (to.ingress.controller === "existing") to.ingress = structuredClone(BLOCKS.ingress[6]);
    from.replication = [
      ...(from.replication ?? []),
      // Deletion only one way round: rules that delete must not form a loop.
      { to: to.name, projects: ["team-*"], deletion: rule.deletion && rule.from < rule.to, robotExpiryDays: 90 },
    ];
  }
  return config;
};

const baseConfigArbitrary = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom(...INSTANCE_NAMES), { minLength: 1, maxLength: 3 }),
    clusters: fc.array(fc.constantFrom(...CLUSTERS), { minLength: 3, maxLength: 3 }),
    // One region per cluster: a cluster lives in one region.
    regions: fc.array(fc.constantFrom(...SUPPORTED_REGIONS), { minLength: 3, maxLength: 3 }),
    backend: fc.option(fc.constant({ type: "s3", bucket: "tf-state-bucket", region: "fra1", keyPrefix: "harbor" }), {
      nil: undefined,
    }),
    replication: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), deletion: fc.boolean() }), { maxLength: 2 }),
  })
  .chain(({ names, clusters, regions, backend, replication }) =>
    fc
      .tuple(
        ...names.map((name, index) =>
          instanceArbitrary(name, clusters[index], regions[CLUSTERS.indexOf(clusters[index])]),
        ),
      )
      .map((instances) => {
        const config: Json = { instances };
        if (backend !== undefined) config.backend = structuredClone(backend);
        return withReplication(config, replication);
      }),
  );

/** Strings a hostile or careless user writes. */
const HOSTILE_STRINGS = [
  "",
  " ",
  '${file("/etc/passwd")}',
  "%{ if true }x%{ endif }",
  "$${literal}",
  "__proto__",
  "constructor",
  "toString",
  "a\u0000b",
  "line\nbreak",
  "\u202eevil",
  "ünïcödé.example.com",
  "registry.example.com.",
  "https://registry.example.com/",
  "Registry.Example.COM",
  "x".repeat(300),
  "../../etc/passwd",
  "'; DROP TABLE x; --",
  "-1",
  "0x1F",
  "1e309",
  "~",
  "null",
  "*",
  "team-*",
  "a--b",
  "kube-system",
  "default",
  "0 0 3 * *",
  "*/5 * * * * *",
  "@daily",
  SECRET_MARKER,
];

/** Numbers at the edges. */
const EDGE_NUMBERS = [0, -1, 1, 2, 3, 4, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1e308, -0, 3650, 3651, 1048577];

const ALL_REGIONS = [...new Set([...SUPPORTED_REGIONS, ...SPACES_REGIONS, "nyc1", "sfo1", "FRA1", "fra", "mars1"])];
const ALL_SIZES = [
  ...new Set([...DATABASE_SIZES.pg, ...DATABASE_SIZES.valkey, "db-s-1vcpu-3gb", "db-s-0vcpu-0gb", "huge"]),
];

/** A scalar or small structure of any type, to put where something else is expected. */
const anyValueArbitrary: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...EDGE_NUMBERS),
  fc.constantFrom(...ALL_REGIONS, ...ALL_SIZES),
  fc.constantFrom(true, false, null, "yes", "no", "on", [], {}, ["a"], { a: 1 }, [null]),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 10 }),
);

/** One change to a config object. */
type Mutation =
  | { kind: "replace"; at: number; value: Json }
  | { kind: "delete"; at: number }
  | { kind: "unknownKey"; at: number; key: string; value: Json }
  | { kind: "misspell"; at: number; position: number; letter: string }
  | { kind: "duplicate"; at: number }
  | { kind: "secret"; at: number; key: string }
  | { kind: "block"; at: number; block: string; pick: number };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: anyValueArbitrary }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("unknownKey" as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom("__proto__", "constructor", "x-anchor", "password", "values"), fc.string()),
    value: anyValueArbitrary,
  }),
  fc.record({
    kind: fc.constant("misspell" as const),
    at: fc.nat(),
    position: fc.nat(),
    letter: fc.constantFrom("", "x", "e", "_", "-", "A"),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("secret" as const),
    at: fc.nat(),
    key: fc.constantFrom("password", "secret", "token"),
  }),
  fc.record({
    kind: fc.constant("block" as const),
    at: fc.nat(),
    block: fc.constantFrom(...Object.keys(BLOCKS)),
    pick: fc.nat(),
  }),
);

/** Maps whose keys are label names, node labels or Kubernetes fields, not settings (constructs/harbor/extra-values.ts). */
const FREE_FORM = new Set([
  "nodeSelector",
  "podLabels",
  "labels",
  "annotations",
  "podAnnotations",
  "resources",
  "affinity",
]);

/** Every mapping and list in `node`, with the node itself first; `free` marks those inside a free-form map. */
function containers(node: Json, into: { node: Json; free: boolean }[] = [], free = false) {
  if (node === null || typeof node !== "object") return into;
  into.push({ node, free });
  for (const [key, child] of Object.entries(node)) containers(child, into, free || FREE_FORM.has(key));
  return into;
}

/** `config` with `mutation` applied (a copy). */
export function mutate(config: Json, mutation: Mutation): Json {
  const copy = structuredClone(config);
  const all = containers(copy);
  const { node: target, free } = all[mutation.at % all.length];
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[mutation.at % keys.length] : undefined;
  switch (mutation.kind) {
    case "replace":
      if (key !== undefined) target[key] = structuredClone(mutation.value);
      break;
    case "delete":
      if (key !== undefined) {
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete target[key];
      }
      break;
    case "unknownKey":
      if (!Array.isArray(target))
        Object.defineProperty(target, mutation.key, {
          value: mutation.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      break;
    case "misspell":
      if (key !== undefined && !Array.isArray(target)) {
        const at = mutation.position % (key.length + 1);
        const misspelt = key.slice(0, at) + mutation.letter + key.slice(at + 1);
        const value = target[key];
        delete target[key];
        Object.defineProperty(target, misspelt, { value, enumerable: true, writable: true, configurable: true });
      }
      break;
    case "duplicate":
      if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[mutation.at % target.length]));
      break;
    case "secret":
      // Not in a free-form map: a node label named "token" is a label, not a secret.
      if (!Array.isArray(target) && !free) target[mutation.key] = SECRET_MARKER;
      break;
    case "block": {
      const instances = copy.instances;
      if (Array.isArray(instances) && instances.length > 0) {
        const instance = instances[mutation.at % instances.length];
        const options = BLOCKS[mutation.block];
        if (instance !== null && typeof instance === "object")
          instance[mutation.block] = structuredClone(options[mutation.pick % options.length]);
      }
      break;
    }
  }
  return copy;
}

/** How the config becomes text: plain YAML, JSON, or YAML that shares blocks through anchors, aliases and merge keys. */
type Rendering = "yaml" | "json" | "anchors" | "merge";

/** The config as a file's text. */
export function render(config: Json, rendering: Rendering): string {
  if (rendering === "json") return JSON.stringify(config, null, 2);
  if (rendering === "yaml") return stringify(config);
  const instances = Array.isArray(config?.instances) ? config.instances : [];
  if (rendering === "merge" && instances.length > 0 && isPlainObject(instances[0])) {
    // The README's pattern: shared settings in an "x-" key, merged into each instance.
    const { name, hostname, ...shared } = instances[0];
    const doc = new Document({ "x-defaults": shared, ...config });
    const anchor = doc.getIn(["x-defaults"]);
    const items = doc.getIn(["instances"]);
    if (isMap(anchor) && isSeq(items)) {
      anchor.anchor = "defaults";
      items.items[0] = doc.createNode({ "<<": doc.createAlias(anchor), name, hostname });
    }
    return doc.toString();
  }
  // Repeated mappings and lists become anchors and aliases (the yaml library's own choice of what to share).
  const doc = new Document(config, { aliasDuplicateObjects: true });
  return doc.toString();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A config text: a valid config, or one with a few mutations, rendered one of the ways. */
export const configTextArbitrary: fc.Arbitrary<{ text: string; mutations: Mutation[]; rendering: Rendering }> = fc
  .record({
    base: baseConfigArbitrary,
    mutations: fc.oneof(
      { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
      { weight: 4, arbitrary: fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }) },
    ),
    rendering: fc.constantFrom<Rendering>("yaml", "yaml", "json", "anchors", "merge"),
  })
  .map(({ base, mutations, rendering }) => {
    // Aliases share objects: mutate the plain data, then let the rendering decide what to share.
    const config = mutations.reduce(mutate, base);
    return { text: render(config, rendering), mutations, rendering };
  });

/** What became of a config: synthesized (its stacks' JSON), refused with problems, or anything else. */
export type Outcome =
  | { readonly kind: "synthesized"; readonly stacks: Record<string, Json>; readonly printed: string[] }
  | { readonly kind: "accepted"; readonly printed: string[] }
  | { readonly kind: "config-error"; readonly message: string; readonly problems: readonly string[] }
  | { readonly kind: "failure"; readonly message: string };

/**
 * Takes `text` through main.ts's steps, in this process: load and validate (a ConfigError is the config error main
 * prints), the cost estimate, then, when `synth`, buildApp, the example guard and app.synth() into a scratch folder
 * through synthesizeAtomically, and the plan inputs read back from the app. Anything thrown that main would report as
 * "internal error" is a failure; so is a ValidationError, which main reports without the config's path: the config's
 * rules must refuse what the constructs would.
 */
export function runConfig(text: string, synth: boolean): Outcome {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(text, "fuzz.yaml");
  } catch (error) {
    if (error instanceof ConfigError) return { kind: "config-error", message: error.message, problems: error.problems };
    return { kind: "failure", message: `parseConfig: ${(error as Error)?.stack ?? String(error)}` };
  }
  const printed: string[] = [];
  try {
    printed.push(formatCostEstimate(estimateCost(config)), ...formatCostSummary(estimateCost(config)));
  } catch (error) {
    return { kind: "failure", message: `cost: ${(error as Error)?.stack ?? String(error)}` };
  }
  if (!synth) return { kind: "accepted", printed };
  const work = mkdtempSync(join(tmpdir(), "harbor-fuzz-"));
  try {
    const outdir = join(work, "cdktf.out");
    synthesizeAtomically(outdir, (staging) => {
      const app = buildApp(config, new App({ outdir: staging }));
      guardExampleStacks(app, join(work, "fuzz.yaml"));
      app.synth();
      printed.push(...formatPlanInputs(planInputs(app)));
    });
    const stacks: Record<string, Json> = {};
    for (const name of readdirSync(join(outdir, "stacks"))) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    }
    return { kind: "synthesized", stacks, printed };
  } catch (error) {
    const kind =
      error instanceof ValidationError
        ? "ValidationError (the config accepted what a construct refuses)"
        : "internal error";
    return { kind: "failure", message: `synth: ${kind}: ${(error as Error)?.stack ?? String(error)}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A problem line names a setting by its path (`instances[0].region: ...`, `pessword: ...` for a key of the file's
 * own), the file's YAML position, or the file as a whole.
 */
const NAMES_A_SETTING =
  /^(?:(?:[A-Za-z_$][\w$-]*|\["(?:[^"\\]|\\.)*"\])(?:\[\d+\]|\["(?:[^"\\]|\\.)*"\]|\.[\w$-]+)*|\(top level\)): |^YAML (?:syntax )?error at |^the file is empty|^the top level is |^cannot read the file|^is (?:not a regular file|larger than|\d+ bytes)/;

/** Why `outcome` breaks the property, or undefined when it holds. */
export function outcomeProblem(outcome: Outcome): string | undefined {
  if (outcome.kind === "failure") return outcome.message;
  if (outcome.kind === "config-error") {
    if (outcome.problems.length === 0) return "a config error without a problem";
    for (const problem of outcome.problems) {
      if (!NAMES_A_SETTING.test(problem)) return `a problem that names no setting: ${problem}`;
      if (/internal error|\n\s+at |\bat .*\.(?:ts|js):\d+/.test(problem)) return `a stack trace in: ${problem}`;
      if (/undefined|\[object Object\]|NaN(?! \(not a number\))/.test(problem)) return `a broken message: ${problem}`;
    }
    return undefined;
  }
  for (const line of outcome.printed) {
    if (/NaN|undefined|\[object Object\]/.test(line)) return `a broken line in the output: ${line}`;
  }
  if (outcome.kind === "synthesized") return stacksProblem(outcome.stacks);
  return undefined;
}

/** Addresses that collide in a stack, or a secret literal in its JSON. */
export function stacksProblem(stacks: Record<string, Json>): string | undefined {
  for (const [name, stack] of Object.entries(stacks)) {
    const text = JSON.stringify(stack);
    if (text.includes(SECRET_MARKER)) return `${name}: the secret literal reached cdk.tf.json`;
    const declared = new Set<string>();
    for (const [type, byName] of Object.entries<Json>(stack.resource ?? {})) {
      for (const id of Object.keys(byName)) declared.add(`${type}.${id}`);
    }
    const froms = new Set<string>();
    for (const moved of stack.moved ?? []) {
      if (declared.has(moved.from)) return `${name}: moved from ${moved.from}, which is also declared`;
      if (froms.has(moved.from)) return `${name}: two moved blocks from ${moved.from}`;
      froms.add(moved.from);
      if (!declared.has(moved.to)) return `${name}: moved to ${moved.to}, which is not declared`;
    }
    // Two Kubernetes objects or Helm releases of one kind, name and namespace: the second fails at apply.
    const objects = new Map<string, string>();
    for (const [type, byName] of Object.entries<Json>(stack.resource ?? {})) {
      if (!type.startsWith("kubernetes_") && type !== "helm_release") continue;
      for (const [id, resource] of Object.entries<Json>(byName)) {
        const metadata = Array.isArray(resource.metadata) ? resource.metadata[0] : resource.metadata;
        const objectName = type === "helm_release" ? resource.name : metadata?.name;
        const namespace = type === "helm_release" ? resource.namespace : metadata?.namespace;
        if (typeof objectName !== "string" || objectName.includes("${")) continue;
        const key = `${type}/${namespace ?? ""}/${objectName}`;
        const first = objects.get(key);
        if (first !== undefined) return `${name}: ${type}.${id} and ${type}.${first} are the same object ${key}`;
        objects.set(key, id);
      }
    }
  }
  return undefined;
}
