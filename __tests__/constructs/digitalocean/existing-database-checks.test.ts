import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  databaseIdentifierProblem,
  existingClusterChecks,
  sharedDatabaseName,
} from "../../../constructs/digitalocean/existing-database-checks";
import { describeWithTerraform, terraformValues } from "../../support/terraform-console";

const checks = existingClusterChecks({ engine: "pg", clusterName: "shared-pg", region: "fra1", vpcUuid: "vpc-doks" });

/**
 * Which checks fail for a looked-up cluster `self`, as real `terraform console` evaluates them (`self` becomes a
 * local; a cluster the data source did not find has every attribute null), and each failing check's message.
 */
function failing(self: Record<string, string | null>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "existing-checks-"));
  const attributes = Object.entries(self)
    .map(([key, value]) => `    ${key} = ${value === null ? "null" : JSON.stringify(value)}`)
    .join("\n");
  writeFileSync(join(dir, "main.tf"), `locals {\n  self = {\n${attributes}\n  }\n}\n`);
  // Every check in one run of terraform (each start costs a tenth of a second): its message where its condition is
  // false, null where it holds. Terraform renders a message only for a failing check, as the conditional does.
  const expressions = checks.map(
    // Quotes are escaped outside interpolations only (messageValue's fallback is a quoted string inside one).
    (check) =>
      `${check.condition.slice(2, -1)} ? null : "${check.errorMessage.replace(/(\$\{[^}]*\})|"/g, (_match, interpolation?: string) => interpolation ?? '\\"')}"`,
  );
  const values = terraformValues(
    expressions.map((expression) => expression.replace(/\bself\./g, "local.self.")),
    dir,
  );
  return values.filter((message): message is string => message !== null);
}

const found = {
  urn: "do:dbaas:1234",
  engine: "pg",
  region: "fra1",
  private_network_uuid: "vpc-doks",
};

describe("existingClusterChecks", () => {
  it("quotes a literal VPC id and checks exists, engine, region, VPC in that order", () => {
    expect(checks).toHaveLength(4);
    expect(checks[3].condition).toContain('self.private_network_uuid == "vpc-doks"');
    expect(checks.map((c) => c.errorMessage.split(" ").slice(0, 2).join(" "))).toEqual([
      "No managed",
      "Database cluster",
      "Database cluster",
      "Database cluster",
    ]);
  });

  it("escapes template sequences in the name", () => {
    const [first] = existingClusterChecks({ engine: "valkey", clusterName: "a${b}", region: "fra1" });
    expect(first.errorMessage).toContain('"a$${b}"');
  });
});

describeWithTerraform("the checks as terraform evaluates them", () => {
  it("pass for the right cluster", () => {
    expect(failing(found)).toEqual([]);
  });

  it("a name that does not exist fails once, naming it", () => {
    const missing = failing({ urn: null, engine: null, region: null, private_network_uuid: null });
    expect(missing).toHaveLength(1);
    expect(missing[0]).toContain('No managed database cluster named "shared-pg"');
  });

  it("a Valkey cluster used as PostgreSQL fails naming the engine", () => {
    expect(failing({ ...found, engine: "valkey" })).toEqual([expect.stringContaining("runs engine valkey")]);
  });

  it("another region fails naming both regions", () => {
    const [message] = failing({ ...found, region: "ams3" });
    expect(message).toContain('is in region ams3, but this stack is configured for region "fra1"');
  });

  it("another VPC fails naming it", () => {
    expect(failing({ ...found, private_network_uuid: "vpc-other" })).toEqual([
      expect.stringContaining("is in VPC vpc-other, not in the DOKS cluster's VPC vpc-doks"),
    ]);
  });
});

describe("database names in a shared cluster", () => {
  it("derives one name per instance, hyphens to underscores", () => {
    expect(sharedDatabaseName("prod")).toBe("harbor_prod");
    expect(sharedDatabaseName("eu-west")).toBe("harbor_eu_west");
    expect(databaseIdentifierProblem(sharedDatabaseName("a-very-long-name-20c"))).toBeUndefined();
  });

  it.each([
    ["doadmin", "belongs to DigitalOcean"],
    ["pg_monitor", "belongs to DigitalOcean or PostgreSQL"],
    ["Harbor", "lowercase"],
    ["harbor-prod", "underscores"],
    ["1harbor", "not starting with a digit"],
    ["a".repeat(64), "1-63"],
  ])("refuses %s", (name, expected) => {
    expect(databaseIdentifierProblem(name)).toContain(expected);
  });
});
