import { closestMatch } from "../core/suggest";

// DigitalOcean's managed-database plans: sizes, versions and node counts per engine. No cdktf: the config layer
// calls these rules too, before cdktf is loaded.

/**
 * DigitalOcean managed-database size slugs end in the node's RAM, e.g. `db-s-1vcpu-2gb`,
 * `gd-2vcpu-8gb`, `m-4vcpu-32gb`, `so1_5-2vcpu-16gb`; the connection budget reads the RAM from there.
 * Which slugs an engine offers is the list {@link DATABASE_SIZES} below.
 */
export const DATABASE_SIZE_PATTERN = /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*-(\d+)vcpu-(\d+)gb$/;

/**
 * Most nodes a cluster may have (primary plus standbys). Valkey clusters "can have up to one standby node"
 * (docs.digitalocean.com/products/databases/valkey/how-to/add-standby-nodes, last edited 2026-01-13);
 * PostgreSQL up to two.
 */
export const MAX_DATABASE_NODES: Readonly<Record<DatabaseEngine, number>> = { pg: 3, valkey: 2 };

/** Example slugs shown in error messages. */
export const DATABASE_SIZE_EXAMPLES = ["db-s-1vcpu-1gb", "db-s-1vcpu-2gb", "db-s-2vcpu-4gb", "gd-2vcpu-8gb"];

/** RAM of one node of the given size, in GiB. Throws for a slug that does not name its RAM. */
export function databaseSizeMemoryGiB(size: string): number {
  const match = DATABASE_SIZE_PATTERN.exec(size);
  if (!match) {
    throw new Error(
      `database size "${size}" is not a DigitalOcean size slug; expected e.g. ${DATABASE_SIZE_EXAMPLES.join(", ")}`,
    );
  }
  return Number(match[2]);
}

/**
 * Size slugs DigitalOcean offers per engine, from the example response of `GET /v2/databases/options`
 * in digitalocean/openapi, specification/resources/databases/responses/options.yml (file last changed
 * 2026-05-01, commit c5cceef; read 2026-11-23). The lists differ: only PostgreSQL has the gd-, so1_5-,
 * db-intel- and db-amd- plans, only Valkey the m- plans and the two largest db-s- plans. The 1 GiB
 * plans run single-node only in both engines. `doctl databases options slugs --engine pg|valkey`
 * prints the current lists; add a slug here when DigitalOcean adds one.
 */
const SHARED_GENERAL = ["db-s-1vcpu-1gb", "db-s-1vcpu-2gb", "db-s-2vcpu-4gb", "db-s-4vcpu-8gb", "db-s-6vcpu-16gb"];
const PREMIUM = (family: string) =>
  ["1vcpu-1gb", "1vcpu-2gb", "2vcpu-4gb", "2vcpu-8gb", "4vcpu-8gb", "4vcpu-16gb", "8vcpu-32gb", "16vcpu-64gb"].map(
    (size) => `${family}-${size}`,
  );

export const DATABASE_SIZES = {
  pg: [
    ...SHARED_GENERAL,
    ...["2vcpu-8gb", "4vcpu-16gb", "8vcpu-32gb", "16vcpu-64gb", "32vcpu-128gb", "40vcpu-160gb"].map((s) => `gd-${s}`),
    ...["2vcpu-16gb", "4vcpu-32gb", "8vcpu-64gb", "16vcpu-128gb", "24vcpu-192gb", "32vcpu-256gb"].map(
      (s) => `so1_5-${s}`,
    ),
    ...PREMIUM("db-intel"),
    ...PREMIUM("db-amd"),
  ],
  valkey: [
    ...SHARED_GENERAL,
    "db-s-8vcpu-32gb",
    "db-s-16vcpu-64gb",
    ...["2vcpu-16gb", "4vcpu-32gb", "8vcpu-64gb", "16vcpu-128gb", "24vcpu-192gb", "32vcpu-256gb"].map((s) => `m-${s}`),
  ],
} as const satisfies Record<string, readonly string[]>;

export type DatabaseEngine = keyof typeof DATABASE_SIZES;

/** Why `size` is not offered for `engine`, or undefined when it is. */
export function databaseSizeProblem(engine: DatabaseEngine, size: string): string | undefined {
  const sizes: readonly string[] = DATABASE_SIZES[engine];
  if (sizes.includes(size)) return undefined;
  const other = (Object.keys(DATABASE_SIZES) as DatabaseEngine[]).find(
    (e) => e !== engine && (DATABASE_SIZES[e] as readonly string[]).includes(size),
  );
  const name = ENGINE_NAMES[engine];
  const meant = closestMatch(size, sizes);
  // The sizes of the plan family meant (or written), then the other families: every offered size is named or
  // implied, without a list of thirty.
  const family = sizeFamily(meant ?? size);
  const families = [...new Set(sizes.map(sizeFamily))];
  const listed = families.includes(family) ? family : families[0];
  return (
    (other ? `is a ${ENGINE_NAMES[other]} size, not offered for ${name}` : `is not a DigitalOcean ${name} size`) +
    (meant !== undefined ? ` (did you mean "${meant}"?)` : "") +
    `; choose one of ${sizes.filter((s) => sizeFamily(s) === listed).join(", ")}` +
    `, or a size of the ${families
      .filter((f) => f !== listed)
      .map((f) => `${f}-*`)
      .join(", ")} plans (\`doctl databases options slugs --engine ${engine}\` lists them)`
  );
}

/** The plan family of a size slug: `db-s` of `db-s-1vcpu-2gb`, `so1_5` of `so1_5-2vcpu-16gb`. */
function sizeFamily(size: string): string {
  return size.replace(/-\d+vcpu-\d+gb$/, "");
}

const ENGINE_NAMES: Readonly<Record<DatabaseEngine, string>> = { pg: "PostgreSQL", valkey: "Valkey" };

/**
 * Major versions DigitalOcean offers for new clusters, per engine: the `versions` of the options response
 * (options.yml, see {@link DATABASE_SIZES}) less those past their end of availability in its `version_availability`
 * (PostgreSQL 13 ended 2025-05-13, 14 on 2026-05-12, and reached end of life on 2026-11-12).
 */
export const DATABASE_VERSIONS = { pg: ["15", "16", "17"], valkey: ["8"] } as const satisfies Record<
  DatabaseEngine,
  readonly string[]
>;

/** The version a new cluster gets: the newest offered. */
export const DEFAULT_DATABASE_VERSIONS: Readonly<Record<DatabaseEngine, string>> = { pg: "17", valkey: "8" };

/** Why `version` is not offered for new `engine` clusters, or undefined when it is. */
export function databaseVersionProblem(engine: DatabaseEngine, version: string): string | undefined {
  const versions: readonly string[] = DATABASE_VERSIONS[engine];
  if (versions.includes(version)) return undefined;
  return `must be one of ${versions.map((v) => `"${v}"`).join(", ")} (the ${ENGINE_NAMES[engine]} versions DigitalOcean offers for new clusters)`;
}

/** Smallest node RAM that runs standby nodes: DigitalOcean's 1 GiB plans are single-node only (options.yml layouts). */
export const MIN_STANDBY_MEMORY_GIB = 2;

/**
 * Why a cluster of `nodes` nodes of `size` cannot exist for `engine`, or undefined when it can: 1 primary plus up to
 * two (PostgreSQL) or one (Valkey) standbys, and standbys only on plans of at least {@link MIN_STANDBY_MEMORY_GIB}.
 */
export function databaseNodesProblem(engine: DatabaseEngine, size: string, nodes: number): string | undefined {
  const max = MAX_DATABASE_NODES[engine];
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > max) {
    return `must be 1 to ${max} (1 primary plus up to ${max - 1} standby${max > 2 ? "s" : ""})`;
  }
  if (nodes > 1 && DATABASE_SIZE_PATTERN.test(size) && databaseSizeMemoryGiB(size) < MIN_STANDBY_MEMORY_GIB) {
    return `must be 1 with size ${size}, which runs single-node only: standby nodes need a size with at least ${MIN_STANDBY_MEMORY_GIB} GiB of RAM (set 1 node or a larger size)`;
  }
  return undefined;
}
