import { toHelmValuesYaml } from "../core/helm-values";
import { defaultDenyIngress, namespacePeer, networkPolicy } from "../core/network-policy";

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

/**
 * Default read timeout of HTTPS requests: one hour, which lets a 10 GB layer through at 25 Mbit/s, and still bounds
 * how long a client that sends nothing (no TLS handshake, no headers) holds a connection.
 */
export const DEFAULT_READ_TIMEOUT_SECONDS = 3600;
/** At least a minute (Traefik's own default), at most a day. */
export const READ_TIMEOUT_SECONDS_RANGE = [60, 86_400] as const;

/** Why `seconds` is not a read timeout for the websecure entry point, or undefined when it is. */
export function readTimeoutSecondsProblem(seconds: number): string | undefined {
  const [min, max] = READ_TIMEOUT_SECONDS_RANGE;
  return Number.isInteger(seconds) && seconds >= min && seconds <= max
    ? undefined
    : `must be whole seconds from ${min} to ${max}: the longest an HTTPS request (handshake, headers and body, such as one layer of a docker push) may take; 0 (no limit) is refused because it also lifts the bound on the handshake and headers`;
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

export { LETSENCRYPT_PRODUCTION, LETSENCRYPT_STAGING } from "./acme";
export const INGRESS_CLASS = "traefik";
/** Traefik's release name, and so its ServiceAccount's (chart 41.3.0 `traefik.fullname`). */
export const TRAEFIK_RELEASE = "traefik";

/**
 * What Traefik's Ingress and CRD providers need in each namespace they watch: the rules chart 41.3.0 gives its
 * namespaced Role (templates/rbac/role.yaml, without the Knative and Hub parts). The chart's own Roles are off
 * (`rbac.enabled: false`) because it can only create them in namespaces that exist when the platform is installed;
 * Traefik's namespace gets this Role from the Traefik release, each served namespace from TraefikIngress (the local
 * chart traefik-access) once it exists. A test renders the chart's Role and compares.
 */
export const TRAEFIK_WATCH_RULES: readonly Record<string, readonly string[]>[] = [
  { apiGroups: [""], resources: ["configmaps", "services"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["get"] },
  // Traefik reads the certificates of what it serves; its informer lists every Secret of a watched namespace.
  { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["extensions", "networking.k8s.io"], resources: ["ingresses"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["extensions", "networking.k8s.io"], resources: ["ingresses/status"], verbs: ["update"] },
  {
    apiGroups: ["traefik.io"],
    resources: [
      "ingressroutes",
      "ingressroutetcps",
      "ingressrouteudps",
      "middlewares",
      "middlewaretcps",
      "tlsoptions",
      "tlsstores",
      "traefikservices",
      "serverstransports",
      "serverstransporttcps",
    ],
    verbs: ["get", "list", "watch"],
  },
];

/** The platform's Traefik with its default namespace, as a Harbor it serves names it (`HarborProps.traefik`). */
export const PLATFORM_TRAEFIK = {
  namespace: PLATFORM_NAMESPACES[0],
  serviceAccount: TRAEFIK_RELEASE,
  ingressClass: INGRESS_CLASS,
  // TraefikIngress grants its Role in every namespace it serves.
  watchRole: false,
} as const;

/** Name of the Role (and RoleBinding) that lets Traefik watch a namespace. */
export const TRAEFIK_WATCH_ROLE = "traefik-watch";

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
  /**
   * The namespaces of the Harbor instances this Traefik serves: with Traefik's own, the only namespaces whose
   * Ingresses, IngressRoutes, Middlewares, Services and Secrets it watches. Each needs the {@link TRAEFIK_WATCH_RULES}
   * Role before Traefik starts watching it. Read only for the default of `watchedNamespaces`.
   * @default []
   */
  readonly servedNamespaces?: readonly string[];
  /**
   * What Traefik watches, when not Traefik's namespace and `servedNamespaces` ({@link watchedNamespaces}): entries
   * the chart joins with commas, such as one Terraform expression for the whole list (TraefikIngress's).
   * @default - watchedNamespaces(namespace, servedNamespaces)
   */
  readonly watchedNamespaces?: readonly string[];
  /** The `websecure` entry point's read timeout, see {@link readTimeoutSecondsProblem}. */
  readonly readTimeoutSeconds: number;
}

/** Traefik's metrics, see {@link TraefikValuesInput.metrics}. */
export interface TraefikMetrics {
  /**
   * A `monitoring.coreos.com/v1` ServiceMonitor for the metrics Service. The chart refuses to render it unless the
   * cluster serves that API (its `.Capabilities` check), so the Prometheus Operator's CRDs must be installed first.
   */
  readonly serviceMonitor: boolean;
  /** The only namespace whose pods may connect to the metrics port (NetworkPolicy). */
  readonly scrapeNamespace: string;
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
  const namespaces = input.watchedNamespaces
    ? [...input.watchedNamespaces]
    : watchedNamespaces(input.namespace, input.servedNamespaces ?? []);
  return {
    deployment: { replicas: input.highAvailability ? 2 : 1 },
    ...(input.highAvailability ? { podDisruptionBudget: { enabled: true, minAvailable: 1 } } : {}),
    // Namespaced RBAC: no ClusterRole, so no Secret outside the watched namespaces. The chart then adds
    // `disableClusterScopeResources` to both providers (templates/_podtemplate.tpl), and Traefik does not read
    // IngressClasses: an Ingress with `spec.ingressClassName` is never served (traefik v3.7
    // pkg/provider/kubernetes/ingress/kubernetes.go, shouldProcessIngress), one with the annotation
    // `kubernetes.io/ingress.class: traefik` is. The class filter matters little here: only the watched namespaces
    // are read at all. No IngressClass object, which would suggest `ingressClassName: traefik` works.
    rbac: { enabled: false, namespaced: true },
    ingressClass: { enabled: false },
    providers: {
      // The chart's flag lists exactly these (its Traefik-namespace default applies only to an empty list).
      kubernetesIngress: { ingressClass: INGRESS_CLASS, namespaces, publishedService: { enabled: true } },
      kubernetesCRD: { ingressClass: INGRESS_CLASS, namespaces },
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
    // Routers without entry points of their own (every Ingress) attach to the `asDefault` entry points only; with none
    // marked they attach to every entry point but `traefik`, the metrics port 9100 included (traefik v3.7.9
    // cmd/traefik/traefik.go, getDefaultsEntrypoints; pkg/server/aggregator.go). `web` stays a default for the
    // HTTPS redirect and cert-manager's HTTP-01 solver Ingress.
    ports: {
      web: {
        asDefault: true,
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
        asDefault: true,
        // `readTimeout` is Traefik's only bound on the read side (traefik v3.7.9): the PROXY header
        // (pkg/server/server_entrypoint_tcp.go, buildProxyProtocolListener: 0 means no limit), the TLS ClientHello
        // and handshake (the connection deadline set at accept) and the request headers (http.Server.ReadTimeout,
        // with no ReadHeaderTimeout, which Go then takes from ReadTimeout). It also covers the body, so it is sized
        // for the longest upload (see readTimeoutSeconds); 0 would let a client that never finishes its handshake
        // or headers hold a connection forever. Responses (a multi-GB pull) stay unbounded.
        transport: {
          respondingTimeouts: { readTimeout: `${input.readTimeoutSeconds}s`, writeTimeout: 0, idleTimeout: "600s" },
        },
      },
    },
    // The chart's crds/ install the Middleware CRD before its templates, so the Middleware can ship in
    // the same release (no kubernetes_manifest, which needs the CRD at plan time).
    extraObjects: [
      hstsMiddleware(input.namespace),
      ...traefikWatchAccess(input.namespace, input.namespace),
      ...traefikNetworkPolicies(input.namespace, input.metrics?.scrapeNamespace),
    ],
    ...(input.metrics ? { metrics: traefikMetricsValues(input.metrics) } : {}),
  };
}

/** Traefik's own namespace, then the served ones, sorted, without repeats. */
export function watchedNamespaces(traefikNamespace: string, served: readonly string[]): string[] {
  return [traefikNamespace, ...[...new Set(served)].filter((ns) => ns !== traefikNamespace).sort()];
}

/** The Role and RoleBinding that let Traefik (in `traefikNamespace`) watch `namespace`. */
export function traefikWatchAccess(namespace: string, traefikNamespace: string): Record<string, unknown>[] {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: TRAEFIK_WATCH_ROLE, namespace },
      rules: TRAEFIK_WATCH_RULES,
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: TRAEFIK_WATCH_ROLE, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: TRAEFIK_WATCH_ROLE },
      subjects: [{ kind: "ServiceAccount", name: TRAEFIK_RELEASE, namespace: traefikNamespace }],
    },
  ];
}

/**
 * Traefik's namespace: the web and websecure entry points accept connections from anywhere (no `from`: the load
 * balancer's traffic arrives through the nodes, from node addresses, which a CIDR peer does not reliably match
 * under Cilium); the metrics port only from the monitoring namespace; nothing else (the dashboard port 8080 stays
 * closed: kubelet probes are not subject to NetworkPolicy).
 */
export function traefikNetworkPolicies(namespace: string, scrapeNamespace?: string): Record<string, unknown>[] {
  const traefikPods = { matchLabels: { "app.kubernetes.io/name": "traefik" } };
  return [
    defaultDenyIngress(namespace),
    networkPolicy("traefik-entrypoints", namespace, {
      podSelector: traefikPods,
      policyTypes: ["Ingress"],
      ingress: [{ ports: ["web", "websecure"].map((port) => ({ port, protocol: "TCP" })) }],
    }),
    ...(scrapeNamespace === undefined
      ? []
      : [
          networkPolicy("traefik-metrics", namespace, {
            podSelector: traefikPods,
            policyTypes: ["Ingress"],
            ingress: [{ from: [namespacePeer(scrapeNamespace)], ports: [{ port: "metrics", protocol: "TCP" }] }],
          }),
        ]),
  ];
}

/**
 * cert-manager's namespace: only the webhook accepts connections, on its `https` port (10250, chart v1.21.1
 * `webhook.securePort`), from anywhere: the API server calls it from outside the pod network (DOKS's control plane),
 * and every admission request passes through it. The controller and cainjector only connect out.
 */
export function certManagerNetworkPolicies(namespace: string): Record<string, unknown>[] {
  return [
    defaultDenyIngress(namespace),
    networkPolicy("cert-manager-webhook", namespace, {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: "https", protocol: "TCP" }] }],
    }),
  ];
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
  /** Namespace of the release (its NetworkPolicies live there). */
  readonly namespace: string;
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
    // The chart passes each entry through `tpl`, so it takes YAML text (templates/extras-objects.yaml).
    extraObjects: certManagerNetworkPolicies(input.namespace).map((object) => toHelmValuesYaml(object)),
  };
}
