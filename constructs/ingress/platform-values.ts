/** Namespaces the ingress platform installs into (see traefik-ingress.ts). */
export const PLATFORM_NAMESPACES = ["traefik", "cert-manager"] as const;

/** DigitalOcean load balancers scale in size units of 10,000 connections each, from 1 to 100. */
export const MAX_LOAD_BALANCER_SIZE_UNITS = 100;

/** Why `units` is not a load balancer size, or undefined when it is. */
export function loadBalancerSizeUnitsProblem(units: number): string | undefined {
  return Number.isInteger(units) && units >= 1 && units <= MAX_LOAD_BALANCER_SIZE_UNITS
    ? undefined
    : `must be 1 to ${MAX_LOAD_BALANCER_SIZE_UNITS} (DigitalOcean load balancer size units)`;
}

/** Why `email` cannot be an ACME account's e-mail address, or undefined when it can. */
export function acmeEmailProblem(email: string): string | undefined {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)
    ? undefined
    : "must be an e-mail address (Let's Encrypt sends expiry notices there)";
}

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

/** Name of the `headers` Middleware that adds Strict-Transport-Security to every HTTPS response. */
export const HSTS_MIDDLEWARE = "hsts";
/**
 * HSTS max-age: one year, the value the Harbor chart's own nginx sends (it is not deployed with
 * `expose.type: ingress`) and the minimum browsers' preload lists ask for.
 */
export const HSTS_MAX_AGE_SECONDS = 31_536_000;

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
  /**
   * Namespace of the Traefik release. The HSTS Middleware lives there, and entry points name a
   * Kubernetes CRD middleware `<namespace>-<name>@kubernetescrd`.
   */
  readonly namespace: string;
  /**
   * CIDRs whose connections may carry a PROXY protocol header: the network the load balancer (and,
   * with `externalTrafficPolicy: Cluster`, the node that forwards its traffic) connects from. Terraform
   * references are fine (the VPC range is read at plan time). At least one.
   */
  readonly trustedIPs: readonly string[];
  /**
   * Prometheus metrics for scraping. Absent: the chart's default, which already serves `/metrics` on the pod's
   * `metrics` port (9100) but publishes it through no Service.
   */
  readonly metrics?: TraefikMetrics;
}

/** Traefik's metrics, see {@link TraefikValuesInput.metrics}. */
export interface TraefikMetrics {
  /**
   * A `monitoring.coreos.com/v1` ServiceMonitor for the metrics Service. The chart refuses to render it unless the
   * cluster serves that API (its `.Capabilities` check), so the Prometheus Operator's CRDs must be installed first.
   */
  readonly serviceMonitor: boolean;
}

/** Port of Traefik's `metrics` entry point (chart 41.3.0 `ports.metrics.port`). */
export const TRAEFIK_METRICS_PORT = 9100;

/**
 * Traefik chart 41.x values: a DigitalOcean load balancer with PROXY protocol, HTTPS redirect, HSTS,
 * no push timeout.
 */
export function buildTraefikValues(input: TraefikValuesInput): Record<string, unknown> {
  if (input.trustedIPs.length === 0) {
    // The chart only enables PROXY protocol parsing when trustedIPs is non-empty; without it every
    // connection from the load balancer starts with a PROXY line Traefik cannot parse.
    throw new Error("buildTraefikValues: trustedIPs must name at least one CIDR (the load balancer's VPC range)");
  }
  // PROXY protocol only from the load balancer's network. X-Forwarded-* from nobody: the load balancer
  // is a TCP (layer 4) balancer (no do-loadbalancer-protocol annotation, so the cloud controller's
  // default "tcp"), it passes TLS through and never writes HTTP headers. Untrusted, Traefik deletes
  // any X-Forwarded-* a client sends and writes its own from the PROXY protocol address.
  const trusted = {
    proxyProtocol: { trustedIPs: [...input.trustedIPs] },
    forwardedHeaders: { trustedIPs: [], insecure: false },
  };
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
        // An entry-point middleware runs for every router on the entry point, so every HTTPS response
        // of every host this Traefik serves carries HSTS, whatever the Ingress says.
        http: { middlewares: [hstsMiddlewareRef(input.namespace)] },
        // Traefik v3 cuts requests after 60 s by default: a multi-GB `docker push` takes longer.
        transport: { respondingTimeouts: { readTimeout: 0, writeTimeout: 0, idleTimeout: "600s" } },
      },
    },
    // The chart's crds/ install the Middleware CRD before its templates, so the Middleware can ship in
    // the same release (no kubernetes_manifest, which needs the CRD at plan time).
    extraObjects: [hstsMiddleware(input.namespace)],
    ...(input.metrics ? { metrics: traefikMetricsValues(input.metrics) } : {}),
  };
}

/**
 * Chart 41.3.0 `metrics.prometheus`: Prometheus is on by default on the `metrics` entry point, which the chart never
 * exposes on the load balancer (`ports.metrics.expose.default: false`). `service.enabled` adds a ClusterIP Service
 * `<release>-metrics` with the port, and the ServiceMonitor then selects that Service by its
 * `app.kubernetes.io/component: metrics` label (templates/servicemonitor.yaml) instead of the load balancer's Service.
 */
function traefikMetricsValues(metrics: TraefikMetrics): Record<string, unknown> {
  return {
    prometheus: {
      entryPoint: "metrics",
      service: { enabled: true },
      serviceMonitor: { enabled: metrics.serviceMonitor },
    },
  };
}

/** How an entry point names the HSTS Middleware (Traefik's Kubernetes CRD provider: `<namespace>-<name>`). */
export function hstsMiddlewareRef(namespace: string): string {
  return `${namespace}-${HSTS_MIDDLEWARE}@kubernetescrd`;
}

/**
 * A Traefik `headers` Middleware that sends `Strict-Transport-Security: max-age=31536000`.
 *
 * No `includeSubDomains` (and so no `preload`): the middleware sits on the entry point, so it answers
 * for every host this cluster-wide Traefik serves, including hosts this project does not know and an
 * instance at a zone apex (`hostname: example.com`). There includeSubDomains would force every
 * `*.example.com` service, in or out of this cluster, to HTTPS in browsers for a year. The registry
 * serves no subdomains of its own, so leaving it out costs nothing.
 */
export function hstsMiddleware(namespace: string): Record<string, unknown> {
  return {
    apiVersion: "traefik.io/v1alpha1",
    kind: "Middleware",
    metadata: { name: HSTS_MIDDLEWARE, namespace },
    spec: { headers: { stsSeconds: HSTS_MAX_AGE_SECONDS, stsIncludeSubdomains: false, stsPreload: false } },
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
