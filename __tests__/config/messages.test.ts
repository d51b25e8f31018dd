// The messages of issue 29, item 10: each config below printed a doubled, missing, misleading or cascading message.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DATABASE_SIZES, databaseSizeProblem } from "../../constructs/digitalocean/database-sizes";
import { estimateCost, formatCostEstimate, formatCostSummary } from "../../config/cost";
import { PRICES, PriceTable, pricesDated } from "../../config/prices";
import { parseConfig } from "../../config/load";
import { configProblems } from "../helpers";

const instance = (lines: string) => `instances:\n  - name: prod\n${lines.replace(/^/gm, "    ")}\n`;
const BASE = "region: fra1\ncluster: prod-doks\nhostname: registry.example.com";

describe("config messages", () => {
  it('a node count the size cannot run says "got" once', () => {
    expect(configProblems(instance(`${BASE}\npostgres: { size: db-s-1vcpu-1gb, nodes: 3 }`))).toEqual([
      expect.stringMatching(/^instances\[0\]\.postgres\.nodes: got number 3; must be 1 with size db-s-1vcpu-1gb/),
    ]);
  });

  it("a node pool name the constructs refuse is refused by the config in the same words (NODE_POOL_NAME_RULE)", () => {
    expect(configProblems(instance(`${BASE}\ningress: { email: ops@example.com, nodePool: Platform Pool }`))).toEqual([
      expect.stringMatching(
        /^instances\[0\]\.ingress\.nodePool: .*must be a DOKS node pool name: lowercase letters, digits and hyphens/,
      ),
    ]);
  });

  it("a tab in the indentation is one error that says to use spaces, without the parser's echoes", () => {
    const text = "instances:\n  - name: prod\n\tregion: fra1\n    cluster: k\n    hostname: a.example.com\n";
    expect(configProblems(text)).toEqual([
      "YAML syntax error at line 3, column 1: a tab in the indentation; YAML indents with spaces only (replace the tab)",
    ]);
  });

  it('a misspelt required key is one error: the "did you mean", not also "is required"', () => {
    const problems = configProblems(instance("region: fra1\ncluster: k\nhostnme: a.example.com"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^instances\[0\]: unknown key "hostnme" \(did you mean "hostname"\?\)/);
    // A missing key with no misspelling beside it is still reported.
    expect(configProblems(instance("region: fra1\ncluster: k\nzzz: 1"))).toEqual([
      "instances[0].hostname: is required (expected string)",
      expect.stringMatching(/^instances\[0\]: unknown key "zzz"/),
    ]);
  });

  it('a missing region (an enum) says "is required" first', () => {
    expect(configProblems(instance("cluster: k\nhostname: a.example.com"))).toEqual([
      expect.stringMatching(/^instances\[0\]\.region: is required; must be a region with both Spaces and managed/),
    ]);
    expect(configProblems(`backend: { bucket: abc-state, region: fra1 }\n${instance(BASE)}`)).toEqual([
      expect.stringMatching(/^backend\.type: is required; must be "s3"/),
    ]);
  });

  it.each([
    ["registry.acme.io/", "registry.acme.io"],
    ["Registry.Acme.io", "registry.acme.io"],
    ["https://registry.acme.io:443/v2/", "registry.acme.io"],
  ])("hostname %s: suggests %s, and the dnsZone rule stays quiet", (written, meant) => {
    const config = instance(
      `region: fra1\ncluster: k\nhostname: ${written}\ningress: { email: a@acme.io, dnsZone: acme.io }`,
    );
    expect(configProblems(config)).toEqual([
      expect.stringMatching(new RegExp(`^instances\\[0\\]\\.hostname: got string .*\\(did you mean "${meant}"\\?\\)$`)),
    ]);
  });

  it.each([
    ["acme.io/", "acme.io"],
    ["Acme.IO", "acme.io"],
    ["acme.io.", "acme.io"],
  ])("dnsZone %s: suggests %s, without a second error about the hostname", (written, meant) => {
    const config = instance(
      `region: fra1\ncluster: k\nhostname: registry.acme.io\ningress: { email: a@acme.io, dnsZone: "${written}" }`,
    );
    expect(configProblems(config)).toEqual([
      expect.stringMatching(
        new RegExp(`^instances\\[0\\]\\.ingress\\.dnsZone: got string .*\\(did you mean "${meant}"\\?\\)$`),
      ),
    ]);
  });

  it("two valid names that do not nest still get the dnsZone rule", () => {
    const config = instance(`${BASE}\ningress: { email: a@acme.io, dnsZone: acme.io }`);
    expect(configProblems(config)).toEqual([
      'instances[0].ingress.dnsZone: got string "acme.io"; must contain the hostname "registry.example.com"',
    ]);
  });

  it.each([
    ["yes", true],
    ["no", false],
    ["on", true],
    ["Off", false],
  ])("protect: %s says YAML read a string and what to write", (word, meant) => {
    expect(configProblems(instance(`${BASE}\nprotect: ${word}`))).toEqual([
      `instances[0].protect: got string "${word}", expected boolean (YAML reads "${word}" as a string here; write ${meant} without quotes)`,
    ]);
    // Names of Object.prototype are no words of YAML 1.1.
    expect(configProblems(instance(`${BASE}\nprotect: constructor`))).toEqual([
      'instances[0].protect: got string "constructor", expected boolean',
    ]);
  });

  it("a size error names no source file, suggests the nearest size and names every offered size or its family", () => {
    for (const engine of ["pg", "valkey"] as const) {
      for (const written of ["db-s-1vcpu-3gb", "gd-2vcpu-9gb", "huge", "m-2vcpu-17gb"]) {
        const message = databaseSizeProblem(engine, written) as string;
        expect(message).not.toMatch(/\.ts\b|constructs\//);
        expect(message).toContain(`doctl databases options slugs --engine ${engine}`);
        for (const size of DATABASE_SIZES[engine]) {
          const family = size.replace(/-\d+vcpu-\d+gb$/, "");
          expect([size, `${family}-*`].some((named) => message.includes(named))).toBe(true);
        }
      }
    }
    expect(databaseSizeProblem("pg", "db-s-1vcpu-3gb")).toContain('(did you mean "db-s-1vcpu-1gb"?)');
    expect(databaseSizeProblem("pg", "gd-2vcpu-9gb")).toContain('(did you mean "gd-2vcpu-8gb"?)');
  });

  it("the cost estimate and the synth summary say when the prices were read", () => {
    const config = parseConfig(instance(BASE));
    const date = pricesDated(PRICES);
    expect(date).toMatch(/^read \d{4}-\d\d-\d\d\b/);
    expect(formatCostEstimate(estimateCost(config)).split("\n")[0]).toBe(
      `Estimated monthly cost (USD, DigitalOcean list prices from config/prices.ts, ${date})`,
    );
    expect(formatCostSummary(estimateCost(config)).at(-1)).toContain(`(list prices ${date}; npm run cost itemises)`);
    const older: PriceTable = {
      ...PRICES,
      spaces: { ...PRICES.spaces, source: { ...PRICES.spaces.source, read: "2026-01-02" } },
    };
    expect(pricesDated(older)).toMatch(/^read 2026-01-02\b/);
  });

  it("the README's quick start says how to turn off the cdktf CLI's checkpoint lookup", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const quickStart = readme.slice(
      readme.indexOf("## Quick start"),
      readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1),
    );
    expect(quickStart).toContain("export CHECKPOINT_DISABLE=1");
    expect(quickStart).toContain("checkpoint-api.hashicorp.com");
  });
});
