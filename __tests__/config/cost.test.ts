import { parseConfig } from "../../config/load";
import type { HarborConfig } from "../../config/resolve";
import { databaseCost, estimateCost, formatCostEstimate, formatCostSummary, loadBalancerCost } from "../../config/cost";
import { DATABASE_SIZES } from "../../constructs/digitalocean/database-sizes";
import { PRICES, PriceTable, databaseNodePrice } from "../../config/prices";

const source = { url: "https://example.com/pricing", read: "2026-11-23", note: "test figure" };
const price = (usd: number) => ({ usd, source });
// A table of round test figures, so that the arithmetic is visible and independent of the real prices.
const prices: PriceTable = {
  databaseNode: {
    pg: { "db-s-1vcpu-1gb": price(15), "db-s-1vcpu-2gb": price(30), "db-s-2vcpu-4gb": price(60) },
    valkey: { "db-s-1vcpu-1gb": price(15), "db-s-1vcpu-2gb": price(30) },
  },
  standbyNodeFactor: { value: 1, source },
  spaces: {
    ...price(5),
    includedStorageGiB: 250,
    includedTransferGiB: 1024,
    extraStorageUsdPerGiB: 0.02,
    extraTransferUsdPerGiB: 0.01,
  },
  loadBalancerSizeUnit: price(12),
};

const instance = (name: string, extra = "", cluster = "doks-a") =>
  `  - name: ${name}\n    region: fra1\n    cluster: ${cluster}\n    hostname: ${name}.example.com\n` +
  extra
    .split("\n")
    .filter(Boolean)
    .map((line) => `    ${line}\n`)
    .join("");
const config = (...instances: string[]): HarborConfig => parseConfig(`instances:\n${instances.join("")}`);
const ingress = (units = 1) => `ingress: { email: ops@example.com, loadBalancerSizeUnits: ${units} }`;

describe("cost arithmetic per item", () => {
  it("a database cluster is the node price times its nodes, standbys at the standby factor", () => {
    expect(databaseCost("pg", { size: "db-s-1vcpu-2gb", nodes: 1 }, prices).usd).toBe(30);
    expect(databaseCost("pg", { size: "db-s-1vcpu-2gb", nodes: 3 }, prices)).toEqual({
      item: "PostgreSQL",
      detail: "db-s-1vcpu-2gb × 3 nodes (1 primary + 2 standby)",
      usd: 90,
    });
    const halfPriceStandbys = { ...prices, standbyNodeFactor: { value: 0.5, source } };
    expect(databaseCost("valkey", { size: "db-s-1vcpu-2gb", nodes: 2 }, halfPriceStandbys).usd).toBe(45);
  });

  it("a load balancer is its size units times the unit price", () => {
    expect(loadBalancerCost(3, prices)).toEqual({ item: "Load balancer", detail: "3 size units × $12", usd: 36 });
  });

  it("an instance is its PostgreSQL and Valkey clusters; its bucket is in the account's Spaces subscription", () => {
    const estimate = estimateCost(config(instance("prod", "profile: dev")), prices);
    const [prod] = estimate.instances;
    expect(prod.lines.map((l) => [l.item, l.usd])).toEqual([
      ["PostgreSQL", 15],
      ["Valkey", 15],
      ["Spaces bucket", 0],
    ]);
    expect(prod.lines[2].note).toMatch(/above 250 GiB .* are extra/);
    expect(prod.usd).toBe(30);
    expect(estimate.account).toEqual([expect.objectContaining({ item: "Spaces subscription", usd: 5 })]);
    expect(estimate.usd).toBe(35);
  });

  it("lists the backup bucket when the instance has one", () => {
    const withBackup = config(instance("prod", "profile: dev\nbackup: { region: ams3 }"));
    const lines = estimateCost(withBackup, prices).instances[0].lines;
    expect(lines.map((l) => l.item)).toEqual(["PostgreSQL", "Valkey", "Spaces bucket", "Backup bucket"]);
    expect(lines[3]).toMatchObject({ detail: `${withBackup.instances[0].backup?.bucket} (ams3)`, usd: 0 });
    expect(lines[3].detail).toMatch(/^harbor-prod-backup-[0-9a-f]{8} \(ams3\)$/);
    expect(estimateCost(config(instance("prod", "profile: dev")), prices).instances[0].lines).toHaveLength(3);
  });
});

describe("cost comparisons", () => {
  const sizes = "postgres: { size: db-s-1vcpu-2gb }\ncache: { size: db-s-1vcpu-2gb }";

  it("ha costs more than dev for the same sizes (standby nodes)", () => {
    const ha = estimateCost(config(instance("prod", `profile: ha\n${sizes}`)), prices).instances[0].usd;
    const dev = estimateCost(config(instance("prod", `profile: dev\n${sizes}`)), prices).instances[0].usd;
    expect(ha).toBe(120);
    expect(dev).toBe(60);
    expect(ha).toBeGreaterThan(dev);
  });

  it("more nodes cost more", () => {
    const cost = (nodes: number) =>
      estimateCost(config(instance("prod", `postgres: { size: db-s-1vcpu-2gb, nodes: ${nodes} }`)), prices).instances[0]
        .usd;
    expect(cost(2)).toBeGreaterThan(cost(1));
    expect(cost(3)).toBeGreaterThan(cost(2));
  });

  it("counts the ingress platform once per cluster, however many instances share it", () => {
    const shared = estimateCost(
      config(
        instance("one", ingress(2)),
        instance("two", `${ingress(2)}\nharbor: { namespace: harbor-two }`),
        instance("three", ingress(1), "doks-b"),
      ),
      prices,
    );
    expect(shared.platforms).toEqual([
      { cluster: "doks-a", instances: ["one", "two"], lines: [loadBalancerCost(2, prices)], usd: 24 },
      { cluster: "doks-b", instances: ["three"], lines: [loadBalancerCost(1, prices)], usd: 12 },
    ]);
    const instances = shared.instances.reduce((t, i) => t + i.usd, 0);
    expect(shared.usd).toBe(instances + 24 + 12 + 5);
  });

  it("adds no platform for instances without ingress or with an existing controller", () => {
    const existing = "ingress: { controller: existing, className: nginx, clusterIssuer: letsencrypt }";
    const estimate = estimateCost(
      config(instance("one"), instance("two", `${existing}\nharbor: { namespace: harbor-two }`)),
      prices,
    );
    expect(estimate.platforms).toEqual([]);
  });
});

describe("unknown sizes", () => {
  it("are an error naming the size, the engine and the prices file, never a zero", () => {
    expect(() =>
      estimateCost(
        config(instance("prod", "postgres: { size: gd-2vcpu-8gb }\ncache: { size: db-s-1vcpu-2gb }")),
        prices,
      ),
    ).toThrow(/^no monthly price for PostgreSQL size "gd-2vcpu-8gb" in config\/prices\.ts; add it/);
    expect(() => databaseNodePrice("valkey", "db-s-2vcpu-4gb", prices)).toThrow(
      'no monthly price for Valkey size "db-s-2vcpu-4gb" in config/prices.ts',
    );
    // Not fooled by names every object has.
    expect(() => databaseNodePrice("pg", "constructor", prices)).toThrow(/no monthly price/);
  });
});

describe("the price table", () => {
  const figures = [
    ...Object.values(PRICES.databaseNode).flatMap((bySize) => Object.values(bySize)),
    PRICES.standbyNodeFactor,
    PRICES.spaces,
    PRICES.loadBalancerSizeUnit,
  ];

  it("gives every figure a source URL and the date it was read", () => {
    for (const figure of figures) {
      expect(figure.source.url).toMatch(/^https:\/\//);
      expect(figure.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(figure.source.note.length).toBeGreaterThan(10);
    }
  });

  it("marks an assumed figure in the estimate, with where to check it", () => {
    const line = databaseCost("valkey", { size: "db-s-1vcpu-2gb", nodes: 1 });
    expect(PRICES.databaseNode.valkey["db-s-1vcpu-2gb"].source.assumed).toBe(true);
    expect(line.note).toMatch(
      /^price assumed, not quoted: .*https:\/\/www\.digitalocean\.com\/pricing\/managed-databases$/,
    );
    expect(databaseCost("pg", { size: "db-s-1vcpu-2gb", nodes: 1 }).note).toBeUndefined();
  });

  it("prices only sizes DigitalOcean offers for the engine", () => {
    for (const engine of ["pg", "valkey"] as const) {
      for (const size of Object.keys(PRICES.databaseNode[engine])) {
        expect(DATABASE_SIZES[engine]).toContain(size);
      }
    }
  });
});

describe("cost output", () => {
  const estimate = estimateCost(config(instance("prod", `profile: dev\n${ingress()}`)), prices);

  it("itemises and says what is excluded", () => {
    const text = formatCostEstimate(estimate);
    expect(text).toContain("instance prod: $30.00");
    expect(text).toContain("platform on cluster doks-a (shared by prod): $12.00");
    expect(text).toContain("total: $47.00 per month");
    expect(text).toMatch(/DOKS worker nodes/);
  });

  it("summarises one line per instance and a total", () => {
    expect(formatCostSummary(estimate)).toEqual([
      "harbor-doks: instance prod: about $30.00/month",
      "harbor-doks: ingress platform on cluster doks-a: about $12.00/month",
      "harbor-doks: total about $47.00/month incl. the Spaces subscription, excl. DOKS nodes and usage (npm run cost itemises)",
    ]);
  });
});
