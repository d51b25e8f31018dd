// Rendering the pinned remote charts (Harbor, Traefik, cert-manager) with a real helm in tests. The charts are not
// part of this repository: tests read them from a local chart cache and are skipped, with one line saying how to
// fill it, when a chart is not there (a fresh clone, or a machine without access to the chart repositories).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { findHelm, testWithTool, toolGate } from "./tools";

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
 * `describe` for tests that render `chart`: as {@link describeWithHelm} without helm; skipped, with the reason
 * printed once, when the chart is not in the cache (a machine that cannot reach the chart repositories).
 */
export function describeWithChart(chart: RemoteChart, name: string, body: () => void): void {
  describeWithCharts([chart], name, body);
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
 * One skipped test in place of the suite: its body is not run, since a body may render the missing chart while jest
 * collects the tests (a skipped describe still runs its body).
 */
function skipWithReason(name: string, reason: string): void {
  console.warn(`skipped "${name}": ${reason}`);
  describe(name, () => test.skip(reason, () => {}));
}

/** What decides a render besides the chart: release, namespace, extra API versions. */
export interface RenderOptions {
  readonly release?: string;
  readonly namespace?: string;
  readonly apiVersions?: readonly string[];
}

/**
 * Where renders are kept between runs (decided in global-setup.js; `off` under CI=true, so CI always runs helm). A
 * render is keyed by everything that decides it (the helm binary, every file of the chart, the values, the
 * options), so a change to any of them renders anew.
 */
const RENDER_CACHE = process.env.HARBOR_DOKS_RENDER_CACHE ?? "off";

/** Digest of a chart folder's files (names and contents) or of a chart archive's bytes, once per process. */
const chartDigests = new Map<string, string>();
function chartDigest(chart: string): string {
  let digest = chartDigests.get(chart);
  if (digest === undefined) {
    const hash = createHash("sha256");
    const add = (file: string, name: string) => {
      if (statSync(file).isDirectory()) {
        for (const entry of readdirSync(file).sort()) add(join(file, entry), `${name}/${entry}`);
      } else {
        hash.update(`${name}\0`).update(readFileSync(file)).update("\0");
      }
    };
    add(chart, "");
    digest = hash.digest("hex");
    chartDigests.set(chart, digest);
  }
  return digest;
}

/**
 * `compute()` for a render, or what it gave for the same render before (`kind` tells the forms of one render apart).
 * Failures are not kept: they are few, and their message should come from helm every time.
 */
function keptRender(
  kind: string,
  chart: string,
  values: string,
  options: RenderOptions,
  compute: () => string,
): string {
  if (RENDER_CACHE === "off") return compute();
  const helmBinary = statSync(HELM, { throwIfNoEntry: false });
  const key = createHash("sha256")
    .update(JSON.stringify([HELM, helmBinary?.size, helmBinary?.mtimeMs, chartDigest(chart), values, { ...options }]))
    .digest("hex");
  const file = join(RENDER_CACHE, key.slice(0, 2), `${key}.${kind}`);
  if (existsSync(file)) {
    // Read now: the teardown drops what no run has read for a week.
    utimesSync(file, new Date(), new Date());
    return readFileSync(file, "utf8");
  }
  const out = compute();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, out);
  renameSync(partial, file);
  return out;
}

/** `helm template` of a chart (a folder or an archive) with one values document: its output. */
export function helmTemplateText(chart: string, values: string, options: RenderOptions = {}): string {
  const args = ["template", options.release ?? "release", chart, "--namespace", options.namespace ?? "default"];
  for (const api of options.apiVersions ?? []) args.push("--api-versions", api);
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
export function describeWithCharts(charts: readonly RemoteChart[], name: string, body: () => void): void {
  if ("missing" in helm) {
    describeWithHelm(name, body);
    return;
  }
  const missing = charts.map(chartMissing).filter((reason): reason is string => reason !== undefined);
  if (missing.length === 0) describe(name, body);
  else skipWithReason(name, [...new Set(missing)].join("; "));
}
