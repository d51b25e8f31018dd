// Rendering the pinned remote charts (Harbor, Traefik, cert-manager) with a real helm in tests. The charts are not
// part of this repository: tests read them from a local chart cache and are skipped, with one line saying how to
// fill it, when a chart is not there (a fresh clone, or a machine without access to the chart repositories).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { findHelm } from "./tools";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = Record<string, any>;

/** Where unpacked charts are looked for: `$HARBOR_DOKS_CHART_CACHE`, else `~/.cache/harbor-doks/charts`. */
export const CHART_CACHE = process.env.HARBOR_DOKS_CHART_CACHE ?? join(homedir(), ".cache", "harbor-doks", "charts");

/** The helm 3 found by {@link findHelm}: the one `npm test`'s pretest installs, else `helm` on the PATH. */
const helm = findHelm();
export const HELM = "path" in helm ? helm.path : "helm";

/** A pinned remote chart: how `helm pull` names it. */
export interface RemoteChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/** Folder of a chart in the cache (`<chart>-<version>`). */
export function chartFolder(chart: RemoteChart): string {
  return join(CHART_CACHE, `${chart.chart}-${chart.version}`);
}

/** Why the chart cannot be rendered here (one line, with the fix), or undefined when it can. */
export function chartMissing(chart: RemoteChart): string | undefined {
  if ("missing" in helm) return helm.missing;
  const folder = chartFolder(chart);
  if (existsSync(join(folder, "Chart.yaml"))) return undefined;
  return (
    `chart ${chart.chart} ${chart.version} is not in ${CHART_CACHE}: ` +
    `helm pull ${chart.chart} --repo ${chart.repository} --version ${chart.version} --untar -d /tmp/c && ` +
    `mv /tmp/c/${chart.chart} ${folder}`
  );
}

/**
 * `describe` for tests that render `chart`: skipped, with the reason printed once, when the chart is not in the
 * cache.
 */
export function describeWithChart(chart: RemoteChart, name: string, body: () => void): void {
  const missing = chartMissing(chart);
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  console.warn(`skipped "${name}": ${missing}`);
  describe.skip(name, body);
}

/** `helm template` of a chart folder with one values document; the rendered objects. */
export function helmTemplate(
  folder: string,
  values: string,
  options: { release?: string; namespace?: string; apiVersions?: string[] } = {},
): Manifest[] {
  const args = ["template", options.release ?? "release", folder, "--namespace", options.namespace ?? "default"];
  for (const api of options.apiVersions ?? []) args.push("--api-versions", api);
  const out = execFileSync(HELM, [...args, "--values", "-"], { input: values, encoding: "utf8" });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as Manifest)
    .filter((doc) => doc !== null && typeof doc === "object");
}

/** `describe` for tests that render several of the pinned charts: skipped, with every missing one named, if any is absent. */
export function describeWithCharts(charts: readonly RemoteChart[], name: string, body: () => void): void {
  const missing = charts.map(chartMissing).filter((reason): reason is string => reason !== undefined);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  console.warn(`skipped "${name}": ${[...new Set(missing)].join("; ")}`);
  describe.skip(name, body);
}
