// The scanner's database settings (harbor.scanner) rendered through the real Harbor chart 1.19.1 and the release's own
// post-renderer, as Helm would run them: the trivy container's environment in each mode (public mirrors, a proxy
// cache of ghcr.io, a GitHub token, air-gapped), and the GitHub token nowhere in the values or the release.
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { HARBOR_CHART_REPOSITORY } from "../../constructs/harbor/chart";
import { TRIVY_CHART_GITHUB_TOKEN_RENAMED } from "../../constructs/harbor/harbor-values";
import { describeWithChart, chartFolder, helmTemplateText, Manifest } from "../support/charts";
import { synthConfig, resources, StackJson } from "../stacks/synth";
import { TerraformStack, Testing } from "cdktf";
import { Harbor } from "../../constructs/harbor/harbor";
import { HARBOR_TEST_PROPS, configProblems, validationError } from "../helpers";

const CHART = { repository: HARBOR_CHART_REPOSITORY, chart: "harbor", version: "1.19.1" };

const instance = (extra: string) => `instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
${extra}`;

const GHCR_CACHE = `    proxyCache:
      - { project: ghcr, provider: ghcr, public: true }
`;

const MODES = {
  mirrors: instance(""),
  proxyCache: instance(GHCR_CACHE),
  token: instance(`    harbor: { scanner: { githubToken: true } }\n`),
  proxyCacheAndToken: instance(`    harbor: { scanner: { githubToken: true } }\n${GHCR_CACHE}`),
  offline: instance(`    harbor: { scanner: { database: offline } }\n`),
} as const;

/** Every Terraform reference in the values stands as a plain word, as a test can know it. */
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
    for (; j < values.length; j++) {
      if (values[j] === "{") depth++;
      else if (values[j] === "}" && --depth === 0) break;
    }
    out += "10";
    i = j + 1;
  }
  return out;
}

function harborRelease(stack: StackJson): StackJson {
  const release = Object.values(resources(stack, "helm_release")).find((r) => r.chart === "harbor");
  if (release === undefined) throw new Error("no Harbor release");
  return release;
}

/** The trivy container as the cluster would get it: chart rendered, then the release's post-renderer. */
function trivyContainer(config: string): Manifest {
  const release = harborRelease(synthConfig(config)["harbor-prod"]);
  const text = helmTemplateText(chartFolder(CHART), interpolated(release.values[0]), {
    release: "harbor",
    namespace: "harbor",
  });
  const post = spawnSync(release.postrender.binary_path, release.postrender.args, { input: text, encoding: "utf8" });
  if (post.status !== 0) throw new Error(`post-renderer failed: ${post.stderr}`);
  const objects = parseAllDocuments(post.stdout).map((d) => d.toJS() as Manifest);
  const sts = objects.find((o) => o?.kind === "StatefulSet" && o.metadata.name === "harbor-trivy");
  return sts?.spec.template.spec.containers[0];
}

const env = (container: Manifest, name: string): Manifest[] => container.env.filter((e: Manifest) => e.name === name);
const value = (container: Manifest, name: string): string | undefined => env(container, name)[0]?.value;

describeWithChart(CHART, "scanner database settings in the rendered trivy container", () => {
  it("mirrors (no settings): the chart's public repositories, updates on", () => {
    const trivy = trivyContainer(MODES.mirrors);
    expect(value(trivy, "SCANNER_TRIVY_DB_REPOSITORY")).toBe(
      "mirror.gcr.io/aquasec/trivy-db,ghcr.io/aquasecurity/trivy-db",
    );
    expect(value(trivy, "SCANNER_TRIVY_SKIP_UPDATE")).toBe("false");
    expect(value(trivy, "SCANNER_TRIVY_OFFLINE_SCAN")).toBe("false");
    // The chart's own token entry (its Secret, empty) stays when no token is configured.
    expect(env(trivy, "SCANNER_TRIVY_GITHUB_TOKEN")[0].valueFrom.secretKeyRef).toEqual({
      name: "harbor-trivy",
      key: "gitHubToken",
    });
  });

  it("proxy cache: the instance's public ghcr.io proxy project first, the public repositories after", () => {
    const trivy = trivyContainer(MODES.proxyCache);
    expect(value(trivy, "SCANNER_TRIVY_DB_REPOSITORY")).toBe(
      "registry.example.com/ghcr/aquasecurity/trivy-db,mirror.gcr.io/aquasec/trivy-db,ghcr.io/aquasecurity/trivy-db",
    );
    expect(value(trivy, "SCANNER_TRIVY_JAVA_DB_REPOSITORY")).toBe(
      "registry.example.com/ghcr/aquasecurity/trivy-java-db,mirror.gcr.io/aquasec/trivy-java-db," +
        "ghcr.io/aquasecurity/trivy-java-db",
    );
    expect(value(trivy, "SCANNER_TRIVY_SKIP_UPDATE")).toBe("false");
  });

  it("token: one SCANNER_TRIVY_GITHUB_TOKEN, from the project's Secret; the chart's entry renamed", () => {
    for (const config of [MODES.token, MODES.proxyCacheAndToken]) {
      const trivy = trivyContainer(config);
      expect(env(trivy, "SCANNER_TRIVY_GITHUB_TOKEN")).toEqual([
        {
          name: "SCANNER_TRIVY_GITHUB_TOKEN",
          valueFrom: { secretKeyRef: { name: "harbor-doks-trivy-github-token", key: "token" } },
        },
      ]);
      expect(env(trivy, TRIVY_CHART_GITHUB_TOKEN_RENAMED)[0].valueFrom.secretKeyRef.name).toBe("harbor-trivy");
      // The Valkey URL is still ours alone.
      expect(env(trivy, "SCANNER_REDIS_URL")).toHaveLength(1);
    }
  });

  it("offline (air-gapped): no database downloads and no online lookups", () => {
    const trivy = trivyContainer(MODES.offline);
    expect(value(trivy, "SCANNER_TRIVY_SKIP_UPDATE")).toBe("true");
    expect(value(trivy, "SCANNER_TRIVY_SKIP_JAVA_DB_UPDATE")).toBe("true");
    expect(value(trivy, "SCANNER_TRIVY_OFFLINE_SCAN")).toBe("true");
  });
});

describe("scanner GitHub token: a sensitive variable, a Secret, never values or the release", () => {
  const stack = synthConfig(MODES.token)["harbor-prod"];
  const release = harborRelease(stack);

  it("is a sensitive variable that defaults empty (destroy needs no token) and is checked where it is used", () => {
    expect(stack.variable.trivy_github_token).toMatchObject({ sensitive: true, default: "", type: "string" });
    const secret = Object.values(resources(stack, "kubernetes_secret_v1")).find(
      (s) => s.metadata.name === "harbor-doks-trivy-github-token",
    );
    expect(secret?.data).toEqual({ token: "${var.trivy_github_token}" });
    expect(secret?.lifecycle.precondition[0].condition).toBe("${length(var.trivy_github_token) > 0}");
  });

  it("the release names the Secret and a hash of the token, never the token", () => {
    const text = JSON.stringify(release);
    expect(text).not.toMatch(/var\.trivy_github_token(?![)])/);
    expect(release.values[0]).toContain("harbor-doks-trivy-github-token");
    expect(release.values[0]).toContain("nonsensitive(sha256(var.trivy_github_token))");
    expect(release.values[0]).not.toMatch(/gitHubToken/);
  });

  it("turning the token on or off changes the post-renderer (an update of the release, nothing replaced)", () => {
    const without = harborRelease(synthConfig(MODES.mirrors)["harbor-prod"]);
    expect(without.postrender.args[1]).not.toContain("SCANNER_TRIVY_GITHUB_TOKEN");
    expect(release.postrender.args[1]).toContain("SCANNER_TRIVY_GITHUB_TOKEN");
    // name, namespace and chart (the release's ForceNew arguments) do not move.
    expect([without.name, without.namespace, without.chart]).toEqual([release.name, release.namespace, release.chart]);
  });
});

describe("harbor.scanner: hostile and mistaken values", () => {
  it("a token written into the config is refused (the option is a switch; the token is TF_VAR_trivy_github_token)", () => {
    expect(configProblems(instance(`    harbor: { scanner: { githubToken: ghp_abc } }\n`)).join("\n")).toMatch(
      /scanner\.githubToken: got string "ghp_abc", expected boolean/,
    );
  });

  it("proxy-cache without a ghcr.io proxy cache, or with a private one, names the fix", () => {
    expect(configProblems(instance(`    harbor: { scanner: { database: proxy-cache } }\n`)).join("\n")).toMatch(
      /proxyCache entry \{ project: ghcr, provider: ghcr, public: true \}/,
    );
    const privateCache = instance(
      `    harbor: { scanner: { database: proxy-cache } }\n    proxyCache:\n      - { project: ghcr, provider: ghcr }\n`,
    );
    expect(configProblems(privateCache).join("\n")).toMatch(/"ghcr" must be public: true/);
    const wrongProject = instance(
      `    harbor: { scanner: { database: proxy-cache, proxyCacheProject: hub } }\n    proxyCache:\n      - { project: hub, provider: docker-hub, public: true }\n`,
    );
    expect(configProblems(wrongProject).join("\n")).toMatch(/proxy-cache project of ghcr.io/);
  });

  it("offline with a token, an unknown mode, and the chart's own keys in values are refused", () => {
    expect(
      configProblems(instance(`    harbor: { scanner: { database: offline, githubToken: true } }\n`)).join("\n"),
    ).toMatch(/githubToken.*never used with database "offline"/);
    expect(configProblems(instance(`    harbor: { scanner: { database: airgap } }\n`)).join("\n")).toMatch(
      /mirrors, proxy-cache, offline/,
    );
    expect(configProblems(instance(`    harbor: { values: { trivy: { skipUpdate: true } } }\n`)).join("\n")).toMatch(
      /harbor.scanner.database: offline/,
    );
  });
});

describe("Harbor construct: scanner props", () => {
  const build = (scanner: object) =>
    new Harbor(new TerraformStack(Testing.app(), "s"), "Harbor", { ...HARBOR_TEST_PROPS, scanner });

  it("refuses a mode without its project, a project path, a token never used, and an unknown mode", () => {
    validationError(() => build({ database: "proxy-cache" }), "scanner.proxyCacheProject");
    validationError(
      () => build({ database: "proxy-cache", proxyCacheProject: "ghcr/../library" }),
      "scanner.proxyCacheProject",
    );
    validationError(() => build({ database: "offline", githubToken: "x" }), "scanner.githubToken");
    validationError(() => build({ database: "airgap" }), "scanner.database");
  });
});
