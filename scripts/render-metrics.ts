// Renders the real Harbor (1.19.1) and Traefik (41.3.0) charts with this project's values, metrics and
// ServiceMonitors on, through every helm binary given, and prints what an operator needs to see: the ServiceMonitor
// objects, the metrics ports of the Services, and how the exporter gets its Valkey URL. A manual check, not a test:
// it needs helm binaries and the charts on disk, and is not part of `npm test`.
//
//   npx esbuild scripts/render-metrics.ts --bundle --platform=node --target=node20 --packages=external \
//     --log-level=warning --outfile=.build/render-metrics.js && node .build/render-metrics.js \
//     --helm /path/to/helm3 --helm /path/to/helm4 --harbor-chart <dir|tgz> --traefik-chart <dir|tgz>
//
// Without --harbor-chart / --traefik-chart the charts are pulled from their repositories at the pinned versions (needs
// network). `--api-versions monitoring.coreos.com/v1` stands in for a cluster with the Prometheus Operator's CRDs:
// without it Traefik's chart refuses to render its ServiceMonitor.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  buildHarborValues,
  harborSecretNames,
  VALKEY_PASSWORD_HASH_ANNOTATION,
} from "../constructs/harbor/harbor-values";
import { toHelmValuesYaml } from "../constructs/core/helm-values";
import { DEFAULT_HARBOR_CHART_VERSION, HARBOR_CHART_REPOSITORY } from "../constructs/harbor/chart";
import { DEFAULT_READ_TIMEOUT_SECONDS, TRAEFIK_CHART, buildTraefikValues } from "../constructs/ingress/platform-values";

interface Options {
  helms: string[];
  harborChart?: string;
  traefikChart?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { helms: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--helm") options.helms.push(value);
    else if (flag === "--harbor-chart") options.harborChart = value;
    else if (flag === "--traefik-chart") options.traefikChart = value;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (options.helms.length === 0) options.helms.push("helm");
  return options;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.slice(0, 3).join(" ")} ... failed:\n${result.stderr || result.error}`);
  }
  return result.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;

function render(helm: string, chart: string, release: string, namespace: string, values: string): Manifest[] {
  const file = join(mkdtempSync(join(tmpdir(), "render-metrics-")), "values.yaml");
  writeFileSync(file, values);
  const out = run(helm, [
    "template",
    release,
    chart,
    "--namespace",
    namespace,
    "--values",
    file,
    "--api-versions",
    "monitoring.coreos.com/v1",
  ]);
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function harborValues(): string {
  return toHelmValuesYaml(
    buildHarborValues({
      hostname: "registry.example.com",
      replicas: 2,
      highAvailability: true,
      database: { host: "pg.internal", port: "25060", user: "harbor", name: "registry" },
      maxOpenConns: 7,
      maxIdleConns: 4,
      valkey: { host: "valkey.internal", port: "25061", passwordHash: "hash-of-the-password" },
      storage: { bucket: "blobs", region: "fra1", endpoint: "https://fra1.digitaloceanspaces.com" },
      secrets: harborSecretNames("harbor"),
      expose: {
        type: "ingress",
        className: "traefik",
        classAsAnnotation: true,
        issuer: { kind: "Issuer", name: "letsencrypt-prod" },
        tlsSecretName: "t",
        keepChartAnnotations: false,
      },
      metrics: { serviceMonitor: true },
    }),
  );
}

function traefikValues(): string {
  return toHelmValuesYaml(
    buildTraefikValues({
      loadBalancerName: "harbor-lb",
      loadBalancerSizeUnits: 1,
      hairpinHostname: "registry.example.com",
      highAvailability: true,
      namespace: "traefik",
      trustedIPs: ["10.114.0.0/20"],
      metrics: { serviceMonitor: true, scrapeNamespace: "monitoring" },
      servedNamespaces: ["harbor"],
      readTimeoutSeconds: DEFAULT_READ_TIMEOUT_SECONDS,
    }),
  );
}

function pull(helm: string, chart: string, repository: string, version: string): string {
  const dir = mkdtempSync(join(tmpdir(), "render-metrics-chart-"));
  run(helm, ["pull", chart, "--repo", repository, "--version", version, "--destination", dir, "--untar"]);
  return join(dir, chart);
}

function show(title: string, value: unknown): void {
  console.log(`--- ${title}`);
  console.log(JSON.stringify(value, null, 2));
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  for (const helm of options.helms) {
    console.log(`=== ${run(helm, ["version", "--short"]).trim()} (${helm})`);
    const harborChart =
      options.harborChart ?? pull(helm, "harbor", HARBOR_CHART_REPOSITORY, DEFAULT_HARBOR_CHART_VERSION);
    const harbor = render(helm, harborChart, "harbor", "harbor", harborValues());
    for (const m of harbor.filter((m) => m.kind === "ServiceMonitor"))
      show(`Harbor ServiceMonitor ${m.metadata.name}`, m);
    for (const m of harbor.filter((m) => m.kind === "Service")) {
      const ports = (m.spec.ports as Manifest[]).filter((p) => /^https?-metrics$/.test(p.name));
      if (ports.length > 0) show(`Harbor Service ${m.metadata.name} metrics port`, ports);
    }
    const exporter = harbor.find((m) => m.kind === "Deployment" && m.metadata.name === "harbor-exporter");
    if (exporter === undefined) throw new Error("no harbor-exporter Deployment rendered");
    const container = exporter.spec.template.spec.containers[0];
    show("harbor-exporter replicas", exporter.spec.replicas);
    show("harbor-exporter env", container.env);
    show("harbor-exporter envFrom", container.envFrom);
    show(
      `harbor-exporter annotation ${VALKEY_PASSWORD_HASH_ANNOTATION}`,
      exporter.spec.template.metadata.annotations[VALKEY_PASSWORD_HASH_ANNOTATION],
    );
    const exporterEnv = harbor.find((m) => m.kind === "ConfigMap" && m.metadata.name === "harbor-exporter-env");
    show(
      "ConfigMap harbor-exporter-env HARBOR_REDIS_URL (password-less, overridden by env)",
      exporterEnv?.data.HARBOR_REDIS_URL,
    );
    const registryConfig = harbor.find((m) => m.kind === "ConfigMap" && m.metadata.name === "harbor-registry");
    const debug = /debug:\n(?:\s+.*\n){1,4}/.exec(registryConfig?.data["config.yml"] ?? "");
    show("registry config.yml http.debug (overridden by REGISTRY_HTTP_DEBUG_ADDR)", debug?.[0]);
    const registry = harbor.find((m) => m.kind === "Deployment" && m.metadata.name === "harbor-registry");
    const registryContainer = (registry?.spec.template.spec.containers as Manifest[]).find(
      (c) => c.name === "registry",
    );
    show(
      "registry container REGISTRY_HTTP_DEBUG_ADDR",
      (registryContainer?.env as Manifest[]).filter((e) => e.name === "REGISTRY_HTTP_DEBUG_ADDR"),
    );

    const traefikChart =
      options.traefikChart ?? pull(helm, TRAEFIK_CHART.chart, TRAEFIK_CHART.repository, TRAEFIK_CHART.version);
    const traefik = render(helm, traefikChart, "traefik", "traefik", traefikValues());
    for (const m of traefik.filter((m) => m.kind === "ServiceMonitor"))
      show(`Traefik ServiceMonitor ${m.metadata.name}`, m);
    for (const m of traefik.filter((m) => m.kind === "Service")) {
      show(`Traefik Service ${m.metadata.name} (type ${m.spec.type ?? "ClusterIP"}) ports`, m.spec.ports);
    }
    const deployment = traefik.find((m) => m.kind === "Deployment");
    const args = (deployment?.spec.template.spec.containers[0].args as string[]).filter((a) =>
      /metrics|prometheus/.test(a),
    );
    show("Traefik metrics arguments", args);
  }
}

try {
  main();
} catch (error) {
  console.error(`render-metrics: ${(error as Error).message}`);
  process.exitCode = 1;
}
