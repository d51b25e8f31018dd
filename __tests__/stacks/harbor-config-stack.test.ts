import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resources, synthConfig } from "./synth";
import { rejection } from "../helpers";
import {
  HARBOR_PROXY_CACHE_REGISTRY_TYPES,
  HARBOR_REGISTRY_TYPE_OF_PROVIDER_NAME,
  PROXY_CACHE_PROVIDERS,
  PROXY_CACHE_UPSTREAMS,
} from "../../constructs/harbor/day2/proxy-cache-upstreams";
import { HARBOR_PING_SCRIPT } from "../../constructs/harbor/provider/api-ready";

const example = readFileSync(join(__dirname, "..", "..", "harbor.config.example.yaml"), "utf8");
const stacks = synthConfig(example);
const day2 = stacks["harbor-prod-config"];

describe("HarborConfigStack (the committed example)", () => {
  it("adds harbor-<name>-config next to the instance and platform stacks", () => {
    expect(Object.keys(stacks).sort()).toEqual(["harbor-platform-prod-doks", "harbor-prod", "harbor-prod-config"]);
  });

  it("configures the pinned goharbor/harbor provider over verified TLS as admin", () => {
    expect(day2.terraform.required_providers.harbor).toEqual({ source: "goharbor/harbor", version: "3.12.4" });
    expect(day2.provider.harbor).toEqual([
      expect.objectContaining({ url: "https://registry.example.com", username: "admin", insecure: false }),
    ]);
  });

  it("reads the admin password from the instance stack through a sensitive cross-stack reference", () => {
    const password: string = day2.provider.harbor[0].password;
    const match = /^\$\{data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)\}$/.exec(password);
    expect(match).not.toBeNull();
    const remote = day2.data.terraform_remote_state[match?.[1] ?? ""];
    expect(remote.config.path).toBe("../../../terraform.harbor-prod.tfstate");
    const output = stacks["harbor-prod"].output[match?.[2] ?? ""];
    expect(output).toEqual({
      sensitive: true,
      value: expect.stringMatching(/^\$\{random_password\.Harbor_AdminPassword_\w+\.result\}$/),
    });
  });

  it("creates a registry endpoint and a project bound to it per proxy cache", () => {
    const registries = Object.entries(resources(day2, "harbor_registry"));
    expect(registries.map(([, r]) => [r.provider_name, r.endpoint_url])).toEqual([
      ["docker-hub", "https://hub.docker.com"],
      ["github", "https://ghcr.io"],
    ]);
    // The example's team project (projects:) has no registry: it is a hosted project, not a cache.
    const projects = Object.values(resources(day2, "harbor_project")).filter((p) => p.registry_id !== undefined);
    expect(projects.map((p) => p.name)).toEqual(["dockerhub", "ghcr"]);
    for (const project of projects) {
      const [id] = registries.find(([, r]) => r.name === `${project.name}-upstream`) ?? [];
      expect(project.registry_id).toBe(`\${harbor_registry.${id}.registry_id}`);
    }
    expect(projects[0]).toMatchObject({ public: true, storage_quota: 200 });
  });

  it("takes upstream credentials and the OIDC client secret from sensitive variables only", () => {
    const dockerhub = Object.values(resources(day2, "harbor_registry")).find((r) => r.provider_name === "docker-hub");
    expect(dockerhub).toMatchObject({
      access_id: "${var.DOCKERHUB_ACCESS_ID}",
      access_secret: "${var.DOCKERHUB_ACCESS_SECRET}",
    });
    for (const name of ["DOCKERHUB_ACCESS_ID", "DOCKERHUB_ACCESS_SECRET", "oidc_client_secret"]) {
      expect(day2.variable[name]).toMatchObject({ type: "string", sensitive: true });
    }
    const ghcr = Object.values(resources(day2, "harbor_registry")).find((r) => r.provider_name === "github");
    expect(ghcr).not.toHaveProperty("access_secret");
  });

  it("lets destroy delete proxy-cache projects with cached content (force_destroy)", () => {
    const projects = Object.values(resources(day2, "harbor_project"));
    const caches = projects.filter((p) => p.registry_id !== undefined);
    expect(caches).toHaveLength(2);
    for (const project of caches) expect(project.force_destroy).toBe(true);
    // A team project keeps its images: Harbor refuses to delete it while it holds any.
    expect(projects.find((p) => p.name === "team-a")?.force_destroy).toBe(false);
  });

  it('needs no secret to destroy: the variables default to "" and have no validation', () => {
    // Terraform plans a destroy with every root variable set and runs variable validations then too.
    for (const name of ["DOCKERHUB_ACCESS_ID", "DOCKERHUB_ACCESS_SECRET", "oidc_client_secret"]) {
      expect(day2.variable[name]).toEqual({
        type: "string",
        sensitive: true,
        nullable: false,
        default: "",
        description: expect.stringContaining("needed to create or update, not to destroy"),
      });
    }
  });

  it("rejects empty secrets when creating or updating, in preconditions of the resources that use them", () => {
    // Preconditions are evaluated when Terraform plans to create or update the resource, not to destroy it.
    const dockerhub = Object.values(resources(day2, "harbor_registry")).find((r) => r.provider_name === "docker-hub");
    expect(dockerhub?.lifecycle.precondition).toEqual([
      {
        condition: "${length(var.DOCKERHUB_ACCESS_ID) > 0}",
        error_message:
          "TF_VAR_DOCKERHUB_ACCESS_ID is empty: set it to the user or access key id at the docker-hub upstream " +
          "before deploying. Only destroying this stack works without it.",
      },
      {
        condition: "${length(var.DOCKERHUB_ACCESS_SECRET) > 0}",
        error_message:
          "TF_VAR_DOCKERHUB_ACCESS_SECRET is empty: set it to the password or token at the docker-hub upstream " +
          "before deploying. Only destroying this stack works without it.",
      },
    ]);
    const ghcr = Object.values(resources(day2, "harbor_registry")).find((r) => r.provider_name === "github");
    expect(ghcr).not.toHaveProperty("lifecycle");
    const [oidc] = Object.values(resources(day2, "harbor_config_auth"));
    expect(oidc.lifecycle.precondition).toEqual([
      {
        condition: "${length(var.oidc_client_secret) > 0}",
        error_message:
          "TF_VAR_oidc_client_secret is empty: set it to the client secret of the OIDC client harbor before " +
          "deploying. Only destroying this stack works without it.",
      },
    ]);
  });

  it("makes every harbor_* resource wait until Harbor's API answers over verified TLS", () => {
    const waits = Object.entries(resources(day2, "terraform_data"));
    expect(waits).toHaveLength(1);
    const [waitId, wait] = waits[0];
    const harborResources = Object.entries(day2.resource).filter(([type]) => type.startsWith("harbor_"));
    expect(harborResources.map(([type]) => type).sort()).toEqual([
      "harbor_config_auth",
      "harbor_config_system",
      "harbor_garbage_collection",
      "harbor_immutable_tag_rule",
      "harbor_interrogation_services",
      "harbor_project",
      "harbor_project_member_group",
      "harbor_registry",
      "harbor_retention_policy",
      "harbor_robot_account",
    ]);
    for (const [, byId] of harborResources) {
      for (const resource of Object.values(byId as Record<string, { depends_on?: string[] }>)) {
        expect(resource.depends_on).toContain(`terraform_data.${waitId}`);
      }
    }

    expect(wait.triggers_replace).toEqual({
      url: "https://registry.example.com/api/v2.0/ping",
      harborRevision: expect.stringMatching(
        /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+metadatarevision\}$/,
      ),
    });
    expect(wait.provisioner).toEqual([
      {
        "local-exec": {
          command: HARBOR_PING_SCRIPT,
          interpreter: ["/bin/sh", "-c"],
          environment: {
            HARBOR_PING_URL: "https://registry.example.com/api/v2.0/ping",
            HARBOR_WAIT_SECONDS: "900",
            HARBOR_WAIT_INTERVAL: "10",
            HARBOR_NAMESPACE: "harbor",
          },
        },
      },
    ]);
    const command: string = wait.provisioner[0]["local-exec"].command;
    // Defence in depth: no value in the command text; and nothing Terraform would read as a template.
    expect(command).not.toContain("registry.example.com");
    expect(command).not.toMatch(/\$\{|%\{/);
    // curl verifies certificates unless told not to.
    expect(command).toMatch(/curl --fail --silent --show-error/);
    expect(command).not.toMatch(/\s(-k|--insecure)\b/);
  });

  it("configures OIDC login", () => {
    expect(Object.values(resources(day2, "harbor_config_auth"))).toEqual([
      expect.objectContaining({
        auth_mode: "oidc_auth",
        oidc_endpoint: "https://dex.example.com",
        oidc_client_id: "harbor",
        // Write-only: Harbor gets it when the version changes; it is never kept in state.
        oidc_client_secret_wo: "${var.oidc_client_secret}",
        oidc_client_secret_wo_version: 1,
        oidc_scope: "openid,profile,email,groups,offline_access",
        oidc_groups_claim: "groups",
        oidc_admin_group: "platform-admins",
        oidc_auto_onboard: false,
        oidc_verify_cert: true,
      }),
    ]);
  });

  it("schedules garbage collection and daily scans", () => {
    expect(Object.values(resources(day2, "harbor_garbage_collection"))).toEqual([
      // A project has retention: GC leaves untagged artifacts to it (see config/day2/gc.ts).
      expect.objectContaining({ schedule: "0 0 3 * * 0", delete_untagged: false }),
    ]);
    expect(Object.values(resources(day2, "harbor_interrogation_services"))).toEqual([
      expect.objectContaining({ vulnerability_scan_policy: "Daily" }),
    ]);
  });
});

describe("proxy-cache upstreams", () => {
  it.each([
    ["docker-hub", "docker-hub", "https://hub.docker.com"],
    ["ghcr", "github", "https://ghcr.io"],
    // Harbor's own "quay" type is not a permitted proxy-cache type (chart 1.19.1): the generic v2 adapter is.
    ["quay", "docker-registry", "https://quay.io"],
    ["gcr", "google", "https://gcr.io"],
    ["ecr", "aws", undefined],
    ["acr", "azure", undefined],
    ["harbor", "harbor", undefined],
    ["docker-registry", "docker-registry", undefined],
  ] as const)("%s maps to provider_name %s", (ours, theirs, endpoint) => {
    expect(PROXY_CACHE_UPSTREAMS[ours]).toEqual(
      endpoint ? { providerName: theirs, defaultEndpoint: endpoint } : { providerName: theirs },
    );
  });

  it.each(PROXY_CACHE_PROVIDERS)("%s maps to a registry type Harbor accepts for a proxy-cache project", (ours) => {
    const harborType = HARBOR_REGISTRY_TYPE_OF_PROVIDER_NAME[PROXY_CACHE_UPSTREAMS[ours].providerName];
    expect(HARBOR_PROXY_CACHE_REGISTRY_TYPES).toContain(harborType);
  });

  it("synthesizes quay as a docker-registry endpoint at https://quay.io", () => {
    const json = synthConfig(`
instances:
  - name: prod
    region: fra1
    cluster: k
    hostname: registry.example.com
    ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le }
    proxyCache: [{ project: quay, provider: quay, credentials: QUAY }]
`)["harbor-prod-config"];
    expect(Object.values(resources(json, "harbor_registry"))).toEqual([
      expect.objectContaining({ provider_name: "docker-registry", endpoint_url: "https://quay.io" }),
    ]);
  });

  it("synthesizes an explicit endpoint for a private upstream", () => {
    const json = synthConfig(`
instances:
  - name: prod
    region: fra1
    cluster: k
    hostname: registry.example.com
    ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le }
    proxyCache: [{ project: ecr, provider: ecr, endpoint: "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com", credentials: AWS }]
    scanSchedule: none
`)["harbor-prod-config"];
    expect(Object.values(resources(json, "harbor_registry"))[0]).toMatchObject({
      provider_name: "aws",
      endpoint_url: "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com",
    });
    expect(resources(json, "harbor_interrogation_services")).toEqual({});
  });

  it("adds no config stack to an instance without day-2 settings", () => {
    const names = Object.keys(
      synthConfig("instances: [{ name: ab, region: fra1, cluster: k, hostname: a.example.com }]\n"),
    );
    expect(names).toEqual(["harbor-ab"]);
  });
});

describe("day-2 validation", () => {
  const base = `instances:
  - name: prod
    region: fra1
    cluster: k
    hostname: registry.example.com
`;
  const withIngress = `${base}    ingress: { email: ops@example.com }\n`;
  const problems = rejection;

  it.each([
    [
      "without ingress",
      `${base}    scanSchedule: daily\n`,
      'instances[0].scanSchedule: got string "daily"; needs an ingress block',
    ],
    [
      "duplicate project",
      `${withIngress}    proxyCache: [{ project: hub, provider: docker-hub }, { project: hub, provider: quay }]\n`,
      'instances[0].proxyCache[1].project: got string "hub"; duplicate project "hub"',
    ],
    [
      "bad project name",
      `${withIngress}    proxyCache: [{ project: Hub, provider: docker-hub }]\n`,
      "instances[0].proxyCache[0].project",
    ],
    [
      "unknown provider",
      `${withIngress}    proxyCache: [{ project: hub, provider: dockerhub }]\n`,
      'instances[0].proxyCache[0].provider: got string "dockerhub"; must be one of docker-hub, ghcr',
    ],
    [
      "http endpoint",
      `${withIngress}    proxyCache: [{ project: hub, provider: docker-hub, endpoint: "http://hub.docker.com" }]\n`,
      'instances[0].proxyCache[0].endpoint: got string "http://hub.docker.com"; must be an https:// URL',
    ],
    [
      "ecr without endpoint",
      `${withIngress}    proxyCache: [{ project: ecr, provider: ecr }]\n`,
      'instances[0].proxyCache[0].endpoint: is required with provider "ecr"',
    ],
    [
      "bad credentials name",
      `${withIngress}    proxyCache: [{ project: hub, provider: docker-hub, credentials: "docker hub" }]\n`,
      "instances[0].proxyCache[0].credentials",
    ],
    [
      "5-field cron",
      `${withIngress}    gc: { schedule: "0 3 * * 0" }\n`,
      'instances[0].gc.schedule: got string "0 3 * * 0"; has 5 fields; Harbor\'s cron parser (robfig/cron v3, 6 fields) needs exactly 6',
    ],
    ["cron with words", `${withIngress}    gc: { schedule: "every sunday" }\n`, "instances[0].gc.schedule"],
    ["bad scan schedule", `${withIngress}    scanSchedule: hourly\n`, 'instances[0].scanSchedule: got string "hourly"'],
    [
      "OIDC over http",
      `${withIngress}    oidc: { endpoint: "http://dex.example.com", clientId: harbor }\n`,
      "instances[0].oidc.endpoint",
    ],
    [
      "OIDC scopes without openid",
      `${withIngress}    oidc: { endpoint: "https://dex.example.com", clientId: harbor, scopes: [profile] }\n`,
      'instances[0].oidc.scopes: got a list (["profile"]); must include "openid"',
    ],
    [
      "OIDC client secret in the file",
      `${withIngress}    oidc: { endpoint: "https://dex.example.com", clientId: harbor, clientSecret: s3cr3t }\n`,
      'instances[0].oidc: unknown key "clientSecret"',
    ],
    [
      "stack name clash",
      `${withIngress}    scanSchedule: daily\n  - { name: prod-config, region: fra1, cluster: k2, hostname: b.example.com, profile: dev }\n`,
      'gives a stack named "harbor-prod-config"',
    ],
  ])("rejects %s", (_name, text, expected) => {
    expect(problems(text)).toContain(expected);
  });
});

describe("schedules as the goharbor provider reads them back", () => {
  it('writes a daily GC at midnight as "Daily", or every plan would show a change', () => {
    const json = synthConfig(`
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: { email: ops@example.com }
    gc: { schedule: "0 0 0 * * *" }
`)["harbor-prod-config"];
    expect(Object.values(resources(json, "harbor_garbage_collection"))[0].schedule).toBe("Daily");
  });
});
