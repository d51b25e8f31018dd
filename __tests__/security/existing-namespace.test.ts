// Existing namespaces stay theirs: with harbor.createNamespace: false the namespace belongs to someone else, so
// every NetworkPolicy the project adds there selects only Harbor's pods (release label) and the ACME solver pods;
// other workloads keep their traffic. Rendered (local chart harbor-namespace, pinned Harbor chart) and evaluated.
import { Manifest, describeWithCharts } from "../support/charts";
import { PodEndpoint, allowed, endpointsOf, selects } from "../support/network-policy";
import { HARBOR_CHART, renderRelease, synthesize } from "./shared-cluster";

const config = (harbor: string) => `
instances:
  - name: alpha
    region: fra1
    cluster: shared
    hostname: registry.example.com
    harbor: ${harbor}
    ingress: { email: ops@example.com }
`;

function harborNamespace(harbor: string) {
  const synthesized = synthesize(config(harbor));
  const objects = renderRelease(synthesized.releases.find((r) => r.name === "harbor-namespace")!);
  const harborPods = endpointsOf(
    renderRelease(synthesized.releases.find((r) => r.name === "harbor")!),
    "team-tools",
    (w) => w.metadata.name,
  );
  return { objects, policies: objects.filter((d) => d.kind === "NetworkPolicy"), harborPods };
}

const TENANT: PodEndpoint = {
  name: "team-tools/wiki",
  namespace: "team-tools",
  labels: { app: "wiki" },
  ports: [{ port: 8080, name: "http" }],
};
const OTHER: PodEndpoint = { name: "team-b/app", namespace: "team-b", labels: { app: "x" }, ports: [] };
const TRAEFIK: PodEndpoint = {
  name: "traefik/traefik",
  namespace: "traefik",
  labels: { "app.kubernetes.io/name": "traefik" },
  ports: [],
};

describeWithCharts([HARBOR_CHART], "Harbor in a namespace the project does not own", () => {
  let byo: ReturnType<typeof harborNamespace>;
  let owned: ReturnType<typeof harborNamespace>;
  beforeAll(() => {
    byo = harborNamespace("{ namespace: team-tools, createNamespace: false }");
    owned = harborNamespace("{ namespace: team-tools }");
  });

  it("every policy selects Harbor's pods or the solver pods, never every pod", () => {
    expect(byo.policies.length).toBeGreaterThan(0);
    for (const policy of byo.policies) {
      expect(policy.spec.podSelector).not.toEqual({});
      expect(selects(policy.spec.podSelector, TENANT.labels)).toBe(false);
      const labels = policy.spec.podSelector.matchLabels ?? {};
      const expressions = (policy.spec.podSelector.matchExpressions ?? []) as Manifest[];
      expect(
        labels.release === "harbor" ||
          labels["acme.cert-manager.io/http01-solver"] === "true" ||
          expressions.some((e) => e.key === "release" && e.values.includes("harbor")),
      ).toBe(true);
    }
    expect(byo.policies.map((p) => p.metadata.name).sort()).toEqual([
      "harbor-default-deny-ingress",
      "harbor-internal",
      "ingress-to-acme-solver",
      "ingress-to-harbor",
    ]);
  });

  it("other workloads keep their traffic; Harbor's pods still admit only Traefik and each other", () => {
    expect(allowed(byo.policies, OTHER, TENANT, 8080)).toBe(true);
    expect(allowed(owned.policies, OTHER, TENANT, 8080)).toBe(false);
    const core = byo.harborPods.find((p) => p.labels.component === "core")!;
    const registry = byo.harborPods.find((p) => p.labels.component === "registry")!;
    expect(allowed(byo.policies, TRAEFIK, core, core.ports[0].port)).toBe(true);
    for (const source of [OTHER, TENANT]) {
      expect(allowed(byo.policies, source, core, core.ports[0].port)).toBe(false);
      expect(allowed(byo.policies, source, registry, registry.ports[0].port)).toBe(false);
    }
    expect(allowed(byo.policies, core, registry, registry.ports[0].port)).toBe(true);
  });

  it("adds exactly these objects to the namespace (the README lists them)", () => {
    expect(byo.objects.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      "IngressRoute/blocked-paths",
      "Issuer/letsencrypt-prod",
      "Issuer/letsencrypt-staging",
      "Middleware/blocked-path-404",
      "NetworkPolicy/harbor-default-deny-ingress",
      "NetworkPolicy/harbor-internal",
      "NetworkPolicy/ingress-to-acme-solver",
      "NetworkPolicy/ingress-to-harbor",
      "ServersTransport/harbor-core-backend",
      "ServersTransport/harbor-portal-backend",
    ]);
  });

  it("a namespace the project creates keeps the namespace-wide deny (the only policy that differs)", () => {
    const names = (o: typeof byo) => o.policies.map((p) => p.metadata.name).sort();
    expect(names(owned)).toEqual([
      "default-deny-ingress",
      "harbor-internal",
      "ingress-to-acme-solver",
      "ingress-to-harbor",
    ]);
    const rest = (o: typeof byo) => o.policies.filter((p) => !p.metadata.name.includes("default-deny"));
    expect(rest(byo)).toEqual(rest(owned));
  });
});
