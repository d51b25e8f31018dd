import { spawnSync } from "node:child_process";
import { Document, isScalar, parse, visit } from "yaml";
import {
  EXPORTER_REPLICAS,
  HARBOR_METRICS_PORT,
  HarborValuesInput,
  REGISTRY_DEBUG_ADDR,
  TRIVY_CHART_REDIS_URL_RENAMED,
  VALKEY_ENV,
  VALKEY_PASSWORD_HASH_ANNOTATION,
  buildHarborValues,
  harborSecretNames,
  trivyPostRenderScript,
  valkeySecretData,
} from "../../../constructs/harbor/harbor-values";
import { toHelmValuesYaml } from "../../../constructs/core/helm-values";
import { HARBOR_VALUES_INPUT } from "../../helpers";

const base: HarborValuesInput = HARBOR_VALUES_INPUT;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Values = Record<string, any>;
const COMPONENTS = ["core", "portal", "registry", "jobservice", "trivy"];

describe("buildHarborValues", () => {
  describe("ha profile", () => {
    const values: Values = buildHarborValues(base);

    it.each(COMPONENTS.concat("nginx"))("runs 2 %s replicas with a PDB, spread over nodes", (component) => {
      expect(values[component].replicas).toBe(2);
      expect(values[component].podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
      expect(values[component].topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" },
      ]);
    });

    it("uses the external database over TLS with the derived pool", () => {
      expect(values.database).toEqual({
        type: "external",
        external: {
          host: "pg.internal",
          port: "25060",
          username: "harbor",
          coreDatabase: "registry",
          existingSecret: "harbor-doks-database",
          sslmode: "require",
        },
        maxOpenConns: 7,
        maxIdleConns: 4,
      });
    });

    it("uses external Valkey over TLS and gives the chart no password, neither inline nor by Secret name", () => {
      // With `existingSecret` (or `password`) the chart writes the password into its ConfigMaps.
      expect(values.redis).toEqual({
        type: "external",
        external: {
          addr: "valkey.internal:25061",
          tlsOptions: { enable: true },
          coreDatabaseIndex: "0",
          jobserviceDatabaseIndex: "1",
          registryDatabaseIndex: "2",
          trivyAdapterIndex: "5",
        },
      });
      expect(values).not.toHaveProperty("caBundleSecretName");
    });

    // Where each component's extraEnvVars live in chart 1.19.1 (registry's container is nested).
    const envOf: Record<keyof typeof VALKEY_ENV, (v: Values) => unknown> = {
      core: (v) => v.core.extraEnvVars,
      jobservice: (v) => v.jobservice.extraEnvVars,
      registry: (v) => v.registry.registry.extraEnvVars,
      trivy: (v) => v.trivy.extraEnvVars,
      exporter: (v) => v.exporter.extraEnvVars,
    };

    it.each(Object.keys(VALKEY_ENV) as (keyof typeof VALKEY_ENV)[])(
      "%s reads its Valkey variables from the Valkey Secret and carries the password hash",
      (component) => {
        expect(envOf[component](values)).toEqual(
          VALKEY_ENV[component].map((name) => ({
            name,
            valueFrom: { secretKeyRef: { name: "harbor-doks-valkey", key: name } },
          })),
        );
        expect(values[component].podAnnotations).toEqual({
          [VALKEY_PASSWORD_HASH_ANNOTATION]: "hash-of-the-password",
        });
      },
    );

    it("pins the exact variable names Harbor 2.15.1 reads", () => {
      expect(VALKEY_ENV).toEqual({
        core: ["_REDIS_URL_CORE", "_REDIS_URL_REG"],
        jobservice: ["JOB_SERVICE_POOL_REDIS_URL"],
        registry: ["REGISTRY_REDIS_PASSWORD"],
        trivy: ["SCANNER_REDIS_URL"],
        exporter: ["HARBOR_REDIS_URL"],
      });
    });

    it("stores blobs in Spaces and lets clients fetch them directly", () => {
      expect(values.persistence.imageChartStorage).toEqual({
        type: "s3",
        disableredirect: false,
        s3: {
          existingSecret: "harbor-doks-s3",
          bucket: "blobs",
          region: "fra1",
          regionendpoint: "https://fra1.digitaloceanspaces.com",
          rootdirectory: "/harbor",
          secure: true,
          v4auth: true,
        },
      });
    });

    it("logs jobs to the database and rolls updates", () => {
      expect(values.jobservice.jobLoggers).toEqual(["database"]);
      expect(values.updateStrategy).toEqual({ type: "RollingUpdate" });
      expect(values.trivy.enabled).toBe(true);
    });

    it("takes every chart secret from an existing Secret", () => {
      expect(values.existingSecretAdminPassword).toBe("harbor-doks-admin");
      expect(values.existingSecretSecretKey).toBe("harbor-doks-secret-key");
      expect(values.core).toMatchObject({
        existingSecret: "harbor-doks-core-secret",
        existingXsrfSecret: "harbor-doks-xsrf",
        existingXsrfSecretKey: "CSRF_KEY",
        secretName: "harbor-doks-token-cert",
      });
      expect(values.registry.credentials).toEqual({
        username: "harbor_registry_user",
        existingSecret: "harbor-doks-registry-credentials",
      });
      expect(values).not.toHaveProperty("harborAdminPassword");
      expect(values).not.toHaveProperty("secretKey");
    });

    it("exposes a ClusterIP service with a generated certificate for the hostname", () => {
      expect(values.externalURL).toBe("https://registry.example.com");
      expect(values.expose).toEqual({
        type: "clusterIP",
        tls: { enabled: true, certSource: "auto", auto: { commonName: "registry.example.com" } },
      });
    });
  });

  describe("dev profile", () => {
    const values: Values = buildHarborValues({ ...base, replicas: 1, highAvailability: false });

    it.each(COMPONENTS)("runs one %s replica without a PDB", (component) => {
      expect(values[component].replicas).toBe(1);
      expect(values[component]).not.toHaveProperty("podDisruptionBudget");
      expect(values[component]).not.toHaveProperty("topologySpreadConstraints");
    });
  });

  describe("ingress", () => {
    const ingress = (keepChartAnnotations: boolean): Values =>
      buildHarborValues({
        ...base,
        expose: {
          type: "ingress",
          className: "traefik",
          issuer: { kind: "ClusterIssuer", name: "letsencrypt-prod" },
          tlsSecretName: "harbor-tls",
          keepChartAnnotations,
        },
      });

    it("uses the class, the issued certificate and nulls the chart's nginx annotations", () => {
      const values = ingress(false);
      expect(values.expose).toEqual({
        type: "ingress",
        tls: { enabled: true, certSource: "secret", secret: { secretName: "harbor-tls" } },
        ingress: {
          className: "traefik",
          hosts: { core: "registry.example.com" },
          annotations: {
            "ingress.kubernetes.io/ssl-redirect": null,
            "ingress.kubernetes.io/proxy-body-size": null,
            "nginx.ingress.kubernetes.io/ssl-redirect": null,
            "nginx.ingress.kubernetes.io/proxy-body-size": null,
            "cert-manager.io/cluster-issuer": "letsencrypt-prod",
          },
        },
      });
      expect(values).not.toHaveProperty("nginx");
    });

    it("keeps the chart's annotations for an existing controller", () => {
      expect(ingress(true).expose.ingress.annotations).toEqual({
        "cert-manager.io/cluster-issuer": "letsencrypt-prod",
      });
    });
  });
});

describe("valkeySecretData", () => {
  const data = valkeySecretData({ host: "h.internal", port: "25061", password: "p@ss", urlEncodedPassword: "p%40ss" });

  it("has one key per variable any component reads", () => {
    expect(Object.keys(data).sort()).toEqual(Object.values(VALKEY_ENV).flat().sort());
  });

  it("builds the URLs exactly as the chart's helpers would with the password (rediss, empty user, db, query)", () => {
    expect(data).toEqual({
      _REDIS_URL_CORE: "rediss://:p%40ss@h.internal:25061/0?idle_timeout_seconds=30",
      _REDIS_URL_REG: "rediss://:p%40ss@h.internal:25061/2?idle_timeout_seconds=30",
      JOB_SERVICE_POOL_REDIS_URL: "rediss://:p%40ss@h.internal:25061/1",
      REGISTRY_REDIS_PASSWORD: "p@ss",
      SCANNER_REDIS_URL: "rediss://:p%40ss@h.internal:25061/5?idle_timeout_seconds=30",
      HARBOR_REDIS_URL: "rediss://:p%40ss@h.internal:25061/1",
    });
  });
});

describe("trivyPostRenderScript", () => {
  // The trivy container's env as Helm renders it: the chart's own entry (quoted in its template) first, then ours
  // from extraEnvVars (unquoted, through toYaml).
  const rendered = [
    "kind: StatefulSet",
    "          env:",
    '            - name: "SCANNER_REDIS_URL"',
    "              valueFrom:",
    "                secretKeyRef:",
    "                  name: harbor-trivy",
    "                  key: redisURL",
    '            - name: "SCANNER_STORE_REDIS_URL"',
    "            - name: SCANNER_REDIS_URL",
    "              valueFrom:",
    "                secretKeyRef:",
    "                  key: SCANNER_REDIS_URL",
    "                  name: harbor-doks-valkey",
  ].join("\n");
  const run = (input: string) => spawnSync("sh", ["-c", trivyPostRenderScript()], { input, encoding: "utf8" });

  it("renames only the chart's entry, leaving ours the one SCANNER_REDIS_URL (Helm patches mishandle duplicates)", () => {
    const result = run(rendered);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      rendered.replace('- name: "SCANNER_REDIS_URL"', `- name: "${TRIVY_CHART_REDIS_URL_RENAMED}"`) + "\n",
    );
    expect(result.stdout.match(/- name: "?SCANNER_REDIS_URL"?$/gm)).toEqual(["- name: SCANNER_REDIS_URL"]);
  });

  it("fails the render, naming the cause, when a chart change would leave a duplicate", () => {
    const result = run(rendered.replace('- name: "SCANNER_REDIS_URL"', "- name: SCANNER_REDIS_URL"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/expected exactly one SCANNER_REDIS_URL env entry .* found 2/);
    expect(result.stdout).toBe("");
  });

  it("holds no Terraform template sequence", () => {
    expect(trivyPostRenderScript()).not.toMatch(/\$\{|%\{/);
  });
});

describe("toHelmValuesYaml", () => {
  it("writes one YAML document that parses back to the same values, without anchors", () => {
    const values = buildHarborValues(base);
    const yaml = toHelmValuesYaml(values);
    expect(parse(yaml)).toEqual(values);
    expect(yaml).not.toMatch(/[&*]a\d/);
  });

  it("double-quotes scalars that carry Terraform references, so they stay strings after interpolation", () => {
    const yaml = toHelmValuesYaml({ host: "${digitalocean_database_cluster.pg.private_host}", port: "25060" });
    expect(yaml).toContain('host: "${digitalocean_database_cluster.pg.private_host}"');
  });

  it("keeps null annotations as null", () => {
    expect(toHelmValuesYaml({ a: { b: null } })).toContain("b: null");
  });

  it("writes what yaml writes when every scalar with a reference is marked in the finished document", () => {
    // The plain way to the same output: build the document, then double-quote each scalar holding "${".
    const reference = (values: unknown) => {
      const document = new Document(values, { aliasDuplicateObjects: false });
      visit(document, {
        Scalar(_key, node) {
          if (isScalar(node) && typeof node.value === "string" && node.value.includes("${")) node.type = "QUOTE_DOUBLE";
        },
      });
      return document.toString({ lineWidth: 0 });
    };
    let seed = 7;
    const next = (n: number) => {
      // mulberry32: small, and every bit of it varies (a plain LCG's low bits repeat every few draws)
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    // Documents of every shape the builders make, from a fixed seed, over strings that need no quotes and over
    // strings that do: references in values, keys, lists and multi-line text, words YAML reads as other types,
    // indicators, numbers, booleans, nulls, empty collections.
    const plainStrings = [
      ...["plain", "${a.b.c}", "x-${a.b}-y", "yes", "https://a.example/x", "a/b_c.d", "_x", "k8s.io/n"],
      ...["25060", "", "true", "Null", "~"],
    ];
    const otherStrings = ["0.5", "-1", " lead", "a: b", "end:", "#x", "line\n${r.s}\nend", "é", '${"q"}', "a\\b"];
    const plainScalars = [0, 3, -1.5, 1e21, true, false, null];
    const documents = (strings: unknown[], count: number) => {
      const scalars = [...strings, ...plainScalars];
      const keys = strings.filter((string) => string !== "~");
      const value = (depth: number): unknown => {
        const kind = depth > 3 ? 0 : next(4);
        if (kind === 0 || kind === 1) return scalars[next(scalars.length)];
        if (kind === 2) return Array.from({ length: next(4) }, () => value(depth + 1));
        return Object.fromEntries(
          Array.from({ length: next(4) }, (_, i) => [`${keys[next(keys.length)]}${i}`, value(depth + 1)]),
        );
      };
      return Array.from({ length: count }, () =>
        Object.fromEntries([0, 1, 2, 3].map((i) => [`${keys[next(keys.length)]}${i}`, value(0)])),
      );
    };
    class Holder {
      constructor(readonly held = "${a.b}") {}
    }
    const all = [
      buildHarborValues(base),
      {},
      { only: undefined },
      // Keys about as long as yaml writes inline, as written (quoted or not).
      ...[1022, 1023, 1024, 1025].flatMap((length) => [
        { [`\${${"a".repeat(length - 3)}}`]: 1 },
        { [`${"1".repeat(length - 2)}`]: 1 },
        { [`k${"a".repeat(length - 1)}`]: 1 },
        { list: [{ [`\${${"a".repeat(length - 3)}}`]: 1 }] },
      ]),
      // Not plain data: yaml makes the nodes, and references in them are quoted all the same.
      { map: new Map([["k", "${x}"]]), set: new Set(["${y}"]), held: new Holder(), boxed: new String("${z}") },
      ...documents(plainStrings, 150),
      // Each value that needs quotes or escapes alone among plain ones: as a value, in a list, as a key.
      ...[...otherStrings, -0, Number.NaN, -Infinity].flatMap((other) => [
        { ...documents(plainStrings, 1)[0], other },
        { ...documents(plainStrings, 1)[0], other: [1, other] },
        { ...documents(plainStrings, 1)[0], [`${String(other)}`]: "v" },
      ]),
      ...documents([...plainStrings, ...otherStrings], 100),
    ];
    for (const values of all) expect(toHelmValuesYaml(values)).toBe(reference(values));
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter((values) => Object.keys(values).some((key) => key.includes("${"))).length).toBeGreaterThan(50);
  });
});

const DROP_REGISTRY_TARGET = {
  sourceLabels: ["__meta_kubernetes_pod_label_component"],
  regex: "registry",
  action: "drop",
};

describe("buildHarborValues metrics", () => {
  const off: Values = buildHarborValues(base);
  const on: Values = buildHarborValues({ ...base, metrics: { serviceMonitor: false } });
  const monitored: Values = buildHarborValues({ ...base, metrics: { serviceMonitor: true } });

  it("leaves metrics at the chart's default (off) when not asked", () => {
    expect(off).not.toHaveProperty("metrics");
    expect(off.exporter).not.toHaveProperty("replicas");
  });

  it("enables the exporter and the core, registry and jobservice endpoints on the chart's port and path", () => {
    const endpoint = { path: "/metrics", port: HARBOR_METRICS_PORT };
    expect(on.metrics).toEqual({
      enabled: true,
      core: endpoint,
      registry: endpoint,
      jobservice: endpoint,
      exporter: endpoint,
      serviceMonitor: { enabled: false, relabelings: [DROP_REGISTRY_TARGET] },
    });
    expect(HARBOR_METRICS_PORT).toBe(8001);
    expect(on.exporter.replicas).toBe(EXPORTER_REPLICAS);
  });

  it("asks the chart for a ServiceMonitor only when told to", () => {
    expect(monitored.metrics.serviceMonitor).toEqual({ enabled: true, relabelings: [DROP_REGISTRY_TARGET] });
    expect(on.metrics.serviceMonitor.enabled).toBe(false);
  });

  it("keeps the registry's debug server (pprof, and expvar with the Redis password) inside its pod", () => {
    const registryEnv = (v: Values) => v.registry.registry.extraEnvVars.map((e: { name: string }) => e.name);
    expect(monitored.registry.registry.extraEnvVars).toContainEqual({
      name: "REGISTRY_HTTP_DEBUG_ADDR",
      value: "localhost:5001",
    });
    expect(REGISTRY_DEBUG_ADDR.value).toMatch(/^localhost:/);
    // Without metrics the chart already binds it to localhost; nothing is added.
    expect(registryEnv(off)).toEqual(["REGISTRY_REDIS_PASSWORD"]);
  });

  it("gives the exporter the Valkey URL from the Secret and the password hash, never a password", () => {
    expect(monitored.exporter.extraEnvVars).toEqual([
      {
        name: "HARBOR_REDIS_URL",
        valueFrom: { secretKeyRef: { name: "harbor-doks-valkey", key: "HARBOR_REDIS_URL" } },
      },
    ]);
    expect(monitored.exporter.podAnnotations).toEqual({ [VALKEY_PASSWORD_HASH_ANNOTATION]: "hash-of-the-password" });
    expect(monitored.redis.external).not.toHaveProperty("password");
    expect(monitored.redis.external).not.toHaveProperty("existingSecret");
  });
});

describe("harborSecretNames", () => {
  it("never collides with the Secrets the chart creates", () => {
    const chartOwned = [
      "core",
      "jobservice",
      "registry",
      "registryctl",
      "registry-htpasswd",
      "trivy",
      "exporter",
      "database",
      "nginx",
      "ingress",
    ].map((component) => `harbor-${component}`);
    const ours = Object.values(harborSecretNames("harbor"));
    expect(new Set(ours).size).toBe(ours.length);
    for (const name of ours) expect(chartOwned).not.toContain(name);
  });
});
