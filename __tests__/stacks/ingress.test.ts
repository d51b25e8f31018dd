import { parse } from "yaml";
import { TerraformStack, Testing } from "cdktf";
import { TraefikIngress } from "../../constructs/ingress/traefik-ingress";
import { StackJson, resources, synthConfig } from "./synth";
import { rejection } from "../helpers";

const instance = (name: string, extra: string, cluster = "prod-doks") =>
  `  - name: ${name}\n    region: fra1\n    cluster: ${cluster}\n    hostname: ${name}.example.com\n` +
  extra
    .split("\n")
    .filter(Boolean)
    .map((line) => `    ${line}\n`)
    .join("");
const config = (...instances: string[]) => `instances:\n${instances.join("")}`;

const releases = (json: StackJson) => Object.values(resources(json, "helm_release"));
const releaseNamed = (json: StackJson, name: string) => releases(json).find((r) => r.name === name);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const valuesOf = (release: StackJson | undefined): any => parse(release?.values[0]);

describe("ingress: install with HTTP-01, no dnsZone", () => {
  const stacks = synthConfig(config(instance("prod", "ingress: { email: ops@example.com }")));
  const platform = stacks["harbor-platform-prod-doks"];

  it("adds one platform stack that the instance stack depends on", () => {
    expect(Object.keys(stacks).sort()).toEqual(["harbor-platform-prod-doks", "harbor-prod"]);
  });

  it("installs pinned Traefik and cert-manager (with CRDs), and no issuer chart: the Issuers are in Harbor's namespace", () => {
    expect(releaseNamed(platform, "traefik")).toMatchObject({
      repository: "https://traefik.github.io/charts",
      chart: "traefik",
      version: "41.3.0",
    });
    expect(releaseNamed(platform, "cert-manager")).toMatchObject({
      repository: "https://charts.jetstack.io",
      chart: "cert-manager",
      version: "v1.21.1",
    });
    expect(valuesOf(releaseNamed(platform, "cert-manager")).crds).toEqual({ enabled: true, keep: true });
    expect(
      releases(platform)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["cert-manager", "platform-policies", "traefik", "traefik-access"]);
    expect(JSON.stringify(platform)).not.toContain(process.cwd());
  });

  it("passes the Harbor namespace's chart HTTP-01 through the traefik class annotation, after cert-manager", () => {
    const harbor = stacks["harbor-prod"];
    const objects = releaseNamed(harbor, "harbor-namespace");
    // A path relative to the stack folder: no machine path in cdk.tf.json.
    expect(objects?.chart).toMatch(/^harbor-namespace-[0-9a-f]{16}\.tgz$/);
    expect(valuesOf(objects).issuers).toMatchObject({
      enabled: true,
      email: "ops@example.com",
      http01: { enabled: true, class: "traefik" },
      dns01: { enabled: false },
    });
    expect(platform.variable).toBeUndefined();
    expect(harbor.variable).toBeUndefined();
    expect(JSON.stringify(harbor)).not.toContain(process.cwd());
  });

  it("configures Traefik's load balancer, HTTPS redirect, ACME bypass and unlimited push time", () => {
    const values = valuesOf(releaseNamed(platform, "traefik"));
    expect(values.service.annotations).toMatchObject({
      "service.beta.kubernetes.io/do-loadbalancer-name":
        "harbor-${data.digitalocean_kubernetes_cluster.Cluster_EB0386A7.id}",
      "service.beta.kubernetes.io/do-loadbalancer-size-unit": "1",
      "service.beta.kubernetes.io/do-loadbalancer-hostname": "prod.example.com",
    });
    expect(values.ports.web.http.redirections.entryPoint).toEqual({
      to: "websecure",
      scheme: "https",
      permanent: true,
    });
    expect(values.ports.web.allowACMEByPass).toBe(true);
    expect(values.ports.websecure.transport.respondingTimeouts.readTimeout).toBe("3600s");
    expect(values.deployment.replicas).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
  });

  it("trusts PROXY protocol only from the cluster's VPC range, read by the VPC data source at plan time", () => {
    const [[vpcId, vpc]] = Object.entries(platform.data.digitalocean_vpc as Record<string, StackJson>);
    const [clusterId] = Object.keys(platform.data.digitalocean_kubernetes_cluster);
    expect(vpc.id).toBe(`\${data.digitalocean_kubernetes_cluster.${clusterId}.vpc_uuid}`);
    const traefik = releaseNamed(platform, "traefik");
    const values = valuesOf(traefik);
    for (const port of ["web", "websecure"]) {
      expect(values.ports[port].proxyProtocol.trustedIPs).toEqual([`\${data.digitalocean_vpc.${vpcId}.ip_range}`]);
      expect(values.ports[port].forwardedHeaders.trustedIPs).toEqual([]);
    }
    // No blanket private range (RFC 1918) or loopback left in what Helm receives.
    expect(traefik?.values[0]).not.toMatch(/10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16|127\.0\.0\.1/);
  });

  it("sends HSTS (one year) on every HTTPS response through a Middleware on the websecure entry point", () => {
    const values = valuesOf(releaseNamed(platform, "traefik"));
    const hsts = values.extraObjects.find((o: StackJson) => o.kind === "Middleware");
    expect(hsts).toMatchObject({ apiVersion: "traefik.io/v1alpha1", metadata: { name: "hsts", namespace: "traefik" } });
    expect(hsts.spec.headers.stsSeconds).toBeGreaterThanOrEqual(31_536_000);
    expect(values.ports.websecure.http.middlewares).toEqual(["traefik-hsts@kubernetescrd"]);
    // A Helm-shipped object, never kubernetes_manifest (the CRD arrives with the same chart).
    expect(resources(platform, "kubernetes_manifest")).toEqual({});
  });

  it("outputs the load balancer IP from the platform stack", () => {
    expect(platform.output.load_balancer_ip.value).toBe(
      "${data.digitalocean_loadbalancer.Ingress_LoadBalancer_EF9BD338.ip}",
    );
  });

  it("exposes Harbor through the traefik class annotation with a certificate from its namespace's Issuer", () => {
    const harbor = stacks["harbor-prod"];
    const expose = valuesOf(releaseNamed(harbor, "harbor")).expose;
    expect(expose.type).toBe("ingress");
    expect(expose.tls).toEqual({ enabled: true, certSource: "secret", secret: { secretName: "harbor-doks-tls" } });
    // The chart writes spec.ingressClassName only for a non-empty className; the namespaced Traefik needs the
    // annotation instead (see buildTraefikValues).
    expect(expose.ingress.className).toBe("");
    expect(expose.ingress.annotations).toEqual({
      "ingress.kubernetes.io/ssl-redirect": null,
      "ingress.kubernetes.io/proxy-body-size": null,
      "nginx.ingress.kubernetes.io/ssl-redirect": null,
      "nginx.ingress.kubernetes.io/proxy-body-size": null,
      "cert-manager.io/issuer": "letsencrypt-prod",
      "kubernetes.io/ingress.class": "traefik",
    });
    expect(resources(harbor, "digitalocean_record")).toEqual({});
    // No dnsZone: the record to create by hand is an output.
    expect(harbor.output.dns_record.value).toBe(
      "prod.example.com. A ${data.digitalocean_loadbalancer.LoadBalancer.ip}",
    );
    expect(harbor.output.url.value).toBe("https://prod.example.com");
  });
});

describe("ingress: install with HTTP-01 and a dnsZone", () => {
  const stacks = synthConfig(
    config(instance("prod", "ingress: { email: ops@example.com, dnsZone: example.com, staging: true }")),
  );
  const harbor = stacks["harbor-prod"];

  it("creates an A record for the hostname, relative to the zone, pointing at the load balancer read by name", () => {
    expect(harbor.data.digitalocean_loadbalancer.LoadBalancer).toMatchObject({
      name: "harbor-${data.digitalocean_kubernetes_cluster.Cluster_EB0386A7.id}",
    });
    expect(Object.values(resources(harbor, "digitalocean_record")).filter((r) => r.type === "A")).toEqual([
      expect.objectContaining({
        domain: "example.com",
        type: "A",
        name: "prod",
        value: "${data.digitalocean_loadbalancer.LoadBalancer.ip}",
      }),
    ]);
  });

  it("uses the staging issuer when asked", () => {
    expect(valuesOf(releaseNamed(harbor, "harbor")).expose.ingress.annotations["cert-manager.io/issuer"]).toBe(
      "letsencrypt-staging",
    );
    expect(harbor.output.dns_record).toBeUndefined();
  });
});

describe("ingress: install with DNS-01", () => {
  const stacks = synthConfig(
    config(instance("prod", "ingress: { email: ops@example.com, challenge: dns01, dnsZone: example.com }")),
  );
  const platform = stacks["harbor-platform-prod-doks"];
  const harbor = stacks["harbor-prod"];

  it("passes the Harbor namespace's Issuers the DigitalOcean solver for the zone", () => {
    expect(valuesOf(releaseNamed(harbor, "harbor-namespace")).issuers).toMatchObject({
      http01: { enabled: false },
      dns01: { enabled: true, provider: "digitalocean", zones: ["example.com"], secretName: "acme-dns-credentials" },
    });
  });

  it("takes the DNS token from a sensitive variable into a Secret in Harbor's namespace", () => {
    // Destroy needs no token: the variable defaults to "" and has no validation (Terraform would run it
    // for a destroy plan too); the Secret's precondition rejects an empty token on create and update.
    expect(harbor.variable.digitalocean_dns_token).toEqual({
      type: "string",
      sensitive: true,
      nullable: false,
      default: "",
      description: expect.stringContaining("not to destroy"),
    });
    const secret = Object.values(resources(harbor, "kubernetes_secret_v1")).find(
      (s) => s.metadata.name === "acme-dns-credentials",
    ) as StackJson;
    expect(secret.lifecycle.precondition).toEqual([
      {
        condition: "${length(var.digitalocean_dns_token) > 0}",
        error_message: expect.stringContaining("TF_VAR_digitalocean_dns_token is empty"),
      },
    ]);
    expect(secret.metadata.namespace).toMatch(/kubernetes_namespace_v1\.Harbor_Namespace_\w+/);
    expect(secret.data).toEqual({ "access-token": "${var.digitalocean_dns_token}" });
    expect(platform.variable).toBeUndefined();
    expect(resources(platform, "kubernetes_secret_v1")).toEqual({});
    expect(valuesOf(releaseNamed(platform, "cert-manager")).dns01RecursiveNameserversOnly).toBe(true);
  });
});

describe("ingress: two instances sharing one cluster", () => {
  const stacks = synthConfig(
    config(
      instance("prod", "ingress: { email: ops@example.com, dnsZone: example.com }"),
      instance("dev", "profile: dev\nharbor: { namespace: harbor-dev }\ningress: { email: ops@example.com }"),
      instance("other", "profile: dev\ningress: { email: ops@example.com }", "other-doks"),
    ),
  );

  it("creates exactly one platform stack per cluster, with one Traefik and one cert-manager release", () => {
    const platforms = Object.keys(stacks).filter((name) => name.startsWith("harbor-platform-"));
    expect(platforms.sort()).toEqual(["harbor-platform-other-doks", "harbor-platform-prod-doks"]);
    const all = Object.values(stacks)
      .filter((_, i) => Object.keys(stacks)[i] === "harbor-platform-prod-doks")
      .flatMap(releases);
    expect(all.filter((r) => r.chart === "traefik")).toHaveLength(1);
    expect(all.filter((r) => r.chart === "cert-manager")).toHaveLength(1);
    const everywhere = Object.values(stacks).flatMap(releases);
    expect(everywhere.filter((r) => r.chart === "traefik")).toHaveLength(2);
    expect(everywhere.filter((r) => r.chart === "cert-manager")).toHaveLength(2);
  });

  it("keeps Traefik HA while any instance on the cluster is ha, and single otherwise", () => {
    expect(valuesOf(releaseNamed(stacks["harbor-platform-prod-doks"], "traefik")).deployment.replicas).toBe(2);
    const single = valuesOf(releaseNamed(stacks["harbor-platform-other-doks"], "traefik"));
    expect(single.deployment.replicas).toBe(1);
    expect(single.podDisruptionBudget).toBeUndefined();
  });

  it("puts each instance in its own namespace", () => {
    expect(releaseNamed(stacks["harbor-dev"], "harbor")?.namespace).toMatch(/kubernetes_namespace_v1/);
    const names = Object.values(resources(stacks["harbor-dev"], "kubernetes_namespace_v1"))
      .map((n) => n.metadata.name)
      .sort();
    // Harbor's own, and the schema-grant Job's beside it.
    expect(names).toEqual(["harbor-dev", "harbor-dev-db-grant"]);
  });
});

describe("ingress: existing controller", () => {
  const stacks = synthConfig(
    config(
      instance(
        "prod",
        "ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: letsencrypt }",
      ),
    ),
  );

  it("adds no platform stack and keeps the chart's nginx annotations, adding the user's ClusterIssuer", () => {
    expect(Object.keys(stacks)).toEqual(["harbor-prod"]);
    const expose = valuesOf(releaseNamed(stacks["harbor-prod"], "harbor")).expose;
    expect(expose.ingress.className).toBe("nginx");
    expect(expose.ingress.annotations).toEqual({ "cert-manager.io/cluster-issuer": "letsencrypt" });
    // No Issuers, no Traefik Role or route of the project's; core and portal admit the (unknown) controller from
    // any namespace, everything else stays closed.
    const objects = valuesOf(releaseNamed(stacks["harbor-prod"], "harbor-namespace"));
    expect(objects.issuers).toEqual({ enabled: false });
    expect(objects.traefikAccess).toEqual({ enabled: false });
    expect(objects.blockedPaths).toEqual({ enabled: false });
    expect(objects.networkPolicies).toMatchObject({ enabled: true, ingressNamespace: "ingress-nginx" });
  });
});

describe("TraefikIngress construct", () => {
  it("names the construct, the prop and the fix when vpcUuid is empty", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    expect(
      () =>
        new TraefikIngress(stack, "Edge", {
          loadBalancerName: "lb",
          hairpinHostname: "r.example.com",
          vpcUuid: " ",
          servedNamespaces: ["harbor"],
        }),
    ).toThrow('t/Edge: vpcUuid must be the cluster\'s VPC id (ExistingDoksCluster.vpcUuid), got ""');
  });
});

describe("ingress: validation", () => {
  const problems = rejection;

  const cases: [string, string, string][] = [
    ["email missing with install", config(instance("prod", "ingress: {}")), "instances[0].ingress.email: is required"],
    [
      "dns01 without dnsZone",
      config(instance("prod", "ingress: { email: a@example.com, challenge: dns01 }")),
      "instances[0].ingress.dnsZone: is required with challenge: dns01",
    ],
    [
      "hostname outside dnsZone",
      config(instance("prod", "ingress: { email: a@example.com, dnsZone: example.org }")),
      'instances[0].ingress.dnsZone: got string "example.org"; must contain the hostname "prod.example.com"',
    ],
    [
      "dnsZone with existing",
      config(
        instance(
          "prod",
          "ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le, dnsZone: example.com }",
        ),
      ),
      "instances[0].ingress.dnsZone",
    ],
    [
      "same namespace on one cluster",
      config(instance("prod", ""), instance("dev", "profile: dev")),
      'instances[1].harbor.namespace: instances "prod" and "dev" both use namespace "harbor" on cluster "prod-doks"',
    ],
    [
      "className with install",
      config(instance("prod", "ingress: { email: a@example.com, className: traefik }")),
      'instances[0].ingress.className: got string "traefik"; only applies with controller: existing',
    ],
    [
      "clusterIssuer with install",
      config(instance("prod", "ingress: { email: a@example.com, clusterIssuer: x }")),
      "instances[0].ingress.clusterIssuer",
    ],
    ...(["email: a@example.com", "challenge: http01", "staging: false", "loadBalancerSizeUnits: 2"] as const).map(
      (setting) =>
        [
          `${setting.split(":")[0]} with existing`,
          config(
            instance(
              "prod",
              `ingress: { controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: le, ${setting} }`,
            ),
          ),
          `instances[0].ingress.${setting.split(":")[0]}: got`,
        ] as [string, string, string],
    ),
    [
      "existing without className",
      config(instance("prod", "ingress: { controller: existing, clusterIssuer: le }")),
      "instances[0].ingress.className: is required",
    ],
    [
      "load balancer size out of range",
      config(instance("prod", "ingress: { email: a@example.com, loadBalancerSizeUnits: 101 }")),
      "instances[0].ingress.loadBalancerSizeUnits: got number 101",
    ],
    [
      "bad e-mail",
      config(instance("prod", "ingress: { email: nope }")),
      'instances[0].ingress.email: got string "nope"',
    ],
    [
      "instances on one cluster disagree on load balancer size",
      config(
        instance("prod", "ingress: { email: a@example.com, loadBalancerSizeUnits: 2 }"),
        instance("dev", "profile: dev\nharbor: { namespace: dev }\ningress: { email: a@example.com }"),
      ),
      "ingress.loadBalancerSizeUnits must be the same",
    ],
  ];
  it.each(cases)("rejects %s", (_name, text, expected) => {
    expect(problems(text)).toContain(expected);
  });
});
