import { buildCertManagerValues, buildClusterIssuerValues, buildTraefikValues } from "../../constructs/platform-values";

describe("buildClusterIssuerValues", () => {
  it("http01: production and staging issuers solving through the traefik class", () => {
    expect(buildClusterIssuerValues({ email: "ops@example.com", challenge: "http01", dnsZones: [] })).toEqual({
      email: "ops@example.com",
      issuers: [
        { name: "letsencrypt-prod", server: "https://acme-v02.api.letsencrypt.org/directory" },
        { name: "letsencrypt-staging", server: "https://acme-staging-v02.api.letsencrypt.org/directory" },
      ],
      http01: { enabled: true, ingressClassName: "traefik" },
      dns01: { enabled: false, zones: [], tokenSecretName: "digitalocean-dns", tokenSecretKey: "access-token" },
    });
  });

  it("dns01: the DigitalOcean solver limited to the given zones, no HTTP-01", () => {
    const values = buildClusterIssuerValues({ email: "a@b.io", challenge: "dns01", dnsZones: ["b.io", "c.io"] });
    expect(values.http01).toEqual({ enabled: false, ingressClassName: "traefik" });
    expect(values.dns01).toEqual({
      enabled: true,
      zones: ["b.io", "c.io"],
      tokenSecretName: "digitalocean-dns",
      tokenSecretKey: "access-token",
    });
  });
});

describe("buildTraefikValues", () => {
  const input = { loadBalancerName: "lb", loadBalancerSizeUnits: 3, hairpinHostname: "r.example.com" };

  it("ha: 2 replicas and a PDB; dev: 1 replica, no PDB", () => {
    expect(buildTraefikValues({ ...input, highAvailability: true })).toMatchObject({
      deployment: { replicas: 2 },
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    });
    const dev = buildTraefikValues({ ...input, highAvailability: false });
    expect(dev.deployment).toEqual({ replicas: 1 });
    expect(dev).not.toHaveProperty("podDisruptionBudget");
  });

  it("writes the size unit as a string annotation", () => {
    const values = buildTraefikValues({ ...input, highAvailability: true }) as { service: { annotations: object } };
    expect(values.service.annotations).toMatchObject({ "service.beta.kubernetes.io/do-loadbalancer-size-unit": "3" });
  });
});

describe("buildCertManagerValues", () => {
  it("always installs and keeps the CRDs; public resolvers only for DNS-01", () => {
    expect(buildCertManagerValues({ highAvailability: false, dns01: false })).toEqual({
      crds: { enabled: true, keep: true },
    });
    expect(buildCertManagerValues({ highAvailability: true, dns01: true })).toMatchObject({
      replicaCount: 2,
      dns01RecursiveNameserversOnly: true,
    });
  });
});
