import { Construct } from "constructs";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { configureBackend } from "./backend";
import { nonEmptyPrecondition, secretVariable } from "./variables";
import { BackendConfig, InstanceConfig } from "../config/resolve";
import * as lib from "../constructs";
import { OIDC_SECRET_VARIABLE, credentialVariables, robotOutputPrefix } from "../config/names";
import { VersionedStack } from "./required-version";

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
  readonly replicationSources?: readonly lib.HarborDay2ReplicationSource[];
}

/**
 * Day-2 configuration of one Harbor instance through Harbor's API: the library's {@link lib.HarborDay2} with the
 * instance's day-2 settings (proxy caches, OIDC login, garbage collection, scan schedule, team projects with their
 * webhooks and cosign enforcement, system settings with audit-log forwarding) and the robots of the instances that
 * replicate into this one; the secrets as Terraform variables and the project robots' credentials as outputs. Applied
 * after the instance stack.
 *
 * Every harbor_* resource waits until `https://<hostname>/api/v2.0/ping` answers over verified TLS
 * ({@link lib.HarborApiReady}). The secrets (upstream credentials, OIDC client secret, webhook Authorization headers)
 * are needed to create or update; `destroy` runs without them.
 */
export class HarborConfigStack extends VersionedStack {
  /** The robot made for each instance that replicates into this one, by source instance name. */
  public readonly replicationRobots: ReadonlyMap<string, lib.ReplicationTargetRobot>;

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

    const day2 = new lib.HarborDay2(this, "Default", {
      dependsOn: [ready],
      registryHost: instance.hostname,
      kubernetesProvider: cluster.kubernetesProvider,
      proxyCaches: instance.proxyCache.map(({ provider, credentials, ...cache }) => ({
        ...cache,
        upstream: provider,
        ...(credentials === undefined ? {} : upstreamCredentials(this, credentials, provider)),
      })),
      oidc: instance.oidc && { ...instance.oidc, ...oidcClientSecret(this, instance.oidc.clientId) },
      garbageCollection: instance.gc,
      scanSchedule: instance.scanSchedule,
      system: instance.system,
      projects: instance.projects.map((project) => ({
        ...project,
        webhooks: project.webhooks.map((webhook) => webhookAuth(this, project.name, webhook)),
      })),
      replicationSources: props.replicationSources,
    });
    this.replicationRobots = day2.replicationRobots;
    robotOutputs(this, day2.projects);
  }

  /**
   * Always false, though the pull Secrets carry `moved` blocks: cdktf answers a stack with any by running
   * `terraform version` during synth, to require Terraform 1.5. The machine that synthesizes need not have
   * Terraform (the README's first `npm run synth`; CI's synth job), the Terraform that plans is the one that counts
   * (docs/day-2.md asks for 1.11+, CI pins 1.14), and these are `moveFromId` blocks, which Terraform reads since 1.1.
   * Only cdktf's check is skipped: the blocks are synthesized all the same (`__tests__/main.test.ts`).
   */
  public hasResourceMove(): boolean {
    return false;
  }
}

// The secrets are variables of the stack (TF_VAR_<name>, one per name however many use it), checked when a resource
// that uses them is created or updated, not on destroy (stacks/variables.ts).
function secret(stack: TerraformStack, name: string, description: string, purpose: string) {
  const variable =
    (stack.node.tryFindChild(name) as TerraformVariable | undefined) ?? secretVariable(stack, name, description);
  return { value: variable.stringValue, precondition: nonEmptyPrecondition(variable, purpose) };
}

/** A proxy cache's upstream login, from TF_VAR_<prefix>_ACCESS_ID / _ACCESS_SECRET. */
function upstreamCredentials(stack: TerraformStack, prefix: string, provider: string) {
  const names = credentialVariables(prefix);
  const upstream = `at the ${provider} upstream`;
  const id = secret(
    stack,
    names.accessId,
    `User or access key id ${upstream}`,
    `the user or access key id ${upstream}`,
  );
  const password = secret(
    stack,
    names.accessSecret,
    `Password or token ${upstream}`,
    `the password or token ${upstream}`,
  );
  return {
    accessId: id.value,
    accessSecret: password.value,
    registryPreconditions: [id.precondition, password.precondition],
  };
}

/** A project webhook, with its Authorization header from TF_VAR_<authHeaderVariable> when it names one. */
function webhookAuth<W extends { readonly name: string; readonly authHeaderVariable?: string }>(
  stack: TerraformStack,
  project: string,
  { authHeaderVariable, ...webhook }: W,
) {
  if (authHeaderVariable === undefined) return webhook;
  const purpose = `the Authorization header of webhook ${webhook.name} of project ${project}`;
  const { value, precondition } = secret(stack, authHeaderVariable, `The ${purpose.slice(4)}`, purpose);
  return { ...webhook, authHeader: value, authHeaderPreconditions: [precondition] };
}

/** The OIDC client secret, from TF_VAR_oidc_client_secret. */
function oidcClientSecret(stack: TerraformStack, clientId: string) {
  const client = `the OIDC client ${clientId}`;
  const { value, precondition } = secret(
    stack,
    OIDC_SECRET_VARIABLE,
    `Client secret of ${client}`,
    `the client secret of ${client}`,
  );
  return { clientSecret: value, clientSecretPreconditions: [precondition] };
}

/** Each project robot's login and address as outputs, and its secret unless it goes to pull Secrets. */
function robotOutputs(stack: TerraformStack, projects: ReadonlyMap<string, lib.HarborTeamProject>): void {
  for (const [project, team] of projects) {
    for (const robot of team.robots) {
      const prefix = robotOutputPrefix(project, robot.name);
      const output = (id: string, value: string, description: string, sensitive?: boolean) =>
        new TerraformOutput(stack, `${prefix}_${id}`, { value, description, sensitive });
      output("username", robot.fullName, `Login name of robot ${robot.name} (${robot.access}) of project ${project}`);
      output("address", robot.address, `Rotate its secret: terraform apply -replace=<this address>`);
      if (robot.pullSecrets.length === 0) {
        output("secret", robot.secret, `Secret of robot ${robot.name}: terraform output -raw ${prefix}_secret`, true);
      }
    }
  }
}
