import { Testing, TerraformStack } from "cdktf";
import { Harbor } from "../../../constructs/harbor/harbor";
import { buildHarborValues } from "../../../constructs/harbor/harbor-values";
import { extraValuesProblems, mergeValues } from "../../../constructs/harbor/extra-values";
import { ValidationError } from "../../../constructs/core/errors";
import { HARBOR_TEST_PROPS, HARBOR_VALUES_INPUT } from "../../helpers";

/** The refused keys, each as a values document, with the path the refusal must name and a word of its message. */
const REFUSED: [string, Record<string, unknown>, string, string][] = [
  ["externalURL", { externalURL: "https://x.example.com" }, "externalURL", "hostname"],
  ["expose", { expose: { type: "loadBalancer" } }, "expose", "ingress"],
  ["database", { database: { external: { host: "db" } } }, "database", "postgres"],
  ["redis", { redis: { external: { addr: "x:6379" } } }, "redis", "cache"],
  [
    "imageChartStorage",
    { persistence: { imageChartStorage: { type: "filesystem" } } },
    "persistence.imageChartStorage",
    "storage",
  ],
  ["persistence.enabled", { persistence: { enabled: false } }, "persistence.enabled", "true"],
  ["existingSecretAdminPassword", { existingSecretAdminPassword: "mine" }, "existingSecretAdminPassword", "Secret"],
  ["existingSecretSecretKey", { existingSecretSecretKey: "mine" }, "existingSecretSecretKey", "Secret"],
  ["core.existingSecret", { core: { existingSecret: "mine" } }, "core.existingSecret", "Secret"],
  ["core.secretName", { core: { secretName: "mine" } }, "core.secretName", "Secret"],
  ["core.secret", { core: { secret: "0123456789abcdef" } }, "core.secret", "Secret"],
  ["registry.existingSecret", { registry: { existingSecret: "x" } }, "registry.existingSecret", "Secret"],
  ["caBundleSecretName", { caBundleSecretName: "ca" }, "caBundleSecretName", "Secret"],
  ["harborAdminPassword", { harborAdminPassword: "Harbor12345" }, "harborAdminPassword", "generated"],
  ["secretKey", { secretKey: "not-a-secure-key" }, "secretKey", "Secret"],
  ["internalTLS", { internalTLS: { enabled: true } }, "internalTLS", "not supported"],
  ["core.extraEnvVars", { core: { extraEnvVars: [{ name: "A", value: "b" }] } }, "core.extraEnvVars", "Valkey"],
  [
    "registry.registry.extraEnvVars",
    { registry: { registry: { extraEnvVars: [] } } },
    "registry.registry.extraEnvVars",
    "Valkey",
  ],
  ["trivy.extraEnvVars", { trivy: { extraEnvVars: [] } }, "trivy.extraEnvVars", "Valkey"],
  ["jobLoggers", { jobservice: { jobLoggers: ["file"] } }, "jobservice.jobLoggers", "database"],
  ["core.replicas", { core: { replicas: 5 } }, "core.replicas", "harbor.replicas"],
  ["exporter.replicas", { exporter: { replicas: 3 } }, "exporter.replicas", "harbor.replicas"],
  ["metrics", { metrics: { enabled: true } }, "metrics", "monitoring"],
  [
    "valkey hash annotation",
    { core: { podAnnotations: { "harbor-doks/valkey-password-sha256": "x" } } },
    "core.podAnnotations.harbor-doks/valkey-password-sha256",
    "Valkey password",
  ],
  ["updateStrategy", { updateStrategy: { type: "Recreate" } }, "updateStrategy", "RollingUpdate"],
  [
    "podDisruptionBudget",
    { portal: { podDisruptionBudget: { enabled: false } } },
    "portal.podDisruptionBudget",
    "profile",
  ],
  [
    "topologySpreadConstraints",
    { core: { topologySpreadConstraints: [] } },
    "core.topologySpreadConstraints",
    "profile",
  ],
  ["trivy.enabled", { trivy: { enabled: false } }, "trivy.enabled", "post-renderer"],
  ["cache", { cache: { enabled: true } }, "cache", "jobservice"],
  ["registry.credentials", { registry: { credentials: { username: "u" } } }, "registry.credentials", "Secret"],
  ["core.xsrfKey", { core: { xsrfKey: "k" } }, "core.xsrfKey", "Secret"],
  ["core.tokenKey", { core: { tokenKey: "k" } }, "core.tokenKey", "Secret"],
  ["trivy.gitHubToken", { trivy: { gitHubToken: "ghp_x" } }, "trivy.gitHubToken", "token"],
  ["a password anywhere", { trace: { jaeger: { password: "p" } } }, "trace.jaeger.password", "secret"],
  ["configureUserSettings", { core: { configureUserSettings: "{}" } }, "core.configureUserSettings", "day-2"],
  ["a component replaced by null", { core: null }, "core", "whole core settings"],
  ["a component replaced by a list", { registry: { registry: [] } }, "registry.registry", "mapping"],
];

describe("extraValuesProblems", () => {
  it.each(REFUSED)("refuses %s, naming the key", (_name, values, path, word) => {
    const problems = extraValuesProblems(values);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toContain(word);
  });

  it("lets resources, scheduling, priority classes, images, log level, labels and pull secrets through", () => {
    const values = {
      logLevel: "debug",
      imagePullSecrets: [{ name: "mirror-pull" }],
      core: {
        image: { repository: "mirror.example.com/goharbor/harbor-core", tag: "v2.15.1" },
        resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        nodeSelector: { "secret-pool": "yes", pool: "harbor" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "harbor", effect: "NoSchedule" }],
        affinity: { nodeAffinity: {} },
        priorityClassName: "platform",
        podLabels: { team: "platform" },
        podAnnotations: { "example.com/owner": "platform" },
        automountServiceAccountToken: false,
      },
      persistence: { persistentVolumeClaim: { trivy: { size: "10Gi" } } },
    };
    expect(extraValuesProblems(values)).toEqual([]);
  });

  it("reports every refused key, not only the first", () => {
    expect(extraValuesProblems({ externalURL: "x", core: { replicas: 1, secret: "s" } }).map((p) => p.path)).toEqual([
      "externalURL",
      "core.replicas",
      "core.secret",
    ]);
  });
});

describe("mergeValues", () => {
  it("merges mappings key by key and replaces lists and scalars", () => {
    const base = { core: { replicas: 2, extraEnvVars: [{ name: "A" }], podAnnotations: { a: "1" } }, logLevel: "info" };
    const merged = mergeValues(base, {
      core: { podAnnotations: { b: "2" }, tolerations: [{ key: "x" }] },
      logLevel: "debug",
    });
    expect(merged).toEqual({
      core: {
        replicas: 2,
        extraEnvVars: [{ name: "A" }],
        podAnnotations: { a: "1", b: "2" },
        tolerations: [{ key: "x" }],
      },
      logLevel: "debug",
    });
    // The inputs are left alone.
    expect(base.core.podAnnotations).toEqual({ a: "1" });
  });

  it("keeps the project's wiring when allowed values are merged over buildHarborValues", () => {
    const ours = buildHarborValues(HARBOR_VALUES_INPUT);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const merged = mergeValues(ours, { core: { resources: { limits: { memory: "1Gi" } } } }) as Record<string, any>;
    expect(merged.core.extraEnvVars).toEqual((ours.core as Record<string, unknown>).extraEnvVars);
    expect(merged.core.resources).toEqual({ limits: { memory: "1Gi" } });
    expect(merged.database).toEqual(ours.database);
  });
});

describe("Harbor extraValues", () => {
  const stack = () => new TerraformStack(Testing.app(), "test");

  it("reach the release's values", () => {
    const harbor = new Harbor(stack(), "Harbor", {
      ...HARBOR_TEST_PROPS,
      extraValues: { core: { priorityClassName: "platform" } },
    });
    expect(harbor.valuesYaml).toMatch(/core:\n(?: {2}.*\n)* {2}priorityClassName: platform\n/);
  });

  it("a refused key is a ValidationError naming it and what to use instead", () => {
    const attempt = () =>
      new Harbor(stack(), "Harbor", { ...HARBOR_TEST_PROPS, extraValues: { jobservice: { replicas: 4 } } });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow("test/Harbor: extraValues.jobservice.replicas is set from harbor.replicas");
  });
});
