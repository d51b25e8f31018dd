// Traefik on a shared cluster watches only its own namespace and those of the Harbor instances it serves, with
// namespaced RBAC: rendered with the real Traefik chart for two instances sharing one platform.
import { parse } from "yaml";
import { TRAEFIK_CHART, TRAEFIK_WATCH_RULES } from "../../constructs/ingress/platform-values";
import { Manifest, chartFolder, describeWithCharts, helmTemplate } from "../support/charts";
import {
  REMOTE_CHARTS,
  Synthesized,
  TWO_INSTANCES,
  providerNamespaces,
  renderRelease,
  synthesize,
} from "./shared-cluster";

const THREE_INSTANCES = `${TWO_INSTANCES}
  - name: gamma
    region: fra1
    cluster: shared
    profile: dev
    hostname: gamma.example.net
    harbor: { namespace: harbor-gamma }
    ingress: { email: ops@example.com }
`;

describeWithCharts(REMOTE_CHARTS, "Traefik's scope on a cluster shared by two instances", () => {
  let synthesized: Synthesized;
  let traefik: Manifest[];
  let args: string[];
  beforeAll(() => {
    synthesized = synthesize(TWO_INSTANCES);
    const release = synthesized.releases.find((r) => r.name === "traefik");
    traefik = renderRelease(release!);
    args = traefik.find((d) => d.kind === "Deployment")!.spec.template.spec.containers[0].args;
  });
  const rendered = (name: string, namespace: string) =>
    renderRelease(synthesized.releases.find((r) => r.name === name && r.namespace === namespace)!);

  it("both providers watch exactly Traefik's namespace and the two Harbor namespaces", () => {
    expect(args).toContain("--providers.kubernetesingress.namespaces=traefik,harbor-alpha,harbor-beta");
    expect(args).toContain("--providers.kubernetescrd.namespaces=traefik,harbor-alpha,harbor-beta");
    expect(args).toContain("--providers.kubernetesingress.disableClusterScopeResources=true");
    expect(args).toContain("--providers.kubernetescrd.disableClusterScopeResources=true");
    expect(args).toContain("--providers.kubernetesingress.ingressClass=traefik");
    expect(args).toContain("--providers.kubernetescrd.ingressClass=traefik");
    // Gateway API would need a ClusterRole; it is off.
    expect(args.some((a: string) => a.startsWith("--providers.kubernetesgateway"))).toBe(false);
  });

  it("grants nothing cluster-wide: no ClusterRole, no ClusterRoleBinding, no IngressClass", () => {
    expect(traefik.filter((d) => ["ClusterRole", "ClusterRoleBinding", "IngressClass"].includes(d.kind))).toEqual([]);
  });

  it("each watched namespace, and only those, holds the Role the chart itself would render, bound to Traefik", () => {
    // The chart's own namespaced Role for the same values (rbac.enabled), as the reference for the rules.
    const release = synthesized.releases.find((r) => r.name === "traefik")!;
    const values = parse(release.values);
    const reference = helmTemplate(
      chartFolder(TRAEFIK_CHART),
      JSON.stringify({
        ...values,
        providers: {
          kubernetesIngress: {
            ...values.providers.kubernetesIngress,
            namespaces: providerNamespaces(release.values, "kubernetesIngress"),
          },
          kubernetesCRD: {
            ...values.providers.kubernetesCRD,
            namespaces: providerNamespaces(release.values, "kubernetesCRD"),
          },
        },
        rbac: { enabled: true, namespaced: true },
        extraObjects: [],
      }),
      { release: "traefik", namespace: "traefik" },
    ).filter((d) => d.kind === "Role");
    expect(reference.map((r) => r.metadata.namespace).sort()).toEqual(["harbor-alpha", "harbor-beta", "traefik"]);
    for (const role of reference) expect(role.rules).toEqual(TRAEFIK_WATCH_RULES);

    const all = synthesized.releases.flatMap((r) => renderRelease(r));
    const traefikBindings = all.filter(
      (d) =>
        (d.kind === "RoleBinding" || d.kind === "ClusterRoleBinding") &&
        d.subjects?.some(
          (s: Manifest) => s.kind === "ServiceAccount" && s.name === "traefik" && s.namespace === "traefik",
        ),
    );
    expect(traefikBindings.map((b) => `${b.kind}/${b.metadata.namespace}`).sort()).toEqual([
      "RoleBinding/harbor-alpha",
      "RoleBinding/harbor-beta",
      "RoleBinding/traefik",
    ]);
    for (const binding of traefikBindings) {
      const role = all.find(
        (d) =>
          d.kind === "Role" &&
          d.metadata.namespace === binding.metadata.namespace &&
          d.metadata.name === binding.roleRef.name,
      );
      expect(role?.rules).toEqual(TRAEFIK_WATCH_RULES);
    }
    // So no Secret of the grant and backup namespaces (doadmin, the backup keys) or of cert-manager's is readable.
  });

  it("Harbor's Ingress names the class in the annotation Traefik reads without IngressClasses", () => {
    for (const namespace of ["harbor-alpha", "harbor-beta"]) {
      const ingress = rendered("harbor", namespace).find((d) => d.kind === "Ingress")!;
      // traefik v3.7 shouldProcessIngress: with spec.ingressClassName set, an Ingress is served only if that
      // IngressClass was read, which disableClusterScopeResources prevents.
      expect(ingress.spec.ingressClassName).toBeUndefined();
      expect(ingress.metadata.annotations["kubernetes.io/ingress.class"]).toBe("traefik");
      expect(ingress.metadata.annotations["cert-manager.io/issuer"]).toBe("letsencrypt-prod");
      expect(ingress.metadata.annotations).not.toHaveProperty("cert-manager.io/cluster-issuer");
    }
  });

  it("an instance added later extends the list: the same Traefik release is upgraded, the first instance is untouched", () => {
    const later = synthesize(THREE_INSTANCES);
    const before = synthesized.stacks["harbor-platform-shared"].resource.helm_release;
    const after = later.stacks["harbor-platform-shared"].resource.helm_release;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const id = Object.keys(after).find((k) => after[k].name === "traefik")!;
    const { values: beforeValues, ...beforeRest } = before[id];
    const { values: afterValues, ...afterRest } = after[id];
    expect(afterRest).toEqual(beforeRest);
    // The values name the list through a Terraform local; the local's expression gains the new namespace's lookup.
    expect(afterValues[0]).toEqual(beforeValues[0]);
    const locals = (s: Synthesized) => JSON.stringify(s.stacks["harbor-platform-shared"].locals);
    expect(locals(later)).toContain("harbor-gamma");
    expect(locals(synthesized)).not.toContain("harbor-gamma");
    // As Terraform resolves them once every namespace exists (the new one: after its stack, see failing-instance).
    const resolved = (s: Synthesized) => s.releases.find((r) => r.name === "traefik")!.values;
    expect(providerNamespaces(resolved(later), "kubernetesIngress")).toEqual([
      "traefik",
      "harbor-alpha",
      "harbor-beta",
      "harbor-gamma",
    ]);
    expect(providerNamespaces(resolved(synthesized), "kubernetesCRD")).toEqual([
      "traefik",
      "harbor-alpha",
      "harbor-beta",
    ]);
    // The existing instances' stacks do not change at all.
    for (const stack of ["harbor-alpha", "harbor-beta"]) {
      expect(later.stacks[stack].resource).toEqual(synthesized.stacks[stack].resource);
    }
    // Traefik's Role in the new namespace comes with the platform, not with the new instance (failing-instance).
    const gamma = renderRelease(
      later.releases.find((r) => r.name === "harbor-namespace" && r.namespace === "harbor-gamma")!,
    );
    expect(gamma.filter((d) => d.kind === "Role")).toEqual([]);
    const access = renderRelease(later.releases.find((r) => r.name === "traefik-access")!);
    expect(access.filter((d) => d.kind === "Role").map((d) => d.metadata.namespace)).toEqual([
      "harbor-alpha",
      "harbor-beta",
      "harbor-gamma",
    ]);
  });
});
