import type { HarborConfig, InstanceConfig } from "./resolve";
import type { DatabaseEngine } from "../constructs/digitalocean/database-sizes";
import { PRICES, PRICES_FILE, PriceBasis, PriceTable, databaseNodePrice, pricesDated } from "./prices";

/** One billed item. `usd` is per month. */
export interface CostLine {
  readonly item: string;
  /** What was multiplied, e.g. `db-s-1vcpu-2gb × 2 nodes`. */
  readonly detail: string;
  readonly usd: number;
  /** What the figure leaves out (usage billed on top), or how it was derived. */
  readonly note?: string;
  /**
   * How a database figure was found (absent: a sourced figure). A "not priced" line counts 0 in every sum, which
   * then becomes a lower bound (`complete: false`).
   */
  readonly basis?: PriceBasis;
}

export interface InstanceCost {
  readonly instance: string;
  readonly lines: CostLine[];
  readonly usd: number;
  /** False when a line is not priced: `usd` is then a lower bound. */
  readonly complete: boolean;
}

/** The ingress platform of one cluster: shared by every instance on it that asks this project to install it. */
export interface PlatformCost {
  readonly cluster: string;
  readonly instances: string[];
  readonly lines: CostLine[];
  readonly usd: number;
}

export interface CostEstimate {
  readonly instances: InstanceCost[];
  readonly platforms: PlatformCost[];
  /** Billed once per DigitalOcean account, not per instance (the Spaces subscription). */
  readonly account: CostLine[];
  readonly usd: number;
  /** False when any line is not priced: `usd` is then a lower bound ("at least"). */
  readonly complete: boolean;
  /** What no figure above includes. */
  readonly excluded: string[];
  /** The price table the figures come from; its sources carry the day each price was read. */
  readonly prices: PriceTable;
}

export const EXCLUDED_FROM_ESTIMATE = [
  "DOKS worker nodes (the cluster is yours and exists before this project; Harbor's pods run on it)",
  "Spaces storage above the included amount and outbound transfer above the included amount (billed by usage)",
  "database storage beyond what each plan includes, and outbound transfer",
];

const isPriced = (line: CostLine) => line.basis !== "not priced";
const sum = (lines: readonly CostLine[]) => round(lines.reduce((total, line) => total + line.usd, 0));
/** Cents, so that sums of prices such as 0.02 do not print as 15.000000000000002. */
const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * A managed database cluster: every node, primary and standbys, at the node price (standbys × the standby factor).
 * A derived figure says so in `basis` and `note`; a size without a price is a "not priced" line that counts 0.
 */
export function databaseCost(
  engine: DatabaseEngine,
  settings: { readonly size: string; readonly nodes: number },
  prices: PriceTable = PRICES,
): CostLine {
  const price = databaseNodePrice(engine, settings.size, prices);
  const standbys = settings.nodes - 1;
  const line = {
    item: engine === "pg" ? "PostgreSQL" : "Valkey",
    detail: `${settings.size} × ${settings.nodes} node${settings.nodes === 1 ? "" : "s"} (1 primary${standbys > 0 ? ` + ${standbys} standby` : ""})`,
  };
  if (price.basis === "not priced") return { ...line, usd: 0, basis: price.basis, note: `not priced: ${price.reason}` };
  const usd = round(price.usd + standbys * price.usd * prices.standbyNodeFactor.value);
  return price.basis === "derived" ? { ...line, usd, basis: price.basis, note: price.rule } : { ...line, usd };
}

/** A DigitalOcean load balancer of `units` size units. */
export function loadBalancerCost(units: number, prices: PriceTable = PRICES): CostLine {
  return {
    item: "Load balancer",
    detail: `${units} size unit${units === 1 ? "" : "s"} × $${prices.loadBalancerSizeUnit.usd}`,
    usd: round(units * prices.loadBalancerSizeUnit.usd),
  };
}

function spacesNote(prices: PriceTable): string {
  const { spaces } = prices;
  return (
    `in the account's Spaces subscription, counted once below; storage above ${spaces.includedStorageGiB} GiB ` +
    `($${spaces.extraStorageUsdPerGiB}/GiB) and transfer above ${spaces.includedTransferGiB} GiB ` +
    `($${spaces.extraTransferUsdPerGiB}/GiB), summed over all buckets, are extra`
  );
}

export function instanceCost(instance: InstanceConfig, prices: PriceTable = PRICES): InstanceCost {
  const existing = (item: string, name: string): CostLine => ({
    item,
    detail: `existing cluster ${name}`,
    usd: 0,
    note: "billed to the cluster's owner, not counted here",
  });
  const lines: CostLine[] = [
    instance.postgres.existingCluster !== undefined
      ? existing("PostgreSQL", instance.postgres.existingCluster)
      : databaseCost("pg", instance.postgres, prices),
    instance.cache.existingCluster !== undefined
      ? existing("Valkey", instance.cache.existingCluster)
      : databaseCost("valkey", instance.cache, prices),
    { item: "Spaces bucket", detail: instance.storage.bucket, usd: 0, note: spacesNote(prices) },
  ];
  const { backup } = instance;
  if (backup !== undefined) {
    lines.push({
      item: "Backup bucket",
      detail: `${backup.bucket} (${backup.region})`,
      usd: 0,
      note: spacesNote(prices),
    });
  }
  return { instance: instance.name, lines, usd: sum(lines), complete: lines.every(isPriced) };
}

/**
 * The monthly estimate: per instance its databases and buckets, per cluster with `ingress.controller: install` its
 * platform (the load balancer, counted once however many instances share it), and once per account the Spaces
 * subscription. Never throws for a size: one without a price is a "not priced" line and the total a lower bound.
 */
export function estimateCost(config: HarborConfig, prices: PriceTable = PRICES): CostEstimate {
  const instances = config.instances.map((instance) => instanceCost(instance, prices));
  const byCluster = new Map<string, { units: number; instances: string[] }>();
  for (const instance of config.instances) {
    if (instance.ingress?.controller !== "install") continue;
    const platform = byCluster.get(instance.cluster);
    // The schema makes instances on one cluster agree on loadBalancerSizeUnits; the largest is what would be billed.
    if (platform === undefined) {
      byCluster.set(instance.cluster, { units: instance.ingress.loadBalancerSizeUnits, instances: [instance.name] });
    } else {
      platform.units = Math.max(platform.units, instance.ingress.loadBalancerSizeUnits);
      platform.instances.push(instance.name);
    }
  }
  const platforms = [...byCluster].map(([cluster, { units, instances: names }]) => {
    const lines = [loadBalancerCost(units, prices)];
    return { cluster, instances: names, lines, usd: sum(lines) };
  });
  const account: CostLine[] = [
    {
      item: "Spaces subscription",
      detail: `${prices.spaces.includedStorageGiB} GiB storage + ${prices.spaces.includedTransferGiB} GiB transfer included`,
      usd: prices.spaces.usd,
      note: "one per DigitalOcean account for all its buckets, the Terraform state bucket too; usage beyond is extra",
    },
  ];
  const usd = round(instances.reduce((t, i) => t + i.usd, 0) + platforms.reduce((t, p) => t + p.usd, 0) + sum(account));
  const complete =
    instances.every((i) => i.complete) && [...platforms.flatMap((p) => p.lines), ...account].every(isPriced);
  return { instances, platforms, account, usd, complete, excluded: EXCLUDED_FROM_ESTIMATE, prices };
}

const money = (usd: number) => `$${usd.toFixed(2)}`;
/** A sum, as a lower bound when something in it is not priced. */
const total = (usd: number, complete: boolean) => (complete ? money(usd) : `at least ${money(usd)}`);
const figure = (line: CostLine) => (line.basis === "not priced" ? "not priced" : money(line.usd));

/** The itemised estimate, as `npm run cost` prints it. */
export function formatCostEstimate(estimate: CostEstimate, prices: PriceTable = PRICES): string {
  const out: string[] = [
    `Estimated monthly cost (USD, DigitalOcean list prices from ${PRICES_FILE}, ${pricesDated(prices)})`,
    "",
  ];
  const line = (l: CostLine) => {
    const detail = l.basis === "derived" ? `${l.detail} (derived)` : l.detail;
    out.push(`    ${l.item.padEnd(20)} ${detail.padEnd(58)} ${figure(l).padStart(10)}`);
    if (l.note) out.push(`      (${l.note})`);
  };
  for (const instance of estimate.instances) {
    out.push(`  instance ${instance.instance}: ${total(instance.usd, instance.complete)}`);
    instance.lines.forEach(line);
  }
  for (const platform of estimate.platforms) {
    out.push(
      `  platform on cluster ${platform.cluster} (shared by ${platform.instances.join(", ")}): ${money(platform.usd)}`,
    );
    platform.lines.forEach(line);
  }
  out.push(`  account: ${money(sum(estimate.account))}`);
  estimate.account.forEach(line);
  out.push("", `  total: ${total(estimate.usd, estimate.complete)} per month`);
  if (!estimate.complete) {
    out.push('  (a lower bound: the sizes marked "not priced" have no price to count; they are not free)');
  }
  if (estimate.instances.some((i) => i.lines.some((l) => l.basis === "derived"))) {
    out.push('  ("derived": no price was found for that size; it is computed by the rule in its note)');
  }
  out.push("", "  Not included:");
  for (const excluded of estimate.excluded) out.push(`    - ${excluded}`);
  return out.join("\n");
}

/** One line per instance and a total, printed after a successful synth; the same figures as the estimate. */
export function formatCostSummary(estimate: CostEstimate): string[] {
  const about = (usd: number, complete: boolean) => (complete ? `about ${money(usd)}` : `at least ${money(usd)}`);
  return [
    ...estimate.instances.map((i) => `harbor-doks: instance ${i.instance}: ${about(i.usd, i.complete)}/month`),
    ...estimate.platforms.map(
      (p) => `harbor-doks: ingress platform on cluster ${p.cluster}: about ${money(p.usd)}/month`,
    ),
    `harbor-doks: total ${about(estimate.usd, estimate.complete)}/month incl. the Spaces subscription, excl. DOKS ` +
      `nodes and usage (list prices ${pricesDated(estimate.prices)}; npm run cost itemises)`,
  ];
}
