import {
  HSTS_MAX_AGE_SECONDS,
  TRAEFIK_METRICS_PORT,
  TRAEFIK_WATCH_RULES,
  buildCertManagerValues,
  buildTraefikValues,
  certManagerNetworkPolicies,
  traefikWatchAccess,
  watchedNamespaces,
} from "../../../constructs/ingress/platform-values";

describe("buildTraefikValues", () => {
  const input = {
    loadBalancerName: "lb",
    loadBalancerSizeUnits: 3,
    hairpinHostname: "r.example.com",
    namespace: "edge",
    trustedIPs: ["10.114.0.0/20"],
    servedNamespaces: ["harbor"],
    readTimeoutSeconds: 3600,
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ha = buildTraefikValues({ ...input, highAvailability: true }) as any;

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

  it("trusts PROXY protocol only from the given ranges, and X-Forwarded-* from nobody", () => {
    for (const port of ["web", "websecure"]) {
      expect(ha.ports[port].proxyProtocol).toEqual({ trustedIPs: ["10.114.0.0/20"] });
      expect(ha.ports[port].forwardedHeaders).toEqual({ trustedIPs: [], insecure: false });
    }
    // No blanket private range (RFC 1918), loopback or "everything" anywhere in the values.
    expect(JSON.stringify(ha)).not.toMatch(
      /10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16|127\.0\.0\.1|0\.0\.0\.0\/0/,
    );
    expect(JSON.stringify(ha)).not.toContain('"insecure":true');
  });

  it("refuses an empty trusted range (the chart would not enable PROXY protocol parsing)", () => {
    expect(() => buildTraefikValues({ ...input, highAvailability: true, trustedIPs: [] })).toThrow(
      /trustedIPs must name at least one CIDR/,
    );
  });

  it("ships a one-year HSTS headers Middleware and attaches it to the websecure entry point", () => {
    const middlewares = ha.extraObjects.filter(
      (o: { apiVersion: string; kind: string }) => o.apiVersion === "traefik.io/v1alpha1" && o.kind === "Middleware",
    );
    expect(middlewares).toHaveLength(1);
    const [hsts] = middlewares;
    expect(hsts.metadata).toEqual({ name: "hsts", namespace: "edge" });
    expect(hsts.spec.headers.stsSeconds).toBeGreaterThanOrEqual(31_536_000);
    expect(HSTS_MAX_AGE_SECONDS).toBeGreaterThanOrEqual(31_536_000);
    // Shared parent domains: no includeSubDomains, no preload (see hstsMiddleware).
    expect(hsts.spec.headers.stsIncludeSubdomains).toBe(false);
    expect(hsts.spec.headers.stsPreload).toBe(false);
    // Traefik's Kubernetes CRD provider names it <namespace>-<name>@kubernetescrd.
    expect(ha.ports.websecure.http.middlewares).toEqual([
      `${hsts.metadata.namespace}-${hsts.metadata.name}@kubernetescrd`,
    ]);
    // Only HTTPS responses: HSTS over plain HTTP is ignored by browsers, and port 80 only redirects.
    expect(ha.ports.web.http).not.toHaveProperty("middlewares");
  });
});

describe("buildTraefikValues metrics", () => {
  const input = {
    loadBalancerName: "lb",
    loadBalancerSizeUnits: 1,
    hairpinHostname: "r.example.com",
    namespace: "edge",
    trustedIPs: ["10.114.0.0/20"],
    highAvailability: true,
    servedNamespaces: ["harbor"],
    readTimeoutSeconds: 3600,
  };

  it("leaves the chart's metrics defaults alone when not asked", () => {
    expect(buildTraefikValues(input)).not.toHaveProperty("metrics");
  });

  it("publishes the metrics entry point through its own ClusterIP Service, with a ServiceMonitor only on request", () => {
    expect(
      buildTraefikValues({ ...input, metrics: { serviceMonitor: false, scrapeNamespace: "monitoring" } }).metrics,
    ).toEqual({
      prometheus: { entryPoint: "metrics", service: { enabled: true }, serviceMonitor: { enabled: false } },
    });
    expect(
      buildTraefikValues({ ...input, metrics: { serviceMonitor: true, scrapeNamespace: "monitoring" } }).metrics,
    ).toEqual({
      prometheus: { entryPoint: "metrics", service: { enabled: true }, serviceMonitor: { enabled: true } },
    });
  });

  it("never exposes the metrics port on the load balancer", () => {
    const values = buildTraefikValues({
      ...input,
      metrics: { serviceMonitor: true, scrapeNamespace: "monitoring" },
    }) as { ports: object };
    expect(values.ports).not.toHaveProperty("metrics");
    expect(TRAEFIK_METRICS_PORT).toBe(9100);
  });
});

describe("buildCertManagerValues", () => {
  it("always installs and keeps the CRDs; public resolvers only for DNS-01", () => {
    expect(buildCertManagerValues({ highAvailability: false, dns01: false, namespace: "cm" })).toMatchObject({
      crds: { enabled: true, keep: true },
    });
    expect(buildCertManagerValues({ highAvailability: false, dns01: false, namespace: "cm" })).not.toHaveProperty(
      "dns01RecursiveNameservers",
    );
    expect(buildCertManagerValues({ highAvailability: true, dns01: true, namespace: "cm" })).toMatchObject({
      replicaCount: 2,
      dns01RecursiveNameserversOnly: true,
    });
  });
});

describe("Traefik's scope", () => {
  it("watches its own namespace first, then each served namespace once, sorted", () => {
    expect(watchedNamespaces("traefik", ["harbor-b", "harbor-a", "harbor-b", "traefik"])).toEqual([
      "traefik",
      "harbor-a",
      "harbor-b",
    ]);
  });

  it("gives the providers the same list, namespaced RBAC and no IngressClass", () => {
    const values = buildTraefikValues({
      loadBalancerName: "lb",
      loadBalancerSizeUnits: 1,
      hairpinHostname: "r.example.com",
      namespace: "edge",
      trustedIPs: ["10.114.0.0/20"],
      highAvailability: false,
      servedNamespaces: ["harbor"],
      readTimeoutSeconds: 3600,
    }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(values.rbac).toEqual({ enabled: false, namespaced: true });
    expect(values.ingressClass).toEqual({ enabled: false });
    expect(values.providers.kubernetesIngress.namespaces).toEqual(["edge", "harbor"]);
    expect(values.providers.kubernetesCRD.namespaces).toEqual(["edge", "harbor"]);
    const role = values.extraObjects.find((o: { kind: string }) => o.kind === "Role");
    expect(role).toMatchObject({ metadata: { name: "traefik-watch", namespace: "edge" }, rules: TRAEFIK_WATCH_RULES });
    // Without metrics, no policy admits the metrics port.
    expect(values.extraObjects.map((o: { metadata: { name: string } }) => o.metadata.name)).not.toContain(
      "traefik-metrics",
    );
  });

  it("binds the watch Role to Traefik's ServiceAccount in Traefik's namespace", () => {
    const [role, binding] = traefikWatchAccess("harbor", "edge");
    expect(role).toMatchObject({ kind: "Role", metadata: { namespace: "harbor" } });
    expect(binding).toMatchObject({
      kind: "RoleBinding",
      metadata: { namespace: "harbor" },
      subjects: [{ kind: "ServiceAccount", name: "traefik", namespace: "edge" }],
    });
  });

  it("cert-manager's namespace admits the webhook's port only", () => {
    expect(certManagerNetworkPolicies("cm").map((p) => (p.spec as { ingress?: unknown }).ingress)).toEqual([
      undefined,
      [{ ports: [{ port: "https", protocol: "TCP" }] }],
    ]);
  });
});
