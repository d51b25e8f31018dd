import { App, Token } from "cdktf";
import { HarborConfig, InstallIngress, InstanceConfig, hasDay2Config } from "../config/resolve";
import { HarborConfigStack } from "./harbor-config-stack";
import type { HarborDay2ReplicationSource } from "../constructs/harbor/day2/harbor-day2";
import { isExactProject } from "../constructs/harbor/naming";
import { HarborStack } from "./harbor-stack";
import { PlatformStack } from "./platform-stack";
import { HarborReplicationStack, ReplicationTarget } from "./harbor-replication-stack";
import { configStackName, harborStackName, platformStackName, replicationStackName } from "../config/names";

/**
 * Adds every stack the config describes to `app`: one per instance, one day-2 configuration stack per
 * instance that has day-2 settings or receives replication, one replication stack per instance with
 * replication rules, and one ingress platform per cluster that has an instance with `ingress.controller: install`. The config must already be
 * validated: `new App()` creates its output folder at once, so callers validate before they
 * construct it.
 */
export function buildApp(config: HarborConfig, app: App = new App()): App {
  const platforms = new Map<string, PlatformStack>();
  for (const [cluster, instances] of installInstancesByCluster(config.instances)) {
    // The config schema makes instances on one cluster agree on the load balancer size.
    const first = instances[0].ingress;
    const scraped = instances.find((i) => i.monitoring.metrics);
    platforms.set(
      cluster,
      new PlatformStack(app, platformStackName(cluster), {
        clusterName: cluster,
        dns01: instances.some((i) => i.ingress.challenge === "dns01"),
        loadBalancerSizeUnits: first.loadBalancerSizeUnits,
        readTimeoutSeconds: first.readTimeoutSeconds,
        nodePool: first.nodePool,
        tenantNodePolicy: first.tenantNodePolicy,
        hairpinHostname: instances[0].hostname,
        highAvailability: instances.some((i) => i.profile === "ha"),
        // Cluster-wide: any instance that asks for metrics gets Traefik's too.
        metrics: instances.some((i) => i.monitoring.metrics),
        serviceMonitor: instances.some((i) => i.monitoring.serviceMonitor),
        monitoringNamespace: scraped?.monitoring.namespace,
        backend: config.backend,
      }),
    );
  }
  const harbors = new Map<string, HarborStack>();
  const day2Stacks = new Map<string, HarborConfigStack>();
  for (const instance of config.instances) {
    const platform = instance.ingress?.controller === "install" ? platforms.get(instance.cluster) : undefined;
    // The platform is in its own stack: the instance's stack then depends on it (HarborOnDoks adds that).
    const stack = new HarborStack(app, harborStackName(instance.name), {
      instance,
      platform: platform?.platform,
      backend: config.backend,
    });
    harbors.set(instance.name, stack);
    if (hasDay2Config(instance)) {
      const day2 = new HarborConfigStack(app, configStackName(instance.name), {
        instance,
        adminPassword: stack.harbor.adminPassword,
        backend: config.backend,
        replicationSources: replicationSources(config.instances, instance.name),
        // A new Harbor revision (upgrade, new values) makes the day-2 stack wait for the API again.
        harborRevision: Token.asString(stack.harbor.release.metadata.revision),
      });
      day2.addDependency(stack);
      day2Stacks.set(instance.name, day2);
    }
  }
  const byName = new Map(config.instances.map((instance) => [instance.name, instance]));
  for (const instance of config.instances) {
    if (instance.replication.length === 0) continue;
    const targets = new Map<string, ReplicationTarget>();
    for (const rule of instance.replication) {
      // The config check makes `to` another instance, which then has a config stack holding the robot.
      const robot = day2Stacks.get(rule.to)?.replicationRobots.get(instance.name);
      const target = byName.get(rule.to);
      if (robot === undefined || target === undefined)
        throw new Error(`no robot for replication ${instance.name} -> ${rule.to}`);
      targets.set(rule.to, { instance: target, accessId: robot.accessId, accessSecret: robot.accessSecret });
    }
    const replication = new HarborReplicationStack(app, replicationStackName(instance.name), {
      instance,
      adminPassword: (harbors.get(instance.name) as HarborStack).harbor.adminPassword,
      targets,
      backend: config.backend,
    });
    replication.addDependency(harbors.get(instance.name) as HarborStack);
    for (const name of targets.keys()) replication.addDependency(day2Stacks.get(name) as HarborConfigStack);
  }
  return app;
}

/**
 * The instances that replicate into `target`: whether any of their rules replicates deletions, the projects their
 * robot may push to (when every rule names exact projects; the config check makes the target declare them), and the
 * shortest robot expiry any rule asks for.
 */
export function replicationSources(instances: InstanceConfig[], target: string): HarborDay2ReplicationSource[] {
  return instances.flatMap((source) => {
    const rules = source.replication.filter((rule) => rule.to === target);
    if (rules.length === 0) return [];
    const projects = rules.flatMap((rule) => rule.projects);
    const expiries = rules.map((rule) => rule.robotExpiryDays).filter((days) => days > 0);
    return [
      {
        name: source.name,
        deletion: rules.some((rule) => rule.deletion),
        projects: projects.every(isExactProject) ? [...new Set(projects)].sort() : undefined,
        robotExpiryDays: expiries.length > 0 ? Math.min(...expiries) : undefined,
      },
    ];
  });
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
