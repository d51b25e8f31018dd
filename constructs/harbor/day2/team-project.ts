import { Construct } from "constructs";
import { Fn, ITerraformDependable, Precondition, TerraformProvider, TerraformStack, Token } from "cdktf";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { HarborImmutableTagRule } from "../provider/immutable-tag-rule";
import { HarborDeploymentSecurity, HarborProject } from "../provider/project";
import { HarborProjectMemberGroup } from "../provider/project-member-group";
import { HarborRetentionPolicy, HarborRetentionRule } from "../provider/retention-policy";
import { HarborRobotAccess, HarborRobotAccount } from "../provider/robot-account";
import {
  HARBOR_WEBHOOK_EVENT_TYPES,
  HARBOR_WEBHOOK_NOTIFY_TYPES,
  HARBOR_WEBHOOK_PAYLOAD_FORMATS,
  HarborProjectWebhook,
  HarborWebhookEventType,
  HarborWebhookNotifyType,
  HarborWebhookPayloadFormat,
} from "../provider/project-webhook";
import { resourceAddress } from "../../core/terraform-data";
import { harborCronProblem, providerSchedule } from "../cron";
import { throwProblems } from "../../core/problems";
import {
  TEAM_PROJECT_ROBOT_ACCESS,
  TEAM_PROJECT_ROLES,
  TEAM_PROJECT_SEVERITIES,
  TeamProjectRobotAccess,
  TeamProjectRole,
  TeamProjectSeverity,
  webhookAddressProblem,
} from "./vocabulary";
import { HARBOR_NAME_PATTERN, HARBOR_PROJECT_NAME_MAX_LENGTH } from "../naming";
import { HOSTNAME_PATTERN, NAMESPACE_PATTERN, isKubernetesSystemNamespace } from "../../core/naming";

export { TEAM_PROJECT_ROLES, TEAM_PROJECT_SEVERITIES } from "./vocabulary";
export type { TeamProjectRole, TeamProjectRobotAccess, TeamProjectSeverity } from "./vocabulary";

/** A group of the OIDC provider and its role in the project. */
export interface TeamProjectMember {
  /** The group's name as the OIDC provider sends it in the groups claim. */
  readonly group: string;
  readonly role: TeamProjectRole;
}

/** A project-level robot account. */
export interface TeamProjectRobot {
  /**
   * Short name, unique in the project (Harbor's name rule). Harbor logs it in as `robot$<project>+<name>`.
   * Renaming replaces the robot and so gives it a new secret.
   */
  readonly name: string;
  /** `pull`: repository pull. `push`: repository pull and push. Nothing else. A change keeps the secret. */
  readonly access: TeamProjectRobotAccess;
  /**
   * Namespaces (which must exist) that get a `kubernetes.io/dockerconfigjson` Secret `<project>-pull` with this
   * robot's credentials. At most one robot of a project per namespace.
   * @default - none: the credentials are only available as references ({@link TeamProjectRobotCredentials})
   */
  readonly pullSecretNamespaces?: readonly string[];
}

/** A webhook of the project: Harbor POSTs the chosen events to `address`. */
export interface TeamProjectWebhook {
  /** Policy name, unique in the project. Renaming replaces the webhook. */
  readonly name: string;
  /** Receiver URL: `https://...` (verified TLS), or `http://<service>.<namespace>.svc...` inside the cluster. */
  readonly address: string;
  /** The events sent, e.g. `PUSH_ARTIFACT`, `SCANNING_COMPLETED`, `QUOTA_EXCEED`. */
  readonly events: readonly HarborWebhookEventType[];
  /** `http` (JSON POST) or `slack` (an incoming-webhook URL). @default "http" */
  readonly notifyType?: HarborWebhookNotifyType;
  /** `Default` or `CloudEvents` (http only). @default "Default" */
  readonly payloadFormat?: HarborWebhookPayloadFormat;
  /**
   * The `Authorization` header value Harbor sends, as a sensitive reference (a sensitive variable). The goharbor
   * provider (v3.12.4) does not mark it sensitive and reads it back from Harbor: it sits in the Terraform state in
   * clear text, so treat the state as a secret and give the receiver a token that opens nothing else.
   * @default - no header
   */
  readonly authHeader?: string;
  /** Checks on the header when the webhook is created or updated, e.g. non-empty. @default [] */
  readonly authHeaderPreconditions?: Precondition[];
}

/** Housekeeping of a project: what Harbor's tag retention keeps. */
export interface TeamProjectRetention {
  /**
   * Keep the N most recently pushed **tagged** artifacts of each repository; older tagged artifacts are
   * deleted when the policy runs.
   * @default - tagged artifacts are kept forever
   */
  readonly keepLastPushed?: number;
  /**
   * Delete **untagged** artifacts pushed more than D days ago.
   * @default - untagged artifacts are kept forever
   */
  readonly untaggedAfterDays?: number;
  /**
   * When the policy runs: a 6-field Harbor cron (seconds first), e.g. `"0 0 4 * * *"`.
   * @default - no schedule: the policy runs only when started in the UI
   */
  readonly schedule?: string;
}

/** Properties of a {@link HarborTeamProject}. */
export interface HarborTeamProjectProps {
  /** Harbor project name: users push to `<registry host>/<name>/<image>`. Renaming replaces the project. */
  readonly name: string;
  /**
   * Anyone may pull without logging in.
   * @default false
   */
  readonly public?: boolean;
  /**
   * Storage quota in GiB. The goharbor provider (v3.12.4) ignores the answer of Harbor's quota update and never reads
   * the quota back: a refused change (e.g. below what the project already stores) shows as applied.
   * @default - unlimited
   */
  readonly quotaGiB?: number;
  /**
   * When the project is removed (or renamed), delete its repositories with it. Harbor refuses to delete a project
   * that holds repositories, and Terraform destroys the project's robots, pull Secrets, rules and members before
   * the project: without this, removing a non-empty project stops half-way with the robots gone. Set it, apply,
   * then remove the project. An update in place; it takes effect on the destroy after the apply that sets it.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Scan images for vulnerabilities when they are pushed.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * Refuse pulls of images with a vulnerability of this severity or higher (images must have been scanned).
   * @default - pulls are not blocked (same as `none`)
   */
  readonly preventVulnerable?: TeamProjectSeverity;
  /**
   * Refuse pulls of artifacts that carry no cosign signature (Harbor's `enable_content_trust_cosign`): sign in CI with
   * `cosign sign` as the project's push robot; a pull of an unsigned image is then refused with 412 (docs/projects.md, "Only
   * signed images, and webhooks"). An update in place.
   * @default false
   */
  readonly requireCosignSignature?: boolean;
  /**
   * Webhooks of the project.
   * @default - none
   */
  readonly webhooks?: readonly TeamProjectWebhook[];
  /**
   * Tag patterns (doublestar globs, e.g. `v*`) whose tags cannot be overwritten or deleted, in every repository
   * of the project; one immutable-tag rule each.
   * @default - no immutable tags
   */
  readonly immutableTags?: readonly string[];
  /**
   * Tag retention. At least one of `keepLastPushed` and `untaggedAfterDays`.
   * @default - no retention policy: nothing is deleted
   */
  readonly retention?: TeamProjectRetention;
  /**
   * OIDC groups and their roles. Harbor creates an OIDC group by name only while OIDC is its auth mode: list
   * the OIDC configuration in {@link membersDependOn}.
   * @default - no group members (only Harbor admins have access)
   */
  readonly members?: readonly TeamProjectMember[];
  /**
   * Project-level robot accounts.
   * @default - no robots
   */
  readonly robots?: readonly TeamProjectRobot[];
  /**
   * Host (and optional `:port`) that clients pull from, e.g. `registry.example.com`: the key of the pull
   * Secrets' `auths`. Required when a robot has `pullSecretNamespaces`.
   * @default - none
   */
  readonly registryHost?: string;
  /**
   * Kubernetes provider of the cluster that receives the pull Secrets.
   * @default - the stack's default `kubernetes` provider
   */
  readonly kubernetesProvider?: TerraformProvider;
  /**
   * What every Harbor resource waits for, e.g. a check that Harbor's API answers.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What the member groups wait for in addition, e.g. the OIDC auth configuration.
   * @default - nothing beyond {@link dependsOn}
   */
  readonly membersDependOn?: ITerraformDependable[];
}

/** A robot's credentials, as Terraform references. */
export interface TeamProjectRobotCredentials {
  readonly name: string;
  readonly access: TeamProjectRobotAccess;
  readonly account: HarborRobotAccount;
  /** Login name (`robot$<project>+<name>` with Harbor's default prefix). */
  readonly fullName: string;
  /** Password. **Sensitive**: only for sensitive outputs and Kubernetes Secrets. */
  readonly secret: string;
  /** The robot's Terraform address, for `terraform apply -replace=<address>` (rotation). */
  readonly address: string;
  /** The pull Secrets of this robot, one per namespace. */
  readonly pullSecrets: readonly SecretV1[];
}

/** Largest `keepLastPushed` Harbor accepts (latestPushedK must be below math.MaxInt16: rule/latestps/evaluator.go). */
export const MAX_KEEP_LAST_PUSHED = 32766;
/** Largest day count Harbor accepts (rule/daysps/evaluator.go `Valid`). */
export const MAX_RETENTION_DAYS = 20190904;

/** The pull Secret's name in each namespace. */
export function pullSecretName(project: string): string {
  return `${project}-pull`;
}

/** The robot permissions of an access level: repository pull, plus push for `push`; nothing else. */
export function robotAccess(access: TeamProjectRobotAccess): HarborRobotAccess[] {
  const pull: HarborRobotAccess = { resource: "repository", action: "pull" };
  return access === "push" ? [pull, { resource: "repository", action: "push" }] : [pull];
}

/**
 * `deployment_security` for a severity threshold. `none` (or unset) sends nothing: the provider would send
 * `none` with prevent_vul=true and then read it back as "" (resource_project.go Read, v3.12.4), a permanent diff.
 */
export function deploymentSecurity(severity: TeamProjectSeverity | undefined): HarborDeploymentSecurity | undefined {
  return severity === undefined || severity === "none" ? undefined : severity;
}

/** The retention `schedule` the provider reads back unchanged (see {@link providerSchedule}). */
export const retentionSchedule = providerSchedule;

/**
 * Retention rules for {@link TeamProjectRetention}. Harbor keeps what any rule selects and deletes the rest, per
 * repository, so tagged and untagged artifacts each get exactly one rule:
 * - tagged (`tag_matching = "**"`, `untagged_artifacts = false`): the N most recently pushed, or always;
 * - untagged (`tag_excluding = "**"`, `untagged_artifacts = false`, which Harbor's exclude selector reads as
 *   "select untagged only"): those pushed within D days, or always.
 */
export function retentionRules(retention: TeamProjectRetention): HarborRetentionRule[] {
  const all = { repoMatching: "**", untaggedArtifacts: false } as const;
  const tagged = { ...all, tagMatching: "**" };
  const untagged = { ...all, tagExcluding: "**" };
  return [
    retention.keepLastPushed === undefined
      ? { ...tagged, alwaysRetain: true }
      : { ...tagged, mostRecentlyPushed: retention.keepLastPushed },
    retention.untaggedAfterDays === undefined
      ? { ...untagged, alwaysRetain: true }
      : { ...untagged, nDaysSinceLastPush: retention.untaggedAfterDays },
  ];
}

/** Construct id of the pull Secret in `namespace` (one per namespace and project). */
export function pullSecretId(namespace: string): string {
  return `PullSecret-${namespace}`;
}

/** Construct id a pull Secret had while Secrets were keyed by robot and namespace. */
export function formerPullSecretId(robot: string, namespace: string): string {
  return `PullSecret-${robot}-${namespace}`;
}

/** A `moved` block of a pull Secret, as construct ids of the project. */
export interface PullSecretMove {
  readonly fromId: string;
  readonly toId: string;
}

/**
 * The `moved` blocks from the robot-keyed ids to the namespace-keyed ones. Both schemes join names with "-", which
 * robot names and namespaces both contain, so a former id can equal a current one (robot `staging` in `shop` and
 * any robot in `staging-shop`) or another former one (robot `a` in `b-c` and robot `a-b` in `c`). Terraform
 * refuses a `moved` whose `from` is declared ("Moved object still exists") and two with one `from` ("Ambiguous
 * move statements"), so those are left out and every plan works; a Secret the old scheme wrote at such an
 * address is not moved (`terraform state mv` moves it by hand). Every other former address is moved. Distinct ids give
 * distinct addresses: the logical id ends in a hash of the construct path (cdktf `makeUniqueId`).
 */
export function pullSecretMoves(
  robots: readonly Pick<TeamProjectRobot, "name" | "pullSecretNamespaces">[],
): PullSecretMove[] {
  const pairs = robots.flatMap((robot) =>
    (robot.pullSecretNamespaces ?? []).map((namespace) => ({
      fromId: formerPullSecretId(robot.name, namespace),
      toId: pullSecretId(namespace),
    })),
  );
  const declared = new Set(pairs.map((pair) => pair.toId));
  const fromCount = new Map<string, number>();
  for (const pair of pairs) fromCount.set(pair.fromId, (fromCount.get(pair.fromId) ?? 0) + 1);
  return pairs.filter((pair) => !declared.has(pair.fromId) && fromCount.get(pair.fromId) === 1);
}

const REGISTRY_HOST_PATTERN = new RegExp(`${HOSTNAME_PATTERN.source.slice(0, -1)}(?::\\d{1,5})?$`);
// Secret names are DNS subdomains: at most 253 characters, no "_".
const SECRET_NAME_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

function isWholeNumber(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Every problem of a {@link HarborTeamProjectProps}, one sentence each naming the prop; empty when valid. */
export function teamProjectProblems(props: HarborTeamProjectProps): string[] {
  const problems: string[] = [];
  const { name } = props;
  if (!HARBOR_NAME_PATTERN.test(name) || name.length > HARBOR_PROJECT_NAME_MAX_LENGTH) {
    problems.push(
      `name "${name}" is not a Harbor project name: 1-${HARBOR_PROJECT_NAME_MAX_LENGTH} lowercase letters and digits, separated by single . _ or -`,
    );
  }
  if (props.quotaGiB !== undefined && !isWholeNumber(props.quotaGiB, 1, Number.MAX_SAFE_INTEGER)) {
    problems.push(`quotaGiB must be a whole number >= 1, got ${props.quotaGiB}`);
  }
  if (
    props.preventVulnerable !== undefined &&
    !(TEAM_PROJECT_SEVERITIES as readonly string[]).includes(props.preventVulnerable)
  ) {
    problems.push(
      `preventVulnerable must be one of ${TEAM_PROJECT_SEVERITIES.join(", ")}, got "${props.preventVulnerable}"`,
    );
  }

  const tags = props.immutableTags ?? [];
  tags.forEach((pattern, index) => {
    if (pattern.trim() === "" || /\s/.test(pattern)) {
      problems.push(`immutableTags[${index}] "${pattern}" must be a tag pattern without spaces, e.g. "v*"`);
    } else if (tags.indexOf(pattern) !== index) {
      problems.push(`immutableTags[${index}] "${pattern}" is listed twice (Harbor refuses duplicate rules)`);
    }
  });

  const retention = props.retention;
  if (retention !== undefined) {
    if (retention.keepLastPushed === undefined && retention.untaggedAfterDays === undefined) {
      problems.push("retention needs keepLastPushed, untaggedAfterDays or both (otherwise it would keep everything)");
    }
    if (retention.keepLastPushed !== undefined && !isWholeNumber(retention.keepLastPushed, 1, MAX_KEEP_LAST_PUSHED)) {
      problems.push(
        `retention.keepLastPushed must be a whole number from 1 to ${MAX_KEEP_LAST_PUSHED}, got ${retention.keepLastPushed}`,
      );
    }
    if (
      retention.untaggedAfterDays !== undefined &&
      !isWholeNumber(retention.untaggedAfterDays, 1, MAX_RETENTION_DAYS)
    ) {
      problems.push(
        `retention.untaggedAfterDays must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${retention.untaggedAfterDays}`,
      );
    }
    if (retention.schedule !== undefined) {
      const problem = harborCronProblem(retention.schedule, "retention");
      if (problem !== undefined) {
        problems.push(`retention.schedule "${retention.schedule}" ${problem} (e.g. "0 0 4 * * *": 04:00 daily)`);
      }
    }
  }

  const members = props.members ?? [];
  const groups = members.map((member) => member.group);
  members.forEach((member, index) => {
    if (member.group.trim() === "") problems.push(`members[${index}].group must not be empty`);
    else if (groups.indexOf(member.group) !== index) {
      problems.push(`members[${index}].group "${member.group}" is listed twice; give each group one role`);
    }
    if (!(member.role in TEAM_PROJECT_ROLES)) {
      problems.push(
        `members[${index}].role must be one of ${Object.keys(TEAM_PROJECT_ROLES).join(", ")}, got "${member.role}"`,
      );
    }
  });

  const webhooks = props.webhooks ?? [];
  webhooks.forEach((webhook, index) => {
    const at = `webhooks[${index}]`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(webhook.name)) {
      problems.push(
        `${at}.name "${webhook.name}" must be 1-64 letters, digits, . _ or -, starting with a letter or digit`,
      );
    } else if (webhooks.findIndex((w) => w.name === webhook.name) !== index) {
      problems.push(`${at}.name "${webhook.name}" is used twice; webhook names must be unique in a project`);
    }
    const notifyType = webhook.notifyType ?? "http";
    if (!(HARBOR_WEBHOOK_NOTIFY_TYPES as readonly string[]).includes(notifyType)) {
      problems.push(`${at}.notifyType must be "http" or "slack", got "${notifyType}"`);
    }
    if (!Token.isUnresolved(webhook.address)) {
      const problem = webhookAddressProblem(webhook.address, notifyType as HarborWebhookNotifyType);
      if (problem !== undefined) problems.push(`${at}.address ${problem}`);
    }
    const unknown = webhook.events.filter((e) => !(HARBOR_WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
    if (webhook.events.length === 0 || unknown.length > 0) {
      problems.push(
        `${at}.events must list one or more of ${HARBOR_WEBHOOK_EVENT_TYPES.join(", ")}` +
          (unknown.length > 0 ? `; got ${unknown.map((e) => `"${e}"`).join(", ")}` : ""),
      );
    }
    const format = webhook.payloadFormat;
    if (format !== undefined && !(HARBOR_WEBHOOK_PAYLOAD_FORMATS as readonly string[]).includes(format)) {
      problems.push(`${at}.payloadFormat must be "Default" or "CloudEvents", got "${format}"`);
    } else if (format === "CloudEvents" && notifyType === "slack") {
      problems.push(`${at}.payloadFormat "CloudEvents" applies to notifyType "http" only`);
    }
    if (webhook.authHeader !== undefined && !Token.isUnresolved(webhook.authHeader)) {
      problems.push(
        `${at}.authHeader must be a sensitive reference (e.g. a sensitive variable), not a literal: it would be in the synthesized JSON`,
      );
    }
  });

  const robots = props.robots ?? [];
  const robotNames = robots.map((robot) => robot.name);
  const secretOwner = new Map<string, string>();
  robots.forEach((robot, index) => {
    const at = `robots[${index}]`;
    if (!HARBOR_NAME_PATTERN.test(robot.name)) {
      problems.push(
        `${at}.name "${robot.name}" is not a Harbor robot name: lowercase letters and digits, separated by single . _ or -`,
      );
    } else if (robotNames.indexOf(robot.name) !== index) {
      problems.push(`${at}.name "${robot.name}" is used twice; robot names must be unique in a project`);
    }
    if (!(TEAM_PROJECT_ROBOT_ACCESS as readonly string[]).includes(robot.access)) {
      problems.push(
        `${at}.access must be ${TEAM_PROJECT_ROBOT_ACCESS.map((a) => `"${a}"`).join(" or ")}, got "${robot.access}"`,
      );
    }
    (robot.pullSecretNamespaces ?? []).forEach((namespace, nsIndex, list) => {
      const nsAt = `${at}.pullSecretNamespaces[${nsIndex}] "${namespace}"`;
      if (!NAMESPACE_PATTERN.test(namespace)) {
        problems.push(`${nsAt} is not a namespace name (a DNS label: lowercase letters, digits and -, at most 63)`);
      } else if (isKubernetesSystemNamespace(namespace)) {
        problems.push(`${nsAt} is a Kubernetes system namespace; give the workloads their own namespace`);
      } else if (list.indexOf(namespace) !== nsIndex) {
        problems.push(`${nsAt} is listed twice`);
      } else if (secretOwner.has(namespace)) {
        problems.push(
          `${nsAt} already gets robot "${secretOwner.get(namespace)}"'s Secret ${pullSecretName(name)}; one robot per namespace`,
        );
      } else {
        secretOwner.set(namespace, robot.name);
      }
    });
  });

  if (secretOwner.size > 0) {
    if (props.registryHost === undefined) {
      problems.push("registryHost is required when a robot has pullSecretNamespaces (the host clients pull from)");
    } else if (Token.isUnresolved(props.registryHost)) {
      problems.push(
        "registryHost must be a literal host name, not a Terraform reference (it is a key of the pull Secret's JSON)",
      );
    } else if (!REGISTRY_HOST_PATTERN.test(props.registryHost)) {
      problems.push(
        `registryHost "${props.registryHost}" must be a host name with an optional :port, no scheme or path`,
      );
    }
    if (!SECRET_NAME_PATTERN.test(pullSecretName(name))) {
      problems.push(
        `name "${name}" cannot name the pull Secret "${pullSecretName(name)}" (Kubernetes names take no "_"); rename the project or drop pullSecretNamespaces`,
      );
    }
  }
  return problems;
}

/**
 * A Harbor project for a team, as code: the project (quota, scan on push, vulnerability prevention), its
 * immutable-tag rules, retention policy, OIDC group members and project-level robot accounts, and for robots
 * with `pullSecretNamespaces` a `kubernetes.io/dockerconfigjson` Secret `<project>-pull` in each of those
 * (existing) namespaces. Namespaces are never created or deleted.
 *
 * Robot secrets are generated by Harbor when the robot is created and kept in Terraform state: they do not change
 * from plan to plan, and rotate only when the robot is replaced, on request:
 * `terraform apply -replace='<TeamProjectRobotCredentials.address>'` (or by renaming the robot). The pull
 * Secrets then update in the same apply. A renamed project is a new project: Harbor refuses to delete the old
 * one while it has repositories, so the apply stops there rather than losing images; its robots are replaced
 * with it (new secrets).
 * Providers: the stack needs HarborProvider; KubernetesProvider too for `pullSecretNamespaces`.
 */
export class HarborTeamProject extends Construct {
  public readonly project: HarborProject;
  public readonly immutableTagRules: readonly HarborImmutableTagRule[];
  public readonly retentionPolicy?: HarborRetentionPolicy;
  public readonly memberGroups: readonly HarborProjectMemberGroup[];
  /** The webhook policies, in the order of `webhooks`. */
  public readonly webhooks: readonly HarborProjectWebhook[];
  /** Credentials per robot, in the order of `robots`. */
  public readonly robots: readonly TeamProjectRobotCredentials[];

  constructor(scope: Construct, id: string, props: HarborTeamProjectProps) {
    super(scope, id);
    throwProblems(this, teamProjectProblems(props));
    const dependsOn = props.dependsOn;

    this.project = new HarborProject(this, "Resource", {
      name: props.name,
      public: props.public ?? false,
      vulnerabilityScanning: props.scanOnPush ?? true,
      deploymentSecurity: deploymentSecurity(props.preventVulnerable),
      // Unset is the provider's Default false, which it sends on every update (client/project.go, v3.12.4): removing
      // the setting turns enforcement off.
      enableContentTrustCosign: props.requireCosignSignature,
      storageQuota: props.quotaGiB,
      // Default false, written out: Harbor refuses to delete a project that still holds images, so a rename or
      // removal in config stops the apply instead of deleting a team's images (see the prop).
      forceDestroy: props.forceDestroy ?? false,
      dependsOn,
    });
    const projectId = this.project.id;

    this.immutableTagRules = (props.immutableTags ?? []).map(
      (pattern) =>
        new HarborImmutableTagRule(this, `ImmutableTag-${pattern.replace(/\//g, "%2F")}`, {
          projectId,
          repoMatching: "**",
          tagMatching: pattern,
          dependsOn,
        }),
    );

    if (props.retention !== undefined) {
      this.retentionPolicy = new HarborRetentionPolicy(this, "Retention", {
        scope: projectId,
        rules: retentionRules(props.retention),
        schedule: props.retention.schedule === undefined ? undefined : retentionSchedule(props.retention.schedule),
        dependsOn,
      });
    }

    const memberDependsOn = [...(dependsOn ?? []), ...(props.membersDependOn ?? [])];
    this.memberGroups = (props.members ?? []).map(
      (member) =>
        // Keyed by group so removing one group leaves the others alone; "/" (Keycloak group paths) is the one
        // character a construct id cannot hold.
        new HarborProjectMemberGroup(this, `Member-${member.group.replace(/\//g, "%2F")}`, {
          projectId,
          groupName: member.group,
          type: "oidc",
          role: TEAM_PROJECT_ROLES[member.role],
          dependsOn: memberDependsOn.length > 0 ? memberDependsOn : undefined,
        }),
    );

    this.webhooks = (props.webhooks ?? []).map(
      (webhook) =>
        new HarborProjectWebhook(this, `Webhook-${webhook.name}`, {
          name: webhook.name,
          projectId,
          address: webhook.address,
          eventsTypes: webhook.events,
          notifyType: webhook.notifyType ?? "http",
          payloadFormat: webhook.payloadFormat ?? "Default",
          authHeader: webhook.authHeader,
          // The provider's default is true (no verification): always verify.
          skipCertVerify: false,
          dependsOn,
          lifecycle: {
            // project_id is not ForceNew, but an update goes to the policy's own id under the old project.
            replaceTriggeredBy: [`${resourceAddress(this.project)}.id`],
            precondition: webhook.authHeaderPreconditions,
          },
        }),
    );

    this.robots = (props.robots ?? []).map((robot) => {
      const account = new HarborRobotAccount(this, `Robot-${robot.name}`, {
        name: robot.name,
        level: "project",
        description: `${robot.access} access to ${props.name} (managed by Terraform)`,
        // A reference, not the literal name: the robot waits for the project.
        permissions: [{ kind: "project", namespace: this.project.name, access: robotAccess(robot.access) }],
        // No `secret`: Harbor generates it once and it stays in state (see the class comment).
        dependsOn,
        lifecycle: {
          // Harbor deletes a project's robots with it; without this a replaced project would leave Terraform
          // updating a robot that no longer exists. Only the id, so in-place project updates keep the secret.
          replaceTriggeredBy: [`${resourceAddress(this.project)}.id`],
        },
      });
      const pullSecrets = (robot.pullSecretNamespaces ?? []).map(
        (namespace) =>
          // Keyed by namespace only (one robot per namespace and project): renaming the robot, or moving the
          // namespace to another robot, updates the same Secret. Keyed by robot, Terraform would delete the old
          // Secret and create one of the same name at the same time, and the create can fail with "already exists".
          new SecretV1(this, pullSecretId(namespace), {
            provider: props.kubernetesProvider,
            metadata: {
              name: pullSecretName(props.name),
              namespace,
              labels: { "app.kubernetes.io/managed-by": "terraform" },
            },
            type: "kubernetes.io/dockerconfigjson",
            data: { ".dockerconfigjson": dockerConfigJson(props.registryHost as string, account) },
          }),
      );
      return {
        name: robot.name,
        access: robot.access,
        account,
        fullName: account.fullName,
        secret: account.secret,
        address: resourceAddress(account),
        pullSecrets,
      };
    });

    // State written before the Secrets were keyed by namespace has them at their robot-keyed address: move them (a
    // `moved` block; Terraform ignores it when nothing is there). Only after every Secret exists, so the probe of a
    // former id never meets a Secret's id (pullSecretMoves leaves out the ids that are declared).
    const secretOf = new Map(this.robots.flatMap((robot) => robot.pullSecrets.map((s) => [s.node.id, s] as const)));
    for (const move of pullSecretMoves(props.robots ?? [])) {
      secretOf.get(move.toId)?.moveFromId(`${SecretV1.tfResourceType}.${this.formerLogicalId(move.fromId)}`);
    }
  }

  /** The logical id a child with `id` would have had (for `moved` blocks from an earlier address). */
  private formerLogicalId(id: string): string {
    const probe = new Construct(this, id);
    try {
      return TerraformStack.of(this).getLogicalId(probe.node);
    } finally {
      this.node.tryRemoveChild(id);
    }
  }
}

/** A `.dockerconfigjson` built by Terraform from the robot's attributes: only references in the synthesized JSON. */
function dockerConfigJson(registryHost: string, robot: HarborRobotAccount): string {
  return Fn.jsonencode({
    auths: {
      [registryHost]: {
        username: robot.fullName,
        password: robot.secret,
        auth: Fn.base64encode(Fn.join(":", [robot.fullName, robot.secret])),
      },
    },
  });
}
