import { createHash } from "node:crypto";
import { parse } from "yaml";
import { StackJson, resources, synthConfig } from "./synth";

/**
 * Day-2 behaviour of the Harbor stack: what Terraform sees on a LATER plan, after one thing changed (a config field,
 * or a value only known at apply time such as the Valkey password or the database cluster's urn).
 */

const config = (extra = "", harbor = "") => `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    profile: ha
${extra}
${harbor}
`;
const synthesized = new Map<string, StackJson>();
/** The harbor-prod stack of a config, synthesized once per config text (synthesis is the slow part). */
const stack = (yaml: string): StackJson => {
  if (!synthesized.has(yaml)) synthesized.set(yaml, synthConfig(yaml)["harbor-prod"]);
  return synthesized.get(yaml) as StackJson;
};

const releaseNamed = (json: StackJson, name: string): StackJson => {
  const found = Object.values(resources(json, "helm_release")).find((r) => r.name === name);
  if (found === undefined) throw new Error(`no release ${name}`);
  return found;
};
const secretWithKey = (json: StackJson, key: string): StackJson | undefined =>
  Object.values(resources(json, "kubernetes_secret_v1")).find((s) => key in (s.data ?? {}));

/**
 * Evaluates the few Terraform expressions the values and Secrets use, the way Terraform would at apply time, with
 * the attribute values given: `${ref}`, `${urlencode(ref)}`, `${nonsensitive(sha256(ref))}`. Anything else stays.
 */
function evaluate(text: string, attributes: Record<string, string>): string {
  const REF = String.raw`[a-z_]+\.\w+\.[\w.[\]]+`;
  const valueOf = (ref: string) => {
    if (!(ref in attributes)) throw new Error(`test gives no value for ${ref}`);
    return attributes[ref];
  };
  return text
    .replace(new RegExp(String.raw`\$\{nonsensitive\(sha256\((${REF})\)\)\}`, "g"), (_m, ref: string) =>
      createHash("sha256").update(valueOf(ref)).digest("hex"),
    )
    .replace(new RegExp(String.raw`\$\{urlencode\((${REF})\)\}`, "g"), (_m, ref: string) =>
      encodeURIComponent(valueOf(ref)),
    )
    .replace(new RegExp(String.raw`\$\{(${REF})\}`, "g"), (m, ref: string) => attributes[ref] ?? m);
}

describe("Harbor lifecycle: a new Valkey password reaches the pods, and no ConfigMap ever holds it", () => {
  const json = stack(config());
  const harbor = releaseNamed(json, "harbor");
  const valuesText: string = harbor.values[0];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const values: Record<string, any> = parse(valuesText);
  const valkeySecret = secretWithKey(json, "_REDIS_URL_CORE");
  const valkeyId = Object.keys(resources(json, "digitalocean_database_cluster")).find((id) => id.startsWith("Valkey"));
  const password = `digitalocean_database_cluster.${valkeyId}.password`;
  const applied = (pw: string) => ({
    [password]: pw,
    [`digitalocean_database_cluster.${valkeyId}.private_host`]: "private-valkey.example",
    [`digitalocean_database_cluster.${valkeyId}.port`]: "25061",
  });

  it("puts a hash of the Valkey cluster's password, and only a hash, into the release values", () => {
    expect(valkeyId).toBeDefined();
    const hashes = valuesText.match(/\$\{nonsensitive\(sha256\([^}]*\)\)\}/g) ?? [];
    expect(hashes.length).toBeGreaterThanOrEqual(4);
    expect(new Set(hashes)).toEqual(new Set([`\${nonsensitive(sha256(${password}))}`]));
    // The password reference appears nowhere else in the values.
    expect(valuesText.split(password).length - 1).toBe(hashes.length);
  });

  it("changes the values of the release (so Helm upgrades and rolls the pods) when only the password changes", () => {
    const first = evaluate(valuesText, applied("first-valkey-password"));
    const second = evaluate(valuesText, applied("second-valkey-password"));
    expect(second).not.toEqual(first);
    for (const component of ["core", "jobservice", "registry", "trivy"]) {
      const annotation = (text: string) => parse(text)[component].podAnnotations["harbor-doks/valkey-password-sha256"];
      expect(annotation(first)).toMatch(/^[0-9a-f]{64}$/);
      expect(annotation(second)).not.toEqual(annotation(first));
    }
    // The values Helm receives never hold the password itself.
    expect(first).not.toContain("first-valkey-password");
    expect(second).not.toContain("second-valkey-password");
  });

  it("gives the chart nothing it could copy into a ConfigMap: no redis password, no existingSecret to look up", () => {
    expect(values.redis.external).not.toHaveProperty("existingSecret");
    expect(values.redis.external).not.toHaveProperty("password");
    expect(values.redis.external).not.toHaveProperty("username");
  });

  it("hands every component that reads Valkey its URL or password from the Terraform-made Secret", () => {
    expect(valkeySecret?.metadata.name).toBe("harbor-doks-valkey");
    expect(valkeySecret?.metadata.namespace).toBe(harbor.namespace);
    const envs: Record<string, { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[]> = {
      core: values.core.extraEnvVars,
      jobservice: values.jobservice.extraEnvVars,
      registry: values.registry.registry.extraEnvVars,
      trivy: values.trivy.extraEnvVars,
      exporter: values.exporter.extraEnvVars,
    };
    const expected = {
      core: ["_REDIS_URL_CORE", "_REDIS_URL_REG"],
      jobservice: ["JOB_SERVICE_POOL_REDIS_URL"],
      registry: ["REGISTRY_REDIS_PASSWORD"],
      trivy: ["SCANNER_REDIS_URL"],
      exporter: ["HARBOR_REDIS_URL"],
    };
    for (const [component, names] of Object.entries(expected)) {
      expect(envs[component]?.map((e) => e.name)).toEqual(names);
      for (const env of envs[component]) {
        expect(env.valueFrom.secretKeyRef).toEqual({ name: "harbor-doks-valkey", key: env.name });
        expect(valkeySecret?.data).toHaveProperty(env.name);
      }
    }
  });

  it("post-renders the release so that trivy's only SCANNER_REDIS_URL is ours", () => {
    expect(harbor.postrender).toEqual({
      binary_path: "sh",
      args: ["-c", expect.stringContaining("SCANNER_REDIS_URL")],
    });
    expect(harbor.postrender.args[1]).not.toMatch(/\$\{|%\{/);
  });

  it("builds the Secret's URLs from references, and the new password lands in the Secret", () => {
    expect(valkeySecret).toBeDefined();
    const evaluated = (pw: string) => JSON.parse(evaluate(JSON.stringify(valkeySecret?.data), applied(pw)));
    expect(evaluated("pw-one")).toEqual({
      _REDIS_URL_CORE: "rediss://:pw-one@private-valkey.example:25061/0?idle_timeout_seconds=30",
      _REDIS_URL_REG: "rediss://:pw-one@private-valkey.example:25061/2?idle_timeout_seconds=30",
      JOB_SERVICE_POOL_REDIS_URL: "rediss://:pw-one@private-valkey.example:25061/1",
      REGISTRY_REDIS_PASSWORD: "pw-one",
      SCANNER_REDIS_URL: "rediss://:pw-one@private-valkey.example:25061/5?idle_timeout_seconds=30",
      HARBOR_REDIS_URL: "rediss://:pw-one@private-valkey.example:25061/1",
    });
    expect(valkeySecret?.data._REDIS_URL_CORE).toContain(`\${urlencode(${password})}`);
    // The release waits for the Secret, so the rolled pods read the new password.
    expect(harbor.depends_on).toContain(`kubernetes_secret_v1.${valkeySecret?.["//"].metadata.uniqueId}`);
  });
});

describe("Harbor lifecycle: the secretKey is protected like the data it encrypts", () => {
  const secretKeyPassword = (json: StackJson): StackJson => {
    const ref = /random_password\.(\w+)\.result/.exec(secretWithKey(json, "secretKey")?.data.secretKey)?.[1];
    return resources(json, "random_password")[ref ?? ""];
  };

  it("has prevent_destroy when the instance is protected (the default)", () => {
    expect(secretKeyPassword(stack(config())).lifecycle).toEqual({ prevent_destroy: true });
  });

  it("drops it when protect is turned off, and only there", () => {
    const json = stack(config("    protect: false"));
    expect(secretKeyPassword(json).lifecycle ?? {}).not.toHaveProperty("prevent_destroy", true);
    const protectedPasswords = Object.values(resources(stack(config()), "random_password")).filter(
      (p) => p.lifecycle?.prevent_destroy === true,
    );
    expect(protectedPasswords).toHaveLength(1);
  });
});

describe("Harbor lifecycle: the schema grant runs again against a new database, outside Harbor's namespace", () => {
  const json = stack(config());
  const grant = releaseNamed(json, "harbor-doks-db-grant");
  const grantValues = parse(grant.values[0]);
  const namespaces = resources(json, "kubernetes_namespace_v1");
  const namespaceOf = (ref: string) =>
    namespaces[/kubernetes_namespace_v1\.(\w+)\.metadata/.exec(ref)?.[1] ?? ""]?.metadata.name;

  it("puts the database identity (cluster urn and database) into the grant's values", () => {
    expect(grantValues.databaseIdentity).toMatch(
      /^\$\{digitalocean_database_cluster\.Postgres_\w+\.urn\}\/\$\{digitalocean_database_db\.\w+\.name\}$/,
    );
    const clusterId = /digitalocean_database_cluster\.(\w+)\.urn/.exec(grantValues.databaseIdentity)?.[1];
    const urn = `digitalocean_database_cluster.${clusterId}.urn`;
    const before = evaluate(grant.values[0], { [urn]: "do:dbaas:old" });
    const after = evaluate(grant.values[0], { [urn]: "do:dbaas:new" });
    expect(after).not.toEqual(before);
  });

  it("is replaced with the database and waits for the database firewall", () => {
    const databaseId = Object.keys(resources(json, "digitalocean_database_db"))[0];
    const firewallId = Object.entries(resources(json, "digitalocean_database_firewall")).find(([, f]) =>
      f.cluster_id.includes("Postgres"),
    )?.[0];
    // A bare address: Terraform rejects the "${...}" form cdktf writes for a resource object there.
    expect(grant.lifecycle?.replace_triggered_by).toEqual([`digitalocean_database_db.${databaseId}`]);
    expect(grant.depends_on).toContain(`digitalocean_database_firewall.${firewallId}`);
  });

  it("runs in a namespace of its own, beside Harbor's, that follows a namespace change", () => {
    const harbor = releaseNamed(json, "harbor");
    expect(namespaceOf(harbor.namespace)).toBe("harbor");
    expect(namespaceOf(grant.namespace)).toBe("harbor-db-grant");
    const moved = stack(config("", "    harbor:\n      namespace: registry"));
    const movedNamespaces = resources(moved, "kubernetes_namespace_v1");
    const movedGrant = releaseNamed(moved, "harbor-doks-db-grant");
    expect(
      movedNamespaces[/kubernetes_namespace_v1\.(\w+)\.metadata/.exec(movedGrant.namespace)?.[1] ?? ""],
    ).toMatchObject({ metadata: { name: "registry-db-grant" } });
  });
});
