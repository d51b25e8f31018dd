// IngressPlatform: the cluster lookup, Traefik and cert-manager, the load balancer's address; what later changes of its
// inputs do, what destroy does, and the values it refuses.
import { App, TerraformStack, Testing } from "cdktf";
import { ExistingDoksCluster } from "../../../constructs/digitalocean/existing-doks-cluster";
import { IngressPlatform, IngressPlatformProps } from "../../../constructs/compose/ingress-platform";
import { validationError } from "../../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const PROPS: IngressPlatformProps = {
  clusterName: "prod-doks",
  servedNamespaces: ["harbor"],
  hairpinHostname: "registry.example.com",
};

function synth(props: Partial<IngressPlatformProps> = {}, app: App = Testing.app()) {
  const stack = new TerraformStack(app, "platform");
  const platform = new IngressPlatform(stack, "Platform", { ...PROPS, ...props });
  return { stack, platform, json: JSON.parse(Testing.synth(stack)) as Json };
}

const releases = (json: Json) => Object.values(json.resource.helm_release as Record<string, Json>);
const release = (json: Json, name: string) => releases(json).find((r) => r.name === name) as Json;

describe("IngressPlatform", () => {
  it("looks the cluster up, installs Traefik and cert-manager, and reads the load balancer after Traefik", () => {
    const { json, platform } = synth();
    const clusters = Object.values(json.data.digitalocean_kubernetes_cluster as Record<string, Json>);
    expect(clusters.map((c) => c.name)).toEqual(["prod-doks"]);
    expect(
      releases(json)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["cert-manager", "platform-policies", "traefik", "traefik-access"]);
    const [lbId, lb] = Object.entries(json.data.digitalocean_loadbalancer as Record<string, Json>)[0];
    // Unique in the account: named after the cluster's id (platformLoadBalancerName).
    expect(lb.name).toMatch(/^harbor-\$\{data\.digitalocean_kubernetes_cluster\..*\.id\}$/);
    expect(lb.depends_on).toEqual([expect.stringMatching(/^helm_release\..*Traefik/)]);
    expect(platform.loadBalancerIp).toContain("TfToken");
    expect(lbId).toContain("LoadBalancer");
    // The kubernetes and helm providers come from the lookup.
    expect(Object.keys(json.provider).sort()).toEqual(["helm", "kubernetes"]);
  });

  it("uses a lookup the stack already has instead of a second one", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "prod-doks" });
    const platform = new IngressPlatform(stack, "Platform", { ...PROPS, clusterName: undefined, cluster });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(Object.keys(json.data.digitalocean_kubernetes_cluster)).toHaveLength(1);
    expect(platform.cluster).toBe(cluster);
    expect(platform.clusterName).toBe("prod-doks");
  });

  it("serves no namespace unless given or added; serveNamespace adds one to its TraefikIngress, once", () => {
    const stack = new TerraformStack(Testing.app(), "platform");
    const platform = new IngressPlatform(stack, "Platform", { ...PROPS, servedNamespaces: undefined });
    expect(platform.servedNamespaces).toEqual([]);
    platform.serveNamespace("harbor");
    platform.serveNamespace("harbor");
    expect(platform.servedNamespaces).toEqual(["harbor"]);
    expect(platform.ingress.servedNamespaces).toEqual(["harbor"]);
    // The same stack as the list given as a prop.
    expect(JSON.parse(Testing.synth(stack))).toEqual(synth().json);
  });

  describe("later changes", () => {
    it("a new served namespace upgrades the releases in place (values only; name and namespace, which replace, stay)", () => {
      const beforeJson = synth().json;
      const afterJson = synth({ servedNamespaces: ["harbor", "harbor-dev"] }).json;
      // name and namespace are RequiresReplace in hashicorp/terraform-provider-helm v3.1.1
      // (helm/resource_helm_release.go); values are updated in place (helm upgrade). Traefik's Roles come first
      // (traefik-access); Traefik's watch list is read at plan time from the namespaces that exist.
      for (const name of ["traefik", "traefik-access"]) {
        const [before, after] = [release(beforeJson, name), release(afterJson, name)];
        expect([after.name, after.namespace]).toEqual([before.name, before.namespace]);
      }
      // The namespaces reach both releases through locals (those of them that exist, read at plan time).
      expect(JSON.stringify(afterJson.locals)).toContain("harbor-dev");
      expect(JSON.stringify(beforeJson.locals)).not.toContain("harbor-dev");
    });

    it("dns01 changes only cert-manager's values", () => {
      const before = synth().json;
      const after = synth({ dns01: true }).json;
      expect(release(after, "traefik")).toEqual(release(before, "traefik"));
      expect(release(after, "cert-manager").values).not.toEqual(release(before, "cert-manager").values);
    });

    it("a new load balancer name renames it through Traefik's values and the lookup follows", () => {
      const { json } = synth({ loadBalancerName: "edge" });
      expect(release(json, "traefik").values[0]).toContain("edge");
      expect(Object.values(json.data.digitalocean_loadbalancer as Record<string, Json>)[0].name).toBe("edge");
    });
  });

  it("destroy: nothing is protected (no data lives here); deleting the releases removes Traefik and the load balancer", () => {
    const { json } = synth();
    for (const r of releases(json)) expect(r.lifecycle?.prevent_destroy).toBeUndefined();
    for (const ns of Object.values(json.resource.kubernetes_namespace_v1 as Record<string, Json>)) {
      expect(ns.lifecycle?.prevent_destroy).toBeUndefined();
    }
  });

  describe("refuses", () => {
    it("neither cluster nor clusterName", () => {
      const error = validationError(() => synth({ clusterName: undefined }), "cluster");
      expect(error.message).toContain("set cluster (an ExistingDoksCluster of this stack) or clusterName");
    });

    it("both cluster and clusterName", () => {
      const stack = new TerraformStack(Testing.app(), "s");
      const cluster = new ExistingDoksCluster(stack, "Cluster", { clusterName: "prod-doks" });
      validationError(() => new IngressPlatform(stack, "P", { ...PROPS, cluster }), "cluster");
    });

    it("a second platform for the same cluster in one app, even in another stack", () => {
      const app = Testing.app();
      synth({}, app);
      const other = new TerraformStack(app, "other");
      const error = validationError(() => new IngressPlatform(other, "Platform", PROPS), "clusterName");
      expect(error.message).toContain("platform/Platform");
      expect(error.message).toContain("cluster-wide");
    });

    it("a hostile namespace, cluster name or size, through the parts it is made of", () => {
      validationError(() => synth({ servedNamespaces: ["kube-system; rm"] }), "servedNamespaces");
      const platform = new IngressPlatform(new TerraformStack(Testing.app(), "platform"), "Platform", PROPS);
      const error = validationError(() => platform.serveNamespace("kube-system; rm"), "servedNamespaces");
      expect(error.constructPath).toBe("platform/Platform/Ingress");
      expect(error.message).toContain("must be a Kubernetes namespace name");
      validationError(() => synth({ clusterName: "Prod_DOKS" }), "clusterName");
      validationError(() => synth({ loadBalancerSizeUnits: 0 }), "loadBalancerSizeUnits");
      validationError(() => synth({ serviceMonitor: true }), "serviceMonitor");
    });
  });
});
