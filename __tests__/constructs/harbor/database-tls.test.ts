// Verified TLS to PostgreSQL, as synthesized: DigitalOcean's CA from `digitalocean_database_ca`, Harbor's
// `database.external.sslmode` with the CA in `caBundleSecretName`, the grant Job's and the dump's values, what a later
// change of the CA or the mode does, and what a wrong mode does. (postgres-tls.test.ts runs the clients for real.)
import { createHash } from "node:crypto";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { parse } from "yaml";
import { Harbor, HarborDatabase, HarborProps } from "../../../constructs/harbor/harbor";
import { ManagedPostgres } from "../../../constructs/digitalocean/managed-postgres";
import { OffRegionBackup } from "../../../constructs/backup/off-region-backup";
import { DATABASE_CA_HASH_ANNOTATION } from "../../../constructs/harbor/harbor-values";
import { DATABASE_SSL_MODES, databaseSslModeProblem } from "../../../constructs/harbor/database-tls";
import { HARBOR_TEST_PROPS, rendered } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const CA = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";

function synth(database: Partial<HarborDatabase> = {}, extra: Partial<HarborProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "s");
  const password = new TerraformVariable(stack, "valkey_password", { sensitive: true }).stringValue;
  new Harbor(stack, "H", {
    ...HARBOR_TEST_PROPS,
    cache: { ...HARBOR_TEST_PROPS.cache, password },
    database: { ...HARBOR_TEST_PROPS.database, ...database },
    ...extra,
  });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const releases = Object.values(json.resource.helm_release as Record<string, Json>);
  const values = (name: string): Json => parse((releases.find((r) => r.name === name) as Json).values[0]);
  const secrets = Object.values(json.resource.kubernetes_secret_v1 as Record<string, Json>);
  return { json, harbor: values("harbor"), grant: values("harbor-doks-db-grant"), secrets };
}

describe("the verifying sslmodes (pure)", () => {
  it("accepts verify-ca and verify-full only, naming the allowed ones", () => {
    for (const mode of DATABASE_SSL_MODES) expect(databaseSslModeProblem(mode)).toBeUndefined();
    expect(databaseSslModeProblem("require")).toBe("must be one of verify-ca, verify-full");
  });
});

describe("ManagedPostgres: the CA", () => {
  it("reads the cluster's CA certificate from digitalocean_database_ca", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const pg = new ManagedPostgres(stack, "Pg", {
      name: "harbor-pg",
      region: "fra1",
      vpcUuid: "vpc",
      allowedClusterIds: ["k"],
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const [id, ca] = Object.entries(json.data.digitalocean_database_ca as Record<string, Json>)[0];
    const clusterId = Object.keys(json.resource.digitalocean_database_cluster)[0];
    expect(ca).toEqual({ cluster_id: `\${digitalocean_database_cluster.${clusterId}.id}` });
    // A data source: a replaced cluster (new id) reads the new cluster's CA on the same plan; destroy removes nothing.
    expect(rendered(stack, pg.caCertificate)).toBe(`\${data.digitalocean_database_ca.${id}.certificate}`);
  });
});

describe("Harbor with the database CA", () => {
  const { harbor, grant, secrets } = synth({ caCertificate: CA });

  it("sets the chart's sslmode to verify-ca and hands the CA over in the caBundleSecretName Secret", () => {
    expect(harbor.database.external.sslmode).toBe("verify-ca");
    expect(harbor.caBundleSecretName).toBe("harbor-doks-database-ca");
    const secret = secrets.find((s) => s.metadata.name === "harbor-doks-database-ca") as Json;
    expect(secret.data).toEqual({ "ca.crt": CA });
  });

  it("rolls the pods that trust the bundle when the CA changes (a hash, not the certificate, in the values)", () => {
    const hash = createHash("sha256").update(CA).digest("hex");
    for (const component of ["core", "jobservice", "registry", "trivy", "exporter"]) {
      expect(harbor[component].podAnnotations[DATABASE_CA_HASH_ANNOTATION]).toBe(hash);
    }
    const other = synth({ caCertificate: CA.replace("test", "next") }).harbor;
    expect(other.core.podAnnotations[DATABASE_CA_HASH_ANNOTATION]).not.toBe(hash);
    expect(JSON.stringify(harbor)).not.toContain("MIIBtest");
  });

  it("gives the grant Job the CA (base64, for YAML) and the same mode", () => {
    expect(Buffer.from(grant.caCertificateBase64, "base64").toString()).toBe(CA);
    expect(grant.sslMode).toBe("verify-ca");
  });

  it("passes verify-full through to all clients when asked", () => {
    const full = synth({ caCertificate: CA, sslMode: "verify-full" });
    expect(full.harbor.database.external.sslmode).toBe("verify-full");
    expect(full.grant.sslMode).toBe("verify-full");
  });

  it("rejects a mode that does not verify, naming the prop and the allowed modes", () => {
    expect(() => synth({ caCertificate: CA, sslMode: "require" as never })).toThrow(
      's/H: database.sslMode must be one of verify-ca, verify-full, got "require"',
    );
  });

  it("without a CA keeps sslmode=require and mounts nothing (a library user's own database)", () => {
    const plain = synth();
    expect(plain.harbor.database.external.sslmode).toBe("require");
    expect(plain.harbor).not.toHaveProperty("caBundleSecretName");
    expect(plain.grant).not.toHaveProperty("caCertificateBase64");
    expect(plain.secrets.map((s) => s.metadata.name)).not.toContain("harbor-doks-database-ca");
  });

  it("lifecycle: a new CA changes the grant's values, so Helm upgrades the release and the Job runs again", () => {
    const next = synth({ caCertificate: CA.replace("test", "next") }).grant;
    expect(next.caCertificateBase64).not.toBe(grant.caCertificateBase64);
  });
});

describe("the config app: Harbor, the grant and the dump verify DigitalOcean's CA", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthConfig, resources } = require("../../stacks/synth") as typeof import("../../stacks/synth");
  const stack = synthConfig(
    "instances:\n  - name: prod\n    region: fra1\n    cluster: prod-doks\n    hostname: prod.example.com\n" +
      "    backup: { region: ams3 }\n",
  )["harbor-prod"];
  const values = (name: string): Json =>
    parse(Object.values(resources(stack, "helm_release")).find((r) => r.name === name)?.values[0]);
  const caRef = /^\$\{data\.digitalocean_database_ca\.Postgres_Ca_\w+\.certificate\}$/;

  it("Harbor: verify-ca with the CA Secret from the data source", () => {
    expect(values("harbor").database.external.sslmode).toBe("verify-ca");
    const secret = Object.values(resources(stack, "kubernetes_secret_v1")).find(
      (s) => s.metadata.name === "harbor-doks-database-ca",
    );
    expect(secret?.data["ca.crt"]).toMatch(caRef);
  });

  it("the grant and the dump: the same CA and mode", () => {
    const b64 = /^\$\{base64encode\(data\.digitalocean_database_ca\.Postgres_Ca_\w+\.certificate\)\}$/;
    expect(values("harbor-doks-db-grant")).toMatchObject({
      sslMode: "verify-ca",
      caCertificateBase64: expect.stringMatching(b64),
    });
    expect(values("harbor-doks-backup").database).toMatchObject({
      sslMode: "verify-ca",
      caCertificateBase64: expect.stringMatching(b64),
    });
  });
});

describe("OffRegionBackup: database TLS", () => {
  const base = {
    bucketName: "harbor-prod-backup-1234abcd",
    region: "ams3",
    primaryBucketName: "harbor-prod-1234abcd",
    primaryRegion: "fra1",
    namespace: "harbor-backup",
  };
  const values = (database: Json) => {
    const stack = new TerraformStack(Testing.app(), "s");
    new OffRegionBackup(stack, "Backup", {
      ...base,
      database: { host: "h", port: 25060, name: "registry", user: "harbor", password: "p", ...database },
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    return parse((Object.values(json.resource.helm_release)[0] as Json).values[0]).database;
  };

  it("passes the CA and the mode, and rejects a mode that does not verify", () => {
    expect(values({ caCertificate: CA, sslMode: "verify-full" }).sslMode).toBe("verify-full");
    expect(values({})).not.toHaveProperty("caCertificateBase64");
    expect(() => values({ caCertificate: CA, sslMode: "prefer" })).toThrow(
      's/Backup: database.sslMode must be one of verify-ca, verify-full, got "prefer"',
    );
  });
});
