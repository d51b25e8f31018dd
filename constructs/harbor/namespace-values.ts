// Values of the local chart harbor-namespace: the objects beside one Harbor release in its namespace. One top-level
// key per purpose (`issuers`, `networkPolicies`, `traefikAccess`, `blockedPaths`), so other purposes add keys of
// their own without touching these.
import { AcmeChallenge, acmeIssuerValues } from "../ingress/acme";
import { TRAEFIK_WATCH_RULES } from "../ingress/platform-values";
import { HARBOR_METRICS_PORT } from "./harbor-values";

/**
 * Paths Harbor's own nginx answers with 404 (harbor-helm v1.19.1 templates/nginx/configmap-https.yaml,
 * `location /service/notifications { return 404; }`): core's job-status hooks, which take no authentication and
 * are meant for jobservice only. Without that nginx (`expose.type: ingress`) Traefik must refuse them.
 */
export const BLOCKED_PATH_PREFIXES = ["/service/notifications"] as const;

/** The platform's Traefik, when it serves this Harbor. */
export interface ServingTraefik {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The ingress class, as Traefik's providers filter it. */
  readonly ingressClass: string;
  /**
   * Traefik's Role comes with Harbor's namespace objects. False when Traefik's own stack grants it, as
   * `TraefikIngress` does for every namespace it serves (so an instance that fails to deploy cannot
   * leave Traefik watching a namespace it cannot read).
   * @default true
   */
  readonly watchRole?: boolean;
}

export interface HarborNamespaceValuesInput {
  /** Harbor's Helm release name (its pods carry `release: <name>`). */
  readonly releaseName: string;
  readonly hostname: string;
  /** Secret with Harbor's certificate (the Ingress's TLS secret). */
  readonly tlsSecretName: string;
  /**
   * Harbor is reached through an Ingress (portal and core admit the ingress controller); else through Harbor's own
   * nginx, which admits any namespace (in-cluster clients; port-forward is not subject to NetworkPolicies).
   */
  readonly ingress: boolean;
  /**
   * Namespace of the ingress controller, the only one that may reach portal, core and the ACME solver pods.
   * Absent: any namespace (a controller this project does not know).
   */
  readonly ingressNamespace?: string;
  /**
   * The project created the namespace, so its default deny may cover every pod of it. False (an existing namespace):
   * every policy selects only Harbor's pods and the ACME solver pods; other workloads there keep their traffic.
   * @default true
   */
  readonly ownsNamespace?: boolean;
  /** Metrics are on: the monitoring namespace may reach the metrics port. */
  readonly metricsNamespace?: string;
  /** ACME Issuers of the namespace. Absent: none (an issuer of the user's own). */
  readonly issuers?: { readonly email: string; readonly challenge: AcmeChallenge };
  /** Node selector and tolerations of the ACME HTTP-01 solver pods (a platform node pool). @default - none */
  readonly solverPlacement?: { readonly nodeSelector: Record<string, string>; readonly tolerations: object[] };
  /** The platform's Traefik serves Harbor: its Role here and the blocked paths. */
  readonly traefik?: ServingTraefik;
}

export function buildHarborNamespaceValues(input: HarborNamespaceValuesInput): Record<string, unknown> {
  const traefik = input.traefik;
  return {
    issuers: input.issuers
      ? withSolverPlacement(
          acmeIssuerValues(input.issuers.email, input.issuers.challenge, traefik?.ingressClass ?? ""),
          input.solverPlacement,
        )
      : { enabled: false },
    networkPolicies: {
      enabled: true,
      namespaceWide: input.ownsNamespace ?? true,
      release: input.releaseName,
      // Without an Ingress, Harbor's own nginx is the entry point (in-cluster clients, port-forward).
      entryComponents: input.ingress ? ["core", "portal"] : ["nginx"],
      ingressNamespace: input.ingressNamespace ?? "",
      metrics: {
        enabled: input.metricsNamespace !== undefined,
        namespace: input.metricsNamespace ?? "",
        port: HARBOR_METRICS_PORT,
      },
    },
    traefikAccess:
      traefik && traefik.watchRole !== false
        ? {
            enabled: true,
            namespace: traefik.namespace,
            serviceAccount: traefik.serviceAccount,
            rules: TRAEFIK_WATCH_RULES,
          }
        : { enabled: false },
    blockedPaths:
      traefik && input.ingress
        ? {
            enabled: true,
            host: input.hostname,
            tlsSecretName: input.tlsSecretName,
            ingressClass: traefik.ingressClass,
            entryPoint: "websecure",
            prefixes: [...BLOCKED_PATH_PREFIXES],
          }
        : { enabled: false },
  };
}

/** The Issuers' values with the solver pods' placement (cert-manager `http01.ingress.podTemplate.spec`). */
function withSolverPlacement(
  issuers: Record<string, unknown>,
  placement: HarborNamespaceValuesInput["solverPlacement"],
): Record<string, unknown> {
  if (placement === undefined) return issuers;
  const http01 = issuers.http01 as Record<string, unknown>;
  return { ...issuers, http01: { ...http01, podSpec: { ...placement } } };
}
