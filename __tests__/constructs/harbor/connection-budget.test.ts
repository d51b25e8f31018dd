import {
  MAX_CONNECTIONS_PER_POD,
  MIN_CONNECTIONS_PER_POD,
  connectionBudget,
  postgresConnectionLimit,
} from "../../../constructs/harbor/connection-budget";

describe("postgresConnectionLimit", () => {
  it("is 25 per GiB minus 3 reserved", () => {
    expect(postgresConnectionLimit(1)).toBe(22);
    expect(postgresConnectionLimit(2)).toBe(47);
    expect(postgresConnectionLimit(4)).toBe(97);
  });
});

describe("connectionBudget", () => {
  it("splits a 2 GiB node between 2 core + 2 jobservice pods and their surge pods", () => {
    // 47 usable - 2 headroom = 45 over 6 pods (2+1 core, 2+1 jobservice)
    expect(connectionBudget("db-s-1vcpu-2gb", { core: 2, jobservice: 2 })).toEqual({
      limit: 47,
      pods: 6,
      maxOpenConns: 7,
      maxIdleConns: 4,
    });
  });

  it("fits a dev instance on the smallest node exactly at the minimum", () => {
    // 22 - 2 = 20 over 4 pods = 5 each: the boundary
    const budget = connectionBudget("db-s-1vcpu-1gb", { core: 1, jobservice: 1 });
    expect(budget.maxOpenConns).toBe(MIN_CONNECTIONS_PER_POD);
    expect(budget.pods * budget.maxOpenConns).toBeLessThanOrEqual(budget.limit);
  });

  it("rejects one pod more than the smallest node can serve", () => {
    expect(() => connectionBudget("db-s-1vcpu-1gb", { core: 2, jobservice: 1 })).toThrow(
      /db-s-1vcpu-1gb accepts 22 connections.*5 Harbor pods.*at least 5 each \(25\).*larger postgres size/,
    );
  });

  it("counts the exporter when metrics are on", () => {
    expect(connectionBudget("db-s-2vcpu-4gb", { core: 2, jobservice: 2, exporter: 1 }).pods).toBe(8);
  });

  it("caps the per-pod pool on large nodes", () => {
    expect(connectionBudget("gd-16vcpu-64gb", { core: 2, jobservice: 2 }).maxOpenConns).toBe(MAX_CONNECTIONS_PER_POD);
  });

  it.each([
    ["db-s-1vcpu-2gb", 2, true],
    ["db-s-1vcpu-2gb", 3, true], // 45 / (3+1+3+1) = 5
    ["db-s-1vcpu-2gb", 4, false], // 45 / 10 = 4
    ["db-s-2vcpu-4gb", 7, true], // 95 / 18 = 5
    ["db-s-2vcpu-4gb", 8, false], // 95 / 20 = 4
  ])("%s with %i replicas fits: %s", (size, replicas, fits) => {
    const run = () => connectionBudget(size, { core: replicas, jobservice: replicas });
    if (fits) {
      const budget = run();
      expect(budget.pods * budget.maxOpenConns).toBeLessThanOrEqual(budget.limit - 2);
      expect(budget.maxIdleConns).toBeLessThanOrEqual(budget.maxOpenConns);
    } else {
      expect(run).toThrow(/Choose a larger postgres size or fewer harbor replicas/);
    }
  });
});
