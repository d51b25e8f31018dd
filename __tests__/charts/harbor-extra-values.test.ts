// The real Harbor chart (1.19.1, from the local chart cache) rendered with the values a stack synthesizes for an
// instance with chart values of its own: those values reach the pods, and the project's wiring (Secrets, Valkey
// environment, S3 storage, external PostgreSQL and Valkey) is still there.
import { HARBOR_CHART_REPOSITORY } from "../../constructs/harbor/chart";
import { describeWithChart, chartFolder, helmTemplate, Manifest } from "../support/charts";
import { synthConfig, resources } from "../stacks/synth";

const CHART = { repository: HARBOR_CHART_REPOSITORY, chart: "harbor", version: "1.19.1" };

const CONFIG = `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    postgres: { existingCluster: shared-pg }
    cache: { existingCluster: shared-valkey }
    harbor:
      values:
        logLevel: warning
        imagePullSecrets: [{ name: mirror-pull }]
        core:
          image: { repository: mirror.example.com/goharbor/harbor-core, tag: v2.15.1-mirrored }
          resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 1Gi } }
          nodeSelector: { pool: harbor }
          tolerations: [{ key: dedicated, operator: Equal, value: harbor, effect: NoSchedule }]
          priorityClassName: platform-critical
          podAnnotations: { example.com/team: platform }
        jobservice:
          affinity:
            nodeAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                nodeSelectorTerms: [{ matchExpressions: [{ key: pool, operator: In, values: [harbor] }] }]
        registry:
          registry: { resources: { requests: { cpu: 100m } } }
`;

/**
 * The values as Helm gets them once Terraform has interpolated them, for what a test can know: a plain reference
 * (`${a.b.c}`) stays as its text, an expression (the plan-time connection budget) becomes 10. Terraform evaluates
 * expressions inside the double-quoted scalars, so the quotes they contain never reach Helm.
 */
function interpolated(values: string): string {
  let out = "";
  let i = 0;
  while (i < values.length) {
    if (!values.startsWith("${", i)) {
      out += values[i++];
      continue;
    }
    let depth = 0;
    let j = i;
    let inString = false;
    for (; j < values.length; j++) {
      const c = values[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
    }
    const expression = values.slice(i, j + 1);
    out += /^\$\{[\w.[\]]+\}$/.test(expression) ? expression : "10";
    i = j + 1;
  }
  return out;
}

describeWithChart(CHART, "Harbor chart with chart values of the user's own", () => {
  const stack = synthConfig(CONFIG)["harbor-prod"];
  const release = Object.values(resources(stack, "helm_release")).find((r) => r.chart === "harbor");
  const objects = helmTemplate(chartFolder(CHART), interpolated(release?.values[0]), {
    release: "harbor",
    namespace: "harbor",
  });
  const find = (kind: string, name: string): Manifest => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (found === undefined) throw new Error(`${kind} ${name} not rendered`);
    return found;
  };
  const pod = (kind: string, name: string) => find(kind, name).spec.template;
  const container = (kind: string, name: string, containerName = name.replace(/^harbor-/, "")) =>
    pod(kind, name).spec.containers.find((c: Manifest) => c.name === containerName);

  it("the values reach core's pods", () => {
    const template = pod("Deployment", "harbor-core");
    const core = container("Deployment", "harbor-core");
    expect(core.image).toBe("mirror.example.com/goharbor/harbor-core:v2.15.1-mirrored");
    expect(core.resources).toEqual({ requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "1Gi" } });
    expect(template.spec.nodeSelector).toEqual({ pool: "harbor" });
    expect(template.spec.tolerations).toEqual([
      { key: "dedicated", operator: "Equal", value: "harbor", effect: "NoSchedule" },
    ]);
    expect(template.spec.priorityClassName).toBe("platform-critical");
    expect(template.spec.imagePullSecrets).toEqual([{ name: "mirror-pull" }]);
    // The user's annotation joins the project's Valkey password hash, which stays.
    expect(template.metadata.annotations["example.com/team"]).toBe("platform");
    // (The hash is an expression: `interpolated` stands 10 in for it.)
    expect(template.metadata.annotations["harbor-doks/valkey-password-sha256"]).toBe("10");
  });

  it("the values reach jobservice's and the registry's pods, and the log level every component", () => {
    const affinity = pod("Deployment", "harbor-jobservice").spec.affinity;
    expect(affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: "pool", operator: "In", values: ["harbor"] }] },
    ]);
    expect(container("Deployment", "harbor-registry", "registry").resources).toEqual({ requests: { cpu: "100m" } });
    expect(find("ConfigMap", "harbor-core").data.LOG_LEVEL).toBe("warning");
  });

  it("the wiring is intact: Secrets the project names, Valkey environment, external PostgreSQL and Valkey, S3", () => {
    const core = container("Deployment", "harbor-core");
    const env = (c: Manifest, name: string) => c.env.find((e: Manifest) => e.name === name);
    expect(env(core, "_REDIS_URL_CORE").valueFrom.secretKeyRef).toEqual({
      name: "harbor-doks-valkey",
      key: "_REDIS_URL_CORE",
    });
    expect(env(core, "CSRF_KEY").valueFrom.secretKeyRef.name).toBe("harbor-doks-xsrf");
    expect(env(core, "POSTGRESQL_PASSWORD").valueFrom.secretKeyRef.name).toBe("harbor-doks-database");
    expect(env(core, "HARBOR_ADMIN_PASSWORD").valueFrom.secretKeyRef.name).toBe("harbor-doks-admin");
    const coreConfig = find("ConfigMap", "harbor-core").data;
    expect(coreConfig.POSTGRESQL_HOST).toMatch(
      /^\$\{data\.digitalocean_database_cluster\.Postgres_Cluster_\w+\.private_host\}$/,
    );
    expect(coreConfig.POSTGRESQL_DATABASE).toMatch(/^\$\{digitalocean_database_db\.Postgres_Database_\w+\.name\}$/);
    expect(coreConfig._REDIS_URL_CORE).not.toContain(":@");
    expect(coreConfig._REDIS_URL_CORE).toMatch(
      /^rediss:\/\/\$\{data\.digitalocean_database_cluster\.Valkey_Cluster_\w+\.private_host\}/,
    );
    const registry = container("Deployment", "harbor-registry", "registry");
    expect(env(registry, "REGISTRY_REDIS_PASSWORD").valueFrom.secretKeyRef.name).toBe("harbor-doks-valkey");
    expect(registry.envFrom).toContainEqual({ secretRef: { name: "harbor-doks-s3" } });
    const registryConfig = find("ConfigMap", "harbor-registry").data["config.yml"] as string;
    expect(registryConfig).toMatch(/s3:\n\s+region: fra1\n/);
    expect(registryConfig).toContain("rootdirectory: /harbor");
    const trivy = pod("StatefulSet", "harbor-trivy").spec.containers[0];
    expect(trivy.env.filter((e: Manifest) => e.name === "SCANNER_REDIS_URL").pop().valueFrom.secretKeyRef.name).toBe(
      "harbor-doks-valkey",
    );
    // Replicas stay the project's.
    expect(find("Deployment", "harbor-core").spec.replicas).toBe(2);
  });
});
