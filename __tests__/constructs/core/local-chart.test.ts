import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { packChart } from "../../../constructs/core/chart-archive";
import { LocalChart, localChartPath } from "../../../constructs/core/local-chart";
import { helmTemplateText } from "../../support/charts";
import { StackJson, synthConfig } from "../../stacks/synth";
import { findHelm, testWithTool, toolGate } from "../../support/tools";

const CHARTS = ["harbor-namespace", "postgres-grant", "registry-backup"];
const withHelm = testWithTool(toolGate(findHelm()), "local-chart.test.ts");

/** A copy of one of the package's charts in a scratch folder, to change. */
function chartCopy(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "chart-copy-")), name);
  cpSync(localChartPath(name), dir, { recursive: true });
  return dir;
}

function unpack(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "chart-unpacked-"));
  writeFileSync(join(dir, "chart.tgz"), bytes);
  execFileSync("tar", ["-xzf", "chart.tgz"], { cwd: dir });
  return dir;
}

/** Every file below `dir`, relative, with its content. */
function files(dir: string, prefix = ""): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(found, files(dir, relative));
    else found[relative] = readFileSync(join(dir, relative), "utf8");
  }
  return found;
}

describe("packChart", () => {
  it.each(CHARTS)("packs every file of %s, and only those, under the chart's name, as tar reads it", (name) => {
    const unpacked = unpack(packChart(localChartPath(name)).bytes);
    expect(readdirSync(unpacked).sort()).toEqual(["chart.tgz", name]);
    expect(files(join(unpacked, name))).toEqual(files(localChartPath(name)));
  });

  it("gives the same bytes and name for the same files, wherever and whenever they were written", () => {
    const copy = chartCopy("postgres-grant");
    // New times and modes on the copy: neither may reach the archive.
    execFileSync("touch", ["-d", "2001-01-01", join(copy, "Chart.yaml")]);
    execFileSync("chmod", ["600", join(copy, "values.yaml")]);
    const original = packChart(localChartPath("postgres-grant"));
    const again = packChart(copy);
    expect(again.fileName).toBe(original.fileName);
    expect(again.bytes.equals(original.bytes)).toBe(true);
    expect(original.fileName).toMatch(/^postgres-grant-[0-9a-f]{16}\.tgz$/);
  });

  it("names the archive anew when a file changes, is added, or is removed", () => {
    const base = packChart(localChartPath("harbor-namespace")).fileName;
    const changed = chartCopy("harbor-namespace");
    writeFileSync(join(changed, "values.yaml"), `${readFileSync(join(changed, "values.yaml"), "utf8")}# more\n`);
    const added = chartCopy("harbor-namespace");
    writeFileSync(join(added, "templates", "extra.yaml"), "");
    const names = [base, packChart(changed).fileName, packChart(added).fileName];
    expect(new Set(names).size).toBe(3);
  });

  it("refuses a file name ustar cannot hold, naming it", () => {
    const copy = chartCopy("postgres-grant");
    mkdirSync(join(copy, "templates", "d".repeat(60)));
    writeFileSync(join(copy, "templates", "d".repeat(60), `${"f".repeat(30)}.yaml`), "");
    expect(() => packChart(copy)).toThrow(/chart file name postgres-grant\/templates\/d{60}\/f{30}\.yaml is longer/);
  });

  // The values each chart's release gets in a synthesized instance with a backup.
  const stack = Object.values(
    synthConfig(`instances:
  - name: one
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    backup: { region: ams3 }
`),
  ).find((json) => json.resource?.helm_release !== undefined) as StackJson;
  const releases = Object.values(stack.resource.helm_release) as StackJson[];

  withHelm.each(CHARTS)(
    "%s renders from its archive exactly as from its folder, with the values synth gives it",
    (name) => {
      const release = releases.find((r) => typeof r.chart === "string" && r.chart.startsWith(`${name}-`));
      expect(release?.chart).toBe(packChart(localChartPath(name)).fileName);
      const archive = join(mkdtempSync(join(tmpdir(), "chart-archive-")), packChart(localChartPath(name)).fileName);
      writeFileSync(archive, packChart(localChartPath(name)).bytes);
      const render = (chart: string) =>
        helmTemplateText(chart, release?.values[0] as string, { release: "r", namespace: "n" });
      expect(render(archive)).toBe(render(localChartPath(name)));
      expect(render(archive)).toContain("kind:");
    },
  );
});

describe("LocalChart", () => {
  function synth(outdir: string): string {
    const app = Testing.app({ outdir } as Parameters<typeof Testing.app>[0]);
    const stack = new TerraformStack(app, "s");
    new HelmProvider(stack, "Helm", {});
    const chart = new LocalChart(stack, "Chart", { name: "postgres-grant" });
    new Release(stack, "Release", { name: "r", chart: chart.path });
    app.synth();
    return chart.path;
  }

  it("writes one archive beside the stack and names it in the release's chart, relative to the stack", () => {
    const outdir = mkdtempSync(join(tmpdir(), "local-chart-"));
    const path = synth(outdir);
    const stackDir = join(outdir, "stacks", "s");
    expect(readdirSync(stackDir).sort()).toEqual([path, "cdk.tf.json"].sort());
    const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    expect(json.resource.helm_release.Release.chart).toBe(path);
    expect(readFileSync(join(stackDir, path)).equals(packChart(localChartPath("postgres-grant")).bytes)).toBe(true);
  });

  it("removes an older archive of the same chart and leaves every other file alone", () => {
    const outdir = mkdtempSync(join(tmpdir(), "local-chart-"));
    const stackDir = join(outdir, "stacks", "s");
    mkdirSync(stackDir, { recursive: true });
    for (const file of ["postgres-grant-0123456789abcdef.tgz", "harbor-namespace-0123456789abcdef.tgz", "notes"]) {
      writeFileSync(join(stackDir, file), "");
    }
    const path = synth(outdir);
    expect(existsSync(join(stackDir, "postgres-grant-0123456789abcdef.tgz"))).toBe(false);
    expect(readdirSync(stackDir).sort()).toEqual(
      ["harbor-namespace-0123456789abcdef.tgz", "notes", path, "cdk.tf.json"].sort(),
    );
  });
});
