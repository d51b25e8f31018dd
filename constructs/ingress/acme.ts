// ACME (Let's Encrypt) issuers, one set per Harbor namespace: cert-manager `Issuer`s, which only Certificates of
// their own namespace can use, instead of ClusterIssuers any namespace could ask for the registry's host or zone.

/** Names of the production and staging Issuers in each Harbor namespace. */
export const LETSENCRYPT_PRODUCTION = "letsencrypt-prod";
export const LETSENCRYPT_STAGING = "letsencrypt-staging";

export const ACME_SERVERS = [
  { name: LETSENCRYPT_PRODUCTION, server: "https://acme-v02.api.letsencrypt.org/directory" },
  { name: LETSENCRYPT_STAGING, server: "https://acme-staging-v02.api.letsencrypt.org/directory" },
] as const;

/** Where a DNS zone is hosted; for DNS-01, cert-manager's own solver for that provider. */
export const DNS_PROVIDERS = ["digitalocean", "cloudflare", "route53"] as const;
export type DnsProvider = (typeof DNS_PROVIDERS)[number];

/** The Secret (in the Harbor namespace, beside its Issuers) with the DNS-01 solver's credentials. */
export const DNS_CREDENTIALS_SECRET = "acme-dns-credentials";

/**
 * Keys of that Secret per provider (the chart's templates/issuers.yaml names the same keys): DigitalOcean's API
 * token, Cloudflare's API token (cert-manager `apiTokenSecretRef`), Route 53's access key pair.
 */
export const DNS_CREDENTIAL_KEYS = {
  digitalocean: ["access-token"],
  cloudflare: ["api-token"],
  route53: ["access-key-id", "secret-access-key"],
} as const satisfies Record<DnsProvider, readonly string[]>;

/** Route 53 settings that are not secret. */
export interface Route53Settings {
  /** AWS region of the Route 53 API calls, e.g. `us-east-1`. */
  readonly region: string;
  /** The hosted zone; cert-manager finds it from the name when absent. @default - looked up */
  readonly hostedZoneId?: string;
  /** An IAM role to assume with the access key. @default - none */
  readonly role?: string;
}

/** How the Issuers of one Harbor namespace verify domains. */
export type AcmeChallenge =
  | { readonly type: "http01" }
  | {
      readonly type: "dns01";
      readonly provider: DnsProvider;
      /** The zone(s) the solver may write TXT records in. */
      readonly zones: readonly string[];
      /** Required with `route53`. */
      readonly route53?: Route53Settings;
    };

/** Why a Route 53 region is wrong, or undefined. */
export function route53RegionProblem(region: string): string | undefined {
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(region)
    ? undefined
    : `must be an AWS region such as us-east-1, got "${region}"`;
}

/** The `issuers:` values of the local chart harbor-namespace. */
export function acmeIssuerValues(
  email: string,
  challenge: AcmeChallenge,
  ingressClass: string,
): Record<string, unknown> {
  const dns01 = challenge.type === "dns01" ? challenge : undefined;
  return {
    enabled: true,
    email,
    servers: ACME_SERVERS.map((s) => ({ ...s })),
    // `class` (the annotation), not `ingressClassName`: the platform's Traefik, with namespaced RBAC, serves only
    // Ingresses that carry the annotation (see buildTraefikValues).
    http01: { enabled: dns01 === undefined, class: ingressClass },
    dns01: {
      enabled: dns01 !== undefined,
      provider: dns01?.provider ?? "digitalocean",
      zones: [...(dns01?.zones ?? [])],
      secretName: DNS_CREDENTIALS_SECRET,
      route53: {
        region: dns01?.route53?.region ?? "",
        hostedZoneID: dns01?.route53?.hostedZoneId ?? "",
        role: dns01?.route53?.role ?? "",
      },
    },
  };
}

/** The CA domain Let's Encrypt looks for in CAA records (production and staging alike). */
export const LETSENCRYPT_CAA_DOMAIN = "letsencrypt.org";

/** A Let's Encrypt ACME account URI, as an Issuer's `status.acme.uri` shows it. */
export const ACME_ACCOUNT_URI_PATTERN = /^https:\/\/acme(-staging)?-v02\.api\.letsencrypt\.org\/acme\/acct\/\d+$/;

/**
 * The value of the CAA `issue` record that limits issuance for a host name to Let's Encrypt and, given the ACME
 * account URI, to that account (RFC 8657 `accounturi`, which Let's Encrypt enforces).
 */
export function caaIssueValue(accountUri?: string): string {
  return accountUri === undefined ? LETSENCRYPT_CAA_DOMAIN : `${LETSENCRYPT_CAA_DOMAIN}; accounturi=${accountUri}`;
}
