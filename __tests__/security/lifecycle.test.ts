// What a later change does to the objects beside Harbor in its namespace (Issuers, NetworkPolicies, Traefik's Role,
// the blocked paths), what destroy does, and what a mistaken value does.
import { parse } from "yaml";
import { TerraformStack, Testing } from "cdktf";
import { Harbor } from "../../constructs/harbor/harbor";
import { PLATFORM_TRAEFIK } from "../../constructs/ingress/platform-values";
import { localChartPath } from "../../constructs/core/local-chart";
import { HARBOR_TEST_PROPS } from "../helpers";
import { Manifest, helmTemplate } from "../support/charts";
import { StackJson, resources, synthConfig } from "../stacks/synth";
import { PodEndpoint, allowed } from "../support/network-policy";
import { findHelm, testWithTool, toolGate } from "../support/tools";

const config = (ingress: string, extra = "") => `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: ${ingress}
${extra}`;
const cache = new Map<string, StackJson>();
const stack = (yaml: string) => {
  if (!cache.has(yaml)) cache.set(yaml, synthConfig(yaml)["harbor-prod"]);
  return cache.get(yaml) as StackJson;
};
const release = (json: StackJson, name: string): [string, StackJson] =>
  Object.entries(resources(json, "helm_release")).find(([, r]) => r.name === name) as [string, StackJson];
const objectsOf = (json: StackJson): Manifest[] =>
  helmTemplate(localChartPath("harbor-namespace"), release(json, "harbor-namespace")[1].values[0], {
    release: "harbor-namespace",
    namespace: "harbor",
  });
/** The tests that render the harbor-namespace chart (helm 3; without it they skip, or fail under CI). */
const withHelm = testWithTool(toolGate(findHelm()), "__tests__/security/lifecycle.test.ts");
const kinds = (docs: Manifest[]) => docs.map((d) => `${d.kind}/${d.metadata.name}`).sort();

const INSTALL = "{ email: ops@example.com }";

describe("the Harbor namespace's objects over time", () => {
  withHelm(
    "turning metrics on later upgrades the same release with one more policy, for the monitoring namespace",
    () => {
      const off = stack(config(INSTALL));
      const on = stack(config(INSTALL, "    monitoring: { metrics: true, namespace: observability }"));
      expect(release(on, "harbor-namespace")[0]).toBe(release(off, "harbor-namespace")[0]);
      const added = kinds(objectsOf(on)).filter((k) => !kinds(objectsOf(off)).includes(k));
      expect(added).toEqual(["NetworkPolicy/metrics-scraping"]);
      const policy = objectsOf(on).find((d) => d.metadata.name === "metrics-scraping")!;
      expect(policy.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "observability" } } }],
          ports: [{ port: 8001, protocol: "TCP" }],
        },
      ]);
    },
  );

  it("switching to staging changes only Harbor's issuer annotation; the Issuers stay", () => {
    const production = stack(config(INSTALL));
    const staging = stack(config("{ email: ops@example.com, staging: true }"));
    expect(release(staging, "harbor-namespace")[1].values).toEqual(release(production, "harbor-namespace")[1].values);
    const annotations = (json: StackJson) => parse(release(json, "harbor")[1].values[0]).expose.ingress.annotations;
    expect(annotations(production)["cert-manager.io/issuer"]).toBe("letsencrypt-prod");
    expect(annotations(staging)["cert-manager.io/issuer"]).toBe("letsencrypt-staging");
  });

  withHelm(
    "moving to an existing controller removes the Issuers, the route and the ServersTransports, and keeps the policies",
    () => {
      const installed = stack(config(INSTALL));
      const existing = stack(
        config(
          "{ controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: corp-ca }",
        ),
      );
      expect(release(existing, "harbor-namespace")[0]).toBe(release(installed, "harbor-namespace")[0]);
      // Helm deletes what the new render lacks.
      expect(kinds(objectsOf(installed))).toEqual([
        "IngressRoute/blocked-paths",
        "Issuer/letsencrypt-prod",
        "Issuer/letsencrypt-staging",
        "Middleware/blocked-path-404",
        "NetworkPolicy/default-deny-ingress",
        "NetworkPolicy/harbor-internal",
        "NetworkPolicy/ingress-to-acme-solver",
        "NetworkPolicy/ingress-to-harbor",
        // Traefik's Role comes with the platform (failing-instance.test.ts).
        "ServersTransport/harbor-core-backend",
        "ServersTransport/harbor-portal-backend",
      ]);
      expect(kinds(objectsOf(existing))).toEqual([
        "NetworkPolicy/default-deny-ingress",
        "NetworkPolicy/harbor-internal",
        "NetworkPolicy/ingress-to-acme-solver",
        "NetworkPolicy/ingress-to-harbor",
      ]);
      // Core and portal admit the user's controller namespace (ingress.controllerNamespace) instead of Traefik's.
      const toHarbor = objectsOf(existing).find((d) => d.metadata.name === "ingress-to-harbor")!;
      expect(toHarbor.spec.ingress).toEqual([
        { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] },
      ]);
      const expose = parse(release(existing, "harbor")[1].values[0]).expose.ingress;
      expect(expose.className).toBe("nginx");
      expect(expose.annotations["cert-manager.io/cluster-issuer"]).toBe("corp-ca");
    },
  );

  withHelm(
    "without an ingress block Harbor's nginx admits in-cluster clients; adding the block later moves the entry",
    () => {
      const internal = synthConfig(config(INSTALL).replace(/ {4}ingress: .*\n/, ""))["harbor-prod"];
      const pod = (component: string): PodEndpoint => ({
        name: component,
        namespace: "harbor",
        labels: { release: "harbor", app: "harbor", component },
        ports: [{ port: 8080 }],
      });
      const tenant: PodEndpoint = { name: "tenant", namespace: "tenant", labels: {}, ports: [] };
      const reachable = (json: StackJson) =>
        ["nginx", "core", "portal", "trivy"].filter((c) =>
          allowed(
            objectsOf(json).filter((d) => d.kind === "NetworkPolicy"),
            tenant,
            pod(c),
            8080,
          ),
        );
      expect(reachable(internal)).toEqual(["nginx"]);
      // With the platform's Traefik, only its namespace reaches core and portal.
      expect(reachable(stack(config(INSTALL)))).toEqual([]);
      expect(release(internal, "harbor-namespace")[0]).toBe(release(stack(config(INSTALL)), "harbor-namespace")[0]);
    },
  );

  it("destroy: Harbor (its Ingress and Certificate) goes before the Issuers, the Issuers before the namespace", () => {
    const json = stack(config(INSTALL));
    const [objectsId, objects] = release(json, "harbor-namespace");
    const [, harbor] = release(json, "harbor");
    expect(harbor.depends_on).toContain(`helm_release.${objectsId}`);
    expect(objects.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.Harbor_Namespace_\w+\.metadata\[0\]\.name\}$/);
  });
});

describe("mistaken values", () => {
  const harbor = (extra: Partial<typeof HARBOR_TEST_PROPS>) => () =>
    new Harbor(new TerraformStack(Testing.app(), "t"), "Registry", { ...HARBOR_TEST_PROPS, ...extra });

  it("refuses a monitoring or Traefik namespace that is not a namespace name", () => {
    expect(harbor({ metrics: true, monitoringNamespace: "Prom etheus" })).toThrow(
      "t/Registry: monitoringNamespace must be a Kubernetes namespace name",
    );
    expect(harbor({ traefik: { ...PLATFORM_TRAEFIK, namespace: "edge/x" } })).toThrow(
      "t/Registry: traefik.namespace must be a Kubernetes namespace name",
    );
  });

  withHelm("the chart refuses an unknown DNS provider instead of rendering an Issuer without a solver", () => {
    const values = {
      issuers: {
        enabled: true,
        email: "a@b.io",
        servers: [{ name: "x", server: "https://acme.example" }],
        http01: { enabled: false },
        dns01: { enabled: true, provider: "gandi", zones: ["b.io"], secretName: "s" },
      },
    };
    expect(() =>
      helmTemplate(localChartPath("harbor-namespace"), JSON.stringify(values), { namespace: "harbor" }),
    ).toThrow(/issuers.dns01.provider must be digitalocean, cloudflare or route53, got "gandi"/);
  });
});
