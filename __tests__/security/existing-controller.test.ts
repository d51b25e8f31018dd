// With ingress.controller: existing, Harbor's entry points (core, portal) and the ACME solver pods admit only the
// named controller namespace, so no other pod reaches core's unauthenticated /service/notifications directly.
import { parseConfig } from "../../config/load";
import { Manifest, describeWithCharts } from "../support/charts";
import { PodEndpoint, allowed, endpointsOf } from "../support/network-policy";
import { HARBOR_CHART, renderRelease, synthesize } from "./shared-cluster";

const config = (ingress: string) => `
instances:
  - name: alpha
    region: fra1
    cluster: shared
    hostname: registry.example.com
    harbor: { namespace: harbor-alpha }
    ingress: ${ingress}
`;
const EXISTING = "{ controller: existing, controllerNamespace: ingress-nginx, className: nginx, clusterIssuer: corp }";
const pod = (namespace: string): PodEndpoint => ({
  name: `${namespace}/p`,
  namespace,
  labels: { app: "p" },
  ports: [],
});

describeWithCharts([HARBOR_CHART], "an existing ingress controller", () => {
  let policies: Manifest[];
  let core: PodEndpoint;
  beforeAll(() => {
    const synthesized = synthesize(config(EXISTING));
    policies = renderRelease(synthesized.releases.find((r) => r.name === "harbor-namespace")!).filter(
      (d) => d.kind === "NetworkPolicy",
    );
    const harbor = renderRelease(synthesized.releases.find((r) => r.name === "harbor")!);
    core = endpointsOf(harbor, "harbor-alpha", (w) => w.metadata.name).find((p) => p.labels.component === "core")!;
  });

  it("core admits the controller's namespace only; a tenant's pod cannot call it", () => {
    const port = core.ports[0].port;
    expect(allowed(policies, pod("ingress-nginx"), core, port)).toBe(true);
    for (const namespace of ["team-a", "default", "traefik"])
      expect(allowed(policies, pod(namespace), core, port)).toBe(false);
    const toHarbor = policies.find((p) => p.metadata.name === "ingress-to-harbor")!;
    expect(toHarbor.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }] },
    ]);
    const solver = policies.find((p) => p.metadata.name === "ingress-to-acme-solver")!;
    expect(solver.spec.ingress[0].from).toEqual(toHarbor.spec.ingress[0].from);
  });

  it("a later change of controllerNamespace changes only the two policies' peer", () => {
    const moved = renderRelease(
      synthesize(config(EXISTING.replace("ingress-nginx", "edge"))).releases.find(
        (r) => r.name === "harbor-namespace",
      )!,
    ).filter((d) => d.kind === "NetworkPolicy");
    const text = (list: Manifest[]) => JSON.stringify(list).replace(/ingress-nginx|edge/g, "X");
    expect(text(moved)).toEqual(text(policies));
    expect(JSON.stringify(moved)).toContain('"edge"');
  });
});

describe("ingress.controllerNamespace", () => {
  it("is required with controller: existing, refused with install, and must be a namespace name", () => {
    expect(() => parseConfig(config("{ controller: existing, className: nginx, clusterIssuer: corp }"))).toThrow(
      /controllerNamespace: is required with controller: existing/,
    );
    expect(() => parseConfig(config("{ email: ops@example.com, controllerNamespace: ingress-nginx }"))).toThrow(
      /controllerNamespace.*only applies with controller: existing/s,
    );
    expect(() => parseConfig(config(EXISTING.replace("ingress-nginx", "Not_A_Namespace")))).toThrow(
      /controllerNamespace.*must be a namespace name/s,
    );
  });
});
