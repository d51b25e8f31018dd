import { Construct } from "constructs";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { configureBackend } from "./backend";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import { BackendConfig, InstanceConfig } from "../config/resolve";
import * as lib from "../constructs";
import { buildDay2 } from "../config/day2/registry";
import type { Day2BuildContext } from "../config/day2/feature";
import { VersionedStack } from "./required-version";

// The variable names live with the app's other names: the config checks name them in hints.
export { OIDC_SECRET_VARIABLE, credentialVariables } from "../config/names";

/** Properties of a {@link HarborConfigStack}. */
export interface HarborConfigStackProps {
  readonly instance: InstanceConfig;
  /** The admin password, from the instance stack (a cross-stack reference). */
  readonly adminPassword: string;
  /** Remote state. @default - a local state file in the project folder (see stacks/backend.ts) */
  readonly backend?: BackendConfig;
  /**
   * A value that changes whenever Harbor is redeployed (e.g. the revision of its Helm release, from the instance
   * stack), so the wait for Harbor's API runs again before the next change.
   * @default - the wait runs again only when the host name changes
   */
  readonly harborRevision?: string;
  /**
   * Instances that replicate into this one: each gets a robot here, whose credentials their replication stack
   * reads (see {@link HarborConfigStack.replicationRobots}).
   * @default []
   */
  readonly replicationSources?: readonly ReplicationSource[];
}

/** An instance that replicates into this one, as its robot here needs to know it. */
export interface ReplicationSource {
  readonly name: string;
  /** Any of its rules to this instance replicates deletions. */
  readonly deletion: boolean;
  /**
   * The projects of this instance its rules name, when they are all exact names: the robot may push to those only.
   * @default - every project (a rule uses a pattern)
   */
  readonly projects?: readonly string[];
  /** @default -1 (never expires) */
  readonly robotExpiryDays?: number;
}

/**
 * Day-2 configuration of one Harbor instance through Harbor's API: what the features of config/day2/registry.ts
 * build (proxy caches, OIDC login, garbage collection, scan schedule, team projects, system settings), and the
 * robots of the instances that replicate into this one. Applied after the instance stack.
 *
 * Every harbor_* resource waits until `https://<hostname>/api/v2.0/ping` answers over verified TLS
 * ({@link lib.HarborApiReady}). The secrets (upstream credentials, OIDC client secret) are needed to create or
 * update; `destroy` runs without them.
 */
export class HarborConfigStack extends VersionedStack {
  /** The robot made for each instance that replicates into this one, by source instance name. */
  public readonly replicationRobots = new Map<string, lib.ReplicationTargetRobot>();

  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    // The cluster receives the projects' image pull Secrets. Configured even without any, so that removing the
    // last one can still delete it (a provider removed with its last resource cannot destroy that resource).
    new DigitaloceanProvider(this, "DigitalOcean", {});
    const cluster = new lib.ExistingDoksCluster(this, "Cluster", {
      clusterName: instance.cluster,
      region: instance.region,
      configureHelm: false,
    });
    new lib.HarborProvider(this, "Harbor", {
      url: `https://${instance.hostname}`,
      username: lib.HARBOR_ADMIN_USER,
      password: props.adminPassword,
      // The provider's default (true) would skip TLS verification.
      insecure: false,
    });

    // Helm returns before cert-manager has issued the certificate and DNS has propagated: wait for the API.
    const ready = new lib.HarborApiReady(this, "ApiReady", {
      hostname: instance.hostname,
      namespace: instance.harbor.namespace,
      triggers: props.harborRevision === undefined ? undefined : { harborRevision: props.harborRevision },
    });

    const variables = new Map<string, TerraformVariable>();
    const ctx: Day2BuildContext = {
      scope: this,
      lib,
      instance,
      dependsOn: [ready],
      kubernetesProvider: cluster.kubernetesProvider,
      secret: (name, description) => {
        let variable = variables.get(name);
        if (variable === undefined) {
          variable = secretVariable(this, name, description);
          variables.set(name, variable);
        }
        return variable;
      },
      nonEmpty: nonEmptyPrecondition,
      output: (outputId, value, description, sensitive) => {
        new TerraformOutput(this, outputId, { value, description, sensitive });
      },
      membersDependOn: [],
      teamProjects: new Map(),
    };
    buildDay2(ctx, instance);

    for (const source of props.replicationSources ?? []) {
      this.replicationRobots.set(
        source.name,
        new lib.ReplicationTargetRobot(this, `ReplicationFrom-${source.name}`, {
          sourceName: source.name,
          deletion: source.deletion,
          // References, so the robot waits for the projects it names.
          projects: source.projects?.map((name) => ctx.teamProjects.get(name)?.project.name ?? name),
          expiryDays: source.robotExpiryDays,
          dependsOn: ctx.dependsOn,
        }),
      );
    }
  }

  /**
   * Always false, though the pull Secrets carry `moved` blocks: cdktf answers a stack with any by running
   * `terraform version` during synth, to require Terraform 1.5. The machine that synthesizes need not have
   * Terraform (the README's first `npm run synth`; CI's synth job), the Terraform that plans is the one that counts
   * (the README asks for 1.11+, CI pins 1.14), and these are `moveFromId` blocks, which Terraform reads since 1.1.
   * Only cdktf's check is skipped: the blocks are synthesized all the same (`__tests__/main.suite.ts`).
   */
  public hasResourceMove(): boolean {
    return false;
  }
}
