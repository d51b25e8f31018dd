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
  const name = engine === "pg" ? "PostgreSQL" : "Valkey";
  return (
    (other
      ? `is a ${other === "pg" ? "PostgreSQL" : "Valkey"} size, not offered for ${name}`
      : `is not a DigitalOcean ${name} size`) +
    `; choose one of ${sizes.slice(0, 6).join(", ")}, ... (all: constructs/digitalocean/database-sizes.ts)`
  );
}
