import { Construct } from "constructs";
import { configureBackend } from "./backend";
import { BackendConfig, InstanceConfig } from "../config/resolve";
import { HARBOR_ADMIN_USER } from "../constructs/harbor/harbor";
import { HarborApiReady } from "../constructs/harbor/provider/api-ready";
import { HarborProvider } from "../constructs/harbor/provider/provider";
import { InstanceReplication } from "../constructs/harbor/day2/replication";
import { VersionedStack } from "./required-version";

/** Where one instance's rules push to: the target and the robot it made for this source. */
export interface ReplicationTarget {
  readonly instance: InstanceConfig;
  /** Robot login, from the target's config stack (a cross-stack reference). */
  readonly accessId: string;
  /** Robot secret, from the target's config stack (a sensitive cross-stack reference). */
  readonly accessSecret: string;
}

/** Properties of a {@link HarborReplicationStack}. */
export interface HarborReplicationStackProps {
  /** The source instance; its `replication` rules. */
  readonly instance: InstanceConfig;
  /** The source's admin password, from its instance stack (a cross-stack reference). */
  readonly adminPassword: string;
  /** Every instance the rules name, with its robot's credentials. */
  readonly targets: ReadonlyMap<string, ReplicationTarget>;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
}

/**
 * Push replication from one instance to others, through the source's API: a registry endpoint per target (its
 * robot's credentials) and a policy per rule. A stack of its own, after the targets' config stacks (where the
 * robots are made): two instances replicating to each other would otherwise each wait for the other.
 */
export class HarborReplicationStack extends VersionedStack {
  constructor(scope: Construct, id: string, props: HarborReplicationStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    new HarborProvider(this, "Harbor", {
      url: `https://${instance.hostname}`,
      username: HARBOR_ADMIN_USER,
      password: props.adminPassword,
      insecure: false,
    });
    const ready = new HarborApiReady(this, "ApiReady", {
      hostname: instance.hostname,
      namespace: instance.harbor.namespace,
    });
    const byTarget = new Map<string, InstanceConfig["replication"]>();
    for (const rule of instance.replication) byTarget.set(rule.to, [...(byTarget.get(rule.to) ?? []), rule]);
    for (const [name, rules] of byTarget) {
      const target = props.targets.get(name);
      if (target === undefined) throw new Error(`HarborReplicationStack ${id}: no target "${name}" was given`);
      new InstanceReplication(this, `ReplicationTo-${name}`, {
        targetName: name,
        targetHostname: target.instance.hostname,
        accessId: target.accessId,
        accessSecret: target.accessSecret,
        rules,
        dependsOn: [ready],
      });
    }
  }
}
