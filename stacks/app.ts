import { App } from "cdktf";
import { HarborConfig, InstallIngress, InstanceConfig, hasDay2Config } from "../config/resolve";
import { HarborConfigStack } from "./harbor-config-stack";
import { HarborStack } from "./harbor-stack";
import { PlatformStack } from "./platform-stack";
import { configStackName, harborStackName, platformStackName } from "../facts/naming";

/**
 * Adds every stack the config describes to `app`: one per instance, one day-2 configuration stack per
 * instance that has proxy caches, OIDC or schedules, and one ingress platform per cluster that has an
 * instance with `ingress.controller: install`. The config must already be
 * validated: `new App()` creates its output folder at once, so callers validate before they
 * construct it.
 */
export function buildApp(config: HarborConfig, app: App = new App()): App {
  const platforms = new Map<string, PlatformStack>();
  for (const [cluster, instances] of installInstancesByCluster(config.instances)) {
    // The config schema makes instances on one cluster agree on e-mail, challenge and LB size.
    const first = instances[0].ingress;
    platforms.set(
      cluster,
      new PlatformStack(app, platformStackName(cluster), {
        clusterName: cluster,
        acmeEmail: first.email,
        challenge: first.challenge,
        dnsZones: [...new Set(instances.flatMap((i) => (i.ingress.dnsZone ? [i.ingress.dnsZone] : [])))].sort(),
        loadBalancerSizeUnits: first.loadBalancerSizeUnits,
        hairpinHostname: instances[0].hostname,
        highAvailability: instances.some((i) => i.profile === "ha"),
        // Cluster-wide: any instance that asks for metrics gets Traefik's too.
        metrics: instances.some((i) => i.monitoring.metrics),
        serviceMonitor: instances.some((i) => i.monitoring.serviceMonitor),
        backend: config.backend,
      }),
    );
  }
  for (const instance of config.instances) {
    const stack = new HarborStack(app, harborStackName(instance.name), { instance, backend: config.backend });
    const platform = instance.ingress?.controller === "install" ? platforms.get(instance.cluster) : undefined;
    if (platform) stack.addDependency(platform);
    if (hasDay2Config(instance)) {
      const day2 = new HarborConfigStack(app, configStackName(instance.name), {
        instance,
        adminPassword: stack.harbor.adminPassword,
        backend: config.backend,
      });
      day2.addDependency(stack);
    }
  }
  return app;
}

type InstallInstance = InstanceConfig & { ingress: InstallIngress };

function installInstancesByCluster(instances: InstanceConfig[]): Map<string, InstallInstance[]> {
  const byCluster = new Map<string, InstallInstance[]>();
  for (const instance of instances) {
    if (instance.ingress?.controller !== "install") continue;
    const list = byCluster.get(instance.cluster) ?? [];
    list.push(instance as InstallInstance);
    byCluster.set(instance.cluster, list);
  }
  return byCluster;
}
