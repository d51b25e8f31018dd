/**
 * Regions that offer Spaces Object Storage, Managed PostgreSQL and Managed Valkey, so that an
 * instance's bucket, databases and cluster share one region. Sources (read 2026-11):
 * - Spaces: https://docs.digitalocean.com/products/spaces/details/availability/
 * - PostgreSQL: https://docs.digitalocean.com/products/databases/postgresql/details/availability/
 * - Valkey: `GET /v2/databases/options` (digitalocean/openapi, resources/databases/responses/options.yml)
 * atl1 is left out: PostgreSQL there is limited to shared-CPU plans. Check a region with
 * `doctl databases options regions` before adding it.
 */
export const SUPPORTED_REGIONS = [
  "ams3",
  "blr1",
  "fra1",
  "lon1",
  "nyc3",
  "sfo2",
  "sfo3",
  "sgp1",
  "syd1",
  "tor1",
] as const;

export type Region = (typeof SUPPORTED_REGIONS)[number];

/** The S3-compatible endpoint of Spaces in a region. */
export function spacesEndpoint(region: string): string {
  return `https://${region}.digitaloceanspaces.com`;
}
