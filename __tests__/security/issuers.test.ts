// Namespaced ACME Issuers (no ClusterIssuer of the project's), DNS-01 on DigitalOcean, Cloudflare and Route 53 with
// credentials as sensitive variables, and `/service/notifications` refused at the ingress: rendered objects checked
// against the CRD schemas of the pinned cert-manager and Traefik charts.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { CERT_MANAGER_CHART, TRAEFIK_CHART } from "../../constructs/ingress/platform-values";
import { buildHarborNamespaceValues, HarborNamespaceValuesInput } from "../../constructs/harbor/namespace-values";
import { AcmeChallenge } from "../../constructs/ingress/acme";
import { localChartPath } from "../../constructs/core/local-chart";
import { Manifest, chartFolder, describeWithCharts, helmTemplate } from "../support/charts";
import { crdSchema, schemaProblems } from "../support/crd-schema";
import {
  REMOTE_CHARTS,
  Synthesized,
  TWO_INSTANCES,
  providerNamespaces,
  renderRelease,
  synthesize,
} from "./shared-cluster";

const NAMESPACE_CHART = localChartPath("harbor-namespace");

function loadCrds(): Manifest[] {
  const certManager = helmTemplate(chartFolder(CERT_MANAGER_CHART), "crds: { enabled: true }", {
    release: "cert-manager",
    namespace: "cert-manager",
  }).filter((d) => d.kind === "CustomResourceDefinition");
  const crdDir = join(chartFolder(TRAEFIK_CHART), "crds");
  const traefik = readdirSync(crdDir)
    .filter((f) => f.startsWith("traefik.io_"))
    .flatMap((f) => parseAllDocuments(readFileSync(join(crdDir, f), "utf8")).map((d) => d.toJS() as Manifest));
  return [...certManager, ...traefik];
}

const BASE_INPUT: HarborNamespaceValuesInput = {
  releaseName: "harbor",
  hostname: "registry.example.com",
  tlsSecretName: "harbor-doks-tls",
  ingress: true,
  ingressNamespace: "traefik",
  traefik: { namespace: "traefik", serviceAccount: "traefik", ingressClass: "traefik" },
};

function renderIssuers(challenge: AcmeChallenge): Manifest[] {
  const values = buildHarborNamespaceValues({ ...BASE_INPUT, issuers: { email: "ops@example.com", challenge } });
  return helmTemplate(NAMESPACE_CHART, JSON.stringify(values), {
    release: "harbor-namespace",
    namespace: "harbor",
  }).filter((d) => d.kind === "Issuer");
}

describeWithCharts(REMOTE_CHARTS, "ACME Issuers and blocked paths, checked against the CRDs", () => {
  let crds: Manifest[];
  let synthesized: Synthesized;
  let all: Manifest[];
  beforeAll(() => {
    crds = loadCrds();
    synthesized = synthesize(TWO_INSTANCES);
    all = synthesized.releases.flatMap((r) => renderRelease(r));
  });
  const issuerProblems = (issuer: Manifest) => schemaProblems(crdSchema(crds, "Issuer", "v1"), issuer);

  it("each Harbor namespace has its own production and staging Issuers, and the project ships no ClusterIssuer", () => {
    expect(all.filter((d) => d.kind === "ClusterIssuer")).toEqual([]);
    const issuers = all.filter((d) => d.kind === "Issuer");
    expect(issuers.map((i) => `${i.metadata.namespace}/${i.metadata.name}`).sort()).toEqual([
      "harbor-alpha/letsencrypt-prod",
      "harbor-alpha/letsencrypt-staging",
      "harbor-beta/letsencrypt-prod",
      "harbor-beta/letsencrypt-staging",
    ]);
    for (const issuer of issuers) expect(issuerProblems(issuer)).toEqual([]);
    const alpha = issuers.find((i) => i.metadata.namespace === "harbor-alpha")!;
    expect(alpha.spec.acme.solvers).toEqual([
      {
        dns01: { digitalocean: { tokenSecretRef: { name: "acme-dns-credentials", key: "access-token" } } },
        selector: { dnsZones: ["example.com"] },
      },
    ]);
    expect(alpha.spec.acme.email).toBe("ops@example.com");
    const beta = issuers.find((i) => i.metadata.namespace === "harbor-beta")!;
    // `class`: the solver's Ingress gets the annotation the namespaced Traefik serves.
    expect(beta.spec.acme.solvers).toEqual([{ http01: { ingress: { class: "traefik" } } }]);
    expect(beta.spec.acme.email).toBe("other@example.org");
  });

  it("the DNS credentials Secret sits in the Harbor namespace only, filled from a sensitive variable, checked at plan", () => {
    const stack = synthesized.stacks["harbor-alpha"];
    const secrets = Object.values(stack.resource.kubernetes_secret_v1 as Record<string, Manifest>).filter(
      (s) => s.metadata.name === "acme-dns-credentials",
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0].metadata.namespace).toMatch(
      /^\$\{kubernetes_namespace_v1\.Harbor_Namespace_[A-Z0-9]+\.metadata\[0\]\.name\}$/,
    );
    expect(secrets[0].data).toEqual({ "access-token": "${var.digitalocean_dns_token}" });
    expect(secrets[0].lifecycle.precondition[0].condition).toBe("${length(var.digitalocean_dns_token) > 0}");
    expect(stack.variable.digitalocean_dns_token).toMatchObject({ sensitive: true, default: "", type: "string" });
    // The platform holds no DNS credential.
    expect(synthesized.stacks["harbor-platform-shared"].variable ?? {}).toEqual({});
    expect(synthesized.stacks["harbor-platform-shared"].resource.kubernetes_secret_v1).toBeUndefined();
    // The HTTP-01 instance has no credentials at all.
    expect(synthesized.stacks["harbor-beta"].variable ?? {}).toEqual({});
  });

  it.each<[string, AcmeChallenge, Manifest]>([
    [
      "Cloudflare",
      { type: "dns01", provider: "cloudflare", zones: ["example.com"] },
      { cloudflare: { apiTokenSecretRef: { name: "acme-dns-credentials", key: "api-token" } } },
    ],
    [
      "Route 53 with a hosted zone and a role",
      {
        type: "dns01",
        provider: "route53",
        zones: ["example.com"],
        route53: { region: "eu-west-1", hostedZoneId: "Z0123456789ABC", role: "arn:aws:iam::123456789012:role/dns" },
      },
      {
        route53: {
          region: "eu-west-1",
          hostedZoneID: "Z0123456789ABC",
          role: "arn:aws:iam::123456789012:role/dns",
          accessKeyIDSecretRef: { name: "acme-dns-credentials", key: "access-key-id" },
          secretAccessKeySecretRef: { name: "acme-dns-credentials", key: "secret-access-key" },
        },
      },
    ],
    [
      "Route 53 with the region only",
      { type: "dns01", provider: "route53", zones: ["example.com"], route53: { region: "us-east-1" } },
      {
        route53: {
          region: "us-east-1",
          accessKeyIDSecretRef: { name: "acme-dns-credentials", key: "access-key-id" },
          secretAccessKeySecretRef: { name: "acme-dns-credentials", key: "secret-access-key" },
        },
      },
    ],
  ])(
    "DNS-01 on %s renders an Issuer the CRD accepts, with the solver reading the Secret",
    (_name, challenge, dns01) => {
      const issuers = renderIssuers(challenge);
      expect(issuers).toHaveLength(2);
      for (const issuer of issuers) {
        expect(issuerProblems(issuer)).toEqual([]);
        expect(issuer.spec.acme.solvers).toEqual([{ dns01, selector: { dnsZones: ["example.com"] } }]);
      }
    },
  );

  it("the schema check fails an Issuer with an unknown or a missing field", () => {
    const [issuer] = renderIssuers({ type: "http01" });
    const broken = structuredClone(issuer);
    broken.spec.acme.solvers[0].http01.ingress.ingressClass = "traefik";
    delete broken.spec.acme.privateKeySecretRef;
    expect(issuerProblems(broken)).toEqual([
      "$.spec.acme.privateKeySecretRef: is required",
      "$.spec.acme.solvers[0].http01.ingress.ingressClass: unknown field",
    ]);
  });

  describe("/service/notifications", () => {
    const objects = (namespace: string) => all.filter((d) => d.metadata.namespace === namespace);

    it("an IngressRoute and a Middleware the Traefik CRDs accept", () => {
      for (const namespace of ["harbor-alpha", "harbor-beta"]) {
        const route = objects(namespace).find((d) => d.kind === "IngressRoute")!;
        const middleware = objects(namespace).find((d) => d.kind === "Middleware")!;
        expect(schemaProblems(crdSchema(crds, "IngressRoute", "v1alpha1"), route)).toEqual([]);
        expect(schemaProblems(crdSchema(crds, "Middleware", "v1alpha1"), middleware)).toEqual([]);
      }
    });

    it("matches the hidden prefix on Harbor's host only, above every route of Harbor's Ingress, and answers 404", () => {
      const route = objects("harbor-alpha").find((d) => d.kind === "IngressRoute")!;
      const ingress = objects("harbor-alpha").find((d) => d.kind === "Ingress")!;
      const host = ingress.spec.rules[0].host;
      expect(route.spec.ingressClassName).toBe("traefik");
      expect(route.spec.entryPoints).toEqual(["websecure"]);
      expect(route.spec.tls).toEqual({ secretName: ingress.spec.tls[0].secretName });
      expect(route.spec.routes).toHaveLength(1);
      const [rule] = route.spec.routes;
      expect(rule.match).toBe(`Host(\`${host}\`) && PathPrefix(\`/service/notifications\`)`);
      // Traefik's default priority for a route it derives from an Ingress is the length of its rule; the longest
      // possible rule of Harbor's Ingress is far below the explicit priority.
      const longest = Math.max(
        ...ingress.spec.rules[0].http.paths.map(
          (p: Manifest) => `Host(\`${host}\`) && PathPrefix(\`${p.path}\`)`.length,
        ),
      );
      expect(rule.priority).toBeGreaterThan(longest);
      // Harbor's Ingress still sends the rest of /service/ (token service) to core.
      expect(ingress.spec.rules[0].http.paths.map((p: Manifest) => p.path)).toContain("/service/");
      // noop@internal answers 418; the errors middleware rewrites the status to 404.
      expect(rule.services).toEqual([{ name: "noop@internal", kind: "TraefikService" }]);
      const middleware = objects("harbor-alpha").find(
        (d) => d.kind === "Middleware" && d.metadata.name === rule.middlewares[0].name,
      )!;
      expect(middleware.spec.errors).toEqual({
        status: ["418"],
        statusRewrites: { "418": 404 },
        query: "/",
        service: { name: "noop@internal", kind: "TraefikService" },
      });
    });

    it("is beside the Harbor release that Traefik watches, so Traefik loads it", () => {
      const release = synthesized.releases.find((r) => r.name === "traefik")!;
      expect(providerNamespaces(release.values, "kubernetesCRD")).toEqual(
        expect.arrayContaining(["harbor-alpha", "harbor-beta"]),
      );
    });
  });
});
