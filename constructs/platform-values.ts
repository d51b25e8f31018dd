/** Pinned charts of the ingress platform. */
export const TRAEFIK_CHART = { repository: "https://traefik.github.io/charts", chart: "traefik", version: "41.3.0" };
export const CERT_MANAGER_CHART = {
  repository: "https://charts.jetstack.io",
  chart: "cert-manager",
  version: "v1.21.1",
};

export const LETSENCRYPT_PRODUCTION = "letsencrypt-prod";
export const LETSENCRYPT_STAGING = "letsencrypt-staging";
export const INGRESS_CLASS = "traefik";
/** Secret (in cert-manager's namespace) holding the DigitalOcean DNS token for DNS-01. */
export const DNS_TOKEN_SECRET = { name: "digitalocean-dns", key: "access-token" };

/** Private ranges the DigitalOcean load balancer and VPC use; only they may send PROXY headers. */
const TRUSTED_PROXIES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.1/32"];

export interface TraefikValuesInput {
  /** Name of the DigitalOcean load balancer (how other stacks find it). */
  readonly loadBalancerName: string;
  readonly loadBalancerSizeUnits: number;
  /**
   * A host name that resolves to the load balancer. DigitalOcean then publishes it instead of the IP
   * in the Service status, so in-cluster clients (cert-manager's HTTP-01 self-check) go through the
   * load balancer instead of being short-circuited by kube-proxy, which would drop the PROXY header.
   */
  readonly hairpinHostname: string;
  /** 2 replicas and a PodDisruptionBudget. */
  readonly highAvailability: boolean;
}

/** Traefik chart 41.x values: a DigitalOcean load balancer with PROXY protocol, HTTPS redirect, no push timeout. */
export function buildTraefikValues(input: TraefikValuesInput): Record<string, unknown> {
  const trusted = { proxyProtocol: { trustedIPs: TRUSTED_PROXIES }, forwardedHeaders: { trustedIPs: TRUSTED_PROXIES } };
  return {
    deployment: { replicas: input.highAvailability ? 2 : 1 },
    ...(input.highAvailability ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
    ingressClass: { enabled: true, isDefaultClass: false, name: INGRESS_CLASS },
    providers: {
      kubernetesIngress: { ingressClass: INGRESS_CLASS, publishedService: { enabled: true } },
      kubernetesCRD: { ingressClass: INGRESS_CLASS },
    },
    service: {
      annotations: {
        "service.beta.kubernetes.io/do-loadbalancer-name": input.loadBalancerName,
        "service.beta.kubernetes.io/do-loadbalancer-size-unit": String(input.loadBalancerSizeUnits),
        "service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol": "true",
        "service.beta.kubernetes.io/do-loadbalancer-hostname": input.hairpinHostname,
        "service.beta.kubernetes.io/do-loadbalancer-http-idle-timeout-seconds": "600",
      },
      spec: { externalTrafficPolicy: "Cluster" },
    },
    ports: {
      web: {
        http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } },
        // cert-manager's HTTP-01 solver answers on plain HTTP; the redirect must let it through.
        allowACMEByPass: true,
        ...trusted,
      },
      websecure: {
        ...trusted,
        // Traefik v3 cuts requests after 60 s by default: a multi-GB `docker push` takes longer.
        transport: { respondingTimeouts: { readTimeout: 0, writeTimeout: 0, idleTimeout: "600s" } },
      },
    },
  };
}

export interface CertManagerValuesInput {
  readonly highAvailability: boolean;
  /** Check DNS-01 propagation against public resolvers rather than in-cluster DNS. */
  readonly dns01: boolean;
}

/** cert-manager chart values: CRDs installed and kept on uninstall (deleting them would delete every certificate). */
export function buildCertManagerValues(input: CertManagerValuesInput): Record<string, unknown> {
  return {
    crds: { enabled: true, keep: true },
    ...(input.highAvailability
      ? {
          replicaCount: 2,
          podDisruptionBudget: { enabled: true, minAvailable: 1 },
          webhook: { replicaCount: 2, podDisruptionBudget: { enabled: true, minAvailable: 1 } },
        }
      : {}),
    ...(input.dns01 ? { dns01RecursiveNameservers: "1.1.1.1:53,8.8.8.8:53", dns01RecursiveNameserversOnly: true } : {}),
  };
}

export interface ClusterIssuerValuesInput {
  readonly email: string;
  readonly challenge: "http01" | "dns01";
  /** Zones the DNS-01 solver may write to. */
  readonly dnsZones: readonly string[];
}

/** Values for the local `cluster-issuers` chart: production and staging Let's Encrypt issuers. */
export function buildClusterIssuerValues(input: ClusterIssuerValuesInput): Record<string, unknown> {
  return {
    email: input.email,
    issuers: [
      { name: LETSENCRYPT_PRODUCTION, server: "https://acme-v02.api.letsencrypt.org/directory" },
      { name: LETSENCRYPT_STAGING, server: "https://acme-staging-v02.api.letsencrypt.org/directory" },
    ],
    http01: { enabled: input.challenge === "http01", ingressClassName: INGRESS_CLASS },
    dns01: {
      enabled: input.challenge === "dns01",
      zones: [...input.dnsZones],
      tokenSecretName: DNS_TOKEN_SECRET.name,
      tokenSecretKey: DNS_TOKEN_SECRET.key,
    },
  };
}
