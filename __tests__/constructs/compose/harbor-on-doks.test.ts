// HarborOnDoks: a whole instance on an existing DOKS cluster, alone or served by an IngressPlatform; what later
// changes of its inputs do, what destroy does, and the values (and combinations) it refuses.
import { App, TerraformStack, Testing } from "cdktf";
import { HarborOnDoks, HarborOnDoksProps } from "../../../constructs/compose/harbor-on-doks";
import { IngressPlatform } from "../../../constructs/compose/ingress-platform";
import { ExistingDoksCluster } from "../../../constructs/digitalocean/existing-doks-cluster";
import {
  TRAEFIK_SERVERS_SCHEME_ANNOTATION,
  TRAEFIK_SERVERS_TRANSPORT_ANNOTATION,
} from "../../../constructs/harbor/traefik-backend";
import { validationError } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const PROPS: HarborOnDoksProps = {
  name: "prod",
  region: "fra1",
  hostname: "registry.example.com",
  clusterName: "prod-doks",
  bucketName: "prod-registry-blobs",
};
const ISSUERS = { email: "ops@example.com", challenge: { type: "http01" } } as const;

/**
 * `parts` with `json`, the stack's synthesis, made on first read (a test that only expects a refusal, or builds a
 * first instance to collide with, synthesizes nothing) and parsed anew on every read (a test may change it).
 */
function synthesizedOnRead<T extends { readonly stack: TerraformStack }>(parts: T): T & { readonly json: Json } {
  let text: string | undefined;
  return Object.defineProperty(parts, "json", {
    get: () => JSON.parse((text ??= Testing.synth(parts.stack))) as Json,
  }) as T & { readonly json: Json };
}

/**
 * What alone() and served() built for props a test gave before, in an app of their own (props then hold no construct).
 * The tests that get it share it: they read it (attributes, `json`) and never add to it.
 */
const built = new Map<string, unknown>();
function once<T>(props: unknown, build: () => T): T {
  // A prop given as undefined (to unset a default of PROPS) is part of the key; a function cannot be.
  const key = JSON.stringify(props, (name, value: unknown) => {
    if (typeof value === "function") throw new Error(`once(): prop ${name} is a function, which no key can tell apart`);
    return value === undefined ? "(undefined)" : value;
  });
  if (!built.has(key)) built.set(key, build());
  return built.get(key) as T;
}

function alone(props: Partial<HarborOnDoksProps> = {}, app?: App, stackId = "s") {
  const build = () => {
    const stack = new TerraformStack(app ?? Testing.app(), stackId);
    const instance = new HarborOnDoks(stack, "Registry", { ...PROPS, ...props });
    return synthesizedOnRead({ stack, instance });
  };
  return app === undefined ? once(["alone", stackId, props], build) : build();
}

/** The platform and one instance in one stack, sharing one cluster lookup (the docs example's shape). */
function served(props: Partial<HarborOnDoksProps> = {}, servedNamespaces = ["harbor"]) {
  return once(["served", props, servedNamespaces], () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "prod-doks", region: "fra1" });
    const platform = new IngressPlatform(stack, "Platform", {
      cluster,
      servedNamespaces,
      hairpinHostname: "registry.example.com",
    });
    const instance = new HarborOnDoks(stack, "Registry", {
      ...PROPS,
      clusterName: undefined,
      cluster,
      platform,
      issuers: ISSUERS,
      ...props,
    });
    return synthesizedOnRead({ stack, platform, instance });
  });
}

const ofType = (json: Json, type: string) => Object.values((json.resource?.[type] ?? {}) as Record<string, Json>);
const releaseNamed = (json: Json, name: string) =>
  Object.entries(json.resource.helm_release as Record<string, Json>).find(([, r]) => r.name === name) as [string, Json];

describe("HarborOnDoks", () => {
  it("alone: looks the cluster up and creates PostgreSQL, Valkey, the bucket and Harbor behind a ClusterIP", () => {
    const { json, instance } = alone();
    expect(Object.values(json.data.digitalocean_kubernetes_cluster as Record<string, Json>)[0].name).toBe("prod-doks");
    expect(ofType(json, "digitalocean_database_cluster").map((c) => [c.name, c.engine])).toEqual([
      ["harbor-prod-pg", "pg"],
      ["harbor-prod-valkey", "valkey"],
    ]);
    expect(ofType(json, "digitalocean_spaces_bucket").map((b) => b.name)).toEqual(["prod-registry-blobs"]);
    expect(instance.harbor.valuesYaml).toContain("type: clusterIP");
    expect(instance.backup).toBeUndefined();
    expect(instance.harbor.serversTransports).toEqual([]);
    for (const cluster of ofType(json, "digitalocean_database_cluster")) {
      expect(cluster.tags).toEqual(["harbor", "harbor-prod"]);
    }
  });

  it("existing clusters: a database and user named after the instance in them, nothing created", () => {
    const { json, instance } = alone({
      postgres: { existingClusterName: "shared-pg" },
      cache: { existingClusterName: "shared-valkey" },
    });
    expect(ofType(json, "digitalocean_database_cluster")).toEqual([]);
    expect(ofType(json, "digitalocean_database_db").map((d) => d.name)).toEqual(["harbor_prod"]);
    expect(Object.values(json.data.digitalocean_database_cluster as Record<string, Json>).map((c) => c.name)).toEqual([
      "shared-pg",
      "shared-valkey",
    ]);
    expect(instance.cache.clusterId).toContain("TfToken");
  });

  it("backup and metrics when asked", () => {
    const { instance, json } = alone({ backup: { bucketName: "prod-backup", region: "ams3" }, metrics: true });
    expect(instance.backup).toBeDefined();
    expect(
      ofType(json, "digitalocean_spaces_bucket")
        .map((b) => b.name)
        .sort(),
    ).toEqual(["prod-backup", "prod-registry-blobs"]);
    expect(instance.harbor.valuesYaml).toMatch(/metrics:\n\s+enabled: true/);
  });

  describe("served by an IngressPlatform in the same stack", () => {
    it("an Ingress of Traefik's class with the Issuer of its namespace and backend TLS to core and portal", () => {
      const { instance } = served();
      const values = instance.harbor.valuesYaml;
      expect(values).toContain("kubernetes.io/ingress.class: traefik");
      expect(values).toContain("cert-manager.io/issuer: letsencrypt-prod");
      expect(values).toContain(TRAEFIK_SERVERS_SCHEME_ANNOTATION);
      expect(values).toContain(TRAEFIK_SERVERS_TRANSPORT_ANNOTATION);
    });

    it("letsEncryptStaging: the staging Issuer names the certificate (a change re-issues it; nothing is replaced)", () => {
      const before = served();
      const after = served({ letsEncryptStaging: true });
      expect(after.instance.harbor.valuesYaml).toContain("cert-manager.io/issuer: letsencrypt-staging");
      const [idBefore] = releaseNamed(before.json, "harbor");
      const [idAfter, harbor] = releaseNamed(after.json, "harbor");
      expect([idAfter, harbor.name]).toEqual([idBefore, "harbor"]);
    });

    it("its namespace objects cannot be applied before the CRDs: depends_on both platform releases", () => {
      const { json } = served();
      const [traefikId] = releaseNamed(json, "traefik");
      const [certManagerId] = releaseNamed(json, "cert-manager");
      expect(releaseNamed(json, "harbor-namespace")[1].depends_on).toEqual(
        expect.arrayContaining([`helm_release.${traefikId}`, `helm_release.${certManagerId}`]),
      );
    });

    it("one cluster lookup and one pair of kubernetes/helm providers for both", () => {
      const { json } = served();
      expect(Object.keys(json.data.digitalocean_kubernetes_cluster)).toHaveLength(1);
      expect(Object.keys(json.provider).sort()).toEqual(["helm", "kubernetes"]);
    });

    it("dnsZone: an A record for the hostname at the platform's load balancer, read from the platform in one stack", () => {
      const { json, instance, platform } = served({ dnsZone: "example.com" });
      const records = ofType(json, "digitalocean_record").sort((a, b) => (a.type as string).localeCompare(b.type));
      // With the A record, a CAA record limits issuance for the name to Let's Encrypt.
      expect(records.map((r) => [r.domain, r.type, r.name, r.ttl])).toEqual([
        ["example.com", "A", "registry", 300],
        ["example.com", "CAA", "registry", 3600],
      ]);
      expect(instance.loadBalancerIp).toBe(platform.loadBalancerIp);
      // One lookup of the load balancer: the platform's, which waits for Traefik.
      expect(Object.keys(json.data.digitalocean_loadbalancer)).toHaveLength(1);
      expect(records[0].value).toMatch(/^\$\{data\.digitalocean_loadbalancer\..*\.ip\}$/);
    });

    it("dnsZone, later changes: a new hostname renames the record in place; a new zone replaces it", () => {
      // digitalocean/terraform-provider-digitalocean v2.71.0, digitalocean/domain/resource_record.go: `domain` and
      // `type` are ForceNew, `name`, `value` and `ttl` are updated in place.
      const before = ofType(served({ dnsZone: "example.com" }).json, "digitalocean_record")[0];
      const renamed = ofType(
        served({ dnsZone: "example.com", hostname: "hub.example.com" }).json,
        "digitalocean_record",
      )[0];
      expect([renamed.domain, renamed.type, renamed.name]).toEqual([before.domain, before.type, "hub"]);
      const moved = ofType(
        served({ dnsZone: "registry.example.com", hostname: "registry.example.com" }).json,
        "digitalocean_record",
      )[0];
      expect([moved.domain, moved.name]).toEqual(["registry.example.com", "@"]);
    });

    it("in another stack: this stack depends on the platform's", () => {
      const app = Testing.app();
      const platformStack = new TerraformStack(app, "platform");
      const platform = new IngressPlatform(platformStack, "Platform", {
        clusterName: "prod-doks",
        servedNamespaces: ["harbor"],
        hairpinHostname: "registry.example.com",
      });
      const { stack, json, instance } = alone({ platform, issuers: ISSUERS }, app);
      expect(stack.dependencies).toEqual([platformStack]);
      // The load balancer's address is read by its name (no cross-stack output).
      // Named after this stack's own lookup of the same cluster: harbor-<cluster id>.
      expect(Object.values(json.data.digitalocean_loadbalancer as Record<string, Json>)[0].name).toMatch(
        /^harbor-\$\{data\.digitalocean_kubernetes_cluster\..*\.id\}$/,
      );
      expect(instance.loadBalancerIp).toContain("TfToken");
    });

    it("in a namespace the platform was not given: the platform serves it (the namespace's lookup, Roles and watch)", () => {
      const { platform, json } = served({ namespace: "registry" });
      expect(platform.servedNamespaces).toEqual(["harbor", "registry"]);
      const lookups = ofType({ resource: json.data }, "kubernetes_namespace_v1").map((l) => l.metadata.name);
      expect(lookups.sort()).toEqual(["harbor", "registry"]);
      for (const id of ["WatchedNamespaces", "TraefikAccessNamespaces"]) {
        const [, expression] = Object.entries(json.locals as Record<string, string>).find(([k]) => k.includes(id))!;
        expect([id, expression]).toEqual([id, expect.stringContaining('"registry"')]);
      }
    });

    it("in another stack: the platform's own stack serves the namespace (serveNamespace changes only the platform)", () => {
      const app = Testing.app();
      const platformStack = new TerraformStack(app, "platform");
      const platform = new IngressPlatform(platformStack, "Platform", {
        clusterName: "prod-doks",
        hairpinHostname: "registry.example.com",
        nodePool: "platform",
        tenantNodePolicy: true,
      });
      const { json: instanceJson } = alone({ platform, issuers: ISSUERS, namespace: "registry" }, app);
      expect(platform.servedNamespaces).toEqual(["registry"]);
      const json = JSON.parse(Testing.synth(platformStack)) as Json;
      const lookups = ofType({ resource: json.data }, "kubernetes_namespace_v1").map((l) => l.metadata.name);
      expect(lookups).toEqual(["registry"]);
      expect(Object.values(json.locals).join()).toContain('"registry"');
      const policies = releaseNamed(json, "platform-policies")[1].values[0] as string;
      for (const ns of ["registry", "registry-db-grant", "registry-backup"]) expect(policies).toContain(`- ${ns}\n`);
      // Nothing of the platform lands in the instance's stack (no cross-stack reference for the list).
      expect(instanceJson.data.kubernetes_namespace_v1).toBeUndefined();
      expect(JSON.stringify(instanceJson)).not.toContain("cross-stack");
    });

    it("in another stack, a load balancer name given to the platform is the one looked up", () => {
      const app = Testing.app();
      const platform = new IngressPlatform(new TerraformStack(app, "platform"), "Platform", {
        clusterName: "prod-doks",
        servedNamespaces: ["harbor"],
        hairpinHostname: "registry.example.com",
        loadBalancerName: "edge-prod",
      });
      const { json } = alone({ platform, issuers: ISSUERS }, app);
      expect(Object.values(json.data.digitalocean_loadbalancer as Record<string, Json>)[0].name).toBe("edge-prod");
    });
  });

  describe("later changes", () => {
    it("name renames the created clusters: `name` is ForceNew, so a replacement that protect refuses", () => {
      // digitalocean/terraform-provider-digitalocean v2.71.0, digitalocean/database/resource_database_cluster.go:
      // "name" has ForceNew: true.
      const before = ofType(alone().json, "digitalocean_database_cluster");
      const after = ofType(alone({ name: "main" }).json, "digitalocean_database_cluster");
      expect(after.map((c) => c.name)).toEqual(["harbor-main-pg", "harbor-main-valkey"]);
      for (const cluster of [...before, ...after]) expect(cluster.lifecycle.prevent_destroy).toBe(true);
    });

    it("size and nodeCount change only those attributes (a resize in place: HasChanges(size, node_count))", () => {
      const before = ofType(alone().json, "digitalocean_database_cluster")[0];
      const after = ofType(
        alone({ postgres: { size: "db-s-2vcpu-4gb", nodeCount: 3 } }).json,
        "digitalocean_database_cluster",
      )[0];
      const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
      expect(changed.sort()).toEqual(["node_count", "size"]);
    });

    it("hostname changes Harbor's values only (a helm upgrade in place), not the data layer", () => {
      const before = alone().json;
      const after = alone({ hostname: "hub.example.com" }).json;
      for (const type of ["digitalocean_database_cluster", "digitalocean_spaces_bucket"]) {
        expect(ofType(after, type)).toEqual(ofType(before, type));
      }
      const [idBefore, harborBefore] = releaseNamed(before, "harbor");
      const [idAfter, harborAfter] = releaseNamed(after, "harbor");
      expect(idAfter).toBe(idBefore);
      expect([harborAfter.name, harborAfter.namespace]).toEqual([harborBefore.name, harborBefore.namespace]);
      expect(harborAfter.values).not.toEqual(harborBefore.values);
    });

    it("a second instance added later updates the platform's Traefik release in place (values through locals)", () => {
      const platformWith = (namespaces: string[]) => {
        const app = Testing.app();
        const platformStack = new TerraformStack(app, "platform");
        const platform = new IngressPlatform(platformStack, "Platform", {
          clusterName: "prod-doks",
          hairpinHostname: "registry.example.com",
        });
        namespaces.forEach((namespace, i) =>
          alone(
            {
              platform,
              issuers: ISSUERS,
              namespace,
              name: `i${i}`,
              hostname: `i${i}.example.com`,
              bucketName: `blobs-${i}`,
            },
            app,
            `instance${i}`,
          ),
        );
        return JSON.parse(Testing.synth(platformStack)) as Json;
      };
      const before = platformWith(["harbor"]);
      const after = platformWith(["harbor", "harbor-dev"]);
      // hashicorp/terraform-provider-helm v3.1.1 helm/resource_helm_release.go: `name` and `namespace` are
      // RequiresReplace; `values` has no plan modifier, so new values are an update in place (helm upgrade). Same
      // address, name and namespace: the releases' values read the locals, whose new value Terraform interpolates
      // at plan, so Terraform updates both releases in place (Traefik restarts with the longer watch list).
      for (const name of ["traefik", "traefik-access"])
        expect(releaseNamed(after, name)).toEqual(releaseNamed(before, name));
      expect(Object.values(after.locals).join()).toContain('"harbor-dev"');
      expect(Object.values(before.locals).join()).not.toContain('"harbor-dev"');
      expect(Object.keys(after.data.kubernetes_namespace_v1)).toEqual(
        expect.arrayContaining(Object.keys(before.data.kubernetes_namespace_v1)),
      );
    });

    it("namespace moves Harbor: helm_release namespace is RequiresReplace (terraform-provider-helm v3.1.1)", () => {
      const namespaces = (json: Json) =>
        ofType(json, "kubernetes_namespace_v1")
          .map((n) => n.metadata.name)
          .sort();
      expect(namespaces(alone().json)).toEqual(["harbor", "harbor-db-grant"]);
      // The release takes its namespace from the namespace resource, which is replaced under its new name.
      expect(namespaces(alone({ namespace: "registry" }).json)).toEqual(["registry", "registry-db-grant"]);
    });
  });

  describe("destroy", () => {
    it("protect (the default) refuses to destroy the databases, the bucket and Harbor's secret key", () => {
      const { json } = alone({ backup: { bucketName: "prod-backup", region: "ams3" } });
      for (const type of ["digitalocean_database_cluster", "digitalocean_spaces_bucket"]) {
        for (const r of ofType(json, type)) expect([type, r.lifecycle?.prevent_destroy]).toEqual([type, true]);
      }
      const secretKey = Object.entries(json.resource.random_password as Record<string, Json>).find(([id]) =>
        id.includes("SecretKeyValue"),
      ) as [string, Json];
      expect(secretKey[1].lifecycle.prevent_destroy).toBe(true);
    });

    it("protect: false lets destroy remove them", () => {
      const { json } = alone({ protect: false });
      for (const type of ["digitalocean_database_cluster", "digitalocean_spaces_bucket", "random_password"]) {
        for (const r of ofType(json, type)) expect(r.lifecycle?.prevent_destroy ?? false).toBe(false);
      }
    });
  });

  describe("refuses (bad props)", () => {
    it("a hostile or mistaken instance name", () => {
      for (const name of ["Prod", "a", "prod-", "x".repeat(21), "prod;rm -rf"]) {
        validationError(() => alone({ name }), "name");
      }
    });

    it("no cluster, or both cluster and clusterName", () => {
      validationError(() => alone({ clusterName: undefined }), "cluster");
      const stack = new TerraformStack(Testing.app(), "s");
      const cluster = new ExistingDoksCluster(stack, "C", { clusterName: "prod-doks" });
      validationError(() => new HarborOnDoks(stack, "R", { ...PROPS, cluster }), "cluster");
    });

    it("a platform of another cluster", () => {
      const stack = new TerraformStack(Testing.app(), "s");
      const platform = new IngressPlatform(stack, "P", {
        clusterName: "other-doks",
        servedNamespaces: ["harbor"],
        hairpinHostname: "registry.example.com",
      });
      const stack2 = new TerraformStack(stack.node.root as App, "s2");
      const error = validationError(
        () => new HarborOnDoks(stack2, "R", { ...PROPS, platform, issuers: ISSUERS }),
        "platform",
      );
      expect(error.message).toContain('"other-doks"');
    });

    it("a platform without issuers or an expose of its own", () => {
      validationError(() => served({ issuers: undefined }), "issuers");
    });

    it("dnsZone without a platform, or a zone that does not contain the hostname", () => {
      validationError(() => alone({ dnsZone: "example.com" }), "dnsZone");
      const error = validationError(() => served({ dnsZone: "example.org" }), "dnsZone");
      expect(error.message).toContain('contains the hostname "registry.example.com"');
      validationError(() => served({ dnsZone: "ample.com" }), "dnsZone");
    });

    it("two instances in one namespace of a cluster, even in two stacks", () => {
      const app = Testing.app();
      alone({}, app, "a");
      const dev = { name: "dev", hostname: "hub.example.com", bucketName: "dev-blobs" };
      const error = validationError(() => alone(dev, app, "b"), "namespace");
      expect(error.message).toContain("a/Registry");
      expect(() => alone({ ...dev, name: "dev2", namespace: "harbor-dev" }, app, "c")).not.toThrow();
    });

    it("two instances on one cluster that disagree about its region", () => {
      const app = Testing.app();
      alone({}, app, "a");
      validationError(
        () =>
          alone(
            {
              name: "dev",
              hostname: "hub.example.com",
              bucketName: "dev-blobs",
              namespace: "harbor-dev",
              region: "ams3",
            },
            app,
            "b",
          ),
        "region",
      );
    });

    it("two instances on one existing Valkey", () => {
      const app = Testing.app();
      const cache = { existingClusterName: "shared-valkey" };
      alone({ cache }, app, "a");
      validationError(
        () =>
          alone(
            { name: "dev", clusterName: "dev-doks", hostname: "hub.example.com", bucketName: "dev-blobs", cache },
            app,
            "b",
          ),
        "cache.existingClusterName",
      );
    });

    it("two instances with one name, host name or bucket, anywhere in the app", () => {
      const app = Testing.app();
      alone({}, app, "a");
      const elsewhere = { clusterName: "dev-doks" };
      validationError(
        () => alone({ ...elsewhere, hostname: "hub.example.com", bucketName: "dev-blobs" }, app, "b"),
        "name",
      );
      validationError(() => alone({ ...elsewhere, name: "dev", bucketName: "dev-blobs" }, app, "c"), "hostname");
      validationError(() => alone({ ...elsewhere, name: "dev", hostname: "hub.example.com" }, app, "d"), "bucketName");
      validationError(
        () =>
          alone(
            {
              ...elsewhere,
              name: "dev",
              hostname: "hub.example.com",
              bucketName: "dev-blobs",
              backup: { bucketName: "prod-registry-blobs", region: "ams3" },
            },
            app,
            "e",
          ),
        "backup.bucketName",
      );
    });

    it("a backup into the instance's own bucket", () => {
      const error = validationError(
        () => alone({ backup: { bucketName: "prod-registry-blobs", region: "ams3" } }),
        "backup.bucketName",
      );
      expect(error.message).toContain("a bucket of its own");
    });

    it("an existing cluster that another instance creates", () => {
      const app = Testing.app();
      alone({}, app, "a");
      const dev = { name: "dev", clusterName: "dev-doks", hostname: "hub.example.com", bucketName: "dev-blobs" };
      const error = validationError(
        () => alone({ ...dev, postgres: { existingClusterName: "harbor-prod-pg" } }, app, "b"),
        "postgres.existingClusterName",
      );
      expect(error.message).toContain("a/Registry");
      validationError(
        () => alone({ ...dev, cache: { existingClusterName: "harbor-prod-valkey" } }, app, "c"),
        "cache.existingClusterName",
      );
    });

    it("DNS-01 issuers without credentials, and behind a platform without dns01", () => {
      validationError(
        () =>
          served({
            issuers: {
              email: "ops@example.com",
              challenge: { type: "dns01", provider: "cloudflare", zones: ["example.com"] },
            },
          }),
        "issuers.dnsCredentials",
      );
      validationError(
        () =>
          served({
            issuers: {
              email: "ops@example.com",
              challenge: { type: "dns01", provider: "cloudflare", zones: ["example.com"] },
              dnsCredentials: { "api-token": "t" },
            },
          }),
        "issuers.challenge",
      );
    });

    it("values the parts refuse, named with the part's path", () => {
      validationError(() => alone({ hostname: "https://registry.example.com" }), "hostname");
      validationError(() => alone({ postgres: { nodeCount: 7 } }), "nodeCount");
      validationError(() => alone({ bucketName: "Bad_Bucket" }), "bucketName");
      validationError(() => alone({ backup: { bucketName: "prod-backup", region: "fra1" } }), "region");
    });
  });
});
