// Tenants' pods off the platform's nodes (opt-in): TraefikIngress's nodePool puts Traefik and cert-manager on a DOKS
// node pool tainted harbor-doks.io/platform=true:NoExecute, and tenantNodePolicy adds a ValidatingAdmissionPolicy that
// refuses other namespaces' pods that tolerate that taint or name the pool's nodes. Rendered with the pinned charts,
// the policy's CEL evaluated.
import { TerraformStack, Testing } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TraefikIngress, TraefikIngressProps } from "../../constructs/ingress/traefik-ingress";
import { CERT_MANAGER_CHART, TRAEFIK_CHART } from "../../constructs/ingress/platform-values";
import { DOKS_NODE_POOL_LABEL, PLATFORM_NODE_TAINT } from "../../constructs/ingress/policy-values";
import { localChartPath } from "../../constructs/core/local-chart";
import { Manifest, chartFolder, describeWithCharts, helmTemplate } from "../support/charts";
import { admit } from "../support/admission-policy";
import { parseConfig } from "../../config/load";
import { REMOTE_CHARTS, TWO_INSTANCES, renderRelease, synthesize } from "./shared-cluster";

const BASE: TraefikIngressProps = {
  loadBalancerName: "harbor-lb",
  hairpinHostname: "registry.example.com",
  vpcUuid: "vpc-uuid",
  servedNamespaces: ["harbor-alpha"],
};

function releases(props: Partial<TraefikIngressProps>): Record<string, Manifest> {
  const app = Testing.app();
  const stack = new TerraformStack(app, "platform");
  new DigitaloceanProvider(stack, "do", {});
  new KubernetesProvider(stack, "k8s", {});
  new HelmProvider(stack, "helm", {});
  new TraefikIngress(stack, "Ingress", { ...BASE, ...props });
  const json = JSON.parse(Testing.synth(stack)) as Manifest;
  return Object.fromEntries(
    Object.values(json.resource.helm_release as Record<string, Manifest>).map((r) => [r.name, r]),
  );
}

/** Every pod template of a rendered release. */
function podSpecs(objects: Manifest[]): [string, Manifest][] {
  return objects.flatMap((d): [string, Manifest][] => {
    if (["Deployment", "DaemonSet", "StatefulSet", "Job"].includes(d.kind)) {
      return [[`${d.kind}/${d.metadata.name}`, d.spec.template.spec]];
    }
    if (d.kind === "CronJob") return [[`${d.kind}/${d.metadata.name}`, d.spec.jobTemplate.spec.template.spec]];
    return [];
  });
}

describeWithCharts([TRAEFIK_CHART, CERT_MANAGER_CHART], "the platform node pool", () => {
  it("puts every Traefik and cert-manager pod on the pool: its node selector and the taint's toleration", () => {
    const r = releases({ nodePool: "platform" });
    const traefik = helmTemplate(chartFolder(TRAEFIK_CHART), r.traefik.values[0], {
      release: "traefik",
      namespace: "traefik",
    });
    const certManager = helmTemplate(chartFolder(CERT_MANAGER_CHART), r["cert-manager"].values[0], {
      release: "cert-manager",
      namespace: "cert-manager",
    });
    const pods = [...podSpecs(traefik), ...podSpecs(certManager)];
    expect(pods.map(([name]) => name).sort()).toEqual([
      "Deployment/cert-manager",
      "Deployment/cert-manager-cainjector",
      "Deployment/cert-manager-webhook",
      "Deployment/traefik",
      "Job/cert-manager-startupapicheck",
    ]);
    for (const [, spec] of pods) {
      expect(spec.nodeSelector).toMatchObject({ [DOKS_NODE_POOL_LABEL]: "platform" });
      expect(spec.tolerations).toContainEqual({ ...PLATFORM_NODE_TAINT, operator: "Equal" });
    }
    // High availability is kept: the webhook's own settings survive the placement.
    expect(
      certManager.find((d) => d.kind === "Deployment" && d.metadata.name === "cert-manager-webhook")!.spec.replicas,
    ).toBe(2);
  });

  it("switching it off again leaves no selector or toleration (a later change upgrades the releases in place)", () => {
    const on = releases({ nodePool: "platform" });
    const off = releases({});
    for (const name of ["traefik", "cert-manager"]) {
      expect(off[name].values[0]).not.toContain(DOKS_NODE_POOL_LABEL);
      expect(on[name].values[0]).toContain(DOKS_NODE_POOL_LABEL);
      expect(on[name].name).toBe(off[name].name);
    }
    expect(off["platform-policies"].values[0]).toContain("enabled: false");
  });

  it("refuses tenantNodePolicy without a nodePool, naming both", () => {
    expect(() => releases({ tenantNodePolicy: true })).toThrow(/tenantNodePolicy.*needs nodePool/);
  });
});

describeWithCharts([], "the tenant node policy", () => {
  let policy: Manifest;
  beforeAll(() => {
    const r = releases({ nodePool: "platform", tenantNodePolicy: true });
    policy = helmTemplate(localChartPath("platform-policies"), r["platform-policies"].values[0], {
      release: "platform-policies",
      namespace: "traefik",
    }).find((d) => d.kind === "ValidatingAdmissionPolicy" && d.metadata.name === "harbor-doks-platform-nodes")!;
  });
  const pod = (namespace: string, spec: Manifest, operation: "CREATE" | "UPDATE" = "CREATE") =>
    admit(policy, {
      operation,
      namespace,
      resource: "pods",
      object: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace },
        spec: { containers: [{ name: "c" }], ...spec },
      },
    });

  it("refuses a tenant's pod that tolerates the taint, tolerates every taint, or names a node of the pool", () => {
    for (const spec of [
      { tolerations: [{ key: PLATFORM_NODE_TAINT.key, operator: "Exists" }] },
      { tolerations: [{ key: PLATFORM_NODE_TAINT.key, operator: "Equal", value: "true", effect: "NoExecute" }] },
      { tolerations: [{ operator: "Exists" }] },
      { nodeName: "platform-abc12" },
    ]) {
      expect(pod("team-a", spec)).toEqual({
        allowed: false,
        message: expect.stringContaining("reserved for the harbor-doks"),
      });
      expect(pod("team-a", spec, "UPDATE")).toMatchObject({ allowed: false });
    }
  });

  it("allows ordinary tenant pods, and the platform's, Harbor's and Kubernetes' own namespaces", () => {
    for (const spec of [{}, { tolerations: [{ key: "gpu", operator: "Exists" }] }, { nodeName: "workers-abc12" }]) {
      expect(pod("team-a", spec)).toEqual({ allowed: true });
    }
    const everything = { tolerations: [{ operator: "Exists" }], nodeName: "platform-abc12" };
    for (const namespace of [
      "traefik",
      "cert-manager",
      "kube-system",
      "harbor-alpha",
      "harbor-alpha-db-grant",
      "harbor-alpha-backup",
    ]) {
      expect(pod(namespace, everything)).toEqual({ allowed: true });
    }
  });
});

describeWithCharts(REMOTE_CHARTS, "ingress.nodePool in the config", () => {
  const withPool = TWO_INSTANCES.replace(
    /ingress: \{ email/g,
    "ingress: { nodePool: platform, tenantNodePolicy: true, email",
  );

  it("places every pod of Traefik, cert-manager and Harbor, and the solver pods, on the pool", () => {
    const synthesized = synthesize(withPool);
    const placed = synthesized.releases.filter((r) =>
      ["traefik", "cert-manager", "harbor", "harbor-doks-db-grant", "harbor-doks-backup"].includes(r.name),
    );
    const pods = placed.flatMap((r) =>
      podSpecs(renderRelease(r)).map(([name, spec]): [string, Manifest] => [`${r.namespace}/${name}`, spec]),
    );
    // Traefik, cert-manager's four; Harbor's core, portal, jobservice, registry and trivy per instance (no nginx behind
    // an Ingress), alpha's exporter (metrics on); the grant Job per instance; alpha's two backup CronJobs.
    expect(pods.length).toBe(5 + 5 * 2 + 1 + 2 + 2);
    for (const [name, spec] of pods) {
      expect([name, spec.nodeSelector]).toEqual([
        name,
        expect.objectContaining({ [DOKS_NODE_POOL_LABEL]: "platform" }),
      ]);
      expect(spec.tolerations).toContainEqual({ ...PLATFORM_NODE_TAINT, operator: "Equal" });
    }
    const issuers = synthesized.releases
      .filter((r) => r.name === "harbor-namespace")
      .flatMap((r) => renderRelease(r))
      .filter((d) => d.kind === "Issuer" && d.spec.acme.solvers.some((s: Manifest) => s.http01));
    expect(issuers.length).toBe(2);
    for (const issuer of issuers) {
      const solver = issuer.spec.acme.solvers.find((s: Manifest) => s.http01);
      expect(solver.http01.ingress.podTemplate.spec).toEqual({
        nodeSelector: { [DOKS_NODE_POOL_LABEL]: "platform" },
        tolerations: [{ ...PLATFORM_NODE_TAINT, operator: "Equal" }],
      });
    }
    const policies = renderRelease(synthesized.releases.find((r) => r.name === "platform-policies")!);
    expect(policies.map((d) => d.metadata.name)).toContain("harbor-doks-platform-nodes");
  });

  it("is a cluster-wide setting: instances sharing a cluster must agree, and the policy needs the pool", () => {
    expect(() =>
      parseConfig(
        withPool.replace(
          "ingress: { nodePool: platform, tenantNodePolicy: true, email: other",
          "ingress: { email: other",
        ),
      ),
    ).toThrow(/ingress\.nodePool must be the same/);
    expect(() =>
      parseConfig(TWO_INSTANCES.replace(/ingress: \{ email/g, "ingress: { tenantNodePolicy: true, email")),
    ).toThrow(/tenantNodePolicy.*needs nodePool/s);
  });

  it("switching it off removes the placement and the policy; the releases upgrade in place", () => {
    const off = synthesize(TWO_INSTANCES);
    const harbor = off.releases.find((r) => r.name === "harbor")!;
    expect(harbor.values).not.toContain(DOKS_NODE_POOL_LABEL);
    const policies = renderRelease(off.releases.find((r) => r.name === "platform-policies")!);
    expect(policies.map((d) => d.metadata.name)).not.toContain("harbor-doks-platform-nodes");
  });
});
