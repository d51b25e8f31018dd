// Harbor behind the platform's TraefikIngress, as a library user writes it: backend TLS by default, the namespace
// objects ordered after the releases that install the Traefik and cert-manager CRDs (depends_on in one stack, stack
// order across stacks), and the rules between Harbor, its Issuers and the Traefik that serves it.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Harbor, HarborIssuers, HarborProps } from "../../../constructs/harbor/harbor";
import { TraefikIngress, TraefikIngressProps } from "../../../constructs/ingress/traefik-ingress";
import { PLATFORM_TRAEFIK } from "../../../constructs/ingress/platform-values";
import {
  TRAEFIK_SERVERS_SCHEME_ANNOTATION,
  TRAEFIK_SERVERS_TRANSPORT_ANNOTATION,
} from "../../../constructs/harbor/traefik-backend";
import { HARBOR_TEST_PROPS, validationError } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const INGRESS_PROPS: TraefikIngressProps = {
  loadBalancerName: "lb",
  hairpinHostname: "registry.example.com",
  vpcUuid: "vpc-1",
  servedNamespaces: ["harbor"],
};
const EXPOSE: HarborProps["expose"] = {
  type: "ingress",
  className: "traefik",
  classAsAnnotation: true,
  issuer: { kind: "Issuer", name: "letsencrypt-production" },
  tlsSecretName: "harbor-doks-tls",
  keepChartAnnotations: false,
};
const HTTP01: HarborIssuers = { email: "ops@example.com", challenge: { type: "http01" } };

function oneStack(harbor: Partial<HarborProps> = {}, ingress: Partial<TraefikIngressProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "s");
  const traefik = new TraefikIngress(stack, "Ingress", { ...INGRESS_PROPS, ...ingress });
  const h = new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik, ...harbor });
  return { stack, traefik, harbor: h, json: JSON.parse(Testing.synth(stack)) as Json };
}

const releaseNamed = (json: Json, name: string) =>
  Object.entries(json.resource.helm_release as Record<string, Json>).find(([, r]) => r.name === name) as [string, Json];

describe("Harbor given the TraefikIngress it sits behind", () => {
  it("gets backend TLS by default: the core and portal Services carry serversscheme and serverstransport", () => {
    const { harbor, json } = oneStack();
    expect(harbor.serversTransports.map((t) => t.name)).toHaveLength(2);
    const values = releaseNamed(json, "harbor")[1].values[0] as string;
    expect(values).toContain(TRAEFIK_SERVERS_SCHEME_ANNOTATION);
    expect(values).toContain(TRAEFIK_SERVERS_TRANSPORT_ANNOTATION);
  });

  it("keeps backend TLS off when told, or without internal TLS", () => {
    expect(oneStack({ traefikBackendTls: false }).harbor.serversTransports).toEqual([]);
    expect(oneStack({ internalTls: false }).harbor.serversTransports).toEqual([]);
  });

  it("a plain ServingTraefik (names only) gets backend TLS by default too", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const harbor = new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik: PLATFORM_TRAEFIK });
    expect(harbor.serversTransports).toHaveLength(2);
  });

  it("in one stack: the namespace objects depend on the Traefik and cert-manager releases (which install the CRDs)", () => {
    const { json } = oneStack();
    const [traefikId] = releaseNamed(json, "traefik");
    const [certManagerId] = releaseNamed(json, "cert-manager");
    const [objectsId, objects] = releaseNamed(json, "harbor-namespace");
    expect(objects.depends_on).toEqual(
      expect.arrayContaining([`helm_release.${traefikId}`, `helm_release.${certManagerId}`]),
    );
    // Harbor's own release (its Ingress carries the Issuer annotation) comes after the namespace objects.
    expect(releaseNamed(json, "harbor")[1].depends_on).toContain(`helm_release.${objectsId}`);
  });

  it("harbor.node.addDependency(ingress) orders them the same way (with a ServingTraefik of names)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ingress = new TraefikIngress(stack, "Ingress", INGRESS_PROPS);
    const harbor = new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik: PLATFORM_TRAEFIK });
    harbor.node.addDependency(ingress);
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const [traefikId] = releaseNamed(json, "traefik");
    const [certManagerId] = releaseNamed(json, "cert-manager");
    expect(releaseNamed(json, "harbor-namespace")[1].depends_on).toEqual(
      expect.arrayContaining([`helm_release.${traefikId}`, `helm_release.${certManagerId}`]),
    );
  });

  it("across stacks: no depends_on (Terraform cannot order across states), the Harbor stack depends on the platform's", () => {
    const app = Testing.app();
    const platformStack = new TerraformStack(app, "platform");
    const traefik = new TraefikIngress(platformStack, "Ingress", INGRESS_PROPS);
    const harborStack = new TerraformStack(app, "harbor");
    new Harbor(harborStack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik });
    const json = JSON.parse(Testing.synth(harborStack)) as Json;
    const objects = releaseNamed(json, "harbor-namespace")[1];
    expect((objects.depends_on as string[]).filter((d) => d.includes("Ingress"))).toEqual([]);
    expect(harborStack.dependencies).toEqual([platformStack]);
    // Names only: no cross-stack output is needed for the Traefik namespace and ServiceAccount.
    expect(JSON.stringify(json)).not.toContain("cross-stack");
  });

  it("its namespace is served: a Harbor in a namespace the TraefikIngress was not given adds it", () => {
    const { traefik, json } = oneStack({ namespace: "registry" });
    expect(traefik.servedNamespaces).toEqual(["harbor", "registry"]);
    const lookups = Object.values(json.data.kubernetes_namespace_v1 as Record<string, Json>);
    expect(lookups.map((l) => l.metadata.name).sort()).toEqual(["harbor", "registry"]);
    const watched = Object.entries(json.locals as Record<string, string>).find(([id]) => id.includes("Watched"));
    expect(watched?.[1]).toContain('"registry"');
  });

  it("a TraefikIngress given no servedNamespaces serves the namespaces of the Harbors given it, each once", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const traefik = new TraefikIngress(stack, "Ingress", { ...INGRESS_PROPS, servedNamespaces: undefined });
    new Harbor(stack, "A", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik });
    new Harbor(stack, "B", { ...HARBOR_TEST_PROPS, namespace: "harbor-dev", expose: EXPOSE, traefik });
    expect(traefik.servedNamespaces).toEqual(["harbor", "harbor-dev"]);
  });

  it("a plain ServingTraefik (names only) adds nothing anywhere: the other app's Traefik must watch the namespace", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ingress = new TraefikIngress(stack, "Ingress", { ...INGRESS_PROPS, servedNamespaces: undefined });
    new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik: PLATFORM_TRAEFIK });
    expect(ingress.servedNamespaces).toEqual([]);
  });

  it("a refused Harbor leaves the TraefikIngress as it was", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const traefik = new TraefikIngress(stack, "Ingress", { ...INGRESS_PROPS, servedNamespaces: undefined });
    validationError(
      () => new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE, traefik, releaseName: "Bad_Name" }),
      "releaseName",
    );
    expect(traefik.servedNamespaces).toEqual([]);
  });

  it("without a Traefik nothing changes: no backend TLS, no ordering", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const harbor = new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, expose: EXPOSE });
    expect(harbor.serversTransports).toEqual([]);
  });
});

describe("rules between Harbor, its Issuers and its Traefik (bad props)", () => {
  it("a namespace given as a Terraform reference behind a TraefikIngress (it serves namespaces by name)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const traefik = new TraefikIngress(stack, "Ingress", INGRESS_PROPS);
    const namespace = new TerraformVariable(stack, "namespace", { type: "string" }).stringValue;
    const error = validationError(
      () => new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, namespace, expose: EXPOSE, traefik }),
      "namespace",
    );
    expect(error.message).toContain("s/Ingress");
    expect(traefik.servedNamespaces).toEqual(["harbor"]);
  });

  it("a namespace that is the TraefikIngress's own (custom traefikNamespace or certManagerNamespace)", () => {
    for (const [prop, namespace] of [
      ["traefikNamespace", "ingress"],
      ["certManagerNamespace", "certs"],
    ] as const) {
      const stack = new TerraformStack(Testing.app(), "s");
      const traefik = new TraefikIngress(stack, "Ingress", {
        ...INGRESS_PROPS,
        servedNamespaces: undefined,
        [prop]: namespace,
      });
      const error = validationError(
        () => new Harbor(stack, "Harbor", { ...HARBOR_TEST_PROPS, namespace, expose: EXPOSE, traefik }),
        "namespace",
      );
      expect(error.constructPath).toBe("s/Harbor");
      expect(error.message).toContain(`"${namespace}" is a namespace of s/Ingress`);
      expect(error.message).toContain("give Harbor a namespace of its own");
      expect(traefik.servedNamespaces).toEqual([]);
    }
  });

  it("two Harbors in one namespace of a stack", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new Harbor(stack, "A", HARBOR_TEST_PROPS);
    const error = validationError(() => new Harbor(stack, "B", HARBOR_TEST_PROPS), "namespace");
    expect(error.message).toContain("s/A");
    // Each in its own namespace is fine.
    expect(() => new Harbor(stack, "C", { ...HARBOR_TEST_PROPS, namespace: "harbor-dev" })).not.toThrow();
  });

  it("issuers without an ingress expose", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const error = validationError(() => new Harbor(stack, "H", { ...HARBOR_TEST_PROPS, issuers: HTTP01 }), "issuers");
    expect(error.message).toContain('expose is {"type":"clusterIP"}');
  });

  it("DNS-01 issuers without their credentials, or with some missing", () => {
    const dns01 = (dnsCredentials?: Record<string, string>): HarborIssuers => ({
      email: "ops@example.com",
      challenge: { type: "dns01", provider: "route53", zones: ["example.com"], route53: { region: "us-east-1" } },
      dnsCredentials,
    });
    const build = (issuers: HarborIssuers) => () => oneStack({ issuers }, { dns01: true });
    let error = validationError(build(dns01()), "issuers.dnsCredentials");
    expect(error.message).toContain('"access-key-id", "secret-access-key"');
    error = validationError(build(dns01({ "access-key-id": "AKIA" })), "issuers.dnsCredentials");
    expect(error.message).toContain('lacks "secret-access-key"');
    expect(() => build(dns01({ "access-key-id": "a", "secret-access-key": "b" }))()).not.toThrow();
  });

  it("DNS-01 issuers behind a Traefik platform made without dns01", () => {
    const issuers: HarborIssuers = {
      email: "ops@example.com",
      challenge: { type: "dns01", provider: "digitalocean", zones: ["example.com"] },
      dnsCredentials: { "access-token": "t" },
    };
    const error = validationError(() => oneStack({ issuers }), "issuers.challenge");
    expect(error.message).toContain("set dns01: true");
  });
});
