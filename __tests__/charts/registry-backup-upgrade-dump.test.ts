// The dump before a Harbor upgrade (issue 30), rendered by a real helm: charts/registry-backup records Harbor's chart
// version in a ConfigMap and, on an upgrade of the release that changes it, runs the CronJob's dump once as a
// pre-upgrade hook Job. `lookup` returns nothing under `helm template`, so the cases with a recorded version render a
// copy of the chart whose lookup helper returns that version instead (registryBackupRecording, support/charts.ts).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DUMP_PREFIX, upgradeDumpObjectKey } from "../../constructs/backup/off-region-backup";
import { REGISTRY_ROOT } from "../../constructs/harbor/harbor-values";
import { describeWithHelm, helmTemplate, registryBackupRecording } from "../support/charts";

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

/**
 * The values UpgradeDump gives the chart (an instance without an off-region backup): only the dump, into Harbor's own
 * bucket, in Harbor's namespace.
 */
const DUMP_ONLY_VALUES = `
upgradeDumpOnly: true
rcloneImage: "rclone/rclone:1@sha256:${"a".repeat(64)}"
postgresImage: "postgres:17@sha256:${"b".repeat(64)}"
credentialsSecret: harbor-doks-dump
backup: { bucket: prod-registry-blobs, endpoint: fra1.digitaloceanspaces.com }
database: { host: db.internal, caCertificateBase64: Zm9v, sslMode: verify-full }
dump: { activeDeadlineSeconds: 1800 }
`;

function render(options: {
  version?: string;
  upgrade: boolean;
  chart?: string;
  values?: string;
  release?: string;
  namespace?: string;
}): Json[] {
  return helmTemplate(options.chart ?? CHART, options.values ?? VALUES, {
    release: options.release ?? "harbor-doks-backup",
    namespace: options.namespace ?? "harbor-backup",
    isUpgrade: options.upgrade,
    setString: options.version === undefined ? {} : { harborChartVersion: options.version },
  });
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
    expect(
      hookJob(render({ version: "1.19.1", upgrade: true, chart: registryBackupRecording("1.19.1") })),
    ).toBeUndefined();
  });

  it("upgrade to another version: a pre-upgrade Job, one attempt, bounded, named from-to", () => {
    const docs = render({ version: "1.19.1", upgrade: true, chart: registryBackupRecording("1.18.2") });
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
    const job = hookJob(render({ version: "1.18.2", upgrade: true, chart: registryBackupRecording("1.19.1") })) as Json;
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

describeWithHelm("registry-backup upgradeDumpOnly: the dump before an upgrade without an off-region backup", () => {
  const dumpOnly = (options: { version?: string; upgrade: boolean; chart?: string }) =>
    render({ ...options, values: DUMP_ONLY_VALUES, release: "harbor-doks-dump", namespace: "harbor" });
  const upgraded = dumpOnly({ version: "1.19.1", upgrade: true, chart: registryBackupRecording("1.18.2") });
  const job = hookJob(upgraded) as Json;
  const pod = job.spec.template.spec as Json;
  const upload = pod.containers[0] as Json;

  it("renders only the dump's pieces: the version and CA ConfigMaps and the hook Job; no CronJob, no NetworkPolicy", () => {
    expect(upgraded.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      "ConfigMap/harbor-doks-dump-database-ca",
      "ConfigMap/harbor-doks-harbor-version",
      "Job/harbor-doks-dump-upgrade-dump",
    ]);
    // In Harbor's namespace, whose own chart (harbor-namespace) already has a NetworkPolicy named default-deny-ingress.
    expect(upgraded.some((d) => d.kind === "NetworkPolicy")).toBe(false);
  });

  it("install records the version and dumps nothing; the same version recorded dumps nothing either", () => {
    const installed = dumpOnly({ version: "1.19.1", upgrade: false });
    expect(installed.map((d) => d.kind).sort()).toEqual(["ConfigMap", "ConfigMap"]);
    expect(versionConfigMap(installed)?.data).toEqual({ harborChartVersion: "1.19.1" });
    expect(
      hookJob(dumpOnly({ version: "1.19.1", upgrade: true, chart: registryBackupRecording("1.19.1") })),
    ).toBeUndefined();
  });

  it("a version change: the pre-upgrade Job, one attempt, bounded, named from-to", () => {
    expect(job.metadata.annotations["helm.sh/hook"]).toBe("pre-upgrade");
    expect([job.spec.backoffLimit, job.spec.activeDeadlineSeconds]).toEqual([0, 1800]);
    expect(env(pod)).toContainEqual({ name: "DUMP_LABEL", value: "1.18.2-to-1.19.1" });
  });

  it("uploads into Harbor's bucket under database/, beside Harbor's registry tree, with the backup remote only", () => {
    const uploadEnv = Object.fromEntries((upload.env as Json[]).map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(upload.args.slice(0, 3)).toEqual(["copy", "/work", `backup:$(BACKUP_BUCKET)/${DUMP_PREFIX.slice(0, -1)}`]);
    expect(uploadEnv.BACKUP_BUCKET).toBe("prod-registry-blobs");
    expect(uploadEnv.RCLONE_CONFIG_BACKUP_ENDPOINT).toBe("fra1.digitaloceanspaces.com");
    // No second remote, no second bucket: the dump reads nothing from a bucket.
    expect(Object.keys(uploadEnv).filter((name) => /PRIMARY/.test(name))).toEqual([]);
    // Harbor's registry keeps everything under /<REGISTRY_ROOT>; the dumps' prefix is another top-level folder.
    expect(DUMP_PREFIX.split("/")[0]).not.toBe(REGISTRY_ROOT);
    expect(`${DUMP_PREFIX}x`.startsWith(`${REGISTRY_ROOT}/`)).toBe(false);
  });

  it("verifies the server with the values' sslMode (verify-full) against the CA ConfigMap", () => {
    expect(env(pod)).toContainEqual({ name: "PGSSLMODE", value: "verify-full" });
    expect(env(pod)).toContainEqual({ name: "PGSSLROOTCERT", value: "/etc/harbor-doks/database-ca/ca.crt" });
    expect(pod.volumes).toContainEqual({ name: "database-ca", configMap: { name: "harbor-doks-dump-database-ca" } });
  });

  it("every credential comes from the Secret; no value of the render is one", () => {
    const containers = [...pod.initContainers, ...pod.containers] as Json[];
    const credentials = containers.flatMap((c) =>
      (c.env as Json[]).filter((e) => /PASSWORD|SECRET|ACCESS_KEY/.test(e.name)),
    );
    expect(credentials.map((e) => e.name).sort()).toEqual([
      "PGPASSWORD",
      "RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID",
      "RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY",
    ]);
    for (const entry of credentials) {
      expect(entry).toEqual({
        name: entry.name,
        valueFrom: { secretKeyRef: { name: "harbor-doks-dump", key: expect.any(String) } },
      });
    }
  });

  it("refuses to render without a version (it would never dump), and a version that is not one", () => {
    expect(() => dumpOnly({ upgrade: true })).toThrow(/upgradeDumpOnly needs harborChartVersion/);
    expect(() => dumpOnly({ version: "1.19.1\nkind: Secret", upgrade: true })).toThrow(
      /harborChartVersion must be a chart version/,
    );
  });

  it("full mode (an off-region backup) is unchanged: both CronJobs, the NetworkPolicy, both remotes", () => {
    const full = render({ version: "1.19.1", upgrade: false });
    expect(full.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      "ConfigMap/harbor-doks-backup-database-ca",
      "ConfigMap/harbor-doks-harbor-version",
      "CronJob/harbor-doks-backup-blobs",
      "CronJob/harbor-doks-backup-database",
      "NetworkPolicy/default-deny-ingress",
    ]);
    const blobs = full.find((d) => d.metadata.name === "harbor-doks-backup-blobs") as Json;
    const names = (blobs.spec.jobTemplate.spec.template.spec.containers[0].env as Json[]).map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(["PRIMARY_BUCKET", "RCLONE_CONFIG_PRIMARY_ENDPOINT", "BACKUP_BUCKET"]),
    );
  });
});
