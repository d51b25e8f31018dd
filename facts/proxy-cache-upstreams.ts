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
 * Our names -> the goharbor/harbor provider's `provider_name` (docs/resources/registry.md, v3.12.4)
 * and the upstream's public endpoint, where there is one.
 */
export const PROXY_CACHE_UPSTREAMS: Record<ProxyCacheUpstream, { providerName: string; defaultEndpoint?: string }> = {
  "docker-hub": { providerName: "docker-hub", defaultEndpoint: "https://hub.docker.com" },
  ghcr: { providerName: "github", defaultEndpoint: "https://ghcr.io" },
  quay: { providerName: "quay", defaultEndpoint: "https://quay.io" },
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
