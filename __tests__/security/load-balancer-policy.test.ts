// The platform's load balancer belongs to the platform: DigitalOcean's cloud controller (v0.1.68
// cloud-controller-manager/do/loadbalancers.go, retrieveLoadBalancer and findLoadBalancerByName) hands the load
// balancer a Service names, by ID annotation or by name among all of the account's, to that Service. The
// platform-policies chart refuses any Service outside the platform's namespace that names it. Rendered with helm,
// its CEL evaluated against the platform's own Service (rendered from the pinned Traefik chart), Harbor's, and tenants'.
import { Manifest, describeWithCharts } from "../support/charts";
import { admit } from "../support/admission-policy";
import {
  LOAD_BALANCER_ID_ANNOTATION,
  LOAD_BALANCER_NAME_ANNOTATION,
  buildPlatformPoliciesValues,
  platformLoadBalancerName,
} from "../../constructs/ingress/policy-values";
import { helmTemplate } from "../support/charts";
import { localChartPath } from "../../constructs/core/local-chart";
import {
  REMOTE_CHARTS,
  Synthesized,
  SynthesizedRelease,
  TWO_INSTANCES,
  renderRelease,
  synthesize,
} from "./shared-cluster";

const CLUSTER_ID = "0b2e0c3e-6a1f-4d7c-9d4e-2f5c8b7a9e10";
const LB_ID = "4de7ac8b-495b-4884-9a69-1050c6793cd6";
const LB_NAME = `harbor-${CLUSTER_ID}`;

/** What Terraform would put in the values at apply: the cluster's and the load balancer's IDs. */
function applied(release: SynthesizedRelease): SynthesizedRelease {
  const values = release.values
    .replace(/\$\{data\.digitalocean_kubernetes_cluster\.[\w-]+\.id\}/g, CLUSTER_ID)
    .replace(/\$\{data\.digitalocean_loadbalancer\.[\w-]+\.id\}/g, LB_ID);
  return { ...release, values };
}

function service(namespace: string, annotations?: Record<string, string>, name = "web"): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, ...(annotations ? { annotations } : {}) },
    spec: { type: "LoadBalancer", ports: [{ port: 443, targetPort: 8443 }] },
  };
}

describeWithCharts(REMOTE_CHARTS, "the load-balancer policy", () => {
  let synthesized: Synthesized;
  let policy: Manifest;
  let binding: Manifest;
  let traefikService: Manifest;
  let harborServices: Manifest[];
  beforeAll(() => {
    synthesized = synthesize(TWO_INSTANCES);
    const release = synthesized.releases.find((r) => r.name === "platform-policies")!;
    const rendered = renderRelease(applied(release));
    policy = rendered.find((d) => d.kind === "ValidatingAdmissionPolicy")!;
    binding = rendered.find((d) => d.kind === "ValidatingAdmissionPolicyBinding")!;
    const traefik = renderRelease(applied(synthesized.releases.find((r) => r.name === "traefik")!));
    traefikService = traefik.find((d) => d.kind === "Service" && d.spec.type === "LoadBalancer")!;
    harborServices = synthesized.releases
      .filter((r) => r.name === "harbor")
      .flatMap((r) => renderRelease(r))
      .filter((d) => d.kind === "Service");
  });
  const create = (object: Manifest) =>
    admit(policy, { operation: "CREATE", namespace: object.metadata.namespace, resource: "services", object });

  it("ships as a built-in admissionregistration.k8s.io/v1 policy, bound to deny, failing closed", () => {
    expect(policy.apiVersion).toBe("admissionregistration.k8s.io/v1");
    expect(policy.spec.failurePolicy).toBe("Fail");
    expect(binding.apiVersion).toBe("admissionregistration.k8s.io/v1");
    expect(binding.spec).toEqual({ policyName: policy.metadata.name, validationActions: ["Deny"] });
    expect(synthesized.releases.find((r) => r.name === "platform-policies")!.stack).toBe("harbor-platform-shared");
  });

  it("protects the name the platform's Service actually carries", () => {
    expect(traefikService.metadata.annotations[LOAD_BALANCER_NAME_ANNOTATION]).toBe(LB_NAME);
    expect(policy.spec.variables[1].expression).toContain(JSON.stringify(LB_NAME));
    expect(policy.spec.variables[1].expression).toContain(JSON.stringify(LB_ID));
  });

  it("allows the platform's own Service, as Helm creates it and as the cloud controller annotates it", () => {
    expect(create(traefikService)).toEqual({ allowed: true });
    const annotated = {
      ...traefikService,
      metadata: {
        ...traefikService.metadata,
        annotations: { ...traefikService.metadata.annotations, [LOAD_BALANCER_ID_ANNOTATION]: LB_ID },
      },
    };
    expect(
      admit(policy, {
        operation: "UPDATE",
        namespace: "traefik",
        resource: "services",
        object: annotated,
        oldObject: traefikService,
        username: "system:serviceaccount:kube-system:cloud-controller-manager",
      }),
    ).toEqual({ allowed: true });
  });

  it("refuses a tenant's Service that names the platform's load balancer, by name or by ID, on create or update", () => {
    for (const namespace of ["team-a", "default", "harbor-alpha", "harbor-beta", "cert-manager"]) {
      const byName = create(service(namespace, { [LOAD_BALANCER_NAME_ANNOTATION]: LB_NAME }));
      expect(byName).toEqual({
        allowed: false,
        message: expect.stringContaining(`only Services in namespace traefik`),
      });
      expect(create(service(namespace, { [LOAD_BALANCER_ID_ANNOTATION]: LB_ID }))).toMatchObject({ allowed: false });
      expect(
        admit(policy, {
          operation: "UPDATE",
          namespace,
          resource: "services",
          object: service(namespace, { owner: "me", [LOAD_BALANCER_NAME_ANNOTATION]: LB_NAME }),
          oldObject: service(namespace, { owner: "me" }),
        }),
      ).toMatchObject({ allowed: false });
    }
  });

  it("allows unrelated Services: no annotations, their own load balancer, near-misses of the name", () => {
    const allowed = [
      service("team-a"),
      service("team-a", {}),
      service("team-a", { [LOAD_BALANCER_NAME_ANNOTATION]: "team-a-lb" }),
      service("team-a", { [LOAD_BALANCER_NAME_ANNOTATION]: `${LB_NAME}-2` }),
      service("team-a", { [LOAD_BALANCER_NAME_ANNOTATION]: LB_NAME.toUpperCase() }),
      service("team-a", { [LOAD_BALANCER_ID_ANNOTATION]: "11111111-2222-3333-4444-555555555555" }),
      { apiVersion: "v1", kind: "Service", metadata: { name: "bare", namespace: "team-a" }, spec: {} },
      ...harborServices,
    ];
    for (const object of allowed) expect(create(object)).toEqual({ allowed: true });
    expect(harborServices.length).toBeGreaterThan(4);
  });

  it("lets a tenant remove the annotation again, and never blocks deleting a Service", () => {
    const named = service("team-a", { [LOAD_BALANCER_NAME_ANNOTATION]: LB_NAME });
    expect(
      admit(policy, {
        operation: "UPDATE",
        namespace: "team-a",
        resource: "services",
        object: service("team-a", {}),
        oldObject: named,
      }),
    ).toEqual({ allowed: true });
    expect(
      admit(policy, { operation: "DELETE", namespace: "team-a", resource: "services", object: null, oldObject: named }),
    ).toEqual({ allowed: true });
  });

  it("a policy without the ID (a library user's own values) still refuses by name", () => {
    const values = buildPlatformPoliciesValues({ loadBalancer: { namespace: "edge", loadBalancerName: "lb-x" } });
    const [noId] = helmTemplate(localChartPath("platform-policies"), JSON.stringify(values), {
      release: "platform-policies",
      namespace: "edge",
    }).filter((d) => d.kind === "ValidatingAdmissionPolicy");
    expect(noId.spec.variables[1].expression).not.toContain(LOAD_BALANCER_ID_ANNOTATION);
    const tenant = (annotations: Record<string, string>) =>
      admit(noId, { operation: "CREATE", namespace: "t", resource: "services", object: service("t", annotations) });
    expect(tenant({ [LOAD_BALANCER_NAME_ANNOTATION]: "lb-x" })).toMatchObject({ allowed: false });
    expect(tenant({ [LOAD_BALANCER_ID_ANNOTATION]: LB_ID })).toEqual({ allowed: true });
    expect(
      admit(noId, {
        operation: "CREATE",
        namespace: "edge",
        resource: "services",
        object: service("edge", { [LOAD_BALANCER_NAME_ANNOTATION]: "lb-x" }),
      }),
    ).toEqual({ allowed: true });
  });
});

describe("the load balancer's name", () => {
  it("is harbor-<cluster UUID>: unique across the account, and another cluster's (even of the same name) differs", () => {
    expect(platformLoadBalancerName(CLUSTER_ID)).toBe(LB_NAME);
    expect(platformLoadBalancerName("5e1f7c1d-0000-4000-8000-000000000001")).not.toBe(LB_NAME);
  });

  it("platform and instance stacks both derive it from the cluster's ID, read at plan time", () => {
    const { stacks } = synthesize(TWO_INSTANCES);
    const platform = stacks["harbor-platform-shared"];
    const instance = stacks["harbor-alpha"];
    const clusterRef = (stack: Manifest) =>
      `\${data.digitalocean_kubernetes_cluster.${Object.keys(stack.data.digitalocean_kubernetes_cluster)[0]}.id}`;
    const traefik = Object.values(platform.resource.helm_release as Record<string, Manifest>).find(
      (r) => r.name === "traefik",
    )!;
    expect(traefik.values[0]).toContain(`${LOAD_BALANCER_NAME_ANNOTATION}: "harbor-${clusterRef(platform)}"`);
    expect(Object.values(instance.data.digitalocean_loadbalancer as Record<string, Manifest>)[0].name).toBe(
      `harbor-${clusterRef(instance)}`,
    );
    // Both look the same cluster up by name.
    expect(Object.values(platform.data.digitalocean_kubernetes_cluster as Record<string, Manifest>)[0].name).toBe(
      "shared",
    );
    expect(Object.values(instance.data.digitalocean_kubernetes_cluster as Record<string, Manifest>)[0].name).toBe(
      "shared",
    );
  });

  it("the policy release reads the load balancer after Traefik, and is upgraded in place when the ID changes", () => {
    const { stacks } = synthesize(TWO_INSTANCES);
    const platform = stacks["harbor-platform-shared"];
    const [lbId, lb] = Object.entries(platform.data.digitalocean_loadbalancer as Record<string, Manifest>)[0];
    const releases = platform.resource.helm_release as Record<string, Manifest>;
    const [traefikId] = Object.entries(releases).find(([, r]) => r.name === "traefik")!;
    const policies = Object.values(releases).find((r) => r.name === "platform-policies")!;
    expect(lb.depends_on).toEqual([`helm_release.${traefikId}`]);
    expect(policies.values[0]).toContain(`\${data.digitalocean_loadbalancer.${lbId}.id}`);
    // name and namespace fixed: the helm provider replaces a release only when one of them changes.
    expect(policies).toMatchObject({
      name: "platform-policies",
      namespace: expect.stringContaining("kubernetes_namespace_v1.Ingress_TraefikNamespace"),
    });
  });

  it("destroy: nothing is protected, and Terraform removes the policies before Traefik and its Roles after it", () => {
    // Destroy runs in reverse dependency order: the policies (which read the load balancer's ID, itself read after
    // Traefik) go first, so no Service is ever left guarded by a policy naming a deleted load balancer; traefik-access
    // (Traefik depends on it) goes last, so Traefik never runs without the Roles it watches with.
    const platform = synthesize(TWO_INSTANCES).stacks["harbor-platform-shared"];
    const byName = new Map(
      Object.entries(platform.resource.helm_release as Record<string, Manifest>).map(([id, r]) => [
        r.name as string,
        { address: `helm_release.${id}`, release: r },
      ]),
    );
    const release = (name: string) => byName.get(name)!;
    for (const name of ["traefik", "traefik-access", "platform-policies"]) {
      expect(release(name).release.lifecycle?.prevent_destroy).toBeUndefined();
    }
    expect(release("traefik").release.depends_on).toContain(release("traefik-access").address);
    const [lbId, lb] = Object.entries(platform.data.digitalocean_loadbalancer as Record<string, Manifest>)[0];
    expect(lb.depends_on).toEqual([release("traefik").address]);
    expect(release("platform-policies").release.values[0]).toContain(`data.digitalocean_loadbalancer.${lbId}.id`);
  });
});
