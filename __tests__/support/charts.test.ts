import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localChartPath } from "../../constructs/core/local-chart";
import { OUTPUT_CACHE_ENV } from "./kept-output";
import { findHelm, testWithTool, toolGate } from "./tools";

const HELM = toolGate(findHelm());
const test = testWithTool(HELM, "__tests__/support/charts.test.ts");

/**
 * charts.ts loaded afresh (as by a later process: a chart's digest is taken once per process), its renders kept in the
 * folder `cache` ("off" renders every time).
 */
function chartsWith(cache: string): typeof import("./charts") {
  let charts: typeof import("./charts") | undefined;
  jest.isolateModules(() => {
    charts = jest.requireActual<typeof import("./charts")>("./charts");
  });
  const loaded = charts as typeof import("./charts");
  return {
    ...loaded,
    helmTemplateText: (...args) => {
      const saved = process.env[OUTPUT_CACHE_ENV];
      process.env[OUTPUT_CACHE_ENV] = cache;
      try {
        return loaded.helmTemplateText(...args);
      } finally {
        process.env[OUTPUT_CACHE_ENV] = saved;
      }
    },
  };
}

/** Every file kept in a folder of kept outputs. */
const kept = (cache: string): string[] =>
  readdirSync(cache, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

const VALUES = "serversTransport: { transports: [] }\n";

describe("kept helm renders", () => {
  test("give what helm gives, and a change of values, options or any chart file renders anew", () => {
    const cache = mkdtempSync(join(tmpdir(), "render-cache-"));
    const { helmTemplateText } = chartsWith(cache);
    const chart = join(mkdtempSync(join(tmpdir(), "render-chart-")), "harbor-namespace");
    cpSync(localChartPath("harbor-namespace"), chart, { recursive: true });
    const fresh = chartsWith("off").helmTemplateText;

    const first = helmTemplateText(chart, VALUES, { namespace: "a" });
    expect(first).toBe(fresh(chart, VALUES, { namespace: "a" }));
    expect(kept(cache)).toHaveLength(1);
    expect(helmTemplateText(chart, VALUES, { namespace: "a" })).toBe(first);
    expect(kept(cache)).toHaveLength(1);

    helmTemplateText(chart, `${VALUES}# another document\n`, { namespace: "a" });
    helmTemplateText(chart, VALUES, { namespace: "b" });
    expect(kept(cache)).toHaveLength(3);

    // A later process (the digest of a chart is taken once per process) with one template changed.
    writeFileSync(join(chart, "templates", "extra.yaml"), "kind: ConfigMap\napiVersion: v1\nmetadata: { name: x }\n");
    const changed = chartsWith(cache).helmTemplateText(chart, VALUES, { namespace: "a" });
    expect(changed).toContain("name: x");
    expect(kept(cache)).toHaveLength(4);
  });

  test("keep nothing when helm fails, and report its error every time", () => {
    const cache = mkdtempSync(join(tmpdir(), "render-cache-"));
    const { helmTemplateText } = chartsWith(cache);
    for (let i = 0; i < 2; i++) {
      expect(() => helmTemplateText(localChartPath("registry-backup"), "{}\n")).toThrow(/schedule is required/);
    }
    expect(kept(cache)).toHaveLength(0);
  });
});

describe("a suite whose chart is not in the cache", () => {
  // Not gated on helm: without helm, or without the chart, the suite must be skipped all the same.
  const absent = { repository: "https://charts.example.invalid", chart: "absent", version: "0.0.0" };

  /** What `describeWithChart` registers for the absent chart under `env`, recorded instead of registered. */
  function registeredFor(env: NodeJS.ProcessEnv): { registered: string[]; reason: string | undefined } {
    const registered: string[] = [];
    const describeSpy = jest.spyOn(globalThis, "describe").mockImplementation(((name: string, fn: () => void) => {
      registered.push(`describe ${name}`);
      fn();
    }) as never);
    // `test` with its `skip`, both recording (a spy on `test` itself would have no `skip`).
    const realTest = globalThis.test;
    globalThis.test = Object.assign((name: string) => void registered.push(`test ${name}`), {
      skip: (name: string) => void registered.push(`skip ${name}`),
    }) as never;
    const stderr = jest.spyOn(process.stderr, "write");
    const warn = jest.spyOn(console, "warn");
    try {
      const charts = chartsWith("off");
      charts.describeWithChart(
        absent,
        "renders the absent chart",
        () => {
          throw new Error("the body of a suite whose chart is missing ran");
        },
        env,
      );
      // One line for the whole run comes from global-setup.js; nothing per suite (jest adds a stack to console).
      expect(stderr).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
      return { registered, reason: charts.chartMissing(absent) };
    } finally {
      describeSpy.mockRestore();
      globalThis.test = realTest;
      stderr.mockRestore();
      warn.mockRestore();
    }
  }

  it("is skipped with one line saying what is missing and the command that fetches it, without running its body", () => {
    const { registered, reason } = registeredFor({});
    // With helm here, the reason is the chart and how to fetch it; without, the missing helm.
    expect(reason).toMatch(
      HELM.run
        ? /^chart absent 0\.0\.0 is not in .*: run `npm run charts` \(offline: `HARBOR_DOKS_CHART_MIRROR=<folder of absent-0\.0\.0\.tgz> npm run charts`\)$/
        : /helm 3 is not installed/,
    );
    expect(reason?.split("\n")).toHaveLength(1);
    expect(registered).toEqual(["describe renders the absent chart", `skip ${reason}`]);
  });

  it("fails under CI=true, naming the chart", () => {
    if (!HELM.run) return; // without helm, the helm gate decides (tools.test.ts)
    const { registered, reason } = registeredFor({ CI: "true" });
    expect(registered).toEqual(["describe renders the absent chart", `test needs a chart: ${reason}`]);
  });
});
