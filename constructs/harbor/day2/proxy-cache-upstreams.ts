/** Upstreams a proxy cache can front, in this project's (user-facing) names. */
export const PROXY_CACHE_PROVIDERS = [
  "docker-hub",
  "ghcr",
  "quay",
  "gcr",
  "ecr",
  "acr",
  "harbor",
  "docker-registry",
] as const;

export type ProxyCacheUpstream = (typeof PROXY_CACHE_PROVIDERS)[number];

/**
 * Registry types Harbor accepts as the upstream of a proxy-cache project: the chart's
 * `PERMITTED_REGISTRY_TYPES_FOR_PROXY_CACHE` (goharbor/harbor-helm v1.19.1 templates/core/core-cm.yaml), which
 * Harbor 2.15.1 checks when a project gets a `registry_id` (src/server/v2.0/handler/project.go,
 * "unsupported registry type"). Chart 1.19.x dropped `quay` from the list (harbor-helm #2223).
 */
export const HARBOR_PROXY_CACHE_REGISTRY_TYPES: readonly string[] = [
  "docker-hub",
  "harbor",
  "azure-acr",
  "ali-acr",
  "aws-ecr",
  "google-gcr",
  "docker-registry",
  "github-ghcr",
  "jfrog-artifactory",
];

/**
 * The goharbor/harbor provider's `provider_name` -> the registry type it sends to Harbor
 * (client/registry.go `GetRegistryType`, v3.12.4), for the names this project uses.
 */
export const HARBOR_REGISTRY_TYPE_OF_PROVIDER_NAME: Readonly<Record<string, string>> = {
  "docker-hub": "docker-hub",
  github: "github-ghcr",
  google: "google-gcr",
  aws: "aws-ecr",
  azure: "azure-acr",
  harbor: "harbor",
  "docker-registry": "docker-registry",
  quay: "quay",
};

/**
 * Our names -> the goharbor/harbor provider's `provider_name` (docs/resources/registry.md, v3.12.4)
 * and the upstream's public endpoint, where there is one.
 *
 * `quay` uses Harbor's generic `docker-registry` adapter: Harbor's own `quay` type is no longer a permitted
 * proxy-cache type (see {@link HARBOR_PROXY_CACHE_REGISTRY_TYPES}), and its adapter expects a JSON credential
 * blob rather than a user and password (src/pkg/reg/adapter/quay/adapter.go). The generic adapter speaks the
 * plain registry v2 API with token authentication (src/pkg/reg/adapter/native), which quay.io serves; a robot
 * account's name and token work as credentials.
 */
export const PROXY_CACHE_UPSTREAMS: Record<ProxyCacheUpstream, { providerName: string; defaultEndpoint?: string }> = {
  "docker-hub": { providerName: "docker-hub", defaultEndpoint: "https://hub.docker.com" },
  ghcr: { providerName: "github", defaultEndpoint: "https://ghcr.io" },
  quay: { providerName: "docker-registry", defaultEndpoint: "https://quay.io" },
  gcr: { providerName: "google", defaultEndpoint: "https://gcr.io" },
  ecr: { providerName: "aws" },
  acr: { providerName: "azure" },
  harbor: { providerName: "harbor" },
  "docker-registry": { providerName: "docker-registry" },
};

/** Upstreams with no single public endpoint to default to. */
export const PROVIDERS_NEEDING_ENDPOINT: ReadonlySet<ProxyCacheUpstream> = new Set(
  PROXY_CACHE_PROVIDERS.filter((p) => PROXY_CACHE_UPSTREAMS[p].defaultEndpoint === undefined),
);
