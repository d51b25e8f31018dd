// Default names of what the composed constructs create. No cdktf: the config checks may use them.

/** Default name of a cluster's load balancer (the config-file app's platform stack has the same name). */
export function platformLoadBalancerName(clusterName: string): string {
  return `harbor-platform-${clusterName}`;
}

/** Default name of the PostgreSQL cluster a `HarborOnDoks` creates. */
export function defaultManagedPostgresName(instanceName: string): string {
  return `harbor-${instanceName}-pg`;
}

/** Default name of the Valkey cluster a `HarborOnDoks` creates. */
export function defaultManagedValkeyName(instanceName: string): string {
  return `harbor-${instanceName}-valkey`;
}
