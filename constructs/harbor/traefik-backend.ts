// How Traefik reaches Harbor's core and portal over HTTPS and verifies them with the internal CA. No cdktf.
//
// Facts from Traefik v3.7.9 (the newest v3.7 tag of traefik/traefik; chart 41.3.0 ships v3.7.11):
// - The Kubernetes Ingress provider reads backend settings from annotations of the backend's Service, not of the
//   Ingress: `traefik.ingress.kubernetes.io/service.serversscheme` and `.../service.serverstransport`
//   (pkg/provider/kubernetes/ingress/annotations.go, kubernetes.go `loadService`). Without the scheme annotation it
//   guesses https from port 443 or a port name starting with "https" (kubernetes.go `getProtocol`); we say it.
// - A ServersTransport of the CRD provider is referenced as `<namespace>-<name>@kubernetescrd`
//   (pkg/provider/kubernetes/crd/kubernetes.go `makeID`). When the Ingress provider's `crossProviderNamespaces` is
//   set, the Service's namespace must be in it, or Traefik refuses the reference (kubernetes.go `loadService`).
// - `rootCAs: [{secret: <name>}]` reads the Secret's `tls.ca` or `ca.crt` (crd/kubernetes.go `getCABlocks`).
// - Traefik dials the pods' IPs (EndpointSlices), so it must be told the name to verify: `serverName`.
import { InternalTlsComponent, componentServerName, componentServiceName } from "./internal-tls";

/** The components Traefik routes to (the chart's Ingress: `/api/`, `/service/`, `/v2/`, `/c/` to core, `/` to portal). */
export const TRAEFIK_BACKENDS = ["core", "portal"] as const satisfies readonly InternalTlsComponent[];
export type TraefikBackend = (typeof TRAEFIK_BACKENDS)[number];

export const TRAEFIK_SERVERS_SCHEME_ANNOTATION = "traefik.ingress.kubernetes.io/service.serversscheme";
export const TRAEFIK_SERVERS_TRANSPORT_ANNOTATION = "traefik.ingress.kubernetes.io/service.serverstransport";

/** One `traefik.io/v1alpha1` ServersTransport, as the harbor-namespace chart's `serversTransport.transports[]`. */
export interface ServersTransportSpec {
  /** Object name, in the Harbor release's namespace. */
  readonly name: string;
  /** Name the backend's certificate must carry. */
  readonly serverName: string;
  /** Secret holding only the CA certificate (`ca.crt`). */
  readonly caSecret: string;
}

/** Name of the ServersTransport for one backend of a release. */
export function serversTransportName(release: string, backend: TraefikBackend): string {
  return `${componentServiceName(release, backend)}-backend`;
}

/** The ServersTransports a release needs: one per backend, each verifying that backend's name against the CA. */
export function harborServersTransports(release: string, namespace: string, caSecret: string): ServersTransportSpec[] {
  return TRAEFIK_BACKENDS.map((backend) => ({
    name: serversTransportName(release, backend),
    serverName: componentServerName(release, namespace, backend),
    caSecret,
  }));
}

/** The core and portal Service annotations that send Traefik over HTTPS through those ServersTransports. */
export function traefikBackendAnnotations(
  release: string,
  namespace: string,
): Record<TraefikBackend, Record<string, string>> {
  const annotations = (backend: TraefikBackend) => ({
    [TRAEFIK_SERVERS_SCHEME_ANNOTATION]: "https",
    [TRAEFIK_SERVERS_TRANSPORT_ANNOTATION]: `${namespace}-${serversTransportName(release, backend)}@kubernetescrd`,
  });
  return { core: annotations("core"), portal: annotations("portal") };
}
