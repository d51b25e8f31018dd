/**
 * DigitalOcean managed-database size slugs end in the node's RAM, e.g. `db-s-1vcpu-2gb`,
 * `gd-2vcpu-8gb`, `m-4vcpu-32gb`, `so1_5-2vcpu-16gb`. We validate the shape rather than a frozen
 * list (DigitalOcean adds plans often) and read the RAM from it for the connection budget.
 */
export const DATABASE_SIZE_PATTERN = /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*-(\d+)vcpu-(\d+)gb$/;

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
