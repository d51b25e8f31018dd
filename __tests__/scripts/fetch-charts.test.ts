import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  HARBOR_CHART,
  PINNED_CHARTS,
  RemoteChart,
  fetchChart,
  main,
  missingChartLine,
  unpackedChartProblem,
} from "../../scripts/fetch-charts";
import { findHelm } from "../support/tools";
import { synthConfig, resources } from "../stacks/synth";

const EXAMPLE = readFileSync(join(__dirname, "..", "..", "harbor.config.example.yaml"), "utf8");

/** A folder of chart archives as `helm package` writes them: `<chart>-<version>.tgz` holding `<chart>/Chart.yaml`. */
function mirrorWith(archives: { file: string; name: string; version: string }[]): string {
  const mirror = mkdtempSync(join(tmpdir(), "chart-mirror-"));
  for (const { file, name, version } of archives) {
    const source = mkdtempSync(join(tmpdir(), "chart-source-"));
    mkdirSync(join(source, name, "templates"), { recursive: true });
    writeFileSync(join(source, name, "Chart.yaml"), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
    writeFileSync(join(source, name, "values.yaml"), "{}\n");
    execFileSync("tar", ["-czf", join(mirror, file), "-C", source, name]);
  }
  return mirror;
}

const emptyCache = () => join(mkdtempSync(join(tmpdir(), "chart-cache-")), "charts");
/** What a cache holds: its entries, partial fetches included. */
const entries = (cache: string) => (existsSync(cache) ? readdirSync(cache).sort() : []);

const HARBOR_ARCHIVE = { file: "harbor-1.19.1.tgz", name: "harbor", version: "1.19.1" };

describe("fetching the pinned charts", () => {
  test("pins exactly the remote charts the app deploys, at the versions it deploys", () => {
    const deployed = new Set<string>();
    for (const stack of Object.values(synthConfig(EXAMPLE))) {
      for (const release of Object.values(resources(stack, "helm_release"))) {
        if (typeof release.repository === "string" && release.repository.startsWith("https://")) {
          deployed.add(`${release.repository} ${release.chart} ${release.version}`);
        }
      }
    }
    const pinned = PINNED_CHARTS.map((c) => `${c.repository} ${c.chart} ${c.version}`);
    expect([...deployed].sort()).toEqual([...pinned].sort());
  });

  test("unpacks a chart from the mirror into the cache, checked, and keeps it there on the next run", () => {
    const cache = emptyCache();
    const mirror = mirrorWith([HARBOR_ARCHIVE]);
    const chart: RemoteChart = { ...HARBOR_CHART, version: "1.19.1" };
    const first = fetchChart(chart, cache, { mirror });
    expect(first).toMatchObject({ status: "fetched", folder: join(cache, "harbor-1.19.1") });
    expect(unpackedChartProblem(join(cache, "harbor-1.19.1"), chart)).toBeUndefined();
    expect(fetchChart(chart, cache, { mirror: join(mirror, "gone") }).status).toBe("cached");
    expect(entries(cache)).toEqual(["harbor-1.19.1"]);
  });

  test("refuses a mirror archive whose chart is another version or another chart, and caches nothing", () => {
    for (const wrong of [
      { ...HARBOR_ARCHIVE, version: "1.18.0" },
      { ...HARBOR_ARCHIVE, name: "harbor-fork" },
    ]) {
      const cache = emptyCache();
      const result = fetchChart(HARBOR_CHART, cache, { mirror: mirrorWith([wrong]) });
      expect(result.status).toBe("missing");
      expect(result.status === "missing" && result.reason).toMatch(
        wrong.name === "harbor" ? /is chart harbor 1\.18\.0, not harbor 1\.19\.1/ : /has no Chart\.yaml/,
      );
      expect(entries(cache)).toEqual([]);
    }
  });

  test("replaces a wrong chart someone left in the cache", () => {
    const cache = emptyCache();
    mkdirSync(join(cache, "harbor-1.19.1"), { recursive: true });
    writeFileSync(join(cache, "harbor-1.19.1", "Chart.yaml"), "name: harbor\nversion: 1.0.0\n");
    expect(fetchChart(HARBOR_CHART, cache, { mirror: mirrorWith([HARBOR_ARCHIVE]) }).status).toBe("fetched");
    expect(readFileSync(join(cache, "harbor-1.19.1", "Chart.yaml"), "utf8")).toContain("version: 1.19.1");
  });

  test("an interrupted fetch (a truncated archive, or a process killed midway) leaves no chart in the cache", () => {
    const cache = emptyCache();
    const mirror = mirrorWith([HARBOR_ARCHIVE]);
    const archive = join(mirror, HARBOR_ARCHIVE.file);
    const bytes = readFileSync(archive);
    writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(fetchChart(HARBOR_CHART, cache, { mirror }).status).toBe("missing");
    expect(entries(cache)).toEqual([]);

    // What a killed fetch leaves is a `.partial-*` folder beside the cache, never the chart's own folder: the next
    // run removes it and fetches anew.
    mkdirSync(join(cache, ".partial-harbor-x", "unpacked", "harbor"), { recursive: true });
    writeFileSync(join(cache, ".partial-harbor-x", "unpacked", "harbor", "Chart.yaml"), "name: harbor\n");
    writeFileSync(archive, bytes);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(main({ HARBOR_DOKS_CHART_CACHE: cache, HARBOR_DOKS_CHART_MIRROR: mirror })).toBe(0);
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
    expect(entries(cache)).toEqual(["harbor-1.19.1"]);
  });

  test("without network and without a mirror: one line per missing chart, and exit 1 only under CI=true", () => {
    const helm = findHelm();
    const unreachable: RemoteChart = {
      repository: "https://charts.example.invalid",
      chart: "absent",
      version: "1.0.0",
    };
    const result = fetchChart(unreachable, emptyCache(), { helm: "path" in helm ? helm.path : undefined });
    expect(result.status).toBe("missing");
    const line = missingChartLine(result as Extract<typeof result, { status: "missing" }>, "/cache");
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toMatch(/^chart absent 1\.0\.0 is not in \/cache \(.+\): run `npm run charts`/);
    expect(line).toContain("HARBOR_DOKS_CHART_MIRROR=<folder of absent-1.0.0.tgz> npm run charts");

    const written: string[] = [];
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    const emptyMirror = mkdtempSync(join(tmpdir(), "chart-mirror-"));
    try {
      const env = { HARBOR_DOKS_CHART_CACHE: emptyCache(), HARBOR_DOKS_CHART_MIRROR: emptyMirror };
      expect(main(env)).toBe(0);
      expect(written).toHaveLength(PINNED_CHARTS.length);
      for (const [i, chart] of PINNED_CHARTS.entries()) {
        expect(written[i]).toMatch(new RegExp(`^fetch-charts: chart ${chart.chart} ${chart.version} is not in .*\\n$`));
      }
      written.length = 0;
      expect(main({ ...env, CI: "true" })).toBe(1);
      expect(written.at(-1)).toMatch(/3 pinned chart\(s\) missing, and CI=true requires every chart/);
    } finally {
      stderr.mockRestore();
    }
  });
});
