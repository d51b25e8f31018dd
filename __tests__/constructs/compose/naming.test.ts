import {
  defaultManagedPostgresName,
  defaultManagedValkeyName,
  instanceNameProblem,
  recordZoneProblem,
  relativeRecordName,
} from "../../../constructs/compose/naming";

describe("instanceNameProblem", () => {
  it.each(["ab", "prod", "eu-west-2", "a".repeat(20)])("accepts %s", (name) => {
    expect(instanceNameProblem(name)).toBeUndefined();
  });
  it.each(["a", "a".repeat(21), "Prod", "1prod", "prod-", "pr_od", ""])("refuses %j", (name) => {
    expect(instanceNameProblem(name)).toMatch(/must be 2-20 lowercase letters/);
  });
});

describe("default database cluster names", () => {
  it("are harbor-<name>-pg and harbor-<name>-valkey", () => {
    expect(defaultManagedPostgresName("prod")).toBe("harbor-prod-pg");
    expect(defaultManagedValkeyName("prod")).toBe("harbor-prod-valkey");
  });
});

describe("relativeRecordName", () => {
  it("strips the zone, and uses @ at the apex", () => {
    expect(relativeRecordName("registry.example.com", "example.com")).toBe("registry");
    expect(relativeRecordName("a.b.example.com", "example.com")).toBe("a.b");
    expect(relativeRecordName("example.com", "example.com")).toBe("@");
    expect(() => relativeRecordName("registry.example.org", "example.com")).toThrow(/not inside DNS zone/);
  });

  it("refuses a zone that only ends like the hostname", () => {
    expect(recordZoneProblem("registry.myexample.com", "example.com")).toMatch(/must be a zone that contains/);
  });
});
