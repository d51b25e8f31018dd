import {
  DATABASE_SIZES,
  DATABASE_SIZE_PATTERN,
  DatabaseEngine,
  databaseSizeMemoryGiB,
} from "../constructs/digitalocean/database-sizes";

/**
 * Where a price comes from. `read` is the day the figure was copied here; `published` the date the source carries,
 * when it has one. A figure quoted by a third party from DigitalOcean's pricing page says so in `note`.
 */
export interface PriceSource {
  readonly url: string;
  readonly read: string;
  readonly published?: string;
  readonly note: string;
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
 * The prices. Only figures with a source are listed here; {@link databaseNodePrice} derives the other database sizes
 * by a stated rule, or reports them as not priced, never as zero.
 *
 * The figures are DigitalOcean's prices as quoted, with a date, by users (each with its source below): third-party
 * quotes for the same slug contradict each other beyond these (db-s-2vcpu-4gb quoted at $30, $60 and $90), so only
 * figures with a dated, attributable source are kept. Check them against {@link DATABASE_PRICING_URL},
 * https://www.digitalocean.com/pricing/spaces-object-storage and https://www.digitalocean.com/pricing/load-balancers
 * before relying on an estimate, and add sizes (each with its URL and date) here: a sourced figure replaces the
 * derived one.
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
    // No sourced Valkey figure: every Valkey size is derived (see databaseNodePrice).
    valkey: {},
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
        "how-to/add-standby-nodes), so a standby node costs what the primary does. Checked against a second source " +
        "(read 2026-12-01): https://gist.github.com/fakhrullah/26edc80e92ceaebdf412fd5bfb6d0f01 (last active " +
        "2021-08-26, when 1 GB clusters could still have standbys) lists a DigitalOcean managed database of 1 vCPU, " +
        "1 GB at $15 for 1 node and $45 for 3 nodes: the same factor of 1",
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

/** How a database node's figure was found. */
export type PriceBasis = "sourced" | "derived" | "not priced";

/** The monthly price of one node of a database size, with how it was found. */
export type NodePrice =
  | { readonly basis: "sourced"; readonly usd: number; readonly source: PriceSource }
  /** `rule` says what the figure was derived from, naming the sourced sizes it rests on. */
  | { readonly basis: "derived"; readonly usd: number; readonly rule: string }
  /** No figure and no rule: the estimate leaves it out and says the total is a lower bound. */
  | { readonly basis: "not priced"; readonly reason: string };

const ENGINE_NAMES: Readonly<Record<DatabaseEngine, string>> = { pg: "PostgreSQL", valkey: "Valkey" };

/**
 * The plan family of a size slug: what precedes `-<n>vcpu-<m>gb` (`db-s`, `gd`, `so1_5`, `db-intel`, `db-amd`, `m`).
 * DigitalOcean prices the sizes of one family by their resources, so a family's price per GiB of RAM carries over to
 * its other sizes.
 */
export function databaseSizeFamily(size: string): string {
  const match = DATABASE_SIZE_PATTERN.exec(size);
  if (match === null) return size;
  return size.slice(0, size.length - `-${match[1]}vcpu-${match[2]}gb`.length);
}

/** The sourced sizes of `family` for `engine`, most RAM first. */
function sourcedInFamily(engine: DatabaseEngine, family: string, prices: PriceTable) {
  return Object.entries(prices.databaseNode[engine])
    .filter(([size]) => DATABASE_SIZE_PATTERN.test(size) && databaseSizeFamily(size) === family)
    .map(([size, price]) => ({ size, price, gib: databaseSizeMemoryGiB(size) }))
    .sort((a, b) => b.gib - a.gib);
}

/**
 * The price of one node of `size`, never throwing:
 * - "sourced": the figure in the table, with its source;
 * - "derived": the size's RAM times the price per GiB of the family's sourced size with the most RAM, for the same
 *   engine, or else for the other engine (DigitalOcean has priced the shared-CPU plans of its managed engines by
 *   size alike: PostgreSQL, MySQL, and Redis before Valkey replaced it at the same plans);
 * - "not priced": neither engine has a sourced size in the family.
 */
export function databaseNodePrice(engine: DatabaseEngine, size: string, prices: PriceTable = PRICES): NodePrice {
  const figure = Object.prototype.hasOwnProperty.call(prices.databaseNode[engine], size)
    ? prices.databaseNode[engine][size]
    : undefined;
  if (figure !== undefined) return { basis: "sourced", usd: figure.usd, source: figure.source };
  if (!DATABASE_SIZE_PATTERN.test(size)) {
    return { basis: "not priced", reason: `"${size}" is not a size slug that names its RAM` };
  }
  const family = databaseSizeFamily(size);
  const gib = databaseSizeMemoryGiB(size);
  const others = (Object.keys(prices.databaseNode) as DatabaseEngine[]).filter((e) => e !== engine);
  for (const from of [engine, ...others]) {
    const [basis] = sourcedInFamily(from, family, prices);
    if (basis === undefined) continue;
    const perGiB = basis.price.usd / basis.gib;
    const engineNote = from === engine ? "" : ` (${ENGINE_NAMES[from]}: priced alike by size)`;
    return {
      basis: "derived",
      usd: Math.round(gib * perGiB * 100) / 100,
      rule:
        `derived: ${gib} GiB × $${perGiB}/GiB, the rate of ${ENGINE_NAMES[from]} ${basis.size} ` +
        `($${basis.price.usd}, sourced)${engineNote}; check ${DATABASE_PRICING_URL}`,
    };
  }
  return {
    basis: "not priced",
    reason:
      `no sourced price for any ${family}-* plan, so none to derive from; add one to ${PRICES_FILE} from ` +
      DATABASE_PRICING_URL,
  };
}

/** Every size DigitalOcean offers for each engine (constructs/digitalocean/database-sizes.ts), with its price. */
export function databasePriceList(
  prices: PriceTable = PRICES,
): { readonly engine: DatabaseEngine; readonly size: string; readonly price: NodePrice }[] {
  return (Object.keys(DATABASE_SIZES) as DatabaseEngine[]).flatMap((engine) =>
    DATABASE_SIZES[engine].map((size) => ({ engine, size, price: databaseNodePrice(engine, size, prices) })),
  );
}

/** Every source of a price table. */
function sources(table: PriceTable): PriceSource[] {
  return [
    ...Object.values(table.databaseNode).flatMap((sizes) => Object.values(sizes).map((price) => price.source)),
    table.standbyNodeFactor.source,
    table.spaces.source,
    table.loadBalancerSizeUnit.source,
  ];
}

/**
 * How old a table's prices are, for the estimate's header: the first day a figure was read, and the dates its sources
 * carry ("read 2026-11-23 from sources dated 2018-11-27 to 2024-05-05").
 */
export function pricesDated(table: PriceTable = PRICES): string {
  const all = sources(table);
  const read = all.map((source) => source.read).sort()[0];
  const published = all.flatMap((source) => (source.published === undefined ? [] : [source.published])).sort();
  if (published.length === 0) return `read ${read}`;
  const from = published[0];
  const to = published[published.length - 1];
  return `read ${read} from sources dated ${from === to ? from : `${from} to ${to}`}`;
}
