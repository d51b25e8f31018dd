import type { DatabaseEngine } from "../constructs/digitalocean/database-sizes";

/**
 * Where a price comes from. `read` is the day the figure was copied here; `published` the date the source carries,
 * when it has one. A figure quoted by a third party from DigitalOcean's pricing page says so in `note`.
 */
export interface PriceSource {
  readonly url: string;
  readonly read: string;
  readonly published?: string;
  readonly note: string;
  /**
   * The figure is not quoted anywhere for this exact item but inferred (the note says from what); estimates
   * mark it so the user checks it.
   */
  readonly assumed?: boolean;
}

/** One monthly figure in USD. */
export interface MonthlyPrice {
  readonly usd: number;
  readonly source: PriceSource;
}

/** DigitalOcean's monthly list prices this project estimates with (USD, before tax, no discounts or credits). */
export interface PriceTable {
  /** One node of a managed database cluster, per engine and size slug (constructs/digitalocean/database-sizes.ts). */
  readonly databaseNode: { readonly [E in DatabaseEngine]: Readonly<Record<string, MonthlyPrice>> };
  /** A standby node costs this multiple of a primary node of the same size. */
  readonly standbyNodeFactor: { readonly value: number; readonly source: PriceSource };
  /** The Spaces subscription: one per account, however many buckets, with storage and transfer included. */
  readonly spaces: MonthlyPrice & {
    readonly includedStorageGiB: number;
    readonly includedTransferGiB: number;
    readonly extraStorageUsdPerGiB: number;
    readonly extraTransferUsdPerGiB: number;
  };
  /** One load balancer size unit (node); a load balancer costs `units` times this. */
  readonly loadBalancerSizeUnit: MonthlyPrice;
}

/** The file that holds {@link PRICES}; errors name it so the fix is one edit away. */
export const PRICES_FILE = "config/prices.ts";

/** DigitalOcean's own pricing page for managed databases: where a missing size's price is to be read. */
export const DATABASE_PRICING_URL = "https://www.digitalocean.com/pricing/managed-databases";

const READ = "2026-11-23";

/**
 * The prices. Only figures with a source are listed: a size missing here is an error when estimating, never a zero.
 * DigitalOcean's pricing pages themselves were not reachable from where this table was written, so several figures
 * are DigitalOcean's prices as quoted, with a date, by users; check them against {@link DATABASE_PRICING_URL},
 * https://www.digitalocean.com/pricing/spaces-object-storage and
 * https://www.digitalocean.com/pricing/load-balancers before relying on an estimate, and add the missing sizes
 * (each with its URL and date) there and here.
 */
export const PRICES: PriceTable = {
  databaseNode: {
    pg: {
      "db-s-1vcpu-1gb": {
        usd: 15,
        source: {
          url: "https://github.com/dwyl/learn-devops/issues/90",
          read: READ,
          published: "2024-05-05",
          note: `"Pricing: ${DATABASE_PRICING_URL} at the time of writing $15/month" for the smallest PostgreSQL plan`,
        },
      },
      "db-s-1vcpu-2gb": {
        usd: 30,
        source: {
          url: "https://github.com/ujh/fountainpencompanion/issues/1219",
          read: READ,
          published: "2022-09-23",
          note:
            'a DigitalOcean managed PostgreSQL user on downgrading 2 GB to 1 GB: "the switch from $30 to $15/month"; ' +
            "consistent with https://github.com/dwyl/learn-postgresql/issues/54 (2023-11-18): a standby node takes " +
            "the smallest standby-capable (2 GB) cluster to $60/month",
        },
      },
    },
    // No Valkey price could be read from DigitalOcean here. DigitalOcean has priced the shared-CPU plans of its
    // managed engines by size alike (PostgreSQL, MySQL, and Redis before Valkey replaced it at the same plans), so
    // the two sizes this project defaults to are assumed equal to PostgreSQL's and marked as assumed in every
    // estimate. Every other Valkey size is an error until a sourced figure is added.
    valkey: {
      "db-s-1vcpu-1gb": {
        usd: 15,
        source: {
          url: DATABASE_PRICING_URL,
          read: READ,
          assumed: true,
          note: "assumed equal to PostgreSQL db-s-1vcpu-1gb ($15, sourced above); check the Valkey tab of the pricing page",
        },
      },
      "db-s-1vcpu-2gb": {
        usd: 30,
        source: {
          url: DATABASE_PRICING_URL,
          read: READ,
          assumed: true,
          note: "assumed equal to PostgreSQL db-s-1vcpu-2gb ($30, sourced above); check the Valkey tab of the pricing page",
        },
      },
    },
  },
  standbyNodeFactor: {
    value: 1,
    source: {
      url: "https://github.com/dwyl/learn-postgresql/issues/54",
      read: READ,
      published: "2023-11-18",
      note:
        "\"Having a 'Standby Node' bumps the cost up to ... a minimum of $60/month\": the smallest plan with standby " +
        "nodes is 2 GB at $30 (standby nodes need 2 GB of RAM, docs.digitalocean.com/products/databases/postgresql/" +
        "how-to/add-standby-nodes), so a standby node costs what the primary does",
    },
  },
  spaces: {
    usd: 5,
    includedStorageGiB: 250,
    includedTransferGiB: 1024,
    extraStorageUsdPerGiB: 0.02,
    extraTransferUsdPerGiB: 0.01,
    source: {
      url: "https://www.digitalocean.com/community/questions/prices-explanation-5-per-space-or-5-for-spaces",
      read: READ,
      published: "2018-11-27",
      note:
        "DigitalOcean Community answers: $5/month for the account however many buckets, 250 GiB storage and 1 TiB " +
        "outbound transfer included across all buckets, then $0.02/GiB stored and $0.01/GiB transferred. One " +
        "subscription per account: docs.digitalocean.com/products/spaces/how-to/llms.txt (read 2026-11-23): more " +
        'buckets come "at no additional cost" and "Your Spaces subscription ends automatically when you destroy your ' +
        'last bucket"',
    },
  },
  loadBalancerSizeUnit: {
    usd: 10,
    source: {
      url: "https://docs.digitalocean.com/products/networking/load-balancers/",
      read: READ,
      note:
        '"Load balancers cost $10.00 per month for each node they contain" (an undated copy of the page; check the ' +
        "current figure at https://www.digitalocean.com/pricing/load-balancers)",
    },
  },
};

/** The price of one node of `size`; throws, naming the size, the engine and the file to add it to, when unknown. */
export function databaseNodePrice(engine: DatabaseEngine, size: string, prices: PriceTable = PRICES): MonthlyPrice {
  const price = Object.prototype.hasOwnProperty.call(prices.databaseNode[engine], size)
    ? prices.databaseNode[engine][size]
    : undefined;
  if (price === undefined) {
    const name = engine === "pg" ? "PostgreSQL" : "Valkey";
    throw new Error(
      `no monthly price for ${name} size "${size}" in ${PRICES_FILE}; add it (with its source URL and date) from ` +
        `${DATABASE_PRICING_URL}, or choose a priced size`,
    );
  }
  return price;
}
