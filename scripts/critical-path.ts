/**
 * The dependency graph of a synthesized stack (`cdk.tf.json`) and its critical path: the longest chain of
 * resources Terraform has to create one after another. Everything off that chain is created in parallel with
 * it, so the chain bounds how fast a first `terraform apply` can be, whatever the parallelism.
 *
 * Pure functions, no I/O: `scripts/bench.ts` prints the report for the example stack, and the tests check the
 * dependencies that make the data layer create in parallel.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = Record<string, any>;

/** A resource (`type.name`) or a data source (`data.type.name`). */
export interface GraphNode {
  /** Terraform address: `digitalocean_database_cluster.Postgres_9DC8BB04`, `data.digitalocean_kubernetes_cluster.Cluster_EB0386A7`. */
  readonly id: string;
  readonly mode: "resource" | "data";
  /** Resource type, e.g. `helm_release`. */
  readonly type: string;
  /** Nodes this one refers to directly (`${...}` references and `depends_on`), sorted, without itself. */
  readonly dependsOn: readonly string[];
  /** Rough creation time in seconds, from {@link estimatedCreateSeconds}. */
  readonly estimateSeconds: number;
}

/** Resources and data sources of one stack, in `cdk.tf.json` order. */
export interface DependencyGraph {
  readonly nodes: ReadonlyMap<string, GraphNode>;
}

/** Builds the graph of the resources and data sources of a synthesized stack. Providers, outputs, variables and locals are not nodes. */
export function dependencyGraph(tfJson: TerraformJson): DependencyGraph {
  const blocks: { id: string; mode: GraphNode["mode"]; type: string; block: TerraformJson }[] = [];
  for (const [mode, section] of [
    ["resource", tfJson.resource],
    ["data", tfJson.data],
  ] as const) {
    for (const [type, byName] of Object.entries<TerraformJson>(section ?? {})) {
      for (const [name, block] of Object.entries<TerraformJson>(byName ?? {})) {
        blocks.push({ id: mode === "data" ? `data.${type}.${name}` : `${type}.${name}`, mode, type, block });
      }
    }
  }
  const ids = new Set(blocks.map((b) => b.id));
  const nodes = new Map<string, GraphNode>();
  for (const { id, mode, type, block } of blocks) {
    const found = new Set<string>();
    for (const [key, value] of Object.entries(block)) {
      if (key === "//") continue; // cdktf metadata (construct path), never a reference
      if (key === "depends_on" && Array.isArray(value)) {
        for (const entry of value) {
          if (typeof entry !== "string") continue;
          // Plain "type.name" as cdktf writes it; a "${type.name}" form is read as an expression below.
          if (ids.has(entry)) found.add(entry);
          else collectReferences(entry, ids, found);
        }
        continue;
      }
      collectReferences(value, ids, found);
    }
    found.delete(id);
    nodes.set(id, {
      id,
      mode,
      type,
      dependsOn: [...found].sort(),
      estimateSeconds: estimatedCreateSeconds(mode, type, block),
    });
  }
  return { nodes };
}

/** Adds to `found` every node of `ids` referred to inside `${...}` anywhere in `value` (strings, arrays, objects). */
function collectReferences(value: unknown, ids: ReadonlySet<string>, found: Set<string>): void {
  if (typeof value === "string") {
    for (const expression of interpolations(value)) {
      // A reference starts an identifier: not after a letter, digit, "_", "." or "-" (attribute paths).
      // "data.type.name" is tried before "type.name": the optional prefix is greedy.
      for (const match of expression.matchAll(/(?<![\w.-])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/g)) {
        if (ids.has(match[1])) found.add(match[1]);
      }
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, ids, found);
  } else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectReferences(item, ids, found);
  }
}

/**
 * The bodies of the `${...}` interpolations in a string, with nested braces (object literals, `for`
 * expressions, nested templates) kept inside their expression. `$${` is Terraform's escape for a literal `${`.
 */
export function interpolations(text: string): string[] {
  const expressions: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      i += 3;
      continue;
    }
    if (!text.startsWith("${", i)) {
      i += 1;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}") depth--;
    }
    expressions.push(text.slice(i + 2, depth === 0 ? j - 1 : j));
    i = j;
  }
  return expressions;
}

/**
 * Rough creation times, in seconds, observed order of magnitude on DigitalOcean, not measurements: they only
 * rank chains. Unknown resource types count 1 s, data sources 0 (read during plan).
 */
export const CREATE_SECONDS_ESTIMATE: Readonly<Record<string, number>> = {
  digitalocean_database_cluster: 480, // managed PostgreSQL / Valkey: ~5-10 min until "online"
  digitalocean_database_db: 5,
  digitalocean_database_user: 5,
  digitalocean_database_firewall: 5,
  digitalocean_database_redis_config: 5,
  digitalocean_database_postgresql_config: 5,
  digitalocean_spaces_bucket: 10,
  digitalocean_spaces_bucket_policy: 2,
  digitalocean_spaces_bucket_cors_configuration: 2,
  digitalocean_spaces_key: 2,
  digitalocean_record: 2,
  digitalocean_loadbalancer: 180,
  kubernetes_namespace_v1: 2,
  kubernetes_secret_v1: 1,
  kubernetes_job_v1: 30, // pulls a small image and runs one command, wait_for_completion
  kubernetes_manifest: 2,
  helm_release: 120, // a small chart with wait: true; Harbor is much slower, see below
  random_password: 0,
  tls_private_key: 0,
  tls_self_signed_cert: 0,
};

/** Harbor's release waits (atomically) for every component, several replicas each, to be ready: ~10 min. */
export const HARBOR_RELEASE_SECONDS_ESTIMATE = 600;

/** Estimated creation time of one block, from {@link CREATE_SECONDS_ESTIMATE}. */
export function estimatedCreateSeconds(mode: GraphNode["mode"], type: string, block: TerraformJson = {}): number {
  if (mode === "data") return 0;
  if (type === "helm_release" && block.chart === "harbor") return HARBOR_RELEASE_SECONDS_ESTIMATE;
  return CREATE_SECONDS_ESTIMATE[type] ?? 1;
}

/** A chain of nodes, each depending directly on the one before it. */
export interface Chain {
  /** From a root (no dependencies) to the deepest dependent. */
  readonly nodes: string[];
  /** Sum of the weights of `nodes`: estimated seconds, or the number of nodes with `weight: "count"`. */
  readonly total: number;
}

export interface LongestChainOptions {
  /** `estimate` (default): {@link GraphNode.estimateSeconds}; `count`: 1 per node; or a function of the node. */
  readonly weight?: "estimate" | "count" | ((node: GraphNode) => number);
}

/**
 * The heaviest dependency chain. Ties go to the chain with more nodes, then to the lexicographically smaller
 * last node, so the answer is deterministic. Throws on a dependency cycle (Terraform would refuse it too).
 */
export function longestChain(graph: DependencyGraph, options: LongestChainOptions = {}): Chain {
  const weightOf =
    options.weight === "count"
      ? () => 1
      : typeof options.weight === "function"
        ? options.weight
        : (node: GraphNode) => node.estimateSeconds;
  const best = new Map<string, { total: number; length: number; previous?: string }>();
  const visiting = new Set<string>();

  const visit = (id: string, path: string[]): { total: number; length: number } => {
    const known = best.get(id);
    if (known) return known;
    if (visiting.has(id)) {
      throw new Error(`dependency cycle: ${[...path.slice(path.indexOf(id)), id].join(" -> ")}`);
    }
    const node = graph.nodes.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    visiting.add(id);
    let previous: string | undefined;
    let upstream = { total: 0, length: 0 };
    for (const dependency of node.dependsOn) {
      const candidate = visit(dependency, [...path, id]);
      if (
        previous === undefined ||
        candidate.total > upstream.total ||
        (candidate.total === upstream.total && candidate.length > upstream.length)
      ) {
        previous = dependency;
        upstream = candidate;
      }
    }
    visiting.delete(id);
    const result = { total: upstream.total + weightOf(node), length: upstream.length + 1, previous };
    best.set(id, result);
    return result;
  };

  let end: string | undefined;
  for (const id of [...graph.nodes.keys()].sort()) {
    const candidate = visit(id, []);
    const current = end === undefined ? undefined : best.get(end);
    if (
      current === undefined ||
      candidate.total > current.total ||
      (candidate.total === current.total && candidate.length > current.length)
    ) {
      end = id;
    }
  }
  if (end === undefined) return { nodes: [], total: 0 };
  const nodes: string[] = [];
  for (let id: string | undefined = end; id !== undefined; id = best.get(id)?.previous) nodes.unshift(id);
  return { nodes, total: best.get(end)?.total ?? 0 };
}

/** Whether `a` depends on `b`, directly or through other nodes. Throws on an unknown id (a typo is not "no"). */
export function dependsOn(graph: DependencyGraph, a: string, b: string): boolean {
  for (const id of [a, b]) if (!graph.nodes.has(id)) throw new Error(`unknown node ${id}`);
  const seen = new Set<string>();
  const stack = [...(graph.nodes.get(a)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === b) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.nodes.get(id)?.dependsOn ?? []));
  }
  return false;
}

/** Human-readable critical path of a synthesized stack, with the estimated time of each step. */
export function criticalPathReport(tfJson: TerraformJson): string {
  const graph = dependencyGraph(tfJson);
  const chain = longestChain(graph);
  const width = Math.max(0, ...chain.nodes.map((id) => id.length));
  const lines = [
    `Critical path: ${chain.nodes.length} of ${graph.nodes.size} resources and data sources, ` +
      `estimated ${formatSeconds(chain.total)} (rough per-type estimates, not measurements)`,
  ];
  let elapsed = 0;
  for (const id of chain.nodes) {
    const seconds = graph.nodes.get(id)?.estimateSeconds ?? 0;
    lines.push(
      `  ${id.padEnd(width)}  ~${formatSeconds(seconds).padStart(6)}  (done at ~${formatSeconds(elapsed + seconds)})`,
    );
    elapsed += seconds;
  }
  return lines.join("\n");
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes}m` : `${minutes}m${String(rest).padStart(2, "0")}s`;
}
