import { parseConfig } from "../../config/load";
import type { HarborConfig } from "../../config/resolve";
import { databaseCost, estimateCost, formatCostEstimate, formatCostSummary, loadBalancerCost } from "../../config/cost";
import { DATABASE_SIZES, databaseSizeMemoryGiB } from "../../constructs/digitalocean/database-sizes";
import { PRICES, PriceTable, databaseNodePrice, databasePriceList, databaseSizeFamily } from "../../config/prices";

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
    const existing =
      "ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: letsencrypt }";
    const estimate = estimateCost(
      config(instance("one"), instance("two", `${existing}\nharbor: { namespace: harbor-two }`)),
      prices,
    );
    expect(estimate.platforms).toEqual([]);
  });
});

describe("sizes without a sourced figure", () => {
  it("are derived from the family's sourced rate per GiB, for the same engine first, and marked", () => {
    // db-s: $15/GiB from the test table's db-s-2vcpu-4gb ($60, the sourced size with the most RAM).
    expect(databaseNodePrice("pg", "db-s-4vcpu-8gb", prices)).toEqual({
      basis: "derived",
      usd: 120,
      rule: expect.stringMatching(
        /^derived: 8 GiB × \$15\/GiB, the rate of PostgreSQL db-s-2vcpu-4gb \(\$60, sourced\)/,
      ),
    });
    const line = databaseCost("pg", { size: "db-s-4vcpu-8gb", nodes: 2 }, prices);
    expect(line).toMatchObject({ usd: 240, basis: "derived", note: expect.stringMatching(/^derived: /) });
  });

  it("fall back to the other engine's rate for the same family, and say so", () => {
    const onlyPg: PriceTable = { ...prices, databaseNode: { pg: { "db-s-1vcpu-2gb": price(30) }, valkey: {} } };
    const derived = databaseNodePrice("valkey", "db-s-16vcpu-64gb", onlyPg);
    expect(derived).toMatchObject({ basis: "derived", usd: 960 });
    expect(derived.basis === "derived" && derived.rule).toContain("(PostgreSQL: priced alike by size)");
  });

  it("are 'not priced' when the family has no sourced size: the line counts 0 and the total is a lower bound", () => {
    const estimate = estimateCost(
      config(instance("prod", "postgres: { size: gd-2vcpu-8gb }\ncache: { size: db-s-1vcpu-2gb }")),
      prices,
    );
    const [pg, valkey] = estimate.instances[0].lines;
    expect(pg).toMatchObject({
      basis: "not priced",
      usd: 0,
      note: expect.stringMatching(/^not priced: no sourced price for any gd-\* plan/),
    });
    expect(valkey.usd).toBe(60);
    expect(estimate.instances[0].complete).toBe(false);
    expect(estimate.complete).toBe(false);
    const text = formatCostEstimate(estimate);
    expect(text).toMatch(/gd-2vcpu-8gb × 2 nodes \(1 primary \+ 1 standby\)\s+not priced/);
    expect(text).toContain("instance prod: at least $60.00");
    expect(text).toContain(`total: at least $${estimate.usd.toFixed(2)} per month`);
    expect(formatCostSummary(estimate).at(-1)).toMatch(/^harbor-doks: total at least \$\d+\.\d\d\/month/);
    // Not fooled by names every object has.
    expect(databaseNodePrice("pg", "constructor", prices).basis).toBe("not priced");
  });
});

describe("every size DigitalOcean offers, at the real prices", () => {
  const configFor = (engine: "pg" | "valkey", size: string) =>
    config(instance("prod", `profile: dev\n${engine === "pg" ? "postgres" : "cache"}: { size: ${size}, nodes: 1 }`));

  it.each(["pg", "valkey"] as const)("%s: each size gives an estimate with a total, marked by its basis", (engine) => {
    for (const size of DATABASE_SIZES[engine]) {
      const estimate = estimateCost(configFor(engine, size));
      const line = estimate.instances[0].lines[engine === "pg" ? 0 : 1];
      const price = databaseNodePrice(engine, size);
      expect([size, line.basis]).toEqual([size, price.basis === "sourced" ? undefined : price.basis]);
      expect(Number.isFinite(estimate.usd)).toBe(true);
      const text = formatCostEstimate(estimate);
      expect(text).toMatch(
        estimate.complete ? /total: \$\d+\.\d\d per month/ : /total: at least \$\d+\.\d\d per month/,
      );
      if (price.basis === "derived") expect(text).toContain(`${size} × 1 node (1 primary) (derived)`);
      if (price.basis === "not priced")
        expect(text).toMatch(new RegExp(`${size} × 1 node \\(1 primary\\)\\s+not priced`));
    }
  });

  it("a bigger plan of a family costs more, and every sourced or derived figure is positive", () => {
    const list = databasePriceList();
    let compared = 0;
    for (const { engine, size, price } of list) {
      if (price.basis === "not priced") continue;
      expect(price.usd).toBeGreaterThan(0);
      for (const other of list) {
        if (other.engine !== engine || other.price.basis === "not priced") continue;
        if (databaseSizeFamily(other.size) !== databaseSizeFamily(size)) continue;
        if (databaseSizeMemoryGiB(other.size) > databaseSizeMemoryGiB(size)) {
          expect([size, other.size, other.price.usd > price.usd]).toEqual([size, other.size, true]);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it("prices the shared-CPU plans of both engines (sourced or derived) and marks the rest as not priced", () => {
    const list = databasePriceList();
    expect(list).toHaveLength(DATABASE_SIZES.pg.length + DATABASE_SIZES.valkey.length);
    for (const { size, price } of list) {
      expect([size, price.basis === "not priced"]).toEqual([size, databaseSizeFamily(size) !== "db-s"]);
    }
    expect(databaseNodePrice("pg", "db-s-1vcpu-2gb").basis).toBe("sourced");
    expect(databaseNodePrice("pg", "db-s-2vcpu-4gb")).toMatchObject({ basis: "derived", usd: 60 });
    expect(databaseNodePrice("valkey", "db-s-1vcpu-2gb")).toMatchObject({ basis: "derived", usd: 30 });
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

  it("checks the standby factor against two sources", () => {
    expect(PRICES.standbyNodeFactor.value).toBe(1);
    expect(PRICES.standbyNodeFactor.source.note).toContain("gist.github.com/fakhrullah");
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
      "harbor-doks: total about $47.00/month incl. the Spaces subscription, excl. DOKS nodes and usage (list prices read 2026-11-23; npm run cost itemises)",
    ]);
  });
});
