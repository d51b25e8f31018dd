// Harbor's internal TLS (chart `internalTLS`, certSource "secret"): which components get a certificate, the names
// they are reached by, the Secrets the chart reads, how long the certificates live, and the values. No cdktf: tests
// and the config layer call these directly.

/** The components the chart serves over TLS with `internalTLS.enabled`, each with its own certificate. */
export const INTERNAL_TLS_COMPONENTS = ["core", "jobservice", "registry", "portal", "trivy"] as const;
export type InternalTlsComponent = (typeof INTERNAL_TLS_COMPONENTS)[number];

/** Names of the Secrets that hold the internal CA and the components' certificates. */
export interface InternalTlsSecretNames {
  /**
   * Key `ca.crt` only: the CA certificate, for whoever verifies Harbor's components from outside the release (the
   * Traefik ServersTransports). The CA's private key is in no Secret: it lives only in Terraform's state.
   */
  readonly ca: string;
  /**
   * One `kubernetes.io/tls` Secret per component, keys `ca.crt`, `tls.crt`, `tls.key`: the keys every
   * `templates/<component>/*-tls.yaml` of chart 1.19.1 writes in "manual" mode, and the files its pods read from
   * `/etc/harbor/ssl/<component>/` (`INTERNAL_TLS_*_PATH`). Each pod's entrypoint (install_cert.sh, goharbor/harbor
   * v2.15.1 make/photon/common/install_cert.sh) appends every `/etc/harbor/ssl/*\/ca.crt` to its system trust store,
   * which is how a component verifies the others.
   */
  readonly components: Readonly<Record<InternalTlsComponent, string>>;
}

/** The Secret names for a release; none collides with the chart's own `<fullname>-<component>-internal-tls`. */
export function internalTlsSecretNames(release: string): InternalTlsSecretNames {
  const components = Object.fromEntries(
    INTERNAL_TLS_COMPONENTS.map((component) => [component, `${release}-doks-${component}-internal-tls`]),
  ) as Record<InternalTlsComponent, string>;
  return { ca: `${release}-doks-internal-ca`, components };
}

/**
 * The chart's `harbor.fullname` for a release (templates/_helpers.tpl, chart 1.19.1, no `fullnameOverride`): the
 * release name when it contains "harbor", else `<release>-harbor`. Every component's Service is `<fullname>-<component>`.
 */
export function harborFullname(release: string): string {
  return release.includes("harbor") ? release : `${release}-harbor`;
}

/** Name of a component's Service, the host the other components use (templates/_helpers.tpl `harbor.<component>URL`). */
export function componentServiceName(release: string, component: InternalTlsComponent): string {
  return `${harborFullname(release)}-${component}`;
}

/** The in-cluster DNS name Traefik's ServersTransport verifies a component's certificate against. */
export function componentServerName(release: string, namespace: string, component: InternalTlsComponent): string {
  return `${componentServiceName(release, component)}.${namespace}.svc`;
}

/**
 * DNS names in a component's certificate. The chart's URLs use the bare Service name (`https://<fullname>-core:443`,
 * `https://<fullname>-registry:5443`, registryctl on the registry's name at 8443, `https://<fullname>-trivy:8443`,
 * `https://<fullname>-jobservice`, `https://<fullname>-portal`); the namespace-qualified forms are for clients
 * outside the pod's namespace (Traefik verifies `<service>.<namespace>.svc`). Core also calls itself at
 * `CORE_LOCAL_URL` `https://127.0.0.1:8443` (templates/core/core-cm.yaml), hence `localhost` and the IP address
 * below, which the chart's own "auto" certificate carries too (templates/internal/auto-tls.yaml).
 */
export function internalTlsDnsNames(release: string, namespace: string, component: InternalTlsComponent): string[] {
  const service = componentServiceName(release, component);
  const names = [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
  return component === "core" ? [...names, "localhost"] : names;
}

/** IP addresses in a component's certificate (core's loopback, see {@link internalTlsDnsNames}). */
export function internalTlsIpAddresses(component: InternalTlsComponent): string[] {
  return component === "core" ? ["127.0.0.1"] : [];
}

/**
 * Lifetimes and renewal windows, in hours. Terraform's `tls` provider replaces a certificate on the first plan
 * after `validity_end - early_renewal_hours` (its `ready_for_renewal` turns true), so a certificate is renewed by
 * any apply inside its window: the instance stack must be applied at least once per window. A new certificate
 * changes the Secrets and the pod annotation {@link INTERNAL_TLS_HASH_ANNOTATION}, which rolls every component.
 */
export const INTERNAL_TLS_VALIDITY = {
  /** The CA: 10 years, renewed in its last year (which re-issues every component certificate). */
  caHours: 10 * 365 * 24,
  caEarlyRenewalHours: 365 * 24,
  /** Component certificates: 1 year, renewed in their last 90 days. */
  certificateHours: 365 * 24,
  certificateEarlyRenewalHours: 90 * 24,
} as const;

/**
 * Pod annotation holding a hash of the CA and component certificates. In "secret" mode the chart puts no checksum of
 * the certificates on its pods (its `checksum/tls` is only rendered for "auto" and "manual"), and Harbor reads them
 * once at start (the trust store is built by the entrypoint), so without it a renewed certificate would reach the
 * Secrets but no pod would load it. Certificates are public; the hash discloses nothing.
 */
export const INTERNAL_TLS_HASH_ANNOTATION = "harbor-doks/internal-tls-sha256";

/** What the internal-TLS values depend on. */
export interface InternalTlsValuesInput {
  readonly secretNames: InternalTlsSecretNames;
  /** A hash of every certificate (a Terraform expression); see {@link INTERNAL_TLS_HASH_ANNOTATION}. */
  readonly certificatesHash: string;
}

/**
 * Chart 1.19.1 `internalTLS` in "secret" mode: the chart reads each component's Secret by name and generates
 * nothing, so the certificates stay the same across upgrades (with "auto" the chart makes a new CA on every
 * `helm upgrade`, templates/internal/auto-tls.yaml `genCA`). `trustCa` is only read in "manual" mode; here the CA
 * comes from each Secret's `ca.crt`. `strong_ssl_ciphers` restricts the portal's nginx to ECDHE/DHE with AES-256 GCM
 * and SHA-256 (templates/portal/configmap.yaml), which Go clients (Traefik, Harbor) speak.
 */
export function internalTlsValues(input: InternalTlsValuesInput): Record<string, unknown> {
  const components = Object.fromEntries(
    INTERNAL_TLS_COMPONENTS.map((component) => [component, { secretName: input.secretNames.components[component] }]),
  );
  return { enabled: true, strong_ssl_ciphers: true, certSource: "secret", ...components };
}
