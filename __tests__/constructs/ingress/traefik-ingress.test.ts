// TraefikIngress's served list: given as a prop, grown with serveNamespace (a Harbor given the TraefikIngress calls it),
// and everything derived from it computed at synth: the namespace lookups, the locals behind the traefik-access and
// Traefik values (Traefik's Roles and watch list), and the namespaces the platform node pool policy exempts.
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { TraefikIngress, TraefikIngressProps } from "../../../constructs/ingress/traefik-ingress";
import { PlatformPolicies } from "../../../constructs/ingress/platform-policies";
import { localChartPath } from "../../../constructs/core/local-chart";
import { Manifest, describeWithHelm, helmTemplate } from "../../support/charts";
import { resolveNamespaceLookups } from "../../support/namespace-lookups";
import { describeWithTerraform } from "../../support/terraform-console";
import { validationError } from "../../helpers";

const PROPS: TraefikIngressProps = {
  loadBalancerName: "lb",
  hairpinHostname: "registry.example.com",
  vpcUuid: "vpc-1",
};

function ingressStack(props: Partial<TraefikIngressProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "platform");
  const ingress = new TraefikIngress(stack, "Ingress", { ...PROPS, ...props });
  return { stack, ingress };
}

const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack)) as Manifest;
const lookedUp = (json: Manifest) =>
  Object.values((json.data?.kubernetes_namespace_v1 ?? {}) as Record<string, Manifest>)
    .map((lookup) => lookup.metadata.name as string)
    .sort();
const releaseNamed = (json: Manifest, name: string) =>
  Object.entries(json.resource.helm_release as Record<string, Manifest>).find(([, r]) => r.name === name) as [
    string,
    Manifest,
  ];
/** A local of the stack by the construct id it was made with. */
const local = (json: Manifest, id: string) =>
  Object.entries(json.locals as Record<string, string>).find(([name]) => name.includes(id))?.[1] as string;
const exemptNamespaces = (json: Manifest) =>
  (releaseNamed(json, "platform-policies")[1].values[0] as string).split("exemptNamespaces:")[1];

describe("TraefikIngress served namespaces", () => {
  it("servedNamespaces defaults to none: Traefik watches only its own namespace and looks nothing up", () => {
    const { stack, ingress } = ingressStack();
    const json = synth(stack);
    expect(ingress.servedNamespaces).toEqual([]);
    expect(lookedUp(json)).toEqual([]);
    expect(local(json, "WatchedNamespaces")).toBe('${join(",", compact(["traefik"]))}');
    expect(local(json, "TraefikAccessNamespaces")).toBe('${join(",", compact([]))}');
  });

  it("serveNamespace adds what the prop gives: a lookup, the Roles' list and the watch list", () => {
    const given = synth(ingressStack({ servedNamespaces: ["harbor", "harbor-dev"] }).stack);
    const { stack, ingress } = ingressStack({ servedNamespaces: ["harbor"] });
    ingress.serveNamespace("harbor-dev");
    const grown = synth(stack);
    expect(ingress.servedNamespaces).toEqual(["harbor", "harbor-dev"]);
    expect(lookedUp(grown)).toEqual(["harbor", "harbor-dev"]);
    // The same Terraform as the list given whole: same lookups, same locals, same releases.
    expect(grown).toEqual(given);
    expect(local(grown, "WatchedNamespaces")).toContain('"harbor-dev"');
    expect(local(grown, "TraefikAccessNamespaces")).toContain('"harbor-dev"');
  });

  it("is idempotent, and Traefik's own namespace is watched already", () => {
    const once = ingressStack({ servedNamespaces: ["harbor"] });
    const twice = ingressStack({ servedNamespaces: ["harbor", "harbor"] });
    for (const ns of ["harbor", "harbor", "traefik"]) twice.ingress.serveNamespace(ns);
    expect(twice.ingress.servedNamespaces).toEqual(["harbor"]);
    expect(synth(twice.stack)).toEqual(synth(once.stack));
  });

  it("with tenantNodePolicy: a namespace served later is exempt from the node pool policy, with its -db-grant and -backup", () => {
    const { stack, ingress } = ingressStack({ nodePool: "platform", tenantNodePolicy: true });
    ingress.serveNamespace("harbor");
    const exempt = exemptNamespaces(synth(stack));
    for (const ns of ["harbor", "harbor-db-grant", "harbor-backup", "traefik", "cert-manager", "kube-system"]) {
      expect(exempt).toContain(`- ${ns}\n`);
    }
    // Without the policy nothing is exempted (the values say the policy is off).
    const off = ingressStack({ nodePool: "platform" });
    off.ingress.serveNamespace("harbor");
    expect(exemptNamespaces(synth(off.stack))).not.toContain("harbor");
  });

  describe("later changes", () => {
    it("a namespace served later changes only the locals (read at plan): both releases are upgraded in place", () => {
      const before = synth(ingressStack({ servedNamespaces: ["harbor"] }).stack);
      const { stack, ingress } = ingressStack({ servedNamespaces: ["harbor"] });
      ingress.serveNamespace("harbor-dev");
      const after = synth(stack);
      // hashicorp/terraform-provider-helm v3.1.1 helm/resource_helm_release.go: `name` and `namespace` have
      // RequiresReplace, `values` (a list attribute without plan modifiers) is updated in place (helm upgrade). The
      // values text is even the same: it reads the locals, whose new value Terraform interpolates at plan.
      for (const name of ["traefik", "traefik-access"]) {
        expect(releaseNamed(after, name)).toEqual(releaseNamed(before, name));
      }
      expect(Object.keys(after.locals)).toEqual(Object.keys(before.locals));
      expect(after.locals).not.toEqual(before.locals);
      // A new lookup, the others' addresses unchanged.
      expect(Object.keys(after.data.kubernetes_namespace_v1)).toEqual(
        expect.arrayContaining(Object.keys(before.data.kubernetes_namespace_v1)),
      );
      expect(Object.keys(after.data.kubernetes_namespace_v1)).toHaveLength(2);
    });

    it("a namespace no longer served (its Harbor removed): its lookup goes (a data source, nothing to destroy)", () => {
      // The lists lose it, so traefik-access's upgrade removes Traefik's Role there and Traefik stops watching it.
      const before = synth(ingressStack({ servedNamespaces: ["harbor", "harbor-dev"] }).stack);
      const after = synth(ingressStack({ servedNamespaces: ["harbor"] }).stack);
      expect(lookedUp(after)).toEqual(["harbor"]);
      expect(local(after, "WatchedNamespaces")).not.toContain("harbor-dev");
      expect(releaseNamed(after, "traefik-access")).toEqual(releaseNamed(before, "traefik-access"));
      expect(after.resource).toEqual(before.resource);
    });
  });

  describe("refuses", () => {
    it("a hostile or mistaken namespace through serveNamespace, naming the construct, the prop and the rule", () => {
      const { ingress } = ingressStack();
      for (const ns of ["kube-system; rm -rf /", "Harbor", "", "a".repeat(64), "harbor/../x"]) {
        const error = validationError(() => ingress.serveNamespace(ns), "servedNamespaces");
        expect(error.constructPath).toBe("platform/Ingress");
        expect(error.message).toContain("must be a Kubernetes namespace name: lowercase letters, digits and hyphens");
      }
      expect(ingress.servedNamespaces).toEqual([]);
    });

    it("a Kubernetes system namespace, whose Secrets Traefik would read, given as a prop or served later", () => {
      const { ingress } = ingressStack();
      for (const ns of ["kube-system", "kube-public", "default"]) {
        const error = validationError(() => ingress.serveNamespace(ns), "servedNamespaces");
        expect(error.message).toContain(`"${ns}" is a Kubernetes system namespace: serving it would let Traefik read`);
      }
      expect(ingress.servedNamespaces).toEqual([]);
    });

    it("with tenantNodePolicy, a namespace whose -db-grant namespace is no name, given as a prop or served later", () => {
      const tenant = { nodePool: "platform", tenantNodePolicy: true };
      const long = "a".repeat(55);
      const refusals = [
        validationError(() => ingressStack({ ...tenant, servedNamespaces: [long] }), "servedNamespaces"),
        validationError(() => ingressStack(tenant).ingress.serveNamespace(long), "servedNamespaces"),
      ];
      for (const error of refusals) {
        expect(error.constructPath).toBe("platform/Ingress");
        expect(error.message).toBe(
          `platform/Ingress: servedNamespaces "${long}" is longer than 54 characters: with tenantNodePolicy its ` +
            `"-db-grant" namespace is exempted too, and "${long}-db-grant" has 64, over Kubernetes' 63 (a Harbor ` +
            "namespace is at most 54); serve a shorter namespace",
        );
      }
      // The longest a Harbor namespace may be is taken both ways, and without the policy nothing derived is exempted.
      const longest = "a".repeat(54);
      const given = ingressStack({ ...tenant, servedNamespaces: [longest] });
      expect(exemptNamespaces(synth(given.stack))).toContain(`- ${longest}-db-grant\n`);
      expect(() => ingressStack(tenant).ingress.serveNamespace(longest)).not.toThrow();
      expect(ingressStack({ servedNamespaces: [long] }).ingress.servedNamespaces).toEqual([long]);
    });

    it("a Terraform reference for a namespace (its lookup is named after it)", () => {
      const { stack, ingress } = ingressStack();
      const reference = new TerraformVariable(stack, "namespace", { type: "string" }).stringValue;
      const error = validationError(() => ingress.serveNamespace(reference), "servedNamespaces");
      expect(error.message).toContain("not Terraform references");
      const other = new TerraformStack(Testing.app(), "s");
      const given = new TerraformVariable(other, "namespace", { type: "string" }).stringValue;
      validationError(
        () => new TraefikIngress(other, "Ingress", { ...PROPS, servedNamespaces: [given] }),
        "servedNamespaces",
      );
    });

    it("a namespace served once the stack has synthesized: it would be missing from the output written", () => {
      const { stack, ingress } = ingressStack({
        servedNamespaces: ["harbor"],
        nodePool: "platform",
        tenantNodePolicy: true,
      });
      synth(stack);
      const error = validationError(() => ingress.serveNamespace("harbor-dev"), "servedNamespaces");
      expect(error.message).toContain('"harbor-dev"');
      expect(error.message).toContain("before app.synth()");
      // One served already changes nothing, so it is still fine (a Harbor made after a test's synth of the platform).
      ingress.serveNamespace("harbor");
      expect(ingress.servedNamespaces).toEqual(["harbor"]);
      // The policies refuse the same for a namespace exempted directly, but take one exempt already.
      const policies = ingress.policies;
      validationError(() => policies.addExemptNamespaces("apps"), "platformNodes.exemptNamespaces");
      expect(() => policies.addExemptNamespaces("harbor-backup", "traefik")).not.toThrow();
    });
  });
});

describe("PlatformPolicies.addExemptNamespaces", () => {
  const LOAD_BALANCER = { namespace: "traefik", loadBalancerName: "lb" };

  it("exempts the namespaces in the values it renders at synth", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const policies = new PlatformPolicies(stack, "Policies", {
      releaseNamespace: "traefik",
      loadBalancer: LOAD_BALANCER,
      platformNodes: { poolName: "platform", taintKey: "harbor-doks.io/platform", exemptNamespaces: ["traefik"] },
    });
    policies.addExemptNamespaces("apps", "apps");
    expect(exemptNamespaces(synth(stack))).toBe("\n    - apps\n    - traefik\n");
  });

  it("refuses without platformNodes, and a hostile namespace", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const without = new PlatformPolicies(stack, "A", { releaseNamespace: "traefik", loadBalancer: LOAD_BALANCER });
    validationError(() => without.addExemptNamespaces("apps"), "platformNodes");
    const policies = new PlatformPolicies(stack, "B", {
      releaseNamespace: "traefik",
      loadBalancer: LOAD_BALANCER,
      platformNodes: { poolName: "platform", taintKey: "harbor-doks.io/platform", exemptNamespaces: [] },
    });
    validationError(() => policies.addExemptNamespaces("x\n    - kube-system"), "platformNodes.exemptNamespaces");
  });
});

describeWithTerraform("a namespace served later, as Terraform and helm see it", () => {
  describeWithHelm("its Role from traefik-access and its place in Traefik's watch list", () => {
    it("once the namespace exists", () => {
      const { stack, ingress } = ingressStack({ servedNamespaces: ["harbor"] });
      ingress.serveNamespace("harbor-dev");
      const json = synth(stack);
      const exists = (ns: string) => ["harbor", "harbor-dev"].includes(ns);
      const access = resolveNamespaceLookups(json, releaseNamed(json, "traefik-access")[1].values[0], exists);
      const roles = helmTemplate(localChartPath("traefik-access"), access, { namespace: "traefik" })
        .filter((o) => o.kind === "Role")
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
      expect(roles).toEqual(["harbor/traefik-platform-watch", "harbor-dev/traefik-platform-watch"]);
      const traefik = resolveNamespaceLookups(json, releaseNamed(json, "traefik")[1].values[0], exists);
      // Both providers (kubernetesIngress and kubernetesCRD) watch the list.
      expect(traefik.match(/- "traefik,harbor,harbor-dev"\n/g)).toHaveLength(2);
      // Before it exists (its Harbor not deployed yet): neither Role nor watch.
      const missing = (ns: string) => ns === "harbor";
      const earlyAccess = resolveNamespaceLookups(json, releaseNamed(json, "traefik-access")[1].values[0], missing);
      expect(
        helmTemplate(localChartPath("traefik-access"), earlyAccess, { namespace: "traefik" })
          .filter((o) => o.kind === "Role")
          .map((o) => o.metadata.namespace),
      ).toEqual(["harbor"]);
      const early = resolveNamespaceLookups(json, releaseNamed(json, "traefik")[1].values[0], missing);
      expect(early.match(/- "traefik,harbor"\n/g)).toHaveLength(2);
    });
  });
});
