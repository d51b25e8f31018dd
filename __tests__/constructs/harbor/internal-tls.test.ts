// Harbor's internal TLS: the CA and certificates Terraform makes, the Secrets, the values, what later changes do, and
// the real Harbor chart (1.19.1) rendered with the construct's own values.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { parse } from "yaml";
import { Harbor, HarborProps } from "../../../constructs/harbor/harbor";
import {
  INTERNAL_TLS_COMPONENTS,
  INTERNAL_TLS_HASH_ANNOTATION,
  INTERNAL_TLS_VALIDITY,
  InternalTlsComponent,
  harborFullname,
  internalTlsDnsNames,
  internalTlsIpAddresses,
  internalTlsSecretNames,
} from "../../../constructs/harbor/internal-tls";
import { HARBOR_TEST_PROPS } from "../../helpers";
import { Manifest, chartFolder, describeWithChart, helmTemplate } from "../../support/charts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const HARBOR_CHART = { repository: "https://helm.goharbor.io", chart: "harbor", version: "1.19.1" };

function build(extra: Partial<HarborProps> = {}): { harbor: Harbor; json: Json; valuesYaml: string } {
  const stack = new TerraformStack(Testing.app(), "s");
  // A reference, as in a real stack: a literal would put a quoted string into the hash expression.
  const valkeyPassword = new TerraformVariable(stack, "valkey_password", { sensitive: true }).stringValue;
  const cache = { ...HARBOR_TEST_PROPS.cache, password: valkeyPassword };
  const harbor = new Harbor(stack, "H", { ...HARBOR_TEST_PROPS, cache, ...extra });
  const json = JSON.parse(Testing.synth(stack));
  const release = Object.values(json.resource.helm_release as Record<string, Json>).find(
    (r) => r.name === harbor.releaseName,
  );
  // The values as synthesized: Terraform expressions in place of tokens.
  return { harbor, json, valuesYaml: (release as Json).values[0] };
}
const of = (json: Json, type: string): Record<string, Json> => json.resource?.[type] ?? {};
const valuesOf = (built: { valuesYaml: string }): Json => parse(built.valuesYaml);

describe("internal TLS names (pure)", () => {
  it("names one Secret per component and a CA-only Secret, none the chart's own", () => {
    const names = internalTlsSecretNames("harbor");
    expect(names.ca).toBe("harbor-doks-internal-ca");
    expect(names.components).toEqual({
      core: "harbor-doks-core-internal-tls",
      jobservice: "harbor-doks-jobservice-internal-tls",
      registry: "harbor-doks-registry-internal-tls",
      portal: "harbor-doks-portal-internal-tls",
      trivy: "harbor-doks-trivy-internal-tls",
    });
    // The chart's "auto"/"manual" Secrets are <fullname>-<component>-internal-tls (templates/_helpers.tpl).
    for (const component of INTERNAL_TLS_COMPONENTS) {
      expect(Object.values(names.components)).not.toContain(`harbor-${component}-internal-tls`);
    }
  });

  it("follows the chart's fullname rule: the release name if it contains 'harbor', else <release>-harbor", () => {
    expect(harborFullname("harbor")).toBe("harbor");
    expect(harborFullname("team-harbor")).toBe("team-harbor");
    expect(harborFullname("registry")).toBe("registry-harbor");
    expect(internalTlsDnsNames("registry", "reg", "trivy")).toEqual([
      "registry-harbor-trivy",
      "registry-harbor-trivy.reg",
      "registry-harbor-trivy.reg.svc",
      "registry-harbor-trivy.reg.svc.cluster.local",
    ]);
  });

  it("gives core its loopback names too (CORE_LOCAL_URL is https://127.0.0.1:8443), and no one else", () => {
    expect(internalTlsDnsNames("harbor", "harbor", "core")).toContain("localhost");
    expect(internalTlsIpAddresses("core")).toEqual(["127.0.0.1"]);
    for (const component of INTERNAL_TLS_COMPONENTS.filter((c) => c !== "core")) {
      expect(internalTlsDnsNames("harbor", "harbor", component)).not.toContain("localhost");
      expect(internalTlsIpAddresses(component)).toEqual([]);
    }
  });
});

describe("HarborInternalTls: what Terraform makes", () => {
  const { harbor, json } = build();
  const selfSigned = Object.values(of(json, "tls_self_signed_cert"));
  const signed = of(json, "tls_locally_signed_cert");
  const requests = of(json, "tls_cert_request");
  const secrets = Object.values(of(json, "kubernetes_secret_v1"));
  const caId = Object.keys(of(json, "tls_self_signed_cert")).find((id) => id.includes("InternalTls"));
  const ca = of(json, "tls_self_signed_cert")[caId as string];

  it("makes one CA, valid 10 years and renewed in its last year", () => {
    expect(selfSigned).toHaveLength(2); // the token-signing certificate and the internal CA
    expect(ca).toMatchObject({
      is_ca_certificate: true,
      validity_period_hours: INTERNAL_TLS_VALIDITY.caHours,
      early_renewal_hours: INTERNAL_TLS_VALIDITY.caEarlyRenewalHours,
      allowed_uses: expect.arrayContaining(["cert_signing"]),
    });
    expect(INTERNAL_TLS_VALIDITY.caHours).toBe(87_600);
  });

  it("signs one certificate per component with that CA, valid a year and renewed in its last 90 days", () => {
    expect(Object.keys(signed)).toHaveLength(INTERNAL_TLS_COMPONENTS.length);
    for (const cert of Object.values(signed)) {
      expect(cert).toMatchObject({
        ca_cert_pem: `\${tls_self_signed_cert.${caId}.cert_pem}`,
        validity_period_hours: 8760,
        early_renewal_hours: 2160,
        allowed_uses: ["digital_signature", "key_encipherment", "server_auth", "client_auth"],
      });
    }
  });

  it("puts each component's Service names (and core's loopback) into its request", () => {
    const byName = Object.fromEntries(Object.values(requests).map((r) => [r.subject[0].common_name, r]));
    for (const component of INTERNAL_TLS_COMPONENTS) {
      const request = byName[`harbor-${component}`];
      expect(request.dns_names).toEqual(internalTlsDnsNames("harbor", "harbor", component));
      expect(request.ip_addresses).toEqual(internalTlsIpAddresses(component));
    }
  });

  it("hands each certificate over in a kubernetes.io/tls Secret with the keys the chart mounts", () => {
    for (const component of INTERNAL_TLS_COMPONENTS) {
      const secret = secrets.find((s) => s.metadata.name === `harbor-doks-${component}-internal-tls`) as Json;
      expect(secret.type).toBe("kubernetes.io/tls");
      expect(Object.keys(secret.data).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
      expect(secret.data["ca.crt"]).toBe(`\${tls_self_signed_cert.${caId}.cert_pem}`);
      expect(secret.data["tls.key"]).toMatch(/^\$\{tls_private_key\.\w+\.private_key_pem\}$/);
      expect(secret.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\./);
    }
  });

  it("gives clients outside the release the CA certificate alone, never a key", () => {
    const caSecret = secrets.find((s) => s.metadata.name === "harbor-doks-internal-ca") as Json;
    expect(caSecret.data).toEqual({ "ca.crt": `\${tls_self_signed_cert.${caId}.cert_pem}` });
    expect(harbor.internalTls?.secretNames.ca).toBe("harbor-doks-internal-ca");
  });

  it("keeps the CA's private key out of the cluster: only the certificates sign with it", () => {
    const caKeyRef = ca.private_key_pem as string;
    for (const secret of secrets) expect(JSON.stringify(secret.data)).not.toContain(caKeyRef);
    for (const cert of Object.values(signed)) expect(cert.ca_private_key_pem).toBe(caKeyRef);
  });

  it("makes the Harbor release wait for every certificate Secret", () => {
    const release = Object.values(of(json, "helm_release")).find((r) => r.name === "harbor") as Json;
    for (const [id, secret] of Object.entries(of(json, "kubernetes_secret_v1"))) {
      if (String(secret.metadata.name).includes("internal")) {
        expect(release.depends_on).toContain(`kubernetes_secret_v1.${id}`);
      }
    }
  });
});

describe("Harbor values with internal TLS", () => {
  const built = build({ metrics: true });
  const { harbor } = built;
  const values = valuesOf(built);

  it("turns the chart's internal TLS on in secret mode, naming our Secrets", () => {
    expect(values.internalTLS).toEqual({
      enabled: true,
      strong_ssl_ciphers: true,
      certSource: "secret",
      core: { secretName: "harbor-doks-core-internal-tls" },
      jobservice: { secretName: "harbor-doks-jobservice-internal-tls" },
      registry: { secretName: "harbor-doks-registry-internal-tls" },
      portal: { secretName: "harbor-doks-portal-internal-tls" },
      trivy: { secretName: "harbor-doks-trivy-internal-tls" },
    });
  });

  it("annotates every pod that reads a certificate with the certificates' hash, the roll trigger", () => {
    for (const component of ["core", "jobservice", "registry", "portal", "trivy", "exporter"]) {
      expect(values[component].podAnnotations[INTERNAL_TLS_HASH_ANNOTATION]).toMatch(
        /^\$\{sha256\(jsonencode\(\[tls_self_signed_cert\.\w+\.cert_pem(, tls_locally_signed_cert\.\w+\.cert_pem){5}\]\)\)\}$/,
      );
    }
  });

  it("holds no key: only Secret names and a hash of public certificates", () => {
    expect(harbor.valuesYaml).not.toMatch(/private_key_pem|PRIVATE KEY|tls\.key/);
  });

  it("can be turned off: no certificates, no internalTLS, no hash", () => {
    const off = build({ internalTls: false });
    expect(of(off.json, "tls_locally_signed_cert")).toEqual({});
    expect(valuesOf(off)).not.toHaveProperty("internalTLS");
    expect(off.harbor.valuesYaml).not.toContain(INTERNAL_TLS_HASH_ANNOTATION);
    expect(off.harbor.internalTls).toBeUndefined();
  });

  it("refuses Traefik backend TLS without internal TLS, naming both props and the fix", () => {
    expect(() => build({ internalTls: false, traefikBackendTls: true })).toThrow(
      "s/H: traefikBackendTls needs internalTls: without it core and portal serve plain HTTP; set internalTls: true or traefikBackendTls: false",
    );
  });
});

describe("internal TLS lifecycle: what a later change does", () => {
  const base = build();
  const requestsOf = (json: Json) => Object.values(of(json, "tls_cert_request")).map((r) => r.dns_names);

  it("a new CA re-issues every certificate: each signed certificate takes the CA's certificate as input", () => {
    // tls_locally_signed_cert forces a new resource when ca_cert_pem changes (hashicorp/terraform-provider-tls), so
    // renewing or replacing the CA replaces all five, and the Secrets are updated in place from their cert_pem.
    const caRefs = new Set(Object.values(of(base.json, "tls_locally_signed_cert")).map((c) => c.ca_cert_pem));
    expect(caRefs.size).toBe(1);
  });

  it("any new certificate changes the hash on every pod, so Kubernetes rolls them", () => {
    const annotation = valuesOf(base).core.podAnnotations[INTERNAL_TLS_HASH_ANNOTATION] as string;
    const caId = Object.keys(of(base.json, "tls_self_signed_cert")).find((id) => id.includes("InternalTls"));
    expect(annotation).toContain(`tls_self_signed_cert.${caId}.cert_pem`);
    for (const id of Object.keys(of(base.json, "tls_locally_signed_cert"))) {
      expect(annotation).toContain(`tls_locally_signed_cert.${id}.cert_pem`);
    }
    expect(valuesOf(base).portal.podAnnotations[INTERNAL_TLS_HASH_ANNOTATION]).toBe(annotation);
  });

  it("a new namespace or release name puts new names into the requests (the certificates are re-issued)", () => {
    const moved = build({ namespace: "registry", releaseName: "edge" });
    expect(requestsOf(moved.json)).not.toEqual(requestsOf(base.json));
    expect(requestsOf(moved.json)).toContainEqual(internalTlsDnsNames("edge", "registry", "core"));
  });

  it("a chart upgrade changes nothing: no certificate input depends on the chart version", () => {
    const upgraded = build({ chartVersion: "1.19.2" });
    for (const type of ["tls_private_key", "tls_cert_request", "tls_locally_signed_cert", "tls_self_signed_cert"]) {
      expect(of(upgraded.json, type)).toEqual(of(base.json, type));
    }
  });

  it("a changed replica count or metrics setting leaves the certificates alone", () => {
    for (const other of [build({ replicas: 1, highAvailability: false }), build({ metrics: true })]) {
      expect(of(other.json, "tls_locally_signed_cert")).toEqual(of(base.json, "tls_locally_signed_cert"));
    }
  });
});

/** A Harbor chart render of the construct's values: tokens stay as literal strings, which is all the chart sees. */
function renderHarbor(extra: Partial<HarborProps> = {}): Manifest[] {
  const { harbor, valuesYaml } = build(extra);
  return helmTemplate(chartFolder(HARBOR_CHART), valuesYaml, {
    release: harbor.releaseName,
    namespace: harbor.namespace,
    apiVersions: ["monitoring.coreos.com/v1"],
  });
}

describeWithChart(HARBOR_CHART, "the real Harbor chart 1.19.1 with internal TLS", () => {
  const objects = renderHarbor({ metrics: true, serviceMonitor: true });
  const workloads = objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
  const workload = (component: string) =>
    workloads.find((w) => w.spec.template.metadata.labels.component === component) as Manifest;
  const names = internalTlsSecretNames("harbor");
  const secretVolumes = (w: Manifest): string[] =>
    (w.spec.template.spec.volumes ?? []).filter((v: Json) => v.secret).map((v: Json) => v.secret.secretName);
  const env = (w: Manifest, container?: string): Record<string, string> => {
    const c = w.spec.template.spec.containers.find((x: Json) => container === undefined || x.name === container);
    return Object.fromEntries((c.env ?? []).map((e: Json) => [e.name, e.value]));
  };

  it("mounts our certificate Secret into every component and the chart generates none", () => {
    for (const component of INTERNAL_TLS_COMPONENTS) {
      expect(secretVolumes(workload(component))).toContain(names.components[component]);
    }
    // The exporter reads core's CA to scrape core over HTTPS.
    expect(secretVolumes(workload("exporter"))).toContain(names.components.core);
    const chartSecrets = objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name);
    expect(chartSecrets.filter((n) => n.includes("internal"))).toEqual([]);
  });

  it("runs every Go component with INTERNAL_TLS_ENABLED and the portal's nginx on ssl", () => {
    expect(env(workload("core")).INTERNAL_TLS_ENABLED).toBe("true");
    expect(env(workload("jobservice")).INTERNAL_TLS_ENABLED).toBe("true");
    expect(env(workload("registry"), "registry").INTERNAL_TLS_ENABLED).toBe("true");
    expect(env(workload("registry"), "registryctl").INTERNAL_TLS_ENABLED).toBe("true");
    expect(env(workload("trivy")).INTERNAL_TLS_ENABLED).toBe("true");
    const portalConf = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "harbor-portal") as Manifest;
    expect(portalConf.data["nginx.conf"]).toMatch(/listen 8443 ssl;/);
  });

  it("serves every component's Service over HTTPS ports", () => {
    const service = (name: string) => objects.find((o) => o.kind === "Service" && o.metadata.name === name) as Manifest;
    expect(service("harbor-core").spec.ports[0]).toMatchObject({ name: "https-web", port: 443 });
    expect(service("harbor-portal").spec.ports[0]).toMatchObject({ port: 443, targetPort: 8443 });
    expect(service("harbor-jobservice").spec.ports[0].name).toBe("https-jobservice");
    expect(service("harbor-registry").spec.ports.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(["https-registry", "https-controller"]),
    );
    expect(service("harbor-trivy").spec.ports[0].name).toBe("https-trivy");
  });

  it("every https URL the components call names a host that the called component's certificate carries", () => {
    const serviceOf = new Map<string, InternalTlsComponent>(
      INTERNAL_TLS_COMPONENTS.map((c) => [`harbor-${c}`, c] as [string, InternalTlsComponent]),
    );
    const urls = objects
      .filter((o) => o.kind === "ConfigMap")
      .flatMap((o) => Object.values(o.data ?? {}) as string[])
      .flatMap((text) => text.match(/https:\/\/[a-z0-9.-]+(:\d+)?/g) ?? []);
    const internal = urls.map((u) => new URL(u).hostname).filter((h) => h.startsWith("harbor-") || h === "127.0.0.1");
    expect(internal.length).toBeGreaterThan(5);
    for (const host of new Set(internal)) {
      if (host === "127.0.0.1") {
        expect(internalTlsIpAddresses("core")).toContain(host);
        continue;
      }
      const component = serviceOf.get(host);
      expect([host, component]).toEqual([host, expect.any(String)]);
      expect(internalTlsDnsNames("harbor", "harbor", component as InternalTlsComponent)).toContain(host);
    }
    // Every component is called by https somewhere (registryctl shares the registry's name).
    expect(new Set(internal)).toEqual(
      new Set(["harbor-core", "harbor-jobservice", "harbor-registry", "harbor-portal", "harbor-trivy", "127.0.0.1"]),
    );
  });

  it("puts the certificates' hash on every pod template that reads them, so renewed certificates roll them", () => {
    // The chart's nginx (expose clusterIP) reads no certificate of ours: it proxies to core and portal over HTTPS
    // without verifying them (templates/nginx/configmap-https.yaml `proxy_ssl_verify off`).
    const nginx = workload("nginx");
    expect(secretVolumes(nginx).filter((n) => n.includes("internal"))).toEqual([]);
    for (const w of workloads.filter((x) => x !== nginx)) {
      expect([w.metadata.name, w.spec.template.metadata.annotations[INTERNAL_TLS_HASH_ANNOTATION]]).toEqual([
        w.metadata.name,
        expect.stringMatching(/^\$\{sha256\(jsonencode/),
      ]);
    }
  });

  it("metrics: the ServiceMonitor follows the chart's renamed https-metrics ports, scraped over plain HTTP", () => {
    // The metrics servers stay plain HTTP with internal TLS (goharbor/harbor v2.15.1 src/lib/metric/server.go
    // http.ListenAndServe; the exporter's TLS needs HARBOR_EXPORTER_TLS_ENABLED, which the chart never sets), while
    // the chart names their ports https-metrics (templates/_helpers.tpl harbor.metricsPortName).
    const monitor = objects.find((o) => o.kind === "ServiceMonitor") as Manifest;
    expect(monitor.spec.endpoints[0].port).toBe("https-metrics");
    expect(monitor.spec.endpoints[0]).not.toHaveProperty("scheme");
    const metricPorts = objects
      .filter((o) => o.kind === "Service")
      .flatMap((s) => s.spec.ports.filter((p: Json) => /metrics/.test(p.name)).map((p: Json) => p.name));
    expect(new Set(metricPorts)).toEqual(new Set(["https-metrics"]));
    const exporterEnv = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === "harbor-exporter-env");
    expect(exporterEnv?.data).not.toHaveProperty("HARBOR_EXPORTER_TLS_ENABLED");
    expect(exporterEnv?.data.HARBOR_SERVICE_SCHEME).toBe("https");
  });

  it("the values carry no private key and the release renders no key of ours", () => {
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/PRIVATE KEY|private_key_pem/);
  });
});
