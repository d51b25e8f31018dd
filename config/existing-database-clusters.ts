// Existing database clusters (PostgreSQL, Valkey) in the config: the rules between instances that share them. No cdktf.
import type { z } from "zod";
import type { RawInstance } from "./schema";
import { connectionBudgetPods, harborDatabaseClients } from "../constructs/harbor/connection-budget";
import { VALKEY_DATABASES } from "../constructs/harbor/harbor-values";
import { defaultManagedPostgresName, defaultManagedValkeyName } from "../constructs/compose/naming";

const CACHE_DATABASES = Object.entries(VALKEY_DATABASES)
  .map(([component, index]) => `${component} ${index}`)
  .join(", ");

/**
 * Rules between instances that name existing clusters: one Harbor per existing Valkey (core always takes database
 * 0), and no instance names a cluster another instance (or itself) creates: that cluster belongs to that stack.
 */
export function checkExistingDatabaseClusters(instances: readonly RawInstance[], ctx: z.RefinementCtx): void {
  const managed = new Map<string, string>();
  for (const instance of instances) {
    managed.set(defaultManagedPostgresName(instance.name), instance.name);
    managed.set(defaultManagedValkeyName(instance.name), instance.name);
  }
  const caches = new Map<string, number>();
  instances.forEach((instance, index) => {
    for (const key of ["postgres", "cache"] as const) {
      const name = instance[key]?.existingCluster;
      if (name === undefined) continue;
      const path = ["instances", index, key, "existingCluster"];
      const owner = managed.get(name);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path,
          message:
            `"${name}" is the cluster this config creates for instance "${owner}"` +
            (owner === instance.name
              ? "; an instance cannot adopt its own cluster (the switch would remove it from its stack). To move to " +
                "a cluster of your own, follow the steps in docs/bring-your-own.md"
              : `, owned by its stack (destroying "${owner}" destroys it); name a cluster this config does not create`),
        });
        continue;
      }
      if (key !== "cache") continue;
      const first = caches.get(name);
      if (first === undefined) {
        caches.set(name, index);
        continue;
      }
      ctx.addIssue({
        code: "custom",
        path,
        message:
          `instances "${instances[first].name}" and "${instance.name}" both name existing Valkey cluster "${name}": ` +
          `Harbor's core always uses Valkey database 0 (the chart's values say coreDatabaseIndex "must be 0"), so two ` +
          `Harbors on one cluster would share sessions, caches and job queues (Harbor takes databases ` +
          `${CACHE_DATABASES}). Give each instance its own Valkey cluster, or remove existingCluster from one`,
      });
    }
  });
}

/**
 * For each instance on an existing PostgreSQL cluster, the database client pods of the OTHER instances on it
 * (connectionBudgetPods): every instance's budget then divides the cluster's connections among all of them.
 */
export function otherClientPods(
  instances: readonly { name: string; postgres?: { existingCluster?: string }; replicas: number; metrics: boolean }[],
): Map<string, number> {
  const pods = (i: (typeof instances)[number]) => connectionBudgetPods(harborDatabaseClients(i.replicas, i.metrics));
  const out = new Map<string, number>();
  for (const instance of instances) {
    const cluster = instance.postgres?.existingCluster;
    if (cluster === undefined) continue;
    const others = instances.filter((o) => o !== instance && o.postgres?.existingCluster === cluster);
    out.set(
      instance.name,
      others.reduce((sum, o) => sum + pods(o), 0),
    );
  }
  return out;
}
