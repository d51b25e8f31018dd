// Values of the local chart platform-policies: the cluster-wide admission policies of the ingress platform. No
// cdktf: tests and the config layer call these directly.

/** The annotation that names a Service's DigitalOcean load balancer (cloud controller `annDOLoadBalancerName`). */
export const LOAD_BALANCER_NAME_ANNOTATION = "service.beta.kubernetes.io/do-loadbalancer-name";
/** The annotation the cloud controller writes with the load balancer's ID, and looks it up by first. */
export const LOAD_BALANCER_ID_ANNOTATION = "kubernetes.digitalocean.com/load-balancer-id";

/**
 * Name of the platform's load balancer: `harbor-<cluster UUID>`. DigitalOcean's cloud controller looks a load
 * balancer up by name across the whole account, so the name must be unique there: a cluster's UUID is, and stays
 * the same for the cluster's life (a cluster of the same name created later gets another UUID, so another load
 * balancer). The cluster name alone is not: two accounts' worth of teams reuse names, and a cluster deleted and
 * created again under its name would find the old cluster's load balancer.
 */
export function platformLoadBalancerName(clusterId: string): string {
  return `harbor-${clusterId}`;
}

/** What the load-balancer policy protects. */
export interface LoadBalancerPolicyInput {
  /** The platform's namespace: the only one whose Services may name the load balancer. */
  readonly namespace: string;
  readonly loadBalancerName: string;
  /** The load balancer's ID (a Terraform reference once it exists). Absent: only the name is checked. */
  readonly loadBalancerId?: string;
}

/** What the platform node pool policy enforces, see `PlatformNodePool`. */
export interface PlatformNodesPolicyInput {
  readonly poolName: string;
  readonly taintKey: string;
  /** Namespaces whose pods may tolerate the taint or name the pool's nodes. */
  readonly exemptNamespaces: readonly string[];
}

export interface PlatformPoliciesValuesInput {
  readonly loadBalancer: LoadBalancerPolicyInput;
  /** Absent: no node pool policy. */
  readonly platformNodes?: PlatformNodesPolicyInput;
}

export function buildPlatformPoliciesValues(input: PlatformPoliciesValuesInput): Record<string, unknown> {
  const nodes = input.platformNodes;
  return {
    loadBalancer: {
      enabled: true,
      namespace: input.loadBalancer.namespace,
      name: input.loadBalancer.loadBalancerName,
      id: input.loadBalancer.loadBalancerId ?? "",
    },
    platformNodes: nodes
      ? {
          enabled: true,
          poolName: nodes.poolName,
          taintKey: nodes.taintKey,
          exemptNamespaces: [...new Set(nodes.exemptNamespaces)].sort(),
        }
      : { enabled: false, poolName: "", taintKey: "", exemptNamespaces: [] },
  };
}

/** The taint of a platform node pool (`kubectl taint` / `doctl ... --taint harbor-doks.io/platform=true:NoExecute`). */
export const PLATFORM_NODE_TAINT = { key: "harbor-doks.io/platform", value: "true", effect: "NoExecute" } as const;
/** The label DOKS puts on every node with its pool's name. */
export const DOKS_NODE_POOL_LABEL = "doks.digitalocean.com/node-pool";
/** Namespaces of Kubernetes itself, whose DaemonSets tolerate every taint. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"] as const;

/** The placement that puts a pod on the platform node pool `poolName` (nodeSelector and toleration). */
export function platformNodePlacement(poolName: string): {
  nodeSelector: Record<string, string>;
  tolerations: Record<string, string>[];
} {
  return {
    nodeSelector: { [DOKS_NODE_POOL_LABEL]: poolName },
    tolerations: [{ ...PLATFORM_NODE_TAINT, operator: "Equal" }],
  };
}
