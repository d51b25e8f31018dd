import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseConfig } from "../../config/load";
import { estimateCost } from "../../config/cost";
import { configProblems, rejection } from "../helpers";
import { StackJson, resources, synthConfig } from "./synth";

const instance = (name: string, extra = "", hostname = `${name}.example.com`) => `  - name: ${name}
    region: fra1
    cluster: prod-doks
    hostname: ${hostname}
${extra
  .split("\n")
  .filter((line) => line !== "")
  .map((line) => `    ${line}`)
  .join("\n")}
`;
const config = (...instances: string[]) => `instances:\n${instances.join("")}`;

/** Two instances on one existing PostgreSQL cluster, one of them on an existing Valkey cluster. */
const SHARED = config(
  instance("prod", "postgres: { existingCluster: shared-pg }\ncache: { existingCluster: shared-valkey }"),
  instance("dev", "profile: dev\npostgres: { existingCluster: shared-pg }\nharbor: { namespace: harbor-dev }"),
);

function byPath(json: StackJson, kind: "resource" | "data", type: string, suffix: string): StackJson | undefined {
  return Object.values((json[kind]?.[type] ?? {}) as Record<string, StackJson>).find((r) =>
    r["//"].metadata.path.endsWith(suffix),
  );
}

describe("two instances sharing one existing PostgreSQL cluster, one of them on an existing Valkey", () => {
  const stacks = synthConfig(SHARED);
  const prod = stacks["harbor-prod"];
  const dev = stacks["harbor-dev"];

  it("each gets its own database and user in the shared cluster, and no cluster or firewall is created", () => {
    for (const [json, name] of [
      [prod, "harbor_prod"],
      [dev, "harbor_dev"],
    ] as const) {
      expect(byPath(json, "data", "digitalocean_database_cluster", "/Postgres/Cluster")?.name).toBe("shared-pg");
      expect(Object.values(resources(json, "digitalocean_database_db")).map((d) => d.name)).toEqual([name]);
      expect(Object.values(resources(json, "digitalocean_database_user")).map((u) => u.name)).toEqual([name]);
      // No firewall on the shared cluster (only dev's own Valkey has one).
      for (const firewall of Object.values(resources(json, "digitalocean_database_firewall"))) {
        expect(firewall.cluster_id).toMatch(/^\$\{digitalocean_database_cluster\.Valkey_\w+\.id\}$/);
      }
    }
    expect(resources(prod, "digitalocean_database_firewall")).toEqual({});
    expect(resources(prod, "digitalocean_database_cluster")).toEqual({});
    // dev keeps a managed Valkey of its own, with its firewall.
    expect(Object.values(resources(dev, "digitalocean_database_cluster")).map((c) => c.engine)).toEqual(["valkey"]);
    expect(Object.keys(resources(dev, "digitalocean_database_firewall"))).toHaveLength(1);
  });

  it("checks at plan time that the clusters are in the instance's region and the DOKS cluster's VPC", () => {
    for (const suffix of ["/Postgres/Cluster", "/Valkey/Cluster"]) {
      const conditions = byPath(prod, "data", "digitalocean_database_cluster", suffix)?.lifecycle.postcondition.map(
        (p: StackJson) => p.condition,
      );
      expect(conditions).toContain('${(self.urn == null || self.urn == "") || self.region == "fra1"}');
      expect(conditions).toContainEqual(
        expect.stringMatching(/self\.private_network_uuid == data\.digitalocean_kubernetes_cluster\.\w+\.vpc_uuid\}$/),
      );
    }
  });

  it("each instance's connection budget counts the other's pods (prod 6 + dev 4 = 10)", () => {
    for (const json of [prod, dev]) {
      const release = byPath(json, "resource", "helm_release", "/Harbor/Release");
      expect(release?.lifecycle.precondition[0].error_message).toContain("10 Harbor pods sharing it");
    }
  });

  it("Harbor reads Valkey from the existing cluster, the password through the Secret", () => {
    const secret = Object.values(resources(prod, "kubernetes_secret_v1")).find((s) =>
      s.metadata.name.endsWith("-valkey"),
    );
    expect(secret?.data.REGISTRY_REDIS_PASSWORD).toMatch(
      /^\$\{data\.digitalocean_database_cluster\.Valkey_Cluster_\w+\.password\}$/,
    );
  });

  it("with protect, refuses at plan while the instance's former managed clusters exist", () => {
    expect(byPath(prod, "data", "digitalocean_database_cluster", "/FormerPostgres")?.name).toBe("harbor-prod-pg");
    expect(byPath(prod, "data", "digitalocean_database_cluster", "/FormerValkey")?.name).toBe("harbor-prod-valkey");
    expect(byPath(dev, "data", "digitalocean_database_cluster", "/FormerValkey")).toBeUndefined();
  });

  it("the cost estimate counts no database for the existing clusters", () => {
    const [prodCost] = estimateCost(parseConfig(SHARED)).instances;
    expect(prodCost.lines.filter((l) => l.item !== "Spaces bucket").map((l) => [l.detail, l.usd])).toEqual([
      ["existing cluster shared-pg", 0],
      ["existing cluster shared-valkey", 0],
    ]);
  });
});

describe("config rules for existing clusters", () => {
  it("refuses two instances on one existing Valkey cluster, with the reason", () => {
    const message = rejection(
      config(
        instance("prod", "cache: { existingCluster: shared-valkey }"),
        instance("dev", "cache: { existingCluster: shared-valkey }\nharbor: { namespace: harbor-dev }"),
      ),
    );
    expect(message).toContain(
      'instances[1].cache.existingCluster: got string "shared-valkey"; instances "prod" and "dev" both name existing Valkey cluster "shared-valkey"',
    );
    expect(message).toContain('coreDatabaseIndex "must be 0"');
    expect(message).toContain("core 0, jobservice 1, registry 2, trivy 5");
  });

  it.each(["version: 16", "size: db-s-2vcpu-4gb", "nodes: 3"])("existingCluster with %s is refused", (setting) => {
    const key = setting.split(":")[0];
    expect(rejection(config(instance("prod", `postgres: { existingCluster: shared-pg, ${setting} }`)))).toContain(
      `instances[0].postgres.${key}: got`,
    );
    expect(rejection(config(instance("prod", `postgres: { existingCluster: shared-pg, ${setting} }`)))).toContain(
      "cannot be combined with existingCluster",
    );
  });

  it("refuses a cluster another instance of the config creates, and an instance's own", () => {
    expect(
      rejection(config(instance("prod"), instance("dev", "postgres: { existingCluster: harbor-prod-pg }"))),
    ).toContain('"harbor-prod-pg" is the cluster this config creates for instance "prod"');
    expect(rejection(config(instance("prod", "cache: { existingCluster: harbor-prod-valkey }")))).toContain(
      "an instance cannot adopt its own cluster",
    );
  });

  it("refuses a cluster name that cannot exist", () => {
    expect(rejection(config(instance("prod", "postgres: { existingCluster: Shared_PG }")))).toContain(
      'instances[0].postgres.existingCluster: got string "Shared_PG"; must be 3-63 chars of lowercase letters, digits and hyphens',
    );
  });

  it("two instances may share one existing PostgreSQL cluster", () => {
    expect(configProblems(SHARED)).toEqual([]);
  });
});

describe("switching between a managed and an existing cluster", () => {
  const managed = synthConfig(config(instance("prod")))["harbor-prod"];
  const existing = synthConfig(config(instance("prod", "postgres: { existingCluster: shared-pg }")))["harbor-prod"];

  it("managed -> existing: the database keeps its address and changes cluster (a replacement prevent_destroy refuses)", () => {
    const [[idBefore, before]] = Object.entries(resources(managed, "digitalocean_database_db"));
    const [[idAfter, after]] = Object.entries(resources(existing, "digitalocean_database_db"));
    expect(idAfter).toBe(idBefore);
    expect(after.cluster_id).not.toBe(before.cluster_id);
    expect(after.name).not.toBe(before.name);
    expect(before.lifecycle.prevent_destroy).toBe(true);
    expect(after.lifecycle.prevent_destroy).toBe(true);
    // The managed cluster's block is gone, so its own prevent_destroy cannot hold: the former-cluster lookup does.
    expect(Object.values(resources(existing, "digitalocean_database_cluster")).map((c) => c.engine)).toEqual([
      "valkey",
    ]);
    const former = byPath(existing, "data", "digitalocean_database_cluster", "/FormerPostgres");
    expect(former?.lifecycle.postcondition[0]).toEqual({
      condition: '${self.urn == null || self.urn == ""}',
      error_message: expect.stringContaining('"harbor-prod-pg", still exists, and this deploy would destroy it'),
    });
  });

  it("existing -> managed: the shared cluster's database is replaced, which prevent_destroy refuses", () => {
    const [[idBefore, before]] = Object.entries(resources(existing, "digitalocean_database_db"));
    const [[idAfter]] = Object.entries(resources(managed, "digitalocean_database_db"));
    expect(idAfter).toBe(idBefore);
    expect(before.lifecycle.prevent_destroy).toBe(true);
  });

  it("Valkey existing -> managed creates a cluster and destroys nothing (ExistingValkey owns no resource)", () => {
    const onExisting = synthConfig(config(instance("prod", "cache: { existingCluster: shared-valkey }")))[
      "harbor-prod"
    ];
    const valkey = (json: StackJson) =>
      Object.entries(resources(json, "digitalocean_database_cluster")).filter(([, c]) => c.engine === "valkey");
    expect(valkey(onExisting)).toEqual([]);
    expect(valkey(managed)).toHaveLength(1);
    // Every resource of the existing-Valkey stack is still there after the switch back (nothing to destroy).
    for (const type of Object.keys(onExisting.resource)) {
      for (const id of Object.keys(onExisting.resource[type])) expect(managed.resource[type]).toHaveProperty([id]);
    }
  });

  it("with protect: false the switch is a plain plan (no refusal, no former-cluster lookup)", () => {
    const unprotected = synthConfig(
      config(instance("prod", "protect: false\npostgres: { existingCluster: shared-pg }")),
    )["harbor-prod"];
    expect(byPath(unprotected, "data", "digitalocean_database_cluster", "/FormerPostgres")).toBeUndefined();
    const [db] = Object.values(resources(unprotected, "digitalocean_database_db"));
    expect(db.lifecycle.prevent_destroy).toBe(false);
  });

  it("the Harbor release, its Secrets and the grant keep their addresses: they update in place", () => {
    for (const type of ["helm_release", "kubernetes_secret_v1", "kubernetes_namespace_v1"]) {
      expect(Object.keys(resources(existing, type)).sort()).toEqual(Object.keys(resources(managed, type)).sort());
    }
  });
});

describe("harbor.createNamespace: false", () => {
  const json = synthConfig(
    config(instance("prod", "harbor: { namespace: registry, createNamespace: false }\nbackup: { region: ams3 }")),
  )["harbor-prod"];

  it("creates no namespace for Harbor; the grant and backup namespaces stay the project's", () => {
    const namespaces = Object.values(resources(json, "kubernetes_namespace_v1")).map((n) => n.metadata.name);
    expect(namespaces.sort()).toEqual(["registry-backup", "registry-db-grant"]);
    expect(Object.values(json.data.kubernetes_namespace_v1).map((n) => (n as StackJson).metadata.name)).toEqual([
      "registry",
    ]);
    expect(byPath(json, "resource", "helm_release", "/Harbor/Release")?.namespace).toMatch(
      /^\$\{data\.kubernetes_namespace_v1\.\w+\.metadata\[0\]\.name\}$/,
    );
  });

  it("switching from true to false drops the namespace's block; the lookup refuses that plan while it is ours", () => {
    const before = synthConfig(config(instance("prod", "harbor: { namespace: registry }")))["harbor-prod"];
    const created = Object.values(resources(before, "kubernetes_namespace_v1")).find(
      (n) => n.metadata.name === "registry",
    );
    expect(created?.metadata.labels).toMatchObject({ "app.kubernetes.io/managed-by": "harbor-doks" });
    const lookup = Object.values(json.data.kubernetes_namespace_v1)[0] as StackJson;
    expect(lookup.lifecycle.postcondition[1].condition).toContain('!= "harbor-doks"');
  });

  it("must be a boolean", () => {
    expect(rejection(config(instance("prod", 'harbor: { createNamespace: "no" }')))).toContain(
      "instances[0].harbor.createNamespace: got string",
    );
  });
});

describe("harbor.values and harbor.valuesFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "harbor-values-"));
  const source = join(dir, "harbor.config.yaml");
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  it("a refused inline key names itself", () => {
    expect(rejection(config(instance("prod", "harbor: { values: { core: { replicas: 5 } } }")))).toContain(
      "instances[0].harbor.values.core.replicas: got number 5; is set from harbor.replicas",
    );
  });

  it("reads the file relative to the config file and merges values over it", () => {
    write(
      "values.yaml",
      "core:\n  priorityClassName: from-file\n  nodeSelector: { pool: harbor }\nlogLevel: warning\n",
    );
    const text = config(
      instance("prod", "harbor:\n  valuesFile: values.yaml\n  values: { core: { priorityClassName: inline } }"),
    );
    const [prod] = parseConfig(text, source).instances;
    expect(prod.harbor.extraValues).toEqual({
      core: { priorityClassName: "inline", nodeSelector: { pool: "harbor" } },
      logLevel: "warning",
    });
  });

  it("a refused key in the file names the file and the key", () => {
    write("bad.yaml", "externalURL: https://elsewhere.example.com\nredis: { external: { password: x } }\n");
    const attempt = () => parseConfig(config(instance("prod", "harbor: { valuesFile: bad.yaml }")), source);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('instances[0].harbor.valuesFile: "bad.yaml": externalURL is set from the hostname');
    expect(attempt).toThrow('"bad.yaml": redis carries the Valkey wiring');
  });

  it("a missing file, a device and a template sequence are refused like in the config itself", () => {
    expect(() => parseConfig(config(instance("prod", "harbor: { valuesFile: missing.yaml }")), source)).toThrow(
      /instances\[0\]\.harbor\.valuesFile: "missing\.yaml" \(.*missing\.yaml\) .*cannot read the file: ENOENT/,
    );
    expect(() => parseConfig(config(instance("prod", "harbor: { valuesFile: /dev/zero }")), source)).toThrow(
      "is not a regular file",
    );
    write("template.yaml", 'core: { priorityClassName: "${file(\\"/etc/passwd\\")}" }\n');
    expect(() => parseConfig(config(instance("prod", "harbor: { valuesFile: template.yaml }")), source)).toThrow(
      "Terraform would evaluate it",
    );
  });

  it("a key repeated in the file is refused; merge keys work as in the config", () => {
    write("twice.yaml", "logLevel: info\nlogLevel: debug\n");
    expect(() => parseConfig(config(instance("prod", "harbor: { valuesFile: twice.yaml }")), source)).toThrow(
      '"twice.yaml" is not valid YAML: Map keys must be unique',
    );
    write("merge.yaml", "x-pool: &pool { nodeSelector: { pool: harbor } }\ncore: { <<: *pool }\n");
    const attempt = () => parseConfig(config(instance("prod", "harbor: { valuesFile: merge.yaml }")), source);
    expect(attempt().instances[0].harbor.extraValues.core).toEqual({ nodeSelector: { pool: "harbor" } });
  });

  it("a file that is not a mapping is refused", () => {
    write("list.yaml", "- a\n- b\n");
    expect(() => parseConfig(config(instance("prod", "harbor: { valuesFile: list.yaml }")), source)).toThrow(
      '"list.yaml" must hold a mapping of chart values',
    );
  });

  it("the values reach the stack's release", () => {
    const json = synthConfig(
      config(instance("prod", "harbor: { values: { portal: { priorityClassName: platform } } }")),
    )["harbor-prod"];
    expect(byPath(json, "resource", "helm_release", "/Harbor/Release")?.values[0]).toMatch(
      /portal:\n(?: {2}.*\n)* {2}priorityClassName: platform\n/,
    );
  });
});
