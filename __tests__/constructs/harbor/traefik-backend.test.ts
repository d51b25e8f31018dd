// Traefik -> Harbor over verified HTTPS: the core and portal Services' annotations, the ServersTransports of the
// harbor-namespace chart, and, rendered with the real charts, that every Ingress backend is HTTPS and verified with
// the internal CA for the backend's own name.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { parse, stringify } from "yaml";
import { Harbor, HarborProps } from "../../../constructs/harbor/harbor";
import { localChartPath } from "../../../constructs/core/local-chart";
import { InternalTlsComponent, internalTlsDnsNames } from "../../../constructs/harbor/internal-tls";
import {
  TRAEFIK_SERVERS_SCHEME_ANNOTATION,
  TRAEFIK_SERVERS_TRANSPORT_ANNOTATION,
  harborServersTransports,
  traefikBackendAnnotations,
} from "../../../constructs/harbor/traefik-backend";
import { HARBOR_TEST_PROPS } from "../../helpers";
import { Manifest, chartFolder, describeWithChart, helmTemplate } from "../../support/charts";
import { StackJson, resources, synthConfig } from "../../stacks/synth";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const HARBOR_CHART = { repository: "https://helm.goharbor.io", chart: "harbor", version: "1.19.1" };
const INGRESS: HarborProps["expose"] = {
  type: "ingress",
  className: "traefik",
  issuer: { kind: "Issuer", name: "letsencrypt-prod" },
  tlsSecretName: "harbor-doks-tls",
  keepChartAnnotations: false,
};

function build(extra: Partial<HarborProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "s");
  const password = new TerraformVariable(stack, "valkey_password", { sensitive: true }).stringValue;
  const harbor = new Harbor(stack, "H", {
    ...HARBOR_TEST_PROPS,
    cache: { ...HARBOR_TEST_PROPS.cache, password },
    expose: INGRESS,
    traefikBackendTls: true,
    ...extra,
  });
  const objects = harbor.namespaceObjects;
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const releases = Object.values(json.resource.helm_release as Record<string, Json>);
  const valuesOf = (name: string) => (releases.find((r) => r.name === name) as Json).values[0] as string;
  return {
    harbor,
    objects,
    json,
    harborValues: valuesOf(harbor.releaseName),
    objectValues: valuesOf("harbor-namespace"),
  };
}

describe("Traefik backend TLS (pure)", () => {
  it("sends Traefik over https through one ServersTransport per backend, by the CRD provider's id", () => {
    expect(traefikBackendAnnotations("harbor", "harbor")).toEqual({
      core: {
        [TRAEFIK_SERVERS_SCHEME_ANNOTATION]: "https",
        [TRAEFIK_SERVERS_TRANSPORT_ANNOTATION]: "harbor-harbor-core-backend@kubernetescrd",
      },
      portal: {
        [TRAEFIK_SERVERS_SCHEME_ANNOTATION]: "https",
        [TRAEFIK_SERVERS_TRANSPORT_ANNOTATION]: "harbor-harbor-portal-backend@kubernetescrd",
      },
    });
  });

  it("verifies each backend for its own Service name, a name its certificate carries", () => {
    const transports = harborServersTransports("registry", "reg", "ca-secret");
    expect(transports).toEqual([
      { name: "registry-harbor-core-backend", serverName: "registry-harbor-core.reg.svc", caSecret: "ca-secret" },
      { name: "registry-harbor-portal-backend", serverName: "registry-harbor-portal.reg.svc", caSecret: "ca-secret" },
    ]);
    expect(internalTlsDnsNames("registry", "reg", "core")).toContain(transports[0].serverName);
    expect(internalTlsDnsNames("registry", "reg", "portal")).toContain(transports[1].serverName);
  });
});

describe("Harbor with traefikBackendTls", () => {
  const { harbor, harborValues, objectValues, json } = build();

  it("annotates the core and portal Services, and exposes the ServersTransports they name", () => {
    const values = parse(harborValues);
    expect(values.core.serviceAnnotations).toEqual(traefikBackendAnnotations("harbor", "harbor").core);
    expect(values.portal.serviceAnnotations).toEqual(traefikBackendAnnotations("harbor", "harbor").portal);
    expect(harbor.serversTransports.map((t) => t.caSecret)).toEqual([
      "harbor-doks-internal-ca",
      "harbor-doks-internal-ca",
    ]);
  });

  it("puts only names into the harbor-namespace values, and waits for the CA Secret", () => {
    expect(parse(objectValues).serversTransport).toEqual({ transports: harbor.serversTransports });
    const release = Object.values(resources(json, "helm_release")).find((r) => r.name === "harbor-namespace");
    const caSecretId = Object.entries(resources(json, "kubernetes_secret_v1")).find(
      ([, s]) => s.metadata.name === "harbor-doks-internal-ca",
    )?.[0];
    expect(release?.depends_on).toContain(`kubernetes_secret_v1.${caSecretId}`);
    expect(release?.chart).toMatch(/^harbor-namespace-[0-9a-f]{16}\.tgz$/);
  });

  it("lifecycle: a renewed or replaced CA changes no ServersTransport (they name the Secret, Traefik reloads it)", () => {
    expect(objectValues).not.toMatch(/cert_pem|private_key|BEGIN/);
    expect(parse(objectValues).serversTransport.transports.map((t: Json) => t.caSecret)).toEqual([
      "harbor-doks-internal-ca",
      "harbor-doks-internal-ca",
    ]);
  });

  it("without it, the Services carry no Traefik annotation and no ServersTransport is asked for", () => {
    const plain = build({ traefikBackendTls: false });
    expect(parse(plain.harborValues).core).not.toHaveProperty("serviceAnnotations");
    expect(plain.harbor.serversTransports).toEqual([]);
  });

  it("lifecycle: a new namespace renames the transports and their references together", () => {
    const moved = build({ namespace: "registry" });
    const values = parse(moved.harborValues);
    expect(values.core.serviceAnnotations[TRAEFIK_SERVERS_TRANSPORT_ANNOTATION]).toBe(
      "registry-harbor-core-backend@kubernetescrd",
    );
    expect(moved.harbor.serversTransports[0].serverName).toBe("harbor-core.registry.svc");
  });
});

describe("the config app", () => {
  const instance = (ingress: string) =>
    `instances:\n  - name: prod\n    region: fra1\n    cluster: prod-doks\n    hostname: prod.example.com\n    ingress: ${ingress}\n`;
  const transportsOf = (json: StackJson) =>
    parse(Object.values(resources(json, "helm_release")).find((r) => r.name === "harbor-namespace")?.values[0])
      .serversTransport.transports as Json[];
  const harborValues = (json: StackJson) =>
    parse(Object.values(resources(json, "helm_release")).find((r) => r.name === "harbor")?.values[0]);

  it("with controller: install, ships the ServersTransports and annotates the Services", () => {
    const stack = synthConfig(instance("{ email: ops@example.com }"))["harbor-prod"];
    expect(transportsOf(stack).map((t) => t.name)).toEqual(["harbor-core-backend", "harbor-portal-backend"]);
    expect(harborValues(stack).core.serviceAnnotations).toEqual(traefikBackendAnnotations("harbor", "harbor").core);
    expect(harborValues(stack).internalTLS.enabled).toBe(true);
  });

  it("with controller: existing, keeps internal TLS but leaves the backend to the user's controller", () => {
    const stack = synthConfig(
      instance(
        "{ controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: my-issuer }",
      ),
    )["harbor-prod"];
    expect(transportsOf(stack)).toEqual([]);
    expect(harborValues(stack).core).not.toHaveProperty("serviceAnnotations");
    expect(harborValues(stack).internalTLS.enabled).toBe(true);
  });
});

describeWithChart(HARBOR_CHART, "rendered: every Traefik backend of Harbor is HTTPS and verified", () => {
  const { harborValues, objectValues, json } = build();
  const harbor = helmTemplate(chartFolder(HARBOR_CHART), harborValues, { release: "harbor", namespace: "harbor" });
  const transports = helmTemplate(localChartPath("harbor-namespace"), objectValues, {
    release: "harbor-namespace",
    namespace: "harbor",
  }).filter((o) => o.kind === "ServersTransport");
  const ingress = harbor.find((o) => o.kind === "Ingress") as Manifest;
  const services = new Map(harbor.filter((o) => o.kind === "Service").map((s) => [s.metadata.name, s]));
  // Traefik's CRD provider names a ServersTransport `<namespace>-<name>` (crd/kubernetes.go makeID, v3.7.9).
  const byId = new Map(transports.map((t) => [`${t.metadata.namespace}-${t.metadata.name}@kubernetescrd`, t]));
  const caSecret = Object.values(resources(json, "kubernetes_secret_v1")).find(
    (s) => s.metadata.name === "harbor-doks-internal-ca",
  ) as Json;

  it("renders exactly the two ServersTransports, never skipping verification", () => {
    expect(transports.map((t) => [t.apiVersion, t.kind, t.metadata.name])).toEqual([
      ["traefik.io/v1alpha1", "ServersTransport", "harbor-core-backend"],
      ["traefik.io/v1alpha1", "ServersTransport", "harbor-portal-backend"],
    ]);
    for (const t of transports) expect(t.spec.insecureSkipVerify).toBe(false);
  });

  it("each Ingress path reaches a Service that Traefik dials over https and verifies against the CA-only Secret", () => {
    const paths: Json[] = ingress.spec.rules[0].http.paths;
    expect(paths.map((p) => p.backend.service.name)).toEqual(expect.arrayContaining(["harbor-core", "harbor-portal"]));
    for (const path of paths) {
      const service = services.get(path.backend.service.name) as Manifest;
      const port = service.spec.ports.find((p: Json) => p.port === path.backend.service.port.number);
      expect(port).toBeDefined();
      const annotations = service.metadata.annotations ?? {};
      expect(annotations[TRAEFIK_SERVERS_SCHEME_ANNOTATION]).toBe("https");
      const transport = byId.get(annotations[TRAEFIK_SERVERS_TRANSPORT_ANNOTATION]) as Manifest;
      expect(transport).toBeDefined();
      expect(transport.spec.rootCAs).toEqual([{ secret: "harbor-doks-internal-ca" }]);
      const component = service.spec.selector.component as InternalTlsComponent;
      expect(internalTlsDnsNames("harbor", "harbor", component)).toContain(transport.spec.serverName);
    }
    // The Secret the transports trust holds the CA certificate and nothing else.
    expect(Object.keys(caSecret.data)).toEqual(["ca.crt"]);
    expect(caSecret.data["ca.crt"]).toMatch(/^\$\{tls_self_signed_cert\.\w+\.cert_pem\}$/);
  });

  it("the backends' pods listen with TLS on the ports the Services target", () => {
    const portalConf = harbor.find((o) => o.kind === "ConfigMap" && o.metadata.name === "harbor-portal") as Manifest;
    expect(portalConf.data["nginx.conf"]).toMatch(/listen 8443 ssl;/);
    expect(services.get("harbor-portal")?.spec.ports[0].targetPort).toBe(8443);
    const coreEnv = harbor.find((o) => o.kind === "ConfigMap" && o.metadata.name === "harbor-core") as Manifest;
    expect(coreEnv.data.PORT).toBe("8443");
    expect(services.get("harbor-core")?.spec.ports[0].targetPort).toBe(8443);
  });

  it("a harbor-namespace release without transports renders nothing", () => {
    expect(
      helmTemplate(localChartPath("harbor-namespace"), stringify({ serversTransport: { transports: [] } }), {
        namespace: "harbor",
      }),
    ).toEqual([]);
  });
});

describe("the config app: harbor.internalTls: false", () => {
  it("turns internal TLS off and, with it, the Traefik backend TLS (no ServersTransports)", () => {
    const stack = synthConfig(
      "instances:\n  - name: prod\n    region: fra1\n    cluster: prod-doks\n    hostname: prod.example.com\n" +
        "    ingress: { email: ops@example.com }\n    harbor: { internalTls: false }\n",
    )["harbor-prod"];
    const values = parse(Object.values(resources(stack, "helm_release")).find((r) => r.name === "harbor")?.values[0]);
    expect(values).not.toHaveProperty("internalTLS");
    expect(values.core).not.toHaveProperty("serviceAnnotations");
    const objects = Object.values(resources(stack, "helm_release")).find((r) => r.name === "harbor-namespace");
    expect(parse(objects?.values[0]).serversTransport.transports).toEqual([]);
    expect(resources(stack, "tls_locally_signed_cert")).toEqual({});
  });
});
