// The dump before a Harbor upgrade (issue 30), through OffRegionBackup and HarborOnDoks: a change of Harbor's chart
// version changes the backup release's values (which runs the chart's pre-upgrade dump, rendered in
// __tests__/charts/registry-backup-upgrade-dump.test.ts) and Harbor's release, which depends on the backup release:
// the dump first, then Harbor's upgrade, and none when the dump failed. The refused jump and downgrade are
// scripts/check-plan.js's (__tests__/scripts/upgrade-guard.test.ts).
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

  it("without a backup, Harbor's release depends on no backup release (the dump is manual: docs/upgrading.md)", () => {
    const json = synth({ backup: undefined });
    expect(releaseId(json, "harbor-doks-backup")).toBeUndefined();
    expect(JSON.stringify(releases(json)[releaseId(json, "harbor")].depends_on)).not.toContain("Backup");
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
    expect(doc).toContain("harbor-doks-harbor-version");
  });
});
