// The dump before a Harbor upgrade (issue 30), rendered by a real helm: charts/registry-backup records Harbor's chart
// version in a ConfigMap and, on an upgrade of the release that changes it, runs the CronJob's dump once as a
// pre-upgrade hook Job. `lookup` returns nothing under `helm template`, so the cases with a recorded version render a
// copy of the chart whose lookup helper returns that version instead (every other line of the chart unchanged).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { DUMP_PREFIX, upgradeDumpObjectKey } from "../../constructs/backup/off-region-backup";
import { HELM, describeWithHelm } from "../support/charts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const CHART = join(__dirname, "..", "..", "charts", "registry-backup");
const VALUES = `
schedule: "30 2 * * *"
rcloneImage: "rclone/rclone:1@sha256:${"a".repeat(64)}"
postgresImage: "postgres:17@sha256:${"b".repeat(64)}"
credentialsSecret: harbor-doks-backup
primary: { bucket: blobs, endpoint: fra1.digitaloceanspaces.com }
backup: { bucket: backup, endpoint: ams3.digitaloceanspaces.com }
database: { host: db.internal, caCertificateBase64: Zm9v }
dump: { activeDeadlineSeconds: 1800 }
`;

/** A copy of the chart whose recorded version (what `lookup` would read) is `recorded` ("" for none). */
function chartRecording(recorded: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "registry-backup-")), "registry-backup");
  cpSync(CHART, dir, { recursive: true });
  const helpers = join(dir, "templates", "_helpers.tpl");
  const text = readFileSync(helpers, "utf8");
  const lookup = /(\{\{- define "registry-backup\.previousHarborVersion" -\}\}\n)[\s\S]*?(\{\{- end \}\})/;
  expect(text).toMatch(lookup);
  writeFileSync(helpers, text.replace(lookup, `$1${recorded}\n$2`));
  return dir;
}

function render(options: { version?: string; upgrade: boolean; chart?: string }): Json[] {
  const args = ["template", "harbor-doks-backup", options.chart ?? CHART, "--namespace", "harbor-backup"];
  if (options.upgrade) args.push("--is-upgrade");
  if (options.version !== undefined) args.push("--set-string", `harborChartVersion=${options.version}`);
  const out = execFileSync(HELM, [...args, "--values", "-"], { input: VALUES, encoding: "utf8", stdio: "pipe" });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Json)
    .filter((d) => d !== null);
}

const hookJob = (docs: Json[]) => docs.find((d) => d.kind === "Job");
const versionConfigMap = (docs: Json[]) => docs.find((d) => d.metadata.name === "harbor-doks-harbor-version");
const env = (pod: Json) => pod.initContainers[0].env as { name: string; value?: string }[];

describeWithHelm("registry-backup: the dump before a Harbor upgrade", () => {
  it("install: records the version, no dump (nothing to lose yet)", () => {
    const docs = render({ version: "1.19.1", upgrade: false });
    expect(versionConfigMap(docs)?.data).toEqual({ harborChartVersion: "1.19.1" });
    expect(hookJob(docs)).toBeUndefined();
  });

  it("without harborChartVersion (OffRegionBackup alone): neither the record nor a dump, even on upgrade", () => {
    const docs = render({ upgrade: true });
    expect(versionConfigMap(docs)).toBeUndefined();
    expect(hookJob(docs)).toBeUndefined();
  });

  it("upgrade with the same version recorded: no dump (a schedule change does not dump)", () => {
    expect(hookJob(render({ version: "1.19.1", upgrade: true, chart: chartRecording("1.19.1") }))).toBeUndefined();
  });

  it("upgrade to another version: a pre-upgrade Job, one attempt, bounded, named from-to", () => {
    const docs = render({ version: "1.19.1", upgrade: true, chart: chartRecording("1.18.2") });
    const job = hookJob(docs) as Json;
    expect(job.metadata.name).toBe("harbor-doks-backup-upgrade-dump");
    expect(job.metadata.annotations).toEqual({
      "helm.sh/hook": "pre-upgrade",
      "helm.sh/hook-delete-policy": "before-hook-creation",
    });
    // A failed dump fails the Job at once (no retry that could outlast Helm's wait) and so the hook and the upgrade.
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(1800);
    expect(env(job.spec.template.spec)).toContainEqual({ name: "DUMP_LABEL", value: "1.18.2-to-1.19.1" });
    // The new version is recorded by the same upgrade, after the hook: a failed upgrade rolls it back too.
    expect(versionConfigMap(docs)?.data).toEqual({ harborChartVersion: "1.19.1" });
  });

  it("a downgrade is dumped too (the plan guard refuses it; a dump is never in the way)", () => {
    const job = hookJob(render({ version: "1.18.2", upgrade: true, chart: chartRecording("1.19.1") })) as Json;
    expect(env(job.spec.template.spec)).toContainEqual({ name: "DUMP_LABEL", value: "1.19.1-to-1.18.2" });
  });

  it("no version recorded (a release installed before this chart recorded it): dumps, from unknown", () => {
    const job = hookJob(render({ version: "1.19.1", upgrade: true })) as Json;
    expect(env(job.spec.template.spec)).toContainEqual({ name: "DUMP_LABEL", value: "unknown-to-1.19.1" });
  });

  it("the Job's pod is the CronJob's, verified TLS and credentials from the Secret included, plus its label", () => {
    const docs = render({ version: "1.19.1", upgrade: true });
    const cron = docs.find((d) => d.kind === "CronJob" && d.metadata.name === "harbor-doks-backup-database") as Json;
    const cronPod = cron.spec.jobTemplate.spec.template;
    const jobPod = (hookJob(docs) as Json).spec.template;
    const withoutLabel = structuredClone(jobPod);
    withoutLabel.spec.initContainers[0].env = env(jobPod.spec).filter((e) => e.name !== "DUMP_LABEL");
    expect(withoutLabel).toEqual(cronPod);
    expect(env(jobPod.spec)).toContainEqual({ name: "PGSSLMODE", value: "verify-ca" });
    expect(env(cronPod.spec).map((e) => e.name)).not.toContain("DUMP_LABEL");
  });

  it("a version that is not a chart version fails the render, naming the value", () => {
    expect(() => render({ version: "1.19.1; rm -rf /", upgrade: true })).toThrow(
      /harborChartVersion must be a chart version/,
    );
  });

  it("dump.sh names the file <db>-<from>-to-<to>-<UTC time>.dump (run with a stand-in pg_dump)", () => {
    const dir = mkdtempSync(join(tmpdir(), "upgrade-dump-"));
    const bin = mkdtempSync(join(tmpdir(), "upgrade-dump-bin-"));
    writeFileSync(
      join(bin, "pg_dump"),
      '#!/bin/sh\nfor a; do case "$a" in --file=*) : > "${a#--file=}";; esac; done\n',
    );
    chmodSync(join(bin, "pg_dump"), 0o755);
    const result = spawnSync("sh", [join(CHART, "files", "dump.sh")], {
      env: { PATH: `${bin}:/usr/bin:/bin`, DUMP_DIR: dir, PGDATABASE: "registry", DUMP_LABEL: "1.18.2-to-1.19.1" },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const [file] = readdirSync(dir);
    const stamp = /^registry-1\.18\.2-to-1\.19\.1-(\d{8}T\d{6}Z)\.dump$/.exec(file)?.[1];
    expect(stamp).toBeDefined();
    expect(`${DUMP_PREFIX}${file}`).toBe(upgradeDumpObjectKey("registry", "1.18.2", "1.19.1", stamp as string));
  });
});
