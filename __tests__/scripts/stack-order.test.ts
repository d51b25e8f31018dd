import { Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../config/load";
import { buildApp } from "../../stacks/app";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script the CI workflow runs
const { deployOrder } = require("../../scripts/stack-order.js") as {
  deployOrder: (manifest: { stacks: Record<string, { dependencies: string[] }> }) => string[];
};

describe("scripts/stack-order.js (the CI workflow's apply order)", () => {
  it("puts every stack after the stacks it depends on, replication after the targets' day-2 stacks", () => {
    const config = `
instances:
  - { name: fra, region: fra1, cluster: fra-doks, hostname: fra.example.com, ingress: { email: a@example.com },
      replication: [{ to: ams, projects: [a] }], projects: [{ name: b }] }
  - { name: ams, region: ams3, cluster: ams-doks, hostname: ams.example.com, ingress: { email: a@example.com },
      replication: [{ to: fra, projects: [b] }], projects: [{ name: a }] }
`;
    const app = buildApp(parseConfig(config), Testing.app());
    app.synth();
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8"));
    const order = deployOrder(manifest);
    expect(order).toHaveLength(Object.keys(manifest.stacks).length);
    for (const [name, stack] of Object.entries(manifest.stacks as Record<string, { dependencies: string[] }>)) {
      for (const dependency of stack.dependencies) expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
    }
    expect(order.indexOf("harbor-fra-replication")).toBeGreaterThan(order.indexOf("harbor-ams-config"));
    expect(order.indexOf("harbor-ams-replication")).toBeGreaterThan(order.indexOf("harbor-fra-config"));
  });

  it("refuses a cycle", () => {
    expect(() => deployOrder({ stacks: { a: { dependencies: ["b"] }, b: { dependencies: ["a"] } } })).toThrow(
      "stack dependency cycle: a -> b -> a",
    );
  });
});
