import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  TerraformJson,
  criticalPathReport,
  dependencyGraph,
  dependsOn,
  interpolations,
  longestChain,
} from "../../scripts/critical-path";
import { resources, synthConfig } from "../stacks/synth";

/** A small stack: a cluster lookup, a database on it, a bucket, secrets and a release that uses them. */
const handMade: TerraformJson = {
  provider: { kubernetes: [{ host: "${data.digitalocean_kubernetes_cluster.k8s.endpoint}" }] },
  variable: { token: { type: "string" } },
  locals: { tag: "x" },
  data: { digitalocean_kubernetes_cluster: { k8s: { name: "prod" } } },
  resource: {
    digitalocean_database_cluster: {
      db: {
        "//": { metadata: { path: "s/db" } },
        private_network_uuid: "${data.digitalocean_kubernetes_cluster.k8s.vpc_uuid}",
      },
    },
    digitalocean_database_user: {
      user: { cluster_id: "${digitalocean_database_cluster.db.id}", name: "${var.token}" },
    },
    digitalocean_spaces_bucket: { bucket: { name: "b", tags: ["${local.tag}"] } },
    random_password: { pw: { length: 32 } },
    kubernetes_secret_v1: {
      // Nested, several references in one string, a function call.
      db: { data: { dsn: "${digitalocean_database_user.user.name}:${base64encode(random_password.pw.result)}" } },
      // A literal "${" escaped as "$${" is not a reference.
      note: { data: { text: "$${digitalocean_spaces_bucket.bucket.name}" } },
    },
    helm_release: {
      app: {
        chart: "harbor",
        values: ['bucket: "${digitalocean_spaces_bucket.bucket.name}"\n'],
        depends_on: ["kubernetes_secret_v1.db"],
      },
    },
  },
  output: { url: { value: "${helm_release.app.name}" } },
};

describe("dependencyGraph", () => {
  const graph = dependencyGraph(handMade);

  it("has one node per resource and data source, and nothing else", () => {
    expect([...graph.nodes.keys()].sort()).toEqual([
      "data.digitalocean_kubernetes_cluster.k8s",
      "digitalocean_database_cluster.db",
      "digitalocean_database_user.user",
      "digitalocean_spaces_bucket.bucket",
      "helm_release.app",
      "kubernetes_secret_v1.db",
      "kubernetes_secret_v1.note",
      "random_password.pw",
    ]);
  });

  it("reads references inside nested values and depends_on, ignoring var., local. and escaped $${", () => {
    const direct = (id: string) => graph.nodes.get(id)?.dependsOn;
    expect(direct("digitalocean_database_cluster.db")).toEqual(["data.digitalocean_kubernetes_cluster.k8s"]);
    expect(direct("digitalocean_database_user.user")).toEqual(["digitalocean_database_cluster.db"]);
    expect(direct("digitalocean_spaces_bucket.bucket")).toEqual([]);
    expect(direct("kubernetes_secret_v1.db")).toEqual(["digitalocean_database_user.user", "random_password.pw"]);
    expect(direct("kubernetes_secret_v1.note")).toEqual([]);
    expect(direct("helm_release.app")).toEqual(["digitalocean_spaces_bucket.bucket", "kubernetes_secret_v1.db"]);
  });

  it("splits interpolations, keeping nested braces inside one expression", () => {
    expect(interpolations('a ${x.y} b ${ { k = "v" }[z.w] } $${lit.eral}')).toEqual(["x.y", ' { k = "v" }[z.w] ']);
  });
});

describe("dependsOn", () => {
  const graph = dependencyGraph(handMade);

  it("follows dependencies transitively, in one direction only", () => {
    expect(dependsOn(graph, "helm_release.app", "data.digitalocean_kubernetes_cluster.k8s")).toBe(true);
    expect(dependsOn(graph, "data.digitalocean_kubernetes_cluster.k8s", "helm_release.app")).toBe(false);
    expect(dependsOn(graph, "digitalocean_spaces_bucket.bucket", "digitalocean_database_cluster.db")).toBe(false);
    expect(dependsOn(graph, "kubernetes_secret_v1.note", "digitalocean_spaces_bucket.bucket")).toBe(false);
  });

  it("rejects unknown ids instead of answering false", () => {
    expect(() => dependsOn(graph, "helm_release.app", "helm_release.typo")).toThrow(/unknown node helm_release.typo/);
  });
});

describe("longestChain", () => {
  const graph = dependencyGraph(handMade);

  it("counts nodes", () => {
    expect(longestChain(graph, { weight: "count" })).toEqual({
      nodes: [
        "data.digitalocean_kubernetes_cluster.k8s",
        "digitalocean_database_cluster.db",
        "digitalocean_database_user.user",
        "kubernetes_secret_v1.db",
        "helm_release.app",
      ],
      total: 5,
    });
  });

  it("weighs nodes by estimated creation time", () => {
    // 0 (data) + 480 (database) + 5 (user) + 1 (secret) + 600 (Harbor's release)
    expect(longestChain(graph).total).toBe(1086);
    // The bucket path is lighter, but wins when the weights say so.
    const bucketHeavy = longestChain(graph, { weight: (n) => (n.type === "digitalocean_spaces_bucket" ? 10_000 : 1) });
    expect(bucketHeavy.nodes).toEqual(["digitalocean_spaces_bucket.bucket", "helm_release.app"]);
  });

  it("rejects a dependency cycle", () => {
    const cyclic = dependencyGraph({
      resource: {
        null_resource: { a: { depends_on: ["null_resource.b"] }, b: { triggers: { x: "${null_resource.a.id}" } } },
      },
    });
    expect(() => longestChain(cyclic)).toThrow(
      /dependency cycle: null_resource.a -> null_resource.b -> null_resource.a/,
    );
  });

  it("is empty for an empty stack", () => {
    expect(longestChain(dependencyGraph({}))).toEqual({ nodes: [], total: 0 });
  });
});

describe("the example stack (harbor.config.example.yaml)", () => {
  const example = readFileSync(join(__dirname, "..", "..", "harbor.config.example.yaml"), "utf8");
  const json = synthConfig(example)["harbor-prod"];
  const graph = dependencyGraph(json);
  /** The only resource of a type whose logical id starts with `prefix`. */
  const node = (type: string, prefix: string): string => {
    const names = Object.keys(resources(json, type)).filter((name) => name.startsWith(prefix));
    expect(names).toHaveLength(1);
    return `${type}.${names[0]}`;
  };
  const postgres = node("digitalocean_database_cluster", "Postgres_");
  const valkey = node("digitalocean_database_cluster", "Valkey_");
  const bucket = node("digitalocean_spaces_bucket", "Bucket_");
  const harborRelease = `helm_release.${Object.entries(resources(json, "helm_release")).find(([, r]) => r.chart === "harbor")?.[0]}`;

  it("creates PostgreSQL, Valkey and the bucket in parallel: none depends on another", () => {
    for (const a of [postgres, valkey, bucket]) {
      for (const b of [postgres, valkey, bucket]) {
        if (a !== b) expect({ a, b, dependsOn: dependsOn(graph, a, b) }).toEqual({ a, b, dependsOn: false });
      }
    }
  });

  it("installs Harbor after the whole data layer and every Kubernetes Secret", () => {
    const secrets = Object.keys(resources(json, "kubernetes_secret_v1")).map((name) => `kubernetes_secret_v1.${name}`);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const upstream = [
      postgres,
      valkey,
      bucket,
      node("digitalocean_spaces_key", "Bucket_"),
      node("digitalocean_database_user", "Postgres_"),
      node("digitalocean_database_db", "Postgres_"),
      ...secrets,
    ];
    for (const id of upstream) {
      expect({ id, upstreamOfHarbor: dependsOn(graph, harborRelease, id) }).toEqual({ id, upstreamOfHarbor: true });
      expect({ id, downstreamOfHarbor: dependsOn(graph, id, harborRelease) }).toEqual({
        id,
        downstreamOfHarbor: false,
      });
    }
  });

  it("ends the critical path at Harbor's release (or downstream of it)", () => {
    const chain = longestChain(graph);
    const last = chain.nodes[chain.nodes.length - 1];
    expect(last === harborRelease || dependsOn(graph, last, harborRelease)).toBe(true);
    expect(chain.nodes).toContain(harborRelease);
    // It goes through one of the managed databases, the slowest things to create before Harbor.
    expect(chain.nodes.some((id) => id === postgres || id === valkey)).toBe(true);
    expect(criticalPathReport(json)).toContain(harborRelease);
  });
});
