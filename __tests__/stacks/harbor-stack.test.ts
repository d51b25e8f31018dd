import { parse } from "yaml";
import { StackJson, resources, synthConfig } from "./synth";

const config = (profile: "ha" | "dev") => `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    profile: ${profile}
`;

const stacks = { ha: synthConfig(config("ha"))["harbor-prod"], dev: synthConfig(config("dev"))["harbor-prod"] };
const release = (json: StackJson): StackJson => {
  const found = Object.values(resources(json, "helm_release")).find((r) => r.name === "harbor");
  if (found === undefined) throw new Error("no harbor release");
  return found;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const values = (json: StackJson): Record<string, any> => parse(release(json).values[0]);

/** Every `existingSecret*` / `secretName` the values name, with the keys the chart reads from it. */
function referencedSecrets(v: ReturnType<typeof values>): Record<string, string[]> {
  return {
    [v.existingSecretAdminPassword]: [v.existingSecretAdminPasswordKey],
    [v.existingSecretSecretKey]: ["secretKey"],
    [v.core.existingSecret]: ["secret"],
    [v.core.existingXsrfSecret]: [v.core.existingXsrfSecretKey],
    [v.core.secretName]: ["tls.crt", "tls.key"],
    [v.jobservice.existingSecret]: [v.jobservice.existingSecretKey],
    [v.registry.existingSecret]: [v.registry.existingSecretKey],
    [v.registry.credentials.existingSecret]: ["REGISTRY_HTPASSWD", "REGISTRY_PASSWD"],
    [v.database.external.existingSecret]: ["password"],
    [v.persistence.imageChartStorage.s3.existingSecret]: [
      "REGISTRY_STORAGE_S3_ACCESSKEY",
      "REGISTRY_STORAGE_S3_SECRETKEY",
    ],
  };
}

describe("HarborStack: Harbor release", () => {
  it("pins the chart and installs it atomically, with a long timeout and bounded history", () => {
    expect(release(stacks.ha)).toMatchObject({
      name: "harbor",
      repository: "https://helm.goharbor.io",
      chart: "harbor",
      version: "1.19.1",
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      max_history: 5,
    });
    expect(release(stacks.ha).timeout).toBeGreaterThanOrEqual(900);
    expect(release(stacks.ha).values).toHaveLength(1);
  });

  it("points Harbor at the data layer through Terraform references", () => {
    const v = values(stacks.ha);
    expect(v.database.external.host).toMatch(/^\$\{digitalocean_database_cluster\.Postgres_\w+\.private_host\}$/);
    expect(v.database.external.port).toMatch(/^\$\{digitalocean_database_cluster\.Postgres_\w+\.port\}$/);
    expect(v.database.external.username).toMatch(/^\$\{digitalocean_database_user\.\w+\.name\}$/);
    expect(v.redis.external.addr).toMatch(
      /^\$\{digitalocean_database_cluster\.Valkey_\w+\.private_host\}:\$\{digitalocean_database_cluster\.Valkey_\w+\.port\}$/,
    );
    expect(v.persistence.imageChartStorage.s3.bucket).toMatch(/^\$\{digitalocean_spaces_bucket\.\w+\.name\}$/);
  });

  it.each(["ha", "dev"] as const)(
    "%s: every Secret the values name exists with the keys the chart reads",
    (profile) => {
      const json = stacks[profile];
      const secrets = Object.values(resources(json, "kubernetes_secret_v1"));
      for (const [name, keys] of Object.entries(referencedSecrets(values(json)))) {
        const secret = secrets.find((s) => s.metadata.name === name);
        expect(secret).toBeDefined();
        expect(secret?.metadata.namespace).toMatch(/kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name/);
        expect(Object.keys(secret?.data ?? {}).sort()).toEqual([...keys].sort());
      }
    },
  );

  it.each(["ha", "dev"] as const)(
    "%s: every Secret the components' extraEnvVars read exists, in Harbor's namespace, with those keys",
    (profile) => {
      const json = stacks[profile];
      const v = values(json);
      const envs = [
        v.core.extraEnvVars,
        v.jobservice.extraEnvVars,
        v.registry.registry.extraEnvVars,
        v.trivy.extraEnvVars,
        v.exporter.extraEnvVars,
      ].flat() as { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[];
      expect(envs.length).toBeGreaterThanOrEqual(6);
      const secrets = Object.values(resources(json, "kubernetes_secret_v1"));
      for (const env of envs) {
        const secret = secrets.find((s) => s.metadata.name === env.valueFrom.secretKeyRef.name);
        expect(secret?.metadata.namespace).toBe(release(json).namespace);
        expect(secret?.data).toHaveProperty(env.valueFrom.secretKeyRef.key);
      }
    },
  );

  it("generates the chart secrets with the lengths Harbor expects", () => {
    const passwords = Object.values(resources(stacks.ha, "random_password"));
    const byKey = (key: string) => {
      const secret = Object.values(resources(stacks.ha, "kubernetes_secret_v1")).find((s) => key in (s.data ?? {}));
      const ref = /random_password\.(\w+)\.result/.exec(secret?.data[key])?.[1];
      return resources(stacks.ha, "random_password")[ref ?? ""];
    };
    expect(passwords.length).toBeGreaterThanOrEqual(7);
    expect(byKey("secretKey").length).toBe(16);
    expect(byKey("secret").length).toBe(16);
    expect(byKey("CSRF_KEY").length).toBe(32);
    expect(byKey("JOBSERVICE_SECRET").length).toBe(16);
    expect(byKey("REGISTRY_HTTP_SECRET").length).toBe(16);
    expect(byKey("HARBOR_ADMIN_PASSWORD")).toMatchObject({ length: 32, min_upper: 1, min_lower: 1, min_numeric: 1 });
  });

  it("builds the registry htpasswd line from the bcrypt hash of the generated password", () => {
    const creds = Object.values(resources(stacks.ha, "kubernetes_secret_v1")).find(
      (s) => "REGISTRY_HTPASSWD" in s.data,
    );
    expect(creds?.data.REGISTRY_HTPASSWD).toMatch(/^harbor_registry_user:\$\{random_password\.(\w+)\.bcrypt_hash\}$/);
    const ref = /random_password\.(\w+)\.bcrypt_hash/.exec(creds?.data.REGISTRY_HTPASSWD)?.[1];
    expect(creds?.data.REGISTRY_PASSWD).toBe(`\${random_password.${ref}.result}`);
  });

  it("signs tokens with a Terraform-managed key pair, stable across plans", () => {
    const cert = Object.values(resources(stacks.ha, "tls_self_signed_cert"))[0];
    expect(cert.private_key_pem).toMatch(/^\$\{tls_private_key\.\w+\.private_key_pem\}$/);
    expect(cert.validity_period_hours).toBeGreaterThanOrEqual(24 * 365);
  });

  it("grants the harbor user the public schema, from a local chart, before the release starts", () => {
    const [id, grant] =
      Object.entries(resources(stacks.ha, "helm_release")).find(([, r]) => r.name === "harbor-doks-db-grant") ?? [];
    expect(grant?.chart).toMatch(/^postgres-grant-[0-9a-f]{16}\.tgz$/);
    expect(grant?.wait).toBe(true);
    expect(parse(grant?.values[0])).toMatchObject({
      host: expect.stringMatching(/^\$\{digitalocean_database_cluster\.Postgres_\w+\.private_host\}$/),
      database: expect.stringMatching(/^\$\{digitalocean_database_db\.\w+\.name\}$/),
      grantee: expect.stringMatching(/^\$\{digitalocean_database_user\.\w+\.name\}$/),
      databaseIdentity: expect.stringMatching(/^\$\{digitalocean_database_cluster\.Postgres_\w+\.urn\}\//),
    });
    // Its own namespace: the doadmin password never sits beside Harbor's Secrets.
    expect(grant?.namespace).not.toBe(release(stacks.ha).namespace);
    expect(release(stacks.ha).depends_on).toContain(`helm_release.${id}`);
    const conn = Object.values(resources(stacks.ha, "kubernetes_secret_v1")).find((s) => "PGPASSWORD" in s.data);
    expect(conn?.data.PGPASSWORD).toMatch(/^\$\{digitalocean_database_cluster\.Postgres_\w+\.password\}$/);
    expect(resources(stacks.ha, "kubernetes_job_v1")).toEqual({});
  });

  it("outputs the URL, the admin user, the sensitive admin password and the kubectl command", () => {
    expect(stacks.ha.output.url.value).toBe("https://registry.example.com");
    expect(stacks.ha.output.admin_user.value).toBe("admin");
    expect(stacks.ha.output.admin_password).toMatchObject({ sensitive: true });
    expect(stacks.ha.output.admin_password.value).toMatch(/random_password\.\w+\.result/);
    expect(stacks.ha.output.admin_password_command.value).toBe(
      "kubectl -n harbor get secret harbor-doks-admin -o jsonpath='{.data.HARBOR_ADMIN_PASSWORD}' | base64 -d",
    );
  });

  it("gives ha 2 replicas with PDBs and dev 1 replica without", () => {
    expect(values(stacks.ha).core).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true } });
    expect(values(stacks.dev).core.replicas).toBe(1);
    expect(values(stacks.dev).core).not.toHaveProperty("podDisruptionBudget");
  });
});

describe("HarborStack: no secret in the synthesized JSON", () => {
  const SECRET_ATTRIBUTE =
    /\.(result|bcrypt_hash|password|private_key_pem|secret_key|access_key|uri|private_uri|token)\b/;
  // Keys whose values name a Secret or a key inside one: they carry names, never secret material.
  const NAMES_A_SECRET = new Set([
    "existingSecret",
    "existingSecretAdminPassword",
    "existingSecretAdminPasswordKey",
    "existingSecretSecretKey",
    "existingXsrfSecret",
    "existingXsrfSecretKey",
    "existingSecretKey",
    "secretName",
    "topologyKey",
    "connectionSecret",
    "credentialsSecret",
    "caBundleSecretName",
  ]);
  // `extraEnvVars[].valueFrom.secretKeyRef.{name,key}` name a Secret and a key in it, never secret material.
  const NAMES_A_SECRET_PATH = /\.valueFrom\.secretKeyRef\.(name|key)$/;
  // The one place a secret reference may appear in values: hashed, as the pods' roll trigger.
  const HASHED_REFERENCE = /\$\{nonsensitive\(sha256\([a-z_]+\.\w+\.password\)\)\}/g;
  const HASH_ANNOTATION_PATH = /\.podAnnotations\.harbor-doks\/valkey-password-sha256$/;

  /** Every leaf of the values as [dotted path, last key, value]. */
  function leaves(node: unknown, path: string[] = []): [string, string, unknown][] {
    if (node === null || typeof node !== "object") return [[path.join("."), path[path.length - 1], node]];
    return Object.entries(node).flatMap(([k, v]) => leaves(v, [...path, k]));
  }

  it.each(["ha", "dev"] as const)("%s: Helm values and set entries hold no password, key or token", (profile) => {
    const all = Object.values(resources(stacks[profile], "helm_release"));
    expect(all.map((r) => r.name).sort()).toEqual([
      "harbor",
      "harbor-doks-db-grant",
      "harbor-doks-dump",
      "harbor-namespace",
    ]);
    for (const r of all) {
      expect(r.set).toBeUndefined();
      expect(r.set_sensitive).toBeUndefined();
    }
    const yaml: string = all.flatMap((r) => r.values).join("\n");
    // Secret references only inside sha256(), and those only in the hash annotation.
    expect(yaml.replace(HASHED_REFERENCE, "<hash>")).not.toMatch(SECRET_ATTRIBUTE);
    const allLeaves = all.flatMap((r) => leaves(parse(r.values[0])));
    for (const [path, , value] of allLeaves) {
      if (typeof value === "string" && value.match(HASHED_REFERENCE)) {
        expect(path).toMatch(HASH_ANNOTATION_PATH);
        expect(value).toMatch(/^\$\{nonsensitive\(sha256\(digitalocean_database_cluster\.Valkey_\w+\.password\)\)\}$/);
      }
    }
    const suspicious = allLeaves.filter(
      ([path, key]) =>
        /pass|secret|token|key|cred/i.test(key) &&
        !NAMES_A_SECRET.has(key) &&
        !NAMES_A_SECRET_PATH.test(path) &&
        !HASH_ANNOTATION_PATH.test(path),
    );
    expect(suspicious).toEqual([]);
    expect(yaml).not.toMatch(/Harbor12345|not-a-secure-key|harbor_registry_password/);
  });

  it.each(["ha", "dev"] as const)("%s: no literal secret anywhere in cdk.tf.json", (profile) => {
    const text = JSON.stringify(stacks[profile]);
    expect(text).not.toMatch(/Harbor12345|not-a-secure-key|harbor_registry_password|BEGIN [A-Z ]*PRIVATE KEY/);
    // Every Secret's data value is a Terraform reference, or a non-secret literal we chose.
    for (const secret of Object.values(resources(stacks[profile], "kubernetes_secret_v1"))) {
      for (const [key, value] of Object.entries(secret.data as Record<string, string>)) {
        if (["PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSSLMODE"].includes(key)) continue;
        expect(value).toMatch(/\$\{[a-z_]+\.[\w.[\]]+\}/);
      }
    }
    // The DigitalOcean provider reads its credentials from the environment.
    expect(stacks[profile].provider.digitalocean).toEqual([{}]);
  });
});
