// Shared by the security tests: two Harbor instances on one cluster and its platform, synthesized by the app and
// rendered with the real charts (Harbor, Traefik, cert-manager) and the local ones.
import { join } from "node:path";
import { parse } from "yaml";
import { CERT_MANAGER_CHART, TRAEFIK_CHART } from "../../constructs/ingress/platform-values";
import { DEFAULT_HARBOR_CHART_VERSION, HARBOR_CHART_REPOSITORY } from "../../constructs/harbor/chart";
import { Manifest, RemoteChart, chartFolder, helmTemplate } from "../support/charts";
import { resolveNamespaceLookups } from "../support/namespace-lookups";
import { synthConfigOutput } from "../stacks/synth";

export const HARBOR_CHART: RemoteChart = {
  repository: HARBOR_CHART_REPOSITORY,
  chart: "harbor",
  version: DEFAULT_HARBOR_CHART_VERSION,
};
export const REMOTE_CHARTS = [HARBOR_CHART, TRAEFIK_CHART, CERT_MANAGER_CHART];

/** Two instances sharing cluster "shared": alpha with DNS-01 on DigitalOcean, metrics and a backup; beta HTTP-01. */
export const TWO_INSTANCES = `
instances:
  - name: alpha
    region: fra1
    cluster: shared
    hostname: registry.example.com
    harbor: { namespace: harbor-alpha }
    ingress: { email: ops@example.com, challenge: dns01, dnsZone: example.com }
    monitoring: { metrics: true, namespace: observability }
    backup: { region: ams3 }
  - name: beta
    region: fra1
    cluster: shared
    profile: dev
    hostname: beta.example.org
    harbor: { namespace: harbor-beta }
    ingress: { email: other@example.org }
`;

export interface SynthesizedRelease {
  readonly stack: string;
  readonly name: string;
  readonly namespace: string;
  /** Chart folder: a local chart's synthesized asset, or the cached remote chart. */
  readonly folder: string;
  readonly values: string;
  readonly remote: boolean;
}

export interface Synthesized {
  readonly stacks: Record<string, Manifest>;
  readonly releases: SynthesizedRelease[];
}

/**
 * Synthesizes a config like `cdktf synth` (synthConfigOutput) and lists every helm_release with what `helm template`
 * needs.
 */
export function synthesize(config: string): Synthesized {
  const { outdir, texts } = synthConfigOutput(config);
  const stacks: Record<string, Manifest> = {};
  const releases: SynthesizedRelease[] = [];
  for (const [stack, text] of Object.entries(texts)) {
    const dir = join(outdir, "stacks", stack);
    const json = JSON.parse(text) as Manifest;
    stacks[stack] = json;
    for (const release of Object.values((json.resource?.helm_release ?? {}) as Record<string, Manifest>)) {
      const remote = release.repository !== undefined;
      releases.push({
        stack,
        name: release.name,
        namespace: namespaceOf(json, release.namespace),
        folder: remote
          ? chartFolder({ repository: release.repository, chart: release.chart, version: release.version })
          : join(dir, release.chart),
        // The cluster after every stack has applied: each served namespace exists.
        values: resolveNamespaceLookups(json, release.values[0], () => true),
        remote,
      });
    }
  }
  return { stacks, releases };
}

/** A release's namespace: a literal, or the name of the kubernetes_namespace_v1 (resource or lookup) it refers to. */
function namespaceOf(stack: Manifest, namespace: string): string {
  const ref = /^\$\{(data\.)?kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(namespace);
  if (ref === null) return namespace;
  // A namespace the stack creates, or an existing one it looks up (createNamespace: false).
  return (ref[1] ? stack.data : stack.resource).kubernetes_namespace_v1[ref[2]].metadata.name;
}

/** `helm template` of a synthesized release, in its namespace. */
export function renderRelease(release: SynthesizedRelease, apiVersions: string[] = []): Manifest[] {
  return helmTemplate(release.folder, release.values, {
    release: release.name,
    namespace: release.namespace,
    apiVersions,
  }).map((doc) => ({ ...doc, metadata: { ...doc.metadata, namespace: doc.metadata?.namespace ?? release.namespace } }));
}

/**
 * The namespaces a Traefik release's values list for a provider: the platform passes the whole list as one
 * comma-separated entry (a Terraform expression, see TraefikIngress), which the chart joins unchanged.
 */
export function providerNamespaces(values: string, provider: "kubernetesIngress" | "kubernetesCRD"): string[] {
  const listed = (parse(values) as Manifest).providers[provider].namespaces as string[];
  return listed.flatMap((entry) => entry.split(","));
}
