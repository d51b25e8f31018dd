// A failing instance never blocks the others. Traefik publishes no route at all until it has read every namespace it
// watches (traefik v3.7.9 pkg/provider/kubernetes/ingress/client.go and crd/client.go: WaitForCacheSync for each
// namespace, "timed out waiting for controller caches to sync"). The platform stack therefore grants Traefik's Role
// in each served namespace itself (local chart traefik-access) and lists a namespace only once it exists, read at
// plan time. This models the cluster: which namespaces exist, which objects the applied releases put there, which
// namespaces Traefik is told to watch, and what Traefik then serves.
import { TRAEFIK_WATCH_RULES, watchedNamespaces } from "../../constructs/ingress/platform-values";
import { Manifest, describeWithCharts } from "../support/charts";
import { resolveNamespaceLookups } from "../support/namespace-lookups";
import { REMOTE_CHARTS, TWO_INSTANCES, renderRelease, synthesize } from "./shared-cluster";

const THREE_INSTANCES = `${TWO_INSTANCES}
  - name: gamma
    region: fra1
    cluster: shared
    profile: dev
    hostname: gamma.example.net
    harbor: { namespace: harbor-gamma }
    ingress: { email: ops@example.com }
`;
const PLATFORM = "harbor-platform-shared";

/** What one apply of the platform stack leaves in the cluster, given which namespaces exist at its plan. */
interface PlatformApply {
  /** Traefik's watched namespaces (its provider flags). */
  readonly watched: string[];
  /** Objects of the platform's releases (Traefik's own Role, the served namespaces' Roles...). */
  readonly objects: Manifest[];
}

function applyPlatform(config: string, exists: (ns: string) => boolean): PlatformApply {
  const synthesized = synthesize(config);
  const stack = synthesized.stacks[PLATFORM];
  const objects = synthesized.releases
    .filter((r) => r.stack === PLATFORM)
    .flatMap((r) =>
      renderRelease({ ...r, values: resolveNamespaceLookups(stack, stackValues(stack, r.name), exists) }),
    );
  const args = objects.find((d) => d.kind === "Deployment" && d.metadata.name === "traefik")!.spec.template.spec
    .containers[0].args as string[];
  const flag = (name: string) => args.find((a) => a.startsWith(`--providers.${name}.namespaces=`))!.split("=")[1];
  expect(flag("kubernetescrd")).toBe(flag("kubernetesingress"));
  return { watched: flag("kubernetesingress").split(","), objects };
}

/** A release's values as synthesized, before any lookup is resolved. */
function stackValues(stack: Manifest, name: string): string {
  return Object.values(stack.resource.helm_release as Record<string, Manifest>).find((r) => r.name === name)!.values[0];
}

/** The objects an instance stack's releases put into the cluster once it has applied. */
function applyInstance(config: string, instance: string): Manifest[] {
  return synthesize(config)
    .releases.filter((r) => r.stack === `harbor-${instance}`)
    .flatMap((r) => renderRelease(r));
}

/**
 * Hosts Traefik serves: none unless it can read every watched namespace (the namespace exists and a RoleBinding
 * there binds Traefik's ServiceAccount to a Role with the watch rules); then the Ingress hosts of those namespaces.
 */
function servedHosts(namespaces: ReadonlySet<string>, watched: string[], objects: Manifest[]): string[] {
  const readable = (ns: string) =>
    namespaces.has(ns) &&
    objects.some(
      (binding) =>
        binding.kind === "RoleBinding" &&
        binding.metadata.namespace === ns &&
        binding.subjects.some((s: Manifest) => s.name === "traefik" && s.namespace === "traefik") &&
        objects.some(
          (role) =>
            role.kind === "Role" &&
            role.metadata.namespace === ns &&
            role.metadata.name === binding.roleRef.name &&
            JSON.stringify(role.rules) === JSON.stringify(TRAEFIK_WATCH_RULES),
        ),
    );
  if (!watched.every(readable)) return [];
  return objects
    .filter(
      (d) => d.kind === "Ingress" && watched.includes(d.metadata.namespace) && namespaces.has(d.metadata.namespace),
    )
    .flatMap((d) => d.spec.rules.map((r: Manifest) => r.host))
    .sort();
}

describeWithCharts(REMOTE_CHARTS, "a failing instance never blocks the others", () => {
  const EXISTING = ["traefik", "cert-manager", "harbor-alpha", "harbor-beta"];
  const ALL_HOSTS = ["beta.example.org", "registry.example.com"];
  let instances: Manifest[];
  beforeAll(() => {
    instances = [...applyInstance(TWO_INSTANCES, "alpha"), ...applyInstance(TWO_INSTANCES, "beta")];
  });

  it("before: two instances applied, both served, a Role for Traefik in every watched namespace from the platform", () => {
    const platform = applyPlatform(TWO_INSTANCES, (ns) => EXISTING.includes(ns));
    expect(platform.watched).toEqual(["traefik", "harbor-alpha", "harbor-beta"]);
    const roles = platform.objects
      .filter((d) => d.kind === "Role" && d.metadata.name.includes("traefik"))
      .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
    expect(roles.sort()).toEqual([
      "harbor-alpha/traefik-platform-watch",
      "harbor-beta/traefik-platform-watch",
      "traefik/traefik-watch",
    ]);
    // The instance stacks bring no Role for Traefik: nothing Traefik needs comes only with them.
    expect(instances.filter((d) => d.kind === "Role")).toEqual([]);
    expect(servedHosts(new Set(EXISTING), platform.watched, [...platform.objects, ...instances])).toEqual(ALL_HOSTS);
  });

  it("the platform applied with a new namespace whose instance stack never applies: every existing route is served", () => {
    // harbor-gamma is listed, but its stack failed before creating the namespace (a missing TF_VAR_, a quota...).
    const platform = applyPlatform(THREE_INSTANCES, (ns) => EXISTING.includes(ns));
    expect(platform.watched).toEqual(["traefik", "harbor-alpha", "harbor-beta"]);
    expect(servedHosts(new Set(EXISTING), platform.watched, [...platform.objects, ...instances])).toEqual(ALL_HOSTS);
    // What the model says of the former design, Traefik told about every listed namespace: nothing served at all.
    const former = watchedNamespaces("traefik", ["harbor-alpha", "harbor-beta", "harbor-gamma"]);
    expect(servedHosts(new Set(EXISTING), former, [...platform.objects, ...instances])).toEqual([]);
  });

  it("the same when the failed stack created the namespace but not its releases", () => {
    const existing = [...EXISTING, "harbor-gamma"];
    const platform = applyPlatform(THREE_INSTANCES, (ns) => existing.includes(ns));
    expect(platform.watched).toEqual(["traefik", "harbor-alpha", "harbor-beta", "harbor-gamma"]);
    // The Role there came with the platform, before Traefik was told (the Traefik release depends on it).
    expect(servedHosts(new Set(existing), platform.watched, [...platform.objects, ...instances])).toEqual(ALL_HOSTS);
    const platformStack = synthesize(THREE_INSTANCES).stacks[PLATFORM];
    const releases = platformStack.resource.helm_release as Record<string, Manifest>;
    const [accessId] = Object.entries(releases).find(([, r]) => r.name === "traefik-access")!;
    expect(Object.values(releases).find((r) => r.name === "traefik")!.depends_on).toContain(`helm_release.${accessId}`);
  });

  it("recovery: once the instance stack applies, the next platform deploy serves the new instance too", () => {
    const existing = [...EXISTING, "harbor-gamma"];
    const all = [...instances, ...applyInstance(THREE_INSTANCES, "gamma")];
    // Before that deploy, Traefik still watches the two: their routes stay, gamma's is not served yet.
    const before = applyPlatform(THREE_INSTANCES, (ns) => EXISTING.includes(ns));
    expect(servedHosts(new Set(existing), before.watched, [...before.objects, ...all])).toEqual(ALL_HOSTS);
    const after = applyPlatform(THREE_INSTANCES, (ns) => existing.includes(ns));
    expect(servedHosts(new Set(existing), after.watched, [...after.objects, ...all])).toEqual(
      [...ALL_HOSTS, "gamma.example.net"].sort(),
    );
  });

  it("removing an instance: its stack destroyed, the next platform deploy stops watching it; the others stay served", () => {
    const remaining = EXISTING.filter((ns) => ns !== "harbor-beta");
    const alphaOnly = applyInstance(TWO_INSTANCES, "alpha");
    // Destroyed but still in the config: the plan finds the namespace gone and drops it.
    const platform = applyPlatform(TWO_INSTANCES, (ns) => remaining.includes(ns));
    expect(platform.watched).toEqual(["traefik", "harbor-alpha"]);
    expect(servedHosts(new Set(remaining), platform.watched, [...platform.objects, ...alphaOnly])).toEqual([
      "registry.example.com",
    ]);
    // Until that deploy, a Traefik restart would wait for the deleted namespace (README: deploy the platform next).
    const stale = applyPlatform(TWO_INSTANCES, (ns) => EXISTING.includes(ns));
    const left = stale.objects.filter((d) => d.metadata.namespace !== "harbor-beta");
    expect(servedHosts(new Set(remaining), stale.watched, [...left, ...alphaOnly])).toEqual([]);
  });
});
