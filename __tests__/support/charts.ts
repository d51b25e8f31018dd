// Rendering the pinned remote charts (Harbor, Traefik, cert-manager) with a real helm in tests. The charts are not
// part of this repository: `npm test`'s pretest fetches them into a local chart cache (scripts/fetch-charts.ts). A
// suite whose chart is still missing (no network and no mirror) is skipped, or under CI=true fails, naming the chart
// and the command that fetches it; global-setup.js prints that line once per missing chart.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { RemoteChart, chartCache, chartFolderIn, fetchHint, unpackedChartProblem } from "../../scripts/fetch-charts";
import { binaryIdentity, keptOutput, treeDigest } from "./kept-output";
import { findHelm, testWithTool, toolGate } from "./tools";
import { localChartPath } from "../../constructs/core/local-chart";

export type { RemoteChart } from "../../scripts/fetch-charts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = Record<string, any>;

/** Where unpacked charts are looked for: `$HARBOR_DOKS_CHART_CACHE`, else `~/.cache/harbor-doks/charts`. */
export const CHART_CACHE = chartCache();

/** The helm 3 found by {@link findHelm}: the one `npm test`'s pretest installs, else `helm` on the PATH. */
const helm = findHelm();
export const HELM = "path" in helm ? helm.path : "helm";

/** Folder of a chart in the cache (`<chart>-<version>`). */
export function chartFolder(chart: RemoteChart): string {
  return chartFolderIn(CHART_CACHE, chart);
}

/** Why `chart` is not usable in `cache` (one line, with the command that fetches it), or undefined when it is. */
export function chartProblem(chart: RemoteChart, cache: string = CHART_CACHE): string | undefined {
  const problem = unpackedChartProblem(chartFolderIn(cache, chart), chart);
  if (problem === undefined) return undefined;
  return `chart ${chart.chart} ${chart.version} is not in ${cache}: ${fetchHint(chart)}`;
}

/** Why the chart cannot be rendered here (one line, with the fix), or undefined when it can. */
export function chartMissing(chart: RemoteChart): string | undefined {
  if ("missing" in helm) return helm.missing;
  return chartProblem(chart);
}

/**
 * `describe` for tests that render `chart`: as {@link describeWithHelm} without helm; when the chart is not in the
 * cache, skipped (the reason is the skipped test's name), or under CI=true one failing test naming the chart.
 */
export function describeWithChart(
  chart: RemoteChart,
  name: string,
  body: () => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  describeWithCharts([chart], name, body, env);
}

/**
 * `describe` for tests that render the local charts (always here) with helm, even while jest collects them: without
 * helm, skipped with one line saying so; under CI=true, one failing test with that line instead (toolGate).
 */
export function describeWithHelm(name: string, body: () => void): void {
  if ("path" in helm) {
    describe(name, body);
    return;
  }
  const gate = toolGate(helm);
  // Under CI=true the same failing test as every other tool gate (tools.ts).
  if (!gate.run && gate.fail) describe(name, () => void testWithTool(gate, name));
  else skipWithReason(name, helm.missing);
}

/**
 * One skipped test in place of the suite (under CI=true, one failing test): its body is not run, since a body may
 * render the missing chart while jest collects the tests (a skipped describe still runs its body). Nothing is
 * printed here: global-setup.js prints one line per missing pinned chart for the whole run.
 */
function skipWithReason(name: string, reason: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.CI === "true") {
    describe(name, () =>
      test(`needs a chart: ${reason}`, () => {
        throw new Error(`missing under CI=true: ${reason}`);
      }),
    );
    return;
  }
  describe(name, () => test.skip(reason, () => {}));
}

/** What decides a render besides the chart: release, namespace, extra API versions, an upgrade, `--set-string`s. */
export interface RenderOptions {
  readonly release?: string;
  readonly namespace?: string;
  readonly apiVersions?: readonly string[];
  /** Render as an upgrade of the release (`--is-upgrade`): what a pre-upgrade hook needs. */
  readonly isUpgrade?: boolean;
  /** Values given as `--set-string name=value`, after the values document. */
  readonly setString?: Readonly<Record<string, string>>;
}

/**
 * A chart's digest, taken once per process: a large chart (cert-manager's CRDs) is read once per test file. So a chart
 * folder must not change during a test file; a test that needs another version of a chart renders a copy
 * (registryBackupRecording).
 */
const chartDigests = new Map<string, string>();
function chartDigest(chart: string): string {
  let digest = chartDigests.get(chart);
  if (digest === undefined) chartDigests.set(chart, (digest = treeDigest(chart)));
  return digest;
}

/**
 * `compute()` for a render, or what it gave for the same render before (kept-output.ts): keyed by the helm binary,
 * every file of the chart, the values and the options. `kind` tells the forms of one render apart.
 */
function keptRender(
  kind: string,
  chart: string,
  values: string,
  options: RenderOptions,
  compute: () => string,
): string {
  return keptOutput(kind, [binaryIdentity(HELM), chartDigest(chart), values, { ...options }], compute);
}

/** `helm template` of a chart (a folder or an archive) with one values document: its output. */
export function helmTemplateText(chart: string, values: string, options: RenderOptions = {}): string {
  const args = ["template", options.release ?? "release", chart, "--namespace", options.namespace ?? "default"];
  for (const api of options.apiVersions ?? []) args.push("--api-versions", api);
  if (options.isUpgrade === true) args.push("--is-upgrade");
  for (const [name, value] of Object.entries(options.setString ?? {})) args.push("--set-string", `${name}=${value}`);
  args.push("--values", "-");
  return keptRender("yaml", chart, values, options, () =>
    execFileSync(HELM, args, { input: values, encoding: "utf8" }),
  );
}

/**
 * `helm template` of a chart (a folder or an archive) with one values document; the rendered objects. Kept as JSON:
 * parsing the YAML of a large render (cert-manager's CRDs) costs more than rendering it.
 */
export function helmTemplate(chart: string, values: string, options: RenderOptions = {}): Manifest[] {
  const objects = keptRender("json", chart, values, options, () =>
    JSON.stringify(
      parseAllDocuments(helmTemplateText(chart, values, options))
        .map((doc) => doc.toJS() as Manifest)
        .filter((doc) => doc !== null && typeof doc === "object"),
    ),
  );
  return JSON.parse(objects) as Manifest[];
}

/** `describe` for tests that render several of the pinned charts: {@link describeWithChart} for all of them. */
export function describeWithCharts(
  charts: readonly RemoteChart[],
  name: string,
  body: () => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if ("missing" in helm) {
    describeWithHelm(name, body);
    return;
  }
  const missing = charts.map((chart) => chartProblem(chart)).filter((reason): reason is string => !!reason);
  if (missing.length === 0) describe(name, body);
  else skipWithReason(name, missing.join("; "), env);
}

/**
 * A copy of charts/registry-backup whose recorded Harbor version (what its `lookup` of the ConfigMap
 * harbor-doks-harbor-version would read in a cluster; `helm template` reads nothing) is `recorded` ("" for none):
 * the helper that looks it up returns that version instead, every other line of the chart unchanged.
 */
export function registryBackupRecording(recorded: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "registry-backup-")), "registry-backup");
  cpSync(localChartPath("registry-backup"), dir, { recursive: true });
  const helpers = join(dir, "templates", "_helpers.tpl");
  const text = readFileSync(helpers, "utf8");
  const lookup = /(\{\{- define "registry-backup\.previousHarborVersion" -\}\}\n)[\s\S]*?(\{\{- end \}\})/;
  if (!lookup.test(text)) throw new Error("charts/registry-backup: the previousHarborVersion helper is gone");
  writeFileSync(helpers, text.replace(lookup, `$1${recorded}\n$2`));
  return dir;
}
