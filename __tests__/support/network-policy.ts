// Kubernetes NetworkPolicy semantics (networking.k8s.io/v1, ingress only) evaluated over rendered objects, so a test
// can state, for each pair of pods, which connections the policies allow. Peers with `ipBlock` never match a pod
// here (the project uses none); a source outside the pod network (load balancer via a node, the API server) is
// matched only by a rule without `from`.
import type { Manifest } from "./charts";

/** A pod as the policies see it. */
export interface PodEndpoint {
  /** Name in the table, e.g. `harbor-a/core`. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Ports the pod listens on, with their container port names where declared. */
  readonly ports: readonly { readonly port: number; readonly name?: string }[];
}

/** A connection source: a pod, or something outside the pod network. */
export type Source = PodEndpoint | { readonly name: string; readonly external: true };

interface Selector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selects(selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    if (operator === "In" && !(has && values.includes(labels[key]))) return false;
    if (operator === "NotIn" && has && values.includes(labels[key])) return false;
    if (operator === "Exists" && !has) return false;
    if (operator === "DoesNotExist" && has) return false;
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(operator)) throw new Error(`operator ${operator}`);
  }
  return true;
}

/** Labels the API server puts on every namespace. */
const namespaceLabels = (namespace: string) => ({ "kubernetes.io/metadata.name": namespace });

function peerMatches(peer: Manifest, policyNamespace: string, source: Source): boolean {
  if ("external" in source) return false;
  if (peer.ipBlock !== undefined) return false;
  const namespaceOk =
    peer.namespaceSelector === undefined
      ? source.namespace === policyNamespace
      : selects(peer.namespaceSelector, namespaceLabels(source.namespace));
  const podOk = peer.podSelector === undefined || selects(peer.podSelector, source.labels);
  return namespaceOk && podOk;
}

function portMatches(rulePort: Manifest, destination: PodEndpoint, port: number): boolean {
  if ((rulePort.protocol ?? "TCP") !== "TCP") return false;
  if (rulePort.port === undefined) return true;
  if (typeof rulePort.port === "number") {
    return rulePort.endPort === undefined ? port === rulePort.port : port >= rulePort.port && port <= rulePort.endPort;
  }
  return destination.ports.some((p) => p.port === port && p.name === rulePort.port);
}

/** Whether the policies let `source` open a TCP connection to `port` of `destination`. */
export function allowed(policies: Manifest[], source: Source, destination: PodEndpoint, port: number): boolean {
  const applying = policies.filter(
    (p) =>
      p.kind === "NetworkPolicy" &&
      p.metadata.namespace === destination.namespace &&
      selects(p.spec.podSelector, destination.labels) &&
      (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress"),
  );
  if (applying.length === 0) return true;
  return applying.some((policy) =>
    (policy.spec.ingress ?? []).some(
      (rule: Manifest) =>
        ((rule.from ?? []).length === 0 ||
          rule.from.some((peer: Manifest) => peerMatches(peer, policy.metadata.namespace, source))) &&
        ((rule.ports ?? []).length === 0 || rule.ports.some((p: Manifest) => portMatches(p, destination, port))),
    ),
  );
}

/** The pods of rendered workloads (one per workload), with the ports of their containers and of Services selecting them. */
export function endpointsOf(
  docs: Manifest[],
  namespace: string,
  nameOf: (workload: Manifest) => string,
): PodEndpoint[] {
  const services = docs.filter((d) => d.kind === "Service");
  return docs
    .filter((d) => ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"].includes(d.kind))
    .map((workload) => {
      const template = workload.kind === "CronJob" ? workload.spec.jobTemplate.spec.template : workload.spec.template;
      const labels: Record<string, string> = template.metadata?.labels ?? {};
      const ports = new Map<number, string | undefined>();
      for (const container of template.spec.containers) {
        for (const p of container.ports ?? []) ports.set(p.containerPort, p.name);
      }
      for (const service of services) {
        if (service.spec.selector === undefined || !selects({ matchLabels: service.spec.selector }, labels)) continue;
        for (const p of service.spec.ports) {
          const target =
            typeof p.targetPort === "number" ? p.targetPort : p.targetPort === undefined ? p.port : undefined;
          if (target !== undefined && !ports.has(target)) ports.set(target, undefined);
        }
      }
      return {
        name: nameOf(workload),
        namespace,
        labels,
        ports: [...ports].map(([port, name]) => ({ port, name })).sort((a, b) => a.port - b.port),
      };
    });
}
