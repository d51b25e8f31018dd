import { estimateCost, formatCostEstimate } from "../../config/cost";
import { PRICES, PriceTable, pricesDated } from "../../config/prices";
import { parseConfig } from "../../config/load";

describe("the date of the estimate's prices", () => {
  it("names the day the table was read and the range of its sources' own dates", () => {
    expect(pricesDated(PRICES)).toMatch(/^read \d{4}-\d\d-\d\d from sources dated \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
    const source = { url: "https://example.com", read: "2026-01-02", note: "" };
    const table: PriceTable = {
      ...PRICES,
      databaseNode: {
        pg: { "db-s-1vcpu-1gb": { usd: 15, source: { ...source, published: "2025-03-04" } } },
        valkey: {},
      },
      standbyNodeFactor: { value: 1, source: { ...source, read: "2026-01-01" } },
      spaces: { ...PRICES.spaces, source },
      loadBalancerSizeUnit: { usd: 10, source },
    };
    expect(pricesDated(table)).toBe("read 2026-01-01 from sources dated 2025-03-04");
    expect(pricesDated({ ...table, databaseNode: { pg: {}, valkey: {} } })).toBe("read 2026-01-01");
  });

  it("is in the first line npm run cost prints", () => {
    const config = parseConfig(
      JSON.stringify({ instances: [{ name: "one", region: "fra1", cluster: "c", hostname: "one.example.com" }] }),
    );
    const first = formatCostEstimate(estimateCost(config)).split("\n")[0];
    expect(first).toBe(
      `Estimated monthly cost (USD, DigitalOcean list prices from config/prices.ts, ${pricesDated(PRICES)})`,
    );
  });
});
