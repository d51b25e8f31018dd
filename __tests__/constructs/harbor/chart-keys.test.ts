// The chart-values guard against the pinned Harbor chart's own keys (issue 29, item 9): the committed key list is
// what scripts/harbor-chart-keys.js reads from the chart, typos are refused with a "did you mean", and a value the
// project already writes passes.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfigFile } from "../../../config/load";
import { HARBOR_CHART_KEYS, HARBOR_CHART_KEYS_VERSION } from "../../../constructs/harbor/chart-keys";
import { DEFAULT_HARBOR_CHART_VERSION, HARBOR_CHART_REPOSITORY } from "../../../constructs/harbor/chart";
import { extraValuesProblems, mergeValues } from "../../../constructs/harbor/extra-values";
import { buildHarborValues } from "../../../constructs/harbor/harbor-values";
import { chartFolder } from "../../support/charts";
import { HARBOR_VALUES_INPUT, configProblems } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script, like its siblings
const { chartValueKeys, keysModule } = require("../../../scripts/harbor-chart-keys.js") as {
  chartValueKeys: (folder: string) => string[];
  keysModule: (version: string, keys: string[]) => string;
};

const CHART = { repository: HARBOR_CHART_REPOSITORY, chart: "harbor", version: DEFAULT_HARBOR_CHART_VERSION };
const folder = chartFolder(CHART);

const BASE = `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
`;
const withValues = (values: string, harbor = "") => `${BASE}    harbor: { ${harbor}values: ${values} }\n`;

describe("the committed key list", () => {
  it("is for the pinned chart version (a new pin needs `npm run chart-keys`)", () => {
    expect(HARBOR_CHART_KEYS_VERSION).toBe(DEFAULT_HARBOR_CHART_VERSION);
  });

  const withChart = existsSync(join(folder, "values.yaml")) ? it : it.skip;
  if (!existsSync(join(folder, "values.yaml"))) console.warn(`skipped the chart comparison: no chart in ${folder}`);
  withChart("is what the script reads from the chart, module text included", () => {
    const keys = chartValueKeys(folder);
    expect(HARBOR_CHART_KEYS).toEqual(keys);
    // The whole generated file, so a hand edit or a changed generator shows too.
    expect(readFileSync(join(__dirname, "../../../constructs/harbor/chart-keys.ts"), "utf8")).toBe(
      keysModule(HARBOR_CHART_KEYS_VERSION, keys),
    );
  });

  it("holds the keys the templates read but values.yaml only mentions in comments, and no key below a whole mapping", () => {
    expect(HARBOR_CHART_KEYS).toEqual(expect.arrayContaining(["core.resources", "nameOverride", "core.nodeSelector"]));
    // containerSecurityContext goes to Kubernetes whole (toYaml): its keys are the container's, not the chart's.
    expect(HARBOR_CHART_KEYS.filter((key) => key.startsWith("containerSecurityContext."))).toEqual([]);
  });

  it("holds every key the project writes itself", () => {
    const keys = new Set(HARBOR_CHART_KEYS);
    const unknown: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      if (at !== "" && !HARBOR_CHART_KEYS.some((key) => key.startsWith(`${at}.`))) return; // a leaf: free keys
      for (const [key, value] of Object.entries(node)) {
        const path = at === "" ? key : `${at}.${key}`;
        if (!keys.has(path)) unknown.push(path);
        else if (value !== null && typeof value === "object" && !Array.isArray(value))
          walk(value as Record<string, unknown>, path);
      }
    };
    walk(buildHarborValues(HARBOR_VALUES_INPUT), "");
    expect(unknown).toEqual([]);
  });
});

describe("extraValuesProblems: keys the chart does not have", () => {
  it.each([
    [{ cor: { nodeSelector: { pool: "x" } } }, "cor", 'did you mean "core"?'],
    [{ trivvy: {} }, "trivvy", 'did you mean "trivy"?'],
    [{ core: { nodeSelecter: {} } }, "core.nodeSelecter", 'did you mean "nodeSelector"?'],
    [{ nodeSelector: { pool: "x" } }, "nodeSelector", 'it is a key of "core", '],
    [{ registry: { registry: { resourcez: {} } } }, "registry.registry.resourcez", 'did you mean "resources"?'],
  ])("%j: refused at %s, with %s", (values, path, hint) => {
    const problems = extraValuesProblems(values);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toContain(`is not a value of the Harbor chart ${HARBOR_CHART_KEYS_VERSION}`);
    expect(problems[0].message).toContain(hint);
  });

  it("leaves the keys of free mappings and of mappings Kubernetes gets whole alone", () => {
    expect(
      extraValuesProblems({
        core: {
          nodeSelector: { "example.com/pool": "registry" },
          resources: { requests: { cpu: "100m" } },
          podLabels: { team: "platform" },
        },
        containerSecurityContext: { readOnlyRootFilesystem: true },
        trivy: { resources: { limits: { memory: "1Gi" } } },
      }),
    ).toEqual([]);
  });

  it('leaves top-level "x-" keys (YAML anchors, as in the config file) alone', () => {
    expect(extraValuesProblems({ "x-pool": { nodeSelector: {} }, core: {} })).toEqual([]);
    expect(extraValuesProblems({ core: { "x-pool": {} } })).toHaveLength(1);
  });

  it('refuses "__proto__" and "constructor" as unknown keys, and merges a "__proto__" node label as a key', () => {
    const problems = extraValuesProblems(JSON.parse('{"persistence": {"__proto__": "x", "constructor": 1}}'));
    expect(problems.map((p) => [p.path, p.unknownKey])).toEqual([
      ["persistence.__proto__", true],
      ["persistence.constructor", true],
    ]);
    const merged = mergeValues(
      { core: { nodeSelector: {} } },
      JSON.parse('{"core": {"nodeSelector": {"__proto__": "a"}}}'),
    );
    expect(Object.keys((merged.core as { nodeSelector: object }).nodeSelector)).toEqual(["__proto__"]);
  });

  it("checks only against the chart version the list was read from", () => {
    expect(extraValuesProblems({ trivvy: {} }, HARBOR_CHART_KEYS_VERSION)).toHaveLength(1);
    expect(extraValuesProblems({ trivvy: {} }, "1.18.0")).toEqual([]);
  });

  it("lets a refused path pass with the very value the project writes, and refuses any other", () => {
    const same = {
      persistence: { enabled: true },
      trivy: { enabled: true },
      updateStrategy: { type: "RollingUpdate" },
      jobservice: { jobLoggers: ["database"] },
    };
    expect(extraValuesProblems(same)).toEqual([]);
    expect(extraValuesProblems({ persistence: { enabled: false } }).map((p) => p.path)).toEqual([
      "persistence.enabled",
    ]);
    expect(extraValuesProblems({ updateStrategy: { type: "Recreate" } }).map((p) => p.path)).toEqual([
      "updateStrategy",
    ]);
    expect(extraValuesProblems({ jobservice: { jobLoggers: ["file"] } }).map((p) => p.path)).toEqual([
      "jobservice.jobLoggers",
    ]);
  });
});

describe("harbor.values in the config", () => {
  it("refuses a typo with the setting's path and a suggestion, and no 'got a mapping'", () => {
    expect(configProblems(withValues("{ cor: { nodeSelector: { pool: registry } } }"))).toEqual([
      `instances[0].harbor.values.cor: is not a value of the Harbor chart ${HARBOR_CHART_KEYS_VERSION}, which would ignore it (did you mean "core"?)`,
    ]);
  });

  it("accepts persistence.enabled: true silently (the project sets it true) and says nothing of 'got boolean true'", () => {
    expect(configProblems(withValues("{ persistence: { enabled: true } }"))).toEqual([]);
    const [problem] = configProblems(withValues("{ persistence: { enabled: false } }"));
    expect(problem).toMatch(/^instances\[0\]\.harbor\.values\.persistence\.enabled: got boolean false; must stay true/);
  });

  it("does not check keys for another chartVersion, whose keys the list does not know", () => {
    expect(configProblems(withValues("{ trivvy: {} }", "chartVersion: 1.18.0, "))).toEqual([]);
  });

  it("refuses a typo in a valuesFile too", () => {
    const dir = mkdtempSync(join(tmpdir(), "chart-keys-"));
    writeFileSync(join(dir, "values.yaml"), "trivvy: {}\n");
    writeFileSync(join(dir, "config.yaml"), `${BASE}    harbor: { valuesFile: values.yaml }\n`);
    const error = (() => {
      try {
        loadConfigFile(join(dir, "config.yaml"));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `instances[0].harbor.valuesFile: "values.yaml": trivvy is not a value of the Harbor chart ${HARBOR_CHART_KEYS_VERSION}, which would ignore it (did you mean "trivy"?)`,
    ]);
  });
});
