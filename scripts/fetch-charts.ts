/**
 * Puts the pinned remote charts (Harbor, Traefik, cert-manager) into the chart cache the render tests read
 * (`__tests__/support/charts.ts`), unpacked as `<cache>/<chart>-<version>/`.
 *
 *   npm run charts        (npm test's pretest runs it too)
 *
 * Each chart comes from `$HARBOR_DOKS_CHART_MIRROR/<chart>-<version>.tgz` when that variable names a folder of chart
 * archives (no network), else from its chart repository with helm (`helm pull --repo`). It is unpacked beside the
 * cache, its Chart.yaml checked (name and version the pinned ones), and only then renamed into place, so an
 * interrupted or wrong fetch never leaves a chart in the cache. A chart already in the cache is checked the same way
 * and kept. What cannot be had is one line on stderr; the exit status is 1 when a chart is missing and CI=true.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { DEFAULT_HARBOR_CHART_VERSION, HARBOR_CHART_REPOSITORY } from "../constructs/harbor/chart";
import { CERT_MANAGER_CHART, TRAEFIK_CHART } from "../constructs/ingress/platform-values";

/** A pinned remote chart: how `helm pull` names it. */
export interface RemoteChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

export const HARBOR_CHART: RemoteChart = {
  repository: HARBOR_CHART_REPOSITORY,
  chart: "harbor",
  version: DEFAULT_HARBOR_CHART_VERSION,
};

/** Every remote chart the project deploys, at the version it deploys: the constants the constructs pin. */
export const PINNED_CHARTS: readonly RemoteChart[] = [HARBOR_CHART, TRAEFIK_CHART, CERT_MANAGER_CHART];

/** The environment variable naming a folder of chart archives to fetch from instead of the chart repositories. */
export const MIRROR_ENV = "HARBOR_DOKS_CHART_MIRROR";

/** `$HARBOR_DOKS_CHART_CACHE`, else `~/.cache/harbor-doks/charts`. */
export function chartCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.HARBOR_DOKS_CHART_CACHE || join(homedir(), ".cache", "harbor-doks", "charts");
}

/** Folder of a chart in a cache (`<chart>-<version>`). */
export function chartFolderIn(cache: string, chart: RemoteChart): string {
  return join(cache, `${chart.chart}-${chart.version}`);
}

/** The command that fetches the charts on a fresh machine, for messages. */
export const FETCH_COMMAND = "npm run charts";

/** Why the unpacked chart in `folder` is not `chart` (one line), or undefined when it is. */
export function unpackedChartProblem(folder: string, chart: RemoteChart): string | undefined {
  const file = join(folder, "Chart.yaml");
  if (!existsSync(file)) return "has no Chart.yaml";
  let meta: unknown;
  try {
    meta = parse(readFileSync(file, "utf8"));
  } catch (error) {
    return `has a Chart.yaml that is not YAML (${(error as Error).message.split("\n")[0]})`;
  }
  const { name, version } = (meta ?? {}) as { name?: unknown; version?: unknown };
  if (name !== chart.chart || String(version) !== chart.version) {
    return `is chart ${String(name)} ${String(version)}, not ${chart.chart} ${chart.version}`;
  }
  return undefined;
}

/** How a chart archive is had: from a mirror folder, or pulled from the chart repository by helm. */
export interface FetchSource {
  /** Folder of `<chart>-<version>.tgz` archives; undefined to pull from the chart repositories. */
  readonly mirror?: string;
  /** The helm binary that pulls (needed only without a mirror). */
  readonly helm?: string;
}

/** What happened to one chart. */
export type FetchResult =
  | { readonly chart: RemoteChart; readonly status: "cached" | "fetched"; readonly folder: string }
  | { readonly chart: RemoteChart; readonly status: "missing"; readonly reason: string };

/** The message of a failed command: its own first line of output, not Node's wrapper. */
function commandError(error: unknown): string {
  const { stderr, message } = error as { stderr?: Buffer | string; message: string };
  const text = stderr?.toString().trim() || message;
  return text.split("\n")[0].replace(/^Error: /, "");
}

/** The archive of `chart` in `work`, from the mirror or pulled by helm. */
function archiveOf(chart: RemoteChart, source: FetchSource, work: string): string {
  if (source.mirror !== undefined) {
    const archive = join(source.mirror, `${chart.chart}-${chart.version}.tgz`);
    if (!existsSync(archive)) throw new Error(`${archive} does not exist (${MIRROR_ENV}=${source.mirror})`);
    return archive;
  }
  if (source.helm === undefined) throw new Error("helm 3 is not installed (npm test's pretest installs it)");
  const pulled = join(work, "pulled");
  mkdirSync(pulled);
  execFileSync(
    source.helm,
    ["pull", chart.chart, "--repo", chart.repository, "--version", chart.version, "--destination", pulled],
    { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 },
  );
  const [archive] = readdirSync(pulled);
  if (archive === undefined) throw new Error("helm pull wrote no archive");
  return join(pulled, archive);
}

/**
 * Makes sure `chart` is unpacked and checked in `cache`: kept when it is there and right; otherwise fetched into a
 * folder beside it (`.partial-*`), checked, and renamed into place. A wrong chart already in the cache is replaced.
 */
export function fetchChart(chart: RemoteChart, cache: string, source: FetchSource): FetchResult {
  const folder = chartFolderIn(cache, chart);
  if (existsSync(folder) && unpackedChartProblem(folder, chart) === undefined) {
    return { chart, status: "cached", folder };
  }
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `.partial-${chart.chart}-`));
  try {
    const archive = archiveOf(chart, source, work);
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", archive, "-C", unpacked], { stdio: ["ignore", "pipe", "pipe"] });
    // `helm package` and `helm pull` archives hold one top folder named after the chart.
    const top = join(unpacked, chart.chart);
    const problem = unpackedChartProblem(top, chart);
    if (problem !== undefined) throw new Error(`the archive ${archive} ${problem}`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(top, folder);
    return { chart, status: "fetched", folder };
  } catch (error) {
    return { chart, status: "missing", reason: commandError(error) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Removes what fetches that were killed midway left beside the cache. */
export function removePartialFetches(cache: string): void {
  if (!existsSync(cache)) return;
  for (const entry of readdirSync(cache)) {
    if (entry.startsWith(".partial-")) rmSync(join(cache, entry), { recursive: true, force: true });
  }
}

/** The commands that put `chart` into the cache, with network and offline. */
export function fetchHint(chart: RemoteChart): string {
  return (
    `run \`${FETCH_COMMAND}\` ` +
    `(offline: \`${MIRROR_ENV}=<folder of ${chart.chart}-${chart.version}.tgz> ${FETCH_COMMAND}\`)`
  );
}

/** The one line for a chart that could not be had: what is missing, why, and the command that fixes it. */
export function missingChartLine(result: FetchResult & { status: "missing" }, cache: string): string {
  const { chart } = result;
  return `chart ${chart.chart} ${chart.version} is not in ${cache} (${result.reason}): ${fetchHint(chart)}`;
}

/** Fetches every pinned chart; returns the exit status (1 when a chart is missing under CI=true). */
export function main(env: NodeJS.ProcessEnv = process.env, helm?: string): number {
  const cache = chartCache(env);
  removePartialFetches(cache);
  const mirror = env[MIRROR_ENV] || undefined;
  const results = PINNED_CHARTS.map((chart) => fetchChart(chart, cache, { mirror, helm }));
  let missing = 0;
  for (const result of results) {
    if (result.status === "missing") {
      missing += 1;
      process.stderr.write(`fetch-charts: ${missingChartLine(result, cache)}\n`);
    } else if (result.status === "fetched") {
      process.stdout.write(`fetch-charts: ${result.chart.chart} ${result.chart.version} -> ${result.folder}\n`);
    }
  }
  if (missing > 0 && env.CI === "true") {
    process.stderr.write(`fetch-charts: ${missing} pinned chart(s) missing, and CI=true requires every chart\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  const helmPath = join(__dirname, "..", ".build", "helm", "helm");
  process.exitCode = main(process.env, existsSync(helmPath) ? helmPath : "helm");
}
