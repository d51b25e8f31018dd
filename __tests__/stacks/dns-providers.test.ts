// DNS-01 beyond DigitalOcean DNS (`ingress.dnsProvider`): cert-manager's own solvers, credentials as sensitive
// variables checked at plan time, the DNS record only on DigitalOcean, and what a later change of the provider does.
import { parse } from "yaml";
import { StackJson, resources, synthConfig } from "./synth";
import { rejection } from "../helpers";

const config = (ingress: string, extra = "") => `
instances:
  - name: prod
    region: fra1
    cluster: prod-doks
    hostname: registry.example.com
    ingress: ${ingress}
${extra}`;
const harborStack = (ingress: string) => synthConfig(config(ingress))["harbor-prod"];
const namespaceRelease = (stack: StackJson) =>
  Object.entries(resources(stack, "helm_release")).find(([, r]) => r.name === "harbor-namespace") as [
    string,
    StackJson,
  ];
const dnsSecret = (stack: StackJson) =>
  Object.entries(resources(stack, "kubernetes_secret_v1")).find(([, s]) => s.metadata.name === "acme-dns-credentials");

describe("ingress.dnsProvider", () => {
  const cloudflare = harborStack(
    "{ email: ops@example.com, challenge: dns01, dnsZone: example.com, dnsProvider: cloudflare }",
  );
  const route53 = harborStack(
    "{ email: ops@example.com, challenge: dns01, dnsZone: example.com, dnsProvider: route53, " +
      "route53: { region: eu-west-1, hostedZoneId: Z0123456789ABC } }",
  );
  const digitalocean = harborStack("{ email: ops@example.com, challenge: dns01, dnsZone: example.com }");

  it("Cloudflare: the API token is a sensitive variable, in a Secret beside the Issuers, non-empty at plan", () => {
    expect(cloudflare.variable).toEqual({
      cloudflare_api_token: expect.objectContaining({ type: "string", sensitive: true, default: "" }),
    });
    const [, secret] = dnsSecret(cloudflare)!;
    expect(secret.data).toEqual({ "api-token": "${var.cloudflare_api_token}" });
    expect(secret.lifecycle.precondition).toEqual([
      {
        condition: "${length(var.cloudflare_api_token) > 0}",
        error_message: expect.stringContaining(
          "TF_VAR_cloudflare_api_token is empty: set it to a Cloudflare API token",
        ),
      },
    ]);
    expect(parse(namespaceRelease(cloudflare)[1].values[0]).issuers.dns01).toMatchObject({
      enabled: true,
      provider: "cloudflare",
      zones: ["example.com"],
    });
  });

  it("Route 53: access key id and secret as two sensitive variables, region and hosted zone in the values", () => {
    expect(Object.keys(route53.variable).sort()).toEqual(["route53_access_key_id", "route53_secret_access_key"]);
    for (const variable of Object.values(route53.variable as Record<string, StackJson>)) {
      expect(variable).toMatchObject({ sensitive: true, default: "" });
    }
    const [, secret] = dnsSecret(route53)!;
    expect(secret.data).toEqual({
      "access-key-id": "${var.route53_access_key_id}",
      "secret-access-key": "${var.route53_secret_access_key}",
    });
    expect(secret.lifecycle.precondition.map((p: StackJson) => p.condition)).toEqual([
      "${length(var.route53_access_key_id) > 0}",
      "${length(var.route53_secret_access_key) > 0}",
    ]);
    expect(parse(namespaceRelease(route53)[1].values[0]).issuers.dns01).toMatchObject({
      provider: "route53",
      route53: { region: "eu-west-1", hostedZoneID: "Z0123456789ABC", role: "" },
    });
  });

  it("never puts a credential into the values", () => {
    for (const stack of [cloudflare, route53, digitalocean]) {
      for (const release of Object.values(resources(stack, "helm_release"))) {
        expect(release.values[0]).not.toContain("var.");
      }
    }
  });

  it("creates the DNS record only on DigitalOcean DNS; elsewhere the load balancer's address is an output", () => {
    expect(Object.values(resources(digitalocean, "digitalocean_record")).filter((r) => r.type === "A")).toHaveLength(1);
    expect(digitalocean.output.dns_record).toBeUndefined();
    for (const stack of [cloudflare, route53]) {
      expect(resources(stack, "digitalocean_record")).toEqual({});
      expect(stack.output.dns_record).toMatchObject({
        value: "registry.example.com. A ${data.digitalocean_loadbalancer.LoadBalancer.ip}",
        description: expect.stringContaining("Create this record"),
      });
    }
    // HTTP-01 with the zone on Cloudflare: no credentials, no record.
    const http01 = harborStack("{ email: ops@example.com, dnsZone: example.com, dnsProvider: cloudflare }");
    expect(http01.variable).toBeUndefined();
    expect(dnsSecret(http01)).toBeUndefined();
    expect(resources(http01, "digitalocean_record")).toEqual({});
    expect(http01.output.dns_record).toBeDefined();
  });

  it("a later switch from DigitalOcean to Cloudflare updates the same Secret and release, and removes the record", () => {
    const [secretId, before] = dnsSecret(digitalocean)!;
    const [afterId, after] = dnsSecret(cloudflare)!;
    // Same address: Terraform updates the Secret in place (new key, old key gone), no replacement.
    expect(afterId).toBe(secretId);
    expect(Object.keys(before.data)).toEqual(["access-token"]);
    expect(Object.keys(after.data)).toEqual(["api-token"]);
    expect(namespaceRelease(cloudflare)[0]).toBe(namespaceRelease(digitalocean)[0]);
    // The A record on DigitalOcean is destroyed: create the new one at Cloudflare first (docs/ingress.md).
    expect(Object.values(resources(digitalocean, "digitalocean_record")).filter((r) => r.type === "A")).toHaveLength(1);
    expect(resources(cloudflare, "digitalocean_record")).toEqual({});
  });

  it("a later switch from HTTP-01 to DNS-01 adds the Secret and changes only the Issuers' values", () => {
    const http01 = harborStack("{ email: ops@example.com, dnsZone: example.com }");
    expect(dnsSecret(http01)).toBeUndefined();
    expect(namespaceRelease(http01)[0]).toBe(namespaceRelease(digitalocean)[0]);
    const harborRelease = (stack: StackJson) =>
      Object.values(resources(stack, "helm_release")).find((r) => r.name === "harbor") as StackJson;
    expect(harborRelease(http01).values).toEqual(harborRelease(digitalocean).values);
  });
});

describe("ingress.dnsProvider: mistakes", () => {
  const cases: [string, string, string][] = [
    [
      "an unknown provider",
      "{ email: ops@example.com, dnsProvider: gandi }",
      'instances[0].ingress.dnsProvider: got string "gandi"; must be one of digitalocean, cloudflare, route53',
    ],
    [
      "Route 53 DNS-01 without its settings",
      "{ email: ops@example.com, challenge: dns01, dnsZone: example.com, dnsProvider: route53 }",
      "instances[0].ingress.route53: is required with dnsProvider: route53 and challenge: dns01",
    ],
    [
      "Route 53 settings with another provider",
      "{ email: ops@example.com, challenge: dns01, dnsZone: example.com, route53: { region: us-east-1 } }",
      "instances[0].ingress.route53: got a mapping; only applies with dnsProvider: route53 and challenge: dns01",
    ],
    [
      "a bad region",
      "{ email: ops@example.com, challenge: dns01, dnsZone: example.com, dnsProvider: route53, route53: { region: Frankfurt } }",
      'route53.region: got string "Frankfurt"; must be an AWS region such as us-east-1',
    ],
    [
      "a provider with an existing controller",
      "{ controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le, dnsProvider: cloudflare }",
      'instances[0].ingress.dnsProvider: got string "cloudflare"; only applies with controller: install',
    ],
  ];
  it.each(cases)("rejects %s", (_name, ingress, expected) => {
    expect(rejection(config(ingress))).toContain(expected);
  });

  it("rejects a monitoring namespace that is not a namespace name", () => {
    expect(
      rejection(config("{ email: ops@example.com }", "    monitoring: { metrics: true, namespace: Prometheus }")),
    ).toContain('instances[0].monitoring.namespace: got string "Prometheus"; must be a namespace name');
  });
});
