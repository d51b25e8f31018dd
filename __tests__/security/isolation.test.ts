// Network isolation and Pod Security on a cluster shared by two instances: every namespace the project creates
// enforces "restricted" and denies ingress by default; the allowed connections between every pair of rendered pods
// (real Harbor, Traefik and cert-manager charts, and the local charts) match the table below.
import { RESTRICTED_POD_SECURITY_LABELS } from "../../constructs/core/pod-security";
import { Manifest, describeWithCharts } from "../support/charts";
import { PodEndpoint, Source, allowed, endpointsOf } from "../support/network-policy";
import { podSpecOf, restrictedViolations } from "../support/pod-security";
import { REMOTE_CHARTS, Synthesized, TWO_INSTANCES, renderRelease, synthesize } from "./shared-cluster";

/**
 * The HTTP-01 solver pod cert-manager v1.21.1 creates in the Certificate's namespace (pkg/issuer/acme/http/pod.go:
 * label `acme.cert-manager.io/http01-solver: "true"`, port 8089, non-root, RuntimeDefault seccomp, no privilege
 * escalation, all capabilities dropped). It exists only while a challenge runs, so no chart renders it.
 */
const solverPod = (namespace: string): PodEndpoint => ({
  name: `${namespace}/acme-solver`,
  namespace,
  labels: { "acme.cert-manager.io/http01-solver": "true" },
  ports: [{ port: 8089, name: "http" }],
});
const SOLVER_POD_SPEC: Manifest = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "acmesolver",
      ports: [{ name: "http", containerPort: 8089 }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  ],
};

/** Sources outside the project's namespaces. */
const PROMETHEUS: PodEndpoint = {
  name: "observability/prometheus",
  namespace: "observability",
  labels: { "app.kubernetes.io/name": "prometheus" },
  ports: [],
};
const TENANT: PodEndpoint = { name: "tenant/app", namespace: "tenant", labels: { app: "anything" }, ports: [] };
const OUTSIDE: Source = { name: "outside (load balancer via a node, API server)", external: true };

const harbor = (namespace: string, components: string[]) => components.map((c) => `${namespace}/${c}`);
const ALPHA = harbor("harbor-alpha", ["core", "exporter", "jobservice", "portal", "registry", "trivy"]);
const BETA = harbor("harbor-beta", ["core", "jobservice", "portal", "registry", "trivy"]);

/**
 * Every connection the policies must allow (`ports: "all"`: every port the destination listens on); everything else
 * must be refused. `from: "anyone"`: every source, outside the pod network included.
 */
const TABLE: { from: readonly string[] | "anyone"; to: readonly string[]; ports: "all" | readonly number[] }[] = [
  // Harbor's components reach each other, within one instance only.
  { from: ALPHA, to: ALPHA, ports: "all" },
  { from: BETA, to: BETA, ports: "all" },
  // Traefik reaches the Ingress's backends and the HTTP-01 solver.
  {
    from: ["traefik/traefik"],
    to: ["harbor-alpha/core", "harbor-alpha/portal", "harbor-beta/core", "harbor-beta/portal"],
    ports: "all",
  },
  { from: ["traefik/traefik"], to: ["harbor-beta/acme-solver"], ports: [8089] },
  // The monitoring namespace scrapes alpha's metrics (beta has none) and Traefik's.
  {
    from: ["observability/prometheus"],
    to: ["harbor-alpha/core", "harbor-alpha/exporter", "harbor-alpha/jobservice", "harbor-alpha/registry"],
    ports: [8001],
  },
  { from: ["observability/prometheus"], to: ["traefik/traefik"], ports: [9100] },
  // The internet, through the load balancer and the nodes, reaches the entry points.
  { from: "anyone", to: ["traefik/traefik"], ports: [8000, 8443] },
  // The API server calls cert-manager's webhook.
  { from: "anyone", to: ["cert-manager/webhook"], ports: [10250] },
];

function expectedAllowed(source: Source, destination: PodEndpoint, port: number): boolean {
  return TABLE.some(
    (row) =>
      (row.from === "anyone" || row.from.includes(source.name)) &&
      row.to.includes(destination.name) &&
      (row.ports === "all" || row.ports.includes(port)),
  );
}

describeWithCharts(REMOTE_CHARTS, "isolation of a cluster shared by two instances", () => {
  let synthesized: Synthesized;
  let docs: Manifest[];
  let pods: PodEndpoint[];
  let policies: Manifest[];
  beforeAll(() => {
    synthesized = synthesize(TWO_INSTANCES);
    docs = [];
    pods = [];
    for (const release of synthesized.releases) {
      const rendered = renderRelease(release);
      docs.push(...rendered);
      pods.push(...endpointsOf(rendered, release.namespace, (w) => `${release.namespace}/${podName(release.name, w)}`));
    }
    pods.push(solverPod("harbor-beta"));
    policies = docs.filter((d) => d.kind === "NetworkPolicy");
  });

  /** Short names: Harbor's component, cert-manager's component, the grant and backup jobs. */
  function podName(release: string, workload: Manifest): string {
    const labels =
      workload.spec.template?.metadata?.labels ?? workload.spec.jobTemplate?.spec.template.metadata?.labels;
    if (release === "harbor") return labels.component;
    if (release === "cert-manager") return labels["app.kubernetes.io/component"];
    if (release === "harbor-doks-db-grant") return "grant";
    return workload.metadata.name.replace(/^harbor-doks-/, "");
  }

  const projectNamespaces = () =>
    Object.values(synthesized.stacks).flatMap((stack) =>
      Object.values((stack.resource?.kubernetes_namespace_v1 ?? {}) as Record<string, Manifest>).map(
        (ns) => ns.metadata,
      ),
    );

  it("every namespace the project creates enforces, audits and warns on Pod Security restricted", () => {
    const namespaces = projectNamespaces();
    expect(namespaces.map((m) => m.name).sort()).toEqual([
      "cert-manager",
      "harbor-alpha",
      "harbor-alpha-backup",
      "harbor-alpha-db-grant",
      "harbor-beta",
      "harbor-beta-db-grant",
      "traefik",
    ]);
    for (const metadata of namespaces) {
      expect(metadata.labels).toMatchObject({
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      });
      expect(metadata.labels).toMatchObject(RESTRICTED_POD_SECURITY_LABELS);
    }
  });

  it("every rendered pod meets restricted (Harbor, Traefik, cert-manager with its hook Job, local charts, the solver)", () => {
    const specs = docs
      .map((doc) => ({ name: `${doc.kind}/${doc.metadata.namespace}/${doc.metadata.name}`, spec: podSpecOf(doc) }))
      .filter((p): p is { name: string; spec: Manifest } => p.spec !== undefined);
    specs.push({ name: "acme solver (cert-manager v1.21.1)", spec: SOLVER_POD_SPEC });
    expect(specs.length).toBeGreaterThanOrEqual(20);
    const problems = specs.flatMap(({ name, spec }) => restrictedViolations(spec).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("the restricted check fails a pod that breaks the profile", () => {
    const traefik = podSpecOf(docs.find((d) => d.kind === "Deployment" && d.metadata.namespace === "traefik")!)!;
    const broken = structuredClone(traefik);
    broken.containers[0].securityContext.allowPrivilegeEscalation = true;
    broken.securityContext.seccompProfile = undefined;
    broken.containers[0].securityContext.seccompProfile = undefined;
    expect(restrictedViolations(broken)).toEqual([
      "container traefik: allowPrivilegeEscalation not false",
      "container traefik: no seccomp profile",
    ]);
  });

  it("every project namespace denies ingress by default", () => {
    for (const { name } of projectNamespaces()) {
      const deny = policies.find((p) => p.metadata.namespace === name && p.metadata.name === "default-deny-ingress");
      expect({ name, spec: deny?.spec }).toEqual({ name, spec: { podSelector: {}, policyTypes: ["Ingress"] } });
    }
  });

  it("allows exactly the connections of the table between every pair of pods, on every port", () => {
    const names = pods.map((p) => p.name).sort();
    expect(names).toEqual(
      [
        ...ALPHA,
        ...BETA,
        "harbor-beta/acme-solver",
        "traefik/traefik",
        "cert-manager/cainjector",
        "cert-manager/controller",
        "cert-manager/webhook",
        "cert-manager/startupapicheck",
        "harbor-alpha-db-grant/grant",
        "harbor-beta-db-grant/grant",
        "harbor-alpha-backup/backup-blobs",
        "harbor-alpha-backup/backup-database",
      ].sort(),
    );
    const sources: Source[] = [...pods, PROMETHEUS, TENANT, OUTSIDE];
    const mismatches: string[] = [];
    let allowedCount = 0;
    for (const source of sources) {
      for (const destination of pods) {
        for (const { port } of destination.ports) {
          const actual = allowed(policies, source, destination, port);
          if (actual) allowedCount++;
          if (actual !== expectedAllowed(source, destination, port)) {
            mismatches.push(`${source.name} -> ${destination.name}:${port} ${actual ? "allowed" : "refused"}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(allowedCount).toBeGreaterThan(50);
  });

  it("the evaluation can fail: without the policies every connection is open", () => {
    const trivy = pods.find((p) => p.name === "harbor-alpha/trivy")!;
    expect(allowed(policies, TENANT, trivy, 8080)).toBe(false);
    expect(allowed([], TENANT, trivy, 8080)).toBe(true);
    expect(expectedAllowed(TENANT, trivy, 8080)).toBe(false);
  });
});
