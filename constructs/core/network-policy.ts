// Building blocks of the NetworkPolicies in every namespace the project creates (ingress only: default deny, then
// what each namespace's pods must accept). DOKS enforces NetworkPolicy (Cilium).

/** Where Prometheus usually runs (kube-prometheus-stack's documented namespace); the only scraper admitted. */
export const DEFAULT_MONITORING_NAMESPACE = "monitoring";

/** A NetworkPolicy object. */
export function networkPolicy(name: string, namespace: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec };
}

/** Every pod of `namespace` accepts only what another policy allows. */
export function defaultDenyIngress(namespace: string): Record<string, unknown> {
  return networkPolicy("default-deny-ingress", namespace, { podSelector: {}, policyTypes: ["Ingress"] });
}

/** A peer matching every pod of one namespace (by the label the API server sets on every namespace). */
export function namespacePeer(namespace: string): Record<string, unknown> {
  return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } };
}
