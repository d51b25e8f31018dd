// The dump before a Harbor upgrade (issue 30), through OffRegionBackup, UpgradeDump and HarborOnDoks: a change of
// Harbor's chart version changes the values of the release that dumps (the backup release, or without a backup the
// dump release), which runs the chart's pre-upgrade dump (rendered in
// __tests__/charts/registry-backup-upgrade-dump.test.ts, run in __tests__/charts/upgrade-dump-run.test.ts), and
// Harbor's release, which depends on that release: the dump first, then Harbor's upgrade, and none when the dump
// failed. The refused jump and downgrade are scripts/check-plan.js's (__tests__/scripts/upgrade-guard.test.ts).
import { TerraformStack, Testing } from "cdktf";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  OffRegionBackup,
  OffRegionBackupProps,
  upgradeDumpObjectKey,
} from "../../../constructs/backup/off-region-backup";
import { HarborOnDoks, HarborOnDoksProps } from "../../../constructs/compose/harbor-on-doks";
import { DEFAULT_HARBOR_CHART_VERSION } from "../../../constructs/harbor/chart";
import { validationError } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const PROPS: HarborOnDoksProps = {
  name: "prod",
  region: "fra1",
  hostname: "registry.example.com",
  clusterName: "prod-doks",
  bucketName: "prod-registry-blobs",
  backup: { bucketName: "prod-backup", region: "ams3" },
};

function synth(props: Partial<HarborOnDoksProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), "s");
  new HarborOnDoks(stack, "Registry", { ...PROPS, ...props });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const releases = (json: Json) => json.resource.helm_release as Record<string, Json>;
const releaseId = (json: Json, name: string) =>
  Object.keys(releases(json)).find((id) => releases(json)[id].name === name) as string;
const backupValues = (json: Json) => parse(releases(json)[releaseId(json, "harbor-doks-backup")].values[0]) as Json;

/** Every path where two JSON values differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Json)[k], (b as Json)[k], `${path}/${k}`));
  }
  return a === b ? [] : [path];
}

describe("HarborOnDoks with a backup: the dump before Harbor changes version", () => {
  const before = synth({ chartVersion: "1.18.2" });
  const after = synth({ chartVersion: "1.19.1" });
  const harbor = releaseId(after, "harbor");
  const backup = releaseId(after, "harbor-doks-backup");

  it("a version bump changes only Harbor's version and the version in the backup release's values", () => {
    expect(differences(before.resource, after.resource)).toEqual([
      `/helm_release/${harbor}/version`,
      `/helm_release/${backup}/values/0`,
    ]);
    expect(backupValues(before).harborChartVersion).toBe("1.18.2");
    expect(backupValues(after).harborChartVersion).toBe("1.19.1");
    expect(
      differences(
        { ...backupValues(before), harborChartVersion: "" },
        { ...backupValues(after), harborChartVersion: "" },
      ),
    ).toEqual([]);
  });

  it("Harbor's release depends on the backup release: the dump (its pre-upgrade hook) first, then the upgrade", () => {
    expect(releases(after)[harbor].depends_on).toContain(`helm_release.${backup}`);
    // No cycle: the backup release waits for nothing of Harbor's.
    expect(JSON.stringify(releases(after)[backup].depends_on ?? [])).not.toContain(harbor);
  });

  it("a failed dump stops the upgrade: atomic, waited for past the Job's deadline, so Harbor's release does not start", () => {
    const release = releases(after)[backup];
    expect(release).toMatchObject({ atomic: true, wait: true });
    // Helm waits for a pre-upgrade hook within the release's timeout: longer than the Job's own deadline (3600 s).
    expect(release.timeout).toBeGreaterThan(backupValues(after).dump.activeDeadlineSeconds);
    // A failed Job is not retried (charts test): one failed attempt fails the hook, the upgrade, and this apply.
  });

  it("without a chartVersion, the default version is recorded", () => {
    expect(backupValues(synth()).harborChartVersion).toBe(DEFAULT_HARBOR_CHART_VERSION);
  });

  it("destroy: Harbor's release goes before the backup release, and the dump adds nothing protected", () => {
    // Reverse dependency order: Harbor first, then the backup release with its version ConfigMap (the hook Job is
    // deleted by Helm before each new run, before-hook-creation). What protect guards is unchanged: the buckets.
    const json = synth({ chartVersion: "1.19.1", protect: true });
    expect(releases(json)[releaseId(json, "harbor")].depends_on).toContain(
      `helm_release.${releaseId(json, "harbor-doks-backup")}`,
    );
    expect(releases(json)[releaseId(json, "harbor-doks-backup")].lifecycle?.prevent_destroy).toBeUndefined();
    const unprotected = synth({ chartVersion: "1.19.1", protect: true, backup: undefined });
    const protectedTypes = (j: Json) =>
      Object.entries(j.resource as Record<string, Record<string, Json>>)
        .filter(([, byId]) => Object.values(byId).some((r) => r.lifecycle?.prevent_destroy === true))
        .map(([type]) => type)
        .sort();
    // With a backup, no kind of resource is protected that is not without one (its bucket is a bucket like Harbor's).
    expect(protectedTypes(json).filter((t) => !protectedTypes(unprotected).includes(t))).toEqual([]);
  });
});

describe("HarborOnDoks without a backup: the dump into Harbor's own bucket", () => {
  const before = synth({ backup: undefined, chartVersion: "1.18.2" });
  const after = synth({ backup: undefined, chartVersion: "1.19.1" });
  const harbor = releaseId(after, "harbor");
  const dump = releaseId(after, "harbor-doks-dump");
  const dumpValues = (json: Json) => parse(releases(json)[releaseId(json, "harbor-doks-dump")].values[0]) as Json;
  const only = (json: Json, type: string) => Object.entries(json.resource[type] as Record<string, Json>);

  it("a dump release in Harbor's namespace writes into the registry bucket, with Harbor's version", () => {
    expect(dump).toBeDefined();
    const release = releases(after)[dump];
    const [[bucketId]] = only(after, "digitalocean_spaces_bucket");
    // Harbor's namespace, through its namespace objects' release (created after the namespace and its policies).
    expect(release.namespace).toMatch(/^\$\{helm_release\.Registry_Harbor_NamespaceObjects_Release_\w+\.namespace\}$/);
    expect(dumpValues(after)).toMatchObject({
      upgradeDumpOnly: true,
      harborChartVersion: "1.19.1",
      backup: { bucket: `\${digitalocean_spaces_bucket.${bucketId}.name}`, endpoint: "fra1.digitaloceanspaces.com" },
      database: { sslMode: "verify-ca", caCertificateBase64: expect.stringContaining("base64encode") },
    });
    expect(dumpValues(after).schedule).toBeUndefined();
    expect(dumpValues(after).primary).toBeUndefined();
  });

  it("its Secret holds Harbor's bucket-scoped key and the database password, as references; the values hold none", () => {
    const secrets = only(after, "kubernetes_secret_v1").filter(([, s]) => s.metadata.name === "harbor-doks-dump");
    expect(secrets).toHaveLength(1);
    const [[, secret]] = secrets;
    const [[keyId]] = only(after, "digitalocean_spaces_key");
    expect(secret.data).toEqual({
      SPACES_ACCESS_KEY_ID: `\${digitalocean_spaces_key.${keyId}.access_key}`,
      SPACES_SECRET_ACCESS_KEY: `\${digitalocean_spaces_key.${keyId}.secret_key}`,
      PGPASSWORD: expect.stringMatching(/^\$\{digitalocean_database_user\.\w+\.password\}$/),
    });
    expect(releases(after)[dump].values[0]).not.toMatch(/access_key|secret_key|password/);
  });

  it("Harbor's release depends on it: the dump first, then the upgrade; no cycle", () => {
    expect(releases(after)[harbor].depends_on).toContain(`helm_release.${dump}`);
    expect(JSON.stringify(releases(after)[dump].depends_on ?? [])).not.toContain(harbor);
    expect(releases(after)[dump].depends_on).toEqual([expect.stringMatching(/^digitalocean_database_firewall\./)]);
  });

  it("a version bump changes only Harbor's version and the version in the dump release's values", () => {
    expect(differences(before.resource, after.resource)).toEqual([
      `/helm_release/${harbor}/version`,
      `/helm_release/${dump}/values/0`,
    ]);
    expect([dumpValues(before).harborChartVersion, dumpValues(after).harborChartVersion]).toEqual(["1.18.2", "1.19.1"]);
  });

  it("adding a backup later: the dump release and its Secret go (destroyed), the backup release takes the dump", () => {
    const withBackup = synth({ chartVersion: "1.19.1" });
    expect(releaseId(withBackup, "harbor-doks-dump")).toBeUndefined();
    expect(JSON.stringify(withBackup.resource.kubernetes_secret_v1)).not.toContain('"harbor-doks-dump"');
    const backup = releaseId(withBackup, "harbor-doks-backup");
    expect(releases(withBackup)[releaseId(withBackup, "harbor")].depends_on).toContain(`helm_release.${backup}`);
    // Neither release carries prevent_destroy: Terraform uninstalls the dump release (Helm deletes its ConfigMaps;
    // the dumps stay in Harbor's bucket). The new backup release is an install, which dumps nothing: the plan guard
    // refuses a version change in that same plan (__tests__/scripts/upgrade-guard.test.ts).
    expect(releases(after)[dump].lifecycle?.prevent_destroy).toBeUndefined();
    // And back: removing the backup brings the dump release again.
    expect(releaseId(synth({ backup: undefined }), "harbor-doks-dump")).toBeDefined();
  });

  it("destroy: Harbor's release before the dump release; the dump adds nothing protected", () => {
    const protectedAddresses = (json: Json) =>
      Object.entries(json.resource as Record<string, Record<string, Json>>).flatMap(([type, byId]) =>
        Object.entries(byId)
          .filter(([, r]) => r.lifecycle?.prevent_destroy === true)
          .map(([id]) => `${type}.${id}`),
      );
    expect(protectedAddresses(after)).toEqual(protectedAddresses(synth({ backup: undefined, upgradeDump: false })));
  });

  it("upgradeDump: false: no dump release, and Harbor's release waits for none (with a backup too)", () => {
    const off = synth({ backup: undefined, upgradeDump: false });
    expect(releaseId(off, "harbor-doks-dump")).toBeUndefined();
    expect(JSON.stringify(releases(off)[releaseId(off, "harbor")].depends_on)).not.toMatch(/Dump|Backup/);
    const offWithBackup = synth({ upgradeDump: false });
    expect(backupValues(offWithBackup).harborChartVersion).toBeUndefined();
    expect(JSON.stringify(releases(offWithBackup)[releaseId(offWithBackup, "harbor")].depends_on)).not.toContain(
      "OffRegionBackup",
    );
  });

  it("an existing namespace: the dump goes there too, and the database cluster's firewall is not waited for", () => {
    const json = synth({
      backup: undefined,
      createNamespace: false,
      postgres: { existingClusterName: "shared-pg" },
    });
    const release = releases(json)[releaseId(json, "harbor-doks-dump")];
    expect(release.namespace).toMatch(/NamespaceObjects_Release/);
    expect(release.depends_on ?? []).toEqual([]);
  });
});

describe("OffRegionBackup harborChartVersion", () => {
  const BACKUP: OffRegionBackupProps = {
    bucketName: "harbor-prod-backup-1234abcd",
    region: "ams3",
    primaryBucketName: "harbor-prod-1234abcd",
    primaryRegion: "fra1",
    database: { host: "db.example.com", port: 25060, name: "registry", user: "harbor", password: "p" },
    namespace: "harbor-backup",
  };
  const release = (props: Partial<OffRegionBackupProps>) => {
    const json = JSON.parse(
      Testing.synthScope((scope) => new OffRegionBackup(scope, "Backup", { ...BACKUP, ...props })),
    ) as Json;
    return Object.values(json.resource.helm_release as Record<string, Json>)[0];
  };

  it("unset: no version in the values and the release's timeout as before", () => {
    const r = release({});
    expect(parse(r.values[0]).harborChartVersion).toBeUndefined();
    expect(r.timeout).toBe(300);
  });

  it("set: in the values, and the timeout outlasts dumpDeadlineSeconds", () => {
    const r = release({ harborChartVersion: "1.19.1", dumpDeadlineSeconds: 900 });
    expect(parse(r.values[0]).harborChartVersion).toBe("1.19.1");
    expect(r.timeout).toBe(1200);
  });

  it.each(["1.19", "~1.19.1", "1.19.1; rm -rf /"])("refuses %j, naming the prop", (version) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const error = validationError(
      () => new OffRegionBackup(stack, "Backup", { ...BACKUP, harborChartVersion: version }),
      "harborChartVersion",
    );
    expect(error.message).toMatch(/exact chart version/);
  });
});

describe("docs/upgrading.md", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "..", "docs", "upgrading.md"), "utf8").replace(/\s+/g, " ");

  it("names the dump, the Job and the ConfigMap as the chart does", () => {
    expect(doc).toContain(upgradeDumpObjectKey("registry", "1.18.0", "1.19.1", "20261123T023000Z"));
    expect(doc).toContain(upgradeDumpObjectKey("registry", "<from>", "<to>", "<UTC time>"));
    expect(doc).toContain("job/harbor-doks-backup-upgrade-dump");
    expect(doc).toContain("job/harbor-doks-dump-upgrade-dump");
    expect(doc).toContain("harbor-doks-harbor-version");
  });
});
