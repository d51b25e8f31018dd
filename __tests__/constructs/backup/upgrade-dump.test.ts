import { TerraformStack, Testing } from "cdktf";
import { parse } from "yaml";
import { UpgradeDump, UpgradeDumpProps } from "../../../constructs/backup/upgrade-dump";
import { BACKUP_POSTGRES_IMAGE, DUMP_PREFIX, RCLONE_IMAGE } from "../../../constructs/backup/off-region-backup";
import { RegistryBucket } from "../../../constructs/digitalocean/registry-bucket";
import { REGISTRY_ROOT } from "../../../constructs/harbor/harbor-values";
import { validationError } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const DB_PASSWORD = "harbor-db-password-never-in-values";
const KEY_ID = "DO00SPACESKEYIDNEVERINVALUES";
const KEY_SECRET = "spaces-secret-never-in-values";

const PROPS: UpgradeDumpProps = {
  harborChartVersion: "1.19.1",
  namespace: "harbor",
  storage: {
    bucketName: "prod-registry-blobs",
    region: "fra1",
    endpoint: "https://fra1.digitaloceanspaces.com",
    accessKeyId: KEY_ID,
    secretAccessKey: KEY_SECRET,
  },
  database: { host: "private-db.example.com", port: 25060, name: "registry", user: "harbor", password: DB_PASSWORD },
};

function synth(props: Partial<UpgradeDumpProps> = {}): Json {
  return JSON.parse(Testing.synthScope((scope) => new UpgradeDump(scope, "Dump", { ...PROPS, ...props }))) as Json;
}

const only = (json: Json, type: string): Json => {
  const blocks = Object.values(json.resource?.[type] ?? {}) as Json[];
  expect(blocks).toHaveLength(1);
  return blocks[0];
};

describe("UpgradeDump", () => {
  const json = synth();
  const release = only(json, "helm_release");
  const secret = only(json, "kubernetes_secret_v1");
  const values = parse(release.values[0]) as Json;
  const secretId = Object.keys(json.resource.kubernetes_secret_v1)[0];

  it("is only a Secret and the release: no bucket, no key, no namespace, no CronJob of its own", () => {
    expect(Object.keys(json.resource).sort()).toEqual(["helm_release", "kubernetes_secret_v1"]);
  });

  it("installs registry-backup in Harbor's namespace with only the dump, into Harbor's bucket", () => {
    expect(release).toMatchObject({ name: "harbor-doks-dump", namespace: "harbor", atomic: true, wait: true });
    expect(release.chart).toMatch(/^registry-backup-[0-9a-f]{16}\.tgz$/);
    expect(values).toEqual({
      upgradeDumpOnly: true,
      placement: {},
      rcloneImage: RCLONE_IMAGE,
      postgresImage: BACKUP_POSTGRES_IMAGE,
      credentialsSecret: `\${kubernetes_secret_v1.${secretId}.metadata[0].name}`,
      backup: { bucket: "prod-registry-blobs", endpoint: "fra1.digitaloceanspaces.com" },
      database: { host: "private-db.example.com", port: "25060", name: "registry", user: "harbor" },
      dump: { activeDeadlineSeconds: 3600 },
      harborChartVersion: "1.19.1",
    });
  });

  it("waits for a dump past the Job's deadline", () => {
    expect(release.timeout).toBe(3900);
    expect(only(synth({ dumpDeadlineSeconds: 600 }), "helm_release").timeout).toBe(900);
  });

  it("hands Harbor's bucket key and database password over in a Secret only, never in the values", () => {
    expect(secret.metadata).toEqual({ name: "harbor-doks-dump", namespace: "harbor" });
    expect(secret.data).toEqual({
      SPACES_ACCESS_KEY_ID: KEY_ID,
      SPACES_SECRET_ACCESS_KEY: KEY_SECRET,
      PGPASSWORD: DB_PASSWORD,
    });
    for (const value of [DB_PASSWORD, KEY_ID, KEY_SECRET]) expect(release.values[0]).not.toContain(value);
  });

  it("with RegistryBucket: the bucket and key are references; the Secret holds the key's references only", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const bucket = new RegistryBucket(stack, "Bucket", { bucketName: "prod-registry-blobs", region: "fra1" });
    new UpgradeDump(stack, "Dump", { ...PROPS, storage: bucket });
    const synthesized = JSON.parse(Testing.synth(stack)) as Json;
    const data = only(synthesized, "kubernetes_secret_v1").data as Json;
    expect(data.SPACES_ACCESS_KEY_ID).toMatch(/^\$\{digitalocean_spaces_key\.\w+\.access_key\}$/);
    expect(data.SPACES_SECRET_ACCESS_KEY).toMatch(/^\$\{digitalocean_spaces_key\.\w+\.secret_key\}$/);
    const dumpValues = parse(only(synthesized, "helm_release").values[0]) as Json;
    expect(dumpValues.backup.bucket).toMatch(/^\$\{digitalocean_spaces_bucket\.\w+\.name\}$/);
    expect(only(synthesized, "helm_release").values[0]).not.toMatch(/access_key|secret_key|password/);
  });

  it("with the server's CA: verifies with database.sslMode (verify-ca by default, verify-full on request)", () => {
    const withCa = (sslMode?: "verify-ca" | "verify-full") =>
      parse(
        only(synth({ database: { ...PROPS.database, caCertificate: "PEM", sslMode } }), "helm_release").values[0],
      ) as Json;
    expect(withCa().database).toMatchObject({ caCertificateBase64: "UEVN", sslMode: "verify-ca" });
    expect(withCa("verify-full").database.sslMode).toBe("verify-full");
  });

  it("puts its dumps beside Harbor's registry tree, never inside it", () => {
    const dump = new UpgradeDump(new TerraformStack(Testing.app(), "s"), "Dump", PROPS);
    expect(dump.dumpPrefix).toBe(DUMP_PREFIX);
    expect(dump.dumpPrefix.startsWith(`${REGISTRY_ROOT}/`)).toBe(false);
    expect(dump.bucketName).toBe("prod-registry-blobs");
  });

  it("later changes: a new Harbor version changes only that value; a new name or namespace changes only those", () => {
    const bumped = only(synth({ harborChartVersion: "1.20.0" }), "helm_release");
    expect({ ...parse(bumped.values[0]), harborChartVersion: "1.19.1" }).toEqual(values);
    expect(parse(bumped.values[0]).harborChartVersion).toBe("1.20.0");
    // hashicorp/terraform-provider-helm v3.1.1 helm/resource_helm_release.go: `name` and `namespace` are
    // RequiresReplace, so a release at the same address with either changed is replaced: that new install records
    // the version and dumps nothing. What is asserted here is the Terraform side: same address, only that field new.
    const address = Object.keys(json.resource.helm_release);
    for (const [changed, field, expected] of [
      [synth({ name: "other-dump" }), "name", "other-dump"],
      [synth({ namespace: "registry" }), "namespace", "registry"],
    ] as const) {
      expect(Object.keys(changed.resource.helm_release)).toEqual(address);
      const renamed = only(changed, "helm_release");
      expect(renamed[field]).toBe(expected);
      expect({ ...renamed, [field]: release[field] }).toEqual(release);
    }
  });

  it("destroy: nothing protected (the dumps are in Harbor's bucket, which RegistryBucket protects)", () => {
    expect(release.lifecycle?.prevent_destroy).toBeUndefined();
    expect(secret.lifecycle?.prevent_destroy).toBeUndefined();
  });

  it.each<[string, Partial<UpgradeDumpProps>, RegExp]>([
    ["harborChartVersion", { harborChartVersion: "1.19.1; rm -rf /" }, /exact chart version/],
    ["harborChartVersion", { harborChartVersion: "~1.19" }, /exact chart version/],
    ["namespace", { namespace: "Harbor NS" }, /Kubernetes namespace name/],
    ["nodePool", { nodePool: "Platform Pool" }, /DOKS node pool name/],
    ["namespace", { namespace: "harbor\nkind: Secret" }, /Kubernetes namespace name/],
    ["namespace", { namespace: "n".repeat(64) }, /this one has 64/],
    ["name", { name: "Harbor_Dump" }, /at most 43 lowercase/],
    ["name", { name: "d".repeat(44) }, /at most 43 lowercase/],
    ["storage.bucketName", { storage: { ...PROPS.storage, bucketName: "Not A Bucket" } }, /./],
    ["storage.region", { storage: { ...PROPS.storage, region: "FRA1" } }, /region slugs are lowercase/],
    ["dumpDeadlineSeconds", { dumpDeadlineSeconds: 30 }, /whole number >= 60/],
    ["rcloneImage", { rcloneImage: "rclone/rclone:latest" }, /digest/],
    ["postgresImage", { postgresImage: "postgres:17" }, /digest/],
    ["database.sslMode", { database: { ...PROPS.database, sslMode: "disable" as never } }, /./],
  ])("refuses a hostile or mistaken %s (%j), naming the prop", (prop, props, message) => {
    const stack = new TerraformStack(Testing.app(), "s");
    const error = validationError(() => new UpgradeDump(stack, "Dump", { ...PROPS, ...props }), prop);
    expect(error.message).toMatch(message);
  });
});
