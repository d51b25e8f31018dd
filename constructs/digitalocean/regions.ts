// Which DigitalOcean regions offer the products this library creates. No cdktf: the config layer calls these rules
// too, before cdktf is loaded.

/**
 * Regions with Spaces Object Storage (https://docs.digitalocean.com/products/spaces/details/availability/, read
 * 2026-11). atl1 is left out until a source confirms Spaces there.
 */
export const SPACES_REGIONS = ["ams3", "blr1", "fra1", "lon1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1"] as const;

/**
 * Regions per managed-database engine, from the `regions` of each engine in the example response of
 * `GET /v2/databases/options` (digitalocean/openapi, specification/resources/databases/responses/options.yml, last
 * changed 2026-05-01 in commit c5cceef; read 2026-12). `doctl databases options regions` prints the live lists.
 */
export const DATABASE_REGIONS = {
  pg: ["ams3", "atl1", "blr1", "fra1", "lon1", "nyc1", "nyc2", "nyc3", "ric1", "sfo2", "sfo3", "sgp1", "syd1", "tor1"],
  valkey: ["ams3", "atl1", "blr1", "fra1", "lon1", "nyc1", "nyc3", "ric1", "sfo2", "sfo3", "sgp1", "syd1", "tor1"],
} as const;

/** A product of DigitalOcean's this library creates in a region. */
export type RegionalProduct = "spaces" | keyof typeof DATABASE_REGIONS;

const PRODUCT_REGIONS: Readonly<Record<RegionalProduct, readonly string[]>> = {
  spaces: SPACES_REGIONS,
  ...DATABASE_REGIONS,
};
const PRODUCT_NAMES: Readonly<Record<RegionalProduct, string>> = {
  spaces: "Spaces",
  pg: "managed PostgreSQL",
  valkey: "managed Valkey",
};

/**
 * Regions where one Harbor instance can have everything it needs side by side (its bucket, its databases and the
 * DOKS cluster they join): Spaces, PostgreSQL and Valkey together. (atl1 would also be left out for PostgreSQL, which
 * is limited there to shared-CPU plans: https://docs.digitalocean.com/products/databases/postgresql/details/availability/,
 * read 2026-11.)
 */
export const SUPPORTED_REGIONS = SPACES_REGIONS.filter(
  (region) =>
    (DATABASE_REGIONS.pg as readonly string[]).includes(region) &&
    (DATABASE_REGIONS.valkey as readonly string[]).includes(region),
) as unknown as readonly Region[];

export type Region = (typeof SPACES_REGIONS)[number];

/** A DigitalOcean region slug: three lowercase letters and a digit (`fra1`). */
export const REGION_SLUG_PATTERN = /^[a-z]{3}\d$/;

/** Why `region` cannot hold `product`, or undefined when it can. */
export function regionProblem(product: RegionalProduct, region: string): string | undefined {
  const regions = PRODUCT_REGIONS[product];
  if (regions.includes(region)) return undefined;
  const lower = region.toLowerCase();
  const hint = lower !== region && regions.includes(lower) ? ` (region slugs are lowercase: "${lower}")` : "";
  return `is not a region with ${PRODUCT_NAMES[product]}${hint}; choose one of ${regions.join(", ")}`;
}

/** Why `region` is not a region slug at all, or undefined when it looks like one (`fra1`). */
export function regionSlugProblem(region: string): string | undefined {
  return REGION_SLUG_PATTERN.test(region) ? undefined : 'must be a DigitalOcean region slug such as "fra1" (lowercase)';
}

/** The S3-compatible endpoint of Spaces in a region. */
export function spacesEndpoint(region: string): string {
  return `https://${region}.digitaloceanspaces.com`;
}
