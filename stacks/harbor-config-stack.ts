import { Construct } from "constructs";
import { Precondition, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { configureBackend } from "./backend";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import { BackendConfig, InstanceConfig } from "../config/resolve";
import { HARBOR_ADMIN_USER } from "../constructs/harbor/harbor";
import { HarborApiReady } from "../constructs/harbor/provider/api-ready";
import { HarborConfigAuth } from "../constructs/harbor/provider/config-auth";
import { HarborGarbageCollection } from "../constructs/harbor/provider/garbage-collection";
import { HarborInterrogationServices } from "../constructs/harbor/provider/interrogation-services";
import { HarborProvider } from "../constructs/harbor/provider/provider";
import { ProxyCache } from "../constructs/harbor/day2/proxy-cache";
import { ExistingDoksCluster } from "../constructs/digitalocean/existing-doks-cluster";
import { HarborTeamProject } from "../constructs/harbor/day2/team-project";
import { ReplicationTargetRobot } from "../constructs/harbor/day2/replication";
import { OIDC_SECRET_VARIABLE, credentialVariables, robotOutputPrefix } from "../config/names";
import { providerSchedule } from "../constructs/harbor/cron";

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
  readonly replicationSources?: readonly { readonly name: string; readonly deletion: boolean }[];
}

// The variable names live with the app's other names: the config checks name them in hints.
export { OIDC_SECRET_VARIABLE, credentialVariables };

const SCAN_POLICIES = { daily: "Daily", weekly: "Weekly" } as const;

/**
 * Day-2 configuration of one Harbor instance through Harbor's API: proxy-cache projects, OIDC login,
 * garbage collection and vulnerability-scan schedules. Applied after the instance stack.
 *
 * Every harbor_* resource waits until `https://<hostname>/api/v2.0/ping` answers over verified TLS
 * ({@link HarborApiReady}). The secrets (upstream credentials, OIDC client secret) are needed to create or
 * update; `destroy` runs without them.
 */
export class HarborConfigStack extends TerraformStack {
  /** The robot made for each instance that replicates into this one, by source instance name. */
  public readonly replicationRobots = new Map<string, ReplicationTargetRobot>();

  constructor(scope: Construct, id: string, props: HarborConfigStackProps) {
    super(scope, id);
    const { instance } = props;
    configureBackend(this, id, props.backend);
    // The cluster receives the projects' image pull Secrets. Configured even without any, so that removing the
    // last one can still delete it (a provider removed with its last resource cannot destroy that resource).
    new DigitaloceanProvider(this, "DigitalOcean", {});
    const cluster = new ExistingDoksCluster(this, "Cluster", {
      clusterName: instance.cluster,
      region: instance.region,
      configureHelm: false,
    });
    new HarborProvider(this, "Harbor", {
      url: `https://${instance.hostname}`,
      username: HARBOR_ADMIN_USER,
      password: props.adminPassword,
      // The provider's default (true) would skip TLS verification.
      insecure: false,
    });

    // Helm returns before cert-manager has issued the certificate and DNS has propagated: wait for the API.
    const ready = new HarborApiReady(this, "ApiReady", {
      hostname: instance.hostname,
      namespace: instance.harbor.namespace,
      triggers: props.harborRevision === undefined ? undefined : { harborRevision: props.harborRevision },
    });
    const dependsOn = [ready];

    const variables = new Map<string, TerraformVariable>();
    const secret = (name: string, description: string): TerraformVariable => {
      let variable = variables.get(name);
      if (variable === undefined) {
        variable = secretVariable(this, name, description);
        variables.set(name, variable);
      }
      return variable;
    };

    for (const cache of instance.proxyCache) {
      let credentials: { accessId: TerraformVariable; accessSecret: TerraformVariable } | undefined;
      let preconditions: Precondition[] | undefined;
      if (cache.credentials !== undefined) {
        const names = credentialVariables(cache.credentials);
        credentials = {
          accessId: secret(names.accessId, `User or access key id at the ${cache.provider} upstream`),
          accessSecret: secret(names.accessSecret, `Password or token at the ${cache.provider} upstream`),
        };
        preconditions = [
          nonEmptyPrecondition(credentials.accessId, `the user or access key id at the ${cache.provider} upstream`),
          nonEmptyPrecondition(credentials.accessSecret, `the password or token at the ${cache.provider} upstream`),
        ];
      }
      new ProxyCache(this, `ProxyCache-${cache.project}`, {
        project: cache.project,
        upstream: cache.provider,
        endpoint: cache.endpoint,
        accessId: credentials?.accessId.stringValue,
        accessSecret: credentials?.accessSecret.stringValue,
        registryPreconditions: preconditions,
        public: cache.public,
        quotaGiB: cache.quotaGiB,
        dependsOn,
      });
    }

    let oidcAuth: HarborConfigAuth | undefined;
    if (instance.oidc !== undefined) {
      const oidc = instance.oidc;
      const clientSecret = secret(OIDC_SECRET_VARIABLE, `Client secret of the OIDC client ${oidc.clientId}`);
      oidcAuth = new HarborConfigAuth(this, "Oidc", {
        authMode: "oidc_auth",
        oidcName: "SSO",
        oidcEndpoint: oidc.endpoint,
        oidcClientId: oidc.clientId,
        oidcClientSecret: clientSecret.stringValue,
        oidcScope: oidc.scopes.join(","),
        oidcVerifyCert: true,
        oidcAutoOnboard: oidc.autoOnboard,
        oidcGroupsClaim: oidc.groupsClaim,
        oidcAdminGroup: oidc.adminGroup,
        dependsOn,
        lifecycle: {
          precondition: [nonEmptyPrecondition(clientSecret, `the client secret of the OIDC client ${oidc.clientId}`)],
        },
      });
    }

    if (instance.gc !== undefined) {
      new HarborGarbageCollection(this, "GarbageCollection", {
        // "0 0 0 * * *" would be read back as "Daily": a diff on every plan.
        schedule: providerSchedule(instance.gc.schedule),
        deleteUntagged: instance.gc.deleteUntagged,
        dependsOn,
      });
    }

    for (const project of instance.projects) {
      const team = new HarborTeamProject(this, `Project-${project.name}`, {
        ...project,
        registryHost: instance.hostname,
        kubernetesProvider: cluster.kubernetesProvider,
        dependsOn,
        // Harbor creates OIDC groups by name only once OIDC is its auth mode.
        membersDependOn: oidcAuth ? [oidcAuth] : undefined,
      });
      for (const robot of team.robots) {
        const prefix = robotOutputPrefix(project.name, robot.name);
        new TerraformOutput(this, `${prefix}_username`, {
          value: robot.fullName,
          description: `Login name of robot ${robot.name} (${robot.access}) of project ${project.name}`,
        });
        new TerraformOutput(this, `${prefix}_address`, {
          value: robot.address,
          description: `Rotate its secret: terraform apply -replace=<this address>`,
        });
        if (robot.pullSecrets.length === 0) {
          new TerraformOutput(this, `${prefix}_secret`, {
            value: robot.secret,
            sensitive: true,
            description: `Secret of robot ${robot.name}: terraform output -raw ${prefix}_secret`,
          });
        }
      }
    }

    for (const source of props.replicationSources ?? []) {
      this.replicationRobots.set(
        source.name,
        new ReplicationTargetRobot(this, `ReplicationFrom-${source.name}`, {
          sourceName: source.name,
          deletion: source.deletion,
          dependsOn,
        }),
      );
    }

    // "none": no resource; removing it sets Harbor's scan schedule back to None.
    if (instance.scanSchedule !== undefined && instance.scanSchedule !== "none") {
      new HarborInterrogationServices(this, "ScanSchedule", {
        vulnerabilityScanPolicy: SCAN_POLICIES[instance.scanSchedule],
        dependsOn,
      });
    }
  }
}
