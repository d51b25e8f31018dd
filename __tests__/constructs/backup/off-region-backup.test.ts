import { readFileSync } from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { parse } from "yaml";
import { OffRegionBackup, OffRegionBackupProps, RCLONE_IMAGE } from "../../../constructs/backup/off-region-backup";
import { kubernetesSchedule } from "../../../constructs/harbor/cron";
import { localChartPath } from "../../../constructs/core/local-chart";
import { buildHarborValues } from "../../../constructs/harbor/harbor-values";
import { HARBOR_VALUES_INPUT } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const DB_PASSWORD = "harbor-db-password-never-in-json";

const PROPS: OffRegionBackupProps = {
  bucketName: "harbor-prod-backup-1234abcd",
  region: "ams3",
  primaryBucketName: "harbor-prod-1234abcd",
  primaryRegion: "fra1",
  database: { host: "private-db.example.com", port: 25060, name: "registry", user: "harbor", password: DB_PASSWORD },
  namespace: "harbor-backup",
};

function synth(props: Partial<OffRegionBackupProps> = {}): { json: Json; text: string } {
  const text = Testing.synthScope((scope) => new OffRegionBackup(scope, "Backup", { ...PROPS, ...props }));
  return { json: JSON.parse(text), text };
}

function only(json: Json, type: string): Json {
  const blocks = Object.values(json.resource?.[type] ?? {}) as Json[];
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

describe("OffRegionBackup", () => {
  const { json, text } = synth();
  const bucket = only(json, "digitalocean_spaces_bucket");
  const key = only(json, "digitalocean_spaces_key");
  const release = only(json, "helm_release");
  const values = parse(release.values[0]) as Json;
  const bucketId = Object.keys(json.resource.digitalocean_spaces_bucket)[0];

  it("creates a private, versioned bucket in the backup region that is never force-destroyed", () => {
    expect(bucket).toMatchObject({
      name: PROPS.bucketName,
      region: "ams3",
      acl: "private",
      force_destroy: false,
      versioning: { enabled: true },
    });
  });

  it("expires noncurrent versions and dumps after keepDays, never current blobs", () => {
    const rules = bucket.lifecycle_rule as Json[];
    expect(rules).toEqual([
      { id: "abort-incomplete-uploads", enabled: true, abort_incomplete_multipart_upload_days: 3 },
      { id: "expire-noncurrent-versions", enabled: true, noncurrent_version_expiration: { days: 30 } },
      { id: "expire-dumps", enabled: true, prefix: "database/", expiration: { days: 30 } },
    ]);
    // Every current-object expiration is limited to the dumps: the mirrored registry tree must not age out.
    expect(rules.filter((r) => r.expiration !== undefined).map((r) => r.prefix)).toEqual(["database/"]);
    const custom = only(synth({ keepDays: 7 }).json, "digitalocean_spaces_bucket").lifecycle_rule as Json[];
    expect(custom.map((r) => r.noncurrent_version_expiration?.days ?? r.expiration?.days)).toEqual([undefined, 7, 7]);
  });

  it("protects the bucket and replaces it (refused while protected) when its name changes", () => {
    const recordId = Object.keys(json.resource.terraform_data)[0];
    expect(json.resource.terraform_data[recordId].triggers_replace).toEqual({ name: PROPS.bucketName });
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true, replace_triggered_by: [`terraform_data.${recordId}`] });
    expect(only(synth({ protect: false }).json, "digitalocean_spaces_bucket").lifecycle.prevent_destroy).toBe(false);
  });

  it("has one key that reads the primary bucket and reads and writes the backup bucket, nothing else", () => {
    expect(key.grant).toEqual([
      { bucket: PROPS.primaryBucketName, permission: "read" },
      { bucket: `\${digitalocean_spaces_bucket.${bucketId}.name}`, permission: "readwrite" },
    ]);
  });

  it("runs in its own namespace that enforces Pod Security restricted", () => {
    const ns = only(json, "kubernetes_namespace_v1");
    expect(ns.metadata.name).toBe("harbor-backup");
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(release.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.[^}]+\.metadata\[0\]\.name\}$/);
  });

  it("keeps every credential in a Secret, out of the Helm values and the JSON", () => {
    const secret = only(json, "kubernetes_secret_v1");
    const keyId = Object.keys(json.resource.digitalocean_spaces_key)[0];
    expect(secret.data).toEqual({
      SPACES_ACCESS_KEY_ID: `\${digitalocean_spaces_key.${keyId}.access_key}`,
      SPACES_SECRET_ACCESS_KEY: `\${digitalocean_spaces_key.${keyId}.secret_key}`,
      PGPASSWORD: DB_PASSWORD,
    });
    // The password appears once: in the Secret's data (a reference in real stacks), never in the values.
    expect(text.split(DB_PASSWORD)).toHaveLength(2);
    expect(release.values[0]).not.toMatch(/secret_key|access_key|PASSWORD/i);
    expect(values.credentialsSecret).toMatch(/^\$\{kubernetes_secret_v1\.[^}]+\.metadata\[0\]\.name\}$/);
  });

  it("passes the chart what it needs: schedule in Kubernetes form, pinned images, endpoints, the database", () => {
    expect(values).toMatchObject({
      schedule: "30 2 * * *",
      timeZone: "Etc/UTC",
      rcloneImage: RCLONE_IMAGE,
      primary: { bucket: PROPS.primaryBucketName, endpoint: "fra1.digitaloceanspaces.com", path: "harbor" },
      backup: { bucket: `\${digitalocean_spaces_bucket.${bucketId}.name}`, endpoint: "ams3.digitaloceanspaces.com" },
      database: { host: "private-db.example.com", port: "25060", name: "registry", user: "harbor" },
      blobs: { activeDeadlineSeconds: 21600 },
      dump: { activeDeadlineSeconds: 3600 },
    });
    expect(values.postgresImage).toMatch(/^postgres:17\.[0-9.]+-alpine@sha256:[0-9a-f]{64}$/);
    expect(release.chart).toMatch(/^registry-backup-[0-9a-f]{16}\.tgz$/); // the local chart, packed beside the stack
  });

  it("mirrors the registry tree Harbor writes to (its S3 rootdirectory)", () => {
    const harborValues = buildHarborValues(HARBOR_VALUES_INPUT) as Json;
    expect(harborValues.persistence.imageChartStorage.s3.rootdirectory).toBe(`/${values.primary.path}`);
  });
});

describe("kubernetesSchedule", () => {
  it.each([
    ["0 30 2 * * *", "30 2 * * *"],
    ["0 0 3 ? * SUN", "0 3 * * SUN"],
    ["0 */15 * * * *", "*/15 * * * *"],
  ])("turns %s into %s", (cron, expected) => {
    expect(kubernetesSchedule(cron)).toBe(expected);
  });

  it.each([
    ["30 30 2 * * *", /starts at second "30".*must be 0/],
    ["30 2 * * *", /has 5 fields/],
    ["0 61 2 * * *", /out of range for the minute/],
  ])("rejects %s", (cron, message) => {
    expect(() => kubernetesSchedule(cron)).toThrow(message);
  });
});

describe("OffRegionBackup validation", () => {
  it.each([
    [{ region: "fra1" }, /region must differ from primaryRegion \(fra1\)/],
    [{ schedule: "0 30 2 * *" }, /schedule "0 30 2 \* \*" has 5 fields/],
    [{ keepDays: 0 }, /keepDays must be a whole number >= 1, got 0/],
    [{ rcloneImage: "rclone/rclone:latest" }, /rcloneImage must be pinned by digest/],
    [{ bucketName: "Bad_Name" }, /bucketName must be 3-63 chars/],
    [{ namespace: "Harbor Backup" }, /namespace must be a Kubernetes namespace name/],
  ])("rejects %j naming the construct", (props, message) => {
    const stack = new TerraformStack(Testing.app(), "s");
    expect(() => new OffRegionBackup(stack, "Backup", { ...PROPS, ...props })).toThrow(
      new RegExp(`^s/Backup: .*${message.source}`),
    );
  });
});

describe("charts/registry-backup", () => {
  const chart = localChartPath("registry-backup");
  const read = (file: string) => readFileSync(path.join(chart, file), "utf8");

  it("bounds both jobs and never runs two at once", () => {
    for (const file of ["templates/cronjob-blobs.yaml", "templates/cronjob-database.yaml"]) {
      const template = read(file);
      expect(template).toContain('include "registry-backup.cronJobSpec"');
      expect(template).toMatch(/activeDeadlineSeconds: \{\{ required/);
    }
    expect(read("templates/_helpers.tpl")).toContain("concurrencyPolicy: Forbid");
  });

  it("dumps as the database user with TLS required, in custom format", () => {
    // The CronJob's pods and the pre-upgrade dump's share one pod template (_helpers.tpl dumpPodTemplate).
    expect(read("templates/cronjob-database.yaml")).toContain('include "registry-backup.dumpPodTemplate"');
    const template = read("templates/_helpers.tpl");
    expect(template).toContain('include "registry-backup.databaseSslEnv"');
    expect(read("files/dump.sh")).toMatch(/pg_dump --format=custom --no-password/);
    expect(template).toContain('($root.Files.Get "files/dump.sh") | quote');
  });

  it("syncs the registry tree without creating buckets", () => {
    const template = read("templates/cronjob-blobs.yaml");
    expect(template).toMatch(/- sync\s/);
    expect(template).toContain("--s3-no-check-bucket");
  });
});
